package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/NimbleMarkets/ntcharts/canvas"
	tea "github.com/charmbracelet/bubbles/key"
	bt "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// Messages of the what-if actions; each carries the session generation it
// was started at, so a result that arrives after a further edit is dropped.
type (
	// optimisedMsg carries the optimiser's proposal.
	optimisedMsg struct {
		gen int
		res planner.OptimizeResult
		err error
	}
	// sweptMsg carries a one-field sweep.
	sweptMsg struct {
		gen  int
		path string
		pts  []planner.SweepPoint
		err  error
	}
)

// optimiseCmd runs the optimiser off the key path: the cheapest plan that
// trains the first job no slower than deadline days.
func optimiseCmd(gen int, s model.Scenario, cat *model.Catalog, deadline float64) bt.Cmd {
	return func() bt.Msg {
		res, err := planner.Optimize(s, cat, planner.OptimizeSpec{DeadlineDays: deadline})
		return optimisedMsg{gen: gen, res: res, err: err}
	}
}

// sweepCmd evaluates the scenario at each value of the field, off the key path.
func sweepCmd(gen int, s model.Scenario, cat *model.Catalog, path string, values []string, opt planner.Options) bt.Cmd {
	return func() bt.Msg {
		pts, err := planner.Sweep(s, cat, path, values, opt)
		return sweptMsg{gen: gen, path: path, pts: pts, err: err}
	}
}

// startOptimise launches the optimiser with the current time to train as
// the deadline: "the cheapest plan at least as fast as this one".
func (m Model) startOptimise() (Model, bt.Cmd) {
	if m.ss.stale {
		m.setStatus("fix the errors before optimising", true)
		return m, nil
	}
	if len(m.ss.plan.Training) == 0 {
		m.setStatus("optimise needs a training job", true)
		return m, nil
	}
	d := m.ss.plan.Training[0].TimeToTrainDays
	m.setStatus(fmt.Sprintf("optimising: the cheapest plan that trains %s within %.1f days…", m.ss.plan.Training[0].Job, d), false)
	return m, optimiseCmd(m.ss.gen, cloneScenario(m.ss.scen), m.ss.cat, d)
}

// optimised applies a proposal as the what-if against a baseline (the
// state before it, pinned unless one is pinned already).
func (m Model) optimised(msg optimisedMsg) (Model, bt.Cmd) {
	switch {
	case msg.gen != m.ss.gen:
		m.setStatus("the scenario changed while optimising: press o again", true)
	case msg.err != nil:
		m.setStatus(msg.err.Error(), true)
	case msg.res.Best == nil:
		m.setStatus("no better plan: "+msg.res.Why, true)
	default:
		s, _ := msg.res.Scenario()
		if m.ss.baseline == nil {
			m.ss.PinBaseline()
		}
		m.ss.apply(s)
		m.setStatus("proposed (▲/▼ against the baseline; u undoes): "+msg.res.Why, false)
	}
	return m, nil
}

