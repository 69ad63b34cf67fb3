package planner

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/topoplan/topoplan/model"
)

// TestMemoryBandwidthIsSourced checks that every accelerated instance type
// carries its accelerator's peak memory bandwidth in TB/s with a source, a
// date and a confidence, and that the figures are the published ones:
//
//	A100 40GB 1.555, A100 80GB 2.039 (NVIDIA A100 datasheet, via Glenn Lockwood's notes)
//	H100 SXM 3.35, H200 4.8, B200 / B300 / GB200's B200 8 (NVIDIA figures, third-party copies)
//	A10G 0.6, L4 0.3, L40S 0.864 (GDDR6; NVIDIA figures, third-party copies)
//	Trainium, Inferentia2 0.82 (AWS Neuron NKI guide: 820 GB/s)
//	Trainium2 2.9 (AWS Neuron trainium2.rst: 2.9 TB/sec; 46.4 TB/s / 16 chips)
func TestMemoryBandwidthIsSourced(t *testing.T) {
	want := map[string]float64{
		"p4d.24xlarge": 1.555, "p4de.24xlarge": 2.039,
		"p5.4xlarge": 3.35, "p5.48xlarge": 3.35, "p5e.48xlarge": 4.8, "p5en.48xlarge": 4.8,
		"p6-b200.48xlarge": 8, "p6-b300.48xlarge": 8, "p6e-gb200.36xlarge": 8,
		"g5.48xlarge": 0.6, "g6.48xlarge": 0.3, "g6e.48xlarge": 0.864,
		"trn1.32xlarge": 0.82, "trn1n.32xlarge": 0.82, "inf2.48xlarge": 0.82,
		"trn2.48xlarge": 2.9, "trn2u.48xlarge": 2.9,
	}
	cat := DefaultCatalog()
	for _, name := range InstanceTypes(cat) {
		in := cat.Instances[name]
		if in.AcceleratorCount == 0 {
			continue
		}
		w, ok := want[name]
		if !ok {
			t.Errorf("%s: no expected memory bandwidth in this test; add the published figure", name)
			continue
		}
		if in.AcceleratorMemoryBandwidthTBps != w {
			t.Errorf("%s: accelerator_memory_bandwidth_tbps %g, want %g", name, in.AcceleratorMemoryBandwidthTBps, w)
		}
		s := in.MemoryBandwidthSource
		if s.URL == "" || s.Confidence == "" || s.Note == "" {
			t.Errorf("%s: memory bandwidth source %+v", name, s)
		}
		if _, err := time.Parse("2006-01-02", s.ReadOn); err != nil {
			t.Errorf("%s: memory bandwidth read_on %q", name, s.ReadOn)
		}
	}
}

// TestUltraServerOffering checks the p6e-gb200 offering against AWS's
// Capacity Blocks page (2026-07-22 scrape): u-p6e-gb200x36 at $380.952 per
// UltraServer-hour in the Dallas Local Zone; 36 GPUs / 4 per instance = 9
// instances, so $380.952 / 9 = $42.328 per instance-hour (the x72, 18
// instances at $761.904, is the same rate).
func TestUltraServerOffering(t *testing.T) {
	cat := DefaultCatalog()
	p := cat.Instances["p6e-gb200.36xlarge"].Prices["us-east-1"]
	if _, ok := model.Offer(p, model.PurchaseOnDemand); ok {
		t.Error("p6e-gb200.36xlarge priced on-demand; AWS sells it only as UltraServer Capacity Blocks")
	}
	o, ok := model.Offer(p, model.PurchaseCapacityBlock)
	if !ok {
		t.Fatal("p6e-gb200.36xlarge has no Capacity Block offering in us-east-1")
	}
	cb := o.CapacityBlock
	if cb.NodesPerUnit != 9 || cb.UltraServer != "u-p6e-gb200x36" || cb.Location != "us-east-1-dfw-2a" {
		t.Errorf("UltraServer %q of %d in %q", cb.UltraServer, cb.NodesPerUnit, cb.Location)
	}
	if got := o.USDPerHour * float64(cb.NodesPerUnit); got < 380.951 || got > 380.953 {
		t.Errorf("per UltraServer-hour %g, want 380.952", got)
	}
	if got := o.USDPerHour * 18; got < 761.903 || got > 761.905 {
		t.Errorf("u-p6e-gb200x72 (18 instances) per hour %g, want 761.904", got)
	}
}

