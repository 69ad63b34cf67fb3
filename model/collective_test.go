package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCollectiveSeconds works each operation by hand on testFabric (its
// comment lists the hop latencies): 400 GB/s per node of EFA and per
// accelerator of NVLink, 8 accelerators per node.
func TestCollectiveSeconds(t *testing.T) {
	f := testFabric()
	node := Group{Ranks: 8, RanksPerNode: 8}
	four := Group{Ranks: 32, RanksPerNode: 8}
	tests := []struct {
		name string
		g    Group
		op   string
		s    float64
		want float64
	}{
		// All-reduce is AllreduceSeconds with auto: 4 nodes × 8, 4 GB → ring/Simple 0.0197778 s.
		{"all_reduce", four, CollectiveAllReduce, 4e9, 0.0197778},
		// Reduce-scatter of a 4 GB buffer, 4 nodes × 8: ring/Simple, 31 steps of which 3 cross EFA:
		// L = 8.4 + 28 × 3.4 + 3 × 34 = 205.6 µs; 31/32 × 4e9/400e9 = 0.0096875 s → 0.0098931 s
		// (LL: 20 GB/s cap on 3+ nodes, 0.19 s).
		{"reduce_scatter", four, CollectiveReduceScatter, 4e9, 0.0098931},
		// All-gather is the same ring in reverse.
		{"all_gather", four, CollectiveAllGather, 4e9, 0.0098931},
		// 8 bytes gathered on one node: ring/LL, L = 6.6 + 7 × 0.6 = 10.8 µs, + 7/8 × 8 B / 100 GB/s.
		{"all_gather 8 B one node", node, CollectiveAllGather, 8, 10.8e-6 + 7.0/8*8/100e9},
		// All-to-all, 4 nodes × 8, 4 GB sent per rank: EFA carries 8 × 24/32 × 4e9 = 24 GB per node
		// at 400 GB/s = 0.06 s (NVLink share 7/32 × 4e9 / 400e9 = 0.0021875 s is hidden);
		// latency 300 + 3 × 20 = 360 µs → 0.06036 s.
		{"all_to_all", four, CollectiveAllToAll, 4e9, 0.06036},
		// All-to-all inside one node: 7/8 × 4e9 / 400e9 = 0.00875 s; latency 8.4 + 7 × 3.4 = 32.2 µs
		// → 0.0087822 s.
		{"all_to_all one node", node, CollectiveAllToAll, 4e9, 0.0087822},
		// Send/recv between two ranks of a node, 1 GB: Simple 3.4 µs + 1e9/400e9 = 0.0025034 s
		// (LL: 0.6 µs + 1e9 / min(200, 100) GB/s = 0.01 s).
		{"send_recv intra", Group{Ranks: 2, RanksPerNode: 2}, CollectiveSendRecv, 1e9, 0.0025034},
		// Across nodes, 1 GB: one accelerator's EFA share 400/8 = 50 GB/s: Simple 34 µs + 0.02 s
		// = 0.020034 s (LL: 22.7 µs + 1e9 / min(25, 20) GB/s = 0.05 s).
		{"send_recv inter", Group{Ranks: 2, RanksPerNode: 1}, CollectiveSendRecv, 1e9, 0.020034},
		// Across nodes, 8 bytes: LL 22.7 µs + 8 B / 20 GB/s beats Simple's 34 µs.
		{"send_recv inter 8 B", Group{Ranks: 2, RanksPerNode: 1}, CollectiveSendRecv, 8, 22.7e-6 + 8/20e9},
		// One rank, no size or an unknown op: nothing.
		{"one rank", Group{Ranks: 1, RanksPerNode: 1}, CollectiveAllGather, 4e9, 0},
		{"zero size", four, CollectiveAllToAll, 0, 0},
		{"unknown op", four, "broadcast", 4e9, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CollectiveSeconds(f, tt.g, tt.op, AlgorithmAuto, tt.s); !within(got, tt.want) {
				t.Errorf("got %.9g, want %.9g", got, tt.want)
			}
		})
	}
}

// TestCollectiveAllReduceAlgorithm: the algorithm argument reaches the
// all-reduce (worked in TestAllreduceSecondsByAlgorithm).
func TestCollectiveAllReduceAlgorithm(t *testing.T) {
	f, g := noNVLS(), Group{Ranks: 32, RanksPerNode: 8}
	if got := CollectiveSeconds(f, g, CollectiveAllReduce, AlgorithmTree, 4e9); !within(got, 0.0270226667) {
		t.Errorf("tree: got %.9g, want 0.0270226667", got)
	}
	if got := CollectiveSeconds(f, g, CollectiveAllReduce, "", 4e9); !within(got, 0.0197778) {
		t.Errorf("default (auto): got %.9g, want 0.0197778", got)
	}
}

// Properties: every operation's time grows with the message and is finite;
// a reduce-scatter plus an all-gather is never faster than an all-reduce
// run as a ring (it is the same traffic plus one more base latency).
func TestCollectiveProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ops := []string{CollectiveAllReduce, CollectiveReduceScatter, CollectiveAllGather, CollectiveAllToAll, CollectiveSendRecv}
	for range 3000 {
		f := randomFabric(r)
		g := Group{Ranks: 2 + r.IntN(2048), RanksPerNode: min(1<<r.IntN(4), f.AccelsPerNode)}
		op := ops[r.IntN(len(ops))]
		s := 1 + r.Float64()*1e10
		a, b := CollectiveSeconds(f, g, op, AlgorithmAuto, s), CollectiveSeconds(f, g, op, AlgorithmAuto, s*(1+r.Float64()))
		if !(a > 0) || b < a || math.IsInf(b, 0) {
			t.Fatalf("%s %+v %+v: %g → %g as the message grows", op, f, g, a, b)
		}
		rs := CollectiveSeconds(f, g, CollectiveReduceScatter, AlgorithmAuto, s)
		ag := CollectiveSeconds(f, g, CollectiveAllGather, AlgorithmAuto, s)
		if ring := AllreduceSeconds(f, g, AlgorithmRing, s); rs+ag < ring*(1-1e-9) {
			t.Fatalf("%+v %+v: reduce-scatter + all-gather %g faster than a ring all-reduce %g", f, g, rs+ag, ring)
		}
	}
}

// TestCollectiveAllocationFree: the training model calls CollectiveSeconds
// inside a layout search; it must not allocate.
func TestCollectiveAllocationFree(t *testing.T) {
	f, g := testFabric(), Group{Ranks: 256, RanksPerNode: 8}
	allocs := testing.AllocsPerRun(100, func() {
		for _, op := range [...]string{CollectiveAllReduce, CollectiveReduceScatter, CollectiveAllGather, CollectiveAllToAll, CollectiveSendRecv} {
			_ = CollectiveSeconds(f, g, op, AlgorithmAuto, 1e8)
		}
		_ = PickAllreduce(f, g, 1e8)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per run, want 0", allocs)
	}
}

// BenchmarkCollectiveSeconds: one call of each operation with auto; the
// layout search makes a few per layout, ~500 layouts within 1 ms.
func BenchmarkCollectiveSeconds(b *testing.B) {
	f, g := testFabric(), Group{Ranks: 256, RanksPerNode: 8}
	ops := [...]string{CollectiveAllReduce, CollectiveReduceScatter, CollectiveAllGather, CollectiveAllToAll, CollectiveSendRecv}
	for i := range b.N {
		_ = CollectiveSeconds(f, g, ops[i%len(ops)], AlgorithmAuto, float64(1+i%1024)*1e6)
	}
}
