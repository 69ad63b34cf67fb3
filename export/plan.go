// Package export turns a plan into bytes: the eval table, Markdown and JSON,
// and (in later files) diagrams and CloudFormation. Every format is a pure
// function of the plan; the CLI and TUI decide where the bytes go.
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/internal/termsafe"
	"github.com/topoplan/topoplan/model"
)

// Formats accepted by Plan.
const (
	FormatTable    = "table"
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
	// FormatCSV is one table of raw numbers for a spreadsheet.
	FormatCSV = "csv"
)

// Plan renders a plan in the named format (table, json, markdown or csv).
func Plan(p model.Plan, format string) ([]byte, error) {
	switch format {
	case FormatTable, "":
		return PlanTable(p), nil
	case FormatJSON:
		return PlanJSON(p)
	case FormatMarkdown, "md":
		return PlanMarkdown(p), nil
	case FormatCSV:
		return PlanCSV(p)
	}
	return nil, fmt.Errorf("unknown format %q (want table, json, markdown or csv)", format)
}

// PlanCSV is the plan's monthly run-rate as one CSV table, a row per cost
// line with raw numbers (quantity, unit price and monthly cost in USD),
// its confidence, read date, source and note. The TOTAL is not a row (a
// spreadsheet sums the column); everything else of the plan is in json.
func PlanCSV(p model.Plan) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"category", "item", "quantity", "quantity_unit", "unit_price_usd", "monthly_usd", "confidence", "read_on", "source", "note"})
	for _, l := range p.MonthlyCost.Lines {
		_ = cw.Write([]string{l.Category, l.Item, csvNumber(l.Quantity), l.QuantityUnit, csvNumber(l.UnitPriceUSD), csvNumber(l.MonthlyUSD), l.Confidence, l.ReadOn, l.Source, l.Note})
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

// csvNumber is a raw number rounded to 6 decimals (no float noise).
func csvNumber(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// PlanJSON is the plan as indented JSON (schema in docs/plan-json.md).
func PlanJSON(p model.Plan) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return append(b, '\n'), nil
}

// PlanTable is the plan as aligned plain-text tables for a terminal.
func PlanTable(p model.Plan) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Scenario  %s (%s)\n", termsafe.Clean(p.Scenario.Name), p.Scenario.Region)
	fmt.Fprintf(&b, "Estate    %s, %s, %s\n", model.Plural(p.Scenario.Clusters, "cluster"), model.Plural(p.Scenario.Nodes, "node"), model.Plural(p.Scenario.Accelerators, "accelerator"))
	fmt.Fprintf(&b, "Catalog   %s (read %s)%s\n", p.Catalog.Version, p.Catalog.ReadOn, overlayNote(p.Catalog))
	b.WriteString("\nMonthly run-rate\n")
	t := newTextTable([]string{"CATEGORY", "ITEM", "QUANTITY", "UNIT", "UNIT PRICE", "MONTHLY USD", "CONFIDENCE"}, 2, 4, 5)
	for _, l := range p.MonthlyCost.Lines {
		t.row(l.Category, l.Item, qty(l.Quantity), l.QuantityUnit, "$"+unitPrice(l.UnitPriceUSD), "$"+usd(l.MonthlyUSD), l.Confidence)
	}
	t.row("", "TOTAL", "", "", "", "$"+usd(p.MonthlyCost.TotalUSD), "")
	t.write(&b, "  ")
	if p.MonthlyCost.UnconfirmedUSD > 0 {
		fmt.Fprintf(&b, "  of which $%s rests on prices not confirmed against AWS's price list\n", usd(p.MonthlyCost.UnconfirmedUSD))
	}
	b.WriteString("\nBy category\n")
	t = newTextTable([]string{"CATEGORY", "MONTHLY USD", "SHARE"}, 1, 2)
	for _, c := range p.MonthlyCost.ByCategory {
		share := 0.0
		if p.MonthlyCost.TotalUSD > 0 {
			share = 100 * c.MonthlyUSD / p.MonthlyCost.TotalUSD
		}
		t.row(c.Category, "$"+usd(c.MonthlyUSD), fmt.Sprintf("%.1f%%", share))
	}
	t.write(&b, "  ")
	writePerformanceText(&b, p)
	writeAddressText(&b, p)
	writeFindingsText(&b, p.Findings)
	b.WriteString("\nSources\n")
	for i, src := range sources(p) {
		fmt.Fprintf(&b, "  [%d] %s\n", i+1, src)
	}
	return safeText(b.Bytes())
}

