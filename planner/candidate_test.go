package planner

import (
	"math"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestCandidateMatchesEvaluate checks the fast path against the full
// evaluation: for candidates varying every dimension, the outcome's time to
// train, cost per run and monthly run-rate equal those of Evaluate on the
// patched scenario, and a candidate the fast path calls feasible validates
// with no critical finding.
func TestCandidateMatchesEvaluate(t *testing.T) {
	cat := DefaultCatalog()
	for _, file := range []string{"llm-pretraining.yaml", "tokyo-pretraining-dx.yaml", "moe-pretraining.yaml", "finetune-vpn.yaml"} {
		doc, err := LoadFile("../testdata/scenarios/" + file)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Compile(doc.Scenario, cat, "", false)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		checked := 0
		for _, it := range []string{"p5.48xlarge", "p5en.48xlarge", "p4d.24xlarge", "trn2.48xlarge"} {
			for _, n := range []int{8, 16, 64} {
				for _, r := range []string{"us-east-1", "ap-northeast-1", "us-west-2"} {
					for _, opt := range []string{model.PurchaseOnDemand, model.PurchaseCapacityBlock, model.PurchaseSavingsPlan} {
						for _, fsx := range []float64{0, 9.6, 96} {
							c := Candidate{InstanceType: it, Nodes: n, Region: r, PurchaseOption: opt, FSxCapacityTiB: fsx}
							o := b.Evaluate(c)
							if !o.Feasible {
								continue
							}
							s2 := b.Apply(c, o.Layout)
							if ds := ValidateScenario("t", s2, cat).Errors(); len(ds) > 0 {
								t.Errorf("%s %+v: fast path feasible, scenario invalid: %s: %s", file, c, ds[0].Path, ds[0].Message)
								continue
							}
							p := Evaluate(s2, cat, Options{})
							tp := p.Training[b.ji]
							for _, f := range p.Findings {
								// Address-plan findings are left to the full evaluation of
								// frontier points (Optimize does it); every other critical
								// finding the fast path must rule out itself.
								if f.Severity == model.SeverityCritical && !strings.HasPrefix(f.Code, "addr.") {
									t.Errorf("%s %+v: fast path feasible, critical finding %s: %s", file, c, f.Code, f.Title)
								}
							}
							near := func(what string, got, want float64) {
								if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
									t.Errorf("%s %+v: %s fast %v, full %v", file, c, what, got, want)
								}
							}
							near("days", o.Days, tp.TimeToTrainDays)
							near("run cost", o.RunCostUSD, tp.RunCost.TotalUSD)
							near("monthly", o.MonthlyUSD, p.MonthlyCost.TotalUSD)
							near("unconfirmed", o.UnconfirmedMonthlyUSD, p.MonthlyCost.UnconfirmedUSD)
							if tp.Layout != o.Layout {
								t.Errorf("%s %+v: layout fast %v, full %v", file, c, o.Layout, tp.Layout)
							}
							checked++
						}
					}
				}
			}
		}
		if checked < 10 {
			t.Errorf("%s: only %d feasible candidates checked", file, checked)
		}
		t.Logf("%s: %d candidates checked", file, checked)
	}
}

// TestCandidateMatchesEvaluateStorageLinksLayout varies the FSx tier and
// size, the DX ports and (with a free layout) the layout, on the Tokyo
// scenario, against the full evaluation.
func TestCandidateMatchesEvaluateStorageLinksLayout(t *testing.T) {
	cat := DefaultCatalog()
	doc, err := LoadFile("../testdata/scenarios/tokyo-pretraining-dx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, free := range []bool{false, true} {
		b, err := Compile(doc.Scenario, cat, "", free)
		if err != nil {
			t.Fatal(err)
		}
		checked, infeasible := 0, 0
		for _, tier := range [][2]float64{{0, 125}, {0, 1000}, {1, 100}, {2, 200}} {
			dep := []string{model.FSxPersistent2, model.FSxPersistent1, model.FSxScratch2}[int(tier[0])]
			for _, size := range []float64{2.4, 9.6, 48} {
				for _, dx := range [][2]float64{{1, 1}, {10, 1}, {10, 4}, {100, 2}, {400, 1}} {
					c := Candidate{Nodes: 16, FSxDeploymentType: dep, FSxThroughputMBpsPerTiB: tier[1], FSxCapacityTiB: size, DXSpeedGbps: dx[0], DXCount: int(dx[1])}
					o := b.Evaluate(c)
					s2 := b.Apply(c, o.Layout)
					ds := ValidateScenario("t", s2, cat).Errors()
					if !o.Feasible {
						infeasible++
						continue
					}
					if len(ds) > 0 {
						t.Errorf("%+v: fast path feasible, scenario invalid: %s: %s", c, ds[0].Path, ds[0].Message)
						continue
					}
					p := Evaluate(s2, cat, Options{})
					tp := p.Training[b.ji]
					for _, f := range p.Findings {
						if f.Severity == model.SeverityCritical && !strings.HasPrefix(f.Code, "addr.") {
							t.Errorf("%+v: fast path feasible, critical finding %s: %s", c, f.Code, f.Title)
						}
					}
					if math.Abs(o.Days-tp.TimeToTrainDays) > 1e-9*tp.TimeToTrainDays || math.Abs(o.RunCostUSD-tp.RunCost.TotalUSD) > 1e-9*tp.RunCost.TotalUSD ||
						math.Abs(o.MonthlyUSD-p.MonthlyCost.TotalUSD) > 1e-9*p.MonthlyCost.TotalUSD {
						t.Errorf("%+v: fast %.6f d $%.2f $%.2f/mo, full %.6f d $%.2f $%.2f/mo", c, o.Days, o.RunCostUSD, o.MonthlyUSD, tp.TimeToTrainDays, tp.RunCost.TotalUSD, p.MonthlyCost.TotalUSD)
					}
					checked++
				}
			}
		}
		if checked < 10 || infeasible == 0 {
			t.Errorf("free=%v: %d checked, %d infeasible", free, checked, infeasible)
		}
	}
}