// sweepValues are the field's neighbours as the editor steps them: three
// steps down, the value, three steps up (duplicates dropped).
func sweepValues(f field, s model.Scenario, cat *model.Catalog) []string {
	cur, _ := f.Value(&s)
	down, up := []string{}, []string{}
	for _, dir := range []int{-1, 1} {
		st := cloneScenario(s)
		for range 3 {
			if f.Step(&st, cat, dir) != nil {
				break
			}
			v, _ := f.Value(&st)
			if dir < 0 {
				down = append([]string{v}, down...)
			} else {
				up = append(up, v)
			}
		}
	}
	out := []string{}
	seen := map[string]bool{}
	for _, v := range append(append(down, cur), up...) {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// startSweep sweeps the numeric field under the editor's cursor.
func (m Model) startSweep() (Model, bt.Cmd) {
	f, ok := m.editor.current()
	if !ok || m.ss.stale {
		m.setStatus("put the editor's cursor on a numeric field of a valid scenario to sweep it", true)
		return m, nil
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(valueText(f, m.ss.scen)), 64); err != nil {
		m.setStatus(f.Path+" is not a number: sweeps take numeric fields", true)
		return m, nil
	}
	vals := sweepValues(f, m.ss.scen, m.ss.cat)
	if len(vals) < 2 {
		m.setStatus(f.Path+" cannot be stepped: nothing to sweep", true)
		return m, nil
	}
	m.setStatus("sweeping "+f.Path+" over "+strings.Join(vals, ", ")+"…", false)
	return m, sweepCmd(m.ss.gen, cloneScenario(m.ss.scen), m.ss.cat, f.Path, vals, planner.Options{Now: m.ss.now})
}

func valueText(f field, s model.Scenario) string {
	v, _ := f.Value(&s)
	return v
}

// swept opens the Sweep view on a sweep's result.
func (m Model) swept(msg sweptMsg) (Model, bt.Cmd) {
	switch {
	case msg.gen != m.ss.gen:
		m.setStatus("the scenario changed while sweeping: press w again", true)
	case msg.err != nil:
		m.setStatus(msg.err.Error(), true)
	default:
		cur := valueText(fieldByPath(m.ss, msg.path), m.ss.scen)
		sw := sweepView{path: msg.path, pts: msg.pts}
		for i, p := range msg.pts {
			if p.Value == cur {
				sw.cursor = i
			}
		}
		m.sweep, m.mode = sw, modeSweep
		m.editorFocus = false
		m.editorOpen = m.editorBeside()
		m.layout()
		m.setStatus("sweep of "+msg.path+": ↑/↓ pick a point, enter applies it as the what-if, esc back", false)
	}
	return m, nil
}

func fieldByPath(ss *session, path string) field {
	for _, f := range scenarioFields(&ss.scen) {
		if f.Path == path {
			return f
		}
	}
	return field{}
}

// sweepKey handles keys in the Sweep view.
func (m Model) sweepKey(msg bt.KeyMsg) (Model, bt.Cmd) {
	k := m.c.Keys
	switch {
	case tea.Matches(msg, k.Quit):
		return m.quit()
	case m.sweep.two:
		return m.heatKey(msg)
	case tea.Matches(msg, k.AddField):
		m.mode = modeNormal
		m.editorOpen, m.editorFocus = true, true
		m.layout()
		m.setStatus("move to a second numeric field and press W to sweep it against "+m.sweep.path, false)
	case tea.Matches(msg, k.Up):
		m.sweep.cursor = max(0, m.sweep.cursor-1)
	case tea.Matches(msg, k.Down):
		m.sweep.cursor = min(len(m.sweep.pts)-1, m.sweep.cursor+1)
	case tea.Matches(msg, k.Cancel):
		m.mode = modeNormal
	case tea.Matches(msg, k.Accept):
		p := m.sweep.pts[m.sweep.cursor]
		if p.Invalid != "" {
			m.setStatus(m.sweep.path+" = "+p.Value+" is invalid: "+p.Invalid, true)
			return m, nil
		}
		s, err := planner.SetField(m.ss.scen, m.sweep.path, p.Value)
		if err != nil {
			m.setStatus(err.Error(), true)
			return m, nil
		}
		m.applyWhatIf(s, m.sweep.path+" = "+p.Value)
	}
	return m, nil
}

// applyWhatIf applies s, a swept point, as the what-if against the pinned
// baseline (pinned now if it was not), leaves the sweep and says what was
// applied.
func (m *Model) applyWhatIf(s model.Scenario, what string) {
	if m.ss.baseline == nil {
		m.ss.PinBaseline()
	}
	m.ss.apply(s)
	m.mode = modeNormal
	m.setStatus("applied "+what+" as the what-if (▲/▼ against the baseline; u undoes)", false)
}

// sweepView is the Sweep view: a one-field sweep's cost per run and time to
// train drawn against the value, and its points to pick from.
type sweepView struct {
	path   string
	pts    []planner.SweepPoint
	cursor int
	// two says the view is a two-field heat map (see heatmap.go): cursor
	// is then the row (a value of path), col the column (a value of the
	// second field), grids the time to train and the cost per run.
	two    bool
	col    int
	metric int
	grids  [2]planner.SweepGrid
}

func figureValue(figs []planner.Figure, prefix string) (float64, bool) {
	for _, f := range figs {
		if f.Key == prefix || strings.HasPrefix(f.Key, prefix+".") {
			return f.Value, true
		}
	}
	return 0, false
}

// View draws the sweep at width × height.
func (sv sweepView) View(c common, width, height int) string {
	if sv.two {
		return sv.heatView(c, width)
	}
	s := c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Sweep of "+sv.path) + "\n")
	var cost, days []canvas.Float64Point
	for _, p := range sv.pts {
		x, err := strconv.ParseFloat(p.Value, 64)
		if err != nil || p.Invalid != "" {
			continue
		}
		if v, ok := figureValue(p.Figures, "run_cost_usd"); ok {
			cost = append(cost, canvas.Float64Point{X: x, Y: v / 1e6})
		}
		if v, ok := figureValue(p.Figures, "time_to_train_days"); ok {
			days = append(days, canvas.Float64Point{X: x, Y: v})
		}
	}
	chartH := max(4, min(10, (height-len(sv.pts)-6)/2))
	label := func(_ int, v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	if len(cost) > 1 {
		b.WriteString(s.Dim.Render("Cost per run (million USD)") + "\n")
		b.WriteString(c.lineChart(cost, nil, max(20, width-2), chartH, label, 0, 0) + "\n")
	}
	if len(days) > 1 {
		b.WriteString(s.Dim.Render("Time to train (days)") + "\n")
		b.WriteString(c.lineChart(days, nil, max(20, width-2), chartH, label, 0, 0) + "\n")
	}
	rows := [][]string{{"", sv.path, "TIME TO TRAIN", "COST PER RUN", "RUN-RATE", "FINDINGS"}}
	for i, p := range sv.pts {
		mark := " "
		if i == sv.cursor {
			mark = "▸"
		}
		if p.Invalid != "" {
			rows = append(rows, []string{mark, p.Value, "-", "-", "-", "invalid: " + p.Invalid})
			continue
		}
		d, _ := figureValue(p.Figures, "time_to_train_days")
		r, _ := figureValue(p.Figures, "run_cost_usd")
		mo, _ := figureValue(p.Figures, "monthly_cost_usd")
		rows = append(rows, []string{mark, p.Value, fmt.Sprintf("%.1f days", d), "$" + model.FormatUSD(r, 0), "$" + model.FormatUSD(mo, 0) + "/mo",
			fmt.Sprintf("%d critical, %d warning", p.Findings[model.SeverityCritical], p.Findings[model.SeverityWarning])})
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r[:len(r)-1] { // the last column is cut at the width
			widths[i] = max(widths[i], len([]rune(cell)))
		}
	}
	for ri, r := range rows {
		var line strings.Builder
		for i, cell := range r {
			line.WriteString(cell)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-len([]rune(cell))+2))
			}
		}
		text := truncate(strings.TrimRight(line.String(), " "), width)
		if ri > 0 && ri-1 == sv.cursor {
			text = s.Selected.Render(text)
		}
		b.WriteString(text + "\n")
	}
	return b.String()
}

