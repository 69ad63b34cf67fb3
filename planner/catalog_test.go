package planner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/topoplan/topoplan/model"
)

// TestEmbeddedCatalogIsSourced is the property test of the catalog rule:
// every price and spec carries its public source, the date it was read and a
// confidence level from the one ladder (docs/catalog.md), and every price is
// a positive number.
func TestEmbeddedCatalogIsSourced(t *testing.T) {
	cat := DefaultCatalog()
	levels := []string{model.ConfidenceConfirmed, model.ConfidenceThirdParty, model.ConfidenceEstimate}
	check := func(what string, s model.Source, allowed []string) {
		t.Helper()
		if s.URL == "" || s.ReadOn == "" || !slices.Contains(allowed, s.Confidence) {
			t.Errorf("%s: source %q, read_on %q, confidence %q", what, s.URL, s.ReadOn, s.Confidence)
		}
		if _, err := time.Parse("2006-01-02", s.ReadOn); s.ReadOn != "" && err != nil {
			t.Errorf("%s: read_on %q is not YYYY-MM-DD", what, s.ReadOn)
		}
	}
	figures := CatalogPrices(cat)
	if len(figures) < 200 {
		t.Fatalf("only %d priced figures: the walk misses some", len(figures))
	}
	for _, f := range figures {
		check(f.Path, f.Source, levels)
		if f.USD <= 0 {
			t.Errorf("%s: price %v", f.Path, f.USD)
		}
	}
	required := []string{"p4d.24xlarge", "p4de.24xlarge", "p5.4xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge",
		"p6-b200.48xlarge", "p6-b300.48xlarge", "g5.48xlarge", "g6.48xlarge", "g6e.48xlarge", "trn1.32xlarge", "trn1n.32xlarge",
		"trn2.48xlarge", "inf2.48xlarge", "p6e-gb200.36xlarge"}
	for _, name := range required {
		in, ok := cat.Instances[name]
		if !ok {
			t.Errorf("catalog lacks %s", name)
			continue
		}
		if in.AcceleratorCount == 0 || in.NetworkGbps == 0 || in.VCPUs == 0 || in.AcceleratorMemoryGiB == 0 {
			t.Errorf("%s: incomplete specs %+v", name, in)
		}
		check(name+" specs", in.SpecSource, levels)
		check(name+" compute", in.ComputeSource, levels)
		check(name+" intra-node", in.IntraNodeSource, levels)
		if len(in.Prices) == 0 {
			t.Errorf("%s: no offering in any Region", name)
		}
		for r, p := range in.Prices {
			if len(model.OfferedOptions(p)) == 0 {
				t.Errorf("%s %s: a Region entry with nothing sold", name, r)
			}
			if cb := p.CapacityBlock; cb != nil {
				if _, err := time.Parse("2006-01-02", cb.EffectiveOn); err != nil {
					t.Errorf("%s %s: capacity block rate without an effective date", name, r)
				}
			}
		}
	}
	// Every type, required or not, carries sourced specs; a type with no
	// offering at all (trn2u.48xlarge: specs sourced, no price found) is
	// allowed, but a Region entry must sell something.
	for name, in := range cat.Instances {
		check(name+" specs", in.SpecSource, levels)
		check(name+" compute", in.ComputeSource, levels)
		check(name+" intra-node", in.IntraNodeSource, levels)
		for r, p := range in.Prices {
			if len(model.OfferedOptions(p)) == 0 {
				t.Errorf("%s %s: a Region entry with nothing sold", name, r)
			}
		}
	}
	for _, r := range []string{"us-east-1", "us-east-2", "us-west-2", "ap-northeast-1", "eu-north-1", "eu-west-2"} {
		rp, ok := cat.Regions[r]
		if !ok {
			t.Errorf("catalog lacks Region %s", r)
			continue
		}
		for _, speed := range DedicatedDXSpeedsGbps {
			if _, ok := rp.DXPortHour[formatGbps(speed)]; !ok {
				t.Errorf("%s: no dedicated DX price for %g Gbps", r, speed)
			}
		}
		if n := len(rp.InternetEgress); n == 0 || rp.InternetEgress[n-1].UpToTB != 0 {
			t.Errorf("%s: egress tiers must end with an unbounded tier", r)
		}
		check(r+" internet egress", rp.InternetEgressSource, levels)
	}
	check("capacity block rules", cat.CapacityBlocks.Source, levels)
	check("DX locations", cat.DXLocationsSource, levels)
	for k, c := range cat.Constants {
		check("constant "+k, c.Source, append(levels, model.ConfidenceDerived))
	}
}

