package model

import (
	"math"
	"slices"
)

// Architecture is a transformer's shape: what the training model needs to
// derive FLOPs, memory and communication. Dense models leave Experts at 0.
type Architecture struct {
	// Name is a preset name (e.g. "llama3-70b") or "custom".
	Name string `json:"name"`
	// Layers is the number of transformer blocks.
	Layers int `json:"layers"`
	// Hidden is the model (embedding) width h.
	Hidden int `json:"hidden"`
	// Heads is the number of attention (query) heads a.
	Heads int `json:"heads"`
	// KVHeads is the number of key/value heads (grouped-query attention; = Heads for MHA).
	KVHeads int `json:"kv_heads"`
	// FFNHidden is the feed-forward inner width (of one expert for MoE).
	FFNHidden int `json:"ffn_hidden"`
	// GatedMLP says the feed-forward block has three matrices (SwiGLU) instead of two.
	GatedMLP bool `json:"gated_mlp"`
	// Vocab is the vocabulary size.
	Vocab int `json:"vocab"`
	// SeqLen is the training sequence length in tokens.
	SeqLen int `json:"seq_len"`
	// Experts is the number of routed experts per MoE layer (0 = dense).
	Experts int `json:"experts,omitempty"`
	// ExpertsPerToken is how many routed experts each token visits (top-k).
	ExpertsPerToken int `json:"experts_per_token,omitempty"`
	// SharedExperts is the number of always-active experts per MoE layer.
	SharedExperts int `json:"shared_experts,omitempty"`
	// ParametersB and ActiveParametersB are the published total and
	// per-token parameter counts in billions (0 = derive from the shape).
	ParametersB       float64 `json:"parameters_b"`
	ActiveParametersB float64 `json:"active_parameters_b"`
	// Source cites the shape; Note says what was approximated.
	Source string `json:"source,omitempty"`
	Note   string `json:"note,omitempty"`
}

// MoE says whether the architecture routes tokens to experts.
func (a Architecture) MoE() bool { return a.Experts > 1 }

// HeadDim is hidden / heads.
func (a Architecture) HeadDim() int { return a.Hidden / max(1, a.Heads) }

// mlpParams is the parameter count of one feed-forward block (one expert):
// 3·h·f for a gated (SwiGLU) MLP, 2·h·f otherwise.
func (a Architecture) mlpParams() float64 {
	m := 2.0
	if a.GatedMLP {
		m = 3
	}
	return m * float64(a.Hidden) * float64(a.FFNHidden)
}

// attentionParams is one block's attention parameters with grouped-query
// attention: Q and O are h×h, K and V are h×(kv·d):
//
//	P_attn = 2h² + 2·h·kv·(h/a)
func (a Architecture) attentionParams() float64 {
	h := float64(a.Hidden)
	kv := float64(max(1, a.KVHeads)) * float64(a.HeadDim())
	return 2*h*h + 2*h*kv
}

// ShapeParameters counts parameters from the shape (biases ignored):
//
//	total  = L · (P_attn + (E + shared)·P_mlp + E·h + 2h) + 2·V·h
//	active = L · (P_attn + (k + shared)·P_mlp + 2h) + 2·V·h
//
// with untied input and output embeddings (Llama 3). For a dense model E = 1,
// k = 1 and there is no router. E.g. Llama 3 70B (80 × 8192, 64 heads, 8 KV
// heads, FFN 28,672 gated, vocab 128,256): 70.55e9.
func (a Architecture) ShapeParameters() (total, active float64) {
	h := float64(a.Hidden)
	emb := 2 * float64(a.Vocab) * h
	perLayer := a.attentionParams() + 2*h
	if !a.MoE() {
		t := float64(a.Layers)*(perLayer+a.mlpParams()) + emb
		return t, t
	}
	e := float64(a.Experts + a.SharedExperts)
	k := float64(max(1, a.ExpertsPerToken) + a.SharedExperts)
	total = float64(a.Layers)*(perLayer+e*a.mlpParams()+float64(a.Experts)*h) + emb
	active = float64(a.Layers)*(perLayer+k*a.mlpParams()) + emb
	return total, active
}

// Parameters returns the total and active parameter counts: the published
// figures when the architecture carries them, the shape's count otherwise.
func (a Architecture) Parameters() (total, active float64) {
	st, sa := a.ShapeParameters()
	total, active = st, sa
	if a.ParametersB > 0 {
		total = a.ParametersB * 1e9
		if !a.MoE() {
			active = total
		}
	}
	if a.ActiveParametersB > 0 {
		active = a.ActiveParametersB * 1e9
	}
	if active > total {
		active = total
	}
	return total, active
}

// ExpertParameters is the share of the total parameters held in routed
// experts (0 for a dense model): L·E·P_mlp of the shape's count, scaled to
// the total.
func (a Architecture) ExpertParameters(total float64) float64 {
	if !a.MoE() {
		return 0
	}
	st, _ := a.ShapeParameters()
	if st <= 0 {
		return 0
	}
	return total * float64(a.Layers) * float64(a.Experts) * a.mlpParams() / st
}

