package model

import "math"

// Activation recomputation strategies (Korthikanti et al., "Reducing
// Activation Recomputation in Large Transformer Models", arXiv 2205.05198).
const (
	// RecomputeNone stores every activation, attention scores included.
	RecomputeNone = "none"
	// RecomputeSelective recomputes the attention core (QKᵀ, softmax, ·V) in
	// backward, as FlashAttention does.
	RecomputeSelective = "selective"
	// RecomputeFull stores only each block's input and re-runs the forward pass.
	RecomputeFull = "full"
)

// Layout is how a training job is spread over accelerators: Megatron-style
// tensor (TP) × pipeline (PP) × data (DP) parallelism, with experts sharded
// over EP of the data-parallel ranks, a microbatch size, a pipeline schedule,
// a ZeRO stage and a recomputation strategy. Ranks are ordered TP innermost,
// then DP, then PP (Megatron-LM's default order), so a node holds TP groups
// side by side and pipeline stages sit on different nodes.
type Layout struct {
	TP int `json:"tensor_parallel"`
	PP int `json:"pipeline_parallel"`
	DP int `json:"data_parallel"`
	// EP is the expert-parallel degree (1 for dense models). Expert layers
	// fold tensor parallelism into expert parallelism (Megatron-Core's MoE
	// parallel folding with expert-tensor-parallel 1), so EP divides TP × DP
	// and the expert weights are split over PP × EP.
	EP int `json:"expert_parallel"`
	// Microbatch is sequences per microbatch.
	Microbatch int `json:"microbatch"`
	// VirtualStages is the number of model chunks per pipeline stage (the
	// interleaved 1F1B schedule; 1 = plain 1F1B).
	VirtualStages int `json:"virtual_stages"`
	// ZeRO is the optimizer-state sharding stage over the data-parallel
	// group: 0 none, 1 optimizer states, 2 + gradients, 3 + weights (FSDP).
	ZeRO int `json:"zero_stage"`
	// Recompute is none, selective or full.
	Recompute string `json:"recompute"`
}

// Accelerators is TP × PP × DP.
func (l Layout) Accelerators() int { return max(1, l.TP) * max(1, l.PP) * max(1, l.DP) }

// Device is what the training model needs of one accelerator type.
type Device struct {
	// PeakTFLOPS is the dense peak at the job's precision, TFLOPS.
	PeakTFLOPS float64
	// MatmulEfficiency is the achievable fraction of the peak in a
	// transformer block's kernels (GEMMs, attention, norms) with no
	// communication, bubbles or recomputation: a per-generation catalog
	// figure fitted on published end-to-end measurements.
	MatmulEfficiency float64
	// MemoryGiB is the accelerator's HBM in GiB.
	MemoryGiB float64
	// ReservedGiB is HBM not available to the model (CUDA/Neuron runtime,
	// communication buffers, allocator fragmentation), GiB.
	ReservedGiB float64
	// PerNode is the accelerator count of one node.
	PerNode int
}

// Job is a training job's workload: what is trained on how many tokens per
// step, at which precision.
type Job struct {
	Arch Architecture
	// Parameters and ActiveParameters are counts (not billions).
	Parameters, ActiveParameters float64
	// GlobalBatchTokens is tokens per optimiser step.
	GlobalBatchTokens float64
	// Precision is bf16, fp16, fp8 or fp32.
	Precision string
	// FLOPsPerTokenPerParam, when > 0, replaces the 6·N + attention rule by
	// a plain k·N per token (the user's override).
	FLOPsPerTokenPerParam float64
}

// SequencesPerStep is global batch tokens / sequence length, at least 1.
func (j Job) SequencesPerStep() float64 {
	return math.Max(1, math.Round(j.GlobalBatchTokens/float64(max(1, j.Arch.SeqLen))))
}

// Microbatches is the number of microbatches each pipeline processes per
// step: ⌈sequences / (DP × microbatch)⌉, at least 1.
func (j Job) Microbatches(l Layout) int {
	per := float64(max(1, l.DP) * max(1, l.Microbatch))
	return max(1, int(math.Ceil(j.SequencesPerStep()/per)))
}

