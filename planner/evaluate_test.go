package planner

import (
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestUnpricedRemedy: an unpriced cost line's remedy offers `catalog
// refresh` only for the kinds of price the refresh reads (planner/awsapi),
// and a catalog overlay always.
func TestUnpricedRemedy(t *testing.T) {
	for _, tc := range []struct {
		category, item string
		refresh        bool
	}{
		{model.CostNAT, "NAT gateway data processed", true},
		{model.CostEndpoints, "Interface endpoint data processed", true},
		{model.CostTransitGW, "Transit Gateway data processed", true},
		{model.CostVPN, "1 Site-to-Site VPN connection(s)", true},
		{model.CostVPN, "1 Site-to-Site VPN connection(s), large-bandwidth tunnels", false},
		{model.CostStorage, "FSx for Lustre PERSISTENT_2/250, 48 TiB", true},
		{model.CostStorage, "FSx for Lustre PERSISTENT_1/HDD/12, 6 TiB", false},
		{model.CostDirect, "Data transfer out over Direct Connect (ap-northeast-1 → TY2 (JP))", false},
		{model.CostTransfer, "Internet egress 0-10 TB tier", false},
	} {
		p := model.Plan{MonthlyCost: model.CostBreakdown{Lines: []model.CostLine{{Category: tc.category, Item: tc.item, Note: "not in the catalog: unpriced", Confidence: model.ConfidenceEstimate}}}}
		fs := costFindings(p, nil)
		if len(fs) != 1 || fs[0].Code != "cost.unpriced" {
			t.Fatalf("%s: findings %+v", tc.item, fs)
		}
		r := fs[0].Remedy
		if got := strings.Contains(r, "catalog refresh"); got != tc.refresh || !strings.Contains(r, "--catalog") {
			t.Errorf("%s: remedy %q (refresh offered %v, want %v)", tc.item, r, got, tc.refresh)
		}
	}
}
