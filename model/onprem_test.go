package model

import (
	"math"
	"testing"
)

// TestOnPremCostPerAcceleratorHour works a DGX H100 by hand.
func TestOnPremCostPerAcceleratorHour(t *testing.T) {
	// A DGX H100 bought at $300,000 (a stated figure for the test, not a
	// quote), amortised over 48 months, drawing its 10.2 kW maximum at PUE 1.4
	// and $0.15/kWh, with $30,000 a year of support and $1,500 per rack-month
	// of floor space, two nodes per rack:
	//   amortisation 300,000 / 48            = 6,250.00 per node-month
	//   power 10.2 × 1.4 × 730 × 0.15         = 1,563.66
	//   support 30,000 / 12                   = 2,500.00
	//   floor 1,500 / 2                       =   750.00
	//   node-month                            = 11,063.66
	//   node-hour 11,063.66 / 730             = 15.155699
	//   GPU-hour 15.155699 / 8                = 1.894462
	c := OnPremCost{PurchaseUSDPerNode: 300000, AmortisationMonths: 48, USDPerKWh: 0.15, PUE: 1.4,
		SupportUSDPerNodeYear: 30000, FloorUSDPerRackMonth: 1500, NodesPerRack: 2}
	got := OnPremCostPerAcceleratorHour(c, 10.2, 8)
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"amortisation", got.AmortisationUSD, 6250},
		{"power", got.PowerUSD, 1563.66},
		{"support", got.SupportUSD, 2500},
		{"floor", got.FloorUSD, 750},
		{"node-month", got.NodeMonthUSD, 11063.66},
		{"node-hour", got.NodeHourUSD, 15.155699},
		{"GPU-hour", got.AcceleratorHourUSD, 1.894462},
	} {
		if math.Abs(tc.got-tc.want) > 1e-5*math.Max(1, tc.want) {
			t.Errorf("%s = %.6f, want %.6f", tc.name, tc.got, tc.want)
		}
	}
}

// TestOnPremCostTerms checks the edges: no rack count prices no floor, a
// PUE below 1 counts as 1, no electricity price prices no power.
func TestOnPremCostTerms(t *testing.T) {
	tests := []struct {
		name           string
		c              OnPremCost
		kw             float64
		power, floor   float64
		accelHourAbove float64
	}{
		// 1 kW × PUE 1 (0.5 is raised to 1) × 730 h × $0.10 = $73.
		{"pue below 1", OnPremCost{PurchaseUSDPerNode: 1, AmortisationMonths: 1, USDPerKWh: 0.1, PUE: 0.5}, 1, 73, 0, 0},
		{"no tariff", OnPremCost{PurchaseUSDPerNode: 1, AmortisationMonths: 1, PUE: 1.5}, 10, 0, 0, 0},
		{"floor without rack count", OnPremCost{FloorUSDPerRackMonth: 100}, 0, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := OnPremCostPerAcceleratorHour(tc.c, tc.kw, 8)
			if math.Abs(got.PowerUSD-tc.power) > 1e-9 || got.FloorUSD != tc.floor {
				t.Errorf("power %.4f floor %.4f, want %.4f %.4f", got.PowerUSD, got.FloorUSD, tc.power, tc.floor)
			}
		})
	}
}

// TestOnPremCostMonotone: a dearer tariff or a worse PUE never lowers the
// cost per accelerator-hour.
func TestOnPremCostMonotone(t *testing.T) {
	base := OnPremCost{PurchaseUSDPerNode: 250000, AmortisationMonths: 36, USDPerKWh: 0.1, PUE: 1.2}
	prev := 0.0
	for _, e := range []float64{0.05, 0.1, 0.2, 0.4} {
		for _, pue := range []float64{1, 1.2, 1.5, 2} {
			c := base
			c.USDPerKWh, c.PUE = e, pue
			got := OnPremCostPerAcceleratorHour(c, 10.2, 8).AcceleratorHourUSD
			if pue == 1 {
				prev = 0
			}
			if got < prev {
				t.Fatalf("tariff %g PUE %g: %.4f below %.4f", e, pue, got, prev)
			}
			prev = got
		}
	}
}