// ModelFLOPsPerToken is the training FLOPs per token that MFU counts (no
// recomputation):
//
//	F = 6·N_active + 12·L·h·s
//
// 6N for the matrix multiplies forward (2N) and backward (4N) (Kaplan et al.
// 2020) plus the attention scores and their product with V, 4·L·h·s forward
// and twice that backward (PaLM, Chowdhery et al. 2022, appendix B; the same
// s/6h term as Narayanan et al. 2021, eq. 3). With FLOPsPerTokenPerParam set
// it is k·N_active.
func (j Job) ModelFLOPsPerToken() float64 {
	if j.FLOPsPerTokenPerParam > 0 {
		return j.FLOPsPerTokenPerParam * j.ActiveParameters
	}
	a := j.Arch
	return 6*j.ActiveParameters + 12*float64(a.Layers)*float64(a.Hidden)*float64(a.SeqLen)
}

// RecomputeFLOPsPerToken is the extra forward work of a recomputation
// strategy, per token: full re-runs the forward pass (2·N_active + 4·L·h·s);
// selective re-runs the attention core (4·L·h·s; Korthikanti et al. 2022,
// section 4.2); none adds nothing.
func (j Job) RecomputeFLOPsPerToken(recompute string) float64 {
	attn := 4 * float64(j.Arch.Layers) * float64(j.Arch.Hidden) * float64(j.Arch.SeqLen)
	switch recompute {
	case RecomputeFull:
		return 2*j.ActiveParameters + attn
	case RecomputeSelective:
		return attn
	}
	return 0
}

// BytesPerWeight is the size of one weight or gradient element in the
// training precision: 4 for fp32, 2 otherwise (fp8 training keeps bf16
// weights and gradients and casts to fp8 for the matrix multiplies).
func BytesPerWeight(precision string) float64 {
	if precision == PrecisionFP32 {
		return 4
	}
	return 2
}

// OptimizerBytesPerParam is Adam's state per parameter: 12 bytes (fp32
// master weights, momentum, variance) in mixed precision, 8 (momentum and
// variance) in fp32 (Rajbhandari et al., ZeRO, 2020, section 3.1: K = 12).
func OptimizerBytesPerParam(precision string) float64 {
	if precision == PrecisionFP32 {
		return 8
	}
	return 12
}

// Memory is one accelerator's HBM demand during training, GiB (2^30 bytes).
type Memory struct {
	// WeightsGiB, GradientsGiB and OptimizerGiB are the model states of one
	// accelerator's shard.
	WeightsGiB   float64 `json:"weights_gib"`
	GradientsGiB float64 `json:"gradients_gib"`
	OptimizerGiB float64 `json:"optimizer_gib"`
	// ActivationsGiB is what the first pipeline stage holds for the
	// microbatches in flight.
	ActivationsGiB float64 `json:"activations_gib"`
	// ReservedGiB is runtime, buffers and fragmentation.
	ReservedGiB float64 `json:"reserved_gib"`
	// TotalGiB is the sum; CapacityGiB the accelerator's HBM.
	TotalGiB    float64 `json:"total_gib"`
	CapacityGiB float64 `json:"capacity_gib"`
	// Fits says TotalGiB ≤ CapacityGiB (true when the capacity is unknown, 0).
	Fits bool `json:"fits"`
}

const gibBytes = 1 << 30

// ParamsPerDevice is the parameters one accelerator holds before ZeRO-3:
// non-expert parameters / (TP·PP) + expert parameters / (PP·EP) (experts
// fold TP into EP, see Layout.EP).
func ParamsPerDevice(j Job, l Layout) (nonExpert, expert float64) {
	ex := j.Arch.ExpertParameters(j.Parameters)
	pp := float64(max(1, l.PP))
	return (j.Parameters - ex) / (float64(max(1, l.TP)) * pp), ex / (pp * float64(max(1, l.EP)))
}

// ExpertDataParallel is the group that reduces one expert shard's
// gradients: TP × DP / EP ranks.
func ExpertDataParallel(l Layout) int {
	return max(1, max(1, l.TP)*max(1, l.DP)/max(1, l.EP))
}

