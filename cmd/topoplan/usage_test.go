package main

import (
	"os"
	"path/filepath"
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

// TestSweepInvalidValueKeepsTheTable is the new-user trial's B10: an invalid
// value's message goes under the table, so the table is exactly as wide as
// without that value.
func TestSweepInvalidValueKeepsTheTable(t *testing.T) {
	width := func(out string, rows int) int {
		w := 0
		for _, l := range strings.Split(out, "\n")[:rows] {
			w = max(w, len([]rune(l)))
		}
		return w
	}
	valid, errOut, code := runCLI(t, "sweep", "--param", "clusters[train].nodes", "--values", "32,64")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	mixed, errOut, code := runCLI(t, "sweep", "--param", "clusters[train].nodes", "--values", "32,0,64")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if w0, w1 := width(valid, 3), width(mixed, 4); w1 != w0 {
		t.Errorf("an invalid value changed the table's width from %d to %d:\n%s", w0, w1, mixed)
	}
	if !strings.Contains(mixed, "\n(1) clusters[train].nodes = 0: ") {
		t.Errorf("the invalid value's message is not under the table:\n%s", mixed)
	}
}

// TestMistypedCommandAndFileCompletion is the new-user trial's B16: a
// mistyped command that is no file gets "did you mean" (exit 2), and the
// planner's FILE argument completes as a file name.
func TestMistypedCommandAndFileCompletion(t *testing.T) {
	out, errOut, code := runCLI(t, "evall")
	if code != exitInvalid || out != "" || !strings.Contains(errOut, "Did you mean this?\n\teval") {
		t.Errorf("evall: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A missing file that resembles no command keeps the plain message.
	if _, errOut, code := runCLI(t, "my-estate.yaml"); code != exitInvalid || !strings.Contains(errOut, "read scenario: open my-estate.yaml") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	tests := []struct {
		name, arg, want string
	}{
		{"a path completes as a file", "testdata/sc", ":0"}, // ShellCompDirectiveDefault: the shell lists files
		{"subcommands are still offered", "ev", "eval\t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "__complete", tt.arg)
			if code != 0 || !strings.Contains(out, tt.want) {
				t.Errorf("__complete %q: exit %d, stdout %q (want %q), stderr %q", tt.arg, code, out, tt.want, errOut)
			}
		})
	}
}

// TestValidatePointsToEval is the new-user trial's B15: a file that is valid
// but whose plan has a critical finding (a /22 VPC the subnets do not fit)
// passes validate, which must say it checked the file and point to eval
// rather than read as "0 warnings" about the plan.
func TestValidatePointsToEval(t *testing.T) {
	data, err := os.ReadFile("../../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "small-vpc.yaml")
	if err := os.WriteFile(f, []byte(strings.Replace(string(data), "vpc_cidr: 10.64.0.0/16", "vpc_cidr: 10.64.0.0/22", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "validate", f)
	if code != 0 {
		t.Fatalf("validate: exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "valid (0 warnings)") || !strings.Contains(out, "valid file (0 warnings)") || !strings.Contains(out, "topoplan eval "+f) {
		t.Errorf("validate output %q must say it checked the file and point to eval", out)
	}
	if _, _, code := runCLI(t, "eval", "--now", goldenDate, "--fail-on", "critical", f); code != exitFindings {
		t.Errorf("eval --fail-on critical: exit %d, want %d (the subnets do not fit)", code, exitFindings)
	}
}
