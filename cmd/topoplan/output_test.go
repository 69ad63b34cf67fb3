package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOutputFlag: every command in outputCommands writes to -o FILE exactly
// what it prints on stdout, leaves stdout empty and no temporary file.
func TestOutputFlag(t *testing.T) {
	scen := "../../testdata/scenarios/finetune-vpn.yaml"
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"eval", []string{"eval", "--now", goldenDate, "-f", "markdown", scen}, 0},
		{"subnets", []string{"subnets", "-f", "json", scen}, 0},
		{"compare", []string{"compare", "--now", goldenDate, "-f", "markdown", compareBase, "testdata/compare/fewer-nodes.yaml"}, 0},
		{"compare gate fails: file still written", []string{"compare", "--now", goldenDate, "--fail-on-increase", "1%", compareBase, "testdata/compare/more-nodes.yaml"}, exitFindings},
		{"sweep", []string{"sweep", "--now", goldenDate, "--param", "clusters[train].nodes", "--values", "32,64"}, 0},
		{"optimize", []string{"optimize", "--deadline-days", "60", "-f", "json"}, 0},
		{"catalog show", []string{"catalog", "show", "--no-user-catalog", "--type", "p5*"}, 0},
		{"schema", []string{"schema"}, 0},
		{"version", []string{"version"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, errOut, code := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("without -o: exit %d, want %d: %s", code, tc.code, errOut)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "out")
			out, errOut, code := runCLI(t, append(tc.args, "-o", file)...)
			if code != tc.code || out != "" {
				t.Fatalf("with -o: exit %d, stdout %q, stderr %s", code, out, errOut)
			}
			got, err := os.ReadFile(file)
			if err != nil || string(got) != want {
				t.Errorf("file differs from stdout (%v):\n%s\n---\n%s", err, got, want)
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("%d files in the directory, want 1", len(ents))
			}
		})
	}
}

// TestOutputFlagRefusals: a missing directory is refused before anything
// runs; an invalid input leaves an existing file untouched.
func TestOutputFlagRefusals(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, "eval", "-o", filepath.Join(dir, "nope", "plan.md")); code != exitInvalid {
		t.Errorf("missing directory: exit %d %s", code, errOut)
	}
	if _, _, code := runCLI(t, "eval", "-o", dir); code != exitInvalid {
		t.Errorf("-o a directory: exit %d", code)
	}
	file := filepath.Join(dir, "plan.md")
	if err := os.WriteFile(file, []byte("good"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runCLI(t, "eval", "-o", file, "../../testdata/invalid/typos.yaml"); code != exitInvalid {
		t.Errorf("invalid scenario: exit %d", code)
	}
	if b, _ := os.ReadFile(file); string(b) != "good" {
		t.Errorf("an invalid run replaced the file: %q", b)
	}
}
