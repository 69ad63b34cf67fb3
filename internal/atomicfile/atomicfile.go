// Package atomicfile is topoplan's one writer for every file it replaces:
// saved scenarios, exports, the catalog refresh overlay, imported VPC
// fragments and crash-recovery copies.
//
// A write goes to a temporary file ".NAME.tmp-DIGITS" next to the target,
// is synced, renamed over the target, and the directory is synced, so a
// reader (or a crash) sees the old file or the new one, never a mix. A
// symlink is written through: the file it points to is replaced and the
// link stays. An existing file keeps its permission bits; a new one gets
// Options.Mode (0644 unless set). Temporary files a killed write left
// behind are removed first (package staletmp).
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/topoplan/topoplan/internal/staletmp"
)

// File is what a write goes through; tests inject failing ones.
type File interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// Options tune Write.
type Options struct {
	// Backup keeps the replaced content as BackupPath (default target+".bak").
	Backup bool
	// BackupPath overrides where the replaced content goes.
	BackupPath string
	// Mode is the permission of a new file (0 = 0644). An existing file
	// keeps its own.
	Mode os.FileMode
	// MkdirAll creates the target's directory (0755) when missing.
	MkdirAll bool
	// CreateTemp replaces os.CreateTemp (tests).
	CreateTemp func(dir, pattern string) (File, error)
}

// maxLinks bounds the symlink chain Resolve follows.
const maxLinks = 40

// Resolve returns the file a write to path replaces: path itself, or the
// end of its symlink chain (which may not exist yet).
func Resolve(path string) (string, error) {
	p := path
	for i := 0; i < maxLinks; i++ {
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return p, nil //nolint:nilerr // a missing file is created
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = dest
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// SameFile reports whether a and b name the same existing file (through
// symlinks and hard links); false when either does not exist.
func SameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}

// Write replaces path's content with data atomically (see the package
// comment). On error the target and its backup are as they were and no
// temporary file is left.
func Write(path string, data []byte, o Options) error {
	target, err := Resolve(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if o.MkdirAll {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create directory %s: %w", dir, err)
		}
	}
	staletmp.Clean(time.Now(), target)
	mode := o.Mode
	if mode == 0 {
		mode = 0o644
	}
	st, statErr := os.Stat(target)
	switch {
	case statErr == nil && !st.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", path)
	case statErr == nil:
		mode = st.Mode().Perm()
	case !errors.Is(statErr, fs.ErrNotExist):
		return statErr
	}
	if o.Backup && statErr == nil {
		old, err := os.ReadFile(target)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		bak := o.BackupPath
		if bak == "" {
			bak = target + ".bak"
		}
		if err := replace(o, bak, old, mode); err != nil {
			return fmt.Errorf("keep backup %s: %w", filepath.Base(bak), err)
		}
	}
	if err := replace(o, target, data, mode); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every platform syncs a directory
		_ = d.Close()
	}
	return nil
}

// replace writes data to a temporary file next to path and renames it over.
func replace(o Options, path string, data []byte, mode os.FileMode) (err error) {
	dir := filepath.Dir(path)
	create := o.CreateTemp
	if create == nil {
		create = func(dir, pattern string) (File, error) { return os.CreateTemp(dir, pattern) }
	}
	f, err := create(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write %s: directory %s does not exist", path, dir)
		}
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("write %s: no permission to create files in %s", path, dir)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(name)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if err = os.Chmod(name, mode); err != nil {
		return fmt.Errorf("set the mode of %s: %w", path, err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}
