package export

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/topoplan/topoplan/model"
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

// boardSections are the report's sections above the annex, in order.
var boardSections = []string{
	"## Executive summary", "**Decision asked.**", "**Cost.**", "**Top risks.**",
	"## Design", "## Data path", "## Security", "**Who can reach what.**", "**Encryption in transit over Direct Connect.**",
	"## Resilience", "**An Availability Zone lost.**", "## Cost", "**Confidence of the prices.**",
	"## What the template covers", "## Open questions and next steps",
	"# Annex: every figure and its source", "## Estate", "## Assumptions", "## Monthly cost", "## Findings", "## Sources of prices",
}

// TestReportSections checks, for every scenario, that the report has every
// section a review board needs in order, embeds the overview and links the
// detail diagram.
func TestReportSections(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			r := string(Report(loadInput(t, f), "plan.svg"))
			at := 0
			for _, want := range boardSections {
				i := strings.Index(r[at:], want)
				if i < 0 {
					t.Errorf("report lacks %q after byte %d", want, at)
					continue
				}
				at += i
			}
			for _, want := range []string{"](plan.svg)", "[detail diagram](plan-detail.svg)"} {
				if !strings.Contains(r, want) {
					t.Errorf("report lacks %q", want)
				}
			}
		})
	}
}

// TestReportBoardContent checks the pre-training report's decision content:
// the run-rate and time in the summary, the data path with its parallel
// streams, the DX location-down table, MACsec on the dedicated ports,
// trimmed assumptions (no VPN figures in a DX-only plan), and the findings
// written as sentences.
func TestReportBoardContent(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	r := string(Report(in, "plan.svg"))
	lp := in.linkPlan("dx-fra")
	for _, want := range []string{
		"$" + usd(in.Plan.MonthlyCost.TotalUSD) + " per month",
		"llm-70b on train in",
		"private VIF → Direct Connect gateway → virtual private gateway → S3 interface endpoint",
		"| fra-dc1 | web-corpus 200 TB | dx-fra | " + oneDecimal(lp.UsableGbps) + " |",
		"| EqFA5 | dx-fra | " + oneDecimal(lp.UsableGbps) + " | 0 |",
		"MACsec is available",
		"| overlap_fraction_default |",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, unwanted := range []string{"| vpn_protocol_efficiency |", "| catalog_max_age_days |", "1 clusters"} {
		if strings.Contains(r, unwanted) {
			t.Errorf("report has %q", unwanted)
		}
	}
}

// TestReportNamesAreData: scenario names cannot become Markdown structure.
func TestReportNamesAreData(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	in.Scenario.Clusters = append([]model.Cluster(nil), in.Scenario.Clusters...)
	in.Scenario.Clusters[0].Name = "x](http://evil)<script>|*"
	r := string(Report(in, ""))
	if strings.Contains(r, "<script>") {
		t.Error("report contains raw HTML from a name")
	}
	for _, bad := range []string{"](http://evil)", "|*"} {
		for i := strings.Index(r, bad); i >= 0; i = next(r, bad, i) {
			if i == 0 || r[i-1] != '\\' {
				t.Errorf("report contains unescaped %q: …%s…", bad, r[max(0, i-30):min(len(r), i+30)])
				break
			}
		}
	}
}

// next finds the next occurrence of sub after position i (-1 when none).
func next(s, sub string, i int) int {
	j := strings.Index(s[i+1:], sub)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// TestReportBaseline: with a baseline, a "What changed" section lists the
// changed figures and the changed estate.
func TestReportBaseline(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	base := in
	base.Scenario.Clusters = append([]model.Cluster(nil), in.Scenario.Clusters...)
	base.Scenario.Clusters[0].Nodes = 32
	base = inputFor(base.Scenario, in.Catalog)
	r := string(ReportWith(in, ReportOptions{Baseline: &base}))
	for _, want := range []string{"## What changed against hybrid-llm-pretraining", "| Monthly run-rate |", "cluster train: 32 × p5.48xlarge"} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(Report(in, "")), "## What changed") {
		t.Error("a report without a baseline has a What changed section")
	}
}

// TestMdSource: a "URL (via URL)" source becomes two autolinks (the review's
// broken-link finding R12).
func TestMdSource(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://a.example/p", "<https://a.example/p>"},
		{"https://a.example/p (via https://b.example/q.yml)", "<https://a.example/p> (via <https://b.example/q.yml>)"},
		{"catalog note", "catalog note"},
	} {
		if got := mdSource(tc.in); got != tc.want {
			t.Errorf("mdSource(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
