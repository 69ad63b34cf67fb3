package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// argPath is the optional FILE argument ("" = the embedded example).
func argPath(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return ""
}

// loadScenario reads, parses and validates a scenario file (or the embedded
// example for "") for a headless command, printing warnings on stderr.
func (g *globalFlags) loadScenario(cmd *cobra.Command, path string) (*planner.Document, *model.Catalog, error) {
	cat, err := g.catalog()
	if err != nil {
		return nil, nil, err
	}
	name, data, err := readScenario(path)
	if err != nil {
		return nil, nil, err
	}
	doc, err := loadValid(cmd.ErrOrStderr(), name, data, cat)
	return doc, cat, err
}

func newSweepCmd(g *globalFlags) *cobra.Command {
	var format, param, now string
	var values []string
	cmd := &cobra.Command{
		Use:   "sweep [FILE] --param PATH --values V1,V2,...",
		Short: "Evaluate a scenario once per value of one field (run-rate and cost per run)",
		Long: `Evaluate a scenario once per value of one field and print the key figures
side by side: the monthly run-rate, each training job's cost per run (what
a node-count sweep moves; the run-rate simply scales), time to train, link
and storage figures, and findings. PATH is the field's YAML path; list items are chosen by index
or by name:

  topoplan sweep estate.yaml --param clusters[train].nodes --values 32,64,128,256
  topoplan sweep estate.yaml --param links[dx-fra].speed_gbps --values 10,100,400
  topoplan sweep estate.yaml --param clusters[0].instance_type --values p5.48xlarge,p5en.48xlarge`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
				return err
			}
			opt, err := optionsAt(now)
			if err != nil {
				return err
			}
			doc, cat, err := g.loadScenario(cmd, argPath(args))
			if err != nil {
				return err
			}
			pts, err := planner.Sweep(doc.Scenario, cat, param, values, opt)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			switch format {
			case "json":
				return writeJSON(cmd.OutOrStdout(), pts)
			case "csv":
				return writeSweepCSV(cmd.OutOrStdout(), param, pts)
			case "markdown":
				rows, notes := sweepRows(param, pts)
				writeMarkdownRows(cmd.OutOrStdout(), rows)
				writeNotes(cmd.OutOrStdout(), notes)
				return nil
			}
			writeSweep(cmd.OutOrStdout(), param, pts)
			return nil
		},
	}
	cmd.Flags().StringVarP(&param, "param", "p", "", "YAML path of the field to sweep (required)")
	cmd.Flags().StringSliceVarP(&values, "values", "v", nil, "comma-separated values (required)")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown or csv (every figure, raw numbers)")
	cmd.Flags().StringVar(&now, "now", "", "evaluate as of this date (YYYY-MM-DD), for reproducible output")
	_ = cmd.Flags().MarkHidden("now")
	_ = cmd.MarkFlagRequired("param")
	_ = cmd.MarkFlagRequired("values")
	return cmd
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func formatFigure(v float64, unit string) string {
	switch {
	case strings.HasPrefix(unit, "USD"):
		return "$" + model.FormatUSD(v, 0)
	case unit == "fraction":
		return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
	case v == float64(int64(v)), math.Abs(v) >= 1000:
		return model.FormatUSD(v, 0)
	}
	return fmt.Sprintf("%.3g", v)
}

func writeSweep(w io.Writer, param string, pts []planner.SweepPoint) {
	rows, notes := sweepRows(param, pts)
	writeRows(w, rows)
	writeNotes(w, notes)
}

func writeNotes(w io.Writer, notes []string) {
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintln(w, n)
		}
	}
}