func formatGbps(g float64) string { return model.FormatUSD(g, 0) }

func TestCatalogOverlay(t *testing.T) {
	dir := t.TempDir()
	overlay := filepath.Join(dir, "negotiated.yaml")
	// A negotiated p5 price and an on-prem cost constant; everything else stays.
	if err := os.WriteFile(overlay, []byte(`
instances:
  p5.48xlarge:
    prices:
      us-east-1:
        on_demand_usd_per_hour: 40
`), 0o644); err != nil {
		t.Fatal(err)
	}
	base := DefaultCatalog()
	cat, err := LoadCatalog(overlay)
	if err != nil {
		t.Fatal(err)
	}
	p := cat.Instances["p5.48xlarge"].Prices["us-east-1"]
	if p.OnDemandUSDPerHour != 40 || p.Confidence != model.ConfidenceUser || p.URL != "user catalog overlay negotiated.yaml" || p.Note != "" {
		t.Errorf("overlay price not applied as a user figure: %+v", p)
	}
	if got, want := cat.Instances["p5.48xlarge"].PeakDenseBF16TFLOPS, base.Instances["p5.48xlarge"].PeakDenseBF16TFLOPS; got != want {
		t.Errorf("overlay dropped unrelated specs: TFLOPS %v, want %v", got, want)
	}
	if got, want := cat.Instances["p5.48xlarge"].Prices["us-west-2"], base.Instances["p5.48xlarge"].Prices["us-west-2"]; got.OnDemandUSDPerHour != want.OnDemandUSDPerHour {
		t.Errorf("overlay dropped the us-west-2 price")
	}
	if len(cat.Overlays) != 1 || cat.Overlays[0] != "negotiated.yaml" {
		t.Errorf("overlays %v", cat.Overlays)
	}
	if _, err := LoadCatalog(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing overlay must be an error")
	}
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte("{not json"), 0o644)
	if _, err := LoadCatalog(bad); err == nil {
		t.Error("malformed overlay must be an error")
	}
}

func TestCatalogAge(t *testing.T) {
	cat := &model.Catalog{ReadOn: "2026-08-01"}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	// 1 Aug → 23 Nov: 30 (Aug) + 30 (Sep) + 31 (Oct) + 22 (Nov) = 114 days.
	if got := CatalogAgeDays(cat, now); got != 114 {
		t.Errorf("age %d, want 114", got)
	}
}

