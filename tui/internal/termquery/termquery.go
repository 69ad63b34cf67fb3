// Package termquery keeps Bubble Tea v1 from asking the terminal for its
// background colour when the program starts.
//
// bubbletea v1.3's package init calls lipgloss.HasDarkBackground(), which
// writes OSC 11 and DSR queries to stdout and waits up to termenv's 5 s
// OSCTimeout for an answer: every command of a binary that links bubbletea
// (`topoplan version` included) stalls on a terminal that does not answer
// (script, CI runners that allocate a tty, some editor terminals), and a
// late answer lands in the shell prompt as junk. The TUI's theme uses fixed
// colours and never needs the background.
//
// termenv skips the query when CI is set (it then treats the output as no
// terminal), so this package's init sets CI for the duration of package
// initialisation and Restore, called from package tui's init (which runs
// after bubbletea's), puts the environment back as it was.
//
// This init runs before bubbletea's because of Go's package initialisation
// order: packages are initialised in import-path order as soon as their
// imports are. This package imports only syscall; os and everything above it
// (termenv, lipgloss, bubbletea) import syscall too and "os" sorts after this
// path, so once syscall is initialised this package is the first one ready.
// Keep its imports to syscall alone. TestNoTerminalQueryAtStart in
// cmd/topoplan checks the real binary under a terminal that never answers.
package termquery

import "syscall"

// envCI is the variable termenv reads; set holds whether this package set it.
const envCI = "CI"

var set bool

func init() {
	if _, ok := syscall.Getenv(envCI); ok {
		return // termenv skips the query already; leave the value alone
	}
	if syscall.Setenv(envCI, "1") == nil {
		set = true
	}
}

// Restore removes the CI variable this package set during initialisation.
// Package tui calls it from its init; it is safe to call more than once.
func Restore() {
	if set {
		_ = syscall.Unsetenv(envCI)
		set = false
	}
}