// ActivationBytesPerLayer is the activation memory of one transformer block
// for one microbatch of b sequences of s tokens, with tensor parallelism t
// and sequence parallelism (Korthikanti et al. 2022, table 2):
//
//	none:      s·b·h·(34/t + 5·a·s/(h·t))
//	selective: s·b·h·34/t
//	full:      2·s·b·h        (the block input only)
//
// in bytes for 16-bit activations. The 34 counts an MHA block with a 4h
// MLP; gated MLPs and grouped-query attention are approximated by it.
func ActivationBytesPerLayer(a Architecture, microbatch, tp int, recompute string) float64 {
	s, b, h := float64(a.SeqLen), float64(max(1, microbatch)), float64(a.Hidden)
	t := float64(max(1, tp))
	switch recompute {
	case RecomputeFull:
		return 2 * s * b * h
	case RecomputeNone:
		return s * b * h * (34/t + 5*float64(a.Heads)*s/(h*t))
	}
	return s * b * h * 34 / t
}

// TrainingMemory is one accelerator's HBM demand:
//
//	weights    = P_dev × w              (÷ DP with ZeRO-3)
//	gradients  = P_dev × w              (÷ DP with ZeRO ≥ 2)
//	optimizer  = P_dev × K              (÷ DP with ZeRO ≥ 1)
//	activations= ⌈L/PP⌉ × min(m, PP) × A_layer × (1 + (PP−1)/(PP·v) when
//	             interleaved, v > 1)  (+ one block's full activations while
//	             it is recomputed, with full recompute)
//
// P_dev from ParamsPerDevice (expert shards are divided by TP·DP/EP, the
// expert-data-parallel group, instead of DP), w = BytesPerWeight, K =
// OptimizerBytesPerParam (ZeRO, Rajbhandari et al. 2020), A_layer =
// ActivationBytesPerLayer; 1F1B keeps min(m, PP) microbatches in flight on
// the first stage (Narayanan et al. 2021), so the first stage holds about
// L layers' worth whatever PP is.
func TrainingMemory(j Job, l Layout, d Device) Memory {
	ne, ex := ParamsPerDevice(j, l)
	dp := float64(max(1, l.DP))
	edp := float64(ExpertDataParallel(l))
	w := BytesPerWeight(j.Precision)
	sharded := func(bytesPerParam float64, stage int) float64 {
		b := (ne + ex) * bytesPerParam
		if l.ZeRO >= stage {
			b = ne*bytesPerParam/dp + ex*bytesPerParam/edp
		}
		return b
	}
	m := Memory{
		WeightsGiB:   sharded(w, 3) / gibBytes,
		GradientsGiB: sharded(w, 2) / gibBytes,
		OptimizerGiB: sharded(OptimizerBytesPerParam(j.Precision), 1) / gibBytes,
		ReservedGiB:  d.ReservedGiB,
		CapacityGiB:  d.MemoryGiB,
	}
	pp := max(1, l.PP)
	layers := float64((j.Arch.Layers + pp - 1) / pp)
	inFlight := float64(min(j.Microbatches(l), pp))
	if v := max(1, l.VirtualStages); v > 1 && pp > 1 {
		// The interleaved schedule keeps more in flight (Korthikanti et al.
		// 2022, §4.3): × (1 + (p − 1)/(p·v)).
		inFlight *= 1 + float64(pp-1)/float64(pp*v)
	}
	act := layers * inFlight * ActivationBytesPerLayer(j.Arch, l.Microbatch, l.TP, l.Recompute)
	if l.Recompute == RecomputeFull {
		act += ActivationBytesPerLayer(j.Arch, l.Microbatch, l.TP, RecomputeSelective)
	}
	m.ActivationsGiB = act / gibBytes
	m.TotalGiB = m.WeightsGiB + m.GradientsGiB + m.OptimizerGiB + m.ActivationsGiB + m.ReservedGiB
	m.Fits = m.CapacityGiB <= 0 || m.TotalGiB <= m.CapacityGiB // unknown capacity is not a failure
	return m
}

// Overlaps are the shares of each communication that a framework can hide
// behind compute, within the windows StepTime allows.
type Overlaps struct {
	// DP is the share of the gradient reduction hidden behind the last
	// microbatch's backward pass (bucketed DDP / ZeRO).
	DP float64
	// TP is the share of tensor-parallel collectives hidden behind GEMMs.
	TP float64
}

