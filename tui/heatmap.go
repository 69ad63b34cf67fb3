package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbles/key"
	bt "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// heatFigures are the heat map's metrics, in the order m cycles them.
var heatFigures = [2]string{"time_to_train_days", "run_cost_usd"}

// swept2Msg carries a two-field sweep: the time to train and the cost per
// run of the first job at every pair of values.
type swept2Msg struct {
	gen   int
	grids [2]planner.SweepGrid
	err   error
}

// sweep2Cmd evaluates the scenario at every (x, y) pair, off the key path.
func sweep2Cmd(gen int, s model.Scenario, cat *model.Catalog, x, y planner.SweepAxis, opt planner.Options) bt.Cmd {
	return func() bt.Msg {
		var msg swept2Msg
		msg.gen = gen
		for i, f := range heatFigures {
			if msg.grids[i], msg.err = planner.SweepGrid2(s, cat, x, y, f, opt); msg.err != nil {
				break
			}
		}
		return msg
	}
}

// startSweep2 sweeps the numeric field under the editor's cursor against
// the field of the last one-field sweep (the rows).
func (m Model) startSweep2() (Model, bt.Cmd) {
	f, ok := m.editor.current()
	switch {
	case !ok || m.ss.stale:
		m.setStatus("put the editor's cursor on a numeric field of a valid scenario to sweep it", true)
		return m, nil
	case m.sweep.path == "":
		m.setStatus("sweep a first field with w, then press W on a second one", true)
		return m, nil
	case f.Path == m.sweep.path:
		m.setStatus(f.Path+" is the first field already: press W on another numeric field", true)
		return m, nil
	case len(m.ss.plan.Training) == 0:
		m.setStatus("the heat map needs a training job", true)
		return m, nil
	}
	fx := fieldByPath(m.ss, m.sweep.path)
	if fx.Path == "" {
		m.setStatus(m.sweep.path+" is no longer in the scenario: sweep a first field with w again", true)
		return m, nil
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(valueText(f, m.ss.scen)), 64); err != nil {
		m.setStatus(f.Path+" is not a number: sweeps take numeric fields", true)
		return m, nil
	}
	x := planner.SweepAxis{Path: fx.Path, Values: sweepValues(fx, m.ss.scen, m.ss.cat)}
	y := planner.SweepAxis{Path: f.Path, Values: sweepValues(f, m.ss.scen, m.ss.cat)}
	if len(y.Values) < 2 {
		m.setStatus(f.Path+" cannot be stepped: nothing to sweep", true)
		return m, nil
	}
	m.setStatus(fmt.Sprintf("sweeping %s × %s (%d × %d)…", x.Path, y.Path, len(x.Values), len(y.Values)), false)
	return m, sweep2Cmd(m.ss.gen, cloneScenario(m.ss.scen), m.ss.cat, x, y, planner.Options{Now: m.ss.now})
}

// swept2 opens the heat map on a two-field sweep, the cursor on the
// scenario's current pair of values.
func (m Model) swept2(msg swept2Msg) (Model, bt.Cmd) {
	switch {
	case msg.gen != m.ss.gen:
		m.setStatus("the scenario changed while sweeping: press W again", true)
		return m, nil
	case msg.err != nil:
		m.setStatus(msg.err.Error(), true)
		return m, nil
	}
	g := msg.grids[0]
	sv := sweepView{path: g.X.Path, two: true, grids: msg.grids, metric: m.sweep.metric}
	cx := valueText(fieldByPath(m.ss, g.X.Path), m.ss.scen)
	cy := valueText(fieldByPath(m.ss, g.Y.Path), m.ss.scen)
	for i, v := range g.X.Values {
		if v == cx {
			sv.cursor = i
		}
	}
	for j, v := range g.Y.Values {
		if v == cy {
			sv.col = j
		}
	}
	m.sweep, m.mode = sv, modeSweep
	m.editorFocus = false
	m.editorOpen = m.editorBeside()
	m.layout()
	m.setStatus("heat map: arrows pick a cell, m switches time / cost, enter applies both values as the what-if, esc back", false)
	return m, nil
}

// heatKey handles keys in the heat map.
func (m Model) heatKey(msg bt.KeyMsg) (Model, bt.Cmd) {
	k, g := m.c.Keys, m.sweep.grids[0]
	switch {
	case tea.Matches(msg, k.Up):
		m.sweep.cursor = max(0, m.sweep.cursor-1)
	case tea.Matches(msg, k.Down):
		m.sweep.cursor = min(len(g.X.Values)-1, m.sweep.cursor+1)
	case tea.Matches(msg, k.Left):
		m.sweep.col = max(0, m.sweep.col-1)
	case tea.Matches(msg, k.Right):
		m.sweep.col = min(len(g.Y.Values)-1, m.sweep.col+1)
	case tea.Matches(msg, k.Metric):
		m.sweep.metric = (m.sweep.metric + 1) % len(heatFigures)
	case tea.Matches(msg, k.Cancel):
		m.mode = modeNormal
	case tea.Matches(msg, k.Accept):
		i, j := m.sweep.cursor, m.sweep.col
		xv, yv := g.X.Values[i], g.Y.Values[j]
		if why := m.sweep.grids[m.sweep.metric].Cells[i][j].Invalid; why != "" {
			m.setStatus(fmt.Sprintf("%s = %s, %s = %s is invalid: %s", g.X.Path, xv, g.Y.Path, yv, why), true)
			return m, nil
		}
		s, err := planner.SetField(m.ss.scen, g.X.Path, xv)
		if err == nil {
			s, err = planner.SetField(s, g.Y.Path, yv)
		}
		if err != nil {
			m.setStatus(err.Error(), true)
			return m, nil
		}
		m.applyWhatIf(s, fmt.Sprintf("%s = %s, %s = %s", g.X.Path, xv, g.Y.Path, yv))
	}
	return m, nil
}

