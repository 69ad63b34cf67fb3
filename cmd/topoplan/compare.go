package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/internal/termsafe"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// compareReport is `topoplan compare`'s output: the key figures, every cost
// line, the findings that appear or disappear, and the cost gate's verdict.
type compareReport struct {
	Baseline        string          `json:"baseline"`
	WhatIf          string          `json:"what_if"`
	Figures         []planner.Delta `json:"figures"`
	Lines           []lineDelta     `json:"lines"`
	FindingsAdded   []model.Finding `json:"findings_added"`
	FindingsRemoved []model.Finding `json:"findings_removed"`
	Gate            *gateResult     `json:"gate,omitempty"`
}

// lineDelta is one monthly cost line in both plans (0 where absent).
type lineDelta struct {
	Category string `json:"category"`
	Item     string `json:"item"`
	// BaselineItem is the baseline's name for the line when it differs
	// (another node count, size or tier).
	BaselineItem string  `json:"baseline_item,omitempty"`
	Baseline     float64 `json:"baseline_usd"`
	WhatIf       float64 `json:"what_if_usd"`
	Change       float64 `json:"change_usd"`
	ChangePct    float64 `json:"change_pct"`
	// Status is added, removed, changed or unchanged.
	Status string `json:"status"`
}

// costGate is --fail-on-increase: a relative (10%) or absolute ($5000) limit.
type costGate struct {
	Text     string
	Relative bool
	Limit    float64
}

// gateResult says which costs rose by more than the gate allows.
type gateResult struct {
	Limit    string   `json:"limit"`
	Exceeded []string `json:"exceeded"`
}

// parseCostGate reads "10%", "$5000", "5000" or "5,000".
func parseCostGate(s string) (*costGate, error) {
	if s == "" {
		return nil, nil
	}
	t := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	g := &costGate{Text: s}
	if strings.HasSuffix(t, "%") {
		g.Relative = true
		t = strings.TrimSuffix(t, "%")
	} else {
		t = strings.TrimPrefix(t, "$")
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return nil, &exitError{exitInvalid, fmt.Errorf("--fail-on-increase: want a percentage (10%%) or an amount in USD ($5000), got %q", s)}
	}
	g.Limit = v
	return g, nil
}

// check lists the gated figures (monthly run-rate, cost per run of each job)
// that rose by more than the limit. A cost that is new (baseline 0) exceeds
// any relative limit.
func (g *costGate) check(ds []planner.Delta) *gateResult {
	r := &gateResult{Limit: g.Text, Exceeded: []string{}}
	for _, d := range ds {
		if d.Key != "monthly_cost_usd" && !strings.HasPrefix(d.Key, "run_cost_usd.") {
			continue
		}
		if d.Change <= 0 {
			continue
		}
		over := d.Change > g.Limit
		if g.Relative {
			over = d.Baseline == 0 || d.ChangePct > g.Limit
		}
		if over {
			name := "monthly run-rate"
			if job, ok := strings.CutPrefix(d.Key, "run_cost_usd."); ok {
				name = "cost per run of " + job
			}
			r.Exceeded = append(r.Exceeded, fmt.Sprintf("%s %s (%s)", name, signedUSD(d.Change), signedPct(d)))
		}
	}
	return r
}

