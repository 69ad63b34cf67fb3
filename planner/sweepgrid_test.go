package planner

import (
	"math"
	"strconv"
	"testing"
)

// TestSweepGrid2FastMatchesFull: a two-field sweep over design dimensions
// (fast path) gives the same cells as the full evaluation of each point.
func TestSweepGrid2FastMatchesFull(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	x := SweepAxis{Path: "clusters[train].nodes", Values: []string{"16", "32", "64", "128", "0"}}
	y := SweepAxis{Path: "storage.fsx_lustre.capacity_tib", Values: []string{"2.4", "9.6", "48", "50"}}
	for _, fig := range FastSweepFigures {
		g, err := SweepGrid2(s, cat, x, y, fig, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !g.Fast {
			t.Fatalf("%s: nodes × FSx capacity should take the fast path", fig)
		}
		key := g.Figure.Key
		for i, xv := range x.Values {
			for j, yv := range y.Values {
				var f Figure
				want := fullCell(s, cat, key, x.Path, xv, y.Path, yv, Options{}, &f)
				got := g.Cells[i][j]
				if (got.Invalid != "") != (want.Invalid != "") || math.Abs(got.Value-want.Value) > 1e-9*math.Max(1, want.Value) {
					t.Errorf("%s at %s=%s, %s=%s: fast %+v, full %+v", key, x.Path, xv, y.Path, yv, got, want)
				}
				if got.Critical && !want.Critical {
					t.Errorf("%s at %s, %s: fast path critical, full evaluation not", key, xv, yv)
				}
			}
		}
	}
	// A field outside the design dimensions takes the full path.
	g, err := SweepGrid2(s, cat, x, SweepAxis{Path: "workloads.training[0].tokens_b", Values: []string{"1000", "2000"}}, "time_to_train_days", Options{})
	if err != nil || g.Fast || g.Cells[2][1].Value <= g.Cells[2][0].Value {
		t.Errorf("tokens sweep: fast %v, err %v, cells %+v", g.Fast, err, g.Cells[2])
	}
}

// BenchmarkSweepGrid64 is a 64 × 64 two-field sweep (node count 8–512 ×
// FSx capacity 2.4–153.6 TiB) of the cost per run, from the scenario as
// loaded: compile, 64 layout searches and 4,096 candidate evaluations.
// Target: under 100 ms.
func BenchmarkSweepGrid64(b *testing.B) {
	cat := DefaultCatalog()
	s := loadA(b)
	var x, y SweepAxis
	x.Path, y.Path = "clusters[train].nodes", "storage.fsx_lustre.capacity_tib"
	for i := 1; i <= 64; i++ {
		x.Values = append(x.Values, strconv.Itoa(8*i))
		y.Values = append(y.Values, strconv.FormatFloat(2.4*float64(i), 'f', 1, 64))
	}
	b.ReportAllocs()
	for b.Loop() {
		g, err := SweepGrid2(s, cat, x, y, "run_cost_usd", Options{})
		if err != nil || !g.Fast {
			b.Fatal(err, g.Fast)
		}
	}
}
