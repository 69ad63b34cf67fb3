package model

import "math"

// Algorithms NCCL runs on NVSwitch nodes, next to ring, tree and
// hierarchical (perf_types.go).
const (
	// AlgorithmNVLS is NVLink SHARP: the NVSwitch reduces and multicasts, so
	// a single-node all-reduce moves each byte over NVLink about once.
	AlgorithmNVLS = "nvls"
	// AlgorithmNVLSTree is NCCL's multi-node NVLS: NVLS inside each node and
	// a tree across nodes.
	AlgorithmNVLSTree = "nvls_tree"
)

// NCCL protocols (NVIDIA/nccl src/graph/tuning.cc): LL sends 8-byte
// flag+data words (lowest latency, a fraction of the bandwidth), LL128
// 128-byte lines with 8 bytes of flag (NVLink only by default), Simple plain
// copies with fences (full bandwidth, the highest latency).
const (
	ProtocolLL     = "LL"
	ProtocolLL128  = "LL128"
	ProtocolSimple = "Simple"
)

// Protocol indices into the NCCL constant tables.
const (
	pLL = iota
	pLL128
	pSimple
	nProto
)

var protocolNames = [nProto]string{ProtocolLL, ProtocolLL128, ProtocolSimple}

// NCCL's tuning-model latencies in µs, indexed LL, LL128, Simple
// (NVIDIA/nccl src/graph/tuning.cc, default tuner constants of NCCL
// 2.19–2.2x: baseLat, hwLat[NVLINK] and hwLat[NET]). topoplan takes NCCL's
// per-protocol differences as facts and moves the network values by the
// EFA hop latency measured per generation (Fabric.InterHopLatencyUs), since
// NCCL's network values are InfiniBand figures.
var (
	ncclBaseLatRing = [nProto]float64{6.6, 14.0, 8.4}
	ncclBaseLatTree = [nProto]float64{6.8, 14.0, 8.4}
	ncclNVLinkRing  = [nProto]float64{0.6, 1.9, 3.4}
	ncclNVLinkTree  = [nProto]float64{0.6, 1.25, 4.0}
	ncclNetRing     = [nProto]float64{2.7, 4.0, 14.0}
	ncclNetTree     = [nProto]float64{5.0, 8.5, 14.0}
)

const (
	// ncclNVLSLatencyUs is NCCL's NVLink latency of NVLS and NVLS-tree
	// (hwLat[NVLINK][NVLS][Simple] = 25 µs).
	ncclNVLSLatencyUs = 25.0
	// ncclRingLLBus is the share of the ring bus bandwidth LL keeps (half of
	// each 8-byte word is a flag).
	ncclRingLLBus = 0.5
	// ncclLL128Bus is LL128's share (120 data bytes per 128-byte line; NCCL
	// uses 0.92).
	ncclLL128Bus = 0.92
	// ncclTreeLLBus is the tree LL share (NCCL: busBw / 3.8).
	ncclTreeLLBus = 1 / 3.8
	// ncclTreeLL128Bus is the tree LL128 share across nodes (120/128).
	ncclTreeLL128Bus = 120.0 / 128
)

// FabricFor derives one instance type's alpha-beta fabric from the catalog,
// with the same formula for every type:
//
//	β_inter [GB/s per node]  = network_gbps / 8 × efaFraction
//	β_intra [GB/s per accel] = intra_node_gbps_per_accel × nvlinkFraction
//	α_inter = efaHopUs, α_intra = nvlinkHopUs
//
// efaFraction is the achievable share of EFA line rate for large ring
// all-reduce (p5.48xlarge, nccl-tests at 4–16 nodes); efaHopUs the latency
// of one network hop with the LL protocol and nvlinkHopUs that of one NVLink
// hop with LL (see InterHopLatencyUs). The generation-specific fields
// (NVLS, tree, LL caps, all-to-all) are set by the caller from the catalog's
// "fabrics" entry.
func FabricFor(inst Instance, efaFraction, nvlinkFraction, efaHopUs, nvlinkHopUs float64) Fabric {
	return Fabric{
		AccelsPerNode:       max(1, inst.AcceleratorCount),
		InterNodeGBytesPerS: inst.NetworkGbps / 8 * efaFraction,
		IntraNodeGBytesPerS: inst.IntraNodeGBpsPerAccel * nvlinkFraction,
		InterHopLatencyUs:   efaHopUs,
		IntraHopLatencyUs:   nvlinkHopUs,
	}
}