// numbers matches the figures inside an item's or a finding's text.
var numbers = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[0-9][0-9,.]*`) })

// shape is a text with its numbers blanked: "train: 64 × p5.48xlarge" and
// "train: 96 × p5.48xlarge" are the same line at a different size.
func shape(s string) string { return numbers().ReplaceAllString(s, "#") }

// compareLines pairs the cost lines of two plans, in the what-if's order,
// then lines only the baseline has. Lines pair by category and item; a line
// whose item differs only in its numbers (a node count, a tier) pairs with
// the baseline's line of the same shape.
func compareLines(a, b model.Plan) []lineDelta {
	al, bl := a.MonthlyCost.Lines, b.MonthlyCost.Lines
	match := make([]int, len(bl)) // index into al, or -1
	usedA := make([]bool, len(al))
	for pass, key := range []func(model.CostLine) string{
		func(l model.CostLine) string { return l.Category + "\x00" + l.Item },
		func(l model.CostLine) string { return l.Category + "\x00" + shape(l.Item) },
	} {
		for i, l := range bl {
			if pass == 0 {
				match[i] = -1
			} else if match[i] >= 0 {
				continue
			}
			for j, m := range al {
				if !usedA[j] && key(m) == key(l) {
					match[i], usedA[j] = j, true
					break
				}
			}
		}
	}
	var out []lineDelta
	for i, l := range bl {
		d := lineDelta{Category: l.Category, Item: l.Item, WhatIf: l.MonthlyUSD, Status: "added"}
		if j := match[i]; j >= 0 {
			d.Baseline = al[j].MonthlyUSD
			if al[j].Item != l.Item {
				d.BaselineItem = al[j].Item
			}
			d.Status = "unchanged"
			if d.WhatIf != d.Baseline || d.BaselineItem != "" {
				d.Status = "changed"
			}
		}
		out = append(out, finishLine(d))
	}
	for j, l := range al {
		if !usedA[j] {
			out = append(out, finishLine(lineDelta{Category: l.Category, Item: l.Item, Baseline: l.MonthlyUSD, Status: "removed"}))
		}
	}
	return out
}

func finishLine(d lineDelta) lineDelta {
	d.Change = d.WhatIf - d.Baseline
	if d.Baseline != 0 {
		d.ChangePct = 100 * d.Change / d.Baseline
	}
	return d
}

// compareFindings lists the findings only b has, and those only a has. A
// finding whose title differs only in its numbers (the same finding at
// another size) is in both.
func compareFindings(a, b model.Plan) (added, removed []model.Finding) {
	k := func(f model.Finding) string { return f.Severity + "\x00" + f.Code + "\x00" + shape(f.Title) }
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, f := range a.Findings {
		inA[k(f)] = true
	}
	for _, f := range b.Findings {
		inB[k(f)] = true
		if !inA[k(f)] {
			added = append(added, f)
		}
	}
	for _, f := range a.Findings {
		if !inB[k(f)] {
			removed = append(removed, f)
		}
	}
	return added, removed
}

func newCompareCmd(g *globalFlags) *cobra.Command {
	var format, failInc, now string
	cmd := &cobra.Command{
		Use:   "compare BASELINE WHATIF",
		Short: "Compare two scenarios: key figures, every cost line, findings; cost gate for CI",
		Long: `Compare a what-if scenario against a baseline: the key figures (monthly
run-rate, cost per run, time to train, ...) with absolute and relative
change, every monthly cost line, and the findings that appear or disappear.

-f markdown prints a pull-request comment.

--fail-on-increase 10% (or an amount, $5000) exits with status 3 when the
monthly run-rate or the cost per run of any training job rises by more than
that; the comparison is printed first.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
				return err
			}
			gate, err := parseCostGate(failInc)
			if err != nil {
				return err
			}
			opt, err := optionsAt(now)
			if err != nil {
				return err
			}
			a, cat, err := g.loadScenario(cmd, args[0])
			if err != nil {
				return err
			}
			b, _, err := g.loadScenario(cmd, args[1])
			if err != nil {
				return err
			}
			pa, pb := planner.Evaluate(a.Scenario, cat, opt), planner.Evaluate(b.Scenario, cat, opt)
			rep := compareReport{Baseline: args[0], WhatIf: args[1], Figures: planner.Compare(pa, pb), Lines: compareLines(pa, pb)}
			rep.FindingsAdded, rep.FindingsRemoved = compareFindings(pa, pb)
			if gate != nil {
				rep.Gate = gate.check(rep.Figures)
			}
			w := cmd.OutOrStdout()
			switch format {
			case "json":
				if err := writeJSON(w, rep); err != nil {
					return err
				}
			case "markdown":
				writeCompareMarkdown(w, rep)
			case "csv":
				if err := writeCompareCSV(w, rep); err != nil {
					return err
				}
			default:
				writeCompareTable(w, rep)
			}
			if rep.Gate != nil && len(rep.Gate.Exceeded) > 0 {
				return &exitError{exitFindings, fmt.Errorf("cost rose by more than %s: %s", rep.Gate.Limit, strings.Join(rep.Gate.Exceeded, "; "))}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown (a pull-request comment) or csv")
	cmd.Flags().StringVar(&failInc, "fail-on-increase", "", "exit 3 when the monthly run-rate or a job's cost per run rises by more than this (10% or $5000)")
	cmd.Flags().StringVar(&now, "now", "", "evaluate as of this date (YYYY-MM-DD), for reproducible output")
	_ = cmd.Flags().MarkHidden("now")
	return cmd
}

func signedUSD(v float64) string {
	switch {
	case v > 0:
		return "+$" + model.FormatUSD(v, 0)
	case v < 0:
		return "-$" + model.FormatUSD(-v, 0)
	}
	return "$0"
}

