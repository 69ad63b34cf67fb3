package main

import (
	"strings"
	"testing"
)

// TestEvalFailOn checks that performance and guardrail findings drive
// `eval --fail-on`: exit 3 when a finding at the level or above exists.
func TestEvalFailOn(t *testing.T) {
	const warning = "testdata/failon/warning.yaml"   // link.no-redundancy (warning), nothing critical
	const critical = "testdata/failon/critical.yaml" // cluster.placement-group-reserved-capacity (critical)
	tests := []struct {
		name    string
		file    string
		level   string
		want    int
		finding string
	}{
		{"warning fails --fail-on warning", warning, "warning", exitFindings, "single connection"},
		{"warning passes --fail-on critical", warning, "critical", exitOK, "single connection"},
		{"critical fails --fail-on critical", critical, "critical", exitFindings, "placement group"},
		{"critical fails --fail-on warning", critical, "warning", exitFindings, "placement group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "eval", "--now", goldenDate, "--fail-on", tt.level, tt.file)
			if code != tt.want {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.want, errOut)
			}
			if !strings.Contains(out, tt.finding) {
				t.Errorf("output lacks the %q finding:\n%s", tt.finding, out)
			}
			if tt.want == exitFindings && !strings.Contains(errOut, "findings at level "+tt.level) {
				t.Errorf("stderr %q does not name the level", errOut)
			}
		})
	}
}