// TestUnpricedTypeIsNeitherPricedNorProposed checks that an instance type
// with sourced specs and no sourced price (trn2u.48xlarge, the Trn2
// UltraServer node) is reported as unpriced, is refused by the validator
// under every option in every Region, and is never proposed by optimize.
func TestUnpricedTypeIsNeitherPricedNorProposed(t *testing.T) {
	cat := DefaultCatalog()
	in, ok := cat.Instances["trn2u.48xlarge"]
	if !ok {
		t.Fatal("catalog lacks trn2u.48xlarge")
	}
	if HasOffering(in) {
		t.Fatal("trn2u.48xlarge has an offering; none was sourced")
	}
	if !HasOffering(cat.Instances["trn2.48xlarge"]) {
		t.Error("trn2.48xlarge lost its Capacity Block offering")
	}
	if msg := WhereSold(cat, "trn2u.48xlarge"); !strings.Contains(msg, "no priced offering") {
		t.Errorf("WhereSold: %q", msg)
	}
	for _, r := range SortedKeys(cat.Regions) {
		for _, o := range model.PurchaseOptions {
			if Sold(cat, "trn2u.48xlarge", r, o) {
				t.Errorf("trn2u.48xlarge sold as %s in %s", o, r)
			}
		}
	}
	base := loadA(t)
	base, _ = SetField(base, "clusters[train].nodes", "4")
	for _, r := range []string{"us-east-1", "us-east-2"} {
		s, _ := SetField(base, "clusters[train].region", r)
		s, _ = SetField(s, "clusters[train].purchase.option", model.PurchaseCapacityBlock)
		res, err := Optimize(s, cat, OptimizeSpec{Job: "llm-70b", DeadlineDays: 60, Regions: []string{r}, PurchaseOptions: model.PurchaseOptions})
		if err != nil {
			t.Fatal(err)
		}
		proposed := append(append([]Point(nil), res.Frontier...), res.Rejected...)
		if res.Fastest != nil {
			proposed = append(proposed, *res.Fastest)
		}
		for _, c := range proposed {
			if c.Candidate.InstanceType == "trn2u.48xlarge" {
				t.Errorf("%s: optimize proposed the unpriced trn2u.48xlarge", r)
			}
		}
	}
}

// TestTokyoServicePrices evaluates a small Tokyo estate and checks each
// service line against the catalog's ap-northeast-1 figures, worked by hand:
//
//	VPN: 2 tunnels = 1 connection × 730 h × $0.048 = $35.04
//	NAT: 1 × 730 h × $0.062 = $45.26; 1 TB processed = 1,000 GB × $0.062 = $62.00
//	interface endpoints: 2 × 2 AZ × 730 h × $0.014 = $40.88
//	S3 Standard: 40 TB = 40,000 GB × $0.025 = $1,000.00 (below the 51,200 GB first tier)
//
//	hosted 1 Gbps DX port at EQTY2: 1 × 730 h × $0.314 = $229.22 (Japan's
//	  hosted rate, a third party's Price List reading; the rest-of-world
//	  $0.33 would give $240.90)
func TestTokyoServicePrices(t *testing.T) {
	src := `name: tokyo-services
sites:
  - name: dc
    cidrs: [192.168.0.0/16]
links:
  - {name: vpn, site: dc, type: vpn, speed_gbps: 1, tunnels: 2}
  - {name: dxh, site: dc, type: dx-hosted, speed_gbps: 1, location: EQTY2}
aws:
  region: ap-northeast-1
  vpc_cidr: 10.0.0.0/16
  availability_zones: [ap-northeast-1a, ap-northeast-1c]
  nat_gateways: 1
  interface_endpoints: [ecr.api, logs]
storage:
  s3: {size_tb: 40}
traffic:
  nat_processed_tb: 1
`
	lines := regionCostLines(t, src)
	// The NAT gateway-hour is read from AWS's AmazonEC2 offer file (version
	// 20260904231117, through togen's generated copy); the other Tokyo
	// service prices are third-party transcriptions.
	third, confirmed := model.ConfidenceThirdParty, model.ConfidenceConfirmed
	checkCostLine(t, lines, "vpn: 1 Site-to-Site VPN connection", false, 35.04, third)
	checkCostLine(t, lines, "1 NAT gateway", false, 45.26, confirmed)
	checkCostLine(t, lines, "NAT gateway data processed", false, 62.00, third)
	checkCostLine(t, lines, "2 interface endpoints × 2 AZs", false, 40.88, third)
	checkCostLine(t, lines, "S3 Standard, 40 TB", false, 1000.00, third)
	checkCostLine(t, lines, "dxh:", true, 229.22, third)
}

