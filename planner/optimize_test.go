package planner

import (
	"strconv"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func TestOptimize(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	res, err := Optimize(s, cat, "llm-70b", 60, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best == nil {
		t.Fatal("no shape trains a 70B model on 2T tokens within 60 days")
	}
	for _, c := range res.Candidates {
		// TP 8 × PP 4 = 32 accelerators per replica: every shape tried must hold whole replicas.
		if c.Accelerators%32 != 0 {
			t.Errorf("%d × %s has %d accelerators, not a multiple of TP×PP = 32", c.Nodes, c.InstanceType, c.Accelerators)
		}
		// Best is the cheapest run that meets the deadline without a critical finding.
		if c.MeetsDeadline && c.Critical == 0 && c.RunCostUSD < res.Best.RunCostUSD {
			t.Errorf("%d × %s ($%.0f) is cheaper than the chosen %d × %s ($%.0f)", c.Nodes, c.InstanceType, c.RunCostUSD, res.Best.Nodes, res.Best.InstanceType, res.Best.RunCostUSD)
		}
	}
	if res.Best.Days > 60 {
		t.Errorf("best takes %.1f days, deadline 60", res.Best.Days)
	}
	// Verify the chosen shape by evaluating it directly.
	s2, _ := SetField(s, "clusters[train].instance_type", res.Best.InstanceType)
	s2, _ = SetField(s2, "clusters[train].nodes", strconv.Itoa(res.Best.Nodes))
	if p := Evaluate(s2, cat, Options{}); p.Training[0].RunCost.TotalUSD != res.Best.RunCostUSD {
		t.Errorf("re-evaluated run cost %v, optimizer said %v", p.Training[0].RunCost.TotalUSD, res.Best.RunCostUSD)
	}

	// An impossible deadline: no best, but the fastest shape is reported.
	res, err = Optimize(s, cat, "llm-70b", 0.01, Options{})
	if err != nil || res.Best != nil || res.Fastest == nil {
		t.Errorf("impossible deadline: best %v, fastest %v, err %v", res.Best, res.Fastest, err)
	}
	if _, err := Optimize(s, cat, "llm-7b", 10, Options{}); err == nil || !strings.Contains(err.Error(), `did you mean "llm-70b"?`) {
		t.Errorf("unknown job: %v", err)
	}
}

// TestOptimizeProposesOnlyWhatIsSold is the property test of the offerings
// rule for optimize: in every catalog Region and under every purchase
// option, every shape optimize proposes is an offering the catalog records
// AWS selling there under that option, labelled with that offering's own
// confidence and date.
func TestOptimizeProposesOnlyWhatIsSold(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates every type × size × Region × option")
	}
	cat := DefaultCatalog()
	base := loadA(t)
	base, _ = SetField(base, "clusters[train].nodes", "8")
	proposed := 0
	for _, r := range SortedKeys(cat.Regions) {
		for _, opt := range model.PurchaseOptions {
			s := base
			var err error
			if s, err = SetField(s, "clusters[train].region", r); err != nil {
				t.Fatal(err)
			}
			if s, err = SetField(s, "clusters[train].purchase.option", opt); err != nil {
				t.Fatal(err)
			}
			res, err := Optimize(s, cat, "llm-70b", 60, Options{})
			if err != nil {
				t.Fatalf("%s %s: %v", r, opt, err)
			}
			for _, c := range res.Candidates {
				proposed++
				o, sold := model.Offer(cat.Instances[c.InstanceType].Prices[c.Region], c.PurchaseOption)
				if !sold || c.Region != r || c.PurchaseOption != opt {
					t.Errorf("%s %s: proposed %d × %s as %s in %s, which is not sold", r, opt, c.Nodes, c.InstanceType, c.PurchaseOption, c.Region)
					continue
				}
				if c.PriceConfidence != o.Source.Confidence || c.PriceReadOn != o.Source.ReadOn {
					t.Errorf("%s %s %s: labelled %s %s, offering is %s %s", r, opt, c.InstanceType, c.PriceConfidence, c.PriceReadOn, o.Source.Confidence, o.Source.ReadOn)
				}
			}
		}
	}
	if proposed == 0 {
		t.Fatal("optimize proposed nothing anywhere: the property was not exercised")
	}
	// trn2.48xlarge is sold only as a Capacity Block in us-east-2: never on-demand.
	s, _ := SetField(base, "clusters[train].purchase.option", model.PurchaseOnDemand)
	res, _ := Optimize(s, cat, "llm-70b", 60, Options{})
	for _, c := range res.Candidates {
		if c.InstanceType == "trn2.48xlarge" || c.InstanceType == "p5e.48xlarge" {
			t.Errorf("on-demand in us-east-1 proposed %s, which AWS does not sell on demand", c.InstanceType)
		}
	}
}
