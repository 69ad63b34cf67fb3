package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
)

// trainingView is the Training view: per job, the layout used (and the
// best one the search found), the derived MFU, the step's terms as a
// stacked bar and one accelerator's memory as a stacked bar against its HBM.
type trainingView struct{}

func (trainingView) Title() string { return "Training" }

func (trainingView) Render(c common, ss *session) string {
	jobs := ss.plan.Training
	w := c.Width
	if len(jobs) == 0 {
		return c.Styles.Dim.Render(truncate("no training jobs (add one to the file under workloads.training)", w))
	}
	var b strings.Builder
	for i, t := range jobs {
		if i > 0 {
			b.WriteString("\n")
		}
		bt, hasBase := baseJob(ss.baseline, t.Job)
		b.WriteString(c.trainingJob(t, bt, hasBase, w))
		if pp, ok := placementFor(ss.plan, t.Job); ok {
			b.WriteString("\n" + c.placementSection(pp, w))
		}
	}
	return b.String()
}

// baseJob finds a training job of the baseline plan by name.
func baseJob(base *model.Plan, job string) (model.TrainingPlan, bool) {
	if base == nil {
		return model.TrainingPlan{}, false
	}
	for _, t := range base.Training {
		if t.Job == job {
			return t, true
		}
	}
	return model.TrainingPlan{}, false
}

// chosenPlacement is a job's placement comparison and the option its
// scenario places it on (false without an on-prem cluster to compare).
func chosenPlacement(p *model.Plan, job string) (model.PlacementPlan, model.PlacementOption, bool) {
	if p == nil {
		return model.PlacementPlan{}, model.PlacementOption{}, false
	}
	for _, pp := range p.Placements {
		if pp.Job != job {
			continue
		}
		for _, o := range pp.Options {
			if o.Placement == pp.Chosen {
				return pp, o, true
			}
		}
	}
	return model.PlacementPlan{}, model.PlacementOption{}, false
}

// placementLabel names a chosen placement: aws, onprem, or the split with
// its share on-prem.
func placementLabel(pp model.PlacementPlan) string {
	if pp.Chosen != model.PlacementSplit {
		return pp.Chosen
	}
	unit := "replicas"
	if pp.SplitBy == model.SplitPipeline {
		unit = "stages"
	}
	return fmt.Sprintf("split, %d of %d %s on-prem", pp.SplitOnPrem, pp.SplitTotal, unit)
}

