package planner

import (
	"reflect"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestFullCheckSeedIsTheSearch: the layout search a full check is seeded
// with (the optimiser's own free search for the type and node count) is
// exactly what the full evaluation would find searching under the point's
// pinned layout, and the optimiser's answer is the same with and without
// seeding.
func TestFullCheckSeedIsTheSearch(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	res, err := Optimize(s, cat, OptimizeSpec{DeadlineDays: 30})
	if err != nil || len(res.Frontier) == 0 {
		t.Fatal(err, res.Why)
	}
	seeded := 0
	for _, p := range res.Frontier {
		b, err := Compile(s, cat, "", true)
		if err != nil {
			t.Fatal(err)
		}
		b.fullLayouts = layoutCache{}
		te := b.typeFor(p.Candidate.InstanceType)
		se := b.stepFor(te, p.Candidate.Nodes, model.Layout{})
		sc := b.Apply(p.Candidate, p.Outcome.Layout)
		b.seedFullCheck(p, sc)
		if len(b.fullLayouts) == 0 {
			continue
		}
		seeded++
		j := sc.Workloads.Training[b.ji]
		accel := p.Candidate.Nodes * te.in.inst.AcceleratorCount
		k := layoutCacheKey{j.Name, p.Candidate.InstanceType, accel, constraintsOf(j), false}
		got, ok := b.fullLayouts[k]
		if !ok {
			t.Fatalf("%s: seeded under another key", Describe(p.Candidate, p.Outcome))
		}
		want := searchLayouts(te.in.space(accel), constraintsOf(j), false)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: seeded search %+v\nfull search %+v", Describe(p.Candidate, p.Outcome), got, want)
		}
		_ = se
		// The full evaluation finds the seed under its own key (the cache
		// does not grow) and plans exactly as it does searching afresh.
		withSeed := Evaluate(sc, cat, Options{layouts: b.fullLayouts})
		if len(b.fullLayouts) != 1 {
			t.Errorf("%s: the full evaluation searched under another key (%d entries)", Describe(p.Candidate, p.Outcome), len(b.fullLayouts))
		}
		fresh := Evaluate(sc, cat, Options{})
		if !reflect.DeepEqual(withSeed.Training, fresh.Training) || !reflect.DeepEqual(withSeed.Findings, fresh.Findings) {
			t.Errorf("%s: the seeded plan differs from a fresh one", Describe(p.Candidate, p.Outcome))
		}
	}
	if seeded == 0 {
		t.Fatal("no frontier point was seeded: the full checks all search again")
	}
	seedFullChecks = false
	t.Cleanup(func() { seedFullChecks = true })
	res2, err := Optimize(s, cat, OptimizeSpec{DeadlineDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Frontier, res2.Frontier) || !reflect.DeepEqual(res.Pruned, res2.Pruned) || res.Evaluated != res2.Evaluated || len(res.Rejected) != len(res2.Rejected) {
		t.Errorf("seeding changed the answer: %d vs %d frontier points, pruned %v vs %v", len(res.Frontier), len(res2.Frontier), res.Pruned, res2.Pruned)
	}
}
