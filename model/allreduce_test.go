package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testFabric is a round-number fabric so times can be worked by hand:
// 400 GB/s per node over EFA, 400 GB/s per accelerator over NVLink,
// α 2 µs across nodes and 1 µs inside, 8 accelerators per node.
func testFabric() Fabric {
	return Fabric{AccelsPerNode: 8, InterNodeGBytesPerS: 400, IntraNodeGBytesPerS: 400, InterHopLatencyUs: 2, IntraHopLatencyUs: 1}
}

func TestFabricFor(t *testing.T) {
	// p5.48xlarge-like figures: 3200 Gbps / 8 × 0.89 = 356 GB/s; 450 × 0.8 = 360 GB/s.
	f := FabricFor(Instance{AcceleratorCount: 8, NetworkGbps: 3200, IntraNodeGBpsPerAccel: 450}, 0.89, 0.8, 2.3, 0.5)
	if !near(f.InterNodeGBytesPerS, 356) || !near(f.IntraNodeGBytesPerS, 360) || f.InterHopLatencyUs != 2.3 || f.AccelsPerNode != 8 {
		t.Errorf("got %+v", f)
	}
}

func TestRingAndTreePrimitives(t *testing.T) {
	tests := []struct {
		name  string
		fn    func(float64, int, float64, float64) float64
		s     float64
		p     int
		alpha float64
		bw    float64
		want  float64
	}{
		// Ring, 4 ranks, 1 GB at 10 GB/s, α 10 µs: 2·3/4·0.1 s + 6·10 µs = 0.15 + 0.00006 = 0.15006 s.
		{"ring 4 ranks", RingAllreduceSeconds, 1e9, 4, 10e-6, 10e9, 0.15006},
		// Ring, 16 ranks, 8 B: bandwidth term negligible, 30 steps × 2.3 µs = 69 µs
		// (the 2 × p5.48xlarge small-message floor, 69.12 µs, that α was taken from).
		{"ring latency floor", RingAllreduceSeconds, 8, 16, 2.3e-6, 356e9, 69e-6 + 2*15.0/16*8/356e9},
		// Tree, 16 ranks, 1 GB at 10 GB/s, α 10 µs: 2·4·10 µs + 2·0.1 s = 0.20008 s.
		{"tree 16 ranks", TreeAllreduceSeconds, 1e9, 16, 10e-6, 10e9, 0.20008},
		// Tree, 5 ranks: ⌈log2 5⌉ = 3 → 6 × 1 µs + 2 × 1e6/1e9 = 0.002006 s.
		{"tree 5 ranks", TreeAllreduceSeconds, 1e6, 5, 1e-6, 1e9, 0.002006},
		// One rank: nothing to reduce.
		{"ring 1 rank", RingAllreduceSeconds, 1e9, 1, 1e-6, 1e9, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.s, tt.p, tt.alpha, tt.bw); !near(got, tt.want) {
				t.Errorf("got %.9g, want %.9g", got, tt.want)
			}
		})
	}
}

func TestAllreduceSecondsByAlgorithm(t *testing.T) {
	f := testFabric()
	tests := []struct {
		name string
		g    Group
		alg  string
		s    float64
		want float64
	}{
		// One node, 8 ranks, NVLink ring: 2·7/8 × 4e9/400e9 + 14 × 1 µs = 0.0175 + 0.000014 = 0.017514 s.
		{"one node", Group{Ranks: 8, RanksPerNode: 8}, AlgorithmRing, 4e9, 0.017514},
		// 4 nodes × 8 ranks, ring: edge bandwidth min(400 × 8/8, 400) = 400 GB/s;
		// 2·31/32 × 4e9/400e9 + 62 × 2 µs = 0.019375 + 0.000124 = 0.019499 s.
		{"ring full nodes", Group{Ranks: 32, RanksPerNode: 8}, AlgorithmRing, 4e9, 0.019499},
		// 16 ranks one per node (TP×PP fills the node): 8 groups share each node's
		// 400 GB/s → 50 GB/s per ring; 2·15/16 × 4e9/50e9 + 30 × 2 µs = 0.15 + 0.00006 = 0.15006 s.
		{"ring one rank per node", Group{Ranks: 16, RanksPerNode: 1}, AlgorithmRing, 4e9, 0.15006},
		// Tree over 4 nodes × 8: 2·2·2 µs + 2·7·1 µs + 2 × 4e9/400e9 = 8 µs + 14 µs + 0.02 s = 0.020022 s.
		{"tree", Group{Ranks: 32, RanksPerNode: 8}, AlgorithmTree, 4e9, 0.020022},
		// Hierarchical, 4 nodes × 8: intra 2 × (7/8 × 4e9/400e9 + 7 × 1 µs) = 0.017514;
		// inter ring of 0.5e9 shards over 4 nodes at 400/8 = 50 GB/s: 2·3/4 × 0.5e9/50e9 + 6 × 2 µs = 0.015012;
		// total 0.032526 s.
		{"hierarchical", Group{Ranks: 32, RanksPerNode: 8}, AlgorithmHierarchical, 4e9, 0.032526},
		// A single rank does nothing.
		{"single rank", Group{Ranks: 1, RanksPerNode: 1}, AlgorithmRing, 4e9, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AllreduceSeconds(f, tt.g, tt.alg, tt.s); !near(got, tt.want) {
				t.Errorf("got %.9g, want %.9g", got, tt.want)
			}
		})
	}
}