// Step is one optimiser step's time, term by term, in seconds. TotalS is
// the sum of the terms after Compute.
type Step struct {
	// ComputeS is the model FLOPs at the device's achievable efficiency.
	ComputeS float64 `json:"compute_s"`
	// RecomputeS is the recomputation's extra forward work.
	RecomputeS float64 `json:"recompute_s"`
	// TPCommS is the exposed tensor-parallel all-reduce / reduce-scatter +
	// all-gather time of every block, forward and backward.
	TPCommS float64 `json:"tp_comm_s"`
	// PPBubbleS is the pipeline fill and drain: (PP−1)/v microbatch slots.
	PPBubbleS float64 `json:"pp_bubble_s"`
	// PPSendS is the point-to-point activation and gradient sends between stages.
	PPSendS float64 `json:"pp_send_s"`
	// EPCommS is the MoE all-to-all (dispatch and combine) time.
	EPCommS float64 `json:"ep_comm_s"`
	// DPCommS is the whole gradient reduction (and ZeRO-3 gathers); DPExposedS
	// the part not hidden behind backward.
	DPCommS    float64 `json:"dp_comm_s"`
	DPExposedS float64 `json:"dp_exposed_s"`
	// TotalS is compute + recompute + TP + bubble + sends + EP + exposed DP.
	TotalS float64 `json:"total_s"`
	// Microbatches is m, the microbatches per pipeline per step.
	Microbatches int `json:"microbatches"`
	// TPSpansNodes says the tensor-parallel group leaves NVLink.
	TPSpansNodes bool `json:"tp_spans_nodes"`
}

// StepTime is one optimiser step on layout l (Narayanan et al. 2021,
// "Efficient Large-Scale Language Model Training on GPU Clusters Using
// Megatron-LM", sections 2–3; Korthikanti et al. 2022):
//
//	per microbatch and stage:  t_c = F·b·s / (PP·TP · P·η),  t_r likewise for recompute,
//	                           t_tp = n_tp · ⌈L/PP⌉ · AR_tp(b·s·h·w) · (1 − ov_tp),
//	                           t_ep = 4 · ⌈L/PP⌉ · A2A_ep(k·b·s·h·w/TP)
//	compute, recompute, TP, EP = m × each
//	bubble   = (PP−1)/v × (t_c + t_r + t_tp + t_ep)
//	sends    = (2·v·m + 2·(PP − 1)) × SendRecv(b·s·h·w/TP)   (PP > 1: each
//	           microbatch's activation forward and gradient back per model
//	           chunk, plus the fill and drain)
//	DP       = RS + AG of the gradient shard over the DP group (ZeRO-3: + 2·m
//	           gathers of the weights), exposed = max((1−ov)·t, t − window),
//	           window = the last microbatch's backward (⅔ of its compute; the
//	           whole step for ZeRO-3 gathers, which prefetch)
//
// F = ModelFLOPsPerToken, P·η the device's peak × achievable efficiency,
// n_tp = 4 collectives per block per microbatch (2 forward, 2 backward; 6
// with full recompute), k = experts per token. Collectives come from
// CollectiveSeconds on fabric f with NCCL's choice of algorithm (dpAlgorithm
// names the data-parallel all-reduce algorithm, "" = auto).
func StepTime(j Job, l Layout, d Device, f Fabric, ov Overlaps, dpAlgorithm string) Step {
	tp, pp, dp := max(1, l.TP), max(1, l.PP), max(1, l.DP)
	v := max(1, l.VirtualStages)
	m := j.Microbatches(l)
	b := float64(max(1, l.Microbatch))
	s := float64(j.Arch.SeqLen)
	h := float64(j.Arch.Hidden)
	w := BytesPerWeight(j.Precision)
	layers := float64((j.Arch.Layers + pp - 1) / pp)
	rate := d.PeakTFLOPS * 1e12 * d.MatmulEfficiency
	if rate <= 0 {
		return Step{TotalS: math.Inf(1), ComputeS: math.Inf(1), Microbatches: m}
	}
	tokensMB := b * s
	// The slowest stage holds ⌈L/PP⌉ of L blocks.
	stageShare := layers / float64(max(1, j.Arch.Layers)) / float64(tp)
	tc := j.ModelFLOPsPerToken() * tokensMB * stageShare / rate
	tr := j.RecomputeFLOPsPerToken(l.Recompute) * tokensMB * stageShare / rate

	per := max(1, d.PerNode)
	st := Step{Microbatches: m, TPSpansNodes: tp > per}
	var ttp float64
	if tp > 1 {
		n := 4.0
		if l.Recompute == RecomputeFull {
			n = 6
		}
		g := Group{Ranks: tp, RanksPerNode: min(tp, per)}
		ttp = n * layers * CollectiveSeconds(f, g, CollectiveAllReduce, AlgorithmAuto, tokensMB*h*w) * (1 - clamp01(ov.TP))
	}
	var tep float64
	if j.Arch.MoE() && l.EP > 1 {
		k := float64(max(1, j.Arch.ExpertsPerToken))
		// EP ranks are consecutive over the TP × DP ranks: a node holds min(EP, per) of a group.
		g := Group{Ranks: l.EP, RanksPerNode: min(l.EP, per)}
		tep = 4 * layers * CollectiveSeconds(f, g, CollectiveAllToAll, AlgorithmAuto, k*tokensMB*h*w/float64(tp))
	}
	mf := float64(m)
	st.ComputeS = mf * tc
	st.RecomputeS = mf * tr
	st.TPCommS = mf * ttp
	st.EPCommS = mf * tep
	if pp > 1 {
		st.PPBubbleS = float64(pp-1) / float64(v) * (tc + tr + ttp + tep)
		// Stages sit on different nodes unless TP × DP leaves room in one.
		g := Group{Ranks: 2, RanksPerNode: 1}
		if tp*dp < per {
			g.RanksPerNode = 2
		}
		st.PPSendS = float64(2*v*m+2*(pp-1)) * CollectiveSeconds(f, g, CollectiveSendRecv, "", tokensMB*h*w/float64(tp))
	}

	// Data-parallel gradient reduction: non-expert shard over DP (ranks of
	// one DP group sit TP apart), expert shard over the TP·DP/EP ranks that
	// hold the same experts (EP apart).
	ne, ex := ParamsPerDevice(j, l)
	grad := w // gradients reduced in the training precision's 16 or 32 bits
	dpg := DataParallelGroup(dp, tp, 1, per)
	var tdp float64
	if dp > 1 {
		tdp = dpReduce(f, dpg, ne*grad, l.ZeRO, dpAlgorithm)
	}
	if edp := ExpertDataParallel(l); ex > 0 && edp > 1 {
		eg := DataParallelGroup(edp, max(1, l.EP), 1, per)
		tdp += dpReduce(f, eg, ex*grad, l.ZeRO, dpAlgorithm)
	}
	// Hidden at most behind the last microbatch's backward (⅔ of its work).
	exposed := ExposedCommSeconds(tdp, tc+tr, ov.DP)
	if l.ZeRO >= 3 && dp > 1 {
		gather := 2 * mf * CollectiveSeconds(f, dpg, CollectiveAllGather, AlgorithmAuto, (ne+ex)*w)
		tdp += gather
		exposed += math.Max((1-clamp01(ov.DP))*gather, gather-(st.ComputeS+st.RecomputeS))
	}
	st.DPCommS = tdp
	st.DPExposedS = math.Max(0, exposed)
	st.TotalS = st.ComputeS + st.RecomputeS + st.TPCommS + st.PPBubbleS + st.PPSendS + st.EPCommS + st.DPExposedS
	return st
}