// writeMarkdownRows prints rows as a markdown table, the first row as header.
func writeMarkdownRows(w io.Writer, rows [][]string) {
	for i, r := range rows {
		cells := make([]string, len(r))
		for j, c := range r {
			cells[j] = mdCell(c)
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		if i == 0 {
			fmt.Fprintf(w, "|%s\n", strings.Repeat("---|", len(r)))
		}
	}
}

// writeSweepCSV prints one row per value with every figure as a raw number,
// columns named by the figures' stable keys.
func writeSweepCSV(w io.Writer, param string, pts []planner.SweepPoint) error {
	var keys []string
	for _, p := range pts {
		if p.Invalid == "" {
			for _, f := range p.Figures {
				keys = append(keys, f.Key)
			}
			break
		}
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(append(append([]string{param}, keys...), "critical", "warning", "invalid"))
	for _, p := range pts {
		row := []string{p.Value}
		byKey := map[string]float64{}
		for _, f := range p.Figures {
			byKey[f.Key] = f.Value
		}
		for _, k := range keys {
			v := ""
			if p.Invalid == "" {
				v = csvNumber(byKey[k])
			}
			row = append(row, v)
		}
		crit, warn := "", ""
		if p.Invalid == "" {
			crit, warn = strconv.Itoa(p.Findings[model.SeverityCritical]), strconv.Itoa(p.Findings[model.SeverityWarning])
		}
		_ = cw.Write(append(row, crit, warn, p.Invalid))
	}
	cw.Flush()
	return cw.Error()
}

// csvNumber is a raw number rounded to 6 decimals (no float noise).
func csvNumber(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

// sweepRows is the sweep table and the notes for invalid values.
func sweepRows(param string, pts []planner.SweepPoint) ([][]string, []string) {
	header := []string{param}
	var keys []string
	for _, p := range pts {
		if p.Invalid == "" {
			// The headline figures, with each job's cost per run next to the
			// monthly run-rate: in a node-count sweep the run-rate simply
			// scales, the cost of a training run is what moves.
			var rest []planner.Figure
			for _, f := range p.Figures {
				switch {
				case f.Key == "monthly_cost_usd":
					header = append(header, f.Label+" ("+f.Unit+")")
					keys = append(keys, f.Key)
				case strings.HasPrefix(f.Key, "run_cost_usd."):
					header = append(header, "Cost per run ("+strings.TrimPrefix(f.Key, "run_cost_usd.")+") (USD)")
					keys = append(keys, f.Key)
				case !strings.HasPrefix(f.Label, " "):
					rest = append(rest, f)
				}
			}
			for _, f := range rest {
				header = append(header, f.Label+" ("+f.Unit+")")
				keys = append(keys, f.Key)
			}
			break
		}
	}
	header = append(header, "FINDINGS")
	rows := [][]string{header}
	// An invalid value's message goes in a note under the table: in a
	// column it would widen that column for every row.
	var notes []string
	for _, p := range pts {
		row := []string{p.Value}
		if p.Invalid != "" {
			notes = append(notes, fmt.Sprintf("(%d) %s = %s: %s", len(notes)+1, param, p.Value, p.Invalid))
			for range keys {
				row = append(row, "-")
			}
			row = append(row, fmt.Sprintf("invalid (%d)", len(notes)))
			rows = append(rows, row)
			continue
		}
		byKey := map[string]planner.Figure{}
		for _, f := range p.Figures {
			byKey[f.Key] = f
		}
		for _, k := range keys {
			row = append(row, formatFigure(byKey[k].Value, byKey[k].Unit))
		}
		row = append(row, fmt.Sprintf("%d critical, %d warning", p.Findings[model.SeverityCritical], p.Findings[model.SeverityWarning]))
		rows = append(rows, row)
	}
	return rows, notes
}

// writeRows prints rows as left-aligned columns.
func writeRows(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-len([]rune(c))+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

func newOptimizeCmd(g *globalFlags) *cobra.Command {
	var format, job string
	var deadline float64
	var top int
	cmd := &cobra.Command{
		Use:   "optimize [FILE] --deadline-days D",
		Short: "Find the cheapest cluster shape that trains a job within a deadline",
		Long: `Try every accelerated instance type the catalog prices in the cluster's region
at node counts 1, 2, 4, ... up to the placement-group limit, keeping the job's
tensor and pipeline degrees and the cluster's purchase option, and report the
cheapest run that finishes within the deadline with no critical finding.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
				return err
			}
			doc, cat, err := g.loadScenario(cmd, argPath(args))
			if err != nil {
				return err
			}
			res, err := planner.Optimize(doc.Scenario, cat, job, deadline, planner.Options{})
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			switch format {
			case "json":
				return writeJSON(cmd.OutOrStdout(), res)
			case "csv":
				return writeOptimizeCSV(cmd.OutOrStdout(), res)
			case "markdown":
				writeOptimizeMarkdown(cmd.OutOrStdout(), res, top)
			default:
				writeOptimize(cmd.OutOrStdout(), res, top)
			}
			if res.Best == nil {
				return &exitError{exitFindings, fmt.Errorf("no shape trains %s within %g days", res.Job, res.DeadlineDays)}
			}
			return nil
		},
	}
	cmd.Flags().Float64Var(&deadline, "deadline-days", 0, "time to train must not exceed this many days (required)")
	cmd.Flags().StringVar(&job, "job", "", "training job to optimise (default: the first)")
	cmd.Flags().IntVar(&top, "top", 10, "candidates to list")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown or csv (every shape tried)")
	_ = cmd.MarkFlagRequired("deadline-days")
	return cmd
}

func writeOptimize(w io.Writer, res planner.OptimizeResult, top int) {
	lines, title, rows := optimizeReport(res, top)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	writeRows(w, rows)
}

// writeOptimizeMarkdown is the same report as Markdown: the verdict as
// paragraphs, the candidates as a pipe table.
func writeOptimizeMarkdown(w io.Writer, res planner.OptimizeResult, top int) {
	lines, title, rows := optimizeReport(res, top)
	blocks := []block{{level: 1, heading: lines[0]}}
	for _, l := range lines[1:] {
		// "Best     128 × …" → "**Best:** 128 × …"
		if label, rest, ok := strings.Cut(strings.TrimSpace(l), " "); ok && label != "note:" {
			l = "**" + label + ":** " + strings.TrimSpace(rest)
		}
		blocks = append(blocks, block{heading: strings.TrimSpace(l)})
	}
	header := append([]string{"MEETS"}, rows[0][1:]...)
	blocks = append(blocks, block{level: 2, heading: title, header: header, rows: rows[1:]})
	writeBlocksMarkdown(w, blocks)
}

// optimizeReport is the optimiser's verdict (the job and deadline, the best
// or fastest shape, a note on an unconfirmed price), the candidate table's
// title and its rows (a header row first).
func optimizeReport(res planner.OptimizeResult, top int) (lines []string, title string, rows [][]string) {
	show := func(label string, c *planner.Candidate) {
		if c == nil {
			lines = append(lines, fmt.Sprintf("%-8s none", label))
			return
		}
		lines = append(lines, fmt.Sprintf("%-8s %d × %s, %s in %s (%d accelerators): %.1f days, $%s per run, $%s per month (price %s, %s)", label, c.Nodes, c.InstanceType,
			c.PurchaseOption, c.Region, c.Accelerators, c.Days, model.FormatUSD(c.RunCostUSD, 0), model.FormatUSD(c.MonthlyUSD, 0), c.PriceConfidence, c.PriceReadOn))
	}
	lines = append(lines, fmt.Sprintf("Job %s, deadline %g days", res.Job, res.DeadlineDays))
	show("Best", res.Best)
	if res.Best != nil && res.Best.PriceConfidence != model.ConfidenceConfirmed && res.Best.PriceConfidence != model.ConfidenceUser {
		lines = append(lines, fmt.Sprintf("         note: %s's price is %s, not confirmed against AWS's price list; overlay a quoted price with --catalog before deciding", res.Best.InstanceType, res.Best.PriceConfidence))
	}
	if res.Best == nil {
		show("Fastest", res.Fastest)
	}
	rows = [][]string{{"", "SHAPE", "ACCELERATORS", "DAYS", "RUN USD", "MONTHLY USD", "PRICE", "CRITICAL"}}
	for i, c := range res.Candidates {
		if i >= top {
			break
		}
		mark := " "
		if c.MeetsDeadline {
			mark = "✓"
		}
		rows = append(rows, []string{mark, fmt.Sprintf("%d × %s", c.Nodes, c.InstanceType), strconv.Itoa(c.Accelerators),
			fmt.Sprintf("%.1f", c.Days), "$" + model.FormatUSD(c.RunCostUSD, 0), "$" + model.FormatUSD(c.MonthlyUSD, 0), c.PriceConfidence + " " + c.PriceReadOn, strconv.Itoa(c.Critical)})
	}
	title = fmt.Sprintf("Cheapest %d of %d shapes tried (✓ meets the deadline; only offerings sold as %s in %s)", len(rows)-1, len(res.Candidates), res.PurchaseOption, res.Region)
	return lines, title, rows
}

// writeOptimizeCSV prints every shape tried, cheapest first, raw numbers.
func writeOptimizeCSV(w io.Writer, res planner.OptimizeResult) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"instance_type", "nodes", "accelerators", "region", "purchase_option", "days", "run_cost_usd", "monthly_usd", "meets_deadline", "critical", "price_confidence", "price_read_on"})
	for _, c := range res.Candidates {
		_ = cw.Write([]string{c.InstanceType, strconv.Itoa(c.Nodes), strconv.Itoa(c.Accelerators), c.Region, c.PurchaseOption, csvNumber(c.Days),
			csvNumber(c.RunCostUSD), csvNumber(c.MonthlyUSD), strconv.FormatBool(c.MeetsDeadline), strconv.Itoa(c.Critical), c.PriceConfidence, c.PriceReadOn})
	}
	cw.Flush()
	return cw.Error()
}
