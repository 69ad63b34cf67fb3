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
	cEFAHop        = perfConstant{"efa_hop_latency_us", "µs", 2.3}
	cNVFraction    = perfConstant{"nvlink_achievable_fraction", "fraction", 0.8}
	cNVHop         = perfConstant{"nvlink_hop_latency_us", "µs", 0.5}
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

// constants reads the model constants from a catalog once per evaluation and
// remembers which were missing.
type constants struct {
	cat     *model.Catalog
	missing []string
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
