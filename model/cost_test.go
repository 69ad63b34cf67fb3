package model

import (
	"math"
	"strings"
	"testing"
)

// testCatalog holds round, documented prices so every expected figure below
// can be worked by hand. The instance price is Karpenter's us-east-1 Pricing
// API snapshot for p5.48xlarge ($55.04/h); the others are the us-east-1 list
// prices recorded in planner/catalog.json.
func testCatalog() *Catalog {
	src := Source{URL: "https://example.test/price", ReadOn: "2026-11-23", Confidence: ConfidenceConfirmed}
	tp := Source{URL: "https://example.test/third", ReadOn: "2026-11-23", Confidence: ConfidenceThirdParty}
	price := func(usd float64, unit string, s Source) Price { return Price{USD: usd, Unit: unit, Source: s} }
	return &Catalog{
		Version: "test", ReadOn: "2026-11-23",
		Instances: map[string]Instance{
			"p5.48xlarge": {AcceleratorCount: 8, EFA: true, Prices: map[string]InstancePrice{
				"us-east-1": {OnDemandUSDPerHour: 55.04, Source: src, CapacityBlock: &CapacityBlockOffer{USDPerHour: 41.528, EffectiveOn: "2026-07-22", Source: src}},
			}},
		},
		DXLocations: map[string]DXLocation{
			"EQDC2": {Name: "Equinix DC1-DC15, Ashburn, VA, US", Country: "US", Area: "US", Region: "us-east-1", PortSpeedsGbps: []string{"1", "10", "100", "400"}},
			"EQTY2": {Name: "Equinix TY2 - Tokyo, Tokyo, JP", Country: "JP", Area: "JP", Region: "ap-northeast-1", PortSpeedsGbps: []string{"1", "10", "100"}},
		},
		DXPortHourByCountry: map[string]map[string]Price{"JP": {"10": price(2.142, "port-hour", tp)}},
		Regions: map[string]RegionPrices{"us-east-1": {
			FSxLustre:             map[string]Price{"PERSISTENT_2/250": price(0.21, "GB-month", tp)},
			DXPortHour:            map[string]Price{"100": price(22.5, "port-hour", tp)},
			DXDataTransferOut:     map[string]Price{"US": price(0.02, "GB", tp)},
			VPNConnectionHour:     price(0.05, "connection-hour", tp),
			InternetEgress:        []EgressTier{{UpToTB: 10, USDPerGB: 0.09}, {UpToTB: 50, USDPerGB: 0.085}, {UpToTB: 150, USDPerGB: 0.07}, {USDPerGB: 0.05}},
			InternetEgressFreeGB:  100,
			InternetEgressSource:  tp,
			InterAZ:               price(0.01, "GB", tp),
			InterRegion:           price(0.02, "GB", tp),
			NATGatewayHour:        price(0.045, "hour", tp),
			NATGatewayGB:          price(0.045, "GB", tp),
			InterfaceEndpointHour: price(0.01, "hour", tp),
			InterfaceEndpointGB:   price(0.01, "GB", tp),
			S3StandardGBMonth:     price(0.023, "GB-month", tp),
			S3StandardTiers:       []EgressTier{{UpToTB: 50, USDPerGB: 0.023}, {UpToTB: 500, USDPerGB: 0.022}, {USDPerGB: 0.021}},
			InterRegionTo:         map[string]Price{"us-east-2": price(0.01, "GB", src)},
		}},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

func TestInstanceHourlyUSD(t *testing.T) {
	p := testCatalog().Instances["p5.48xlarge"].Prices["us-east-1"]
	tests := []struct {
		name     string
		purchase Purchase
		want     float64
	}{
		// On-demand list price.
		{"on-demand", Purchase{Option: PurchaseOnDemand}, 55.04},
		// Savings plan 28% off: 55.04 × 0.72 = 39.6288.
		{"savings plan 28%", Purchase{Option: PurchaseSavingsPlan, DiscountPct: 28}, 39.6288},
		// Capacity block rate from the catalog.
		{"capacity block", Purchase{Option: PurchaseCapacityBlock}, 41.528},
		// Capacity block with a 10% negotiated discount: 41.528 × 0.9 = 37.3752.
		{"capacity block 10%", Purchase{Option: PurchaseCapacityBlock, DiscountPct: 10}, 37.3752},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, _ := InstanceHourlyUSD(p, tt.purchase)
			if !near(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("capacity block not sold: no fallback to on-demand", func(t *testing.T) {
		q := p
		q.CapacityBlock = nil
		got, src, note := InstanceHourlyUSD(q, Purchase{Option: PurchaseCapacityBlock})
		if got != 0 || src.Confidence != ConfidenceEstimate || !strings.Contains(note, "not sold") {
			t.Errorf("got %v %q %q, want 0 marked estimate with a not-sold note", got, src.Confidence, note)
		}
	})
}

func TestTieredEgress(t *testing.T) {
	tiers := testCatalog().Regions["us-east-1"].InternetEgress
	cost := func(cs []TierCharge) (usd float64) {
		for _, c := range cs {
			usd += c.GB * c.USDPerGB
		}
		return usd
	}
	tests := []struct {
		name string
		gb   float64
		want float64
	}{
		// Within the free 100 GB.
		{"free allowance", 80, 0},
		// 2 TB: (2,000 − 100) GB × $0.09 = $171.
		{"2 TB", 2000, 171},
		// The first tier ends at 10 price-list TB = 10,240 GB (AWS bills in
		// TB of 1,024 GB): (10,240 − 100) GB × $0.09 = $912.60, all in tier 1.
		{"first tier bound 10,240 GB", 10240, 912.6},
		// One GB more falls in the second tier: $912.60 + $0.085.
		{"10,241 GB", 10241, 912.685},
		// 45 TB: 10,140 GB × 0.09 + (45,000 − 100 − 10,140 =) 34,760 GB × 0.085 = 912.6 + 2,954.6 = $3,867.20.
		{"45 TB", 45000, 3867.2},
		// 200 TB: 10,140 × 0.09 + 40,960 × 0.085 + 102,400 × 0.07 + 46,400 × 0.05
		//       = 912.6 + 3,481.6 + 7,168 + 2,320 = $13,882.20.
		{"200 TB", 200000, 13882.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cost(TieredEgress(tt.gb, 100, tiers)); !near(got, tt.want) {
				t.Errorf("got $%v, want $%v", got, tt.want)
			}
		})
	}
}

func TestMonthlyRunRate(t *testing.T) {
	cat := testCatalog()
	s := Scenario{
		Name: "hand-worked",
		AWS:  AWS{Region: "us-east-1", AvailabilityZones: []string{"us-east-1a", "us-east-1b"}, NATGateways: 1, InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "logs"}},
		Links: []Link{
			{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 100, Count: 2, Location: "EqDC2"},
		},
		Clusters: []Cluster{{Name: "train", InstanceType: "p5.48xlarge", Nodes: 64, Region: "us-east-1", HoursPerMonth: 730, Purchase: Purchase{Option: PurchaseOnDemand}}},
		Storage: Storage{
			FSxLustre: &FSxLustre{DeploymentType: FSxPersistent2, CapacityTiB: 48, ThroughputMBpsPerTiB: 250},
			S3:        &S3{SizeTB: 100},
		},
		Traffic: Traffic{InternetEgressTB: 2, AWSToOnPremTB: 20, InterAZTB: 5, NATProcessedTB: 3},
	}
	got := MonthlyRunRate(s, cat)
	want := map[string]float64{
		// 64 nodes × 730 h × $55.04 = 46,720 × 55.04 = $2,571,468.80.
		CostEC2: 2571468.80,
		// FSx: 48 TiB = 48,000 GB-month × $0.21 = $10,080; S3 tiered (TB = 1,024 GB):
		// 51,200 GB × $0.023 + 48,800 GB × $0.022 = 1,177.60 + 1,073.60 = $2,251.20.
		CostStorage: 12331.2,
		// DX ports: 2 × 730 h × $22.50 = $32,850.
		CostDirect: 32850,
		// DTO over DX: 20,000 GB × $0.02 = $400; egress: 1,900 GB × $0.09 = $171;
		// inter-AZ: 5,000 GB × 2 × $0.01 = $100. Sum $671.
		CostTransfer: 671,
		// NAT: 730 h × $0.045 = $32.85 + 3,000 GB × $0.045 = $135 → $167.85.
		CostNAT: 167.85,
		// Endpoints: 3 × 2 AZ × 730 h × $0.01 = $43.80; S3 gateway endpoint free.
		CostEndpoints: 43.80,
	}
	total := 0.0
	for _, c := range got.ByCategory {
		w, ok := want[c.Category]
		if !ok {
			t.Errorf("unexpected category %q ($%v)", c.Category, c.MonthlyUSD)
			continue
		}
		if !near(c.MonthlyUSD, w) {
			t.Errorf("%s: got $%.2f, want $%.2f", c.Category, c.MonthlyUSD, w)
		}
		total += w
		delete(want, c.Category)
	}
	for c := range want {
		t.Errorf("missing category %s", c)
	}
	if !near(got.TotalUSD, total) {
		t.Errorf("total $%.2f, want $%.2f", got.TotalUSD, total)
	}
	// Everything but EC2 and the free S3 gateway endpoint is third-party in the test catalog.
	if wantUnconf := total - 2571468.80; !near(got.UnconfirmedUSD, wantUnconf) {
		t.Errorf("unconfirmed $%.2f, want $%.2f", got.UnconfirmedUSD, wantUnconf)
	}
	for _, l := range got.Lines {
		if l.Quantity > 0 && l.Source == "" {
			t.Errorf("line %q has no source", l.Item)
		}
	}
}

func TestMonthlyRunRateVPNOnlyBillsReturnTrafficAsEgress(t *testing.T) {
	cat := testCatalog()
	s := Scenario{
		AWS:     AWS{Region: "us-east-1"},
		Links:   []Link{{Name: "vpn", Type: LinkVPN, Tunnels: 2}},
		Traffic: Traffic{AWSToOnPremTB: 1, InternetEgressTB: 1},
	}
	got := MonthlyRunRate(s, cat)
	// VPN: 1 connection × 730 h × $0.05 = $36.50.
	// Egress: (1,000 + 1,000 − 100) GB × $0.09 = $171.
	if !near(got.TotalUSD, 36.5+171) {
		t.Errorf("total $%.2f, want $207.50", got.TotalUSD)
	}
}

// TestDXPortRatesByCountry covers the Direct Connect port rules: AWS's
// pay-as-you-go page prices dedicated and hosted ports "excluding Japan" and
// gives Japan its own dedicated rates (1G $0.285, 10G $2.142 per hour); the
// catalog has no Japanese hosted rate, so a hosted port at a Japanese
// location is unpriced, never priced at the rest of the world's rate.
func TestDXPortRatesByCountry(t *testing.T) {
	cat := testCatalog()
	home := cat.Regions["us-east-1"]
	home.DXHostedPortHour = map[string]Price{"10": {USD: 2.48, Unit: "port-hour", Source: home.DXPortHour["100"].Source}}
	cat.Regions["us-east-1"] = home
	tests := []struct {
		name     string
		link     Link
		usd      float64 // monthly; 0 with unpriced
		unpriced string  // substring of the unpriced line's note
	}{
		// 2 × 730 h × $2.142 = $3,127.32.
		{"dedicated 10G in Japan at the Japanese rate", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 10, Count: 2, Location: "EQTY2"}, 3127.32, ""},
		{"dedicated 100G in Japan: no Japanese rate", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 100, Count: 1, Location: "EQTY2"}, 0, "no catalog JP dedicated port-hour price for 100 Gbps"},
		{"hosted 10G in Japan: the hosted rate excludes Japan", Link{Name: "dx", Type: LinkDXHosted, SpeedGbps: 10, Count: 1, Location: "EQTY2"}, 0, "no catalog JP hosted port-hour price for 10 Gbps (the Region's rates exclude JP)"},
		// 1 × 730 h × $2.48 = $1,810.40.
		{"hosted 10G in the US", Link{Name: "dx", Type: LinkDXHosted, SpeedGbps: 10, Count: 1, Location: "EqDC2"}, 1810.40, ""},
		// 1 × 730 h × $22.50 = $16,425.
		{"dedicated 100G in the US", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 100, Count: 1, Location: "EqDC2"}, 16425, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := MonthlyRunRate(Scenario{AWS: AWS{Region: "us-east-1"}, Links: []Link{tc.link}}, cat)
			var direct float64
			var note string
			for _, l := range got.Lines {
				if l.Category == CostDirect {
					direct += l.MonthlyUSD
					note += l.Note
				}
			}
			if !near(direct, tc.usd) {
				t.Errorf("Direct Connect $%.2f, want $%.2f", direct, tc.usd)
			}
			if tc.unpriced != "" && !strings.Contains(note, tc.unpriced) {
				t.Errorf("note %q lacks %q", note, tc.unpriced)
			}
		})
	}
}