// TestWANExchangeSeconds works the cross-site all-reduce of a 70B bf16
// gradient over 2 × 100 Gbps Direct Connect by hand.
func TestWANExchangeSeconds(t *testing.T) {
	// S = 70e9 parameters × 2 bytes = 140 GB each way (WANGradientBytes).
	// 2 × 100 Gbps ports × 0.947 protocol efficiency (docs/model.md) = 189.4 Gbps.
	// t = RTT + 8·S / B = 0.010 s + 1,120 Gb / 189.4 Gbps = 0.010 + 5.913411 = 5.923411 s.
	s := WANGradientBytes(70e9, PrecisionBF16)
	if s != 140e9 {
		t.Fatalf("gradient bytes = %g, want 1.4e11", s)
	}
	tests := []struct {
		name             string
		bytes, gbps, rtt float64
		want             float64
	}{
		{"70B over 2x100G at 10 ms", s, 189.4, 10, 5.923411},
		{"same at 92 ms (Frankfurt - us-east-1)", s, 189.4, 92, 6.005411},
		{"nothing to send", 0, 189.4, 10, 0},
		{"no link", s, 0, 10, math.Inf(1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := WANExchangeSeconds(tc.bytes, tc.gbps, tc.rtt)
			if math.IsInf(tc.want, 1) != math.IsInf(got, 1) || !math.IsInf(got, 1) && math.Abs(got-tc.want) > 1e-6 {
				t.Errorf("= %.6f s, want %.6f s", got, tc.want)
			}
		})
	}
}

// TestWANExchangeMonotone: more capacity (adding a link) never lengthens the
// exchange; a longer RTT never shortens it.
func TestWANExchangeMonotone(t *testing.T) {
	for _, s := range []float64{1e6, 1e9, 1.4e11} {
		prev := math.Inf(1)
		for _, g := range []float64{0.5, 1, 9.47, 18.94, 94.7, 189.4, 378.8, 757.6} {
			got := WANExchangeSeconds(s, g, 50)
			if got > prev {
				t.Fatalf("%g bytes: %g Gbps takes %g s, more than %g s with less", s, g, got, prev)
			}
			prev = got
		}
		if WANExchangeSeconds(s, 100, 150) < WANExchangeSeconds(s, 100, 10) {
			t.Fatalf("a longer RTT shortened the exchange")
		}
	}
}

// TestPipelineWANSeconds works the stage-boundary traffic by hand.
func TestPipelineWANSeconds(t *testing.T) {
	// Llama 3 70B shape: h 8192, s 8192, microbatch 1, bf16, DP 8:
	// B = 8 × 1 × 8192 × 8192 × 2 = 1,073,741,824 bytes per microbatch each way.
	a := Architecture{Hidden: 8192, SeqLen: 8192}
	b := PipelineBoundaryBytes(a, Layout{DP: 8, Microbatch: 1}, PrecisionBF16)
	if b != 1073741824 {
		t.Fatalf("boundary bytes = %g", b)
	}
	// t_w = 8 × 1,073,741,824 / 189.4e9 = 0.0453534 s.
	// Stage slot 0.2 s > t_w: only the fill and drain, RTT 2 ms + 2 t_w = 0.0927068 s.
	// Stage slot 0.01 s < t_w: the link paces 64 microbatches: + 64 × 0.0353534 = 2.355324 s more.
	tests := []struct {
		name string
		slot float64
		want float64
	}{
		{"link faster than a stage", 0.2, 0.0927068},
		{"link paces the pipeline", 0.01, 0.0927068 + 64*(0.0453534-0.01)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := PipelineWANSeconds(b, 64, tc.slot, 189.4, 2)
			if math.Abs(got-tc.want) > 1e-5 {
				t.Errorf("= %.7f s, want %.7f s", got, tc.want)
			}
		})
	}
}