// RingAllreduceSeconds is the textbook alpha-beta time of a ring all-reduce
// of sizeBytes on p ranks, each step costing alphaS and each link carrying
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

// TreeAllreduceSeconds is the textbook alpha-beta time of a pipelined
// (double) binary tree all-reduce on p ranks: a reduce up and a broadcast
// down the tree, each log2 p deep, with every byte crossing a node's link
// about twice:
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
// (β_intra only when the ring also has NVLink edges). A group inside one
// node rings over NVLink: B = β_intra.
func (f *Fabric) ringBytesPerS(g Group, m int) float64 {
	if m <= 1 {
		return f.IntraNodeGBytesPerS * 1e9
	}
	b := f.InterNodeGBytesPerS * 1e9 * float64(max(1, g.RanksPerNode)) / float64(max(1, f.AccelsPerNode))
	if g.RanksPerNode > 1 {
		b = math.Min(b, f.IntraNodeGBytesPerS*1e9)
	}
	return b
}

// hopIntra is the latency of one NVLink hop, µs: NCCL's NVLink value for the
// algorithm and protocol, moved by the fabric's LL hop latency above NCCL's
// (0.6 µs).
func (f *Fabric) hopIntra(tree bool, pr int) float64 {
	t := ncclNVLinkRing[pr]
	if tree {
		t = ncclNVLinkTree[pr]
	}
	return math.Max(0, t+f.IntraHopLatencyUs-ncclNVLinkRing[pLL])
}

// hopInter is the latency of one network hop, µs: NCCL's network value for
// the algorithm and protocol, moved by the fabric's measured LL hop latency
// above NCCL's tree LL value (5 µs), the anchor the catalog fits.
func (f *Fabric) hopInter(tree bool, pr int) float64 {
	t := ncclNetRing[pr]
	if tree {
		t = ncclNetTree[pr]
	}
	return math.Max(0, t+f.InterHopLatencyUs-ncclNetTree[pLL])
}

// llCap is the LL bus-bandwidth cap on m nodes in bytes/s (+Inf when unset).
func (f *Fabric) llCap(m int) float64 {
	i := min(max(m, 1), 3) - 1
	if c := f.LLMaxBusGBytesPerS[i]; c > 0 {
		return c * 1e9
	}
	return math.Inf(1)
}

// ringAllreduce is one protocol's ring all-reduce time, s, in NCCL's form
// (tuning.cc): with p ranks on m nodes, 2(p−1) steps of which 2(m−1) cross
// the network,
//
//	L = base_π + (2(p−1) − 2(m−1)) · α_intra,π + 2(m−1) · α_inter,π
//	T = L + 2(p−1)/p · S / (B · η_π)
//
// with B the ring edge bandwidth (ringBytesPerS, passed in as b) and η_π
// 0.5 for LL (capped at NCCL's llMaxBws), 0.92 for LL128 and 1 for Simple.
// LL128 is not used across EFA unless the fabric says so.
func (f *Fabric) ringAllreduce(g Group, m int, s float64, pr int, b float64) float64 {
	p := g.Ranks
	if pr == pLL128 && m > 1 && !f.LL128AcrossNodes {
		return math.Inf(1)
	}
	switch pr {
	case pLL:
		b = math.Min(b*ncclRingLLBus, f.llCap(m))
	case pLL128:
		b *= ncclLL128Bus
	}
	if b <= 0 {
		return math.Inf(1)
	}
	steps := 2 * (p - 1)
	inter := 0
	if m > 1 {
		inter = 2 * (m - 1)
	}
	lat := ncclBaseLatRing[pr] + float64(steps-inter)*f.hopIntra(false, pr) + float64(inter)*f.hopInter(false, pr)
	n := float64(p)
	return lat*1e-6 + 2*(n-1)/n*s/b
}

