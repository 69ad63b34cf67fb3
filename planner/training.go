package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/topoplan/topoplan/model"
)

// architectureFor builds a job's model shape: a preset when the job names
// one, the job's shape fields on top; the stated default shape
// (model.DefaultShape) for a job that gives only parameters_b, with any
// shape fields it does give on top.
func architectureFor(j model.TrainingJob, seqDefault int) model.Architecture {
	a, ok := model.Preset(j.Model)
	shaped := j.Layers > 0 && j.Hidden > 0 && j.Heads > 0
	partial := j.Layers > 0 || j.Hidden > 0 || j.Heads > 0 || j.KVHeads > 0 || j.FFNHidden > 0
	switch {
	case ok:
	case shaped:
		a = model.Architecture{Name: "custom", Vocab: 32000, GatedMLP: false}
	case partial && j.ParametersB > 0:
		// Some shape fields over the default shape (e.g. only layers).
		a = model.DefaultShape(j.ParametersB*1e9, firstPositive(j.SeqLen, seqDefault), firstPositive(j.Vocab, 32000))
		a.Name = "custom"
		if j.Hidden > 0 && j.FFNHidden == 0 {
			a.FFNHidden = 4 * j.Hidden
		}
		if j.Heads > 0 && j.KVHeads == 0 {
			a.KVHeads = j.Heads
		}
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

// searchResult is the outcome of one search: the fastest fitting layout
// over the legal grid (best) and the fastest fitting layout that keeps what
// the scenario fixes (used).
type searchResult struct {
	best     pick
	used     pick
	searched int
	fitting  int
	// candidates are every fitting legal layout, kept only on request (for
	// the smallest changes that fit).
	candidates []candidate
}

// pick is the fastest fitting layout of a set, and the layout with the
// least memory when none fits.
type pick struct {
	l         model.Layout
	step      model.Step
	mem       model.Memory
	found     bool
	minMemory model.Layout
	minMemGiB float64
	seen      bool
}

func (p *pick) note(l model.Layout, mem model.Memory) {
	if !p.seen || mem.TotalGiB < p.minMemGiB {
		p.minMemGiB, p.minMemory, p.seen = mem.TotalGiB, l, true
	}
}

func (p *pick) offer(l model.Layout, st model.Step, mem model.Memory) {
	if !p.found || st.TotalS < p.step.TotalS*(1-1e-9) {
		p.l, p.step, p.mem, p.found = l, st, mem, true
	}
}

// layout returns the pick, or the least-memory layout when none fits.
func (p *pick) layout() model.Layout {
	if p.found {
		return p.l
	}
	return p.minMemory
}

type candidate struct {
	l     model.Layout
	stepS float64
	mem   float64
}

var (
	tensorGrid     = []int{1, 2, 4, 8, 16, 32, 64}
	microbatchGrid = []int{1, 2, 4, 8}
	virtualGrid    = []int{1, 2, 4}
	recomputeOrder = []string{model.RecomputeNone, model.RecomputeSelective, model.RecomputeFull}
	zeroStages     = []int{0, 1, 2, 3}
)

// withFixed returns grid plus fixed when fixed > 0 and not in it.
func withFixed(grid []int, fixed int) []int {
	if fixed <= 0 || slices.Contains(grid, fixed) {
		return grid
	}
	return append(slices.Clone(grid), fixed)
}

// searchMemoKey is everything searchLayouts reads.
type searchMemoKey struct {
	sp      searchSpace
	lc      layoutConstraints
	keepAll bool
}

// searchMemo holds the last layout searches of this process. searchLayouts
// is a pure function of its space (the job's shape and batch, the device,
// the fabric, the overlaps, the algorithm, the accelerator count), the
// scenario's fixed choices and keepAll, and the key is all of them, so a
// remembered result is exactly what the search would return. Evaluating a
// plan whose training job did not change (a TUI keystroke that edits a
// link, a subnet or a price, a sweep over anything but the job) reuses it.
// Results are shared read-only (fitChanges only reads the candidates).
var searchMemo struct {
	sync.Mutex
	m map[searchMemoKey]searchResult
}

// searchMemoSize bounds searchMemo: a session's what-ifs visit a handful of
// job shapes; an entry is a few hundred bytes, more with keepAll.
const searchMemoSize = 64

// memoSearch is searchLayouts through searchMemo.
func memoSearch(sp *searchSpace, lc layoutConstraints, keepAll bool) searchResult {
	k := searchMemoKey{*sp, lc, keepAll}
	searchMemo.Lock()
	r, ok := searchMemo.m[k]
	searchMemo.Unlock()
	if ok {
		return r
	}
	r = searchLayouts(sp, lc, keepAll)
	searchMemo.Lock()
	defer searchMemo.Unlock()
	if searchMemo.m == nil || len(searchMemo.m) >= searchMemoSize {
		searchMemo.m = make(map[searchMemoKey]searchResult, searchMemoSize)
	}
	searchMemo.m[k] = r
	return r
}

// ForgetLayoutSearches empties the process's memo of layout searches, for
// tests and benchmarks that time or check a cold evaluation (a process's
// first, as `topoplan eval` or the planner's first frame makes).
func ForgetLayoutSearches() {
	searchMemo.Lock()
	searchMemo.m = nil
	searchMemo.Unlock()
}

// searchLayouts is the exhaustive search over legal layouts: TP a power of
// two dividing the heads and at most a node; PP dividing the layers; DP =
// accelerators / (TP·PP) a whole number; EP dividing TP·DP and the expert
// count (MoE only); microbatch 1–8 with at least one per pipeline;
// interleaving v ∈ {1, 2, 4} when PP > 1, v·PP divides the layers and the
// microbatches are a multiple of PP; ZeRO 0–3 and the three recomputation
// strategies. Within one shape, time rises with recomputation and with
// ZeRO-3 while memory falls, so for each shape only the least
// recomputation and smallest ZeRO stage that fit are timed. One pass gives
// both the best legal layout and the best layout keeping what the scenario
// fixes (a fixed value outside the legal grid, such as TP across nodes, is
// evaluated for the latter only). keepAll keeps every fitting candidate.
func searchLayouts(sp *searchSpace, lc layoutConstraints, keepAll bool) searchResult {
	res := searchResult{}
	a := sp.job.Arch
	per := max(1, sp.dev.PerNode)
	for _, tp := range withFixed(tensorGrid, lc.tp) {
		legalTP := tp <= per && a.Heads%tp == 0
		if !legalTP && tp != lc.tp || tp > sp.accel {
			continue
		}
		for pp := 1; pp <= a.Layers && tp*pp <= sp.accel; pp++ {
			legalPP := a.Layers%pp == 0
			if !legalPP && pp != lc.pp || sp.accel%(tp*pp) != 0 {
				continue
			}
			dp := sp.accel / (tp * pp)
			eps := expertDegrees(a, tp*dp)
			for _, ep := range withFixed(eps, lc.ep) {
				legalEP := slices.Contains(eps, ep)
				if !legalEP && (tp*dp%ep != 0 || !a.MoE()) {
					continue
				}
				for _, mb := range withFixed(microbatchGrid, lc.mb) {
					if float64(dp*mb) > sp.job.SequencesPerStep() && mb > 1 {
						continue // a microbatch larger than the batch allows
					}
					l := model.Layout{TP: tp, PP: pp, DP: dp, EP: ep, Microbatch: mb, VirtualStages: 1}
					m := sp.job.Microbatches(l)
					for _, v := range withFixed(virtualGrid, lc.v) {
						legalV := v == 1 || pp > 1 && a.Layers%(pp*v) == 0 && m%pp == 0
						if !legalV && v != lc.v {
							continue
						}
						l.VirtualStages = v
						legal := legalTP && legalPP && legalEP && legalV && slices.Contains(microbatchGrid, mb)
						res.shape(sp, lc, l, legal, keepAll)
					}
				}
			}
		}
	}
	return res
}

// matches says whether l keeps every choice the scenario fixes.
func (lc layoutConstraints) matches(l model.Layout) bool {
	return (lc.tp <= 0 || l.TP == lc.tp) && (lc.pp <= 0 || l.PP == lc.pp) && (lc.dp <= 0 || l.DP == lc.dp) &&
		(lc.ep <= 0 || l.EP == lc.ep) && (lc.mb <= 0 || l.Microbatch == lc.mb) && (lc.v <= 0 || l.VirtualStages == lc.v) &&
		(lc.zero < 0 || l.ZeRO == lc.zero) && (lc.recompute == "" || l.Recompute == lc.recompute)
}

// shape times one (TP, PP, DP, EP, microbatch, v) shape at the least
// recomputation and smallest ZeRO stage that fit (ZeRO 0–2 cost the same
// time, ZeRO-3 more) for the legal search, and at the least that fit among
// the scenario's choices for the layout used; every legal combination
// counts as searched.
func (res *searchResult) shape(sp *searchSpace, lc layoutConstraints, l model.Layout, legal, keepAll bool) {
	// Once a ZeRO 0–2 layout fits at some recomputation, every later
	// (heavier) recomputation is slower at any ZeRO stage: stop timing.
	bestDone, usedDone := false, false
	for _, rc := range recomputeOrder {
		l.Recompute = rc
		bestLow, usedLow := bestDone && !keepAll, usedDone
		for _, z := range zeroStages {
			l.ZeRO = z
			match := lc.matches(l)
			if !legal && !match {
				continue
			}
			if legal {
				res.searched++
			}
			mem := model.TrainingMemory(sp.job, l, sp.dev)
			if legal {
				res.best.note(l, mem)
			}
			if match {
				res.used.note(l, mem)
			}
			if !mem.Fits {
				continue
			}
			if legal {
				res.fitting++
			}
			timeBest := legal && (z == 3 || !bestLow)
			timeUsed := match && (z == 3 || !usedLow)
			if !timeBest && !timeUsed {
				continue
			}
			st := sp.step(l)
			if timeBest {
				bestLow = bestLow || z < 3
				bestDone = bestDone || z < 3
				res.best.offer(l, st, mem)
				if keepAll {
					res.candidates = append(res.candidates, candidate{l: l, stepS: st.TotalS, mem: mem.TotalGiB})
				}
			}
			if timeUsed {
				usedLow = usedLow || z < 3
				usedDone = usedDone || z < 3
				res.used.offer(l, st, mem)
			}
		}
	}
}

// expertDegrees lists the legal expert-parallel degrees: 1 for a dense
// model; for MoE the powers of two dividing TP × DP (tensor parallelism
// folds into expert parallelism) and the expert count.
func expertDegrees(a model.Architecture, dp int) []int {
	if !a.MoE() {
		return []int{1}
	}
	var out []int
	for ep := 1; ep <= dp && ep <= a.Experts; ep *= 2 {
		if dp%ep == 0 && a.Experts%ep == 0 {
			out = append(out, ep)
		}
	}
	return out
}

// LayoutName is a compact description of a parallel layout, e.g.
// "TP8 PP4 DP16 mb1 v2 ZeRO-1 selective".
func LayoutName(l model.Layout) string { return layoutName(l) }

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
