package planner

import (
	"maps"
	"reflect"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestSearchMemoIsExact: a plan evaluated with the layout searches
// remembered from an earlier evaluation (memoSearch) equals one evaluated
// with none remembered, for every shipped scenario; and a catalog figure
// the search reads (an accelerator's matmul efficiency) is part of what a
// search is remembered by, so a changed figure is never answered from the
// memo.
func TestSearchMemoIsExact(t *testing.T) {
	files := shippedScenarios(t)
	defer ForgetLayoutSearches()
	cat := DefaultCatalog()
	// The same catalog with every accelerator's efficiencies 10% lower.
	slower := shallowCatalog(cat)
	slower.Accelerators = maps.Clone(cat.Accelerators)
	for gen, a := range slower.Accelerators {
		a.MatmulEfficiency = maps.Clone(a.MatmulEfficiency)
		for k, e := range a.MatmulEfficiency {
			e.Value *= 0.9
			a.MatmulEfficiency[k] = e
		}
		slower.Accelerators[gen] = a
	}
	searched, differ := 0, 0
	for f, doc := range files {
		eval := func(c *model.Catalog) model.Plan { return Evaluate(doc.Scenario, c, Options{}) }
		// Each catalog's plan with nothing remembered.
		ForgetLayoutSearches()
		want := eval(cat)
		ForgetLayoutSearches()
		wantSlower := eval(slower)
		if !reflect.DeepEqual(want, wantSlower) {
			differ++
		}
		// With cat's searches remembered: cat again, then slower (which
		// must not be answered with cat's), then both again.
		ForgetLayoutSearches()
		eval(cat)
		searchMemo.Lock()
		searched += len(searchMemo.m)
		searchMemo.Unlock()
		for i, c := range []*model.Catalog{cat, slower, cat, slower} {
			w := want
			if c == slower {
				w = wantSlower
			}
			if got := eval(c); !reflect.DeepEqual(got, w) {
				t.Errorf("%s: evaluation %d (slower accelerators: %v) differs from the one with nothing remembered", f, i+1, c == slower)
			}
		}
	}
	if searched == 0 || differ == 0 {
		t.Fatalf("%d searches remembered, %d scenarios whose plan the slower catalog changes: the test checks nothing", searched, differ)
	}
}
