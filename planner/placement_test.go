package planner

import (
	"math"
	"slices"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// placedFromPlan is what the full evaluation says of a placed candidate:
// the chosen placement option's days, its total plus the plan's storage
// for the run (StorageUSD is for the AWS plan's days, scaled to the
// placement's), the monthly run-rate and whether a critical finding fires.
func placedFromPlan(p model.Plan) (days, runUSD, monthly float64, feasible bool, crit bool) {
	for _, f := range p.Findings {
		crit = crit || f.Severity == model.SeverityCritical
	}
	if len(p.Placements) == 0 || len(p.Training) == 0 {
		return 0, 0, 0, false, crit
	}
	ch := chosenOption(p.Placements[0])
	if ch == nil {
		return 0, 0, 0, false, crit
	}
	tp := p.Training[0]
	storage := tp.RunCost.StorageUSD * ch.TimeToTrainDays / tp.TimeToTrainDays
	return ch.TimeToTrainDays, ch.TotalUSD + storage, p.MonthlyCost.TotalUSD, ch.Feasible, crit
}

// TestPlacedCandidateMatchesEvaluate: the fast path's onprem and split
// outcomes equal the full evaluation of the patched scenario (its placement
// comparison) for the shipped hybrid scenario, over AWS shapes and splits.
func TestPlacedCandidateMatchesEvaluate(t *testing.T) {
	cat := DefaultCatalog()
	doc, err := LoadFile("../testdata/scenarios/onprem-burst-split.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile(doc.Scenario, cat, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if !b.HasOnPrem() {
		t.Fatal("the hybrid scenario has no on-prem side")
	}
	cands := []Candidate{{Placement: model.PlacementOnPrem}}
	for _, n := range []int{16, 32, 64} {
		for _, it := range []string{"p5.48xlarge", "p4d.24xlarge"} {
			for _, sb := range []string{model.SplitData, model.SplitPipeline} {
				for k := 1; k <= 4; k++ {
					cands = append(cands, Candidate{InstanceType: it, Nodes: n, PurchaseOption: model.PurchaseOnDemand, Placement: model.PlacementSplit, SplitBy: sb, SplitOnPrem: k})
				}
			}
		}
	}
	checked := 0
	for _, c := range cands {
		o := b.Evaluate(c)
		if o.Invalid || o.Days == 0 {
			continue
		}
		s2 := b.Apply(c, o.Layout)
		if ValidateScenario("t", s2, cat).HasErrors() {
			continue
		}
		p := Evaluate(s2, cat, Options{})
		days, run, monthly, feasible, crit := placedFromPlan(p)
		name := Describe(c, o)
		if math.Abs(days-o.Days) > 1e-9*days {
			t.Errorf("%s: days fast %.6f, full %.6f", name, o.Days, days)
		}
		if math.Abs(run-o.RunCostUSD) > 1e-6*run {
			t.Errorf("%s: run cost fast $%.2f, full $%.2f", name, o.RunCostUSD, run)
		}
		if math.Abs(monthly-o.MonthlyUSD) > 1e-6*monthly {
			t.Errorf("%s: monthly fast $%.2f, full $%.2f", name, o.MonthlyUSD, monthly)
		}
		if feasible && !crit && !o.Feasible {
			t.Errorf("%s: fast path rules it out (%s), the full evaluation does not", name, o.Reason)
		}
		if c.Placement == model.PlacementSplit && c.SplitBy == model.SplitData && feasible && o.Feasible {
			t.Errorf("%s: a data split synchronises gradients over the WAN and must be infeasible", name)
		}
		checked++
	}
	t.Logf("%d placed candidates compared with the full evaluation", checked)
	if checked < 10 {
		t.Fatalf("only %d candidates compared", checked)
	}
}

// TestOptimizeMatchesBruteForcePlacement: on a small grid with the
// placement dimension (aws, onprem, split by data and by pipeline with
// every split_onprem), the optimiser's frontier equals the brute-force
// frontier of the full evaluation of every candidate, and no frontier point
// is dominated.
func TestOptimizeMatchesBruteForcePlacement(t *testing.T) {
	if testing.Short() {
		t.Skip("full evaluation of every candidate")
	}
	cat := DefaultCatalog()
	doc, err := LoadFile("../testdata/scenarios/onprem-burst-split.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec := OptimizeSpec{DeadlineDays: 400, InstanceTypes: []string{"p5.48xlarge", "p4d.24xlarge", "p4de.24xlarge"}, Nodes: []int{8, 16, 32},
		Regions: []string{"us-east-1"}, PurchaseOptions: []string{model.PurchaseOnDemand, model.PurchaseCapacityBlock}, KeepStorage: true, KeepLinks: true, KeepLayout: true}
	res, err := Optimize(doc.Scenario, cat, spec)
	if err != nil {
		t.Fatal(err)
	}
	b := res.Compiled()
	var all []Point
	consider := func(c Candidate) {
		s2 := b.Apply(c, model.Layout{})
		if ValidateScenario("bf", s2, cat).HasErrors() {
			return
		}
		p := Evaluate(s2, cat, Options{})
		if len(p.Training) == 0 {
			return
		}
		crit := false
		for _, f := range p.Findings {
			crit = crit || f.Severity == model.SeverityCritical
		}
		tp := p.Training[0]
		days, run := tp.TimeToTrainDays, tp.RunCost.TotalUSD
		ok := tp.Memory.Fits
		if c.Placement != PlacementAWS {
			days, run, _, ok, _ = placedFromPlan(p)
		}
		if c.PurchaseOption == model.PurchaseCapacityBlock && model.SpanCapacityBlocks(days*24, cat.CapacityBlocks).Blocks > 1 {
			ok = false
		}
		if !ok || crit || days > spec.DeadlineDays {
			return
		}
		all = append(all, Point{Candidate: c, Outcome: Outcome{Days: days, RunCostUSD: run}})
	}
	consider(Candidate{Placement: model.PlacementOnPrem})
	for _, it := range spec.InstanceTypes {
		for _, n := range spec.Nodes {
			for _, opt := range spec.PurchaseOptions {
				c := Candidate{InstanceType: it, Nodes: n, Region: "us-east-1", PurchaseOption: opt, Placement: PlacementAWS}
				consider(c)
				for _, sb := range []string{model.SplitData, model.SplitPipeline} {
					for k := 1; k < 16; k++ {
						cs := c
						cs.Placement, cs.SplitBy, cs.SplitOnPrem = model.PlacementSplit, sb, k
						consider(cs)
					}
				}
			}
		}
	}
	placed := 0
	for _, p := range all {
		if p.Candidate.Placement != PlacementAWS {
			placed++
		}
	}
	if len(all) < 3 || placed == 0 {
		t.Fatalf("brute force found %d feasible candidates, %d of them placed on-prem or split: the grid does not exercise placement", len(all), placed)
	}
	bfFront := Frontier(all)
	if len(bfFront) != len(res.Frontier) {
		for _, p := range bfFront {
			t.Logf("bf: %s %+v $%.0f %.2f d", Describe(p.Candidate, p.Outcome), p.Candidate, p.Outcome.RunCostUSD, p.Outcome.Days)
		}
		for _, p := range res.Frontier {
			t.Logf("opt: %s $%.0f %.2f d", Describe(p.Candidate, p.Outcome), p.Outcome.RunCostUSD, p.Outcome.Days)
		}
		t.Fatalf("frontier: optimiser %d points, brute force %d", len(res.Frontier), len(bfFront))
	}
	for i := range bfFront {
		a, e := res.Frontier[i].Outcome, bfFront[i].Outcome
		if math.Abs(a.RunCostUSD-e.RunCostUSD) > 1e-6*e.RunCostUSD || math.Abs(a.Days-e.Days) > 1e-9*e.Days {
			t.Errorf("frontier %d: optimiser %s $%.2f %.4f d, brute force %s $%.2f %.4f d", i, Describe(res.Frontier[i].Candidate, a), a.RunCostUSD, a.Days, Describe(bfFront[i].Candidate, e), e.RunCostUSD, e.Days)
		}
	}
	for _, p := range res.Frontier {
		for _, q := range all {
			if q.Outcome.RunCostUSD < p.Outcome.RunCostUSD*(1-1e-9) && q.Outcome.Days < p.Outcome.Days*(1-1e-9) {
				t.Errorf("frontier point %s is dominated by %s", Describe(p.Candidate, p.Outcome), Describe(q.Candidate, q.Outcome))
			}
		}
	}
	t.Logf("%d feasible (%d placed on-prem or split), frontier %d points", len(all), placed, len(bfFront))
}

// TestOptimizeOnPremResidencyPlacement: a data set that must stay on-prem
// leaves only the onprem placement and pipeline splits (whose first stages,
// on-prem, read the tokens); the chosen plan passes the full evaluation
// with no data.residency finding.
func TestOptimizeOnPremResidencyPlacement(t *testing.T) {
	cat := DefaultCatalog()
	doc, err := LoadFile("../testdata/scenarios/onprem-burst-split.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Scenario
	s.Sites = append([]model.Site(nil), s.Sites...)
	s.Sites[0].Datasets = append([]model.Dataset(nil), s.Sites[0].Datasets...)
	s.Sites[0].Datasets[0].Residency = ResidencyOnPrem
	spec := OptimizeSpec{DeadlineDays: 400, InstanceTypes: []string{"p5.48xlarge"}, Nodes: []int{16, 32}, Regions: []string{"us-east-1"},
		PurchaseOptions: []string{model.PurchaseOnDemand}, KeepStorage: true, KeepLinks: true, KeepLayout: true}
	res, err := Optimize(s, cat, spec)
	if err != nil {
		t.Fatal(err)
	}
	if res.Best == nil || len(res.Frontier) == 0 {
		t.Fatalf("no plan: %s", res.Why)
	}
	for _, p := range res.Frontier {
		c := p.Candidate
		if c.Placement == PlacementAWS || (c.Placement == model.PlacementSplit && c.SplitBy != model.SplitPipeline) {
			t.Errorf("frontier point %s takes the on-prem data set to AWS", Describe(c, p.Outcome))
		}
	}
	if res.Pruned["data residency"] == 0 {
		t.Error("no aws candidate was cut for data residency")
	}
	best, _ := res.Scenario()
	for _, f := range Evaluate(best, cat, Options{}).Findings {
		if f.Code == "data.residency" {
			t.Errorf("the chosen plan raises %s: %s", f.Code, f.Title)
		}
	}
}

// TestOptimizeUltraServerNodeSteps: a type sold only as UltraServers of 9
// instances (p6e-gb200.36xlarge, capacity_block nodes_per_unit 9) gets the
// node counts 9, 18, 36 … within the default range (up to the
// placement-group limit, 512: 9 × 32 = 288 is the last), and the optimiser
// proposes it at those counts.
func TestOptimizeUltraServerNodeSteps(t *testing.T) {
	cat := DefaultCatalog()
	const it = "p6e-gb200.36xlarge"
	if k := UltraServerNodes(cat, it); k != 9 {
		t.Fatalf("UltraServerNodes(%s) = %d, want 9 (catalog capacity_block.nodes_per_unit)", it, k)
	}
	if k := UltraServerNodes(cat, "p5.48xlarge"); k != 1 {
		t.Fatalf("UltraServerNodes(p5.48xlarge) = %d, want 1", k)
	}
	doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec := OptimizeSpec{DeadlineDays: 120, InstanceTypes: []string{it, "p5.48xlarge"}, KeepStorage: true, KeepLinks: true}
	res, err := Optimize(doc.Scenario, cat, spec)
	if err != nil {
		t.Fatal(err)
	}
	g, err := res.Compiled().grid(spec)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{9, 18, 36, 72, 144, 288}
	if got := g.nodesOf(it); !slices.Equal(got, want) {
		t.Errorf("node grid of %s = %v, want %v", it, got, want)
	}
	if got := g.nodesOf("p5.48xlarge"); !slices.Contains(got, 1) || !slices.Contains(got, 512) {
		t.Errorf("node grid of p5.48xlarge = %v, want 1 … 512", got)
	}
	if res.Pruned["infeasible: UltraServer multiples"] != 0 {
		t.Errorf("%d candidates cut for UltraServer multiples: the grid should hold only legal counts", res.Pruned["infeasible: UltraServer multiples"])
	}
	found := false
	for _, p := range res.Frontier {
		if p.Candidate.InstanceType == it {
			found = true
			if p.Candidate.Nodes%9 != 0 {
				t.Errorf("frontier point %s: %d nodes is not a multiple of 9", Describe(p.Candidate, p.Outcome), p.Candidate.Nodes)
			}
		}
	}
	if !found {
		t.Errorf("%s is not on the frontier (at 120 days 72 and 144 of them are feasible)", it)
	}
}

// TestOptimizeDominanceCutKeepsFrontier: the dominance cut (lower bounds of
// time and cost against points already found) and the cheapest-first type
// order cut candidates but never change the frontier, on the default grid of
// scenario (a) and on the hybrid scenario with placements.
func TestOptimizeDominanceCutKeepsFrontier(t *testing.T) {
	cat := DefaultCatalog()
	for _, tc := range []struct {
		file string
		spec OptimizeSpec
	}{
		{"llm-pretraining.yaml", OptimizeSpec{DeadlineDays: 30}},
		{"tokyo-pretraining-dx.yaml", OptimizeSpec{DeadlineDays: 60, KeepLinks: true}},
		{"onprem-burst-split.yaml", OptimizeSpec{DeadlineDays: 120, Regions: []string{"us-east-1"}, KeepStorage: true, KeepLinks: true, Placements: []string{PlacementAWS, model.PlacementOnPrem}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			doc := mustLoad(t, tc.file)
			b, err := Compile(doc.Scenario, cat, "", true)
			if err != nil {
				t.Fatal(err)
			}
			g, err := b.grid(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			var r1, r2 OptimizeResult
			r1.Pruned, r2.Pruned = map[string]int{}, map[string]int{}
			with := Frontier(b.search(g, tc.spec, &r1, tc.spec.DeadlineDays, true))
			without := Frontier(b.search(g, tc.spec, &r2, tc.spec.DeadlineDays, false))
			if r1.Pruned[prunedDominated] == 0 {
				t.Errorf("the dominance cut cut nothing (evaluated %d of %d)", r1.Evaluated, r1.Grid)
			}
			if len(with) != len(without) || len(with) == 0 {
				t.Fatalf("frontier with the cut %d points, without %d", len(with), len(without))
			}
			for i := range with {
				a, e := with[i].Outcome, without[i].Outcome
				if a.RunCostUSD != e.RunCostUSD || a.Days != e.Days {
					t.Errorf("point %d: with the cut $%.2f %.4f d, without $%.2f %.4f d", i, a.RunCostUSD, a.Days, e.RunCostUSD, e.Days)
				}
			}
			t.Logf("evaluated %d with the cut, %d without; frontier %d points", r1.Evaluated, r2.Evaluated, len(with))
		})
	}
}

// TestOptimizeBaselineAsWritten: with the layout freed for the search, the
// baseline is still the scenario as written: its split placement on the
// job's own layout, with eval's time to train.
func TestOptimizeBaselineAsWritten(t *testing.T) {
	cat := DefaultCatalog()
	doc := mustLoad(t, "onprem-burst-split.yaml")
	res, err := Optimize(doc.Scenario, cat, OptimizeSpec{DeadlineDays: 400, InstanceTypes: []string{"p5.48xlarge"}, Nodes: []int{32}, Regions: []string{"us-east-1"}, KeepStorage: true, KeepLinks: true})
	if err != nil {
		t.Fatal(err)
	}
	days, _, _, feasible, _ := placedFromPlan(Evaluate(doc.Scenario, cat, Options{}))
	bo := res.Baseline.Outcome
	if !feasible || !bo.Feasible || res.Baseline.Candidate.Placement != model.PlacementSplit || math.Abs(bo.Days-days) > 1e-9*days {
		t.Errorf("baseline %s: feasible %v (%s), %.4f d; eval's split %.4f d (feasible %v)", Describe(res.Baseline.Candidate, bo), bo.Feasible, bo.Reason, bo.Days, days, feasible)
	}
}