// tornadoMsg carries the bands and the tornado of the current plan.
type tornadoMsg struct {
	gen int
	u   planner.Uncertainty
	err error
}

// tornadoCmd computes the bands and the tornado off the key path.
func tornadoCmd(gen int, doc planner.Document, cat *model.Catalog, opt planner.Options) bt.Cmd {
	return func() bt.Msg {
		u, err := planner.Uncertain(&doc, cat, "", opt)
		return tornadoMsg{gen: gen, u: u, err: err}
	}
}

// startTornado launches the tornado of the current state; ranges written
// in the file still apply (at their written low and high).
func (m Model) startTornado() (Model, bt.Cmd) {
	if m.ss.stale || len(m.ss.plan.Training) == 0 {
		m.setStatus("the tornado needs a valid scenario with a training job", true)
		return m, nil
	}
	m.setStatus("ranking the uncertain inputs…", false)
	doc := planner.Document{File: m.ss.file, Scenario: cloneScenario(m.ss.scen), Ranges: m.ranges}
	return m, tornadoCmd(m.ss.gen, doc, m.ss.cat, planner.Options{Now: m.ss.now})
}

// tornadoBars draws the tornado's bars with ntcharts, one row per input,
// scaled to the largest swing: for the figure that ranks the input (the
// largest relative swing of time, cost per run or run-rate), the part of
// the swing below the typical value, then the part above it, each in its
// own colour.
func tornadoBars(c common, u planner.Uncertainty) []string {
	if len(u.Tornado) == 0 {
		return nil
	}
	lowStyle := c.Styles.BarColors[0]
	highStyle := c.Styles.BarColors[min(1, len(c.Styles.BarColors)-1)]
	bars := make([]hbar, len(u.Tornado))
	for i, sw := range u.Tornado {
		below, above, best := 0.0, 0.0, -1.0
		for _, f := range [][3]float64{{sw.DaysAtLow, sw.DaysAtHigh, u.Days.Typical}, {sw.RunAtLow, sw.RunAtHigh, u.RunCost.Typical}, {sw.MonthlyAtLow, sw.MonthlyAtHigh, u.Monthly.Typical}} {
			if f[2] <= 0 {
				continue
			}
			if r := math.Abs(f[1]-f[0]) / f[2]; r > best {
				best = r
				below = math.Max(0, f[2]-math.Min(f[0], f[1])) / f[2]
				above = math.Max(0, math.Max(f[0], f[1])-f[2]) / f[2]
			}
		}
		bars[i] = hbar{Segments: []barchart.BarValue{{Name: "below", Value: below, Style: lowStyle}, {Name: "above", Value: above, Style: highStyle}}}
	}
	rows := strings.Split(c.hbars(bars, 19, 0), "\n")
	out := make([]string, len(u.Tornado))
	for i := range out {
		if i < len(rows) {
			out[i] = rows[i]
		}
	}
	return out
}

