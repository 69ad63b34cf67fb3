package tui

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/tui/styles"
)

// network shows each link's capacity and the data-set transfer times, then
// the allreduce bus bandwidth against message size and the scaling
// efficiency against node count as charts. charts keeps the charts it drew
// (nil: none kept).
type network struct{ charts *chartCache }

func (network) Title() string { return "Network" }

func (n network) Render(c common, ss *session) string {
	p, base := ss.plan, ss.baseline
	s := c.Styles
	w := c.Width
	var b strings.Builder
	b.WriteString(c.section("Links") + "\n")
	if len(p.Links) == 0 {
		b.WriteString(s.Dim.Render("  no links to on-prem sites") + "\n")
	}
	baseLinks := map[string]model.LinkPlan{}
	if base != nil {
		for _, l := range base.Links {
			baseLinks[l.Link] = l
		}
	}
	gbps := func(v float64) string { return fmt.Sprintf("%.1f Gbps", v) }
	hours := func(v float64) string { return fmt.Sprintf("%.1f h", v) }
	for _, l := range p.Links {
		bl, hasBase := baseLinks[l.Link]
		d := func(cur, old float64, bt better, f func(float64) string) string {
			if !hasBase {
				return ""
			}
			return " " + c.delta(cur, old, bt, f)
		}
		b.WriteString(truncate(fmt.Sprintf("  %s  %s · %s · %s, %g Gbps line rate", s.Value.Render(l.Link), l.Site, l.Type, plural(l.Connections, "connection"), l.LineRateGbps), w) + "\n")
		b.WriteString(truncate("    usable "+s.Value.Render(gbps(l.UsableGbps))+d(l.UsableGbps, bl.UsableGbps, higherIsBetter, nil)+
			fmt.Sprintf(" · one connection down %s", gbps(l.UsableGbpsOneFailed))+d(l.UsableGbpsOneFailed, bl.UsableGbpsOneFailed, higherIsBetter, nil)+linkRTT(l), w) + "\n")
		b.WriteString(truncate(fmt.Sprintf("    monthly traffic uses %.1f%% inbound", 100*l.InboundUtilisation)+d(l.InboundUtilisation, bl.InboundUtilisation, lowerIsBetter, nil)+
			fmt.Sprintf(", %.1f%% outbound", 100*l.OutboundUtilisation)+d(l.OutboundUtilisation, bl.OutboundUtilisation, lowerIsBetter, nil), w) + "\n")
		for _, t := range l.Transfers {
			var old model.TransferPlan
			for _, x := range bl.Transfers {
				if x.Dataset == t.Dataset {
					old = x
				}
			}
			mark := s.Good.Render("✓")
			window := ""
			if t.WindowHours > 0 {
				window = fmt.Sprintf(" (window %.0f h)", t.WindowHours)
				if !t.MeetsWindow {
					mark = s.Bad.Render("✗")
				}
			}
			b.WriteString(truncate(fmt.Sprintf("    %s %s %s TB in %s", mark, t.Dataset, model.FormatUSD(t.SizeTB, 0), s.Value.Render(hours(t.Hours)))+
				d(t.Hours, old.Hours, lowerIsBetter, nil)+window+fmt.Sprintf(" · %s with one down", hours(t.HoursOneFailed)), w) + "\n")
		}
		if l.Note != "" {
			b.WriteString(s.Dim.Render(truncate("    "+l.Note, w)) + "\n")
		}
	}
	b.WriteString(renderDataPaths(c, p))
	b.WriteString(renderInference(c, p))
	for _, t := range p.Training {
		bt, hasBase := baseJob(base, t.Job)
		b.WriteString("\n" + c.section(fmt.Sprintf("All-reduce · %s · %s over %d ranks", t.Job, t.Allreduce.Algorithm, t.Allreduce.Ranks)) + "\n")
		line := fmt.Sprintf("  per step %s of gradients in %s, bus bandwidth %s, exposed %s",
			gb(t.Allreduce.MessageBytes), secs(t.Allreduce.TimeS), s.Value.Render(fmt.Sprintf("%.1f GB/s", t.Allreduce.BusBWGBytesPerS)), secs(t.Allreduce.ExposedS))
		if hasBase {
			line += " " + c.delta(t.Allreduce.ExposedS, bt.Allreduce.ExposedS, lowerIsBetter, nil)
		}
		b.WriteString(truncate(line, w) + "\n")
		// Wider charts add cells to draw, not information.
		chartW := min(max(w-2, 20), 76)
		if len(t.BusBandwidth) > 1 {
			b.WriteString(s.Label.Render("  all_reduce_perf busbw (GB/s) vs message size, all ranks") + baseLegend(c, hasBase) + "\n")
			pts := make([]canvas.Float64Point, len(t.BusBandwidth))
			for i, q := range t.BusBandwidth {
				pts[i] = canvas.Float64Point{X: math.Log2(q.MessageBytes), Y: q.BusBWGBytesPerS}
			}
			var basePts []canvas.Float64Point
			if hasBase {
				for _, q := range bt.BusBandwidth {
					basePts = append(basePts, canvas.Float64Point{X: math.Log2(q.MessageBytes), Y: q.BusBWGBytesPerS})
				}
			}
			b.WriteString(indent(n.charts.lineChart(c, "bytes", pts, basePts, chartW, 10, bytesLabel, 0, 0), "  ") + "\n")
		}
		if len(t.Scaling) > 1 {
			b.WriteString(s.Label.Render("  Scaling efficiency (%) vs nodes") + baseLegend(c, hasBase) + "\n")
			pts := make([]canvas.Float64Point, len(t.Scaling))
			for i, q := range t.Scaling {
				pts[i] = canvas.Float64Point{X: math.Log2(float64(q.Nodes)), Y: 100 * q.Efficiency}
			}
			var basePts []canvas.Float64Point
			if hasBase {
				for _, q := range bt.Scaling {
					basePts = append(basePts, canvas.Float64Point{X: math.Log2(float64(q.Nodes)), Y: 100 * q.Efficiency})
				}
			}
			// Start the axis below the lowest efficiency so the fall-off shows.
			yMin := 100.0
			for _, set := range [][]canvas.Float64Point{pts, basePts} {
				for _, q := range set {
					yMin = math.Min(yMin, q.Y)
				}
			}
			yMin = math.Max(0, math.Floor((yMin-5)/10)*10)
			if !isFinite(yMin) {
				yMin = 0
			}
			b.WriteString(indent(n.charts.lineChart(c, "nodes", pts, basePts, chartW, 10, nodesLabel, yMin, 100), "  ") + "\n")
			var row []string
			for _, q := range t.Scaling {
				row = append(row, fmt.Sprintf("%d: %.0f%%", q.Nodes, 100*q.Efficiency))
			}
			b.WriteString(s.Dim.Render(truncate("  "+strings.Join(row, " · "), w)) + "\n")
		}
	}
	return b.String()
}

