package tui

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// Placeholders shown for an unset field instead of its zero value.
const (
	// unsetDefault: the evaluation uses the documented default.
	unsetDefault = "default"
	// unsetSearched: the layout search picks the value.
	unsetSearched = "searched"
)

// searchedFields are the training layout fields the planner searches when
// the scenario leaves them unset.
var searchedFields = map[string]bool{
	"tensor_parallel": true, "pipeline_parallel": true, "data_parallel": true, "expert_parallel": true,
	"microbatch": true, "virtual_stages": true, "zero_stage": true, "recompute": true,
}

// shapeFields are the training job's model-shape fields: unset, they come
// from the preset (model) or the stated default shape.
var shapeFields = map[string]bool{
	"layers": true, "hidden": true, "heads": true, "kv_heads": true, "ffn_hidden": true,
	"seq_len": true, "vocab": true, "experts": true, "experts_per_token": true, "active_parameters_b": true,
}

// Fallbacks the planner applies to a shape it is not given
// (planner.architectureFor, perf constant seq_len_default).
const (
	fallbackSeqLen = 4096
	fallbackVocab  = 32000
)

// isPlaceholder reports a word the editor shows for an unset value.
func isPlaceholder(text string) bool { return text == unsetDefault || text == unsetSearched }

// zeroIsUnset says a zero value of the numeric field means unset: the
// documented default, the layout search, or the model's shape.
func (f field) zeroIsUnset() bool {
	return defaultWhenZero[f.Name] || (f.trainingField() && (searchedFields[f.Name] || shapeFields[f.Name]))
}

// trainingField says the field belongs to a training job.
func (f field) trainingField() bool {
	return strings.HasPrefix(f.Path, "workloads.training[")
}

// placeholder is the word shown for the field when it is unset.
func (f field) placeholder() string {
	if f.trainingField() && searchedFields[f.Name] {
		return unsetSearched
	}
	return unsetDefault
}

// job returns the training job the field belongs to, or nil.
func (f field) job(s *model.Scenario) *model.TrainingJob {
	if !f.trainingField() || f.elem == 0 {
		return nil
	}
	v := resolve(s, f.steps[:f.elem])
	if !v.IsValid() || !v.CanAddr() {
		return nil
	}
	j, ok := v.Addr().Interface().(*model.TrainingJob)
	if !ok {
		return nil
	}
	return j
}

// cluster returns the cluster a training job runs on, or nil.
func jobCluster(s *model.Scenario, j *model.TrainingJob) *model.Cluster {
	if j == nil {
		return nil
	}
	for i := range s.Clusters {
		if s.Clusters[i].Name == j.Cluster {
			return &s.Clusters[i]
		}
	}
	return nil
}

// effectiveArch is the shape the planner evaluates for a job: the preset
// with the job's fields on top, a custom shape when layers, hidden and
// heads are all given, the stated default shape otherwise (it mirrors
// planner.architectureFor); source says where unset fields come from.
func effectiveArch(j model.TrainingJob) (a model.Architecture, source string) {
	a, ok := model.Preset(j.Model)
	shaped := j.Layers > 0 && j.Hidden > 0 && j.Heads > 0
	switch {
	case ok:
		source = "preset"
	case shaped:
		a, source = model.Architecture{Name: "custom", Vocab: fallbackVocab}, unsetDefault
	default:
		return model.DefaultShape(j.ParametersB*1e9, positive(j.SeqLen, fallbackSeqLen), positive(j.Vocab, fallbackVocab)), unsetDefault
	}
	a.Layers = positive(j.Layers, a.Layers)
	a.Hidden = positive(j.Hidden, a.Hidden)
	a.Heads = positive(j.Heads, a.Heads)
	a.KVHeads = positive(j.KVHeads, positive(a.KVHeads, a.Heads))
	a.FFNHidden = positive(j.FFNHidden, positive(a.FFNHidden, 4*a.Hidden))
	a.SeqLen = positive(j.SeqLen, positive(a.SeqLen, fallbackSeqLen))
	a.Vocab = positive(j.Vocab, a.Vocab)
	a.Experts = positive(j.Experts, a.Experts)
	a.ExpertsPerToken = positive(j.ExpertsPerToken, a.ExpertsPerToken)
	if a.Experts > 1 && a.ExpertsPerToken == 0 {
		a.ExpertsPerToken = 2
	}
	if j.ActiveParametersB > 0 {
		a.ActiveParametersB = j.ActiveParametersB
	}
	return a, source
}

