package export

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// textTable lays out rows in aligned columns for a terminal: text columns
// left-aligned, figures right-aligned (rightCols), two spaces between.
type textTable struct {
	header    []string
	rows      [][]string
	rightCols map[int]bool
}

func newTextTable(header []string, rightCols ...int) *textTable {
	t := &textTable{header: header, rightCols: map[int]bool{}}
	for _, c := range rightCols {
		t.rightCols[c] = true
	}
	return t
}

func (t *textTable) row(cells ...string) { t.rows = append(t.rows, cells) }

// write renders the table, each line indented by indent.
func (t *textTable) write(b *bytes.Buffer, indent string) {
	widths := make([]int, len(t.header))
	all := append([][]string{t.header}, t.rows...)
	for _, r := range all {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], utf8.RuneCountInString(c))
			}
		}
	}
	for _, r := range all {
		var line strings.Builder
		line.WriteString(indent)
		for i := range widths {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if t.rightCols[i] {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
			if i < len(widths)-1 {
				line.WriteString("  ")
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
}
