package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testFabric is a round-number fabric so times can be worked by hand:
// 400 GB/s per node over EFA and 400 GB/s per accelerator over NVLink,
// 8 accelerators per node; LL hops 25 µs across nodes and 0.6 µs inside
// (NCCL's NVLink LL value, so NVLink hops are NCCL's own: LL 0.6, LL128 1.9,
// Simple 3.4 µs for rings; 0.6, 1.25, 4.0 for trees); network hops are
// NCCL's values + (25 − 5) µs: ring LL 22.7, ring Simple 34, tree LL 25,
// tree Simple 34 µs. NVLS at 480 GB/s busbw; Simple trees 100 µs + 50 µs per
// level at 0.75 of β_inter; LL capped at 100 / 20 / 20 GB/s busbw on 1 / 2 /
// 3+ nodes; all-to-all 300 µs + 20 µs per extra node.
func testFabric() Fabric {
	return Fabric{AccelsPerNode: 8, InterNodeGBytesPerS: 400, IntraNodeGBytesPerS: 400, InterHopLatencyUs: 25, IntraHopLatencyUs: 0.6,
		NVLS: true, NVLSBusGBytesPerS: 480, TreeBaseLatencyUs: 100, TreeHopLatencyUs: 50, TreeFraction: 0.75,
		LLMaxBusGBytesPerS: [3]float64{100, 20, 20}, AllToAllBaseUs: 300, AllToAllNodeUs: 20}
}

// within reports a relative difference under 1e-6 (near's absolute floor of
// 1e-6 is too loose for times in microseconds).
func within(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Abs(b) }

// noNVLS is testFabric on a node without NVLink SHARP (A100-like).
func noNVLS() Fabric {
	f := testFabric()
	f.NVLS = false
	return f
}

func TestFabricFor(t *testing.T) {
	// p5.48xlarge-like figures: 3200 Gbps / 8 × 0.89 = 356 GB/s; 450 × 0.82 = 369 GB/s.
	f := FabricFor(Instance{AcceleratorCount: 8, NetworkGbps: 3200, IntraNodeGBpsPerAccel: 450}, 0.89, 0.82, 26.96, 0.6)
	if !near(f.InterNodeGBytesPerS, 356) || !near(f.IntraNodeGBytesPerS, 369) || f.InterHopLatencyUs != 26.96 || f.AccelsPerNode != 8 {
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

// TestHopLatencies: NCCL's per-protocol hop latencies moved by the fabric's
// measured LL hops (see testFabric's comment for the hand-worked values).
func TestHopLatencies(t *testing.T) {
	f := testFabric()
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"NVLink ring LL", f.hopIntra(false, pLL), 0.6},
		{"NVLink ring LL128", f.hopIntra(false, pLL128), 1.9},
		{"NVLink ring Simple", f.hopIntra(false, pSimple), 3.4},
		{"NVLink tree Simple", f.hopIntra(true, pSimple), 4.0},
		// 2.7 + 25 − 5 = 22.7 µs.
		{"network ring LL", f.hopInter(false, pLL), 22.7},
		// 14 + 25 − 5 = 34 µs.
		{"network ring Simple", f.hopInter(false, pSimple), 34},
		// 5 + 25 − 5 = 25 µs: the anchor the catalog fits.
		{"network tree LL", f.hopInter(true, pLL), 25},
		// 8.5 + 20 = 28.5 µs.
		{"network tree LL128", f.hopInter(true, pLL128), 28.5},
	}
	for _, tt := range tests {
		if !within(tt.got, tt.want) {
			t.Errorf("%s: got %g µs, want %g", tt.name, tt.got, tt.want)
		}
	}
	// A fabric whose hops are below NCCL's never gets a negative latency.
	if z := (&Fabric{}).hopInter(false, pLL); z != 0 {
		t.Errorf("zero fabric network LL hop: got %g, want 0 (clamped)", z)
	}
}