func positive(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// shapeValue is the effective value of a shape field, as text ("" when
// there is none to show).
func shapeValue(a model.Architecture, name string) string {
	n := 0
	switch name {
	case "layers":
		n = a.Layers
	case "hidden":
		n = a.Hidden
	case "heads":
		n = a.Heads
	case "kv_heads":
		n = a.KVHeads
	case "ffn_hidden":
		n = a.FFNHidden
	case "seq_len":
		n = a.SeqLen
	case "vocab":
		n = a.Vocab
	case "experts":
		if a.Experts <= 1 {
			return "dense"
		}
		n = a.Experts
	case "experts_per_token":
		if !a.MoE() {
			return ""
		}
		n = a.ExpertsPerToken
	case "active_parameters_b":
		if a.ActiveParametersB <= 0 {
			return ""
		}
		return formatFloat(a.ActiveParametersB)
	}
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// Display is the value as the editor shows it: Value, except that an
// unset model-shape field shows the value in effect and where it comes
// from ("80 (preset)").
func (f field) Display(s *model.Scenario) (text string, set bool) {
	text, set = f.Value(s)
	if set || !f.trainingField() || !shapeFields[f.Name] {
		return text, set
	}
	j := f.job(s)
	if j == nil {
		return text, set
	}
	a, src := effectiveArch(*j)
	switch v := shapeValue(a, f.Name); v {
	case "":
	case "dense":
		return v, false
	default:
		return v + " (" + src + ")", false
	}
	return text, set
}

// trainingChoices are the legal values a training field steps through
// ("" = unset: searched or from the preset), or nil.
func (f field) trainingChoices(s *model.Scenario, cat *model.Catalog) []string {
	if !f.trainingField() {
		return nil
	}
	j := f.job(s)
	switch f.Name {
	case "model":
		return append([]string{""}, model.PresetNames()...)
	case "recompute":
		return []string{"", model.RecomputeNone, model.RecomputeSelective, model.RecomputeFull}
	case "zero_stage":
		return []string{"", "0", "1", "2", "3"}
	case "microbatch":
		return []string{"", "1", "2", "4", "8"}
	case "virtual_stages":
		return []string{"", "1", "2", "4"}
	case "tensor_parallel":
		// Powers of two up to one node's accelerators (NVLink).
		per := 8
		if c := jobCluster(s, j); c != nil && cat != nil {
			if inst, ok := cat.Instances[c.InstanceType]; ok && inst.AcceleratorCount > 0 {
				per = inst.AcceleratorCount
			}
		}
		return withUnset(powersOfTwo(per))
	case "expert_parallel":
		// Powers of two up to the expert count and the accelerators.
		limit := 1
		if j != nil {
			if a, _ := effectiveArch(*j); a.MoE() {
				limit = a.Experts
				if acc := jobAccelerators(s, j, cat); acc > 0 {
					limit = min(limit, acc)
				}
			}
		}
		return withUnset(powersOfTwo(limit))
	case "pipeline_parallel":
		// Divisors of the layers, up to the accelerators.
		if j == nil {
			return nil
		}
		a, _ := effectiveArch(*j)
		acc := jobAccelerators(s, j, cat)
		var out []int
		for p := 1; p <= a.Layers; p++ {
			if a.Layers%p == 0 && (acc <= 0 || p <= acc) {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return withUnset(out)
	}
	return nil
}

// jobAccelerators is the accelerator count of the job's cluster (0 = unknown).
func jobAccelerators(s *model.Scenario, j *model.TrainingJob, cat *model.Catalog) int {
	c := jobCluster(s, j)
	if c == nil || cat == nil {
		return 0
	}
	inst, ok := cat.Instances[c.InstanceType]
	if !ok {
		return 0
	}
	return c.Nodes * inst.AcceleratorCount
}

func powersOfTwo(limit int) []int {
	out := []int{1}
	for p := 2; p <= limit; p *= 2 {
		out = append(out, p)
	}
	return out
}

func withUnset(ns []int) []string {
	out := []string{""}
	for _, n := range ns {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// commonVocabs are vocabulary sizes of published models, for stepping.
var commonVocabs = []int{32000, 32768, 50257, 65536, 100277, 128256, 129280, 151936, 256000}

// stepShape steps a model-shape field from the value in effect: widths,
// heads, sequence length and experts double or halve, layers and top-k
// move by one, the vocabulary walks published sizes. A job that names no
// preset and gives no shape gets the default shape written out first
// (layers, hidden, heads), since the planner reads a custom shape only
// when all three are given. It returns false when the field is not one.
func (f field) stepShape(s *model.Scenario, dir int) bool {
	if !f.trainingField() || !shapeFields[f.Name] || f.Name == "active_parameters_b" {
		return false
	}
	j := f.job(s)
	if j == nil {
		return false
	}
	v := resolve(s, f.steps)
	if !v.IsValid() || v.Kind() != reflect.Int {
		return false
	}
	a, _ := effectiveArch(*j)
	if _, preset := model.Preset(j.Model); !preset && !(j.Layers > 0 && j.Hidden > 0 && j.Heads > 0) {
		j.Layers, j.Hidden, j.Heads = a.Layers, a.Hidden, a.Heads
	}
	cur := int(v.Int())
	if cur == 0 {
		n, _ := strconv.Atoi(shapeValue(a, f.Name))
		cur = n
	}
	var next int
	switch f.Name {
	case "layers", "experts_per_token":
		next = max(cur+dir, 1)
	case "vocab":
		next = stepSorted(commonVocabs, cur, dir)
	case "experts":
		switch {
		case dir > 0 && cur < 2:
			next = 2
		case dir > 0:
			next = cur * 2
		case cur <= 2:
			next = 0 // dense
		default:
			next = cur / 2
		}
	default: // hidden, heads, kv_heads, ffn_hidden, seq_len
		if dir > 0 {
			next = max(cur*2, 1)
		} else {
			next = max(cur/2, 1)
		}
	}
	v.SetInt(int64(next))
	return true
}

// stepSorted returns the next larger (dir > 0) or smaller value of a
// sorted list from cur, or cur at the end of the list.
func stepSorted(list []int, cur, dir int) int {
	if dir > 0 {
		if i := slices.IndexFunc(list, func(n int) bool { return n > cur }); i >= 0 {
			return list[i]
		}
		return cur
	}
	for i := len(list) - 1; i >= 0; i-- {
		if list[i] < cur {
			return list[i]
		}
	}
	return cur
}