// tornadoShown opens the tornado as a list: the bands first, then every
// input with a bar as long as its swing, largest first; enter reads its
// range, source and the figures at both ends.
func (m Model) tornadoShown(msg tornadoMsg) (Model, bt.Cmd) {
	switch {
	case msg.gen != m.ss.gen:
		m.setStatus("the scenario changed meanwhile: press t again", true)
		return m, nil
	case msg.err != nil:
		m.setStatus(msg.err.Error(), true)
		return m, nil
	}
	u := msg.u
	items := []drillItem{{
		Line: fmt.Sprintf("Bands  time %.1f d (%.1f–%.1f) · run $%s ($%s–$%s) · month $%s ($%s–$%s)", u.Days.Typical, u.Days.Low, u.Days.High,
			model.FormatUSD(u.RunCost.Typical, 0), model.FormatUSD(u.RunCost.Low, 0), model.FormatUSD(u.RunCost.High, 0),
			model.FormatUSD(u.Monthly.Typical, 0), model.FormatUSD(u.Monthly.Low, 0), model.FormatUSD(u.Monthly.High, 0)),
		Detail: []string{"Method: " + u.Method + ".",
			fmt.Sprintf("Unconfirmed: the run-rate includes $%s/month priced from estimate or third-party figures.", model.FormatUSD(u.UnconfirmedMonthlyUSD, 0))},
	}}
	bars := tornadoBars(m.c, u)
	for i, sw := range u.Tornado {
		items = append(items, drillItem{
			Line: fmt.Sprintf("%s %5.1f%%  %s", bars[i], 100*sw.Rank, sw.Name),
			Detail: []string{
				fmt.Sprintf("Range: %.4g … %.4g … %.4g %s (%s)", sw.Low, sw.Typical, sw.High, sw.Unit, sw.Confidence),
				"Source: " + sw.Source,
				fmt.Sprintf("Time to train: %.1f → %.1f days", sw.DaysAtLow, sw.DaysAtHigh),
				fmt.Sprintf("Cost per run: $%s → $%s", model.FormatUSD(sw.RunAtLow, 0), model.FormatUSD(sw.RunAtHigh, 0)),
				fmt.Sprintf("Monthly run-rate: $%s → $%s", model.FormatUSD(sw.MonthlyAtLow, 0), model.FormatUSD(sw.MonthlyAtHigh, 0)),
			}})
	}
	m.drill, m.mode = newDrill("Tornado ("+u.Job+"): largest swing of time, cost per run or run-rate first", items), modeDrill
	m.setStatus("", false)
	return m, nil
}
