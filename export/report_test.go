package export

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestReportGolden pins the design-review report of every scenario.
// Regenerate with go test ./export -run TestReportGolden -update
func TestReportGolden(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			golden.RequireEqual(t, Report(loadInput(t, f), scenarioName(f)+".svg"))
		})
	}
}

// TestReportSections checks the report has every section the review needs
// and embeds the diagram it is given.
func TestReportSections(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	r := string(Report(in, "plan.svg"))
	for _, want := range []string{
		"# Design review: hybrid-llm-pretraining",
		"![hybrid-llm-pretraining estate diagram](plan.svg)",
		"## Scenario", "## Assumptions", "## Monthly cost", "## Address plan", "## Findings", "## Sources of prices",
		"| overlap_fraction_default |",
		"cluster-train-us-east-1a",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(Report(in, "")), "## Diagram") {
		t.Error("report without a diagram file still has a Diagram section")
	}
}
