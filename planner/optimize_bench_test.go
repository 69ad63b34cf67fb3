package planner

import (
	"testing"

	"github.com/topoplan/topoplan/model"
)

// BenchmarkOptimizeCandidates runs the whole optimiser on scenario (a)
// (default grid: every type, node counts 1–512, every Region, three
// purchase options, 32 FSx choices, DX ports; 30-day deadline): compile,
// layout searches, pruning, candidate evaluation and the full evaluation
// of frontier points. It reports grid candidates decided per second
// (grid/s) and candidates evaluated per second (evaluated/s).
// Target: ≥ 100,000 candidates per second on one core (-cpu 1).
func BenchmarkOptimizeCandidates(b *testing.B) {
	cat := DefaultCatalog()
	s := loadA(b)
	var grid, evaluated int
	b.ReportAllocs()
	for b.Loop() {
		res, err := Optimize(s, cat, OptimizeSpec{DeadlineDays: 30})
		if err != nil || res.Best == nil {
			b.Fatal(err)
		}
		grid, evaluated = grid+res.Grid, evaluated+res.Evaluated
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(grid)/sec, "grid/s")
	b.ReportMetric(float64(evaluated)/sec, "evaluated/s")
}

// BenchmarkCandidateEvaluate measures one fast-path evaluation on a
// compiled baseline, cycling through candidates that vary the instance
// type, node count, Region, purchase option, FSx tier and size and DX ports
// (layout searches cached, as in the optimiser). Target: ≤ 10 µs
// (≥ 100,000 evaluations per second on one core).
func BenchmarkCandidateEvaluate(b *testing.B) {
	cat := DefaultCatalog()
	c, err := Compile(loadA(b), cat, "", false)
	if err != nil {
		b.Fatal(err)
	}
	var cands []Candidate
	for _, it := range []string{"p5.48xlarge", "p5en.48xlarge", "p4d.24xlarge"} {
		for _, n := range []int{32, 64, 128} {
			for _, r := range []string{"us-east-1", "us-west-2"} {
				for _, o := range []string{model.PurchaseOnDemand, model.PurchaseCapacityBlock} {
					for _, f := range []float64{48, 96} {
						for _, dx := range []float64{10, 100} {
							cands = append(cands, Candidate{InstanceType: it, Nodes: n, Region: r, PurchaseOption: o, FSxCapacityTiB: f, DXSpeedGbps: dx})
						}
					}
				}
			}
		}
	}
	for _, k := range cands {
		c.Evaluate(k) // warm the layout and Region caches
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = c.Evaluate(cands[i%len(cands)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}
