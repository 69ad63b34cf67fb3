package planner

import (
	"strconv"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestCapacityBlockFindings checks that a run on Capacity Blocks is turned
// into the blocks it must buy: one block (info, with the upfront payment)
// when it fits in 182 days, a warning naming the number of blocks when it
// does not — a 600-day run is not "info".
func TestCapacityBlockFindings(t *testing.T) {
	cat := DefaultCatalog()
	tests := []struct {
		name     string
		nodes    string
		code     string
		severity string
		blocks   int
	}{
		{"fits in one block", "64", "capacity-block.upfront", model.SeverityInfo, 1},
		{"longer than the longest block", "4", "capacity-block.too-long", model.SeverityWarning, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := SetField(loadA(t), "clusters[train].nodes", tt.nodes)
			if err != nil {
				t.Fatal(err)
			}
			p := Evaluate(s, cat, Options{})
			days := p.Training[0].TimeToTrainDays
			sp := model.SpanCapacityBlocks(p.Training[0].TimeToTrainHours, cat.CapacityBlocks)
			var f *model.Finding
			for i := range p.Findings {
				if strings.HasPrefix(p.Findings[i].Code, "capacity-block.") && p.Findings[i].Code != "capacity-block.rate-dated" {
					f = &p.Findings[i]
				}
			}
			if f == nil || f.Code != tt.code || f.Severity != tt.severity {
				t.Fatalf("%.0f-day run: finding %+v, want %s %s", days, f, tt.severity, tt.code)
			}
			if tt.blocks == 1 && sp.Blocks != 1 {
				t.Fatalf("%.0f days should fit one block, got %d", days, sp.Blocks)
			}
			if tt.blocks == 0 && (sp.Blocks < 2 || !strings.Contains(f.Title, strconv.Itoa(sp.Blocks)+" consecutive blocks")) {
				t.Errorf("title %q does not name the %d blocks a %.0f-day run needs", f.Title, sp.Blocks, days)
			}
			if !strings.Contains(f.Title+f.Detail, "upfront") {
				t.Errorf("the upfront payment is not shown: %q / %q", f.Title, f.Detail)
			}
		})
	}
}