// TestStaleCatalogFinding checks that staleness is judged on the oldest
// figure the plan uses, named in the finding, not on the snapshot's date.
func TestStaleCatalogFinding(t *testing.T) {
	doc, err := LoadFile("../testdata/scenarios/finetune-vpn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat := DefaultCatalog()
	plan := Evaluate(doc.Scenario, cat, Options{})
	if plan.Catalog.OldestReadOn == "" || plan.Catalog.OldestFigure == "" {
		t.Fatalf("plan does not name its oldest figure: %+v", plan.Catalog)
	}
	oldest, _ := time.Parse("2006-01-02", plan.Catalog.OldestReadOn)
	if snap, _ := time.Parse("2006-01-02", cat.ReadOn); !oldest.Before(snap) {
		t.Fatalf("oldest figure %s is not older than the snapshot %s: the test would not tell the two rules apart", plan.Catalog.OldestReadOn, cat.ReadOn)
	}
	stale := func(now time.Time) *model.Finding {
		for _, f := range Evaluate(doc.Scenario, cat, Options{Now: now}).Findings {
			if f.Code == "catalog.stale" {
				return &f
			}
		}
		return nil
	}
	tests := []struct {
		name  string
		now   time.Time
		stale bool
	}{
		{"30 days after the oldest figure", oldest.AddDate(0, 0, 30), false},
		{"120 days after the oldest figure, though the snapshot is younger", oldest.AddDate(0, 0, 120), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := stale(tt.now)
			if (f != nil) != tt.stale {
				t.Fatalf("stale finding %v, want %v", f != nil, tt.stale)
			}
			if f != nil && !strings.Contains(f.Title, plan.Catalog.OldestFigure) {
				t.Errorf("finding %q does not name the oldest figure %q", f.Title, plan.Catalog.OldestFigure)
			}
			// 120 days after the oldest figure: its age, its date, the limit
			// and the evaluation date, all in the title.
			if f != nil {
				want := fmt.Sprintf("is 120 days old: %s (read %s; limit 90 days on %s)", plan.Catalog.OldestFigure, plan.Catalog.OldestReadOn, tt.now.Format("2006-01-02"))
				if !strings.Contains(f.Title, want) {
					t.Errorf("title %q lacks %q", f.Title, want)
				}
				if !strings.Contains(f.Detail, "dated cost lines rest on figures read more than 90 days") {
					t.Errorf("detail %q does not count the lines past the limit", f.Detail)
				}
			}
		})
	}
}

