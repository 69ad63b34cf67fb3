package planner

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func TestDefaultOverlayPathFollowsConfigDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	p, err := DefaultOverlayPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, dir) || filepath.Base(p) != UserOverlayName || filepath.Base(filepath.Dir(p)) != "topoplan" {
		t.Errorf("DefaultOverlayPath = %s, want under %s/…/topoplan/%s", p, dir, UserOverlayName)
	}
	if got, err := UserOverlay(); err != nil || got != "" {
		t.Errorf("UserOverlay with no file = %q, %v; want \"\"", got, err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := UserOverlay(); err != nil || got != p {
		t.Errorf("UserOverlay = %q, %v; want %s", got, err, p)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "overlay.json")
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			return "<" + err.Error() + ">"
		}
		return string(b)
	}
	t.Run("creates the file and its directory", func(t *testing.T) {
		if err := WriteFileAtomic(path, []byte("one"), 0o644, true); err != nil {
			t.Fatal(err)
		}
		if read(path) != "one" {
			t.Errorf("content %q", read(path))
		}
		if _, err := os.Stat(path + ".bak"); !os.IsNotExist(err) {
			t.Errorf("no previous file, so no .bak expected: %v", err)
		}
	})
	t.Run("keeps the previous file as .bak", func(t *testing.T) {
		if err := WriteFileAtomic(path, []byte("two"), 0o644, true); err != nil {
			t.Fatal(err)
		}
		if read(path) != "two" || read(path+".bak") != "one" {
			t.Errorf("file %q, .bak %q", read(path), read(path+".bak"))
		}
	})
	t.Run("a failed write leaves the file and no temporary behind", func(t *testing.T) {
		target := filepath.Join(dir, "sub", "is-a-dir")
		if err := os.MkdirAll(filepath.Join(target, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteFileAtomic(target, []byte("three"), 0o644, false); err == nil {
			t.Fatal("renaming over a non-empty directory should fail")
		}
		entries, _ := os.ReadDir(filepath.Join(dir, "sub"))
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("temporary file %s left behind", e.Name())
			}
		}
		if read(path) != "two" {
			t.Errorf("other file changed: %q", read(path))
		}
	})
}

func TestDiffOverlay(t *testing.T) {
	cat := &model.Catalog{
		Instances: map[string]model.Instance{"p5.48xlarge": {VCPUs: 192, Prices: map[string]model.InstancePrice{
			"us-east-1": {OnDemandUSDPerHour: 98.32, Source: model.Source{URL: "old", ReadOn: "2025-01-01", Confidence: model.ConfidenceThirdParty}},
		}}},
	}
	over := map[string]any{
		"read_on": "2026-11-23",
		"instances": map[string]any{"p5.48xlarge": map[string]any{
			"vcpus": 192,
			"prices": map[string]any{
				"us-east-1": map[string]any{"on_demand_usd_per_hour": 55.04, "confidence": "confirmed", "source": "new", "read_on": "2026-11-23"},
				"us-west-2": map[string]any{"on_demand_usd_per_hour": 55.04, "confidence": "confirmed"},
			},
		}},
	}
	changes, unchanged, err := DiffOverlay(cat, over)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{"instances.p5.48xlarge.prices.us-east-1.confidence", `"third-party"`, `"confirmed"`},
		{"instances.p5.48xlarge.prices.us-east-1.on_demand_usd_per_hour", "98.32", "55.04"},
		{"instances.p5.48xlarge.prices.us-west-2.confidence", "", `"confirmed"`},
		{"instances.p5.48xlarge.prices.us-west-2.on_demand_usd_per_hour", "", "55.04"},
	}
	if len(changes) != len(want) {
		t.Fatalf("changes %+v", changes)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, changes[i], want[i])
		}
	}
	// vcpus 192 is restated unchanged; source and read_on are not figures.
	if unchanged != 1 {
		t.Errorf("unchanged = %d, want 1 (vcpus)", unchanged)
	}
}

