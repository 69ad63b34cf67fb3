package model

import (
	"slices"
	"strings"
	"testing"
)

func TestOffer(t *testing.T) {
	src := Source{URL: "u", ReadOn: "2026-07-20", Confidence: ConfidenceConfirmed}
	cb := &CapacityBlockOffer{USDPerHour: 35.7608, EffectiveOn: "2026-07-22", Source: Source{URL: "cb", ReadOn: "2026-07-22", Confidence: ConfidenceConfirmed}}
	both := InstancePrice{OnDemandUSDPerHour: 55.04, Source: src, CapacityBlock: &CapacityBlockOffer{USDPerHour: 41.528, Source: src}}
	onlyCB := InstancePrice{CapacityBlock: cb}
	onlyOD := InstancePrice{OnDemandUSDPerHour: 21.5, Source: src}
	tests := []struct {
		name   string
		p      InstancePrice
		option string
		sold   bool
		usd    float64
	}{
		{"on-demand sold", onlyOD, PurchaseOnDemand, true, 21.5},
		{"empty option means on-demand", onlyOD, "", true, 21.5},
		{"savings plan rides on on-demand", onlyOD, PurchaseSavingsPlan, true, 21.5},
		{"capacity reservation rides on on-demand", onlyOD, PurchaseReserved, true, 21.5},
		{"no capacity block where none is sold", onlyOD, PurchaseCapacityBlock, false, 0},
		{"capacity block only: on-demand not sold", onlyCB, PurchaseOnDemand, false, 0},
		{"capacity block only: savings plan not sold", onlyCB, PurchaseSavingsPlan, false, 0},
		{"capacity block only: reservation not sold", onlyCB, PurchaseReserved, false, 0},
		{"capacity block only: block sold at its rate", onlyCB, PurchaseCapacityBlock, true, 35.7608},
		{"both: block at the block rate", both, PurchaseCapacityBlock, true, 41.528},
		{"unknown option", both, "spot", false, 0},
		{"zero-rate block is not an offering", InstancePrice{CapacityBlock: &CapacityBlockOffer{}}, PurchaseCapacityBlock, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := Offer(tt.p, tt.option)
			if ok != tt.sold || o.USDPerHour != tt.usd {
				t.Errorf("Offer = (%v, %v), want (%v, %v)", o.USDPerHour, ok, tt.usd, tt.sold)
			}
			if ok && o.Source.URL == "" {
				t.Error("an offering must carry its source")
			}
		})
	}
	if got := OfferedOptions(onlyCB); !slices.Equal(got, []string{PurchaseCapacityBlock}) {
		t.Errorf("OfferedOptions(capacity-block only) = %v", got)
	}
	if got := OfferedOptions(both); len(got) != 4 {
		t.Errorf("OfferedOptions(both) = %v, want all four", got)
	}
}

func TestInstanceHourlyUSDCapacityBlockNote(t *testing.T) {
	p := InstancePrice{CapacityBlock: &CapacityBlockOffer{USDPerHour: 47.76, EffectiveOn: "2026-07-22", Source: Source{URL: "cb"}}}
	usd, src, note := InstanceHourlyUSD(p, Purchase{Option: PurchaseCapacityBlock})
	if usd != 47.76 || src.URL != "cb" || !strings.Contains(note, "2026-07-22") || !strings.Contains(note, "upfront") {
		t.Errorf("got %v %q %q; want the block rate, its source, its date and the upfront payment", usd, src.URL, note)
	}
}

func TestSpanCapacityBlocks(t *testing.T) {
	rules := CapacityBlockRules{DailyIncrementUpToDays: 14, WeeklyIncrementUpToDays: 182}
	tests := []struct {
		name   string
		hours  float64
		blocks []int
	}{
		{"one hour buys a day", 1, []int{1}},
		{"exactly a day", 24, []int{1}},
		{"a day and a bit", 25, []int{2}},
		{"14 days in daily increments", 14 * 24, []int{14}},
		// 15 days is past the daily increments: rounded up to 21 (7-day steps).
		{"15 days rounds to 21", 15 * 24, []int{21}},
		{"182 days is one block", 182 * 24, []int{182}},
		// 600 days: 3 × 182 + 54 days, the last rounded up to 56.
		{"600 days needs 4 blocks", 600 * 24, []int{182, 182, 182, 56}},
		{"nothing", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := SpanCapacityBlocks(tt.hours, rules)
			if !slices.Equal(sp.BlockDays, tt.blocks) || sp.Blocks != len(tt.blocks) {
				t.Errorf("got %v (%d blocks), want %v", sp.BlockDays, sp.Blocks, tt.blocks)
			}
			sum := 0
			for _, d := range sp.BlockDays {
				sum += d
			}
			if sum != sp.BilledDays || (tt.hours > 0 && float64(sum*24) < tt.hours) {
				t.Errorf("billed %d days (sum %d) for %g h", sp.BilledDays, sum, tt.hours)
			}
		})
	}
}

