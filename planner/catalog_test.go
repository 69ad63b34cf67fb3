package planner

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/topoplan/topoplan/model"
)

// TestEmbeddedCatalogIsSourced checks the rule that every catalog figure
// carries its public source, the date it was read and a confidence level.
func TestEmbeddedCatalogIsSourced(t *testing.T) {
	cat := DefaultCatalog()
	levels := []string{model.ConfidenceConfirmed, model.ConfidenceThirdParty, model.ConfidenceDerived, model.ConfidenceEstimate}
	check := func(what string, s model.Source) {
		t.Helper()
		if s.URL == "" || s.ReadOn == "" || !slices.Contains(levels, s.Confidence) {
			t.Errorf("%s: source %q, read_on %q, confidence %q", what, s.URL, s.ReadOn, s.Confidence)
		}
		if _, err := time.Parse("2006-01-02", s.ReadOn); s.ReadOn != "" && err != nil {
			t.Errorf("%s: read_on %q is not YYYY-MM-DD", what, s.ReadOn)
		}
	}
	required := []string{"p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge",
		"p6-b200.48xlarge", "g5.48xlarge", "g6e.48xlarge", "trn1.32xlarge", "trn2.48xlarge"}
	for _, name := range required {
		in, ok := cat.Instances[name]
		if !ok {
			t.Errorf("catalog lacks %s", name)
			continue
		}
		if in.AcceleratorCount == 0 || in.PeakDenseBF16TFLOPS == 0 || in.NetworkGbps == 0 || in.VCPUs == 0 || in.IntraNodeGBpsPerAccel == 0 {
			t.Errorf("%s: incomplete specs %+v", name, in)
		}
		check(name+" specs", in.SpecSource)
		check(name+" compute", in.ComputeSource)
		check(name+" intra-node", in.IntraNodeSource)
		for _, r := range []string{"us-east-1", "us-west-2"} {
			p, ok := in.Prices[r]
			if !ok || p.OnDemandUSDPerHour <= 0 {
				t.Errorf("%s: no on-demand price in %s", name, r)
			}
			check(name+" price "+r, p.Source)
			if p.CapacityBlockSource != nil {
				check(name+" capacity block "+r, *p.CapacityBlockSource)
			}
		}
	}
	for r, rp := range cat.Regions {
		prices := map[string]model.Price{
			"dx_data_transfer_out": rp.DXDataTransferOut, "vpn_connection_hour": rp.VPNConnectionHour,
			"inter_az": rp.InterAZ, "inter_region": rp.InterRegion, "nat_gateway_hour": rp.NATGatewayHour,
			"nat_gateway_gb": rp.NATGatewayGB, "interface_endpoint_hour": rp.InterfaceEndpointHour,
			"interface_endpoint_gb": rp.InterfaceEndpointGB, "transit_gateway_attachment_hour": rp.TransitGatewayAttachmentHour,
			"transit_gateway_gb": rp.TransitGatewayGB, "s3_standard_gb_month": rp.S3StandardGBMonth,
		}
		for k, v := range rp.FSxLustre {
			prices["fsx "+k] = v
		}
		for k, v := range rp.DXPortHour {
			prices["dx port "+k] = v
		}
		for k, v := range rp.DXHostedPortHour {
			prices["dx hosted "+k] = v
		}
		for k, p := range prices {
			if p.USD <= 0 || p.Unit == "" {
				t.Errorf("%s %s: price %v %q", r, k, p.USD, p.Unit)
			}
			check(r+" "+k, p.Source)
		}
		check(r+" internet egress", rp.InternetEgressSource)
		for _, speed := range DedicatedDXSpeedsGbps {
			if _, ok := rp.DXPortHour[formatGbps(speed)]; !ok {
				t.Errorf("%s: no dedicated DX price for %g Gbps", r, speed)
			}
		}
		if n := len(rp.InternetEgress); n == 0 || rp.InternetEgress[n-1].UpToTB != 0 {
			t.Errorf("%s: egress tiers must end with an unbounded tier", r)
		}
	}
	for k, c := range cat.Constants {
		check("constant "+k, c.Source)
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
	if p.OnDemandUSDPerHour != 40 || p.Confidence != model.ConfidenceUser || p.URL != "user catalog overlay" {
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

func TestStaleCatalogFinding(t *testing.T) {
	doc, err := LoadFile("../testdata/scenarios/finetune-vpn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat := DefaultCatalog()
	read, _ := time.Parse("2006-01-02", cat.ReadOn)
	fresh := Evaluate(doc.Scenario, cat, Options{Now: read.AddDate(0, 0, 30)})
	stale := Evaluate(doc.Scenario, cat, Options{Now: read.AddDate(0, 0, 120)})
	has := func(p model.Plan) bool {
		for _, f := range p.Findings {
			if f.Code == "catalog.stale" {
				return true
			}
		}
		return false
	}
	if has(fresh) || !has(stale) {
		t.Errorf("stale finding: at 30 days %v (want false), at 120 days %v (want true)", has(fresh), has(stale))
	}
}