func baseLegend(c common, hasBase bool) string {
	if !hasBase {
		return ""
	}
	return c.Styles.Dim.Render("  (· baseline)")
}

// gb formats bytes as GB (1e9).
func gb(v float64) string {
	if v < 1e9 {
		return fmt.Sprintf("%.0f MB", v/1e6)
	}
	return fmt.Sprintf("%.1f GB", v/1e9)
}

// bytesLabel labels a log2(bytes) axis value: 1K, 64M, 2G.
func bytesLabel(_ int, x float64) string {
	v := math.Pow(2, math.Round(x))
	switch {
	case v >= 1<<30:
		return fmt.Sprintf("%.0fG", v/(1<<30))
	case v >= 1<<20:
		return fmt.Sprintf("%.0fM", v/(1<<20))
	case v >= 1<<10:
		return fmt.Sprintf("%.0fK", v/(1<<10))
	}
	return fmt.Sprintf("%.0f", v)
}

// nodesLabel labels a log2(nodes) axis value.
func nodesLabel(_ int, x float64) string { return fmt.Sprintf("%.0f", math.Pow(2, math.Round(x))) }

// chartCache keeps the last charts the Network view drew, by everything a
// chart is drawn from: its points, the baseline's, its size, axis range,
// x-axis labels and styles. The view as a whole is cached on the plan's
// generation and the size (Model.refresh), but an edit makes a new plan, and
// redrawing the two charts was most of a keystroke on this view. An edit that
// leaves the training jobs alone (a link, storage, a price) redraws no chart,
// nor does stepping back to a value just shown (←/→, undo). A handful of
// entries covers two charts per job for a few jobs and the value before.
type chartCache struct {
	mu      sync.Mutex
	entries []chartEntry // oldest first
	// canvas is the chart last drawn, drawn on again for the next miss.
	canvas *linechart.Model
}

