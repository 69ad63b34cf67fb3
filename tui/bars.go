package tui

import (
	"math"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/tui/styles"
)

// barSeg is one term of a stacked bar: its name, its value and how it is
// drawn (a glyph of its own, so the bar reads without colour).
type barSeg struct {
	Name  string
	Value float64
	Seg   styles.Segment
}

// stackRow is one labelled stacked bar. Marker > 0 draws a capacity marker
// at that value, with the unused part up to it filled by the free glyph.
type stackRow struct {
	Label  string
	Segs   []barSeg
	Marker float64
	Suffix string
}

// finite returns v when it is a finite non-negative number, 0 otherwise:
// bars never see NaN, ±Inf or negative lengths.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

// segSum is the sum of a row's drawable values.
func segSum(segs []barSeg) float64 {
	var sum float64
	for _, s := range segs {
		sum += finite(s.Value)
	}
	return sum
}

// stackCells returns each segment's cell count when scale fills width
// cells: the row gets its rounded share of the width, split among the
// segments by largest remainder (so a term's cells are within one of its
// exact share, and a larger term never shows fewer cells than a smaller).
func stackCells(vals []float64, scale float64, width int) []int {
	out := make([]int, len(vals))
	if width <= 0 || !(scale > 0) || math.IsInf(scale, 0) {
		return out
	}
	var sum float64
	for _, v := range vals {
		sum += finite(v)
	}
	total := min(max(int(math.Round(sum/scale*float64(width))), 0), width)
	if total == 0 || !(sum > 0) || math.IsInf(sum, 0) {
		return out
	}
	exact := make([]float64, len(vals))
	used := 0
	for i, v := range vals {
		exact[i] = finite(v) / sum * float64(total)
		out[i] = int(exact[i])
		used += out[i]
	}
	order := make([]int, len(vals))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := exact[order[a]]-float64(out[order[a]]), exact[order[b]]-float64(out[order[b]])
		if ra != rb {
			return ra > rb
		}
		return exact[order[a]] > exact[order[b]]
	})
	for k := 0; used < total && k < len(order); k++ {
		out[order[k]]++
		used++
	}
	return out
}

// stackedBar draws one row's bar in width cells at scale. With a marker,
// one of the cells is the capacity marker and the unused cells before it
// are drawn with the free glyph; a bar longer than the marker runs past
// it, its cells beyond drawn in the over style (keeping their glyphs).
func stackedBar(r stackRow, width int, scale float64, free, mark styles.Segment, over lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	marker := finite(r.Marker)
	barW := width
	if marker > 0 {
		barW = width - 1
	}
	vals := make([]float64, len(r.Segs))
	for i, s := range r.Segs {
		vals[i] = s.Value
	}
	cells := stackCells(vals, scale, barW)
	// Cell owners: segment index, -1 free, -2 blank.
	owner := make([]int, 0, width)
	for i, n := range cells {
		for k := 0; k < n; k++ {
			owner = append(owner, i)
		}
	}
	if marker > 0 {
		pos := barW
		if scale > 0 && !math.IsInf(scale, 0) {
			pos = min(max(int(math.Round(marker/scale*float64(barW))), 0), barW)
		}
		for len(owner) < pos {
			owner = append(owner, -1)
		}
		owner = append(owner[:pos], append([]int{-3}, owner[pos:]...)...)
	}
	for len(owner) < width {
		owner = append(owner, -2)
	}
	var b strings.Builder
	past := false // beyond the capacity marker
	for i := 0; i < len(owner); {
		j := i
		for j < len(owner) && owner[j] == owner[i] {
			j++
		}
		n := j - i
		switch o := owner[i]; {
		case o >= 0 && past:
			b.WriteString(styles.Segment{Glyph: r.Segs[o].Seg.Glyph, Style: over}.Render(n))
		case o >= 0:
			b.WriteString(r.Segs[o].Seg.Render(n))
		case o == -1:
			b.WriteString(free.Render(n))
		case o == -3:
			b.WriteString(mark.Render(n))
			past = true
		default:
			b.WriteString(strings.Repeat(" ", n))
		}
		i = j
	}
	return b.String()
}

// stackRows draws rows of stacked bars on one scale (the largest row total
// or marker): labels left, bars, suffixes right.
func (c common) stackRows(rows []stackRow, width int) string {
	if len(rows) == 0 {
		return ""
	}
	s := c.Styles
	labelW, suffixW := 0, 0
	var scale float64
	for _, r := range rows {
		labelW = max(labelW, lipgloss.Width(r.Label))
		suffixW = max(suffixW, lipgloss.Width(r.Suffix))
		scale = max(scale, segSum(r.Segs), finite(r.Marker))
	}
	labelW = min(labelW, max(width/4, 8))
	barW := width - labelW - suffixW - 2
	if barW < 8 {
		barW = max(min(width-labelW-1, 8), 1)
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		line := padRight(truncate(r.Label, labelW), labelW) + " " + stackedBar(r, barW, scale, s.MemFree, s.MemCapacity, s.Critical)
		if r.Suffix != "" {
			line += " " + r.Suffix
		}
		lines[i] = truncate(line, width)
	}
	return strings.Join(lines, "\n")
}

// legendItem is one entry of a bar's legend: the glyph, the name, the
// figure and an optional note (a share or a delta).
type legendItem struct {
	Seg         styles.Segment
	Name, Value string
	Note        string
}

// legend lays items out in as many aligned columns as fit in width, row
// by row; every item carries its glyph and its figure, so the bar reads
// without colour.
func (c common) legend(items []legendItem, width int, indent string) string {
	if len(items) == 0 {
		return ""
	}
	nameW, valueW, noteW := 0, 0, 0
	for _, it := range items {
		nameW = max(nameW, lipgloss.Width(it.Name))
		valueW = max(valueW, lipgloss.Width(it.Value))
		noteW = max(noteW, lipgloss.Width(it.Note))
	}
	itemW := 2 + nameW + 1 + valueW
	if noteW > 0 {
		itemW += 1 + noteW
	}
	const gap = 3
	cols := max(1, (width-len(indent)+gap)/(itemW+gap))
	var b strings.Builder
	for i, it := range items {
		if i%cols == 0 {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(indent)
		} else {
			b.WriteString(strings.Repeat(" ", gap))
		}
		cell := it.Seg.Render(1) + " " + padRight(it.Name, nameW) + " " + padLeft(it.Value, valueW)
		if noteW > 0 {
			cell += " " + padRight(it.Note, noteW)
		}
		b.WriteString(cell)
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = truncate(strings.TrimRight(l, " "), width)
	}
	return strings.Join(lines, "\n")
}