// signedPct is the relative change, "new" or "gone" where one side is 0.
func signedPct(d planner.Delta) string {
	return pctText(d.Baseline, d.Value, d.ChangePct)
}

func pctText(base, val, pct float64) string {
	switch {
	case base == val:
		return "0%"
	case base == 0:
		return "new"
	case val == 0 && pct == -100:
		return "gone"
	}
	return fmt.Sprintf("%+.1f%%", pct)
}

// figureChange is a figure's absolute change in its unit.
func figureChange(d planner.Delta) string {
	if d.Change == 0 {
		return "="
	}
	if strings.HasPrefix(d.Unit, "USD") {
		return signedUSD(d.Change)
	}
	if d.Unit == "fraction" {
		return fmt.Sprintf("%+.1f pt", 100*d.Change)
	}
	s := formatFigure(math.Abs(d.Change), d.Unit)
	if d.Change < 0 {
		return "-" + s
	}
	return "+" + s
}

func verdict(d planner.Delta) string {
	switch {
	case d.Change == 0:
		return ""
	case d.Unit == "count":
		return ""
	case d.Better:
		return "better"
	}
	return "worse"
}

func arrow(change float64) string {
	switch {
	case change > 0:
		return "▲"
	case change < 0:
		return "▼"
	}
	return "="
}

func writeCompareTable(w io.Writer, r compareReport) {
	fmt.Fprintf(w, "Baseline %s\nWhat-if  %s\n\n", r.Baseline, r.WhatIf)
	rows := [][]string{{"FIGURE", "BASELINE", "WHAT-IF", "CHANGE", "", "", "UNIT"}}
	for _, d := range r.Figures {
		pct := ""
		if d.Change != 0 {
			pct = arrow(d.Change) + " " + signedPct(d)
		}
		rows = append(rows, []string{d.Label, formatFigure(d.Baseline, d.Unit), formatFigure(d.Value, d.Unit), figureChange(d), pct, verdict(d), d.Unit})
	}
	writeRows(w, rows)

	fmt.Fprintln(w, "\nMonthly cost lines")
	rows = [][]string{{"CATEGORY", "ITEM", "BASELINE", "WHAT-IF", "CHANGE", ""}}
	for _, l := range r.Lines {
		pct := ""
		if l.Change != 0 {
			pct = arrow(l.Change) + " " + pctText(l.Baseline, l.WhatIf, l.ChangePct)
		}
		rows = append(rows, []string{l.Category, l.Item, "$" + model.FormatUSD(l.Baseline, 0), "$" + model.FormatUSD(l.WhatIf, 0), lineChange(l), pct})
	}
	writeRows(w, rows)

	fmt.Fprintln(w, "\nFindings")
	if len(r.FindingsAdded)+len(r.FindingsRemoved) == 0 {
		fmt.Fprintln(w, "  no finding appears or disappears")
	}
	for _, f := range r.FindingsAdded {
		fmt.Fprintf(w, "  + %s %s: %s\n", strings.ToUpper(f.Severity), f.Code, f.Title)
	}
	for _, f := range r.FindingsRemoved {
		fmt.Fprintf(w, "  - %s %s: %s\n", strings.ToUpper(f.Severity), f.Code, f.Title)
	}
	writeGate(w, r.Gate, "")
}

func lineChange(l lineDelta) string {
	if l.Change == 0 {
		return "="
	}
	return signedUSD(l.Change)
}

func writeGate(w io.Writer, g *gateResult, prefix string) {
	if g == nil {
		return
	}
	fmt.Fprintln(w)
	if len(g.Exceeded) == 0 {
		fmt.Fprintf(w, "%sCost gate (%s): passed\n", prefix, g.Limit)
		return
	}
	fmt.Fprintf(w, "%sCost gate (%s): FAILED\n", prefix, g.Limit)
	for _, e := range g.Exceeded {
		fmt.Fprintf(w, "- %s\n", e)
	}
}

// mdCell escapes a table cell for GitHub-flavoured markdown.
func mdCell(s string) string {
	return termsafe.Clean(strings.NewReplacer("|", `\|`, "\n", " ").Replace(strings.TrimSpace(s)))
}

