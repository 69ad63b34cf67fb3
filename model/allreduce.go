package model

import "math"

// FabricFor derives one instance type's alpha-beta fabric from the catalog,
// with the same formula for every type:
//
//	β_inter [GB/s per node]  = network_gbps / 8 × efaFraction
//	β_intra [GB/s per accel] = intra_node_gbps_per_accel × nvlinkFraction
//	α_inter = efaHopUs, α_intra = nvlinkHopUs
//
// efaFraction is the achievable share of EFA line rate for large all-reduce
// (calibrated once on p5.48xlarge, nccl-tests at 4-16 nodes); efaHopUs the
// per-step latency of a ring (2 × p5.48xlarge small-message floor / 30 steps).
func FabricFor(inst Instance, efaFraction, nvlinkFraction, efaHopUs, nvlinkHopUs float64) Fabric {
	return Fabric{
		AccelsPerNode:       max(1, inst.AcceleratorCount),
		InterNodeGBytesPerS: inst.NetworkGbps / 8 * efaFraction,
		IntraNodeGBytesPerS: inst.IntraNodeGBpsPerAccel * nvlinkFraction,
		InterHopLatencyUs:   efaHopUs,
		IntraHopLatencyUs:   nvlinkHopUs,
	}
}

// RingAllreduceSeconds is the alpha-beta time of a ring all-reduce of
// sizeBytes on p ranks, each step costing alphaS and each link carrying
// bytesPerS (Thakur, Rabenseifner & Gropp 2005; nccl-tests PERFORMANCE.md):
//
//	T = 2(p−1)/p × S/B + 2(p−1) × α
func RingAllreduceSeconds(sizeBytes float64, p int, alphaS, bytesPerS float64) float64 {
	if p <= 1 {
		return 0
	}
	n := float64(p)
	return 2*(n-1)/n*sizeBytes/bytesPerS + 2*(n-1)*alphaS
}

// TreeAllreduceSeconds is the alpha-beta time of a pipelined (double) binary
// tree all-reduce on p ranks: a reduce up and a broadcast down the tree, each
// log2 p deep, with every byte crossing a node's link about twice (NCCL's
// tuning model gives tree all-reduce an algorithm bandwidth of half the bus
// bandwidth):
//
//	T = 2⌈log2 p⌉ × α + 2 × S/B
func TreeAllreduceSeconds(sizeBytes float64, p int, alphaS, bytesPerS float64) float64 {
	if p <= 1 {
		return 0
	}
	return 2*math.Ceil(math.Log2(float64(p)))*alphaS + 2*sizeBytes/bytesPerS
}

// Group is a set of ranks that all-reduce together, laid out over nodes.
type Group struct {
	// Ranks is the group size (the data-parallel degree).
	Ranks int
	// RanksPerNode is how many of the group's ranks share one node (1 when
	// tensor × pipeline fills a node).
	RanksPerNode int
}

// DataParallelGroup lays a data-parallel group out over nodes of
// accelsPerNode accelerators. Tensor and pipeline ranks are packed into nodes
// first (tensor-parallel inside NVLink), so a node holds accelsPerNode /
// (tensor × pipeline) ranks of one data-parallel group, or 1 when tensor ×
// pipeline fills a node or more.
func DataParallelGroup(dataParallel, tensor, pipeline, accelsPerNode int) Group {
	shard := max(1, tensor) * max(1, pipeline)
	rpn := 1
	if shard < accelsPerNode {
		rpn = max(1, accelsPerNode/shard)
	}
	return Group{Ranks: max(1, dataParallel), RanksPerNode: min(rpn, max(1, dataParallel))}
}

// Nodes is the number of nodes the group spans: ⌈ranks / ranks per node⌉.
func (g Group) Nodes() int {
	rpn := max(1, g.RanksPerNode)
	return (g.Ranks + rpn - 1) / rpn
}

// ringBytesPerS is the bandwidth of one ring edge of the group. Every node
// runs accelsPerNode / ranksPerNode such groups at once, each with one
// inter-node edge per ring, so they share the node's EFA bandwidth:
//
//	B = min(β_inter × ranksPerNode / accelsPerNode, β_intra)
//
// (β_intra only when the ring also has NVLink edges).
func (f Fabric) ringBytesPerS(g Group) float64 {
	b := f.InterNodeGBytesPerS * 1e9 * float64(max(1, g.RanksPerNode)) / float64(max(1, f.AccelsPerNode))
	if g.RanksPerNode > 1 {
		b = math.Min(b, f.IntraNodeGBytesPerS*1e9)
	}
	return b
}

