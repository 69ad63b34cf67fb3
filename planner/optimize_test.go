package planner

import (
	"strconv"
	"strings"
	"testing"
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
