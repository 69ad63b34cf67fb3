package planner

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func loadRanged(t *testing.T) *Document {
	t.Helper()
	data, err := os.ReadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "      tokens_b: 2000\n", "      tokens_b: 1800..2200\n      overlap_fraction: {low: 0.3, typical: 0.5, high: 0.8}\n", 1)
	doc, err := Parse("ranged.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestUncertainBandsContainTypical: every band holds its typical value and
// every swing's figures bracket it or sit on it.
func TestUncertainBandsContainTypical(t *testing.T) {
	cat := DefaultCatalog()
	for _, doc := range []*Document{loadRanged(t), mustLoad(t, "tokyo-pretraining-dx.yaml"), mustLoad(t, "moe-pretraining.yaml"), mustLoad(t, "finetune-vpn.yaml")} {
		u, err := Uncertain(doc, cat, "", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range []Band{u.Days, u.RunCost, u.Monthly} {
			if !(b.Low <= b.Typical && b.Typical <= b.High) || b.Typical <= 0 {
				t.Errorf("%s: band %+v does not contain its typical value", doc.File, b)
			}
		}
		if len(u.Tornado) < 3 {
			t.Errorf("%s: only %d uncertain inputs", doc.File, len(u.Tornado))
		}
		for i, sw := range u.Tornado {
			if !(sw.Low <= sw.Typical && sw.Typical <= sw.High) {
				t.Errorf("%s: input %s range %g..%g..%g", doc.File, sw.Name, sw.Low, sw.Typical, sw.High)
			}
			if i > 0 && sw.Rank > u.Tornado[i-1].Rank {
				t.Errorf("%s: tornado not sorted at %s", doc.File, sw.Name)
			}
			// One input alone cannot move a figure past the all-inputs band.
			for _, c := range [][3]float64{{sw.DaysAtLow, sw.DaysAtHigh, 0}, {sw.RunAtLow, sw.RunAtHigh, 1}, {sw.MonthlyAtLow, sw.MonthlyAtHigh, 2}} {
				b := []Band{u.Days, u.RunCost, u.Monthly}[int(c[2])]
				for _, v := range c[:2] {
					if v < b.Low*(1-1e-9) || v > b.High*(1+1e-9) {
						t.Errorf("%s: %s moves a figure to %g, outside the band %g..%g", doc.File, sw.Name, v, b.Low, b.High)
					}
				}
			}
		}
	}
}

func mustLoad(t *testing.T, name string) *Document {
	t.Helper()
	doc, err := LoadFile("../testdata/scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestUncertainByHand checks two swings against hand-worked figures.
//
// tokens_b 1800..2200 around 2000: the time to train is steps × step time
// (+ checkpoint writes, a fixed share of the training time since one write
// falls every 60 minutes); steps = ⌈tokens / batch⌉, so the time scales with
// the token count: at 1800 it is 0.9 × the typical time and at 2200 1.1 ×
// (to within one step of rounding, < 1e-4 here).
//
// The price of a cost line enters linearly: a third-party-priced line of
// M USD/month with a ±15 % band moves the run-rate by exactly ±0.15 × M;
// the FSx line also moves the run cost by ±0.15 × M × (hours of the run /
// 730), the storage the run pays for.
func TestUncertainByHand(t *testing.T) {
	cat := DefaultCatalog()
	u, err := Uncertain(loadRanged(t), cat, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	d0 := u.Days.Typical
	found := 0
	for _, sw := range u.Tornado {
		switch {
		case sw.Name == "workloads.training[0].tokens_b":
			found++
			if math.Abs(sw.DaysAtLow/d0-0.9) > 1e-4 || math.Abs(sw.DaysAtHigh/d0-1.1) > 1e-4 {
				t.Errorf("tokens 1800/2200: %.4f / %.4f of the typical time, want 0.9 / 1.1", sw.DaysAtLow/d0, sw.DaysAtHigh/d0)
			}
		case sw.Kind == "price" && strings.HasPrefix(sw.Name, "price: FSx for Lustre"):
			found++
			m := sw.line.MonthlyUSD // 48 TiB × 1,000 GB × $0.21/GB-month = $10,080
			if sw.Confidence != "third-party" || math.Abs(m-48*1000*0.21) > 1e-6 {
				t.Fatalf("FSx line: %s, $%.2f/month; the hand figures assume third-party at $10,080", sw.Confidence, m)
			}
			if math.Abs((sw.MonthlyAtHigh-u.Monthly.Typical)-0.15*m) > 1e-6*m || math.Abs((u.Monthly.Typical-sw.MonthlyAtLow)-0.15*m) > 1e-6*m {
				t.Errorf("%s: run-rate moves %+.2f / %+.2f, want ±%.2f", sw.Name, sw.MonthlyAtHigh-u.Monthly.Typical, sw.MonthlyAtLow-u.Monthly.Typical, 0.15*m)
			}
			wantRun := 0.15 * m * d0 * 24 / 730
			if math.Abs((sw.RunAtHigh-u.RunCost.Typical)-wantRun) > 1e-6*wantRun {
				t.Errorf("%s: run cost moves %+.2f, want %+.2f", sw.Name, sw.RunAtHigh-u.RunCost.Typical, wantRun)
			}
		}
	}
	if found < 2 {
		t.Errorf("found %d of the hand-checked inputs", found)
	}
}

// TestRangeSyntax: ranges decode to their typical value, are recorded with
// their line, and bad ranges are diagnosed at their line.
func TestRangeSyntax(t *testing.T) {
	doc := loadRanged(t)
	j := doc.Scenario.Workloads.Training[0]
	if j.TokensB != 2000 || j.OverlapFraction == nil || *j.OverlapFraction != 0.5 || len(doc.Ranges) != 2 || doc.Ranges[0].Line == 0 {
		t.Fatalf("tokens %v, overlap %v, ranges %+v", j.TokensB, j.OverlapFraction, doc.Ranges)
	}
	for _, bad := range []string{"tokens_b: 2200..1800", "tokens_b: {low: 1, high: 2, mid: 3}", "tokens_b: {low: 1}", "tokens_b: {low: 1, typical: 5, high: 2}"} {
		data, _ := os.ReadFile("../testdata/scenarios/llm-pretraining.yaml")
		src := strings.Replace(string(data), "tokens_b: 2000", bad, 1)
		if _, err := Parse("bad.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "tokens_b") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// TestCatalogRangesSourced: every catalog figure with a range of its own
// holds its typical value inside it, says where the range comes from, and
// the uncertain inputs use it (not the default band). Hand-checked bands:
//   - efa_achievable_fraction: p5.48xlarge NCCL all_reduce busbw at 8 GiB,
//     321.10 GB/s at 32 nodes and 356.99 GB/s at 4 nodes over the 400 GB/s
//     (3,200 Gbps) EFA line rate: 0.803 and 0.892, written 0.80 and 0.89;
//   - dx_protocol_efficiency: 1448 / 1542 = 0.939 (1500-byte MTU, TCP
//     timestamps) and 8961 / 9043 = 0.991 (9001-byte jumbo MTU).
func TestCatalogRangesSourced(t *testing.T) {
	cat := DefaultCatalog()
	check := func(name string, k model.Constant) {
		if k.Low == 0 && k.High == 0 {
			return
		}
		if !(k.Low <= k.Value && k.Value <= k.High) {
			t.Errorf("%s: %g outside its range %g..%g", name, k.Value, k.Low, k.High)
		}
		if k.RangeNote == "" || (k.RangeSource == "" && k.URL == "") {
			t.Errorf("%s: a range without its source or note", name)
		}
	}
	n := 0
	for name, k := range cat.Constants {
		check(name, k)
		if k.Low > 0 || k.High > 0 {
			n++
		}
	}
	for gen, a := range cat.Accelerators {
		for prec, k := range a.MatmulEfficiency {
			check(gen+" "+prec, k)
		}
	}
	if n < 2 {
		t.Errorf("only %d catalog constants carry a sourced range", n)
	}
	for _, hc := range []struct {
		name      string
		low, high float64
	}{
		{"efa_achievable_fraction", 321.10 / 400, 356.99 / 400},
		{"dx_protocol_efficiency", 1448.0 / 1542, 8961.0 / 9043},
	} {
		k := cat.Constants[hc.name]
		if math.Abs(k.Low-hc.low) > 0.005 || math.Abs(k.High-hc.high) > 0.005 {
			t.Errorf("%s: range %g..%g, hand-worked %.3f..%.3f", hc.name, k.Low, k.High, hc.low, hc.high)
		}
	}
	u, err := Uncertain(mustLoad(t, "llm-pretraining.yaml"), cat, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, sw := range u.Tornado {
		seen[sw.Name] = true
		switch sw.Name {
		case "efa_achievable_fraction", "dx_protocol_efficiency", "matmul_efficiency (H100, bf16)":
			if !strings.HasPrefix(sw.Source, "catalog range (") {
				t.Errorf("%s: band source %q, want the catalog's sourced range", sw.Name, sw.Source)
			}
		case "overlap_fraction_default":
			if !strings.Contains(sw.Source, "default band") {
				t.Errorf("%s has no published spread: its band must say it is topoplan's default band, got %q", sw.Name, sw.Source)
			}
		}
	}
	for _, want := range []string{"efa_achievable_fraction", "matmul_efficiency (H100, bf16)"} {
		if !seen[want] {
			t.Errorf("%s is not among the uncertain inputs", want)
		}
	}
}
