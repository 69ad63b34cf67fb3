package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/topoplan/topoplan/model"
)

// drillItem is one selectable row of a drill-down list: a one-line summary
// and the full text it opens to.
type drillItem struct {
	// Line is the summary row (it may carry styles).
	Line string
	// Detail is the full text, one paragraph per entry ("Detail: …"),
	// wrapped to the pane; an empty entry is a blank line.
	Detail []string
}

// drill is a selectable list that opens an item to its full text, the way
// k9s describes a resource: ↑/↓ select, enter opens, esc goes back. It owns
// the content area while it is shown.
type drill struct {
	title  string
	items  []drillItem
	cursor int
	top    int // first list row shown
	open   bool
	scroll int // first detail line shown
	// hint follows the title of the list; empty for the default.
	hint string
}

// newDrill builds a drill-down list.
func newDrill(title string, items []drillItem) drill { return drill{title: title, items: items} }

// Update handles a key; done reports that esc left the list.
// height is the content area's, to keep the cursor's row in view.
func (d drill) Update(msg tea.KeyMsg, c common, height int) (dr drill, done bool) {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Up):
		d.cursor--
		d.scroll = 0
	case key.Matches(msg, k.Down):
		d.cursor++
		d.scroll = 0
	case d.open && key.Matches(msg, k.PageUp):
		d.scroll = max(d.scroll-drillRows(height), 0)
	case d.open && key.Matches(msg, k.PageDown):
		d.scroll += drillRows(height) // clamped when drawn
	case d.open && key.Matches(msg, k.Top):
		d.scroll = 0
	case d.open && key.Matches(msg, k.Bottom):
		d.scroll = 1 << 30
	case key.Matches(msg, k.PageUp):
		d.cursor -= drillRows(height)
	case key.Matches(msg, k.PageDown):
		d.cursor += drillRows(height)
	case key.Matches(msg, k.Top):
		d.cursor = 0
	case key.Matches(msg, k.Bottom):
		d.cursor = len(d.items) - 1
	case key.Matches(msg, k.Detail):
		d.open = !d.open && len(d.items) > 0
		d.scroll = 0
	case key.Matches(msg, k.Back):
		if !d.open {
			return d, true
		}
		d.open = false
	}
	d.cursor = min(max(d.cursor, 0), max(len(d.items)-1, 0))
	n := drillRows(height)
	d.top = min(max(d.top, d.cursor-n+1), d.cursor)
	return d, false
}

// rows is how many list rows fit under the title at height.
func drillRows(height int) int { return max(height-2, 1) }

// View draws the list, or the selected item in full, at width × height.
func (d drill) View(c common, width, height int) string {
	s := c.Styles
	var b strings.Builder
	if d.open && len(d.items) > 0 {
		it := d.items[d.cursor]
		b.WriteString(c.section(fmt.Sprintf("%s %d of %d", d.title, d.cursor+1, len(d.items))) + s.Dim.Render("  ↑/↓ previous/next · pgdn more · esc list") + "\n")
		b.WriteString(truncate(it.Line, width) + "\n\n")
		var body []string
		for _, p := range it.Detail {
			if p == "" {
				body = append(body, "")
				continue
			}
			for _, l := range wrapHard(p, width-2) {
				body = append(body, "  "+l)
			}
		}
		// Scrolled by the page keys; clamped so the last line can reach the bottom.
		n := max(height-3, 1)
		from := min(d.scroll, max(len(body)-n, 0))
		b.WriteString(strings.Join(body[from:min(from+n, len(body))], "\n"))
		return b.String()
	}
	hint := d.hint
	if hint == "" {
		hint = "  ↑/↓ select · enter detail · esc back"
	}
	b.WriteString(c.section(fmt.Sprintf("%s (%d)", d.title, len(d.items))) + s.Dim.Render(hint) + "\n")
	if len(d.items) == 0 {
		b.WriteString(s.Dim.Render("  none") + "\n")
		return b.String()
	}
	n := drillRows(height)
	for i := d.top; i < len(d.items) && i < d.top+n; i++ {
		// The marker keeps the selection visible without colour or reverse video (NO_COLOR).
		if i == d.cursor {
			b.WriteString(s.Selected.Render(padRight(truncate("▸ "+ansi.Strip(d.items[i].Line), width), width)) + "\n")
			continue
		}
		b.WriteString("  " + truncate(d.items[i].Line, width-2) + "\n")
	}
	return b.String()
}