func TestDataParallelGroup(t *testing.T) {
	tests := []struct {
		dp, tp, pp, apn int
		want            Group
		nodes           int
	}{
		{16, 8, 4, 8, Group{16, 1}, 16},   // TP×PP = 32 fills 4 nodes: one DP rank per node
		{32, 1, 1, 8, Group{32, 8}, 4},    // pure DP: 8 ranks per node
		{64, 2, 1, 8, Group{64, 4}, 16},   // TP2: 4 DP ranks of a group per node
		{4, 1, 1, 8, Group{4, 4}, 1},      // fewer ranks than a node
		{12, 16, 1, 16, Group{12, 1}, 12}, // Trainium TP16 fills a trn node
	}
	for _, tt := range tests {
		g := DataParallelGroup(tt.dp, tt.tp, tt.pp, tt.apn)
		if g != tt.want || g.Nodes() != tt.nodes {
			t.Errorf("DP%d TP%d PP%d on %d/node: got %+v (%d nodes), want %+v (%d nodes)", tt.dp, tt.tp, tt.pp, tt.apn, g, g.Nodes(), tt.want, tt.nodes)
		}
	}
}

func TestBusBandwidth(t *testing.T) {
	// nccl-tests, 2 × p5.48xlarge, 16 GiB: algbw 259.78 GB/s → busbw × 2·15/16 = 487.09 GB/s
	// (awsome-distributed-training micro-benchmarks/nccl-tests README).
	s := 16.0 * (1 << 30)
	got := BusBandwidthGBytesPerS(s, s/259.78e9, 16)
	if math.Abs(got-487.09) > 0.01 {
		t.Errorf("got %.2f, want 487.09", got)
	}
	if BusBandwidthGBytesPerS(1, 0, 16) != 0 || BusBandwidthGBytesPerS(1, 1, 1) != 0 {
		t.Error("zero time or one rank must give 0")
	}
}

// Property: an all-reduce never gets faster as the message grows, for every
// algorithm and layout; bus bandwidth never exceeds the ring edge bandwidth
// of a full-node ring.
func TestAllreduceGrowsWithSize(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		f := Fabric{AccelsPerNode: 1 << r.IntN(5), InterNodeGBytesPerS: 1 + r.Float64()*800, IntraNodeGBytesPerS: 1 + r.Float64()*900,
			InterHopLatencyUs: r.Float64() * 20, IntraHopLatencyUs: r.Float64() * 5}
		rpn := 1 << r.IntN(4)
		g := Group{Ranks: 1 + r.IntN(4096), RanksPerNode: min(rpn, f.AccelsPerNode)}
		alg := []string{AlgorithmRing, AlgorithmTree, AlgorithmHierarchical}[r.IntN(3)]
		s := r.Float64() * 1e10
		a, b := AllreduceSeconds(f, g, alg, s), AllreduceSeconds(f, g, alg, s*(1+r.Float64()))
		if b < a {
			t.Fatalf("%s %+v %+v: larger message faster: %g → %g", alg, f, g, a, b)
		}
	}
}

func TestBusBandwidthCurve(t *testing.T) {
	f := testFabric()
	pts := BusBandwidthCurve(f, 4, AlgorithmRing, NCCLTestSizes())
	if len(pts) != 13 || pts[0].MessageBytes != 1024 || pts[12].MessageBytes != 16*(1<<30) {
		t.Fatalf("sizes: %d points, first %g, last %g", len(pts), pts[0].MessageBytes, pts[len(pts)-1].MessageBytes)
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].BusBWGBytesPerS < pts[i-1].BusBWGBytesPerS {
			t.Errorf("busbw falls from %g to %g at %g bytes", pts[i-1].BusBWGBytesPerS, pts[i].BusBWGBytesPerS, pts[i].MessageBytes)
		}
		if pts[i].BusBWGBytesPerS > f.InterNodeGBytesPerS {
			t.Errorf("busbw %g above the edge bandwidth %g", pts[i].BusBWGBytesPerS, f.InterNodeGBytesPerS)
		}
	}
	// At 16 GiB the latency term is 62 × 2 µs against 2·31/32 × 17.18e9 / 400e9 = 83.2 ms:
	// busbw = 400 × 83.2 / 83.3 ≈ 399.4 GB/s.
	if last := pts[12].BusBWGBytesPerS; math.Abs(last-399.4) > 0.1 {
		t.Errorf("16 GiB busbw %g, want ≈ 399.4", last)
	}
}