type chartEntry struct {
	key  chartKey
	text string
}

type chartKey struct {
	styles         *styles.Styles
	label          string
	width, height  int
	yMin, yMax     float64
	points, basePt string // the points' float64 bits
}

// chartCacheSize bounds the charts kept.
const chartCacheSize = 16

func newChartCache() *chartCache { return &chartCache{} }

// lineChart returns common.lineChart's chart, from the cache when an equal
// chart was drawn recently; label names xLabel, which a key cannot hold.
func (cc *chartCache) lineChart(c common, label string, pts, basePts []canvas.Float64Point, width, height int, xLabel linechart.LabelFormatter, yMin, yMax float64) string {
	if cc == nil {
		return c.lineChart(pts, basePts, width, height, xLabel, yMin, yMax)
	}
	k := chartKey{styles: c.Styles, label: label, width: width, height: height, yMin: yMin, yMax: yMax,
		points: pointBits(pts), basePt: pointBits(basePts)}
	cc.mu.Lock()
	for _, e := range cc.entries {
		if e.key == k {
			cc.mu.Unlock()
			return e.text
		}
	}
	cc.mu.Unlock()
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.canvas == nil || cc.canvas.Width() != width || cc.canvas.Height() != height {
		lc := linechart.New(width, height, 0, 1, 0, 1, linechart.WithXYSteps(4, 2))
		cc.canvas = &lc
	}
	text := c.lineChartOn(cc.canvas, pts, basePts, width, height, xLabel, yMin, yMax)
	if len(cc.entries) == chartCacheSize {
		cc.entries = append(cc.entries[:0], cc.entries[1:]...)
	}
	cc.entries = append(cc.entries, chartEntry{key: k, text: text})
	return text
}

// clear forgets every chart (benchmarks measure a keystroke whose charts
// must all be drawn).
func (cc *chartCache) clear() {
	cc.mu.Lock()
	cc.entries = cc.entries[:0]
	cc.mu.Unlock()
}

// pointBits encodes points exactly, as a comparable key.
func pointBits(pts []canvas.Float64Point) string {
	b := make([]byte, 0, 16*len(pts))
	for _, p := range pts {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.X))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p.Y))
	}
	return string(b)
}

// lineChart draws pts (and the baseline's points, dimmed, when given) with
// ntcharts at width × height from yMin to yMax (0: scaled to the data).
func (c common) lineChart(pts, basePts []canvas.Float64Point, width, height int, xLabel linechart.LabelFormatter, yMin, yMax float64) string {
	return c.lineChartOn(nil, pts, basePts, width, height, xLabel, yMin, yMax)
}

// lineChartOn is lineChart drawn on reuse, a chart it drew before, when it
// has the same size (nil: a new chart).
func (c common) lineChartOn(reuse *linechart.Model, pts, basePts []canvas.Float64Point, width, height int, xLabel linechart.LabelFormatter, yMin, yMax float64) string {
	// Points that are not finite are left out; ntcharts indexes its grid
	// with the scaled coordinates.
	pts, basePts = finitePoints(pts), finitePoints(basePts)
	if !isFinite(yMin) {
		yMin = 0
	}
	if !isFinite(yMax) || yMax < 0 {
		yMax = 0
	}
	minX, maxX, maxY := math.Inf(1), math.Inf(-1), yMax
	for _, set := range [][]canvas.Float64Point{pts, basePts} {
		for _, p := range set {
			minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
			if yMax == 0 {
				maxY = math.Max(maxY, p.Y)
			}
		}
	}
	if maxX <= minX {
		maxX = minX + 1
	}
	if maxY <= 0 {
		maxY = 1
	}
	top := maxY
	if yMax == 0 {
		top = maxY * 1.05
	}
	if top <= yMin {
		top = yMin + 1
	}
	// Clamp to the chart so no point lands outside the grid.
	clampY := func(set []canvas.Float64Point) {
		for i := range set {
			set[i].Y = min(max(set[i].Y, yMin), top)
		}
	}
	clampY(pts)
	clampY(basePts)
	var lc *linechart.Model
	if reuse != nil && reuse.Width() == width && reuse.Height() == height {
		// As linechart.New would make it, without allocating its cells
		// again (560 bytes each, 1,520 per frame for two charts).
		lc = reuse
		blank := canvas.Cell{}
		for y := range height {
			for x := range width {
				lc.Canvas.SetCell(canvas.Point{X: x, Y: y}, blank)
			}
		}
		lc.XLabelFormatter = xLabel
		lc.SetXYRange(minX, maxX, yMin, top)
		lc.SetViewXYRange(minX, maxX, yMin, top)
		lc.UpdateGraphSizes()
	} else {
		opts := []linechart.Option{linechart.WithXYSteps(4, 2), linechart.WithXLabelFormatter(xLabel)}
		m := linechart.New(width, height, minX, maxX, yMin, top, opts...)
		lc = &m
	}
	lc.AxisStyle = chartMark[chartAxis]
	lc.LabelStyle = chartMark[chartAxis]
	lc.DrawXYAxisAndLabel()
	polyline(lc, basePts, chartMark[chartBase])
	polyline(lc, pts, chartMark[chartLine])
	return renderChart(&lc.Canvas, map[int]lipgloss.Style{
		chartAxis: c.Styles.Dim,
		chartBase: c.Styles.Dim,
		chartLine: c.Styles.Compute,
	})
}