// heatText formats a cell's figure: days to one decimal, dollars in
// millions to two decimals.
func heatText(metric int, v float64) string {
	if metric == 0 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return "$" + strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
}

// heatLevel places v among the five levels between lo and hi on a log
// scale (the figures of a sweep span decades: time halves as nodes double).
func heatLevel(v, lo, hi float64) int {
	if hi <= lo || v <= 0 || lo <= 0 {
		return 0
	}
	t := math.Log(v/lo) / math.Log(hi/lo)
	return max(0, min(4, int(t*5)))
}

// heatView draws the heat map: one row per value of the first field, one
// column per value of the second, each cell the chosen figure coloured by
// its level (a shade glyph before it without colour), the picked cell
// marked ▸, then the legend and both figures at the picked cell.
func (sv sweepView) heatView(c common, width int) string {
	st := c.Styles
	g := sv.grids[sv.metric]
	unit := "days"
	if sv.metric == 1 {
		unit = "USD per run"
	}
	var b strings.Builder
	b.WriteString(truncate(st.Title.Render(fmt.Sprintf("Sweep of %s × %s", g.X.Path, g.Y.Path)), width) + "\n")
	b.WriteString(truncate(st.Dim.Render(fmt.Sprintf("%s, %s; lower is better (m: time / cost)", g.Figure.Label, unit)), width) + "\n")
	b.WriteString(truncate(fmt.Sprintf("rows ↓ %s · columns → %s", g.X.Path, g.Y.Path), width) + "\n\n")
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range g.Cells {
		for _, cell := range row {
			if cell.Invalid == "" && cell.Value > 0 {
				lo, hi = math.Min(lo, cell.Value), math.Max(hi, cell.Value)
			}
		}
	}
	// Column widths: the row labels, then each cell as "▸▒ 51.4!".
	lw := 1
	for _, v := range g.X.Values {
		lw = max(lw, len([]rune(v)))
	}
	cw := 0
	for j, v := range g.Y.Values {
		cw = max(cw, len([]rune(v)))
		for i := range g.X.Values {
			cw = max(cw, len([]rune(heatText(sv.metric, g.Cells[i][j].Value)))+3)
		}
	}
	pad := func(s string, w int) string { return s + strings.Repeat(" ", max(0, w-len([]rune(s)))) }
	lpad := func(s string, w int) string { return strings.Repeat(" ", max(0, w-len([]rune(s)))) + s }
	head := pad("", lw)
	for _, v := range g.Y.Values {
		head += "  " + lpad(v, cw+1)
	}
	b.WriteString(truncate(head, width) + "\n")
	for i, xv := range g.X.Values {
		var line strings.Builder
		line.WriteString(pad(xv, lw))
		for j := range g.Y.Values {
			cell := g.Cells[i][j]
			mark := " "
			if i == sv.cursor && j == sv.col {
				mark = "▸"
			}
			line.WriteString("  " + mark)
			if cell.Invalid != "" {
				line.WriteString(lpad("×", cw))
				continue
			}
			lv := heatLevel(cell.Value, lo, hi)
			text := heatText(sv.metric, cell.Value)
			if cell.Critical {
				text += "!"
			} else {
				text += " "
			}
			if st.Plain {
				text = st.Heat[lv].Glyph + lpad(text, cw-1)
			} else {
				text = lpad(text, cw)
			}
			style := st.Heat[lv].Style
			if i == sv.cursor && j == sv.col {
				style = st.Selected
			}
			line.WriteString(style.Render(text))
		}
		b.WriteString(truncate(line.String(), width) + "\n")
	}
	// Legend: each level's swatch and the range of the figure it covers.
	b.WriteString("\n")
	if lo <= hi {
		b.WriteString("Legend (log scale):\n")
		for lv := range st.Heat {
			a := lo * math.Pow(hi/lo, float64(lv)/5)
			z := lo * math.Pow(hi/lo, float64(lv+1)/5)
			sw := st.Heat[lv].Glyph
			if !st.Plain {
				sw = st.Heat[lv].Style.Render("  ")
			}
			b.WriteString(fmt.Sprintf("  %s %s – %s\n", sw, heatText(sv.metric, a), heatText(sv.metric, z)))
		}
	}
	b.WriteString(st.Dim.Render("× invalid there · ! a critical finding") + "\n\n")
	i, j := sv.cursor, sv.col
	xv, yv := g.X.Values[i], g.Y.Values[j]
	t, r := sv.grids[0].Cells[i][j], sv.grids[1].Cells[i][j]
	if t.Invalid != "" {
		b.WriteString(truncate(fmt.Sprintf("▸ %s × %s: invalid: %s", xv, yv, t.Invalid), width) + "\n")
	} else {
		b.WriteString(truncate(fmt.Sprintf("▸ %s × %s: %.1f days to train, $%s per run (enter applies both)", xv, yv, t.Value, model.FormatUSD(r.Value, 0)), width) + "\n")
	}
	if g.Fast {
		b.WriteString(truncate(st.Dim.Render("cells from the candidate fast path: address-plan findings are not checked"), width) + "\n")
	} else {
		b.WriteString(truncate(st.Dim.Render("every cell validated and evaluated in full"), width) + "\n")
	}
	return b.String()
}
