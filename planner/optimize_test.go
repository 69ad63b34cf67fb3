package planner

import (
	"math"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// checkFrontier asserts the frontier property: sorted by cost, strictly
// faster as it gets dearer, and no point dominated by any feasible point.
func checkFrontier(t *testing.T, fr []Point, all []Point) {
	t.Helper()
	for i := 1; i < len(fr); i++ {
		if fr[i].Outcome.RunCostUSD < fr[i-1].Outcome.RunCostUSD || fr[i].Outcome.Days >= fr[i-1].Outcome.Days {
			t.Errorf("frontier out of order at %d: $%.0f %.2f d after $%.0f %.2f d", i, fr[i].Outcome.RunCostUSD, fr[i].Outcome.Days, fr[i-1].Outcome.RunCostUSD, fr[i-1].Outcome.Days)
		}
	}
	for _, p := range fr {
		for _, q := range all {
			po, qo := p.Outcome, q.Outcome
			// Strictly better by more than float noise (1e-9 relative): the
			// fast path and the full evaluation sum in different orders.
			lessCost, lessDays := qo.RunCostUSD < po.RunCostUSD*(1-1e-9), qo.Days < po.Days*(1-1e-9)
			if qo.RunCostUSD <= po.RunCostUSD*(1+1e-9) && qo.Days <= po.Days*(1+1e-9) && (lessCost || lessDays) {
				t.Errorf("frontier point %s ($%.0f, %.2f d) is dominated by %s ($%.0f, %.2f d)",
					Describe(p.Candidate, po), po.RunCostUSD, po.Days, Describe(q.Candidate, qo), qo.RunCostUSD, qo.Days)
			}
		}
	}
}

func TestOptimize(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	res, err := Optimize(s, cat, OptimizeSpec{Job: "llm-70b", DeadlineDays: 60})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best == nil {
		t.Fatalf("no plan trains a 70B model on 2T tokens within 60 days: %s", res.Why)
	}
	if res.Best.Outcome.Days > 60 {
		t.Errorf("best takes %.1f days, deadline 60", res.Best.Outcome.Days)
	}
	if res.Evaluated == 0 || res.Evaluated >= res.Grid || res.LayoutsSearched == 0 {
		t.Errorf("grid %d, evaluated %d, layouts %d: pruning did not cut or nothing was evaluated", res.Grid, res.Evaluated, res.LayoutsSearched)
	}
	checkFrontier(t, res.Frontier, res.Frontier)
	if !strings.Contains(res.Why, "cheapest") || !strings.Contains(res.Why, "days") {
		t.Errorf("why: %s", res.Why)
	}
	// The chosen plan, written into the scenario, evaluates to the same figures.
	s2, ok := res.Scenario()
	if !ok {
		t.Fatal("no scenario for the best plan")
	}
	if ds := ValidateScenario("best", s2, cat).Errors(); len(ds) > 0 {
		t.Fatalf("best scenario invalid: %v", ds)
	}
	p := Evaluate(s2, cat, Options{})
	tp := p.Training[0]
	if math.Abs(tp.RunCost.TotalUSD-res.Best.Outcome.RunCostUSD) > 1e-6*tp.RunCost.TotalUSD || math.Abs(tp.TimeToTrainDays-res.Best.Outcome.Days) > 1e-9*tp.TimeToTrainDays {
		t.Errorf("re-evaluated %v d $%v, optimizer said %v d $%v", tp.TimeToTrainDays, tp.RunCost.TotalUSD, res.Best.Outcome.Days, res.Best.Outcome.RunCostUSD)
	}

	// An impossible deadline: no best, but the fastest plan is reported.
	res, err = Optimize(s, cat, OptimizeSpec{Job: "llm-70b", DeadlineDays: 0.01})
	if err != nil || res.Best != nil || res.Fastest == nil {
		t.Errorf("impossible deadline: best %v, fastest %v, err %v", res.Best, res.Fastest, err)
	}
	if _, err := Optimize(s, cat, OptimizeSpec{Job: "llm-7b", DeadlineDays: 10}); err == nil || !strings.Contains(err.Error(), `did you mean "llm-70b"?`) {
		t.Errorf("unknown job: %v", err)
	}
}

// TestOptimizeMatchesBruteForce checks the optimiser's frontier and answer
// against a brute force over a small grid: every candidate patched into the
// scenario, validated and evaluated in full (no fast path, no pruning), kept
// when valid, free of critical findings, within the deadline and budget,
// and not longer than one Capacity Block; the frontier by the definition
// (no other point at most as dear and as slow, one strictly).
func TestOptimizeMatchesBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("full evaluation of every candidate")
	}
	cat := DefaultCatalog()
	for _, tc := range []struct {
		name, file string
		deadline   float64
		budgetRun  float64
		spec       OptimizeSpec
	}{
		{"pretraining", "llm-pretraining.yaml", 60, 0, OptimizeSpec{InstanceTypes: []string{"p5.48xlarge", "p4d.24xlarge", "p5en.48xlarge"}, Nodes: []int{16, 32, 64, 128}, Regions: []string{"us-east-1", "ap-northeast-1"},
			FSxTiers: []string{"PERSISTENT_2/125", "PERSISTENT_2/1000"}, FSxSizesTiB: []float64{9.6, 48}, DXSpeedsGbps: []float64{10, 100}, DXCounts: []int{1, 2}}},
		{"tokyo-budget", "tokyo-pretraining-dx.yaml", 120, 3e6, OptimizeSpec{InstanceTypes: []string{"p5.48xlarge", "p5en.48xlarge"}, Nodes: []int{4, 8, 16, 32}, Regions: []string{"ap-northeast-1", "us-east-1"},
			FSxTiers: []string{"PERSISTENT_2/250", "SCRATCH_2/200"}, FSxSizesTiB: []float64{2.4, 9.6}, DXSpeedsGbps: []float64{10, 100}, DXCounts: []int{1, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := LoadFile("../testdata/scenarios/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			spec := tc.spec
			spec.DeadlineDays, spec.BudgetRunUSD, spec.KeepLayout = tc.deadline, tc.budgetRun, true
			res, err := Optimize(doc.Scenario, cat, spec)
			if err != nil {
				t.Fatal(err)
			}
			b := res.Compiled()
			g, _ := b.grid(spec)
			// A candidate may leave unpriced only what the baseline leaves unpriced.
			baseUnpriced := countUnpriced(Evaluate(doc.Scenario, cat, Options{}).MonthlyCost)
			var all []Point
			for _, it := range g.types {
				for _, n := range g.nodesOf(it) {
					for _, r := range g.regions {
						for _, opt := range g.options {
							for _, f := range g.fsx {
								for _, dx := range g.dx {
									c := Candidate{InstanceType: it, Nodes: n, Region: r, PurchaseOption: opt, Placement: PlacementAWS,
										FSxDeploymentType: f.dep, FSxThroughputMBpsPerTiB: f.tput, FSxCapacityTiB: f.cap, DXSpeedGbps: dx.speed, DXCount: dx.count}
									s2 := b.Apply(c, model.Layout{})
									if ValidateScenario("bf", s2, cat).HasErrors() {
										continue
									}
									p := Evaluate(s2, cat, Options{})
									if len(p.Training) == 0 {
										continue
									}
									crit := false
									for _, f := range p.Findings {
										crit = crit || f.Severity == model.SeverityCritical
									}
									tp := p.Training[0]
									cbTooLong := opt == model.PurchaseCapacityBlock && model.SpanCapacityBlocks(tp.TimeToTrainHours, cat.CapacityBlocks).Blocks > 1
									unpriced := countUnpriced(p.MonthlyCost) > baseUnpriced
									if crit || cbTooLong || unpriced || tp.TimeToTrainDays > spec.DeadlineDays || (spec.BudgetRunUSD > 0 && tp.RunCost.TotalUSD > spec.BudgetRunUSD) {
										continue
									}
									all = append(all, Point{Candidate: c, Outcome: Outcome{Days: tp.TimeToTrainDays, RunCostUSD: tp.RunCost.TotalUSD, MonthlyUSD: p.MonthlyCost.TotalUSD}})
								}
							}
						}
					}
				}
			}
			if len(all) < 3 {
				t.Fatalf("brute force found %d feasible candidates: the grid does not exercise the frontier", len(all))
			}
			var bf []Point
			for _, p := range all {
				dominated := false
				for _, q := range all {
					po, qo := p.Outcome, q.Outcome
					if qo.RunCostUSD <= po.RunCostUSD*(1-1e-12) && qo.Days <= po.Days || qo.Days <= po.Days*(1-1e-12) && qo.RunCostUSD <= po.RunCostUSD {
						dominated = true
						break
					}
				}
				if !dominated {
					bf = append(bf, p)
				}
			}
			bfFront := Frontier(bf) // drops exact ties, sorts by cost
			if len(bfFront) != len(res.Frontier) {
				t.Fatalf("frontier: optimiser %d points, brute force %d", len(res.Frontier), len(bfFront))
			}
			for i := range bfFront {
				a, e := res.Frontier[i].Outcome, bfFront[i].Outcome
				if math.Abs(a.RunCostUSD-e.RunCostUSD) > 1e-6*e.RunCostUSD || math.Abs(a.Days-e.Days) > 1e-9*e.Days {
					t.Errorf("frontier %d: optimiser %s $%.2f %.4f d, brute force %s $%.2f %.4f d", i, Describe(res.Frontier[i].Candidate, a), a.RunCostUSD, a.Days,
						Describe(bfFront[i].Candidate, e), e.RunCostUSD, e.Days)
				}
			}
			checkFrontier(t, res.Frontier, all)
			if res.Best == nil || math.Abs(res.Best.Outcome.RunCostUSD-bfFront[0].Outcome.RunCostUSD) > 1e-6*bfFront[0].Outcome.RunCostUSD {
				t.Errorf("best: optimiser %+v, brute force %+v", res.Best, bfFront[0])
			}
			t.Logf("grid %d, evaluated %d, brute-force feasible %d, frontier %d", res.Grid, res.Evaluated, len(all), len(bfFront))
		})
	}
}

// TestOptimizeTighterDeadlineNeverCheaper: as the deadline tightens, the
// chosen plan's cost per run never falls.
func TestOptimizeTighterDeadlineNeverCheaper(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	prev := 0.0
	for _, d := range []float64{400, 200, 120, 90, 60, 45, 30, 20, 14} {
		res, err := Optimize(s, cat, OptimizeSpec{DeadlineDays: d, KeepStorage: true, KeepLinks: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Best == nil {
			break
		}
		if c := res.Best.Outcome.RunCostUSD; c < prev*(1-1e-12) {
			t.Errorf("deadline %g days: best costs $%.0f, less than $%.0f at a looser deadline", d, c, prev)
		}
		prev = res.Best.Outcome.RunCostUSD
	}
	if prev == 0 {
		t.Fatal("no deadline had a plan")
	}
}

// TestOptimizeResidency: a data set held to a Region keeps every proposed
// plan there; one held on-prem leaves no AWS plan and says why.
func TestOptimizeResidency(t *testing.T) {
	cat := DefaultCatalog()
	doc, err := LoadFile("../testdata/scenarios/tokyo-pretraining-dx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Scenario
	s.Sites = append([]model.Site(nil), s.Sites...)
	s.Sites[0].Datasets = append([]model.Dataset(nil), s.Sites[0].Datasets...)
	s.Sites[0].Datasets[0].Residency = "ap-northeast-1"
	res, err := Optimize(s, cat, OptimizeSpec{DeadlineDays: 200, KeepStorage: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best == nil || res.Pruned["data residency"] == 0 {
		t.Fatalf("residency: best %v, pruned %v", res.Best, res.Pruned)
	}
	for _, p := range res.Frontier {
		if p.Candidate.Region != "ap-northeast-1" {
			t.Errorf("frontier point in %s, data must stay in ap-northeast-1", p.Candidate.Region)
		}
	}
	s.Sites[0].Datasets[0].Residency = ResidencyOnPrem
	res, err = Optimize(s, cat, OptimizeSpec{DeadlineDays: 90})
	if err != nil || res.Best != nil || !strings.Contains(res.Why, "on-prem") {
		t.Errorf("on-prem residency: best %v, why %q, err %v", res.Best, res.Why, err)
	}
}

// TestOptimizeProposesOnlyWhatIsSold: every frontier plan is an offering the
// catalog records AWS selling in its Region under its option, labelled with
// that offering's own confidence and date.
func TestOptimizeProposesOnlyWhatIsSold(t *testing.T) {
	cat := DefaultCatalog()
	res, err := Optimize(loadA(t), cat, OptimizeSpec{DeadlineDays: 120, PurchaseOptions: model.PurchaseOptions})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Frontier) == 0 {
		t.Fatal("empty frontier: the property was not exercised")
	}
	for _, p := range res.Frontier {
		c := p.Candidate
		o, sold := model.Offer(cat.Instances[c.InstanceType].Prices[c.Region], c.PurchaseOption)
		if !sold {
			t.Errorf("proposed %s, which is not sold", Describe(c, p.Outcome))
			continue
		}
		if p.Outcome.PriceConfidence != o.Source.Confidence || p.Outcome.PriceReadOn != o.Source.ReadOn {
			t.Errorf("%s: labelled %s %s, offering is %s %s", Describe(c, p.Outcome), p.Outcome.PriceConfidence, p.Outcome.PriceReadOn, o.Source.Confidence, o.Source.ReadOn)
		}
	}
}

// TestResidencyFinding: eval flags a job reading a data set outside its
// residency, and validation refuses an unknown residency.
func TestResidencyFinding(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	s.Sites = append([]model.Site(nil), s.Sites...)
	s.Sites[0].Datasets = append([]model.Dataset(nil), s.Sites[0].Datasets...)
	for _, tc := range []struct {
		residency string
		critical  bool
	}{{"", false}, {"us-east-1", false}, {"ap-northeast-1", true}, {ResidencyOnPrem, true}} {
		s.Sites[0].Datasets[0].Residency = tc.residency
		found := false
		for _, f := range Evaluate(s, cat, Options{}).Findings {
			found = found || f.Code == "data.residency" && f.Severity == model.SeverityCritical
		}
		if found != tc.critical {
			t.Errorf("residency %q: critical finding %v, want %v", tc.residency, found, tc.critical)
		}
	}
	s.Sites[0].Datasets[0].Residency = "ap-northeast-9"
	if ds := ValidateScenario("t", s, cat).Errors(); len(ds) == 0 || ds[0].Path != "sites[0].datasets[0].residency" {
		t.Errorf("unknown residency: %v", ds)
	}
}