func TestAllreduceSecondsByAlgorithm(t *testing.T) {
	node := Group{Ranks: 8, RanksPerNode: 8}
	two := Group{Ranks: 16, RanksPerNode: 8}
	four := Group{Ranks: 32, RanksPerNode: 8}
	tests := []struct {
		name string
		f    Fabric
		g    Group
		alg  string
		s    float64
		want float64
	}{
		// One node, ring: Simple L = 8.4 + 14 × 3.4 = 56 µs, 2·7/8 × 4e9/400e9 = 0.0175 s → 0.017556 s
		// (LL128: 40.6 µs + 0.0175/0.92 = 0.019062; LL: capped at 100 GB/s, 0.07 s).
		{"one node ring", testFabric(), node, AlgorithmRing, 4e9, 0.017556},
		// One node, NVLS: 25 µs + 2·7/8 × 4e9/480e9 = 25 µs + 0.01458333 s = 0.01460833 s.
		{"one node nvls", testFabric(), node, AlgorithmNVLS, 4e9, 0.0146083333},
		// Auto picks NVLS on one node for large messages.
		{"one node auto", testFabric(), node, AlgorithmAuto, 4e9, 0.0146083333},
		// 8 bytes on one node: ring LL, L = 6.6 + 14 × 0.6 = 15 µs, + 1.75 × 8 / 100e9 s.
		{"one node 8 B", testFabric(), node, AlgorithmAuto, 8, 15e-6 + 1.75*8/100e9},
		// Tree on one node is a ring (NCCL's single-node choices are ring and NVLS).
		{"one node tree = ring", testFabric(), node, AlgorithmTree, 4e9, 0.017556},
		// NVLS asked for on a node without it: ring.
		{"no NVLS falls back to ring", noNVLS(), node, AlgorithmNVLS, 4e9, 0.017556},
		// 4 nodes × 8, ring/Simple: 62 steps, 6 across EFA: L = 8.4 + 56 × 3.4 + 6 × 34 = 402.8 µs;
		// edge min(400 × 8/8, 400) = 400 GB/s: 2·31/32 × 4e9/400e9 = 0.019375 → 0.0197778 s.
		{"ring full nodes", testFabric(), four, AlgorithmRing, 4e9, 0.0197778},
		// 16 ranks one per node (TP×PP fills the node): 30 steps all across EFA, L = 8.4 + 30 × 34 =
		// 1028.4 µs; 8 groups share each node's 400 GB/s → 50 GB/s: 2·15/16 × 4e9/50e9 = 0.15 → 0.1510284 s.
		{"ring one rank per node", testFabric(), Group{Ranks: 16, RanksPerNode: 1}, AlgorithmRing, 4e9, 0.1510284},
		// Tree over 4 nodes (no NVLS): Simple L = 100 + 2·2·50 + 2·7·4.0 = 356 µs; A = 0.75 × 400 / 2 =
		// 150 GB/s: 4e9/150e9 = 0.02666667 → 0.02702267 s (LL: 10 GB/s cap, 0.4 s).
		{"tree", noNVLS(), four, AlgorithmTree, 4e9, 0.0270226667},
		// NVLS-tree over 4 nodes: L = 100 + 200 + 25 = 325 µs; A = min(150, 480 × 8/14 = 274.3) = 150 → 0.02699167 s.
		{"nvls tree 4 nodes", testFabric(), four, AlgorithmNVLSTree, 4e9, 0.0269916667},
		// NVLS-tree over 2 nodes: one level, L = 100 + 100 + 25 = 225 µs; A = min(0.75 × 400, 274.29) =
		// 274.29 GB/s: 4e9/274.2857e9 = 0.01458333 → 0.01480833 s.
		{"nvls tree 2 nodes", testFabric(), two, AlgorithmNVLSTree, 4e9, 0.0148083333},
		// NVLS-tree needs two ranks per node (NCCL disables NVLS with one local rank): ring.
		{"nvls tree one rank per node", testFabric(), Group{Ranks: 16, RanksPerNode: 1}, AlgorithmNVLSTree, 4e9, 0.1510284},
		// "nvls" across nodes means NVLS-tree.
		{"nvls across nodes", testFabric(), two, AlgorithmNVLS, 4e9, 0.0148083333},
		// 8 bytes on 2 nodes: tree/LL, L = 6.8 + 2 × (7 × 0.6 + 1 × 25) = 65.2 µs (ring/LL: 6.6 + 28 × 0.6
		// + 2 × 22.7 = 68.8 µs), + 8 B at min(300/3.8, 20/2) = 10 GB/s.
		{"two nodes 8 B", testFabric(), two, AlgorithmAuto, 8, 65.2e-6 + 8/10e9},
		// Auto on 4 nodes, 4 GB: ring/Simple 0.0197778 s beats NVLS-tree 0.0269917 s.
		{"four nodes auto", testFabric(), four, AlgorithmAuto, 4e9, 0.0197778},
		// Hierarchical, 4 nodes × 8 (Simple hops 3.4 / 34 µs): 8.4 µs + 2 × (7/8 × 4e9/400e9 + 7 × 3.4 µs)
		// = 0.01755600; ring of 0.5e9 shards over 4 nodes at 400/8 = 50 GB/s: 2·3/4 × 0.01 + 6 × 34 µs
		// = 0.015204; total 0.032760 s.
		{"hierarchical", testFabric(), four, AlgorithmHierarchical, 4e9, 0.03276},
		// An unknown name is ring.
		{"unknown is ring", testFabric(), four, "bogus", 4e9, 0.0197778},
		// A single rank does nothing.
		{"single rank", testFabric(), Group{Ranks: 1, RanksPerNode: 1}, AlgorithmRing, 4e9, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AllreduceSeconds(tt.f, tt.g, tt.alg, tt.s); !within(got, tt.want) {
				t.Errorf("got %.9g, want %.9g", got, tt.want)
			}
		})
	}
}

