package tui

import (
	"math"
	"strings"
	"testing"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/topoplan/topoplan/tui/styles"
)

// TestChartCacheDrawsAsANewChart: a chart from the Network view's chart
// cache, whether found there or drawn on the reused chart of an earlier miss,
// is exactly the chart common.lineChart draws from scratch, in colour and
// plain, whatever came before it (other sizes, ranges, baselines, labels).
func TestChartCacheDrawsAsANewChart(t *testing.T) {
	curve := func(n int, f func(float64) float64) []canvas.Float64Point {
		var pts []canvas.Float64Point
		for i := range n {
			x := float64(i + 10)
			pts = append(pts, canvas.Float64Point{X: x, Y: f(x)})
		}
		return pts
	}
	type chart struct {
		pts, base     []canvas.Float64Point
		width, height int
		label         string
		yMin, yMax    float64
	}
	charts := []chart{
		{curve(12, func(x float64) float64 { return 10 * x }), nil, 76, 10, "bytes", 0, 0},
		{curve(12, func(x float64) float64 { return 100 - x }), curve(12, func(x float64) float64 { return 95 - 2*x }), 76, 10, "nodes", 50, 100},
		{curve(8, func(x float64) float64 { return math.Sqrt(x) }), nil, 40, 10, "bytes", 0, 0},
		{curve(12, func(x float64) float64 { return 10 * x }), curve(10, func(x float64) float64 { return 9 * x }), 76, 10, "bytes", 0, 0},
		{curve(3, func(x float64) float64 { return 1e6 * x }), nil, 76, 10, "nodes", 0, 100},
		{curve(12, func(x float64) float64 { return 10 * x }), nil, 76, 10, "bytes", 0, 0},
	}
	// Colours on, so the comparison covers the escape sequences too.
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	for _, plain := range []bool{false, true} {
		c := common{Styles: styles.New(plain), Width: 120, Height: 40}
		if !plain && !strings.Contains(c.lineChart(charts[0].pts, nil, 76, 10, bytesLabel, 0, 0), "\x1b[") {
			t.Fatal("no colour in the chart: the test compares nothing")
		}
		cc := newChartCache()
		for round := range 2 {
			for i, ch := range charts {
				label := bytesLabel
				if ch.label == "nodes" {
					label = nodesLabel
				}
				want := c.lineChart(clonePoints(ch.pts), clonePoints(ch.base), ch.width, ch.height, label, ch.yMin, ch.yMax)
				got := cc.lineChart(c, ch.label, clonePoints(ch.pts), clonePoints(ch.base), ch.width, ch.height, label, ch.yMin, ch.yMax)
				if got != want {
					t.Errorf("plain %v, round %d, chart %d: cached chart differs:\n%s\nwant:\n%s", plain, round, i, got, want)
				}
			}
			if round == 0 {
				cc.clear() // the second round draws every chart on the reused one
			}
		}
	}
}

func clonePoints(p []canvas.Float64Point) []canvas.Float64Point {
	return append([]canvas.Float64Point(nil), p...)
}

// TestRenderChartAsNtcharts: renderChart, which renders runs of cells drawn
// with marker styles, shows the same text as ntcharts' own View of the same
// bars drawn with the real styles, with every segment's colour.
func TestRenderChartAsNtcharts(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	colours := []lipgloss.Style{
		lipgloss.NewStyle().Foreground(lipgloss.Color("#ff0000")),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#00ff00")),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#0000ff")).Bold(true),
	}
	draw := func(style func(k int) lipgloss.Style) barchart.Model {
		var data []barchart.BarData
		for i := range 4 {
			var vals []barchart.BarValue
			for k := range colours {
				vals = append(vals, barchart.BarValue{Name: "s", Value: float64(1+(i+k)%3) * 1.37, Style: style(k)})
			}
			data = append(data, barchart.BarData{Label: "b", Values: vals})
		}
		bc := barchart.New(40, 4, barchart.WithHorizontalBars(), barchart.WithNoAxis(), barchart.WithBarGap(0), barchart.WithBarWidth(1), barchart.WithMaxValue(13))
		bc.PushAll(data)
		bc.Draw()
		return bc
	}
	want := draw(func(k int) lipgloss.Style { return colours[k] })
	marked := draw(func(k int) lipgloss.Style { return lipgloss.NewStyle().TabWidth(barMark + k) })
	real := map[int]lipgloss.Style{}
	for k, st := range colours {
		real[barMark+k] = st
	}
	got := renderChart(&marked.Canvas, real)
	if ansi.Strip(got) != ansi.Strip(want.View()) {
		t.Errorf("text differs:\n%s\nwant:\n%s", ansi.Strip(got), ansi.Strip(want.View()))
	}
	for k, st := range colours {
		sgr := strings.TrimSuffix(st.Render("x"), "x\x1b[0m")
		if !strings.Contains(got, sgr) {
			t.Errorf("segment %d's style %q is missing", k, sgr)
		}
	}
}