// nvlsAlgBytesPerS is the algorithm bandwidth of an NVLS all-reduce over r
// ranks of one node, bytes/s: the measured bus bandwidth converted with
// nccl-tests' factor, busbw = algbw · 2(r−1)/r. 0 when the node has no NVLS.
func (f *Fabric) nvlsAlgBytesPerS(r int) float64 {
	if !f.NVLS || f.NVLSBusGBytesPerS <= 0 || r < 2 {
		return 0
	}
	n := float64(r)
	return f.NVLSBusGBytesPerS * 1e9 * n / (2 * (n - 1))
}

// treeAlgBytesPerS is the algorithm bandwidth of a tree all-reduce across m
// nodes, bytes/s. On two nodes each node sends and receives S once; beyond,
// an inner node of the double binary tree sends 2S. The node's a/r groups
// share its EFA:
//
//	A = TreeFraction · β_inter · r/a / (1 if m = 2, else 2)
//
// bounded by NVLink (a chain inside the node carries S per accelerator) or,
// for NVLS-tree, by the node's NVLS algorithm bandwidth.
func (f *Fabric) treeAlgBytesPerS(g Group, m int, nvls bool) float64 {
	frac := f.TreeFraction
	if frac <= 0 {
		frac = 1
	}
	r := max(1, g.RanksPerNode)
	a := frac * f.InterNodeGBytesPerS * 1e9 * float64(r) / float64(max(1, f.AccelsPerNode))
	if m > 2 {
		a /= 2
	}
	if r > 1 {
		if nvls {
			a = math.Min(a, f.nvlsAlgBytesPerS(r))
		} else {
			a = math.Min(a, f.IntraNodeGBytesPerS*1e9)
		}
	}
	return a
}

// treeAllreduce is one protocol's tree (or NVLS-tree) all-reduce time
// across m ≥ 2 nodes, s. With d = ⌈log2 m⌉ and r ranks per node:
//
//	Simple:    L = TreeBaseLatencyUs + 2d · TreeHopLatencyUs + intra,
//	           intra = 25 µs (NVLS) or 2(r−1) · α_intra,Simple (chain)
//	LL, LL128: L = base_π + 2((r−1) · α_intra,π + d · α_inter,π)  (NCCL's form)
//	T = L + S / (A · η_π)
//
// with A from treeAlgBytesPerS (passed in as a) and η 1 (Simple),
// min(1/3.8, llMax/2A) (LL), 120/128 (LL128, only where LL128 crosses the
// network). NVLS-tree is Simple only and needs two or more ranks per node
// (NCCL disables NVLS with one local rank). The Simple latencies are fitted (catalog "fabrics"): NCCL's own
// constants for them are InfiniBand figures without the pipeline fill that
// dominates on EFA.
func (f *Fabric) treeAllreduce(g Group, m int, s float64, pr int, nvls bool, a float64) float64 {
	if m <= 1 || (nvls && (pr != pSimple || f.nvlsAlgBytesPerS(g.RanksPerNode) <= 0)) {
		return math.Inf(1)
	}
	if pr == pLL128 && !f.LL128AcrossNodes {
		return math.Inf(1)
	}
	r := float64(max(1, g.RanksPerNode))
	d := float64(ceilLog2(m))
	var lat float64
	switch pr {
	case pSimple:
		lat = f.TreeBaseLatencyUs + 2*d*f.TreeHopLatencyUs
		if nvls {
			lat += ncclNVLSLatencyUs
		} else {
			lat += 2 * (r - 1) * f.hopIntra(true, pSimple)
		}
	default:
		lat = ncclBaseLatTree[pr] + 2*((r-1)*f.hopIntra(true, pr)+d*f.hopInter(true, pr))
		if pr == pLL {
			a = math.Min(a*ncclTreeLLBus, f.llCap(m)/2)
		} else {
			a *= ncclTreeLL128Bus
		}
	}
	if a <= 0 {
		return math.Inf(1)
	}
	return lat*1e-6 + s/a
}

