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
// g on fabric f with the named algorithm (AlgorithmAuto or "" = the fastest
// the model knows for that operation and size).
//
//   - all_reduce: AllreduceSeconds (ring, tree, hierarchical).
//   - reduce_scatter and all_gather: half an all-reduce, a ring of p−1 steps
//     moving (p−1)/p · S through the slowest edge:
//     T = (p−1)/p · S/B + (p−1) · α.
//   - all_to_all: every rank sends (p−1)/p · S; across nodes the node's EFA
//     carries the (p−r)/p share its r ranks send off-node:
//     T = max(r · (p−r)/p · S / β_inter, (r−1)/p · S / β_intra) + (p−1) · α.
//   - send_recv: one message, T = S/B + α, over NVLink when the two ranks
//     share a node (g.RanksPerNode ≥ 2) and otherwise over the EFA share of
//     one accelerator (β_inter / accelerators per node).
func CollectiveSeconds(f Fabric, g Group, op, algorithm string, sizeBytes float64) float64 {
	if sizeBytes <= 0 || g.Ranks <= 1 && op != CollectiveSendRecv {
		return 0
	}
	switch op {
	case CollectiveAllReduce:
		if algorithm == "" || algorithm == AlgorithmAuto {
			best := math.Inf(1)
			for _, a := range []string{AlgorithmRing, AlgorithmTree, AlgorithmHierarchical} {
				best = math.Min(best, AllreduceSeconds(f, g, a, sizeBytes))
			}
			return best
		}
		return AllreduceSeconds(f, g, algorithm, sizeBytes)
	case CollectiveReduceScatter, CollectiveAllGather:
		p := float64(g.Ranks)
		alpha, b := f.edge(g)
		return (p-1)/p*sizeBytes/b + (p-1)*alpha
	case CollectiveAllToAll:
		p := float64(g.Ranks)
		r := float64(min(max(1, g.RanksPerNode), g.Ranks))
		alpha, _ := f.edge(g)
		intra := (r - 1) / p * sizeBytes / (f.IntraNodeGBytesPerS * 1e9)
		inter := 0.0
		if g.Nodes() > 1 {
			inter = r * (p - r) / p * sizeBytes / (f.InterNodeGBytesPerS * 1e9)
		}
		return math.Max(intra, inter) + (p-1)*alpha
	case CollectiveSendRecv:
		if g.RanksPerNode >= 2 {
			return sizeBytes/(f.IntraNodeGBytesPerS*1e9) + f.IntraHopLatencyUs*1e-6
		}
		return sizeBytes/(f.InterNodeGBytesPerS*1e9/float64(max(1, f.AccelsPerNode))) + f.InterHopLatencyUs*1e-6
	}
	return 0
}

// edge is the per-step latency (s) and the bandwidth (bytes/s) of the
// slowest edge of a ring over g: NVLink when the group fits in one node,
// otherwise the ring's shared EFA bandwidth (ringBytesPerS).
func (f Fabric) edge(g Group) (alphaS, bytesPerS float64) {
	if g.Nodes() <= 1 {
		return f.IntraHopLatencyUs * 1e-6, f.IntraNodeGBytesPerS * 1e9
	}
	return f.InterHopLatencyUs * 1e-6, f.ringBytesPerS(g)
}
