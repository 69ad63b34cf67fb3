package tui

import (
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
	if maxValue > 0 {
		opts = append(opts, barchart.WithMaxValue(maxValue))
	}
	bc := barchart.New(barW, len(bars), opts...)
	data := make([]barchart.BarData, len(bars))
	for i, b := range bars {
		data[i] = barchart.BarData{Label: b.Label, Values: b.Segments}
	}
	bc.PushAll(data)
	bc.Draw()
	chart := bc.View()
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
