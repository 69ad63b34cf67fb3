package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestLinkCapacity(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		// 2 × 100 Gbps × 0.947 = 189.4 Gbps.
		{"2 × 100G DX", DXUsableGbps(100, 2, 0.947), 189.4},
		// One of the pair down: 1 × 100 × 0.947 = 94.7 Gbps.
		{"1 × 100G DX", DXUsableGbps(100, 1, 0.947), 94.7},
		// VGW, one VPN connection (2 tunnels): one active tunnel, 1.25 Gbps × 0.9 = 1.125 Gbps.
		{"VPN on VGW", VPNUsableGbps(VPNActiveTunnels(2, false), 1.25, 0, 0.9), 1.125},
		// TGW with ECMP, 4 large tunnels: 4 × 5 = 20 Gbps, capped by a 10 Gbps uplink → 10 × 0.9 = 9.
		{"VPN on TGW capped by uplink", VPNUsableGbps(VPNActiveTunnels(4, true), 5, 10, 0.9), 9},
		// A 1 Gbps uplink under one standard tunnel: 1 × 0.9 = 0.9.
		{"VPN uplink-limited", VPNUsableGbps(1, 1.25, 1, 0.9), 0.9},
		// 200 TB at 189.4 Gbps: 200 × 8e12 / 189.4e9 / 3600 = 2.34659 h.
		{"200 TB over 2 × 100G", TransferHours(200, 189.4), 1.6e15 / 189.4e9 / 3600},
		// 200 TB within 72 h: 1.6e15 / 259200 s = 6.1728 Gbps of payload / 0.947 = 6.5183 Gbps line rate.
		{"required rate", RequiredLineRateGbps(200, 72, 0.947), 1.6e15 / 259200 / 1e9 / 0.947},
		// 200 TB/month over 189.4 Gbps: 1.6e15 / 2,628,000 s = 608.83 Mbps → 0.0032145.
		{"utilisation", MonthlyUtilisation(200, 189.4), 1.6e15 / 2628000 / 189.4e9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !near(tt.got, tt.want) {
				t.Errorf("got %.9g, want %.9g", tt.got, tt.want)
			}
		})
	}
	if !math.IsInf(TransferHours(1, 0), 1) {
		t.Error("no capacity must give +Inf")
	}
	if NextPortSpeedGbps(6.5, []float64{1, 10, 100, 400}) != 10 || NextPortSpeedGbps(500, []float64{1, 10, 100, 400}) != 0 {
		t.Error("NextPortSpeedGbps")
	}
	if VPNActiveTunnels(2, false) != 1 || VPNActiveTunnels(1, false) != 1 || VPNActiveTunnels(4, true) != 4 || VPNActiveTunnels(0, true) != 0 {
		t.Error("VPNActiveTunnels")
	}
}

// Property: a faster link never makes a transfer slower.
func TestFasterLinkNeverSlower(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		size := r.Float64() * 1000
		speed := 0.05 + r.Float64()*400
		count := 1 + r.IntN(4)
		a := TransferHours(size, DXUsableGbps(speed, count, 0.947))
		b := TransferHours(size, DXUsableGbps(speed*(1+r.Float64()), count, 0.947))
		c := TransferHours(size, DXUsableGbps(speed, count+1, 0.947))
		if b > a || c > a {
			t.Fatalf("faster link slower: %g h vs %g h / %g h", a, b, c)
		}
	}
}