func TestLargeChanges(t *testing.T) {
	changes := []Change{
		{Path: "a.network_gbps", Old: "400", New: "100"},          // ×0.25: parser slip
		{Path: "b.accelerator_memory_gib", Old: "96", New: "512"}, // ×5.3
		{Path: "c.price", Old: "55.04", New: "41.528"},            // ×0.75: an ordinary change
		{Path: "d.price", Old: "10", New: "20"},                   // exactly ×2: not above the factor
		{Path: "e.price", Old: "", New: "35.76"},                  // a new figure
		{Path: "f.price", Old: "3", New: "0"},                     // to zero
		{Path: "g.confidence", Old: `"third-party"`, New: `"confirmed"`},
	}
	var got []string
	for _, c := range LargeChanges(changes, 2) {
		got = append(got, c.Path)
	}
	want := []string{"a.network_gbps", "b.accelerator_memory_gib", "f.price"}
	if !slices.Equal(got, want) {
		t.Errorf("LargeChanges = %v, want %v", got, want)
	}
}

// TestDiffOverlayTiers: a tier list as long as the catalog's is compared
// tier by tier, so a tier whose rate more than doubles is flagged on its
// own; a list of another length (tiers added where there were none) is one
// new figure.
func TestDiffOverlayTiers(t *testing.T) {
	tiers := []model.EgressTier{{UpToTB: 50, USDPerGB: 0.023}, {UpToTB: 500, USDPerGB: 0.022}, {UpToTB: 0, USDPerGB: 0.021}}
	cat := &model.Catalog{Regions: map[string]model.RegionPrices{
		"us-east-1":      {S3StandardTiers: tiers},
		"ap-northeast-1": {},
	}}
	list := func(rates ...float64) []any {
		bounds := []float64{50, 500, 0}
		var out []any
		for i, r := range rates {
			out = append(out, map[string]any{"up_to_tb": bounds[i], "usd_per_gb": r})
		}
		return out
	}
	over := map[string]any{"regions": map[string]any{
		// 0.022 -> 0.05 is ×2.3 (a slip); the other tiers restate the catalog.
		"us-east-1":      map[string]any{"s3_standard_tiers": list(0.023, 0.05, 0.021)},
		"ap-northeast-1": map[string]any{"s3_standard_tiers": list(0.025, 0.024, 0.023)},
	}}
	changes, unchanged, err := DiffOverlay(cat, over)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 2 || changes[1].Path != "regions.us-east-1.s3_standard_tiers[1].usd_per_gb" || changes[1].Old != "0.022" || changes[1].New != "0.05" ||
		changes[0].Path != "regions.ap-northeast-1.s3_standard_tiers" || changes[0].Old != "" {
		t.Fatalf("changes %+v", changes)
	}
	// Three bounds and two rates of us-east-1 are restated unchanged.
	if unchanged != 5 {
		t.Errorf("unchanged = %d, want 5", unchanged)
	}
	if large := LargeChanges(changes, 2); len(large) != 1 || large[0] != changes[1] {
		t.Errorf("LargeChanges = %+v, want the us-east-1 second tier only", large)
	}
}

// TestDiffOverlayUnsetFigure: a Region price the catalog lacks marshals as
// zeros; reading it is a new figure (old ""), not a change from 0 that
// LargeChanges would flag.
func TestDiffOverlayUnsetFigure(t *testing.T) {
	cat := &model.Catalog{Regions: map[string]model.RegionPrices{"eu-north-1": {NATGatewayHour: model.Price{USD: 0.046, Unit: "hour"}}}}
	over := map[string]any{"regions": map[string]any{"eu-north-1": map[string]any{
		"nat_gateway_gb":   map[string]any{"usd": 0.046, "unit": "GB"},
		"nat_gateway_hour": map[string]any{"usd": 0.1, "unit": "hour"},
	}}}
	changes, _, err := DiffOverlay(cat, over)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{"regions.eu-north-1.nat_gateway_gb.unit", "", `"GB"`},
		{"regions.eu-north-1.nat_gateway_gb.usd", "", "0.046"},
		{"regions.eu-north-1.nat_gateway_hour.usd", "0.046", "0.1"},
	}
	if !slices.Equal(changes, want) {
		t.Fatalf("changes %+v, want %+v", changes, want)
	}
	// 0.1 / 0.046 = 2.2: flagged; the new figure is not.
	if large := LargeChanges(changes, 2); len(large) != 1 || large[0] != want[2] {
		t.Errorf("LargeChanges = %+v", large)
	}
}