// nvlsAllreduce is a single-node NVLS all-reduce, s: NCCL's NVLS latency
// (25 µs) plus the bytes at the node's measured NVLS bus bandwidth,
//
//	T = 25 µs + 2(r−1)/r · S / busbw_NVLS.
func (f *Fabric) nvlsAllreduce(g Group, m int, s float64) float64 {
	a := f.nvlsAlgBytesPerS(g.Ranks)
	if m > 1 || a <= 0 {
		return math.Inf(1)
	}
	return ncclNVLSLatencyUs*1e-6 + s/a
}

// hierarchicalAllreduce is reduce-scatter over NVLink inside the node (r
// ranks), a ring all-reduce of each S/r shard across the m nodes (each of the
// node's a accelerators drives one ring over β_inter/a), then all-gather
// over NVLink, all with the Simple protocol's per-step latencies:
//
//	T = base + 2·[(r−1)/r · S/β_intra + (r−1)·α_intra] + 2(m−1)/m · (S/r)/(β_inter/a) + 2(m−1)·α_inter
//
// It is not an NCCL algorithm (NCCL's trees play that part) and AlgorithmAuto
// does not pick it; it is shown for comparison.
func (f *Fabric) hierarchicalAllreduce(g Group, s float64) float64 {
	m, r := g.Nodes(), max(1, g.RanksPerNode)
	aIntra := f.hopIntra(false, pSimple) * 1e-6
	aInter := f.hopInter(false, pSimple) * 1e-6
	t := ncclBaseLatRing[pSimple] * 1e-6
	if r > 1 {
		rf := float64(r)
		t += 2 * ((rf-1)/rf*s/(f.IntraNodeGBytesPerS*1e9) + (rf-1)*aIntra)
	}
	perRing := f.InterNodeGBytesPerS * 1e9 / float64(max(1, f.AccelsPerNode))
	return t + RingAllreduceSeconds(s/float64(r), m, aInter, perRing)
}

// AllreduceChoice is what NCCL's tuner would run for one all-reduce: the
// algorithm, the protocol and the time in seconds.
type AllreduceChoice struct {
	// Algorithm is ring, tree, nvls or nvls_tree ("" for no all-reduce).
	Algorithm string
	// Protocol is LL, LL128 or Simple.
	Protocol string
	// Seconds is the modelled time.
	Seconds float64
}

// algorithm codes for bestAllreduce.
const (
	algRing = 1 << iota
	algTree
	algNVLS
	algNVLSTree
	algAuto = algRing | algTree | algNVLS | algNVLSTree
)

// bestAllreduce is the fastest (algorithm, protocol) among those in mask,
// as NCCL's tuner picks the lowest modelled time. It allocates nothing.
func (f *Fabric) bestAllreduce(g Group, s float64, mask int) AllreduceChoice {
	best := AllreduceChoice{Seconds: math.Inf(1)}
	m := g.Nodes()
	ringB := f.ringBytesPerS(g, m)
	treeA := 0.0
	if m > 1 {
		treeA = f.treeAlgBytesPerS(g, m, false)
	}
	for pr := range nProto {
		if mask&algRing != 0 {
			if t := f.ringAllreduce(g, m, s, pr, ringB); t < best.Seconds {
				best = AllreduceChoice{Algorithm: AlgorithmRing, Protocol: protocolNames[pr], Seconds: t}
			}
		}
		if mask&algTree != 0 && m > 1 {
			if t := f.treeAllreduce(g, m, s, pr, false, treeA); t < best.Seconds {
				best = AllreduceChoice{Algorithm: AlgorithmTree, Protocol: protocolNames[pr], Seconds: t}
			}
		}
	}
	if mask&algNVLS != 0 && m <= 1 {
		if t := f.nvlsAllreduce(g, m, s); t < best.Seconds {
			best = AllreduceChoice{Algorithm: AlgorithmNVLS, Protocol: ProtocolSimple, Seconds: t}
		}
	}
	if mask&algNVLSTree != 0 && m > 1 {
		if t := f.treeAllreduce(g, m, s, pSimple, true, f.treeAlgBytesPerS(g, m, true)); t < best.Seconds {
			best = AllreduceChoice{Algorithm: AlgorithmNVLSTree, Protocol: ProtocolSimple, Seconds: t}
		}
	}
	return best
}

