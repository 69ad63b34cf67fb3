package planner

import (
	"slices"

	"github.com/topoplan/topoplan/model"
)

// perfConstant names a catalog constant the performance model reads and the
// fallback used when the catalog lacks it (docs/model.md lists both).
type perfConstant struct {
	name     string
	unit     string
	fallback float64
}

// allowsZero says whether 0 is a legitimate value: a constant whose own
// fallback is 0 (a share that may be nothing, such as tp_overlap_fraction).
func (pc perfConstant) allowsZero() bool { return pc.fallback == 0 }

// The constants the performance model reads. Fallbacks equal the values of
// the 2026-11-23 sourced catalog; a missing constant is reported as a finding.
var (
	cOverlap       = perfConstant{"overlap_fraction_default", "fraction", 0.5}
	cEFAFraction   = perfConstant{"efa_achievable_fraction", "fraction", 0.89}
	cEFAHop        = perfConstant{"efa_hop_latency_us", "µs", 26.96}
	cNVFraction    = perfConstant{"nvlink_achievable_fraction", "fraction", 0.8}
	cNVHop         = perfConstant{"nvlink_hop_latency_us", "µs", 0.6}
	cDXEfficiency  = perfConstant{"dx_protocol_efficiency", "fraction", 0.947}
	cVPNStd        = perfConstant{"vpn_tunnel_gbps_standard", "Gbps", 1.25}
	cVPNLarge      = perfConstant{"vpn_tunnel_gbps_large", "Gbps", 5}
	cVPNEfficiency = perfConstant{"vpn_protocol_efficiency", "fraction", 0.9}
	cCkptBPP       = perfConstant{"checkpoint_bytes_per_param", "bytes/param", 16}
	cBytesPerToken = perfConstant{"bytes_per_token_default", "bytes/token", 2}
	cGlobalBatch   = perfConstant{"global_batch_tokens_default", "tokens", 4194304}
	cFSxEFAMin     = perfConstant{"fsx_persistent2_efa_min_tib", "TiB", 4.6875}
	cHBMReserved   = perfConstant{"hbm_reserved_gib", "GiB", 4}
	cTPOverlap     = perfConstant{"tp_overlap_fraction", "fraction", 0}
	cSeqLen        = perfConstant{"seq_len_default", "tokens", 4096}
	// cEfficiency is the fallback matmul efficiency for an instance type
	// whose accelerator generation the catalog lacks (not a catalog key).
	cEfficiency = perfConstant{"matmul_efficiency", "fraction of dense peak", 0.45}
)

// Per-generation fabric figures (catalog "fabrics" values; see
// clusterFabric). The fallbacks are the p5.48xlarge fits; a 0 fallback means
// "absent unless the generation has it" (no NVLS, no LL cap) and is never
// reported missing.
var (
	cNVLSBus  = perfConstant{"nvls_busbw_gbytes_per_s", "GB/s", 0}
	cTreeBase = perfConstant{"tree_base_latency_us", "µs", 160}
	cTreeHop  = perfConstant{"tree_hop_latency_us", "µs", 56}
	cTreeFrac = perfConstant{"tree_bandwidth_fraction", "fraction", 0.735}
	cLL1Node  = perfConstant{"ll_max_busbw_1node_gbytes_per_s", "GB/s", 0}
	cLL2Nodes = perfConstant{"ll_max_busbw_2nodes_gbytes_per_s", "GB/s", 0}
	cLL4Nodes = perfConstant{"ll_max_busbw_4nodes_gbytes_per_s", "GB/s", 0}
	cA2ABase  = perfConstant{"all_to_all_base_us", "µs", 314}
	cA2ANode  = perfConstant{"all_to_all_node_us", "µs", 21.5}
)

// fabricEntry finds the catalog "fabrics" entry that names instanceType
// (entries tried in key order), else the "default" entry; gen is its key.
func fabricEntry(cat *model.Catalog, instanceType string) (gen string, spec model.FabricSpec) {
	keys := make([]string, 0, len(cat.Fabrics))
	for k := range cat.Fabrics {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(cat.Fabrics[k].InstanceTypes, instanceType) {
			return k, cat.Fabrics[k]
		}
	}
	if d, ok := cat.Fabrics["default"]; ok {
		return "default", d
	}
	return "", model.FabricSpec{}
}

