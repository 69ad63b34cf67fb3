package model

import "math"

// Collective operations the training model charges for. Sizes follow the
// nccl-tests convention (doc/PERFORMANCE.md): for all-reduce the buffer each
// rank holds; for reduce-scatter and all-gather the full (unsharded) buffer,
// of which each rank ends with or starts from 1/n; for all-to-all the buffer
// each rank sends (1/n of it to every rank); for send/recv the bytes one
// rank sends to its peer.
const (
	CollectiveAllReduce     = "all_reduce"
	CollectiveReduceScatter = "reduce_scatter"
	CollectiveAllGather     = "all_gather"
	CollectiveAllToAll      = "all_to_all"
	CollectiveSendRecv      = "send_recv"
)

// AlgorithmAuto asks for the algorithm NCCL would pick: the fastest of those
// it supports for the operation, group and size.
const AlgorithmAuto = "auto"

// CollectiveSeconds is the time of one collective op of sizeBytes over group
// g on fabric f with the named algorithm (AlgorithmAuto or "" = what NCCL's
// tuner would pick), seconds. It allocates nothing. With p ranks, r per
// node, m nodes, a accelerators per node, and per-step latencies α from
// NCCL's tables moved by the fabric's measured hop latencies:
//
//   - all_reduce: AllreduceSeconds (ring, tree, NVLS, NVLS-tree,
//     hierarchical; auto = the fastest NCCL algorithm and protocol).
//   - reduce_scatter and all_gather: NCCL's ring (the algorithm it uses
//     across nodes; NVLS and PAT variants are not modelled), p−1 steps of
//     which m−1 cross the network, the fastest protocol:
//     T = base_π + (p−m)·α_intra,π + (m−1)·α_inter,π + (p−1)/p · S/(B·η_π).
//   - all_to_all: every rank sends (p−1)/p · S; across nodes the node's EFA
//     carries the (p−r)/p share its r ranks send off-node:
//     T = L + max(r·(p−r)/p · S/β_inter, (r−1)/p · S/β_intra), with
//     L = AllToAllBaseUs + (m−1)·AllToAllNodeUs across nodes (fitted on p5
//     nccl-tests alltoall_perf) and base + (p−1)·α_intra,Simple in a node.
//   - send_recv: one message, the faster of LL and Simple: T = α_π + S/(B·η_π),
//     over NVLink when the two ranks share a node (g.RanksPerNode ≥ 2) and
//     otherwise over one accelerator's EFA share (β_inter / a).
func CollectiveSeconds(f Fabric, g Group, op, algorithm string, sizeBytes float64) float64 {
	if sizeBytes <= 0 || g.Ranks <= 1 && op != CollectiveSendRecv {
		return 0
	}
	switch op {
	case CollectiveAllReduce:
		return AllreduceSeconds(f, g, algorithm, sizeBytes)
	case CollectiveReduceScatter, CollectiveAllGather:
		best := math.Inf(1)
		for pr := range nProto {
			best = math.Min(best, (&f).ringHalf(g, sizeBytes, pr))
		}
		return best
	case CollectiveAllToAll:
		return (&f).allToAll(g, sizeBytes)
	case CollectiveSendRecv:
		return (&f).sendRecv(g, sizeBytes)
	}
	return 0
}

// ringHalf is a ring reduce-scatter or all-gather of a full buffer of s
// bytes with protocol pr, seconds: half a ring all-reduce, p−1 steps of
// which m−1 cross the network (NCCL's tuning.cc form).
func (f *Fabric) ringHalf(g Group, s float64, pr int) float64 {
	p, m := g.Ranks, g.Nodes()
	if pr == pLL128 && m > 1 && !f.LL128AcrossNodes {
		return math.Inf(1)
	}
	b := f.ringBytesPerS(g, m)
	switch pr {
	case pLL:
		b = math.Min(b*ncclRingLLBus, f.llCap(m))
	case pLL128:
		b *= ncclLL128Bus
	}
	if b <= 0 {
		return math.Inf(1)
	}
	inter := m - 1
	lat := ncclBaseLatRing[pr] + float64(p-1-inter)*f.hopIntra(false, pr) + float64(inter)*f.hopInter(false, pr)
	n := float64(p)
	return lat*1e-6 + (n-1)/n*s/b
}

// allToAll is an all-to-all of s bytes sent per rank, seconds (see
// CollectiveSeconds).
func (f *Fabric) allToAll(g Group, s float64) float64 {
	p := float64(g.Ranks)
	r := float64(min(max(1, g.RanksPerNode), g.Ranks))
	m := g.Nodes()
	t := (r - 1) / p * s / (f.IntraNodeGBytesPerS * 1e9)
	lat := ncclBaseLatRing[pSimple] + (p-1)*f.hopIntra(false, pSimple)
	if m > 1 {
		t = math.Max(t, r*(p-r)/p*s/(f.InterNodeGBytesPerS*1e9))
		lat = f.AllToAllBaseUs + float64(m-1)*f.AllToAllNodeUs
	}
	return lat*1e-6 + t
}

// sendRecv is one point-to-point message of s bytes, seconds (see
// CollectiveSeconds).
func (f *Fabric) sendRecv(g Group, s float64) float64 {
	if g.RanksPerNode >= 2 {
		b := f.IntraNodeGBytesPerS * 1e9
		ll := f.hopIntra(false, pLL)*1e-6 + s/math.Min(b*ncclRingLLBus, f.llCap(1))
		return math.Min(ll, f.hopIntra(false, pSimple)*1e-6+s/b)
	}
	b := f.InterNodeGBytesPerS * 1e9 / float64(max(1, f.AccelsPerNode))
	ll := f.hopInter(false, pLL)*1e-6 + s/math.Min(b*ncclRingLLBus, f.llCap(2))
	return math.Min(ll, f.hopInter(false, pSimple)*1e-6+s/b)
}
