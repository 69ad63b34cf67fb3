// Command topoplan plans hybrid on-prem + AWS AI infrastructure: with no
// arguments it opens the interactive planner on an embedded example; its
// subcommands validate, evaluate and export scenarios for scripts and CI.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/internal/termsafe"
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

// invocationKey keys the command line in the commands' context.
type invocationKey struct{}

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
	// On a terminal nothing printed may act as a control sequence (F10):
	// every printer goes through termsafe, whatever text it formats.
	if isTerminal(stdout) {
		stdout = termsafe.NewWriter(stdout)
	}
	if isTerminal(stderr) {
		stderr = termsafe.NewWriter(stderr)
	}
	root := newRootCmdFor(args)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	started := trackStart(root)
	// The command line as given, for the commands that hand it on to a
	// helper program (aws_forward.go).
	cmd, err := root.ExecuteContextC(context.WithValue(context.Background(), invocationKey{}, args))
	if err == nil {
		return exitOK
	}
	if !*started {
		// Cobra refused the command line before the command ran: an unknown
		// flag or command, a wrong number of arguments, a missing required
		// flag. That is invalid input (exit 2), like a bad flag value.
		fmt.Fprintf(stderr, "topoplan: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
		return exitInvalid
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

// trackStart wraps every command's RunE so that the returned flag says
// whether a command started running; an error before that is cobra's
// verdict on the command line.
func trackStart(root *cobra.Command) *bool {
	started := new(bool)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.RunE == nil && c.Run == nil && c.HasSubCommands() {
			// A group (catalog, export): alone it shows its help; an
			// argument is an unknown subcommand, not a reason to print the
			// help with exit 0.
			c.Args = unknownSubcommand
			c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		}
		if run := c.RunE; run != nil {
			c.RunE = func(cmd *cobra.Command, args []string) error {
				*started = true
				return run(cmd, args)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return started
}

// unknownSubcommand refuses any argument to a group command, suggesting the
// nearest subcommand ("did you mean").
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return fmt.Errorf("unknown command %q for %q%s", args[0], cmd.CommandPath(), didYouMean(cmd, args[0]))
}

// didYouMean is cobra's suggestion text for a mistyped subcommand of cmd
// ("" when nothing is close).
func didYouMean(cmd *cobra.Command, arg string) string {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, set only on its own path
	}
	s := cmd.SuggestionsFor(arg)
	if len(s) == 0 {
		return ""
	}
	return "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
}
