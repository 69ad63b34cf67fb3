package planner

import (
	"fmt"
	"maps"
	"math"
	"sort"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// DefaultBand is the relative half-width topoplan gives a catalog figure
// that carries no low/high of its own, by confidence: a derived figure
// (fitted to a measurement) ±10 %, a third-party figure ±15 %, an estimate
// ±25 %; a confirmed or user figure has no band unless one is written.
// These are topoplan's conventions (docs/model.md), shown as the source of
// every band they produce; a catalog "low"/"high" replaces them.
var DefaultBand = map[string]float64{
	model.ConfidenceDerived:    0.10,
	model.ConfidenceThirdParty: 0.15,
	model.ConfidenceEstimate:   0.25,
}

// UncertainInput is one uncertain input with its range.
type UncertainInput struct {
	// Name says what the input is, e.g. "matmul_efficiency (H100, bf16)".
	Name string `json:"name"`
	// Kind is "scenario" (a range written in the scenario), "catalog" (a
	// catalog constant or efficiency) or "price" (a cost line's unit price).
	Kind string `json:"kind"`
	// Low, Typical and High are the input's values in Unit.
	Low     float64 `json:"low"`
	Typical float64 `json:"typical"`
	High    float64 `json:"high"`
	Unit    string  `json:"unit"`
	// Source says where the range comes from.
	Source string `json:"source"`
	// Confidence is the typical value's confidence.
	Confidence string `json:"confidence,omitempty"`

	apply func(s *model.Scenario, cat *model.Catalog, v float64) // scenario/catalog inputs
	line  *model.CostLine                                        // price inputs
}

// Swing is how far one input moves the headline figures, each evaluated
// with the input at its low and at its high end, everything else typical.
type Swing struct {
	UncertainInput
	// DaysAtLow … MonthlyAtHigh are the figures at the input's two ends.
	DaysAtLow     float64 `json:"time_to_train_days_at_low"`
	DaysAtHigh    float64 `json:"time_to_train_days_at_high"`
	RunAtLow      float64 `json:"run_cost_usd_at_low"`
	RunAtHigh     float64 `json:"run_cost_usd_at_high"`
	MonthlyAtLow  float64 `json:"monthly_cost_usd_at_low"`
	MonthlyAtHigh float64 `json:"monthly_cost_usd_at_high"`
	// Rank is the largest of the three relative swings (|high − low| /
	// typical), by which the tornado is sorted.
	Rank float64 `json:"rank"`
}

// Band is a figure's typical value with its low and high.
type Band struct {
	Low     float64 `json:"low"`
	Typical float64 `json:"typical"`
	High    float64 `json:"high"`
	Unit    string  `json:"unit"`
}

// Uncertainty is a plan's bands and tornado for one training job.
type Uncertainty struct {
	Job string `json:"job"`
	// Days, RunCost and Monthly are the time to train, the cost per run and
	// the monthly run-rate with their bands.
	Days    Band `json:"time_to_train_days"`
	RunCost Band `json:"run_cost_usd"`
	Monthly Band `json:"monthly_cost_usd"`
	// UnconfirmedMonthlyUSD is the part of the typical run-rate priced from
	// figures not confirmed against AWS's price list.
	UnconfirmedMonthlyUSD float64 `json:"unconfirmed_monthly_usd"`
	// Tornado lists every input, the one that moves a figure most first.
	Tornado []Swing `json:"tornado"`
	// Method states how the bands and the tornado were computed.
	Method string `json:"method"`
	// Plan is the typical plan the bands are around: Evaluate of the
	// scenario, set whenever the scenario has a training job (eval prints
	// it, so it is not evaluated twice).
	Plan model.Plan `json:"-"`
}

// UncertaintyMethod is the method sentence shown with every band.
const UncertaintyMethod = "tornado: one input at a time at its low and high, every other input typical; band: every input at the end that raises the figure (adverse) and at the end that lowers it (favourable), together, each figure on its own"

// Uncertain evaluates the document's scenario at the low and high end of
// every uncertain input: ranges written in the scenario (Document.Ranges),
// the job's matmul efficiency and the catalog's communication and link
// efficiencies (catalog low/high, else DefaultBand by confidence), and the
// unit price of every cost line not confirmed against AWS's price list.
// job names the training job ("" = the first). Prices enter linearly, so
// their effect is computed from the typical plan's lines, not re-evaluated.
func Uncertain(doc *Document, cat *model.Catalog, job string, opt Options) (Uncertainty, error) {
	s := doc.Scenario
	ji := -1
	for i, j := range s.Workloads.Training {
		if j.Name == job || job == "" && i == 0 {
			ji = i
		}
	}
	if ji < 0 {
		if len(s.Workloads.Training) == 0 {
			return Uncertainty{}, fmt.Errorf("the scenario has no training job")
		}
		return Uncertainty{}, fmt.Errorf("no training job %q", job)
	}
	// The layout is part of the design: every re-evaluation keeps the
	// layout the search picks at the typical values (it reads the typical
	// plan's layout searches; the step, memory and costs are computed afresh
	// at the input's value), so a band is the chosen design's, not a
	// re-tuned one's, and no re-evaluation searches again.
	//
	// The re-evaluations run one after the other: each is a figures-only
	// evaluation of some tens of microseconds, and in a fresh process
	// (`topoplan eval`) goroutines on other processors cost more than they
	// save: their stacks and per-processor allocation caches touch fresh
	// memory (BenchmarkStartup in cmd/topoplan measured the parallel version
	// slower).
	seed := layoutCache{}
	o := opt
	o.layouts = seed
	base := Evaluate(s, cat, o)
	u := Uncertainty{Job: s.Workloads.Training[ji].Name, Method: UncertaintyMethod, Plan: base}
	ti := trainingIndex(base, u.Job)
	if ti < 0 {
		return u, fmt.Errorf("training job %s is not modelled", u.Job)
	}
	// A re-evaluation computes only the figures the bands read (Options'
	// figuresOnly), holding the typical plan's layout searches. One that
	// changes only catalog model constants (Kind "catalog": efficiencies,
	// overlaps) keeps the typical run-rate, which is priced from the
	// scenario and the catalog's prices alone (TestFiguresOnlyMatchesEvaluate
	// checks it against a full evaluation).
	evaluate := func(s model.Scenario, c *model.Catalog, scenarioMoved bool) model.Plan {
		o := opt
		o.layouts, o.held, o.figuresOnly = nil, seed, true
		if !scenarioMoved {
			o.monthly = &base.MonthlyCost
		}
		return Evaluate(s, c, o)
	}
	figs := func(p model.Plan) (days, run, month float64) {
		if k := trainingIndex(p, u.Job); k >= 0 {
			days, run = p.Training[k].TimeToTrainDays, p.Training[k].RunCost.TotalUSD
		}
		return days, run, p.MonthlyCost.TotalUSD
	}
	d0, r0, m0 := figs(base)
	u.UnconfirmedMonthlyUSD = base.MonthlyCost.UnconfirmedUSD
	inputs := uncertainInputs(doc, cat, base, ti)
	// Inputs that are not a price line move the model: evaluate each at its
	// two ends.
	type ends struct{ d, r, m [2]float64 }
	evaluated := make([]ends, len(inputs))
	for i, in := range inputs {
		if in.line != nil {
			continue
		}
		for end, v := range []float64{in.Low, in.High} {
			s2, c2 := s, shallowCatalog(cat)
			in.apply(&s2, c2, v)
			evaluated[i].d[end], evaluated[i].r[end], evaluated[i].m[end] = figs(evaluate(s2, c2, in.Kind != "catalog"))
		}
	}
	for i, in := range inputs {
		sw := Swing{UncertainInput: in}
		if in.line != nil {
			// Linear in the unit price: monthly moves by the line's share; the
			// run cost by the instance lines' share (instances × time).
			f := func(v float64) (float64, float64) {
				dm := in.line.Quantity * (v - in.Typical)
				dr := 0.0
				tp := base.Training[ti]
				switch {
				case in.line.Category == model.CostEC2 && strings.HasPrefix(in.line.Item, tp.Cluster+":") && in.Typical > 0:
					dr = tp.RunCost.InstancesUSD * (v/in.Typical - 1)
				case in.line.Category == model.CostStorage && (strings.HasPrefix(in.line.Item, "S3 Standard") ||
					strings.HasPrefix(in.line.Item, "FSx for Lustre") && fsxInRunCost(s, tp.Cluster)):
					// The run pays storage for its duration (runCost): GB-months × hours / 730.
					dr = dm * tp.TimeToTrainHours / model.HoursPerMonth
				}
				return dm, dr
			}
			dmL, drL := f(in.Low)
			dmH, drH := f(in.High)
			sw.DaysAtLow, sw.DaysAtHigh = d0, d0
			sw.RunAtLow, sw.RunAtHigh = r0+drL, r0+drH
			sw.MonthlyAtLow, sw.MonthlyAtHigh = m0+dmL, m0+dmH
		} else {
			e := evaluated[i]
			sw.DaysAtLow, sw.RunAtLow, sw.MonthlyAtLow = e.d[0], e.r[0], e.m[0]
			sw.DaysAtHigh, sw.RunAtHigh, sw.MonthlyAtHigh = e.d[1], e.r[1], e.m[1]
		}
		rel := func(a, b, t float64) float64 {
			if t == 0 {
				return 0
			}
			return math.Abs(b-a) / t
		}
		sw.Rank = math.Max(rel(sw.DaysAtLow, sw.DaysAtHigh, d0), math.Max(rel(sw.RunAtLow, sw.RunAtHigh, r0), rel(sw.MonthlyAtLow, sw.MonthlyAtHigh, m0)))
		u.Tornado = append(u.Tornado, sw)
	}
	sort.SliceStable(u.Tornado, func(i, j int) bool { return u.Tornado[i].Rank > u.Tornado[j].Rank })

	// Bands: per figure, every input at its adverse end, then every input at
	// its favourable end, evaluated together. The six combinations often
	// coincide (the inputs that lengthen the run also raise its cost; none
	// moves the run-rate but prices): each distinct one is evaluated once,
	// and one that moves no model input is the base plan.
	type combo struct {
		s       model.Scenario
		c       *model.Catalog
		d, r, m float64
	}
	type bandEnd struct {
		combo   *combo
		delta   float64 // price lines' share, linear and independent of the rest
		which   int
		adverse bool
	}
	picks := []func(Swing) (lo, hi float64){
		func(sw Swing) (float64, float64) { return sw.DaysAtLow, sw.DaysAtHigh },
		func(sw Swing) (float64, float64) { return sw.RunAtLow, sw.RunAtHigh },
		func(sw Swing) (float64, float64) { return sw.MonthlyAtLow, sw.MonthlyAtHigh },
	}
	typs := []float64{d0, r0, m0}
	combos := map[string]*combo{"": {d: d0, r: r0, m: m0}}
	var bandEnds []bandEnd
	for which, pick := range picks {
		for _, adverse := range []bool{true, false} {
			e := bandEnd{which: which, adverse: adverse}
			var key strings.Builder
			var apply []func(*model.Scenario, *model.Catalog)
			moved := false
			for i, sw := range u.Tornado {
				lo, hi := pick(sw)
				if lo == hi {
					continue
				}
				useHigh := hi > lo
				if !adverse {
					useHigh = !useHigh
				}
				if sw.line != nil {
					at := lo
					if useHigh {
						at = hi
					}
					e.delta += at - typs[which]
					continue
				}
				v := sw.Low
				if useHigh {
					v = sw.High
				}
				fmt.Fprintf(&key, "%d=%g;", i, v)
				apply = append(apply, func(s *model.Scenario, c *model.Catalog) { sw.apply(s, c, v) })
				moved = moved || sw.Kind != "catalog"
			}
			cb, ok := combos[key.String()]
			if !ok {
				cb = &combo{s: s, c: shallowCatalog(cat)}
				for _, f := range apply {
					f(&cb.s, cb.c)
				}
				combos[key.String()] = cb
				cb.d, cb.r, cb.m = figs(evaluate(cb.s, cb.c, moved))
			}
			e.combo = cb
			bandEnds = append(bandEnds, e)
		}
	}
	bands := [3]Band{{Low: d0, Typical: d0, High: d0, Unit: "days"}, {Low: r0, Typical: r0, High: r0, Unit: "USD"}, {Low: m0, Typical: m0, High: m0, Unit: "USD/month"}}
	for _, e := range bandEnds {
		val := []float64{e.combo.d, e.combo.r, e.combo.m}[e.which]
		if e.which > 0 {
			// A price does not move the time; its share adds to the
			// re-evaluated cost.
			val += e.delta
		}
		if e.adverse {
			bands[e.which].High = math.Max(typs[e.which], val)
		} else {
			bands[e.which].Low = math.Min(typs[e.which], val)
		}
	}
	u.Days, u.RunCost, u.Monthly = bands[0], bands[1], bands[2]
	if u.Tornado == nil {
		u.Tornado = []Swing{}
	}
	return u, nil
}

// fsxInRunCost says whether the file system is in the job's run cost (it
// feeds the job's cluster: runCost, storageServes).
func fsxInRunCost(s model.Scenario, cluster string) bool {
	sd := ApplyDefaults(s, &model.Catalog{})
	c, ok := clusterByName(sd, cluster)
	return ok && storageServes(sd, c)
}

func trainingIndex(p model.Plan, job string) int {
	for i, tp := range p.Training {
		if tp.Job == job {
			return i
		}
	}
	return -1
}

// shallowCatalog copies the catalog's top level: an input's apply copies
// the map it changes before writing to it (copy on write), so an input's
// value never leaks into cat, and inputs that change no catalog figure copy
// nothing more.
func shallowCatalog(cat *model.Catalog) *model.Catalog {
	c := *cat
	return &c
}

// bandOf is a catalog figure's range: its own low/high when the catalog
// gives them, else DefaultBand by confidence (ok false: no band).
func bandOf(k model.Constant, lo, hi float64) (low, high float64, source string, ok bool) {
	if k.Low > 0 || k.High > 0 {
		src := "catalog range (" + firstString(k.RangeSource, k.URL) + ")"
		if k.RangeNote != "" {
			src += ": " + k.RangeNote
		}
		return k.Low, k.High, src, k.Low <= k.Value && k.Value <= k.High
	}
	w, has := DefaultBand[k.Confidence]
	if !has || k.Value == 0 {
		return 0, 0, "", false
	}
	low, high = math.Max(lo, k.Value*(1-w)), math.Min(hi, k.Value*(1+w))
	return low, high, fmt.Sprintf("±%.0f%% topoplan default band for %s figure (docs/model.md); value from %s", 100*w, article(k.Confidence), k.URL), true
}

func uncertainInputs(doc *Document, cat *model.Catalog, base model.Plan, ti int) []UncertainInput {
	var out []UncertainInput
	s := doc.Scenario
	// Ranges written in the scenario.
	for _, r := range doc.Ranges {
		path := r.Path
		out = append(out, UncertainInput{Name: path, Kind: "scenario", Low: r.Low, Typical: r.Typical, High: r.High,
			Source: fmt.Sprintf("scenario range, line %d", r.Line), Confidence: model.ConfidenceUser,
			apply: func(s *model.Scenario, _ *model.Catalog, v float64) {
				if s2, err := SetField(*s, path, fmt.Sprintf("%g", v)); err == nil {
					*s = s2
				}
			}})
	}
	ranged := map[string]bool{}
	for _, r := range doc.Ranges {
		ranged[r.Path] = true
	}
	tp := base.Training[ti]
	job := s.Workloads.Training[slicesIndexJob(s, tp.Job)]
	// The job's matmul efficiency (unless MFU is pinned, which replaces it).
	if job.MFU == 0 {
		if gen, acc, ok := cat.AcceleratorFor(tp.InstanceType); ok {
			key := model.PrecisionBF16
			if tp.Precision == model.PrecisionFP8 {
				if _, has := acc.MatmulEfficiency[model.PrecisionFP8]; has {
					key = model.PrecisionFP8
				}
			}
			if k, has := acc.MatmulEfficiency[key]; has {
				if lo, hi, src, ok := bandOf(k, 0, 1); ok {
					out = append(out, UncertainInput{Name: "matmul_efficiency (" + gen + ", " + key + ")", Kind: "catalog", Low: lo, Typical: k.Value, High: hi, Unit: k.Unit,
						Source: src, Confidence: k.Confidence,
						apply: func(_ *model.Scenario, c *model.Catalog, v float64) {
							c.Accelerators = maps.Clone(c.Accelerators)
							a := c.Accelerators[gen]
							a.MatmulEfficiency = maps.Clone(a.MatmulEfficiency)
							kk := a.MatmulEfficiency[key]
							kk.Value = v
							a.MatmulEfficiency[key] = kk
							c.Accelerators[gen] = a
						}})
				}
			}
		}
	}
	constant := func(name string) {
		k, ok := cat.Constants[name]
		if !ok {
			return
		}
		lo, hi, src, ok := bandOf(k, 0, 1)
		if !ok {
			return
		}
		out = append(out, UncertainInput{Name: name, Kind: "catalog", Low: lo, Typical: k.Value, High: hi, Unit: k.Unit, Source: src, Confidence: k.Confidence,
			apply: func(_ *model.Scenario, c *model.Catalog, v float64) {
				c.Constants = maps.Clone(c.Constants)
				kk := c.Constants[name]
				kk.Value = v
				c.Constants[name] = kk
			}})
	}
	if job.OverlapFraction == nil && !ranged[fmt.Sprintf("workloads.training[%d].overlap_fraction", slicesIndexJob(s, tp.Job))] {
		constant(cOverlap.name)
	}
	constant(cTPOverlap.name)
	if tp.Nodes > 1 {
		constant(cEFAFraction.name)
	}
	constant(cNVFraction.name)
	hasDX, hasVPN := false, false
	for _, l := range s.Links {
		hasDX = hasDX || l.Type == model.LinkDXDedicated || l.Type == model.LinkDXHosted
		hasVPN = hasVPN || l.Type == model.LinkVPN
	}
	if hasDX {
		constant(cDXEfficiency.name)
	}
	if hasVPN {
		constant(cVPNEfficiency.name)
	}
	// Unit prices not confirmed against AWS's price list.
	for i := range base.MonthlyCost.Lines {
		l := &base.MonthlyCost.Lines[i]
		w, has := DefaultBand[l.Confidence]
		if !has || l.MonthlyUSD == 0 || l.Quantity == 0 {
			continue
		}
		out = append(out, UncertainInput{Name: "price: " + l.Item, Kind: "price", Low: l.UnitPriceUSD * (1 - w), Typical: l.UnitPriceUSD, High: l.UnitPriceUSD * (1 + w),
			Unit: "USD per " + strings.TrimSuffix(l.QuantityUnit, "s"), Confidence: l.Confidence, line: l,
			Source: fmt.Sprintf("±%.0f%% topoplan default band for %s price (docs/model.md); price from %s", 100*w, article(l.Confidence), l.Source)})
	}
	return out
}

func slicesIndexJob(s model.Scenario, name string) int {
	for i, j := range s.Workloads.Training {
		if j.Name == name {
			return i
		}
	}
	return 0
}

// article puts "a" or "an" before a confidence word.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}
