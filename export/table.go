package export

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/topoplan/topoplan/internal/termsafe"
)

// textTable lays out rows in aligned columns for a terminal: text columns
// left-aligned, figures right-aligned (rightCols), two spaces between.
type textTable struct {
	header    []string
	rows      [][]string
	rightCols map[int]bool
}

func newTextTable(header []string, rightCols ...int) *textTable {
	t := &textTable{header: cleanCells(header), rightCols: map[int]bool{}}
	for _, c := range rightCols {
		t.rightCols[c] = true
	}
	return t
}

// row adds a row; each cell's control characters are escaped (termsafe), so
// a name from a catalog overlay or a plan built in code can neither break
// the columns (tab, newline) nor reach the terminal as a sequence (F10).
func (t *textTable) row(cells ...string) { t.rows = append(t.rows, cleanCells(cells)) }

func cleanCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = termsafe.Clean(c)
	}
	return out
}

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

// safeText escapes every control character but newline and tab in text
// meant for a terminal (the plan and address tables, their Markdown), so a
// name from a catalog overlay or a plan built in code cannot act on the
// terminal (F10); validated scenario names never hold one.
func safeText(b []byte) []byte {
	if !bytes.ContainsFunc(b, func(r rune) bool { return r != '\n' && r != '\t' && termsafe.UnsafeRune(r) }) {
		return b
	}
	var out bytes.Buffer
	_, _ = termsafe.NewWriter(&out).Write(b)
	return out.Bytes()
}
