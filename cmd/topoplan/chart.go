package main

import (
	"math"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/NimbleMarkets/ntcharts/linechart"
)

// lineChartText draws ys against xs as a braille line chart with axes,
// width × height cells, with ntcharts (plain text: no styles).
func lineChartText(xs, ys []float64, width, height int) string {
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range xs {
		minX, maxX = math.Min(minX, xs[i]), math.Max(maxX, xs[i])
		minY, maxY = math.Min(minY, ys[i]), math.Max(maxY, ys[i])
	}
	if maxX <= minX {
		maxX = minX + 1
	}
	if maxY <= minY {
		maxY = minY + 1
	}
	pad := (maxY - minY) * 0.05
	minY, maxY = math.Max(0, minY-pad), maxY+pad
	lc := linechart.New(width, height, minX, maxX, minY, maxY, linechart.WithXYSteps(4, 4))
	lc.DrawXYAxisAndLabel()
	if len(xs) == 1 {
		lc.DrawBrailleLine(canvas.Float64Point{X: xs[0], Y: ys[0]}, canvas.Float64Point{X: xs[0], Y: ys[0]})
	}
	for i := 1; i < len(xs); i++ {
		lc.DrawBrailleLine(canvas.Float64Point{X: xs[i-1], Y: ys[i-1]}, canvas.Float64Point{X: xs[i], Y: ys[i]})
	}
	return lc.View()
}