// ceilLog2 is ⌈log2 n⌉ for n ≥ 1.
func ceilLog2(n int) int {
	d := 0
	for v := 1; v < n; v <<= 1 {
		d++
	}
	return d
}

// PickAllreduce is the algorithm and protocol NCCL's tuner would choose for
// an all-reduce of sizeBytes per rank over group g, and its time: the
// fastest of ring, tree, NVLS (one node) and NVLS-tree (several nodes) under
// each protocol that algorithm supports (see AllreduceSeconds). One rank or
// a negative size gives a zero time and no algorithm.
func PickAllreduce(f Fabric, g Group, sizeBytes float64) AllreduceChoice {
	if g.Ranks <= 1 || sizeBytes < 0 {
		return AllreduceChoice{}
	}
	return (&f).bestAllreduce(g, sizeBytes, algAuto)
}

// AllreduceSeconds is the time of one all-reduce of sizeBytes per rank over
// group g on fabric f with the named algorithm, seconds. Each algorithm runs
// the fastest protocol it supports (LL, LL128, Simple), as NCCL does when
// NCCL_ALGO is set:
//
//   - ring: NCCL's ring latency with inter-node latency only on the 2(m−1)
//     network steps, T = L + 2(p−1)/p · S/(B·η) (ringAllreduce);
//   - tree: double binary tree across nodes, chain inside (treeAllreduce);
//   - nvls: NVLink SHARP on one node (nvlsAllreduce); across nodes it is
//     NVLS-tree;
//   - nvls_tree: NVLS inside each node, tree across nodes;
//   - hierarchical: NVLink reduce-scatter, EFA ring over shards, NVLink
//     all-gather (hierarchicalAllreduce);
//   - AlgorithmAuto or "": the fastest of ring, tree, nvls and nvls_tree
//     (PickAllreduce).
//
// A group inside one node always uses the single-node choices (ring or
// NVLS). An algorithm the fabric cannot run (NVLS without NVSwitch SHARP)
// and an unknown name fall back to ring.
func AllreduceSeconds(f Fabric, g Group, algorithm string, sizeBytes float64) float64 {
	if g.Ranks <= 1 || sizeBytes < 0 {
		return 0
	}
	single := g.Nodes() <= 1
	mask := algRing
	switch algorithm {
	case AlgorithmAuto, "":
		mask = algAuto
	case AlgorithmTree:
		mask = algTree
	case AlgorithmNVLS:
		mask = algNVLS | algNVLSTree
	case AlgorithmNVLSTree:
		mask = algNVLSTree
	case AlgorithmHierarchical:
		if !single {
			return (&f).hierarchicalAllreduce(g, sizeBytes)
		}
	}
	if single {
		mask &= algRing | algNVLS
	}
	t := (&f).bestAllreduce(g, sizeBytes, mask).Seconds
	if math.IsInf(t, 1) {
		t = (&f).bestAllreduce(g, sizeBytes, algRing).Seconds
	}
	return t
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
// message size: the curve the TUI charts. Sizes are bytes per rank;
// algorithm as in AllreduceSeconds (AlgorithmAuto = NCCL's default choice).
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