// Chart cells are drawn with marker styles that differ only in their tab
// width (charts hold no tabs, so it changes nothing drawn): renderChart tells
// the cells apart by it and renders each run of same-styled cells once with
// the real style. ntcharts' own View renders every cell through lipgloss, two
// charts of 76 × 10 cells on every frame of the Network view: most of its
// keystroke time.
const (
	chartAxis = 91 + iota
	chartBase
	chartLine
)

var chartMark = map[int]lipgloss.Style{
	chartAxis: lipgloss.NewStyle().TabWidth(chartAxis),
	chartBase: lipgloss.NewStyle().TabWidth(chartBase),
	chartLine: lipgloss.NewStyle().TabWidth(chartLine),
}

// renderChart draws the canvas as ntcharts' View does (an empty cell is a
// space), a run of cells with the same marker style at a time.
func renderChart(cv *canvas.Model, real map[int]lipgloss.Style) string {
	w, h := cv.Width(), cv.Height()
	var b strings.Builder
	b.Grow(w * h * 2)
	run := make([]rune, 0, w)
	mark := 0
	flush := func() {
		if len(run) == 0 {
			return
		}
		if st, ok := real[mark]; ok {
			b.WriteString(st.Render(string(run)))
		} else {
			b.WriteString(string(run))
		}
		run = run[:0]
	}
	for y := range h {
		for x := range w {
			cell := cv.Cell(canvas.Point{X: x, Y: y})
			if m := cell.Style.GetTabWidth(); m != mark {
				flush()
				mark = m
			}
			if cell.Rune == 0 {
				run = append(run, ' ')
			} else {
				run = append(run, cell.Rune)
			}
		}
		flush()
		if y < h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// finitePoints returns a copy of pts without the points whose coordinates
// are NaN or ±Inf, or magnitudes no chart can scale.
func finitePoints(pts []canvas.Float64Point) []canvas.Float64Point {
	var out []canvas.Float64Point
	for _, p := range pts {
		if isFinite(p.X) && isFinite(p.Y) && math.Abs(p.X) < 1e15 && math.Abs(p.Y) < 1e15 {
			out = append(out, p)
		}
	}
	return out
}

// polyline draws connected points as braille on the chart with one grid
// (ntcharts' DrawBrailleLine allocates a whole-graph grid per segment).
func polyline(lc *linechart.Model, pts []canvas.Float64Point, st lipgloss.Style) {
	if len(pts) < 2 {
		return
	}
	g := graph.NewBrailleGrid(lc.GraphWidth(), lc.GraphHeight(), lc.MinX(), lc.MaxX(), lc.MinY(), lc.MaxY())
	for i := 1; i < len(pts); i++ {
		for _, p := range graph.GetLinePoints(g.GridPoint(pts[i-1]), g.GridPoint(pts[i])) {
			g.Set(p)
		}
	}
	start := canvas.Point{}
	if lc.YStep() > 0 {
		start.X = lc.Origin().X + 1
	}
	graph.DrawBraillePatterns(&lc.Canvas, start, g.BraillePatterns(), st)
}

// indent prefixes every line of s.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}
