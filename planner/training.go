package planner

import (
	"fmt"
	"math"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// architectureFor builds a job's model shape: a preset when the job names
// one, the job's shape fields on top, and the stated default shape
// (model.DefaultShape) for a job that gives only parameters_b.
func architectureFor(j model.TrainingJob, seqDefault int) model.Architecture {
	a, ok := model.Preset(j.Model)
	shaped := j.Layers > 0 && j.Hidden > 0 && j.Heads > 0
	switch {
	case ok:
	case shaped:
		a = model.Architecture{Name: "custom", Vocab: 32000, GatedMLP: false}
	default:
		return model.DefaultShape(j.ParametersB*1e9, firstPositive(j.SeqLen, seqDefault), firstPositive(j.Vocab, 32000))
	}
	setInt := func(dst *int, v int) {
		if v > 0 {
			*dst = v
		}
	}
	setInt(&a.Layers, j.Layers)
	setInt(&a.Hidden, j.Hidden)
	setInt(&a.Heads, j.Heads)
	setInt(&a.KVHeads, j.KVHeads)
	setInt(&a.FFNHidden, j.FFNHidden)
	setInt(&a.SeqLen, j.SeqLen)
	setInt(&a.Vocab, j.Vocab)
	setInt(&a.Experts, j.Experts)
	setInt(&a.ExpertsPerToken, j.ExpertsPerToken)
	if a.KVHeads == 0 {
		a.KVHeads = a.Heads
	}
	if a.FFNHidden == 0 {
		a.FFNHidden = 4 * a.Hidden
	}
	if a.SeqLen == 0 {
		a.SeqLen = seqDefault
	}
	if a.Experts > 1 && a.ExpertsPerToken == 0 {
		a.ExpertsPerToken = 2
	}
	if j.ParametersB > 0 {
		a.ParametersB = j.ParametersB
	} else if !ok {
		a.ParametersB = 0 // derive from the shape
	}
	if j.ActiveParametersB > 0 {
		a.ActiveParametersB = j.ActiveParametersB
	}
	return a
}

func firstPositive(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// deviceFor returns the accelerator figures of an instance type for a
// precision: the peak (model.PeakTFLOPSFor), the catalog's achievable
// efficiency for the generation and precision (fp16 and fp32 use the bf16
// figure; fp8 falls back to bf16 with a note), HBM and the reserved share.
func deviceFor(cat *model.Catalog, c *constants, instanceType string, inst model.Instance, precision string) (model.Device, model.Assumption, string) {
	peak, note := model.PeakTFLOPSFor(inst, precision)
	d := model.Device{PeakTFLOPS: peak, MemoryGiB: inst.AcceleratorMemoryGiB, PerNode: max(1, inst.AcceleratorCount),
		ReservedGiB: c.value(cHBMReserved)}
	gen, acc, ok := cat.AcceleratorFor(instanceType)
	key := precision
	if key != model.PrecisionFP8 {
		key = model.PrecisionBF16
	}
	k, have := acc.MatmulEfficiency[key]
	if !have && key == model.PrecisionFP8 {
		k, have = acc.MatmulEfficiency[model.PrecisionBF16]
		note = strings.TrimPrefix(note+"; no FP8 efficiency for "+gen+": the BF16 figure is used", "; ")
	}
	if !ok || !have || k.Value <= 0 || k.Value > 1 {
		d.MatmulEfficiency = cEfficiency.fallback
		return d, model.Assumption{Name: "matmul_efficiency (" + instanceType + ")", Value: d.MatmulEfficiency, Unit: "fraction of dense peak",
			Source: "topoplan fallback (docs/model.md)", Confidence: model.ConfidenceEstimate,
			Note: "no accelerator generation in the catalog for this instance type: built-in fallback used"}, note
	}
	d.MatmulEfficiency = k.Value
	return d, model.Assumption{Name: "matmul_efficiency (" + gen + ", " + key + ")", Value: k.Value, Unit: k.Unit,
		Source: k.URL, ReadOn: k.ReadOn, Confidence: k.Confidence, Note: k.Note}, note
}

// layoutConstraints are the parts of a layout the scenario fixes (0 / ""
// / -1 = free).
type layoutConstraints struct {
	tp, pp, dp, ep, mb, v, zero int
	recompute                   string
}

func constraintsOf(j model.TrainingJob) layoutConstraints {
	lc := layoutConstraints{tp: j.TensorParallel, pp: j.PipelineParallel, dp: j.DataParallel, ep: j.ExpertParallel,
		mb: j.Microbatch, v: j.VirtualStages, zero: -1, recompute: j.Recompute}
	if j.ZeROStage != nil {
		lc.zero = *j.ZeROStage
	}
	return lc
}

// free says whether nothing is fixed.
func (lc layoutConstraints) free() bool {
	return lc == layoutConstraints{zero: -1}
}

func (lc layoutConstraints) describe() string {
	var parts []string
	add := func(name string, v int) {
		if v > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", name, v))
		}
	}
	add("TP", lc.tp)
	add("PP", lc.pp)
	add("DP", lc.dp)
	add("EP", lc.ep)
	add("microbatch", lc.mb)
	add("virtual stages", lc.v)
	if lc.zero >= 0 {
		parts = append(parts, fmt.Sprintf("ZeRO-%d", lc.zero))
	}
	if lc.recompute != "" {
		parts = append(parts, lc.recompute+" recompute")
	}
	return strings.Join(parts, ", ")
}

// searchSpace is what a layout search needs; step evaluates one layout.
type searchSpace struct {
	job    model.Job
	dev    model.Device
	fabric model.Fabric
	ov     model.Overlaps
	alg    string
	accel  int
}

func (sp *searchSpace) step(l model.Layout) model.Step {
	return model.StepTime(sp.job, l, sp.dev, sp.fabric, sp.ov, sp.alg)
}

// searchResult is the outcome of one search.
type searchResult struct {
	best       model.Layout
	bestStep   model.Step
	bestMem    model.Memory
	found      bool
	searched   int
	fitting    int
	minMemory  model.Layout // the layout with the least memory, when none fits
	minMemGiB  float64
	candidates []candidate // every fitting layout (for fit changes)
}

type candidate struct {
	l     model.Layout
	stepS float64
	mem   float64
}

var (
	microbatchGrid = [...]int{1, 2, 4, 8}
	virtualGrid    = [...]int{1, 2, 4}
	recomputeOrder = [...]string{model.RecomputeNone, model.RecomputeSelective, model.RecomputeFull}
)

// searchLayouts is the exhaustive search over legal layouts: TP a power of
// two dividing the heads and at most a node; PP dividing the layers; DP =
// accelerators / (TP·PP) a whole number; EP dividing both DP and the
// expert count (MoE only); microbatch 1–8 with at least one per pipeline;
// interleaving v ∈ {1, 2, 4} when PP > 1, v·PP divides the layers and the
// microbatches are a multiple of PP; ZeRO 0–3 and the three recomputation
// strategies. Within one shape, time rises with recomputation and with
// ZeRO-3 while memory falls, so for each shape only the least
// recomputation and smallest ZeRO stage that fit are timed. Constraints
// the scenario sets are held fixed. keepAll keeps every fitting candidate.
func searchLayouts(sp *searchSpace, lc layoutConstraints, keepAll bool) searchResult {
	res := searchResult{minMemGiB: math.Inf(1)}
	a := sp.job.Arch
	if lc.tp > 0 {
		// A fixed TP is evaluated even across nodes (the findings warn).
		res.searchTP(sp, lc, lc.tp, keepAll)
		return res
	}
	for tp := 1; tp <= max(1, sp.dev.PerNode); tp *= 2 {
		if a.Heads%tp == 0 {
			res.searchTP(sp, lc, tp, keepAll)
		}
	}
	return res
}

func (res *searchResult) searchTP(sp *searchSpace, lc layoutConstraints, tp int, keepAll bool) {
	a := sp.job.Arch
	for pp := 1; pp <= a.Layers && tp*pp <= sp.accel; pp++ {
		if lc.pp > 0 && pp != lc.pp || lc.pp == 0 && a.Layers%pp != 0 || sp.accel%(tp*pp) != 0 {
			continue
		}
		dp := sp.accel / (tp * pp)
		if lc.dp > 0 && dp != lc.dp {
			continue
		}
		for _, ep := range expertDegrees(a, tp*dp, lc.ep) {
			mbs := microbatchGrid[:]
			if lc.mb > 0 {
				mbs = []int{lc.mb}
			}
			for _, mb := range mbs {
				l := model.Layout{TP: tp, PP: pp, DP: dp, EP: ep, Microbatch: mb, VirtualStages: 1}
				m := sp.job.Microbatches(l)
				if float64(dp*mb) > sp.job.SequencesPerStep() && mb > 1 {
					continue // a microbatch larger than the batch allows
				}
				vs := virtualGrid[:]
				if lc.v > 0 {
					vs = []int{lc.v} // as the scenario fixes it, even if the layers do not divide
				}
				for _, v := range vs {
					if lc.v == 0 && v > 1 && (pp == 1 || a.Layers%(pp*v) != 0 || m%pp != 0) {
						continue
					}
					l.VirtualStages = v
					res.shape(sp, lc, l, keepAll)
				}
			}
		}
	}
}

// shape times one (TP, PP, DP, EP, microbatch, v) shape at the least
// recomputation and smallest ZeRO stage that fit (ZeRO 0–2 cost the same
// time, ZeRO-3 more), counting every legal combination as searched.
func (res *searchResult) shape(sp *searchSpace, lc layoutConstraints, l model.Layout, keepAll bool) {
	for _, rc := range recomputeOrder {
		if lc.recompute != "" && rc != lc.recompute {
			continue
		}
		l.Recompute = rc
		fitLow := -1
		for z := 0; z <= 3; z++ {
			if lc.zero >= 0 && z != lc.zero {
				continue
			}
			res.searched++
			l.ZeRO = z
			mem := model.TrainingMemory(sp.job, l, sp.dev)
			if mem.TotalGiB < res.minMemGiB {
				res.minMemGiB, res.minMemory = mem.TotalGiB, l
			}
			if !mem.Fits {
				continue
			}
			res.fitting++
			if z < 3 && fitLow < 0 {
				fitLow = z
				res.consider(sp, l, mem, keepAll)
			}
			if z == 3 {
				res.consider(sp, l, mem, keepAll)
			}
		}
	}
}

func (res *searchResult) consider(sp *searchSpace, l model.Layout, mem model.Memory, keepAll bool) {
	st := sp.step(l)
	if keepAll {
		res.candidates = append(res.candidates, candidate{l: l, stepS: st.TotalS, mem: mem.TotalGiB})
	}
	if !res.found || st.TotalS < res.bestStep.TotalS*(1-1e-9) {
		res.best, res.bestStep, res.bestMem, res.found = l, st, mem, true
	}
}

// expertDegrees lists the expert-parallel degrees to try: 1 for a dense
// model; for MoE the powers of two dividing TP × DP (tensor parallelism
// folds into expert parallelism) and the expert count (or the scenario's
// fixed value).
func expertDegrees(a model.Architecture, dp, fixed int) []int {
	if !a.MoE() {
		return []int{1}
	}
	if fixed > 0 {
		if dp%fixed == 0 {
			return []int{fixed}
		}
		return nil
	}
	var out []int
	for ep := 1; ep <= dp && ep <= a.Experts; ep *= 2 {
		if dp%ep == 0 && a.Experts%ep == 0 {
			out = append(out, ep)
		}
	}
	return out
}

// layoutName is a compact description, e.g. "TP8 PP4 DP16 mb1 v1 ZeRO-1 selective".
func layoutName(l model.Layout) string {
	s := fmt.Sprintf("TP%d PP%d DP%d", l.TP, l.PP, l.DP)
	if l.EP > 1 {
		s += fmt.Sprintf(" EP%d", l.EP)
	}
	s += fmt.Sprintf(" mb%d", l.Microbatch)
	if l.VirtualStages > 1 {
		s += fmt.Sprintf(" v%d", l.VirtualStages)
	}
	return s + fmt.Sprintf(" ZeRO-%d %s", l.ZeRO, l.Recompute)
}

// layoutChange describes the differences from `from` to `to`, e.g.
// "TP4 PP2 (was TP8 PP4), ZeRO-1 (was ZeRO-0)".
func layoutChange(from, to model.Layout) string {
	var parts []string
	if from.TP != to.TP || from.PP != to.PP {
		parts = append(parts, fmt.Sprintf("TP%d PP%d (was TP%d PP%d)", to.TP, to.PP, from.TP, from.PP))
	}
	if from.EP != to.EP {
		parts = append(parts, fmt.Sprintf("EP%d (was EP%d)", to.EP, from.EP))
	}
	if from.Microbatch != to.Microbatch {
		parts = append(parts, fmt.Sprintf("microbatch %d (was %d)", to.Microbatch, from.Microbatch))
	}
	if from.VirtualStages != to.VirtualStages {
		parts = append(parts, fmt.Sprintf("%d virtual stages (was %d)", to.VirtualStages, from.VirtualStages))
	}
	if from.ZeRO != to.ZeRO {
		parts = append(parts, fmt.Sprintf("ZeRO-%d (was ZeRO-%d)", to.ZeRO, from.ZeRO))
	}
	if from.Recompute != to.Recompute {
		parts = append(parts, fmt.Sprintf("%s recompute (was %s)", to.Recompute, from.Recompute))
	}
	if len(parts) == 0 {
		return "same layout"
	}
	return strings.Join(parts, ", ")
}

// fitChanges picks, among fitting layouts, the ones closest to the layout
// used (fewest dimensions changed, then fastest): the smallest changes
// that fit. At most three, fastest first within the closest distance.
func fitChanges(used model.Layout, cands []candidate) []model.LayoutOption {
	dist := func(l model.Layout) int {
		d := 0
		if l.TP != used.TP || l.PP != used.PP {
			d++
		}
		for _, diff := range []bool{l.EP != used.EP, l.Microbatch != used.Microbatch, l.VirtualStages != used.VirtualStages, l.ZeRO != used.ZeRO, l.Recompute != used.Recompute} {
			if diff {
				d++
			}
		}
		return d
	}
	best := math.MaxInt
	for _, c := range cands {
		best = min(best, dist(c.l))
	}
	var out []model.LayoutOption
	for _, c := range cands {
		if dist(c.l) != best {
			continue
		}
		out = append(out, model.LayoutOption{Layout: c.l, StepTimeS: c.stepS, MemoryGiB: c.mem, Change: layoutChange(used, c.l)})
	}
	sortOptions(out)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

func sortOptions(o []model.LayoutOption) {
	for i := 1; i < len(o); i++ {
		for k := i; k > 0 && o[k].StepTimeS < o[k-1].StepTimeS; k-- {
			o[k], o[k-1] = o[k-1], o[k]
		}
	}
}
