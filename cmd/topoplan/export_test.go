package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportCommands runs each export subcommand on the pre-training
// scenario and checks what lands on disk.
func TestExportCommands(t *testing.T) {
	const f = "../../testdata/scenarios/llm-pretraining.yaml"
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		args   []string
		file   string
		prefix []byte
	}{
		{"diagram dot", []string{"export", "diagram", f, "-o", filepath.Join(dir, "d.dot")}, "d.dot", []byte("digraph topoplan {")},
		{"diagram svg", []string{"export", "diagram", f, "-o", filepath.Join(dir, "d.svg")}, "d.svg", []byte("<?xml")},
		{"diagram png", []string{"export", "diagram", f, "-o", filepath.Join(dir, "d.png")}, "d.png", []byte("\x89PNG")},
		{"overview dot", []string{"export", "diagram", f, "--view", "overview", "-o", filepath.Join(dir, "o.dot")}, "o.dot", []byte("digraph topoplan_overview {")},
		{"cfn", []string{"export", "cfn", f, "-o", filepath.Join(dir, "t.yaml")}, "t.yaml", []byte("AWSTemplateFormatVersion")},
		{"report", []string{"export", "report", f, "-o", filepath.Join(dir, "plan.md")}, "plan.md", []byte("# Design review: hybrid-llm-pretraining")},
		{"json", []string{"export", "json", f, "-o", filepath.Join(dir, "plan.json")}, "plan.json", []byte("{")},
		{"report with PNG diagrams", []string{"export", "report", f, "--diagram-format", "png", "-o", filepath.Join(dir, "png.md")}, "png-detail.png", []byte("\x89PNG")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, append(tc.args, "--now", goldenDate)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			b, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, tc.prefix) {
				t.Errorf("%s starts %q, want %q", tc.file, b[:min(len(b), 20)], tc.prefix)
			}
		})
	}
	// The report embeds the SVG written next to it.
	md, _ := os.ReadFile(filepath.Join(dir, "plan.md"))
	if !strings.Contains(string(md), "](plan.svg)") {
		t.Error("report does not embed plan.svg")
	}
	for _, svg := range []string{"plan.svg", "plan-detail.svg"} {
		if _, err := os.Stat(filepath.Join(dir, svg)); err != nil {
			t.Errorf("%s not written: %v", svg, err)
		}
	}
	// Atomic writes leave no temporary files behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestExportStdoutAndErrors(t *testing.T) {
	const f = "../../testdata/scenarios/finetune-vpn.yaml"
	out, errOut, code := runCLI(t, "export", "diagram", "--format", "dot", f)
	if code != 0 || !strings.HasPrefix(out, "digraph topoplan {") {
		t.Errorf("diagram to stdout: exit %d, %q, %s", code, out[:min(len(out), 40)], errOut)
	}
	_, errOut, code = runCLI(t, "export", "diagram", f, "-o", filepath.Join(t.TempDir(), "d.jpg"))
	if code != exitInvalid || !strings.Contains(errOut, `diagram format "jpg"`) {
		t.Errorf("bad format: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runCLI(t, "export", "cfn", "../../testdata/invalid/typos.yaml")
	if code != exitInvalid || !strings.Contains(errOut, "typos.yaml:") {
		t.Errorf("invalid scenario: exit %d, stderr %q", code, errOut)
	}
}
