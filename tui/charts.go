package tui

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/barchart"
	"github.com/charmbracelet/lipgloss"
)

// hbar is one labelled horizontal bar made of coloured segments.
type hbar struct {
	Label    string
	Segments []barchart.BarValue
	// Suffix is drawn right of the bar (the figure and its delta).
	Suffix string
}

// barMark is the first marker style of hbars' segments (chartMark's are
// below it).
const barMark = 1000

// hbars draws labelled horizontal bars with ntcharts, one row each, scaled
// to maxValue (0 = the largest bar): labels left, bar, suffix right.
func (c common) hbars(bars []hbar, width int, maxValue float64) string {
	if len(bars) == 0 {
		return ""
	}
	labelW, suffixW := 0, 0
	for _, b := range bars {
		labelW = max(labelW, lipgloss.Width(b.Label))
		suffixW = max(suffixW, lipgloss.Width(b.Suffix))
	}
	labelW = min(labelW, max(width/4, 8))
	barW := width - labelW - suffixW - 3
	if barW < 4 {
		suffixW = max(width-labelW-6, 0)
		barW = 4
	}
	opts := []barchart.Option{barchart.WithHorizontalBars(), barchart.WithNoAxis(), barchart.WithBarGap(0), barchart.WithBarWidth(1)}
	// ntcharts indexes its canvas with the scaled values: NaN, ±Inf and
	// negative values are drawn as nothing, and the scale is the largest
	// finite total when maxValue is not usable.
	data := make([]barchart.BarData, len(bars))
	var largest float64
	// Each segment is drawn with a marker style and rendered with its own
	// style by renderChart, a run at a time (see chartMark).
	real := map[int]lipgloss.Style{}
	for i, b := range bars {
		vals := make([]barchart.BarValue, len(b.Segments))
		var sum float64
		for k, v := range b.Segments {
			v.Value = finite(v.Value)
			sum += v.Value
			mark := barMark + len(real)
			real[mark] = v.Style
			v.Style = lipgloss.NewStyle().TabWidth(mark)
			vals[k] = v
		}
		largest = max(largest, sum)
		data[i] = barchart.BarData{Label: b.Label, Values: vals}
	}
	if maxValue = finite(maxValue); maxValue <= 0 {
		maxValue = largest
	}
	if maxValue > 0 && !math.IsInf(maxValue, 0) && maxValue < math.MaxFloat64/4 {
		opts = append(opts, barchart.WithMaxValue(maxValue))
	} else {
		// Nothing to draw (or nothing drawable): an empty bar of each.
		for i := range data {
			data[i].Values = nil
		}
		opts = append(opts, barchart.WithMaxValue(1))
	}
	bc := barchart.New(barW, len(bars), opts...)
	bc.PushAll(data)
	bc.Draw()
	chart := renderChart(&bc.Canvas, real)
	labels := make([]string, len(bars))
	suffixes := make([]string, len(bars))
	for i, b := range bars {
		labels[i] = padRight(truncate(b.Label, labelW), labelW)
		suffixes[i] = " " + truncate(b.Suffix, max(suffixW, 0))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top,
		lipgloss.JoinVertical(lipgloss.Left, labels...)+" ",
		chart,
		lipgloss.JoinVertical(lipgloss.Left, suffixes...))
}