// fabricValue is the generation's figure for pc with its assumption, else
// the catalog constant (or its fallback). A figure with a 0 fallback that
// the generation lacks is 0 with no assumption (ok false).
func fabricValue(c *constants, gen string, spec model.FabricSpec, pc perfConstant) (v float64, a model.Assumption, ok bool) {
	if k, found := spec.Values[pc.name]; found && k.Value > 0 && (pc.unit != "fraction" || k.Value <= 1) {
		return k.Value, model.Assumption{Name: pc.name + " (" + gen + ")", Value: k.Value, Unit: k.Unit, Source: k.URL,
			ReadOn: k.ReadOn, Confidence: k.Confidence, Note: k.Note}, true
	}
	if pc.fallback == 0 {
		return 0, model.Assumption{}, false
	}
	v, a = c.get(pc)
	return v, a, true
}

// clusterFabric builds an instance type's fabric from the catalog: the
// instance's EFA and NVLink bandwidths, and the per-generation figures of
// its "fabrics" entry (falling back to the constants section), with the
// assumptions it used (the LL caps, NCCL's own constants, are not listed).
func clusterFabric(cat *model.Catalog, c *constants, instanceType string, inst model.Instance) (model.Fabric, []model.Assumption) {
	gen, spec := fabricEntry(cat, instanceType)
	as := make([]model.Assumption, 0, 10)
	val := func(pc perfConstant, report bool) float64 {
		v, a, ok := fabricValue(c, gen, spec, pc)
		if ok && report {
			as = append(as, a)
		}
		return v
	}
	f := model.FabricFor(inst, val(cEFAFraction, true), val(cNVFraction, true), val(cEFAHop, true), val(cNVHop, true))
	f.Generation = gen
	f.NVLS = spec.NVLS
	if f.NVLS {
		f.NVLSBusGBytesPerS = val(cNVLSBus, true)
	}
	f.TreeBaseLatencyUs = val(cTreeBase, true)
	f.TreeHopLatencyUs = val(cTreeHop, true)
	f.TreeFraction = val(cTreeFrac, true)
	f.LLMaxBusGBytesPerS = [3]float64{val(cLL1Node, false), val(cLL2Nodes, false), val(cLL4Nodes, false)}
	f.AllToAllBaseUs = val(cA2ABase, false)
	f.AllToAllNodeUs = val(cA2ANode, false)
	return f, as
}

// constants reads the model constants from a catalog once per evaluation and
// remembers which were missing.
type constants struct {
	cat     *model.Catalog
	missing []string
	// layouts memoises layout searches (nil: none); see layoutCache.
	layouts layoutCache
	// held and figuresOnly are Options' (evaluate.go).
	held        layoutCache
	figuresOnly bool
}

// layoutCache memoises layout searches across the full evaluations of one
// compiled baseline's candidates (the optimiser's frontier checks): within
// one scenario and catalog a search depends only on the job, the cluster's
// instance type (device and fabric), its accelerator count and the job's
// fixed layout choices.
type layoutCache map[layoutCacheKey]searchResult

type layoutCacheKey struct {
	job, instanceType string
	accel             int
	lc                layoutConstraints
	keepAll           bool
}

// get returns the constant's value (or its fallback) and the assumption to
// report. A value outside its sensible range (a fraction not in (0, 1], a
// non-positive size) is also replaced by the fallback.
func (c *constants) get(pc perfConstant) (float64, model.Assumption) {
	if k, ok := c.cat.Constants[pc.name]; ok && (k.Value > 0 || pc.allowsZero() && k.Value == 0) && (pc.unit != "fraction" || k.Value <= 1) {
		return k.Value, model.Assumption{Name: pc.name, Value: k.Value, Unit: k.Unit, Source: k.URL, ReadOn: k.ReadOn, Confidence: k.Confidence, Note: k.Note}
	}
	if !slices.Contains(c.missing, pc.name) {
		c.missing = append(c.missing, pc.name)
	}
	return pc.fallback, model.Assumption{Name: pc.name, Value: pc.fallback, Unit: pc.unit, Source: "topoplan fallback (docs/model.md)",
		Confidence: model.ConfidenceEstimate, Note: "constant missing from the catalog (or out of range): built-in fallback used"}
}

// value is get without the assumption.
func (c *constants) value(pc perfConstant) float64 {
	v, _ := c.get(pc)
	return v
}
