package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// outputCommands gain -o FILE: what the command prints on stdout goes to
// FILE instead, written atomically (a temporary file renamed over FILE, as
// export does). export, import and catalog refresh have their own -o.
var outputCommands = map[string]bool{
	"eval": true, "subnets": true, "compare": true, "sweep": true, "optimize": true,
	"catalog show": true, "schema": true, "version": true,
}

// registerOutput adds -o to the commands in outputCommands. The file is
// written when the command produced its output: on success, and on exit 3
// (a --fail-on or cost gate verdict, the output is complete); never on an
// invalid input, so a failed run does not replace a good file. A directory
// that does not exist is refused before anything runs.
func registerOutput(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := c.CommandPath()[len(root.Name()):]
		if len(path) > 0 {
			path = path[1:]
		}
		if outputCommands[path] && c.RunE != nil && c.Flags().Lookup("output") == nil {
			var out string
			c.Flags().StringVarP(&out, "output", "o", "", "write the output to FILE (atomically) instead of stdout")
			run := c.RunE
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if out == "" || out == "-" {
					return run(cmd, args)
				}
				if st, err := os.Stat(filepath.Dir(out)); err != nil || !st.IsDir() {
					return &exitError{exitInvalid, fmt.Errorf("-o %s: no such directory %s", out, filepath.Dir(out))}
				}
				if st, err := os.Stat(out); err == nil && st.IsDir() {
					return &exitError{exitInvalid, fmt.Errorf("-o %s: is a directory", out)}
				}
				if err := refuseOverwritingInput(out, args...); err != nil {
					return err
				}
				var buf bytes.Buffer
				cmd.SetOut(&buf)
				err := run(cmd, args)
				var ee *exitError
				if err != nil && !(errors.As(err, &ee) && ee.code == exitFindings) {
					return err
				}
				if werr := writeFileAtomic(out, buf.Bytes()); werr != nil {
					return werr
				}
				return err
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