// dpReduce is one gradient reduction of bytes per rank over group g: an
// all-reduce without ZeRO, a reduce-scatter (and, ZeRO-1/2, the all-gather
// of updated weights) with it; both cost the same bandwidth as an
// all-reduce (Rajbhandari et al. 2020, section 7).
func dpReduce(f Fabric, g Group, bytes float64, zero int, algorithm string) float64 {
	if zero == 0 {
		return CollectiveSeconds(f, g, CollectiveAllReduce, algorithm, bytes)
	}
	rs := CollectiveSeconds(f, g, CollectiveReduceScatter, AlgorithmAuto, bytes)
	if zero >= 3 {
		return rs
	}
	return rs + CollectiveSeconds(f, g, CollectiveAllGather, AlgorithmAuto, bytes)
}

// MFU is model FLOPs utilisation: model FLOPs per step over what the
// accelerators could do at peak in the step time:
//
//	MFU = F · B / (A · P · t_step)
func MFU(modelFLOPsPerToken, batchTokens float64, accelerators int, peakTFLOPS, stepS float64) float64 {
	den := float64(accelerators) * peakTFLOPS * 1e12 * stepS
	if den <= 0 || math.IsInf(stepS, 0) {
		return 0
	}
	return modelFLOPsPerToken * batchTokens / den
}
