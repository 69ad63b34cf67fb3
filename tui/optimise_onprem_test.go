package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestOptimiseOnPrem: on a scenario with an on-prem cluster and a split
// placement, o proposes a plan and the Overview's training summary shows
// the placement the proposal trains on against the baseline's (days and
// cost per run of each chosen placement, ▲/▼, and the placement it was).
func TestOptimiseOnPrem(t *testing.T) {
	cfg, _ := loadScenario(t, "../testdata/scenarios/onprem-burst-split.yaml")
	m := newTestModel(t, cfg, 140, 40)
	if !strings.Contains(m.View(), "split, 2 of 4 stages on-prem") {
		t.Fatalf("the written split is not shown:\n%s", m.View())
	}
	m = send(m, keys("o")...)
	if !strings.HasPrefix(m.status, "proposed") || m.ss.baseline == nil {
		t.Fatalf("status %q", m.status)
	}
	_, bpo, ok := chosenPlacement(m.ss.baseline, "pretrain-70b")
	_, po, ok2 := chosenPlacement(&m.ss.plan, "pretrain-70b")
	if !ok || !ok2 || po.TotalUSD > bpo.TotalUSD*(1+1e-9) {
		t.Fatalf("proposal $%.0f per run against the baseline's $%.0f", po.TotalUSD, bpo.TotalUSD)
	}
	view := m.View()
	if !strings.Contains(view, "was split, 2 of 4 stages on-prem") {
		t.Errorf("no placement comparison:\n%s", view)
	}
	golden.RequireEqual(t, []byte(view))
}