// TestPickAllreduce: the algorithm and protocol NCCL's tuner would choose
// (times as worked in TestAllreduceSecondsByAlgorithm).
func TestPickAllreduce(t *testing.T) {
	tests := []struct {
		name      string
		g         Group
		s         float64
		alg, prot string
	}{
		{"one node 8 B", Group{8, 8}, 8, AlgorithmRing, ProtocolLL},
		// 32 MiB on one node: NVLS 25 µs + 1.75 × 33.55e6/480e9 = 147 µs beats ring/LL128
		// (40.6 µs + 1.75 × 33.55e6/368e9 = 200 µs).
		{"one node 32 MiB", Group{8, 8}, 32 << 20, AlgorithmNVLS, ProtocolSimple},
		{"two nodes 8 B", Group{16, 8}, 8, AlgorithmTree, ProtocolLL},
		// 4 GB on 2 nodes: the chain tree (L = 100 + 100 + 14 × 4.0 = 256 µs, A = min(0.75 × 400,
		// NVLink 400) = 300 GB/s: 0.0135893 s) beats NVLS-tree, whose bandwidth the node's NVLS
		// bounds (274.3 GB/s: 0.0148083 s).
		{"two nodes 4 GB", Group{16, 8}, 4e9, AlgorithmTree, ProtocolSimple},
		{"four nodes 4 GB", Group{32, 8}, 4e9, AlgorithmRing, ProtocolSimple},
	}
	for _, tt := range tests {
		c := PickAllreduce(testFabric(), tt.g, tt.s)
		if c.Algorithm != tt.alg || c.Protocol != tt.prot || !within(c.Seconds, AllreduceSeconds(testFabric(), tt.g, AlgorithmAuto, tt.s)) {
			t.Errorf("%s: got %+v, want %s/%s", tt.name, c, tt.alg, tt.prot)
		}
	}
	if c := PickAllreduce(testFabric(), Group{1, 1}, 1e9); c != (AllreduceChoice{}) {
		t.Errorf("one rank: got %+v, want nothing", c)
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

// randomFabric draws a fabric with every field in a plausible range.
func randomFabric(r *rand.Rand) Fabric {
	return Fabric{AccelsPerNode: 1 << r.IntN(5), InterNodeGBytesPerS: 1 + r.Float64()*800, IntraNodeGBytesPerS: 1 + r.Float64()*900,
		InterHopLatencyUs: r.Float64() * 100, IntraHopLatencyUs: r.Float64() * 5,
		NVLS: r.IntN(2) == 0, NVLSBusGBytesPerS: r.Float64() * 1000, TreeBaseLatencyUs: r.Float64() * 500,
		TreeHopLatencyUs: r.Float64() * 500, TreeFraction: r.Float64(), LL128AcrossNodes: r.IntN(2) == 0,
		LLMaxBusGBytesPerS: [3]float64{r.Float64() * 300, r.Float64() * 50, r.Float64() * 50},
		AllToAllBaseUs:     r.Float64() * 500, AllToAllNodeUs: r.Float64() * 50}
}

// Properties over random fabrics, layouts and sizes: an all-reduce never
// gets faster as the message grows, for every algorithm; auto is never
// slower than any NCCL algorithm named explicitly; times are finite.
func TestAllreduceProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	algs := []string{AlgorithmRing, AlgorithmTree, AlgorithmNVLS, AlgorithmNVLSTree, AlgorithmHierarchical, AlgorithmAuto}
	for range 3000 {
		f := randomFabric(r)
		rpn := 1 << r.IntN(4)
		g := Group{Ranks: 1 + r.IntN(4096), RanksPerNode: min(rpn, f.AccelsPerNode)}
		alg := algs[r.IntN(len(algs))]
		s := r.Float64() * 1e10
		a, b := AllreduceSeconds(f, g, alg, s), AllreduceSeconds(f, g, alg, s*(1+r.Float64()))
		if b < a || math.IsInf(b, 0) || math.IsNaN(b) {
			t.Fatalf("%s %+v %+v: %g → %g as the message grows", alg, f, g, a, b)
		}
		auto := AllreduceSeconds(f, g, AlgorithmAuto, s)
		if alg != AlgorithmHierarchical && auto > a*(1+1e-12) {
			t.Fatalf("%s %+v %+v: auto %g slower than %s %g", alg, f, g, auto, alg, a)
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
	// At 16 GiB = 17,179,869,184 B the ring/Simple latency is 402.8 µs against
	// 2·31/32 × S / 400e9 = 83.2150 ms: T = 83.6178 ms, busbw = S/T × 62/32 = 398.07 GB/s.
	if last := pts[12].BusBWGBytesPerS; math.Abs(last-398.07) > 0.01 {
		t.Errorf("16 GiB busbw %g, want ≈ 398.07", last)
	}
}

// BenchmarkAllreduceAuto is the training model's hot call: NCCL's choice
// for one all-reduce (8 algorithm × protocol candidates).
func BenchmarkAllreduceAuto(b *testing.B) {
	f, g := testFabric(), Group{Ranks: 128, RanksPerNode: 8}
	for i := range b.N {
		_ = AllreduceSeconds(f, g, AlgorithmAuto, float64(1+i%1024)*1e6)
	}
}

// TestSmallMessagesManyRanks: the case the single-α model got wrong. 8 bytes
// over 32 nodes × 8 ranks (testFabric): a ring now pays the network hop only
// on its 2(m−1) = 62 network steps, L = 6.6 + 448 × 0.6 + 62 × 22.7 =
// 1,682.8 µs (charging it on all 510 steps would give 510 × 22.7 = 11,577 µs);
// NCCL's tuner runs a tree/LL instead: 6.8 + 2 × (7 × 0.6 + 5 × 25) = 265.2 µs.
func TestSmallMessagesManyRanks(t *testing.T) {
	f, g := testFabric(), Group{Ranks: 256, RanksPerNode: 8}
	// Bandwidth terms: the 3+-node LL cap is 20 GB/s busbw for a ring and
	// half of it, 10 GB/s, as a tree's algorithm bandwidth.
	if got, want := AllreduceSeconds(f, g, AlgorithmRing, 8), 1682.8e-6+2*255.0/256*8/20e9; !within(got, want) {
		t.Errorf("ring: got %.9g, want %.9g", got, want)
	}
	c := PickAllreduce(f, g, 8)
	if want := 265.2e-6 + 8/10e9; c.Algorithm != AlgorithmTree || c.Protocol != ProtocolLL || !within(c.Seconds, want) {
		t.Errorf("auto: got %+v, want tree/LL %.9g s", c, want)
	}
}
