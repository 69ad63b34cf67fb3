package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/canvas/graph"
	"github.com/NimbleMarkets/ntcharts/linechart"
	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
)

// network shows each link's capacity and the data-set transfer times, then
// the allreduce bus bandwidth against message size and the scaling
// efficiency against node count as charts.
type network struct{}

func (network) Title() string { return "Network" }

func (network) Render(c common, ss *session) string {
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
			fmt.Sprintf(" · one connection down %s", gbps(l.UsableGbpsOneFailed))+d(l.UsableGbpsOneFailed, bl.UsableGbpsOneFailed, higherIsBetter, nil), w) + "\n")
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
			b.WriteString(indent(c.lineChart(pts, basePts, chartW, 10, bytesLabel, 0, 0), "  ") + "\n")
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
			b.WriteString(indent(c.lineChart(pts, basePts, chartW, 10, nodesLabel, yMin, 100), "  ") + "\n")
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

// lineChart draws pts (and the baseline's points, dimmed, when given) with
// ntcharts at width × height from yMin to yMax (0: scaled to the data).
func (c common) lineChart(pts, basePts []canvas.Float64Point, width, height int, xLabel linechart.LabelFormatter, yMin, yMax float64) string {
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
	opts := []linechart.Option{linechart.WithXYSteps(4, 2), linechart.WithXLabelFormatter(xLabel)}
	lc := linechart.New(width, height, minX, maxX, yMin, top, opts...)
	lc.AxisStyle = c.Styles.Dim
	lc.LabelStyle = c.Styles.Dim
	lc.DrawXYAxisAndLabel()
	polyline(&lc, basePts, c.Styles.Dim)
	polyline(&lc, pts, c.Styles.Compute)
	return lc.View()
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