func writeCompareMarkdown(w io.Writer, r compareReport) {
	var total planner.Delta
	for _, d := range r.Figures {
		if d.Key == "monthly_cost_usd" {
			total = d
		}
	}
	fmt.Fprintf(w, "## topoplan: `%s` → `%s`\n\n", r.Baseline, r.WhatIf)
	fmt.Fprintf(w, "Monthly run-rate **$%s** → **$%s** (%s, %s)\n\n", model.FormatUSD(total.Baseline, 0), model.FormatUSD(total.Value, 0), signedUSD(total.Change), signedPct(total))
	if r.Gate != nil {
		if len(r.Gate.Exceeded) == 0 {
			fmt.Fprintf(w, "Cost gate (%s): ✅ passed\n\n", r.Gate.Limit)
		} else {
			fmt.Fprintf(w, "Cost gate (%s): ❌ **failed**: %s\n\n", r.Gate.Limit, mdCell(strings.Join(r.Gate.Exceeded, "; ")))
		}
	}
	fmt.Fprintln(w, "### Key figures")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Figure | Baseline | What-if | Change | % | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---|")
	for _, d := range r.Figures {
		pct := ""
		if d.Change != 0 {
			pct = arrow(d.Change) + " " + signedPct(d)
		}
		label := strings.TrimSpace(d.Label)
		if strings.HasPrefix(d.Label, " ") {
			label = "  ↳ " + label
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", mdCell(label), mdCell(withUnit(d.Baseline, d.Unit)), mdCell(withUnit(d.Value, d.Unit)), figureChange(d), pct, verdict(d))
	}
	fmt.Fprintln(w)
	changed := 0
	for _, l := range r.Lines {
		if l.Status != "unchanged" {
			changed++
		}
	}
	fmt.Fprintf(w, "<details><summary>Monthly cost lines (%d of %d changed)</summary>\n\n", changed, len(r.Lines))
	fmt.Fprintln(w, "| Category | Item | Baseline | What-if | Change | % |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|")
	for _, l := range r.Lines {
		pct := ""
		if l.Change != 0 {
			pct = pctText(l.Baseline, l.WhatIf, l.ChangePct)
		}
		fmt.Fprintf(w, "| %s | %s | $%s | $%s | %s | %s |\n", mdCell(l.Category), mdCell(l.Item), model.FormatUSD(l.Baseline, 0), model.FormatUSD(l.WhatIf, 0), lineChange(l), pct)
	}
	fmt.Fprintln(w, "\n</details>")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "### Findings")
	fmt.Fprintln(w)
	if len(r.FindingsAdded)+len(r.FindingsRemoved) == 0 {
		fmt.Fprintln(w, "No finding appears or disappears.")
	}
	for _, f := range r.FindingsAdded {
		fmt.Fprintf(w, "- ➕ **%s** `%s`: %s\n", strings.ToUpper(f.Severity), f.Code, mdCell(f.Title))
	}
	for _, f := range r.FindingsRemoved {
		fmt.Fprintf(w, "- ➖ ~~**%s** `%s`: %s~~\n", strings.ToUpper(f.Severity), f.Code, mdCell(f.Title))
	}
}

// withUnit is a figure with its unit where the number does not show it.
func withUnit(v float64, unit string) string {
	switch {
	case unit == "fraction", unit == "count", unit == "USD":
		return formatFigure(v, unit)
	case strings.HasPrefix(unit, "USD/"):
		return formatFigure(v, unit) + strings.TrimPrefix(unit, "USD")
	}
	return formatFigure(v, unit) + " " + unit
}

// writeCompareCSV prints figures, cost lines and findings in one table,
// told apart by the kind column; numbers are raw.
func writeCompareCSV(w io.Writer, r compareReport) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"kind", "key", "label", "baseline", "what_if", "change", "change_pct", "unit", "status"})
	for _, d := range r.Figures {
		status := "unchanged"
		if d.Change != 0 {
			status = map[bool]string{true: "better", false: "worse"}[d.Better]
			if d.Unit == "count" {
				status = "changed"
			}
		}
		_ = cw.Write([]string{"figure", d.Key, strings.TrimSpace(d.Label), csvNumber(d.Baseline), csvNumber(d.Value), csvNumber(d.Change), csvNumber(d.ChangePct), d.Unit, status})
	}
	for _, l := range r.Lines {
		_ = cw.Write([]string{"line", l.Category, l.Item, csvNumber(l.Baseline), csvNumber(l.WhatIf), csvNumber(l.Change), csvNumber(l.ChangePct), "USD/month", l.Status})
	}
	for _, f := range r.FindingsAdded {
		_ = cw.Write([]string{"finding", f.Code, f.Title, "", "", "", "", f.Severity, "appears"})
	}
	for _, f := range r.FindingsRemoved {
		_ = cw.Write([]string{"finding", f.Code, f.Title, "", "", "", "", f.Severity, "disappears"})
	}
	cw.Flush()
	return cw.Error()
}