// isFinite reports a usable figure.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// days formats a duration in days.
func days(v float64) string {
	if !isFinite(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f d", v)
}

// secs formats a duration in seconds with sensible precision.
func secs(v float64) string {
	switch {
	case !isFinite(v):
		return "n/a"
	case v == 0:
		return "0 s"
	case v >= 100:
		return fmt.Sprintf("%.0f s", v)
	case v >= 1:
		return fmt.Sprintf("%.2f s", v)
	case v >= 0.001:
		return fmt.Sprintf("%.3f s", v)
	}
	return fmt.Sprintf("%.2f ms", v*1000)
}

// gib formats a memory figure in GiB.
func gib(v float64) string {
	switch {
	case !isFinite(v):
		return "n/a"
	case v >= 100:
		return fmt.Sprintf("%.0f GiB", v)
	case v >= 10:
		return fmt.Sprintf("%.1f GiB", v)
	}
	return fmt.Sprintf("%.2f GiB", v)
}

// pct formats a fraction as a percentage.
func pct(v float64) string {
	if !isFinite(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// share formats a fraction as a whole percentage, or to a tenth below 10%.
func share(v float64) string {
	if !isFinite(v) {
		return "n/a"
	}
	if p := 100 * v; math.Abs(p) < 9.5 {
		return fmt.Sprintf("%.1f%%", p)
	}
	return fmt.Sprintf("%.0f%%", 100*v)
}

// recomputeText names a recomputation strategy.
func recomputeText(r string) string {
	switch r {
	case "", model.RecomputeNone:
		return "no recompute"
	}
	return r + " recompute"
}

// layoutParts are a layout's parts in a fixed order: degrees, microbatch,
// virtual stages ("" for 1), ZeRO stage, recomputation.
func layoutParts(l model.Layout) []string {
	head := fmt.Sprintf("TP%d PP%d DP%d", l.TP, l.PP, l.DP)
	if l.EP > 1 {
		head += fmt.Sprintf(" EP%d", l.EP)
	}
	v := ""
	if l.VirtualStages > 1 {
		v = fmt.Sprintf("v%d", l.VirtualStages)
	}
	return []string{head, fmt.Sprintf("mb%d", l.Microbatch), v, fmt.Sprintf("ZeRO-%d", l.ZeRO), recomputeText(l.Recompute)}
}

func joinParts(parts []string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

// layoutText is a compact layout: "TP8 PP4 DP16 · mb1 · v2 · ZeRO-1 · no recompute".
func layoutText(l model.Layout) string { return joinParts(layoutParts(l)) }

// layoutWas lists the parts of base that differ from l ("ZeRO-1 · no recompute").
func layoutWas(l, base model.Layout) string {
	cur, old := layoutParts(l), layoutParts(base)
	var diff []string
	for i := range old {
		if old[i] == cur[i] {
			continue
		}
		if old[i] == "" && i == 2 {
			old[i] = "v1"
		}
		diff = append(diff, old[i])
	}
	return joinParts(diff)
}

// archText describes the model shape in one line.
func archText(a model.Architecture, cp model.ComputePlan) string {
	name := a.Name
	if name == "" || name == "default" {
		name = "default shape"
	}
	shape := fmt.Sprintf("%s: %d layers × %d, %d heads", name, a.Layers, a.Hidden, a.Heads)
	if a.KVHeads > 0 && a.KVHeads != a.Heads {
		shape += fmt.Sprintf(" (%d KV)", a.KVHeads)
	}
	if a.MoE() {
		shape += fmt.Sprintf(", %d experts top-%d", a.Experts, max(1, a.ExpertsPerToken))
	}
	shape += fmt.Sprintf(", seq %d", a.SeqLen)
	params := fmt.Sprintf("%.3gB", cp.Parameters/1e9)
	if cp.ActiveParameters > 0 && cp.ActiveParameters < cp.Parameters {
		params += fmt.Sprintf(" (%.3gB active)", cp.ActiveParameters/1e9)
	}
	return shape + " · " + params
}

// stepSegs are the step's terms in drawing order; they add up to the step time.
func (c common) stepSegs(t model.TrainingPlan) []barSeg {
	s := c.Styles
	st := t.Step
	return []barSeg{
		{"compute", st.ComputeS, s.StepCompute},
		{"recompute", st.RecomputeS, s.StepRecompute},
		{"TP comm", st.TPCommS, s.StepTP},
		{"PP bubble", st.PPBubbleS, s.StepBubble},
		{"PP sends", st.PPSendS, s.StepPPSend},
		{"EP all-to-all", st.EPCommS, s.StepEP},
		{"exposed DP", st.DPExposedS, s.StepDP},
		{"I/O stall", t.IOStallS, s.StepIO},
	}
}

// memSegs are one accelerator's memory terms in drawing order.
func (c common) memSegs(m model.Memory) []barSeg {
	s := c.Styles
	return []barSeg{
		{"weights", m.WeightsGiB, s.MemWeights},
		{"gradients", m.GradientsGiB, s.MemGradients},
		{"optimizer", m.OptimizerGiB, s.MemOptimizer},
		{"activations", m.ActivationsGiB, s.MemActivations},
		{"reserved", m.ReservedGiB, s.MemReserved},
	}
}

// wrapIndent wraps plain text to width, every line after the first
// indented like the first.
func wrapIndent(text, indent string, width int) []string {
	lines := wrap(text, width-len([]rune(indent)))
	for i := range lines {
		lines[i] = indent + lines[i]
	}
	return lines
}

// trainingJob draws one job's block of the Training view.
func (c common) trainingJob(t, bt model.TrainingPlan, hasBase bool, w int) string {
	s := c.Styles
	var b strings.Builder
	line := func(text string) { b.WriteString(truncate(text, w) + "\n") }
	dimWrap := func(text, indent string) {
		for _, l := range wrapIndent(text, indent, w) {
			b.WriteString(s.Dim.Render(l) + "\n")
		}
	}
	d := func(cur, base float64, bt better, f func(float64) string) string {
		if !hasBase || !isFinite(cur) || !isFinite(base) {
			return ""
		}
		return "  " + c.delta(cur, base, bt, f)
	}
	const ind = "          "
	line(s.Value.Render(t.Job) + fmt.Sprintf(" · %d × %s · %d accelerators · %s", t.Nodes, t.InstanceType, t.Accelerators, t.Precision))

	// Layout and what the search found.
	lay := layoutText(t.Layout)
	layLine := "  " + s.Label.Render("Layout  ") + lay
	switch {
	case !hasBase || bt.Layout == t.Layout:
		line(layLine)
	case lipgloss.Width(layLine)+lipgloss.Width(layoutWas(t.Layout, bt.Layout))+7 <= w:
		line(layLine + "  " + s.Neutral.Render("(was "+layoutWas(t.Layout, bt.Layout)+")"))
	default:
		line(layLine)
		line(ind + s.Neutral.Render("(was "+layoutWas(t.Layout, bt.Layout)+")"))
	}
	sr := t.Search
	switch best := sr.Best; {
	case best != nil && best.Layout != t.Layout:
		var text string
		switch {
		case !t.Memory.Fits:
			text = fmt.Sprintf("best that fits: %s, %s per step", layoutText(best.Layout), secs(best.StepTimeS))
		case best.SpeedupFraction > 0:
			text = fmt.Sprintf("best: %s would be %s faster and fits", layoutText(best.Layout), share(best.SpeedupFraction))
		default:
			text = fmt.Sprintf("best: %s, %s per step, fits", layoutText(best.Layout), secs(best.StepTimeS))
		}
		for _, l := range wrapIndent(text, ind, w) {
			b.WriteString(s.Info.Render(l) + "\n")
		}
	case best != nil:
		line(s.Good.Render(ind + "✓ the fastest layout that fits"))
	case sr.Searched > 0:
		line(s.Critical.Render(fmt.Sprintf("%s✗ none of the %d layouts searched fits in %s", ind, sr.Searched, gib(t.Memory.CapacityGiB))))
	}

	// MFU: derived, or pinned by the scenario.
	cp := t.Compute
	mfu := pct(cp.MFU)
	if cp.MFUPinned {
		// The pinned MFU sets the compute time; exposed data-parallel
		// communication and the I/O stall come on top of it.
		if st := t.Step; st.ComputeS > 0 && isFinite(st.ComputeS) && isFinite(t.StepTimeS) {
			mfu = pct(cp.MFU*t.StepTimeS/st.ComputeS) + " pinned by the scenario · " + pct(cp.MFU) + " over the whole step"
		} else {
			mfu += " pinned by the scenario"
		}
	} else {
		mfu += fmt.Sprintf(" derived · matmul %.0f%% of %.0f TFLOPS", 100*finite(cp.MatmulEfficiency), finite(cp.PeakTFLOPSPerAccel))
	}
	line("  " + s.Label.Render("MFU     ") + s.Value.Render(mfu) + d(cp.MFU, bt.Compute.MFU, higherIsBetter, nil))
	line("  " + s.Label.Render("Train   ") + s.Value.Render(days(t.TimeToTrainDays)) + d(t.TimeToTrainDays, bt.TimeToTrainDays, lowerIsBetter, nil) +
		" · " + usd(t.RunCost.TotalUSD) + " per run · scaling efficiency " + pct(t.ScalingEfficiency))
	if t.Step.TPSpansNodes {
		line("  " + s.Warning.Render("⚠ the tensor-parallel group spans nodes: its traffic leaves NVLink"))
	}

	mbs := fmt.Sprintf("%d microbatches", t.Step.Microbatches)
	if t.Step.Microbatches == 1 {
		mbs = "1 microbatch"
	}
	b.WriteString("\n" + c.section("Step "+secs(t.StepTimeS)+" · "+mbs) + "\n")
	b.WriteString(c.stepChart(t, bt, hasBase, w) + "\n")

	b.WriteString("\n" + c.section("Memory per accelerator") + "\n")
	b.WriteString(c.memoryChart(t, bt, hasBase, w) + "\n")

	// Details: the model shape, the search, the data-parallel overlap.
	b.WriteString("\n")
	line("  " + s.Label.Render("Model   ") + archText(t.Architecture, t.Compute))
	search := fmt.Sprintf("%d layouts searched, %d fit", sr.Searched, sr.Fitting)
	if sr.Note != "" {
		search += "; " + sr.Note
	}
	dimWrap(search, ind)
	if best := sr.Best; best != nil && best.Layout != t.Layout && best.Change != "" {
		dimWrap("best changes "+best.Change, ind)
	}
	if st := t.Step; st.DPCommS > st.DPExposedS && isFinite(st.DPCommS) {
		dimWrap(fmt.Sprintf("data-parallel reduction %s, of which %s hidden behind backward", secs(st.DPCommS), secs(st.DPCommS-st.DPExposedS)), ind)
	}
	return b.String()
}

// stepRows are a step's stacked-bar row (labelled label, its time and,
// with a baseline, the change) and the baseline's row below it, with both
// rows' segments (bsegs nil without a baseline).
func (c common) stepRows(t, bt model.TrainingPlan, hasBase bool, label string) (rows []stackRow, segs, bsegs []barSeg) {
	segs = c.stepSegs(t)
	suffix := secs(t.StepTimeS)
	if hasBase && isFinite(t.StepTimeS) && isFinite(bt.StepTimeS) {
		suffix += " " + c.delta(t.StepTimeS, bt.StepTimeS, lowerIsBetter, nil)
	}
	rows = []stackRow{{Label: label, Segs: segs, Suffix: suffix}}
	if hasBase {
		bsegs = c.stepSegs(bt)
		rows = append(rows, stackRow{Label: "  baseline", Segs: bsegs, Suffix: secs(bt.StepTimeS)})
	}
	return rows, segs, bsegs
}

// stepChart is the step's stacked bar (with the baseline's below it on the
// same scale) and its legend: every term with its time, share and delta.
func (c common) stepChart(t, bt model.TrainingPlan, hasBase bool, w int) string {
	rows, segs, bsegs := c.stepRows(t, bt, hasBase, "  step    ")
	total := segSum(segs)
	items := make([]legendItem, len(segs))
	for i, sg := range segs {
		it := legendItem{Seg: sg.Seg, Name: sg.Name, Value: secs(sg.Value)}
		switch {
		case hasBase && isFinite(sg.Value) && isFinite(bsegs[i].Value):
			it.Note = c.delta(sg.Value, bsegs[i].Value, lowerIsBetter, nil)
		case total > 0 && isFinite(sg.Value) && sg.Value > 0:
			it.Note = fmt.Sprintf("%3.0f%%", 100*sg.Value/total)
		}
		items[i] = it
	}
	return c.stackRows(rows, w) + "\n" + c.legend(items, w, "  ")
}

// memoryChart is one accelerator's memory as a stacked bar against its HBM
// (the baseline's below on the same scale), its legend, and — when it does
// not fit — the smallest layout changes that do.
func (c common) memoryChart(t, bt model.TrainingPlan, hasBase bool, w int) string {
	s := c.Styles
	m := t.Memory
	status := func(m model.Memory) string {
		if m.Fits {
			return "fits"
		}
		return "does not fit"
	}
	suffix := gib(m.TotalGiB) + " · " + status(m)
	if !m.Fits {
		suffix = s.Critical.Render(suffix)
	}
	if hasBase && isFinite(m.TotalGiB) && isFinite(bt.Memory.TotalGiB) {
		suffix += " " + c.delta(m.TotalGiB, bt.Memory.TotalGiB, lowerIsBetter, nil)
	}
	segs := c.memSegs(m)
	rows := []stackRow{{Label: "  memory  ", Segs: segs, Marker: m.CapacityGiB, Suffix: suffix}}
	var bsegs []barSeg
	if hasBase {
		bsegs = c.memSegs(bt.Memory)
		rows = append(rows, stackRow{Label: "  baseline", Segs: bsegs, Marker: bt.Memory.CapacityGiB, Suffix: gib(bt.Memory.TotalGiB) + " · " + status(bt.Memory)})
	}
	items := make([]legendItem, len(segs))
	for i, sg := range segs {
		it := legendItem{Seg: sg.Seg, Name: sg.Name, Value: gib(sg.Value)}
		if hasBase && isFinite(sg.Value) && isFinite(bsegs[i].Value) {
			it.Note = c.delta(sg.Value, bsegs[i].Value, lowerIsBetter, nil)
		}
		items[i] = it
	}
	var b strings.Builder
	b.WriteString(c.stackRows(rows, w) + "\n")
	b.WriteString(c.legend(items, w, "  ") + "\n")
	hbm := fmt.Sprintf("  %s HBM capacity %s   %s unused   ", s.MemCapacity.Render(1), gib(m.CapacityGiB), s.MemFree.Render(1))
	if m.Fits {
		switch {
		case m.CapacityGiB > 0 && isFinite(m.TotalGiB):
			b.WriteString(truncate(hbm+s.Good.Render(fmt.Sprintf("✓ fits, %s to spare", gib(m.CapacityGiB-m.TotalGiB))), w))
		default:
			b.WriteString(s.Dim.Render(truncate("  HBM capacity unknown: fit not checked", w)))
		}
		return b.String()
	}
	b.WriteString(truncate(hbm+s.Critical.Render(fmt.Sprintf("✗ does not fit: %s over", gib(m.TotalGiB-m.CapacityGiB))), w))
	fc := t.Search.FitChanges
	if len(fc) == 0 {
		b.WriteString("\n" + s.Dim.Render(truncate("  no layout change fits: a larger-memory instance or more nodes", w)))
		return b.String()
	}
	b.WriteString("\n  smallest changes that fit:")
	for _, o := range fc {
		for _, l := range wrapIndent(fmt.Sprintf("· %s → %s, %s per step", o.Change, gib(o.MemoryGiB), secs(o.StepTimeS)), "    ", w) {
			b.WriteString("\n" + l)
		}
	}
	return b.String()
}

// trainingSummary is the Overview's training block: time to train, cost
// per run, scaling efficiency, the step as a stacked bar of its terms and
// the memory fit; the Training view has the detail.
func (c common) trainingSummary(ss *session, width int) string {
	jobs := ss.plan.Training
	if len(jobs) == 0 {
		return ""
	}
	s := c.Styles
	var b strings.Builder
	b.WriteString("\n" + c.section("Training") + "\n")
	for _, t := range jobs {
		bt, hasBase := baseJob(ss.baseline, t.Job)
		d := func(cur, base float64, bt better, f func(float64) string) string {
			if !hasBase || !isFinite(cur) || !isFinite(base) {
				return ""
			}
			return "  " + c.delta(cur, base, bt, f)
		}
		b.WriteString(truncate(fmt.Sprintf("  %s · %d × %s · %d accelerators", s.Value.Render(t.Job), t.Nodes, t.InstanceType, t.Accelerators), width) + "\n")
		if pp, po, ok := chosenPlacement(&ss.plan, t.Job); ok {
			line := "  " + padRight("Placement", 22) + s.Value.Render(placementLabel(pp)) + fmt.Sprintf(" · %s · %s per run", days(po.TimeToTrainDays), usd(po.TotalUSD))
			b.WriteString(truncate(line, width) + "\n")
			if bpp, bpo, ok := chosenPlacement(ss.baseline, t.Job); ok {
				line = "  " + padRight("", 22)
				if was := placementLabel(bpp); was != placementLabel(pp) {
					line += "was " + was + ": "
				}
				line += c.delta(po.TimeToTrainDays, bpo.TimeToTrainDays, lowerIsBetter, days) + " · " + c.delta(po.TotalUSD, bpo.TotalUSD, lowerIsBetter, usd)
				b.WriteString(truncate(line, width) + "\n")
			}
		}
		b.WriteString("  " + padRight("Time to train", 22) + padLeft(s.Value.Render(days(t.TimeToTrainDays)), 14) + d(t.TimeToTrainDays, bt.TimeToTrainDays, lowerIsBetter, days) + "\n")
		b.WriteString("  " + padRight("Cost per run", 22) + padLeft(s.Value.Render(usd(t.RunCost.TotalUSD)), 14) + d(t.RunCost.TotalUSD, bt.RunCost.TotalUSD, lowerIsBetter, usd) + "\n")
		b.WriteString("  " + padRight("Scaling efficiency", 22) + padLeft(s.Value.Render(pct(t.ScalingEfficiency)), 14) + d(t.ScalingEfficiency, bt.ScalingEfficiency, higherIsBetter, nil) + "\n")
		b.WriteString(c.stepBar(t, bt, hasBase, width) + "\n")
		mem := "  " + padRight("HBM per accelerator", 22) + padLeft(s.Value.Render(gib(t.Memory.TotalGiB)), 14) + " of " + gib(t.Memory.CapacityGiB) + " · "
		if t.Memory.Fits {
			mem += s.Good.Render("fits")
		} else {
			mem += s.Critical.Render("does not fit (7 Training)")
		}
		b.WriteString(truncate(mem+d(t.Memory.TotalGiB, bt.Memory.TotalGiB, lowerIsBetter, nil), width) + "\n")
	}
	return b.String()
}

// stepBar draws one step's time as a stacked bar of its terms, with a
// baseline's bar below it on the same scale, and a legend of the terms
// that take time.
func (c common) stepBar(t, bt model.TrainingPlan, hasBase bool, width int) string {
	rows, segs, _ := c.stepRows(t, bt, hasBase, "  step")
	var parts []string
	for _, sg := range segs {
		if finite(sg.Value) > 0 {
			parts = append(parts, sg.Seg.Render(1)+" "+sg.Name+" "+secs(sg.Value))
		}
	}
	return c.stackRows(rows, width) + "\n" + strings.Join(wrapStyled(parts, " · ", width-2, "  "), "\n")
}

// wrapStyled joins (possibly styled) items with sep into lines of at most
// width cells, each line prefixed with indent.
func wrapStyled(items []string, sep string, width int, indent string) []string {
	var lines []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case lipgloss.Width(cur)+lipgloss.Width(sep)+lipgloss.Width(it) <= width:
			cur += sep + it
		default:
			lines = append(lines, indent+cur)
			cur = it
		}
	}
	if cur != "" {
		lines = append(lines, indent+cur)
	}
	for i, l := range lines {
		lines[i] = truncate(l, width+len([]rune(indent)))
	}
	return lines
}

// trainingFigure is the key-figures entry for training: the first job's
// time to train and its delta.
func (c common) trainingFigure(ss *session) []string {
	if len(ss.plan.Training) == 0 {
		return nil
	}
	t := ss.plan.Training[0]
	out := "train " + days(t.TimeToTrainDays)
	bt, ok := baseJob(ss.baseline, t.Job)
	if ok && isFinite(t.TimeToTrainDays) && isFinite(bt.TimeToTrainDays) {
		out += " " + c.delta(t.TimeToTrainDays, bt.TimeToTrainDays, lowerIsBetter, nil)
	}
	run := "run " + usd(t.RunCost.TotalUSD)
	if ok && isFinite(t.RunCost.TotalUSD) && isFinite(bt.RunCost.TotalUSD) {
		run += " " + c.delta(t.RunCost.TotalUSD, bt.RunCost.TotalUSD, lowerIsBetter, nil)
	}
	return []string{out, run}
}
