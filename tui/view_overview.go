package tui

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// overview is the first view: the headline figures and the top findings.
type overview struct{}

func (overview) Title() string { return "Overview" }

func (overview) Render(c common, ss *session) string {
	p, base := ss.plan, ss.baseline
	s := c.Styles
	var b strings.Builder
	w := c.Width
	if p.Scenario.Description != "" {
		b.WriteString(s.Dim.Render(truncate(p.Scenario.Description, w)) + "\n")
	}
	est := fmt.Sprintf("%s · %s · %s", plural(p.Scenario.Clusters, "cluster"), plural(p.Scenario.Nodes, "node"), plural(p.Scenario.Accelerators, "accelerator"))
	if base != nil {
		est += "  " + c.delta(float64(p.Scenario.Accelerators), float64(base.Scenario.Accelerators), neutral, func(v float64) string { return fmt.Sprintf("%.0f accelerators", v) })
	}
	b.WriteString(s.Label.Render("Estate   ") + est + "\n\n")

	b.WriteString(c.section("Cost") + "\n")
	line := func(label, value, delta string) {
		b.WriteString("  " + padRight(label, 22) + padLeft(s.Value.Render(value), 14))
		if delta != "" {
			b.WriteString("  " + delta)
		}
		b.WriteByte('\n')
	}
	var d string
	if base != nil {
		d = c.delta(p.MonthlyCost.TotalUSD, base.MonthlyCost.TotalUSD, lowerIsBetter, usd)
	}
	line("Monthly run-rate", usd(p.MonthlyCost.TotalUSD), d)
	if p.MonthlyCost.UnconfirmedUSD > 0 {
		d = ""
		if base != nil {
			d = c.delta(p.MonthlyCost.UnconfirmedUSD, base.MonthlyCost.UnconfirmedUSD, lowerIsBetter, nil)
		}
		line("  of which unconfirmed", usd(p.MonthlyCost.UnconfirmedUSD), d)
	}
	b.WriteString(c.trainingSummary(ss, w))
	b.WriteByte('\n')
	b.WriteString(c.findings(p.Findings, w, 6))
	b.WriteString(c.assumptions(p, w))
	return b.String()
}

// assumptions lists the model constants the training figures rest on, with
// their value, confidence and source, so every number can be checked.
func (c common) assumptions(p model.Plan, width int) string {
	seen := map[string]bool{}
	var b strings.Builder
	for _, t := range p.Training {
		for _, a := range t.Assumptions {
			if seen[a.Name] {
				continue
			}
			seen[a.Name] = true
			if b.Len() == 0 {
				b.WriteString("\n" + c.section("Assumptions") + c.Styles.Dim.Render("  enter: select, with the findings") + "\n")
			}
			line := fmt.Sprintf("  %s = %s %s", a.Name, formatFloat(a.Value), a.Unit)
			b.WriteString(truncate(line, width) + "\n")
			src := a.Confidence
			if a.Source != "" {
				src += " · " + a.Source
			}
			b.WriteString(c.Styles.Dim.Render(truncate("    "+src, width)) + "\n")
		}
	}
	return b.String()
}

// findings lists up to n findings, coloured by severity, with a count of the rest.
func (c common) findings(fs []model.Finding, width, n int) string {
	var b strings.Builder
	head := c.section(fmt.Sprintf("Findings (%d)", len(fs)))
	if len(fs) > 0 {
		head += c.Styles.Dim.Render("  enter: select, read detail and remedy")
	}
	b.WriteString(head + "\n")
	if len(fs) == 0 {
		b.WriteString(c.Styles.Dim.Render("  none") + "\n")
	}
	for i, f := range fs {
		if i == n {
			b.WriteString(c.Styles.Dim.Render(fmt.Sprintf("  … %d more", len(fs)-n)) + "\n")
			break
		}
		tag := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity))
		b.WriteString("  " + c.severityStyle(f.Severity).Render(tag) + " " + truncate(f.Title, max(width-13, 10)) + "\n")
	}
	return b.String()
}