func writeFindingsText(b *bytes.Buffer, fs []model.Finding) {
	b.WriteString("\nFindings\n")
	if len(fs) == 0 {
		b.WriteString("  none\n")
		return
	}
	for _, f := range fs {
		fmt.Fprintf(b, "  %-8s %s\n", strings.ToUpper(f.Severity), f.Title)
		if f.Detail != "" {
			fmt.Fprintf(b, "           %s\n", f.Detail)
		}
		if f.Remedy != "" {
			fmt.Fprintf(b, "           → %s\n", f.Remedy)
		}
	}
}

// writeFindingsMarkdown writes the "Findings" section: one bullet per
// finding with its severity, numbers and remedy, then a blank line.
func writeFindingsMarkdown(b *bytes.Buffer, fs []model.Finding) {
	b.WriteString("## Findings\n\n")
	if len(fs) == 0 {
		b.WriteString("None.\n")
	}
	for _, f := range fs {
		fmt.Fprintf(b, "- **%s** %s", strings.ToUpper(f.Severity), mdEscape(f.Title))
		if f.Detail != "" {
			fmt.Fprintf(b, " %s", mdEscape(f.Detail))
		}
		if f.Remedy != "" {
			fmt.Fprintf(b, " *Remedy:* %s", mdEscape(f.Remedy))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// PlanMarkdown is the plan as a Markdown document.
func PlanMarkdown(p model.Plan) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", p.Scenario.Name)
	if p.Scenario.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", p.Scenario.Description)
	}
	fmt.Fprintf(&b, "- Region: %s\n- Estate: %s, %s, %s\n- Catalog: %s (read %s)%s\n\n",
		p.Scenario.Region, model.Plural(p.Scenario.Clusters, "cluster"), model.Plural(p.Scenario.Nodes, "node"), model.Plural(p.Scenario.Accelerators, "accelerator"), p.Catalog.Version, p.Catalog.ReadOn, overlayNote(p.Catalog))
	b.WriteString("## Monthly run-rate\n\n")
	b.WriteString("| Category | Item | Quantity | Unit price | Monthly USD | Confidence | Source |\n")
	b.WriteString("|---|---|---:|---:|---:|---|---|\n")
	srcIdx := map[string]int{}
	for i, s := range sources(p) {
		srcIdx[s] = i + 1
	}
	for _, l := range p.MonthlyCost.Lines {
		ref := ""
		if n, ok := srcIdx[l.Source]; ok {
			ref = fmt.Sprintf("[%d]", n)
		}
		fmt.Fprintf(&b, "| %s | %s | %s %s | $%s | $%s | %s | %s |\n", l.Category, mdName(l.Item), qty(l.Quantity), l.QuantityUnit,
			unitPrice(l.UnitPriceUSD), usd(l.MonthlyUSD), l.Confidence, ref)
	}
	fmt.Fprintf(&b, "| | **Total** | | | **$%s** | | |\n\n", usd(p.MonthlyCost.TotalUSD))
	if p.MonthlyCost.UnconfirmedUSD > 0 {
		fmt.Fprintf(&b, "$%s of the total rests on prices not confirmed against AWS's price list.\n\n", usd(p.MonthlyCost.UnconfirmedUSD))
	}
	writePerformanceMarkdown(&b, p)
	writeAddressMarkdown(&b, p)
	writeFindingsMarkdown(&b, p.Findings)
	b.WriteString("## Sources\n\n")
	for i, s := range sources(p) {
		fmt.Fprintf(&b, "%d. <%s>\n", i+1, s)
	}
	return safeText(b.Bytes())
}

// sources lists the distinct sources of the plan's figures in order of first use.
func sources(p model.Plan) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range p.MonthlyCost.Lines {
		if l.Source != "" && !seen[l.Source] {
			seen[l.Source] = true
			out = append(out, l.Source)
		}
	}
	return out
}

func overlayNote(c model.CatalogInfo) string {
	if len(c.Overlays) == 0 {
		return ""
	}
	return " + overlays " + strings.Join(c.Overlays, ", ")
}

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// mdName escapes a scenario name for Markdown tables and lists: a name never
// becomes a cell separator, a link, HTML or a code span.
func mdName(s string) string { return mdNameEscaper.Replace(s) }

var mdNameEscaper = strings.NewReplacer("|", `\|`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "`", "\\`", "\n", " ", "\r", " ")

func usd(v float64) string { return model.FormatUSD(v, 2) }

// unitPrice shows a unit price as every view does (model.FormatUnitUSD).
func unitPrice(v float64) string { return model.FormatUnitUSD(v) }

func qty(v float64) string {
	if v == math.Trunc(v) {
		return model.FormatUSD(v, 0)
	}
	return model.FormatUSD(v, 2)
}
