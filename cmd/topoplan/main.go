// Command topoplan plans hybrid on-prem + AWS AI infrastructure: with no
// arguments it opens the interactive planner on an embedded example; its
// subcommands validate, evaluate and export scenarios for scripts and CI.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/topoplan/topoplan/planner"
)

// Exit codes.
const (
	exitOK       = 0
	exitInternal = 1
	exitInvalid  = 2
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the CLI and returns the process exit code. A panic anywhere
// below is a bug: it is reported as an internal error (exit 1), never as a
// crash dump that hides the user's problem.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "topoplan: internal error: %v\nPlease report this with the scenario file.\n", r)
			code = exitInternal
		}
	}()
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, ee.err)
		}
		return ee.code
	}
	var ds planner.Diagnostics
	if errors.As(err, &ds) {
		fmt.Fprintln(stderr, ds.Error())
		return exitInvalid
	}
	fmt.Fprintln(stderr, "topoplan:", err)
	return exitInternal
}
