package model

import (
	"math"
	"testing"
)

// Catalog figures the hand-worked cases use.
const (
	testEarthKm   = 6371.0088 // IUGG mean radius
	testFibreKmS  = 204218.0  // 299,792.458 / 1.468
	testInflation = 2.1       // Bozkurt et al. 2018 rule of thumb
)

func TestGreatCircleAndRTT(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		wantKm, wantRTTMs      float64
	}{
		// Tokyo (35.68, 139.69) to Ashburn, us-east-1 (39.04, -77.49):
		// Δφ = 3.36°, Δλ = -217.18°; a = sin²(1.68°) + cos 35.68° · cos 39.04° · sin²(-108.59°)
		//   = 0.000860 + 0.8123 × 0.7767 × 0.8984 = 0.56765;
		// d = 2 × 6371.0088 × atan2(√0.56765, √0.43235) = 2 × 6371.0088 × 0.85325 = 10,872.2 km.
		// RTT = 2 × 10,872.2 × 2.1 / 204,218 × 1000 = 223.6 ms.
		{"Tokyo-us-east-1", 35.68, 139.69, 39.04, -77.49, 10872.2, 223.6},
		// Inzai (35.83, 140.15) to Tokyo, ap-northeast-1 (35.68, 139.69): a = 1.2326e-5,
		// d = 2 × 6371.0088 × asin(√a) = 44.73 km; RTT = 2 × 44.73 × 2.1 / 204,218 × 1000 = 0.92 ms.
		{"Inzai-ap-northeast-1", 35.83, 140.15, 35.68, 139.69, 44.73, 0.92},
		// Tokyo to Osaka (34.69, 135.50): 396.3 km, RTT 8.15 ms.
		{"Tokyo-Osaka", 35.68, 139.69, 34.69, 135.50, 396.3, 8.15},
		{"same point", 35.68, 139.69, 35.68, 139.69, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			km := GreatCircleKm(tc.lat1, tc.lon1, tc.lat2, tc.lon2, testEarthKm)
			if math.Abs(km-tc.wantKm) > 0.05+tc.wantKm*1e-4 {
				t.Errorf("distance = %.2f km, want %.2f", km, tc.wantKm)
			}
			rtt := FibreRTTMs(km, testInflation, testFibreKmS)
			if math.Abs(rtt-tc.wantRTTMs) > 0.01+tc.wantRTTMs*1e-3 {
				t.Errorf("RTT = %.3f ms, want %.3f", rtt, tc.wantRTTMs)
			}
		})
	}
	// Tokyo's users are more than 200 times closer in time to ap-northeast-1 than to us-east-1.
	near := FibreRTTMs(GreatCircleKm(35.83, 140.15, 35.68, 139.69, testEarthKm), testInflation, testFibreKmS)
	far := FibreRTTMs(GreatCircleKm(35.68, 139.69, 39.04, -77.49, testEarthKm), testInflation, testFibreKmS)
	if far/near < 200 {
		t.Errorf("us-east-1 / ap-northeast-1 RTT ratio = %.0f, want > 200", far/near)
	}
}

// A longer distance never lowers the RTT, whatever the constants.
func TestRTTMonotoneInDistance(t *testing.T) {
	for _, infl := range []float64{1, 1.3, 2.1, 3} {
		prev := -1.0
		for km := 0.0; km <= 20040; km += 37.3 {
			rtt := FibreRTTMs(km, infl, testFibreKmS)
			if rtt < prev {
				t.Fatalf("inflation %g: RTT fell from %g to %g at %g km", infl, prev, rtt, km)
			}
			prev = rtt
		}
	}
	// Along a meridian the great-circle distance grows with the angle, so the RTT does too.
	prev := -1.0
	for lat := 0.0; lat <= 90; lat += 0.5 {
		rtt := FibreRTTMs(GreatCircleKm(0, 0, lat, 0, testEarthKm), testInflation, testFibreKmS)
		if rtt < prev {
			t.Fatalf("RTT fell at latitude %g", lat)
		}
		prev = rtt
	}
}