// TestCatalogOverlayStrictAndUser checks that an overlay's typo is an error
// at its line with a suggestion, and that an overlaid figure carries the
// user label with the overlay's own note and source, never the embedded
// figure's (e.g. a negotiated Capacity Block rate is not "confirmed" with
// AWS's URL).
func TestCatalogOverlayStrictAndUser(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, file, body string
		want             []string
	}{
		{"typo in a price key (YAML)", "typo.yaml", "instances:\n  p5.48xlarge:\n    prices:\n      us-east-1:\n        on_demand_usd_per_hr: 40\n",
			[]string{"typo.yaml:5:9: instances.p5.48xlarge.prices.us-east-1.on_demand_usd_per_hr: unknown key \"on_demand_usd_per_hr\"; did you mean on_demand_usd_per_hour?"}},
		{"typo at the top (JSON)", "typo.json", "{\n  \"regoins\": {}\n}\n",
			[]string{"typo.json:2:3: regoins: unknown key \"regoins\"; did you mean regions?"}},
		{"old capacity block key", "old.yaml", "instances:\n  p4d.24xlarge:\n    prices:\n      us-east-1:\n        capacity_block_usd_per_hour: 10\n",
			[]string{"old.yaml:5:9:", "capacity_block: {usd_per_hour"}},
		{"typo in a Region price", "r.yaml", "regions:\n  ap-northeast-1:\n    nat_gateway_hour: {usd: 0.062, unti: hour}\n",
			[]string{"r.yaml:3:36: regions.ap-northeast-1.nat_gateway_hour.unti: unknown key \"unti\"; did you mean unit?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCatalog(write(tt.file, tt.body))
			var ds Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("want Diagnostics, got %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in:\n%v", w, err)
				}
			}
		})
	}

	t.Run("negotiated Capacity Block rate is a user figure", func(t *testing.T) {
		cat, err := LoadCatalog(write("cb.yaml", "instances:\n  p5.48xlarge:\n    prices:\n      us-east-1:\n        capacity_block: {usd_per_hour: 30, note: quote Q-123}\n"))
		if err != nil {
			t.Fatal(err)
		}
		cb := cat.Instances["p5.48xlarge"].Prices["us-east-1"].CapacityBlock
		if cb.USDPerHour != 30 || cb.Confidence != model.ConfidenceUser || cb.Note != "quote Q-123" || cb.URL != "user catalog overlay cb.yaml" || cb.ReadOn != "" {
			t.Errorf("got %+v", *cb)
		}
		od := cat.Instances["p5.48xlarge"].Prices["us-east-1"]
		if od.Confidence != model.ConfidenceConfirmed {
			t.Errorf("the on-demand offering the overlay did not touch changed: %+v", od.Source)
		}
	})
	t.Run("overlaid spec relabels its source", func(t *testing.T) {
		cat, err := LoadCatalog(write("spec.yaml", "instances:\n  g6.48xlarge:\n    peak_dense_bf16_tflops: 121\n"))
		if err != nil {
			t.Fatal(err)
		}
		in := cat.Instances["g6.48xlarge"]
		if in.PeakDenseBF16TFLOPS != 121 || in.ComputeSource.Confidence != model.ConfidenceUser {
			t.Errorf("got %v %+v", in.PeakDenseBF16TFLOPS, in.ComputeSource)
		}
	})
	t.Run("overlaid memory bandwidth relabels its own source only", func(t *testing.T) {
		cat, err := LoadCatalog(write("bw.yaml", "instances:\n  trn2u.48xlarge:\n    accelerator_memory_bandwidth_tbps: 2.8\n"))
		if err != nil {
			t.Fatal(err)
		}
		in := cat.Instances["trn2u.48xlarge"]
		if in.AcceleratorMemoryBandwidthTBps != 2.8 || in.MemoryBandwidthSource.Confidence != model.ConfidenceUser || in.MemoryBandwidthSource.URL != "user catalog overlay bw.yaml" {
			t.Errorf("got %v %+v", in.AcceleratorMemoryBandwidthTBps, in.MemoryBandwidthSource)
		}
		if in.SpecSource.Confidence != model.ConfidenceConfirmed {
			t.Errorf("the spec source the overlay did not touch changed: %+v", in.SpecSource)
		}
	})
	t.Run("a refresh overlay keeps its confidence", func(t *testing.T) {
		cat, err := LoadCatalog(write("refresh.json", `{"generated_by": "`+RefreshGenerator+`", "instances": {"p5.48xlarge": {"prices": {"us-east-1": {"on_demand_usd_per_hour": 55.04, "confidence": "confirmed", "source": "AWS Price List Query API", "read_on": "2026-12-01"}}}}}`))
		if err != nil {
			t.Fatal(err)
		}
		if p := cat.Instances["p5.48xlarge"].Prices["us-east-1"]; p.Confidence != model.ConfidenceConfirmed || p.ReadOn != "2026-12-01" {
			t.Errorf("got %+v", p.Source)
		}
	})
}

// TestEmbeddedCatalogFastPath: without overlays LoadCatalog decodes the
// snapshot straight into the struct; an empty overlay goes through the
// merge (map, re-encode, struct). Both must give the same catalog.
func TestEmbeddedCatalogFastPath(t *testing.T) {
	fast, err := LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(t.TempDir(), "empty.json")
	if err := os.WriteFile(empty, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	merged, err := LoadCatalog(empty)
	if err != nil {
		t.Fatal(err)
	}
	if len(merged.Overlays) != 1 {
		t.Fatalf("overlays %v", merged.Overlays)
	}
	merged.Overlays = nil
	if !reflect.DeepEqual(fast, merged) {
		t.Error("the direct decode of the snapshot differs from the merged one")
	}
}

// BenchmarkLoadCatalog is the embedded catalog's decode, on every start.
func BenchmarkLoadCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadCatalog(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEmbeddedCatalogVersion: the header read for `version` is the full
// decode's.
func TestEmbeddedCatalogVersion(t *testing.T) {
	cat := DefaultCatalog()
	v, r := EmbeddedCatalogVersion()
	if v == "" || v != cat.Version || r != cat.ReadOn {
		t.Errorf("header %q %q, catalog %q %q", v, r, cat.Version, cat.ReadOn)
	}
}