// regionCostLines evaluates a scenario (YAML src, which must validate)
// against the embedded catalog and returns its monthly cost lines.
func regionCostLines(t *testing.T, src string) []model.CostLine {
	t.Helper()
	doc, err := Parse("prices.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	cat := DefaultCatalog()
	if ds := Validate(doc, cat); ds.HasErrors() {
		t.Fatalf("invalid: %v", ds)
	}
	return Evaluate(doc.Scenario, cat, Options{}).MonthlyCost.Lines
}

// checkCostLine finds the line whose item is item (or, with prefix, starts
// with it) and checks its monthly USD (±$0.005) and confidence; want < 0
// means the line must be unpriced ($0, "not priced" in its note).
func checkCostLine(t *testing.T, lines []model.CostLine, item string, prefix bool, want float64, conf string) {
	t.Helper()
	var items []string
	for _, l := range lines {
		items = append(items, l.Item)
		if l.Item != item && !(prefix && strings.HasPrefix(l.Item, item)) {
			continue
		}
		if want < 0 {
			if l.MonthlyUSD != 0 || !strings.Contains(l.Note, "not priced") {
				t.Errorf("%s: priced at $%.2f, want unpriced", l.Item, l.MonthlyUSD)
			}
			return
		}
		if d := l.MonthlyUSD - want; d > 0.005 || d < -0.005 || l.Confidence != conf {
			t.Errorf("%s: $%.2f %s, want $%.2f %s", l.Item, l.MonthlyUSD, l.Confidence, want, conf)
		}
		return
	}
	t.Errorf("no cost line %q in %q", item, items)
}

// estate is a small scenario in region (zones in YAML flow form) with the
// given extra top-level YAML (sites, links, storage, traffic).
func estate(region, zones, extra string) string {
	return fmt.Sprintf("name: prices\naws:\n  region: %s\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: %s\n  nat_gateways: 1\n%s", region, zones, extra)
}

// TestRegionalNATAndS3Prices evaluates the same small estate in the Regions
// whose NAT gateway-hour comes from AWS's AmazonEC2 offer file (version
// 20260904231117) and checks the lines worked by hand:
//
//	NAT gateway-hours: 1 × 730 h × $0.045 (us-east-2) = $32.85,
//	  × $0.046 (eu-north-1) = $33.58, × $0.05 (eu-west-2) = $36.50
//	NAT data processed, 1 TB = 1,000 GB: eu-west-2 × $0.05 = $50.00 (AWS's
//	  offer); us-east-2 × $0.045 = $45.00 (a third party's reading of the
//	  example on AWS's VPC pricing page, 0-draft/s3-atlas, 2026-10-03)
//	S3 Standard, eu-west-2, 100 TB = 100,000 GB (AmazonS3 offer 20260831092225):
//	  first 51,200 GB × $0.024 = $1,228.80; next 48,800 GB × $0.023 = $1,122.40
//
// A price the catalog lacks (NAT data processing in eu-north-1, S3 in
// us-east-2 and eu-north-1) is an unpriced line, never another Region's rate.
func TestRegionalNATAndS3Prices(t *testing.T) {
	const confirmed, third = model.ConfidenceConfirmed, model.ConfidenceThirdParty
	type line struct {
		item string
		usd  float64 // -1 = unpriced
		conf string
	}
	tests := []struct {
		region, zones string
		lines         []line
	}{
		{"us-east-2", "[us-east-2a, us-east-2b]", []line{
			{"1 NAT gateway", 32.85, confirmed}, {"NAT gateway data processed", 45.00, third},
			{"S3 Standard, 100 TB", -1, ""}}},
		{"eu-north-1", "[eu-north-1a, eu-north-1b]", []line{
			{"1 NAT gateway", 33.58, confirmed}, {"NAT gateway data processed", -1, ""},
			{"S3 Standard, 100 TB", -1, ""}}},
		{"eu-west-2", "[eu-west-2a, eu-west-2b]", []line{
			{"1 NAT gateway", 36.50, confirmed}, {"NAT gateway data processed", 50.00, confirmed},
			{"S3 Standard, 100 TB: 0-50 TB", 1228.80, confirmed}, {"S3 Standard, 100 TB: 50-500 TB", 1122.40, confirmed}}},
	}
	for _, tc := range tests {
		t.Run(tc.region, func(t *testing.T) {
			lines := regionCostLines(t, estate(tc.region, tc.zones, "storage:\n  s3: {size_tb: 100}\ntraffic:\n  nat_processed_tb: 1\n"))
			for _, l := range tc.lines {
				checkCostLine(t, lines, l.item, false, l.usd, l.conf)
			}
		})
	}
}

// TestDXTransferOutPairs checks the Direct Connect data-transfer-out price of
// each (home Region, DX location area) pair against the third-party table of
// AWS's matrix (0-draft/cross-connect docs/10-pricing.md, read 2026-09-30),
// worked by hand for 10 TB = 10,000 GB out:
//
//	ap-northeast-1 → EQTY2 (JP): 10,000 × $0.041  = $410.00
//	ap-northeast-1 → EQDC2 (US): 10,000 × $0.09   = $900.00
//	us-east-1 → EQFA5 (DE):      10,000 × $0.02   = $200.00
//	us-east-1 → EQTY2 (JP):      10,000 × $0.0491 = $491.00
//	eu-west-2 → EQDC2 (US):      10,000 × $0.0282 = $282.00
//
// and that a pair the table does not give (us-east-1 → KIOQ1, Mexico) stays
// unpriced rather than taking the US rate.
func TestDXTransferOutPairs(t *testing.T) {
	tests := []struct {
		region, zones, location string
		want                    float64 // -1 = unpriced
	}{
		{"ap-northeast-1", "[ap-northeast-1a, ap-northeast-1c]", "EQTY2", 410.00},
		{"ap-northeast-1", "[ap-northeast-1a, ap-northeast-1c]", "EQDC2", 900.00},
		{"us-east-1", "[us-east-1a, us-east-1b]", "EQFA5", 200.00},
		{"us-east-1", "[us-east-1a, us-east-1b]", "EQTY2", 491.00},
		{"eu-west-2", "[eu-west-2a, eu-west-2b]", "EQDC2", 282.00},
		{"us-east-1", "[us-east-1a, us-east-1b]", "KIOQ1", -1},
	}
	for _, tc := range tests {
		t.Run(tc.region+"→"+tc.location, func(t *testing.T) {
			lines := regionCostLines(t, estate(tc.region, tc.zones, fmt.Sprintf(
				"sites:\n  - name: dc\n    cidrs: [192.168.0.0/16]\nlinks:\n  - {name: dx, site: dc, type: dx-dedicated, speed_gbps: 10, location: %s}\ntraffic:\n  aws_to_onprem_tb: 10\n", tc.location)))
			checkCostLine(t, lines, "Data transfer out over Direct Connect", true, tc.want, model.ConfidenceThirdParty)
		})
	}
}

// TestLargeTunnelVPNPrice checks that a VPN with large-bandwidth (5 Gbps)
// tunnels is priced at AWS's separate connection-hour rate, worked by hand
// from the Price List reading in 0-draft/on-ramp (AmazonVPC offer
// 2026-09-17): Tokyo 2 tunnels = 1 connection × 730 h × $0.60 = $438.00
// (a standard connection is $0.048: $35.04), and that a Region without a
// large-tunnel rate leaves the line unpriced rather than charging the
// standard rate.
func TestLargeTunnelVPNPrice(t *testing.T) {
	const large = "vpn: 1 Site-to-Site VPN connection, large-bandwidth tunnels"
	tests := []struct {
		region, zones string
		large         bool
		item          string
		want          float64 // -1 = unpriced
	}{
		{"ap-northeast-1", "[ap-northeast-1a, ap-northeast-1c]", true, large, 438.00},
		{"ap-northeast-1", "[ap-northeast-1a, ap-northeast-1c]", false, "vpn: 1 Site-to-Site VPN connection", 35.04},
		{"us-east-1", "[us-east-1a, us-east-1b]", true, large, 438.00},
		{"eu-west-2", "[eu-west-2a, eu-west-2b]", true, large, -1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/large=%v", tc.region, tc.large), func(t *testing.T) {
			lines := regionCostLines(t, estate(tc.region, tc.zones, fmt.Sprintf(
				"sites:\n  - name: dc\n    cidrs: [192.168.0.0/16]\nlinks:\n  - {name: vpn, site: dc, type: vpn, speed_gbps: 5, tunnels: 2, large_tunnels: %v, transit_gateway: true}\n", tc.large)))
			checkCostLine(t, lines, tc.item, false, tc.want, model.ConfidenceThirdParty)
		})
	}
}

