//go:build !topoplan_aws

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/internal/helperbin"
)

// awsHelper is topoplan built with the AWS commands (-tags topoplan_aws).
// topoplan itself does not link the AWS SDK: its package initialisation
// and size cost every command about 10 ms of start-up (issue 14), for two
// commands that then spend seconds on the network. `catalog refresh` and
// `import vpc` check their flags here, then run the same command line in
// the helper, on the same terminal, and exit with its status.
var awsHelper = &helperbin.Helper{
	Name: "topoplan-aws", Env: "TOPOPLAN_AWS", Package: "./cmd/topoplan", Tags: "topoplan_aws",
	Purpose: "topoplan with the commands that call AWS",
	Install: `"go build -tags topoplan_aws -o $(go env GOPATH)/bin/topoplan-aws ./cmd/topoplan" from a checkout`,
}

// runCatalogRefresh runs catalog refresh in topoplan-aws.
func runCatalogRefresh(cmd *cobra.Command, _ refreshOptions) error { return forwardAWS(cmd) }

// runImportVPC runs import vpc in topoplan-aws.
func runImportVPC(cmd *cobra.Command, _ importOptions) error { return forwardAWS(cmd) }

// forwardAWS runs this command line in topoplan-aws with the same standard
// input, output and error (the terminal itself when they are one, so the
// progress bar and the questions work), and returns its exit status.
func forwardAWS(cmd *cobra.Command) error {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	args, _ := ctx.Value(invocationKey{}).([]string)
	errw := cmd.ErrOrStderr()
	ctx = helperbin.WithNotify(ctx, func(msg string) { fmt.Fprintln(errw, "topoplan: "+msg) })
	path, err := awsHelper.Path(ctx)
	if err != nil {
		return &exitError{exitInternal, err}
	}
	child := exec.Command(path, args...)
	child.Stdin = os.Stdin
	child.Stdout = rawWriter(cmd.OutOrStdout()).(io.Writer)
	child.Stderr = rawWriter(errw).(io.Writer)
	// Ctrl-C reaches the helper from the terminal (same process group); a
	// signal sent to this process alone is passed on. Either way the helper
	// stops cleanly, says what it left, and this process waits for it.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	if err = child.Start(); err == nil {
		done := make(chan struct{})
		go func() {
			for {
				select {
				case s := <-sig:
					_ = child.Process.Signal(s)
				case <-done:
					return
				}
			}
		}()
		err = child.Wait()
		close(done)
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return &exitError{exit.ExitCode(), nil}
	default:
		return &exitError{exitInternal, fmt.Errorf("run %s: %w", path, err)}
	}
}