// AllreduceSeconds is the time of one all-reduce of sizeBytes per rank over
// group g on fabric f with the named algorithm:
//
//   - one node: a ring over NVLink, T = 2(p−1)/p · S/β_intra + 2(p−1)·α_intra;
//   - ring: RingAllreduceSeconds over all ranks with α_inter for every step and
//     the shared edge bandwidth of ringBytesPerS;
//   - tree: TreeAllreduceSeconds across the nodes plus a chain of
//     2(r−1)·α_intra inside each node, at the same edge bandwidth;
//   - hierarchical: reduce-scatter over NVLink inside the node (r ranks),
//     ring all-reduce of each S/r shard across the m nodes (each of the node's
//     accelerators drives one ring over a 1/accelsPerNode share of β_inter),
//     then all-gather over NVLink:
//     T = 2·[(r−1)/r · S/β_intra + (r−1)·α_intra] + 2(m−1)/m · (S/r)/(β_inter/a) + 2(m−1)·α_inter.
//
// An unknown algorithm is treated as ring.
func AllreduceSeconds(f Fabric, g Group, algorithm string, sizeBytes float64) float64 {
	p := g.Ranks
	if p <= 1 || sizeBytes < 0 {
		return 0
	}
	aInter := f.InterHopLatencyUs * 1e-6
	aIntra := f.IntraHopLatencyUs * 1e-6
	m := g.Nodes()
	r := max(1, g.RanksPerNode)
	if m <= 1 {
		return RingAllreduceSeconds(sizeBytes, p, aIntra, f.IntraNodeGBytesPerS*1e9)
	}
	switch algorithm {
	case AlgorithmTree:
		return TreeAllreduceSeconds(sizeBytes, m, aInter, f.ringBytesPerS(g)) + 2*float64(r-1)*aIntra
	case AlgorithmHierarchical:
		t := 0.0
		if r > 1 {
			rf := float64(r)
			t = 2 * ((rf-1)/rf*sizeBytes/(f.IntraNodeGBytesPerS*1e9) + (rf-1)*aIntra)
		}
		perRing := f.InterNodeGBytesPerS * 1e9 / float64(max(1, f.AccelsPerNode))
		return t + RingAllreduceSeconds(sizeBytes/float64(r), m, aInter, perRing)
	}
	return RingAllreduceSeconds(sizeBytes, p, aInter, f.ringBytesPerS(g))
}

// BusBandwidthGBytesPerS is the bus bandwidth nccl-tests all_reduce_perf
// reports for an all-reduce of sizeBytes on p ranks taking seconds
// (nccl-tests doc/PERFORMANCE.md):
//
//	algbw = S / t ;  busbw = algbw × 2(p−1)/p      [GB/s, 1e9 bytes]
func BusBandwidthGBytesPerS(sizeBytes, seconds float64, p int) float64 {
	if seconds <= 0 || p <= 1 {
		return 0
	}
	n := float64(p)
	return sizeBytes / seconds * 2 * (n - 1) / n / 1e9
}

// BusBandwidthCurve is what nccl-tests all_reduce_perf would report on a
// cluster of nodes × accelsPerNode ranks (one rank per accelerator), for each
// message size: the curve the TUI charts. Sizes are bytes per rank.
func BusBandwidthCurve(f Fabric, nodes int, algorithm string, sizes []float64) []BusBWPoint {
	g := Group{Ranks: max(1, nodes) * f.AccelsPerNode, RanksPerNode: f.AccelsPerNode}
	out := make([]BusBWPoint, 0, len(sizes))
	for _, s := range sizes {
		t := AllreduceSeconds(f, g, algorithm, s)
		pt := BusBWPoint{MessageBytes: s, TimeUs: t * 1e6}
		if t > 0 {
			pt.AlgBWGBytesPerS = s / t / 1e9
			pt.BusBWGBytesPerS = BusBandwidthGBytesPerS(s, t, g.Ranks)
		}
		out = append(out, pt)
	}
	return out
}

// NCCLTestSizes are message sizes from 1 KiB to 16 GiB in steps of 4×, the
// range nccl-tests all_reduce_perf sweeps with -b 1K -e 16G -f 4.
func NCCLTestSizes() []float64 {
	out := make([]float64, 0, 13)
	for s := 1024.0; s <= 16*(1<<30); s *= 4 {
		out = append(out, s)
	}
	return out
}
