package main

import (
	"strings"
	"testing"
)

// TestUsageErrorsExit2 is the new-user trial's B12 and B11: a command line
// cobra or a flag check refuses is invalid input (exit 2), reported on
// stderr with a pointer to the help, before anything is printed on stdout.
func TestUsageErrorsExit2(t *testing.T) {
	const scen = "../../testdata/scenarios/llm-pretraining.yaml"
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown flag", []string{"eval", "--bogus"}, "unknown flag: --bogus"},
		{"missing required flag", []string{"optimize"}, `required flag(s) "deadline-days" not set`},
		{"too many arguments", []string{"eval", "a", "b"}, "accepts at most 1 arg(s), received 2"},
		{"no file for validate", []string{"validate"}, "requires at least 1 arg(s)"},
		{"unknown subcommand of a group", []string{"catalog", "bogus"}, `unknown command "bogus"`},
		{"bad flag value type", []string{"optimize", "--deadline-days", "soon"}, `invalid argument "soon"`},
		{"invalid --fail-on", []string{"eval", "--fail-on", "info", scen}, `--fail-on: want warning or critical, got "info"`},
		{"invalid --format", []string{"eval", "-f", "yaml", scen}, `unknown format "yaml"`},
		{"invalid --now", []string{"eval", "--now", "yesterday", scen}, "--now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tt.args...)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitInvalid, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q lacks %q", errOut, tt.want)
			}
			if out != "" {
				t.Errorf("a refused command line printed on stdout:\n%.300s", out)
			}
		})
	}
}
