//go:build unix

package helperbin

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on path (created if need be), waiting
// for another process that holds it, and returns the function that lets it
// go. Without a lock file it locks nothing.
func lockFile(path string) (unlock func()) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return func() {}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