func TestDXAndInterRegionPairs(t *testing.T) {
	cat := testCatalog()
	base := Scenario{AWS: AWS{Region: "us-east-1"}, Traffic: Traffic{AWSToOnPremTB: 10}}
	line := func(s Scenario, prefix string) (CostLine, bool) {
		for _, l := range MonthlyRunRate(s, cat).Lines {
			if strings.HasPrefix(l.Item, prefix) {
				return l, true
			}
		}
		return CostLine{}, false
	}
	tests := []struct {
		name    string
		link    Link
		prefix  string
		usd     float64 // monthly; -1 = not priced
		comment string
	}{
		{"US Region to a US location (code in another case)", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "EqDC2"}, "Data transfer out over Direct Connect", 200, "10,000 GB × $0.02"},
		{"US Region to a Japanese location: pair not in the catalog", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "EQTY2"}, "Data transfer out over Direct Connect", -1, "no fallback to the US rate"},
		{"unknown location", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "NOPE1"}, "Data transfer out over Direct Connect", -1, ""},
		{"Japanese location has its own 10G port rate", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "EQTY2"}, "dx: 1 × 10 Gbps", 730 * 2.142, "730 h × $2.142"},
		{"Japanese location without a 100G rate is not priced at the US rate", Link{Name: "dx", Type: LinkDXDedicated, SpeedGbps: 100, Count: 1, Location: "EQTY2"}, "dx: dedicated 100 Gbps port at EQTY2", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base
			s.Links = []Link{tt.link}
			l, ok := line(s, tt.prefix)
			if !ok {
				t.Fatalf("no cost line starting %q", tt.prefix)
			}
			if tt.usd < 0 {
				if l.MonthlyUSD != 0 || !strings.Contains(l.Note, "not priced") {
					t.Errorf("got $%v %q, want an unpriced line", l.MonthlyUSD, l.Note)
				}
				return
			}
			if !near(l.MonthlyUSD, tt.usd) {
				t.Errorf("got $%v, want $%v (%s)", l.MonthlyUSD, tt.usd, tt.comment)
			}
		})
	}
	t.Run("one unpriced pair among several: not priced at the other pair's rate", func(t *testing.T) {
		s := base
		s.Links = []Link{
			{Name: "us", Type: LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "EQDC2"},
			{Name: "jp", Type: LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "EQTY2"},
		}
		l, ok := line(s, "Data transfer out over Direct Connect")
		if !ok || l.MonthlyUSD != 0 || !strings.Contains(l.Item, "EQTY2") || !strings.Contains(l.Note, "not priced") {
			t.Errorf("got %+v, want an unpriced line naming the EQTY2 pair", l)
		}
	})
	t.Run("us-east-1 to us-east-2 at the pair rate", func(t *testing.T) {
		s := Scenario{AWS: AWS{Region: "us-east-1"}, Traffic: Traffic{InterRegionTB: 1},
			Clusters: []Cluster{{Name: "b", Region: "us-east-2"}}}
		l, ok := line(s, "Inter-region")
		// 1,000 GB × $0.01 = $10 (not the default $0.02).
		if !ok || !near(l.MonthlyUSD, 10) {
			t.Errorf("got %+v, want $10", l)
		}
		s.Clusters = append(s.Clusters, Cluster{Name: "c", Region: "us-west-2"})
		l, _ = line(s, "Inter-region")
		// Mixed destinations: the dearest pair, 1,000 GB × $0.02.
		if !near(l.MonthlyUSD, 20) {
			t.Errorf("mixed destinations: got $%v, want $20", l.MonthlyUSD)
		}
	})
	t.Run("a Region without a price is not priced at zero silently", func(t *testing.T) {
		cat.Regions["ap-northeast-1"] = RegionPrices{}
		s := Scenario{AWS: AWS{Region: "ap-northeast-1"}, Links: []Link{{Name: "vpn", Type: LinkVPN, Tunnels: 2}}}
		l, ok := line(s, "vpn:")
		if !ok || l.MonthlyUSD != 0 || !strings.Contains(l.Note, "not priced") || l.Confidence != ConfidenceEstimate {
			t.Errorf("got %+v, want an unpriced estimate line", l)
		}
	})
}

func TestS3StandardMonthlyUSD(t *testing.T) {
	r := testCatalog().Regions["us-east-1"]
	// 260 TB = 260,000 GB: 51,200 × 0.023 + 208,800 × 0.022 = 1,177.60 + 4,593.60 = $5,771.20.
	if got := S3StandardMonthlyUSD(r, 260000); !near(got, 5771.2) {
		t.Errorf("got $%v, want $5,771.20", got)
	}
	// 600 TB: 51,200 × 0.023 + 460,800 × 0.022 + 88,000 × 0.021 = 1,177.6 + 10,137.6 + 1,848 = $13,163.20.
	if got := S3StandardMonthlyUSD(r, 600000); !near(got, 13163.2) {
		t.Errorf("got $%v, want $13,163.20", got)
	}
}