func TestStreamsNeeded(t *testing.T) {
	tests := []struct {
		name              string
		gbps, window, rtt float64
		want              int
	}{
		// 10 Gbps at 150 ms with a 4 MiB window: one stream carries
		// 4,194,304 × 8 / 0.150 = 223.7 Mbps; 10e9 / 223.7e6 = 44.7 → 45 streams.
		{"10G 150ms 4MiB", 10, 4 << 20, 150, 45},
		// With a 64 MiB window: 3.579 Gbps per stream; 10 / 3.579 = 2.79 → 3.
		{"10G 150ms 64MiB", 10, 64 << 20, 150, 3},
		// 189.4 Gbps at 92 ms, 4 MiB: 0.3647 Gbps per stream → 519.3 → 520.
		{"DX 2x100G Frankfurt", 189.4, 4 << 20, 92, 520},
		{"no RTT", 10, 4 << 20, 0, 1},
		{"no rate", 0, 4 << 20, 150, 0},
		{"no window", 10, 0, 150, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := StreamsNeeded(tc.gbps, tc.window, tc.rtt); got != tc.want {
				t.Errorf("StreamsNeeded = %d, want %d", got, tc.want)
			}
		})
	}
	capped := []struct {
		name                   string
		gbps, window, rtt, cap float64
		want                   int
	}{
		// 4 MiB at 0.23 ms (Tokyo site, Tokyo Region): window / RTT =
		// 4,194,304 × 8 / 0.00023 = 145.9 Gbps, so the 5 Gbps flow cap binds:
		// 100 / 5 = 20 streams (without the cap: 1).
		{"short RTT, cap binds", 100, 4 << 20, 0.23, 5, 20},
		// At 150 ms the window binds (223.7 Mbps < 5 Gbps): 45 as uncapped.
		{"long RTT, window binds", 10, 4 << 20, 150, 5, 45},
		// No RTT: the window never binds, the cap does: 10 / 5 = 2.
		{"no RTT, cap", 10, 4 << 20, 0, 5, 2},
		// Cap 0 = no cap: as StreamsNeeded.
		{"no cap", 100, 4 << 20, 0.23, 0, 1},
	}
	for _, tc := range capped {
		t.Run(tc.name, func(t *testing.T) {
			if got := StreamsNeededCapped(tc.gbps, tc.window, tc.rtt, tc.cap); got != tc.want {
				t.Errorf("StreamsNeededCapped = %d, want %d", got, tc.want)
			}
		})
	}
	if got := StreamGbpsCapped(4<<20, 0.23, 5); got != 5 {
		t.Errorf("StreamGbpsCapped = %g, want 5", got)
	}
	// Bandwidth-delay product: 10 Gbps × 150 ms = 1.25e9 B/s × 0.15 s = 187.5 MB.
	if got := BandwidthDelayBytes(10, 150); math.Abs(got-187.5e6) > 1 {
		t.Errorf("BDP = %g, want 187.5e6", got)
	}
}

func TestInstancesNeeded(t *testing.T) {
	tests := []struct {
		name                string
		rps, out, tps, util float64
		want                int
	}{
		// 40 requests/s × 500 output tokens = 20,000 tokens/s; one p5.48xlarge
		// gives 3,257.48 tokens/s (NIM 70B FP8, 4 × TP2), at 70%: 2,280.2;
		// 20,000 / 2,280.2 = 8.77 → 9 instances.
		{"70B on p5 at 40 rps", 40, 500, 3257.48, 0.7, 9},
		// Exactly full: 10 rps × 100 tokens = 1,000 tokens/s at 1,000 × 1.0 → 1.
		{"exact", 10, 100, 1000, 1, 1},
		{"no throughput", 10, 100, 0, 0.7, 0},
		{"no traffic", 0, 100, 1000, 0.7, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := InstancesNeeded(tc.rps, tc.out, tc.tps, tc.util); got != tc.want {
				t.Errorf("InstancesNeeded = %d, want %d", got, tc.want)
			}
		})
	}
}

// More traffic never lowers the instance count.
func TestInstancesMonotoneInTraffic(t *testing.T) {
	for _, tps := range []float64{500, 3257.48, 12000} {
		prev := 0
		for rps := 0.0; rps <= 2000; rps += 3.7 {
			n := InstancesNeeded(rps, 350, tps, 0.7)
			if n < prev {
				t.Fatalf("tps %g: instances fell from %d to %d at %g rps", tps, prev, n, rps)
			}
			prev = n
		}
	}
}

func TestUserLatency(t *testing.T) {
	// 1 ms RTT + 834.51 ms TTFT; + 500 tokens × 59.73 ms = 29,865 ms → 30,700.51 ms.
	first, done := UserLatencyMs(1, 834.51, 500, 59.73)
	if math.Abs(first-835.51) > 1e-9 || math.Abs(done-30700.51) > 1e-6 {
		t.Errorf("UserLatencyMs = %g, %g; want 835.51, 30700.51", first, done)
	}
	// 140 GB (70B at bf16) over 3,200 Gbps: 140 × 8 / 3200 = 0.35 s.
	if got := LoadSeconds(70*BytesPerParam("bf16"), 3200); math.Abs(got-0.35) > 1e-12 {
		t.Errorf("LoadSeconds = %g, want 0.35", got)
	}
}