// DefaultShape is the stated shape for a job that gives only parameters_b:
// a dense transformer with multi-head attention, a plain 4h MLP and the
// depth-to-width ratio of the Llama 3 family (h ≈ 128·L; 8B: 4096/32, 405B:
// 16384/126), so P ≈ 12·L·h² = 196,608·L³:
//
//	L = 8·round((P / 196,608)^(1/3) / 8)   (≥ 8),   h = 128·L,   a = L,   f = 4h
//
// The job's own parameter count still drives FLOPs and memory; the shape
// only sizes activations and tensor/pipeline traffic. seqLen and vocab are
// the job's (or the catalog's defaults).
func DefaultShape(parameters float64, seqLen, vocab int) Architecture {
	l := 8 * math.Round(math.Cbrt(parameters/196608)/8)
	l = math.Max(8, l)
	h := int(128 * l)
	return Architecture{
		Name: "default", Layers: int(l), Hidden: h, Heads: int(l), KVHeads: int(l), FFNHidden: 4 * h,
		Vocab: vocab, SeqLen: seqLen, ParametersB: parameters / 1e9,
		Note: "default shape from parameters_b: dense, MHA, 4h MLP, hidden = 128 × layers (Llama 3 aspect ratio); give layers/hidden/heads or a preset for a real model",
	}
}

// Presets are well-known model shapes, each with its published source.
var presets = []Architecture{
	{Name: "llama3-8b", Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, FFNHidden: 14336, GatedMLP: true, Vocab: 128256, SeqLen: 8192,
		ParametersB: 8.03, Source: "Meta, The Llama 3 Herd of Models, arXiv 2407.21783, table 3 (vocab 128,256 and 8.03B from the released config)"},
	{Name: "llama3-70b", Layers: 80, Hidden: 8192, Heads: 64, KVHeads: 8, FFNHidden: 28672, GatedMLP: true, Vocab: 128256, SeqLen: 8192,
		ParametersB: 70.6, Source: "Meta, The Llama 3 Herd of Models, arXiv 2407.21783, table 3"},
	{Name: "llama3-405b", Layers: 126, Hidden: 16384, Heads: 128, KVHeads: 8, FFNHidden: 53248, GatedMLP: true, Vocab: 128256, SeqLen: 8192,
		ParametersB: 405, Source: "Meta, The Llama 3 Herd of Models, arXiv 2407.21783, table 3"},
	{Name: "mixtral-8x7b", Layers: 32, Hidden: 4096, Heads: 32, KVHeads: 8, FFNHidden: 14336, GatedMLP: true, Vocab: 32000, SeqLen: 4096,
		Experts: 8, ExpertsPerToken: 2, ParametersB: 46.7, ActiveParametersB: 12.9,
		Source: "Jiang et al., Mixtral of Experts, arXiv 2401.04088, table 1 (47B total, 13B active)"},
	{Name: "mixtral-8x22b", Layers: 56, Hidden: 6144, Heads: 48, KVHeads: 8, FFNHidden: 16384, GatedMLP: true, Vocab: 32768, SeqLen: 4096,
		Experts: 8, ExpertsPerToken: 2, ParametersB: 141, ActiveParametersB: 39,
		Source: "Mistral AI, Mixtral 8x22B announcement and released config (141B total, 39B active)"},
	{Name: "deepseek-v3", Layers: 61, Hidden: 7168, Heads: 128, KVHeads: 128, FFNHidden: 2048, GatedMLP: true, Vocab: 129280, SeqLen: 4096,
		Experts: 256, ExpertsPerToken: 8, SharedExperts: 1, ParametersB: 671, ActiveParametersB: 37,
		Source: "DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv 2412.19437, section 4.2 (671B total, 37B activated)",
		Note:   "multi-head latent attention and the 3 leading dense layers are approximated by MHA and MoE blocks; the published parameter counts are used"},
	{Name: "qwen3-235b-a22b", Layers: 94, Hidden: 4096, Heads: 64, KVHeads: 4, FFNHidden: 1536, GatedMLP: true, Vocab: 151936, SeqLen: 4096,
		Experts: 128, ExpertsPerToken: 8, ParametersB: 235, ActiveParametersB: 22,
		Source: "Qwen Team, Qwen3 Technical Report, arXiv 2505.09388, table 2 (94 layers, 64/4 heads, 128 experts, 8 active; 235B total, 22B active); hidden 4,096 and expert width 1,536 from the released config",
		Note:   "attention heads are 128 wide (Q width 8,192 > hidden): attention is approximated at the hidden width; the published parameter counts are used"},
}

// Preset returns the named model shape.
func Preset(name string) (Architecture, bool) {
	i := slices.IndexFunc(presets, func(a Architecture) bool { return a.Name == name })
	if i < 0 {
		return Architecture{}, false
	}
	return presets[i], true
}

// PresetNames lists the preset names in a stable order.
func PresetNames() []string {
	out := make([]string, len(presets))
	for i, a := range presets {
		out[i] = a.Name
	}
	return out
}
