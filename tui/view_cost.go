package tui

import (
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"

	"github.com/topoplan/topoplan/model"
)

// costView is the cost breakdown: bars by category and every line item with
// its quantity, unit price and source.
type costView struct{}

func (costView) Title() string { return "Cost" }

func (costView) Render(c common, ss *session) string {
	p, base := ss.plan, ss.baseline
	s := c.Styles
	w := c.Width
	var b strings.Builder
	total := p.MonthlyCost.TotalUSD
	head := "Monthly run-rate " + s.Value.Render(usd(total))
	if base != nil {
		head += "  " + c.delta(total, base.MonthlyCost.TotalUSD, lowerIsBetter, usd)
	}
	b.WriteString(head + "\n\n")

	baseCat := map[string]float64{}
	if base != nil {
		for _, ct := range base.MonthlyCost.ByCategory {
			baseCat[ct.Category] = ct.MonthlyUSD
		}
	}
	var bars []hbar
	for i, ct := range p.MonthlyCost.ByCategory {
		suffix := padLeft(usd(ct.MonthlyUSD), 12)
		if base != nil {
			suffix += " " + c.delta(ct.MonthlyUSD, baseCat[ct.Category], lowerIsBetter, nil)
		}
		st := s.BarColors[i%len(s.BarColors)]
		bars = append(bars, hbar{Label: ct.Category, Segments: []barchart.BarValue{{Name: ct.Category, Value: ct.MonthlyUSD, Style: st}}, Suffix: suffix})
	}
	if base != nil {
		// Categories that existed only in the baseline.
		for _, ct := range base.MonthlyCost.ByCategory {
			found := false
			for _, cur := range p.MonthlyCost.ByCategory {
				found = found || cur.Category == ct.Category
			}
			if !found {
				bars = append(bars, hbar{Label: ct.Category, Suffix: padLeft(usd(0), 12) + " " + c.delta(0, ct.MonthlyUSD, lowerIsBetter, nil)})
			}
		}
	}
	b.WriteString(c.hbars(bars, w, 0) + "\n\n")

	b.WriteString(c.section("Line items") + s.Dim.Render("  enter: select, read where a price comes from") + "\n")
	// Lines are matched to the baseline by category and position within it:
	// item names carry quantities ("train: 64 × p5.48xlarge") that edits change.
	baseLine := map[string]float64{}
	if base != nil {
		for k, l := range lineKeys(base.MonthlyCost.Lines) {
			baseLine[k] = l
		}
	}
	keys := lineKeyList(p.MonthlyCost.Lines)
	itemW := w - 16 // "  " item " " $amount(12) and a margin
	if base != nil {
		itemW -= 18 // room for the delta
	}
	itemW = max(itemW, 12)
	for i, l := range p.MonthlyCost.Lines {
		qty := fmt.Sprintf("%s %s × $%s", model.FormatUSD(l.Quantity, 0), l.QuantityUnit, trimPrice(l.UnitPriceUSD))
		row := "  " + padRight(truncate(l.Item, itemW), itemW) + " " + padLeft(usd(l.MonthlyUSD), 12)
		if base != nil {
			row += " " + c.delta(l.MonthlyUSD, baseLine[keys[i]], lowerIsBetter, nil)
		}
		b.WriteString(row + "\n")
		src := l.Confidence
		if l.Source != "" {
			src += " · " + l.Source
		}
		b.WriteString(s.Dim.Render("    "+truncate(qty+" · "+src, max(w-4, 10))) + "\n")
	}
	return b.String()
}

// trimPrice formats a unit price for display: cents from a dollar up
// ($22.50, $15.81), four significant digits below ($0.02, $0.0004).
func trimPrice(v float64) string { return model.FormatUnitUSD(v) }

// lineKeyList names each cost line by its category and its position within
// the category ("EC2#0").
func lineKeyList(lines []model.CostLine) []string {
	n := map[string]int{}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = fmt.Sprintf("%s#%d", l.Category, n[l.Category])
		n[l.Category]++
	}
	return out
}

// lineKeys maps each line's key to its monthly cost.
func lineKeys(lines []model.CostLine) map[string]float64 {
	out := map[string]float64{}
	for i, k := range lineKeyList(lines) {
		out[k] = lines[i].MonthlyUSD
	}
	return out
}