// TestUSWest2FSxPersistent1 prices a us-west-2 PERSISTENT_1 SSD file system
// at 100 MB/s/TiB from a third party's Price List reading (2026-07-14):
// 4.8 TiB = 4,800 GB (AWS's 1 TiB = 1,000 GiB StorageCapacity convention)
// × $0.19 = $912.00 a month, which is the reading's own figure for 4,800 GiB
// at P1-100; and checks that Tokyo, without a PERSISTENT_1 price, is unpriced.
func TestUSWest2FSxPersistent1(t *testing.T) {
	for _, tc := range []struct {
		region, zones string
		want          float64 // -1 = unpriced
	}{
		{"us-west-2", "[us-west-2a, us-west-2b]", 912.00},
		{"ap-northeast-1", "[ap-northeast-1a, ap-northeast-1c]", -1},
	} {
		t.Run(tc.region, func(t *testing.T) {
			lines := regionCostLines(t, estate(tc.region, tc.zones,
				"storage:\n  fsx_lustre: {deployment_type: PERSISTENT_1, capacity_tib: 4.8, throughput_mbps_per_tib: 100}\n"))
			checkCostLine(t, lines, "FSx for Lustre", true, tc.want, model.ConfidenceThirdParty)
		})
	}
}

// TestJapanHostedPortWithoutRate checks that a hosted capacity Japan has no
// catalog rate for stays unpriced at a Japanese location, never priced at
// the Region's rest-of-world hosted rate: the catalog's Japanese hosted
// rates are removed for the test, and a 1 Gbps hosted port at EQTY2 (which
// would be $240.90 at the rest-of-world $0.33) must show unpriced.
func TestJapanHostedPortWithoutRate(t *testing.T) {
	doc, err := Parse("jp-hosted.yaml", []byte(estate("ap-northeast-1", "[ap-northeast-1a, ap-northeast-1c]",
		"sites:\n  - name: dc\n    cidrs: [192.168.0.0/16]\nlinks:\n  - {name: dxh, site: dc, type: dx-hosted, speed_gbps: 1, location: EQTY2}\n")))
	if err != nil {
		t.Fatal(err)
	}
	cat := DefaultCatalog()
	cat.DXHostedPortHourByCountry = nil
	checkCostLine(t, Evaluate(doc.Scenario, cat, Options{}).MonthlyCost.Lines, "dxh:", true, -1, "")
}
