package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/topoplan/topoplan/model"
)

// TestRootForOneCommand: a command built alone (newRootCmdFor, what run
// does when the command line starts with a command's name) has the help,
// flags and flag completions it has in the whole tree, for every command
// and subcommand; and anything that is not a command name gets the whole
// tree.
func TestRootForOneCommand(t *testing.T) {
	full := newRootCmd()
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(append([]string(nil), path...), sub.Name())
			paths = append(paths, p)
			walk(sub, p)
		}
	}
	walk(full, nil)
	if len(paths) < len(commands) {
		t.Fatalf("whole tree has %d commands, want at least %d", len(paths), len(commands))
	}
	help := func(root *cobra.Command, path []string) string {
		var out bytes.Buffer
		root.SetArgs(append(append([]string(nil), path...), "--help"))
		root.SetOut(&out)
		root.SetErr(&out)
		if err := root.Execute(); err != nil {
			t.Fatalf("%v --help: %v", path, err)
		}
		return out.String()
	}
	checked := 0
	for _, p := range paths {
		if p[0] == "help" || p[0] == "completion" {
			continue // cobra's own, added to either tree
		}
		one := newRootCmdFor(p)
		if n := len(one.Commands()); n != 1 {
			t.Errorf("newRootCmdFor(%v) built %d commands, want 1", p, n)
		}
		if a, b := help(newRootCmd(), p), help(one, p); a != b {
			t.Errorf("%s --help differs when built alone:\n--- whole tree\n%s\n--- alone\n%s", strings.Join(p, " "), a, b)
		}
		c, _, err := one.Find(p)
		if err != nil {
			t.Fatal(err)
		}
		fc, _, _ := full.Find(p)
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if _, ok := fc.GetFlagCompletionFunc(f.Name); ok {
				if _, ok := c.GetFlagCompletionFunc(f.Name); !ok {
					t.Errorf("%s --%s: no completion when built alone", strings.Join(p, " "), f.Name)
				}
			}
		})
		checked++
	}
	if checked < len(commands) {
		t.Fatalf("checked %d commands", checked)
	}
	for _, args := range [][]string{nil, {"--catalog", "x.json", "eval"}, {"help", "eval"}, {"evall"}, {"__complete", "ev"}, {"scenario.yaml"}} {
		if n := len(newRootCmdFor(args).Commands()); n != len(commands) {
			t.Errorf("newRootCmdFor(%q) built %d commands, want all %d", args, n, len(commands))
		}
	}
}

// TestCatalogPanicIsAnInternalError: the catalog is built on its own
// goroutine while the scenario is parsed (loadScenario); a panic there is
// still reported as an internal error (exit 1, no crash dump), as one on
// the command's own goroutine is.
func TestCatalogPanicIsAnInternalError(t *testing.T) {
	defer func(f func(...string) (*model.Catalog, error)) { loadCatalog = f }(loadCatalog)
	loadCatalog = func(...string) (*model.Catalog, error) { panic("catalog exploded") }
	var out, errOut bytes.Buffer
	code := run([]string{"--no-user-catalog", "eval"}, &out, &errOut)
	if code != exitInternal || !strings.Contains(errOut.String(), "internal error: catalog exploded") || out.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}