// findingItems are the plan's findings as drill-down rows: severity and
// title, opening to the detail and the remedy.
func (c common) findingItems(fs []model.Finding) []drillItem {
	out := make([]drillItem, 0, len(fs))
	for _, f := range fs {
		tag := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity))
		it := drillItem{Line: c.severityStyle(f.Severity).Render(tag) + " " + f.Title}
		if f.Detail != "" {
			it.Detail = append(it.Detail, "Detail: "+f.Detail, "")
		}
		if f.Remedy != "" {
			it.Detail = append(it.Detail, "Remedy: "+f.Remedy, "")
		}
		it.Detail = append(it.Detail, "Code: "+f.Code)
		out = append(out, it)
	}
	return out
}

// assumptionItems are the constants the training figures rest on, once each:
// name and value, opening to confidence, read date, source and note.
func (c common) assumptionItems(p model.Plan) []drillItem {
	seen := map[string]bool{}
	var out []drillItem
	for _, t := range p.Training {
		for _, a := range t.Assumptions {
			if seen[a.Name] {
				continue
			}
			seen[a.Name] = true
			val := strings.TrimSpace(formatFloat(a.Value) + " " + a.Unit)
			it := drillItem{Line: c.Styles.Dim.Render("ASSUMED ") + " " + a.Name + " = " + val}
			it.Detail = append(it.Detail, "Value: "+val, "")
			it.Detail = append(it.Detail, sourceLines(a.Confidence, a.ReadOn, a.Source, a.Note)...)
			out = append(out, it)
		}
	}
	return out
}

// costItems are the cost lines: item and monthly cost, opening to quantity
// × unit price, confidence, read date, source and note.
func (c common) costItems(lines []model.CostLine) []drillItem {
	out := make([]drillItem, 0, len(lines))
	for _, l := range lines {
		it := drillItem{Line: padRight(l.Category, 15) + " " + padLeft(usd(l.MonthlyUSD), 12) + "  " + l.Item}
		it.Detail = append(it.Detail, fmt.Sprintf("Quantity × unit price: %s %s × $%s = $%s per month",
			model.FormatUSD(l.Quantity, 2), l.QuantityUnit, trimPrice(l.UnitPriceUSD), model.FormatUSD(l.MonthlyUSD, 2)), "")
		it.Detail = append(it.Detail, sourceLines(l.Confidence, l.ReadOn, l.Source, l.Note)...)
		out = append(out, it)
	}
	return out
}

// sourceLines says where a figure comes from, one line per fact given,
// then the note.
func sourceLines(confidence, readOn, source, note string) []string {
	var out []string
	for _, kv := range [][2]string{{"Confidence", confidence}, {"Read on", readOn}, {"Source", source}} {
		if kv[1] != "" {
			out = append(out, kv[0]+": "+kv[1])
		}
	}
	if note != "" {
		out = append(out, "", "Note: "+note)
	}
	return out
}

// wrapHard wraps text on spaces to width cells and cuts a word longer than
// the width (a URL) into pieces, so no line overflows the pane.
func wrapHard(text string, width int) []string {
	var out []string
	for _, l := range wrap(text, width) {
		r := []rune(l)
		for len(r) > max(width, 8) {
			out = append(out, string(r[:max(width, 8)]))
			r = r[max(width, 8):]
		}
		out = append(out, string(r))
	}
	return out
}
