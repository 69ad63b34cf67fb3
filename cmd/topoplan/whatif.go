package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/tui"
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
	return g.load(cmd.ErrOrStderr(), func() (string, []byte, error) { return readScenario(path) })
}

// load builds the catalog, reads (read) and parses a scenario, and validates
// it against the catalog, printing warnings on stderr. The catalog is built
// while the scenario is read and parsed (validation needs both); a catalog
// error is reported first, as if it had come first, and a panic while
// building it is raised again here, where run reports it as an internal
// error.
func (g *globalFlags) load(stderr io.Writer, read func() (name string, data []byte, err error)) (*planner.Document, *model.Catalog, error) {
	type built struct {
		cat      *model.Catalog
		err      error
		panicked any
	}
	catalog := make(chan built, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				catalog <- built{panicked: r}
			}
		}()
		cat, err := g.catalog()
		catalog <- built{cat: cat, err: err}
	}()
	name, data, err := read()
	var doc *planner.Document
	if err == nil {
		doc, err = planner.Parse(name, data)
	}
	c := <-catalog
	if c.panicked != nil {
		panic(c.panicked)
	}
	if c.err != nil {
		return nil, nil, c.err
	}
	if err != nil {
		return nil, nil, err
	}
	if err := validated(stderr, doc, c.cat); err != nil {
		return nil, nil, err
	}
	return doc, c.cat, nil
}

func newSweepCmd(g *globalFlags) *cobra.Command {
	var format, param, now, figure string
	var values []string
	cmd := &cobra.Command{
		Use:   "sweep [FILE] PATH=VALUES [PATH=VALUES]",
		Short: "Evaluate a scenario over the values of one field (table, chart) or two (heat map)",
		Long: `Evaluate a scenario once per value of one field, or per pair of values of
two fields. PATH is the field's YAML path (list items by index or by name);
VALUES is a list or a range:

  a,b,c      a list                       links[0].speed_gbps=10,100,400
  a..b*k     geometric, factor k          clusters[train].nodes=8..512*2
  a..b+k     arithmetic, step k           workloads.training[0].tokens_b=500..2000+500

One field prints the key figures side by side (the monthly run-rate, each
job's cost per run and time to train, link and storage figures, findings);
-f chart draws --figure against the value. Two fields print a heat map of
--figure (default run_cost_usd; time_to_train_days and monthly_cost_usd
too, or any key of -f csv):

  topoplan sweep estate.yaml clusters[train].nodes=8..512*2
  topoplan sweep estate.yaml clusters[train].nodes=8..512*2 -f chart --figure time_to_train_days
  topoplan sweep estate.yaml clusters[train].nodes=16..256*2 storage.fsx_lustre.capacity_tib=2.4..38.4*2

The older form --param PATH --values V1,V2 still works.`,
		Args: cobra.MaximumNArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "markdown", "csv", "chart"); err != nil {
				return err
			}
			file, axes, err := sweepArgs(args, param, values)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			opt, err := optionsAt(now)
			if err != nil {
				return err
			}
			doc, cat, err := g.loadScenario(cmd, file)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if len(axes) == 2 {
				if format == "chart" {
					return &exitError{exitInvalid, fmt.Errorf("-f chart draws one field; two fields print a heat map (-f table, csv, json or markdown)")}
				}
				grid, err := planner.SweepGrid2(doc.Scenario, cat, axes[0], axes[1], figure, opt)
				if err != nil {
					return &exitError{exitInvalid, err}
				}
				switch format {
				case "json":
					return writeJSON(w, grid)
				case "csv":
					return writeGridCSV(w, grid)
				case "markdown":
					writeMarkdownRows(w, heatRows(grid, false))
					return nil
				}
				writeHeatMap(w, grid)
				return nil
			}
			ax := axes[0]
			pts, err := planner.Sweep(doc.Scenario, cat, ax.Path, ax.Values, opt)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			switch format {
			case "json":
				return writeJSON(w, pts)
			case "csv":
				return writeSweepCSV(w, ax.Path, pts)
			case "markdown":
				rows, notes := sweepRows(ax.Path, pts)
				writeMarkdownRows(w, rows)
				writeNotes(w, notes)
				return nil
			case "chart":
				return writeSweepChart(w, ax.Path, pts, figure)
			}
			writeSweep(w, ax.Path, pts)
			return nil
		},
	}
	cmd.Flags().StringVarP(&param, "param", "p", "", "YAML path of the field to sweep (older form; or give PATH=VALUES)")
	cmd.Flags().StringSliceVarP(&values, "values", "v", nil, "values of --param: a list or a range (a..b*k, a..b+k)")
	cmd.Flags().StringVar(&figure, "figure", "", "figure for -f chart and the two-field heat map: run_cost_usd (default), time_to_train_days, monthly_cost_usd or any -f csv key")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown, csv (every figure, raw numbers) or chart (one field)")
	cmd.Flags().StringVar(&now, "now", "", "evaluate as of this date (YYYY-MM-DD), for reproducible output")
	_ = cmd.Flags().MarkHidden("now")
	return cmd
}

// sweepArgs splits sweep's arguments into the scenario file and the swept
// fields: an argument PATH=VALUES (PATH a field path) is a field, any other
// the file; --param/--values add a field.
func sweepArgs(args []string, param string, values []string) (string, []planner.SweepAxis, error) {
	var file string
	var axes []planner.SweepAxis
	add := func(path, vals string) error {
		vs, err := planner.ExpandValues(vals)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		axes = append(axes, planner.SweepAxis{Path: path, Values: vs})
		return nil
	}
	for _, a := range args {
		if path, vals, ok := strings.Cut(a, "="); ok && isFieldPath(path) {
			if err := add(path, vals); err != nil {
				return "", nil, err
			}
			continue
		}
		if file != "" {
			return "", nil, fmt.Errorf("two scenario files (%s, %s): give one, then PATH=VALUES for each field", file, a)
		}
		file = a
	}
	switch {
	case param != "" && len(values) > 0:
		if err := add(param, strings.Join(values, ",")); err != nil {
			return "", nil, err
		}
	case param != "" || len(values) > 0:
		return "", nil, fmt.Errorf("--param and --values go together (or give PATH=VALUES)")
	}
	switch {
	case len(axes) == 0:
		return "", nil, fmt.Errorf("name a field to sweep: PATH=VALUES, e.g. clusters[train].nodes=8..512*2 (or --param PATH --values V1,V2)")
	case len(axes) > 2:
		return "", nil, fmt.Errorf("sweep one or two fields, not %d", len(axes))
	}
	return file, axes, nil
}

// isFieldPath says whether s looks like a scenario field path:
// name(.name)* with optional [index] on each part.
func isFieldPath(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		name, idx, hasIdx := strings.Cut(part, "[")
		if name == "" || hasIdx && (!strings.HasSuffix(idx, "]") || len(idx) < 2) {
			return false
		}
		for _, r := range name {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// sweepFigureKey resolves a --figure name against a point's figures: a
// full key, or a key before its job suffix ("run_cost_usd" = the first job's).
func sweepFigureKey(figs []planner.Figure, figure string) (planner.Figure, bool) {
	if figure == "" {
		figure = "run_cost_usd"
	}
	for _, f := range figs {
		if f.Key == figure || strings.HasPrefix(f.Key, figure+".") {
			return f, true
		}
	}
	return planner.Figure{}, false
}

// writeSweepChart draws one figure against the swept value with ntcharts.
func writeSweepChart(w io.Writer, path string, pts []planner.SweepPoint, figure string) error {
	var xs, ys []float64
	var fig planner.Figure
	for _, p := range pts {
		if p.Invalid != "" {
			continue
		}
		x, err := strconv.ParseFloat(p.Value, 64)
		if err != nil {
			return &exitError{exitInvalid, fmt.Errorf("-f chart needs numeric values (%q is not): use -f table", p.Value)}
		}
		f, ok := sweepFigureKey(p.Figures, figure)
		if !ok {
			return &exitError{exitInvalid, fmt.Errorf("no figure %q (keys as in -f csv)", figure)}
		}
		fig = f
		xs, ys = append(xs, x), append(ys, f.Value)
	}
	if len(xs) == 0 {
		return &exitError{exitInvalid, fmt.Errorf("no valid point to draw")}
	}
	fmt.Fprintf(w, "%s (%s) against %s\n", strings.TrimSpace(fig.Label), fig.Unit, path)
	fmt.Fprintln(w, lineChartText(xs, ys, 72, 16))
	for i := range xs {
		fmt.Fprintf(w, "  %s = %-10s %s\n", path, strconv.FormatFloat(xs[i], 'g', -1, 64), formatFigure(ys[i], fig.Unit))
	}
	return nil
}

// writeHeatMap prints a two-field sweep as a table shaded by value:
// · lowest fifth, ░ ▒ ▓, █ highest fifth; ! a critical finding; - invalid.
func writeHeatMap(w io.Writer, g planner.SweepGrid) {
	fmt.Fprintf(w, "%s (%s): rows %s, columns %s\n", strings.TrimSpace(g.Figure.Label), g.Figure.Unit, g.X.Path, g.Y.Path)
	writeRows(w, heatRows(g, true))
	fmt.Fprintln(w, "\nshade: · lowest fifth of the values, then ░ ▒ ▓, █ highest; ! a critical finding; - invalid (see -f csv)")
	if g.Fast {
		fmt.Fprintln(w, "cells from the candidate fast path: the address plan is checked by eval, not here")
	}
}

func heatRows(g planner.SweepGrid, shade bool) [][]string {
	var vals []float64
	for _, row := range g.Cells {
		for _, c := range row {
			if c.Invalid == "" {
				vals = append(vals, c.Value)
			}
		}
	}
	slices.Sort(vals)
	header := []string{g.X.Path + " \\ " + g.Y.Path}
	header = append(header, g.Y.Values...)
	rows := [][]string{header}
	for i, xv := range g.X.Values {
		row := []string{xv}
		for _, c := range g.Cells[i] {
			if c.Invalid != "" {
				row = append(row, "-")
				continue
			}
			cell := formatFigure(c.Value, g.Figure.Unit)
			if c.Critical {
				cell += "!"
			}
			if shade && len(vals) > 1 {
				rank, _ := slices.BinarySearch(vals, c.Value)
				cell = string([]rune("·░▒▓█")[min(4, 5*rank/len(vals))]) + " " + cell
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	return rows
}

// writeGridCSV prints a two-field sweep one row per cell, raw numbers.
func writeGridCSV(w io.Writer, g planner.SweepGrid) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{g.X.Path, g.Y.Path, g.Figure.Key, "critical", "invalid"})
	for i, xv := range g.X.Values {
		for j, yv := range g.Y.Values {
			c := g.Cells[i][j]
			v := ""
			if c.Invalid == "" {
				v = csvNumber(c.Value)
			}
			_ = cw.Write([]string{xv, yv, v, strconv.FormatBool(c.Critical), c.Invalid})
		}
	}
	cw.Flush()
	return cw.Error()
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
	var format, job, nodes, write string
	var spec planner.OptimizeSpec
	var top int
	var force bool
	cmd := &cobra.Command{
		Use:   "optimize [FILE] --deadline-days D",
		Short: "Search the design grid for the cheapest plan within a deadline; print the cost/time Pareto frontier",
		Long: `Search every instance type × node count × parallel layout × purchase option
(as the catalog records it sold) × Region × FSx for Lustre tier and size × Direct
Connect port speed and count, with pruning, for the cheapest run that trains the
job within the deadline (and budgets) with no critical finding. Prints the Pareto
frontier of cost per run against time to train and why the plan was chosen.

  topoplan optimize estate.yaml --deadline-days 30
  topoplan optimize estate.yaml --deadline-days 30 --budget-month 2000000 --regions us-east-1,ap-northeast-1
  topoplan optimize estate.yaml --deadline-days 30 --nodes 16..256*2 --write plan.yaml

--write saves the chosen plan as a scenario, the original's comments kept; it
refuses to overwrite the input file without --force.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
				return err
			}
			if nodes != "" {
				vs, err := planner.ExpandValues(nodes)
				if err != nil {
					return &exitError{exitInvalid, fmt.Errorf("--nodes: %w", err)}
				}
				for _, v := range vs {
					n, err := strconv.Atoi(v)
					if err != nil || n < 1 {
						return &exitError{exitInvalid, fmt.Errorf("--nodes: %q is not a whole number above 0", v)}
					}
					spec.Nodes = append(spec.Nodes, n)
				}
			}
			if write != "" && !force && argPath(args) != "" && samePath(write, argPath(args)) {
				return &exitError{exitInvalid, fmt.Errorf("--write %s would overwrite the input scenario; add --force to replace it", write)}
			}
			name, data, err := readScenario(argPath(args))
			if err != nil {
				return err
			}
			cat, err := g.catalog()
			if err != nil {
				return err
			}
			doc, err := loadValid(cmd.ErrOrStderr(), name, data, cat)
			if err != nil {
				return err
			}
			spec.Job = job
			res, err := planner.Optimize(doc.Scenario, cat, spec)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			switch format {
			case "json":
				err = writeJSON(cmd.OutOrStdout(), res)
			case "csv":
				err = writeOptimizeCSV(cmd.OutOrStdout(), res)
			case "markdown":
				writeOptimizeMarkdown(cmd.OutOrStdout(), res, top)
			default:
				writeOptimize(cmd.OutOrStdout(), res, top)
			}
			if err != nil {
				return err
			}
			if res.Best == nil {
				return &exitError{exitFindings, fmt.Errorf("no plan trains %s within %g days%s", res.Spec.Job, res.Spec.DeadlineDays, budgetSuffix(spec))}
			}
			if write != "" {
				s2, _ := res.Scenario()
				out, err := tui.MarshalScenario(s2, data)
				if err != nil {
					return err
				}
				if err := writeFileAtomic(write, out); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote the chosen plan to %s\n", write)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.Float64Var(&spec.DeadlineDays, "deadline-days", 0, "time to train must not exceed this many days (required)")
	f.Float64Var(&spec.BudgetRunUSD, "budget-run", 0, "cost of one run must not exceed this many USD (0 = no cap)")
	f.Float64Var(&spec.BudgetMonthUSD, "budget-month", 0, "monthly run-rate must not exceed this many USD/month (0 = no cap)")
	f.StringVar(&job, "job", "", "training job to optimise (default: the first)")
	f.StringSliceVar(&spec.InstanceTypes, "types", nil, "instance types to try (default: every accelerated type the catalog can time)")
	f.StringVar(&nodes, "nodes", "", "node counts to try, a list or range: 8,16,32 or 8..512*2 (default: 1, 2, 4 … up to the placement-group limit, and the scenario's own)")
	f.StringSliceVar(&spec.Regions, "regions", nil, "Regions to try (default: every catalog Region)")
	f.StringSliceVar(&spec.PurchaseOptions, "options", nil, "purchase options to try (default: on-demand, capacity-block, savings-plan)")
	f.StringSliceVar(&spec.FSxTiers, "fsx-tiers", nil, "FSx for Lustre tiers to try, DEPLOYMENT/MBps-per-TiB (default: every SSD tier)")
	f.Float64SliceVar(&spec.FSxSizesTiB, "fsx-sizes", nil, "FSx capacities to try in TiB, rounded up to legal sizes (default: ½, 1, 2 and 4 × the scenario's)")
	f.Float64SliceVar(&spec.DXSpeedsGbps, "dx-speeds", nil, "Direct Connect port speeds to try in Gbps (default: what the location sells)")
	f.IntSliceVar(&spec.DXCounts, "dx-counts", nil, "Direct Connect port counts to try (default: 1 to the LAG limit)")
	f.StringSliceVar(&spec.Placements, "placements", nil, "placements to try: aws, onprem, split (default: all three when the scenario has an on-prem cluster, else aws)")
	f.StringSliceVar(&spec.SplitBy, "split-by", nil, "splits to try for the split placement: data, pipeline (default both, each with every legal split_onprem)")
	f.BoolVar(&spec.KeepLayout, "keep-layout", false, "keep the parallel layout choices the job fixes (default: search every legal layout)")
	f.BoolVar(&spec.KeepRegion, "keep-region", false, "keep the cluster's Region")
	f.BoolVar(&spec.KeepStorage, "keep-storage", false, "keep the FSx tier and size")
	f.BoolVar(&spec.KeepLinks, "keep-links", false, "keep the Direct Connect ports")
	f.StringVar(&write, "write", "", "save the chosen plan as a scenario FILE (comments of the original kept)")
	f.BoolVar(&force, "force", false, "let --write replace the input scenario")
	f.IntVar(&top, "top", 12, "frontier points to list")
	f.StringVarP(&format, "format", "f", "table", "output format: table, json or csv (the frontier)")
	_ = cmd.MarkFlagRequired("deadline-days")
	return cmd
}

// samePath says whether two paths name the same file (or would).
func samePath(a, b string) bool {
	if sa, err := os.Stat(a); err == nil {
		if sb, err := os.Stat(b); err == nil {
			return os.SameFile(sa, sb)
		}
	}
	aa, errA := filepath.Abs(a)
	bb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && aa == bb
}

func budgetSuffix(spec planner.OptimizeSpec) string {
	if b := planner.BudgetPhrase(spec); b != "" {
		return " within " + b
	}
	return ""
}

func writeOptimize(w io.Writer, res planner.OptimizeResult, top int) {
	fmt.Fprintf(w, "Job %s, deadline %g days%s\n", res.Spec.Job, res.Spec.DeadlineDays, budgetSuffix(res.Spec))
	if res.Best != nil {
		fmt.Fprintf(w, "Chosen: %s\n", res.Why)
	} else {
		fmt.Fprintf(w, "None:   %s.\n", res.Why)
		if f := res.Fastest; f != nil {
			fmt.Fprintf(w, "Fastest %s: %.1f days, $%s per run, $%s per month\n", planner.Describe(f.Candidate, f.Outcome), f.Outcome.Days,
				model.FormatUSD(f.Outcome.RunCostUSD, 0), model.FormatUSD(f.Outcome.MonthlyUSD, 0))
		}
	}
	if rows := optimizeFrontierRows(res, top); len(rows) > 1 {
		fmt.Fprintf(w, "\nPareto frontier, cost per run against time to train (%d of %d points; ★ chosen):\n", len(rows)-1, len(res.Frontier))
		writeRows(w, rows)
	}
	if bo := res.Baseline.Outcome; bo.Feasible {
		fmt.Fprintf(w, "\nAs written: %s: %.1f days, $%s per run, $%s per month\n", planDesc(res.Baseline.Candidate, bo), bo.Days, model.FormatUSD(bo.RunCostUSD, 0), model.FormatUSD(bo.MonthlyUSD, 0))
	} else {
		fmt.Fprintf(w, "\nAs written: %s: %s\n", planDesc(res.Baseline.Candidate, bo), bo.Reason)
	}
	fmt.Fprintf(w, "\nSearched %s candidates: %s evaluated (%s layouts tried), %s feasible; cut before or at evaluation:\n",
		model.FormatUSD(float64(res.Grid), 0), model.FormatUSD(float64(res.Evaluated), 0), model.FormatUSD(float64(res.LayoutsSearched), 0), model.FormatUSD(float64(res.Feasible), 0))
	for _, k := range planner.SortedKeys(res.Pruned) {
		fmt.Fprintf(w, "  %-52s %s\n", k, model.FormatUSD(float64(res.Pruned[k]), 0))
	}
	for _, p := range res.Rejected {
		fmt.Fprintf(w, "  rejected on full evaluation: %s: %s\n", planDesc(p.Candidate, p.Outcome), p.Outcome.Reason)
	}
}

// optimizeFrontierRows is the frontier table, a header row first, at most
// top points (★ marks the chosen, cheapest one).
func optimizeFrontierRows(res planner.OptimizeResult, top int) [][]string {
	rows := [][]string{{"", "PLAN", "LAYOUT", "DAYS", "RUN USD", "MONTHLY USD", "OF WHICH UNCONFIRMED", "INSTANCE PRICE"}}
	for i, p := range res.Frontier {
		if i >= top {
			break
		}
		mark := " "
		if i == 0 {
			mark = "★"
		}
		c, o := p.Candidate, p.Outcome
		rows = append(rows, []string{mark, planDesc(c, o), layoutText(o.Layout), fmt.Sprintf("%.1f", o.Days), "$" + model.FormatUSD(o.RunCostUSD, 0),
			"$" + model.FormatUSD(o.MonthlyUSD, 0), "$" + model.FormatUSD(o.UnconfirmedMonthlyUSD, 0), o.PriceConfidence + " " + o.PriceReadOn})
	}
	return rows
}

// writeOptimizeMarkdown is the optimiser's answer as Markdown, ready for a
// pull-request comment: the verdict, the frontier as a pipe table and the
// search's counts.
func writeOptimizeMarkdown(w io.Writer, res planner.OptimizeResult, top int) {
	blocks := []block{{level: 1, heading: fmt.Sprintf("Optimise %s, deadline %g days%s", res.Spec.Job, res.Spec.DeadlineDays, budgetSuffix(res.Spec))}}
	if res.Best != nil {
		blocks = append(blocks, block{heading: "**Chosen:** " + res.Why})
	} else {
		blocks = append(blocks, block{heading: "**None:** " + res.Why + "."})
		if f := res.Fastest; f != nil {
			blocks = append(blocks, block{heading: fmt.Sprintf("**Fastest:** %s: %.1f days, $%s per run, $%s per month", planner.Describe(f.Candidate, f.Outcome), f.Outcome.Days,
				model.FormatUSD(f.Outcome.RunCostUSD, 0), model.FormatUSD(f.Outcome.MonthlyUSD, 0))})
		}
	}
	if rows := optimizeFrontierRows(res, top); len(rows) > 1 {
		header := append([]string{"CHOSEN"}, rows[0][1:]...)
		blocks = append(blocks, block{level: 2, heading: fmt.Sprintf("Pareto frontier, cost per run against time to train (%d of %d points)", len(rows)-1, len(res.Frontier)), header: header, rows: rows[1:]})
	}
	if bo := res.Baseline.Outcome; bo.Feasible {
		blocks = append(blocks, block{heading: fmt.Sprintf("**As written:** %s: %.1f days, $%s per run, $%s per month", planDesc(res.Baseline.Candidate, bo), bo.Days, model.FormatUSD(bo.RunCostUSD, 0), model.FormatUSD(bo.MonthlyUSD, 0))})
	} else {
		blocks = append(blocks, block{heading: fmt.Sprintf("**As written:** %s: %s", planDesc(res.Baseline.Candidate, bo), bo.Reason)})
	}
	pruned := block{level: 2, heading: fmt.Sprintf("Searched %s candidates: %s evaluated, %s feasible", model.FormatUSD(float64(res.Grid), 0), model.FormatUSD(float64(res.Evaluated), 0), model.FormatUSD(float64(res.Feasible), 0)),
		header: []string{"CUT", "CANDIDATES"}}
	for _, k := range planner.SortedKeys(res.Pruned) {
		pruned.rows = append(pruned.rows, []string{k, model.FormatUSD(float64(res.Pruned[k]), 0)})
	}
	writeBlocksMarkdown(w, append(blocks, pruned))
}

// planDesc is a candidate without its layout (the table has a column for
// it), with the nodes an onprem or split placement uses on each side.
func planDesc(c planner.Candidate, o planner.Outcome) string {
	o.Layout = model.Layout{}
	return planner.Describe(c, o)
}

func layoutText(l model.Layout) string {
	if l.TP == 0 {
		return "-"
	}
	return planner.LayoutName(l)
}

// writeOptimizeCSV prints the frontier, cheapest first, raw numbers.
func writeOptimizeCSV(w io.Writer, res planner.OptimizeResult) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"chosen", "instance_type", "nodes", "accelerators", "region", "purchase_option", "layout", "fsx_deployment_type", "fsx_throughput_mbps_per_tib", "fsx_capacity_tib",
		"dx_speed_gbps", "dx_count", "placement", "days", "run_cost_usd", "monthly_usd", "unconfirmed_monthly_usd", "price_confidence", "price_read_on",
		"split_by", "split_onprem", "aws_nodes_used", "onprem_nodes"})
	for i, p := range res.Frontier {
		c, o := p.Candidate, p.Outcome
		_ = cw.Write([]string{strconv.FormatBool(i == 0), c.InstanceType, strconv.Itoa(c.Nodes), strconv.Itoa(o.Accelerators), c.Region, c.PurchaseOption, layoutText(o.Layout),
			c.FSxDeploymentType, csvNumber(c.FSxThroughputMBpsPerTiB), csvNumber(c.FSxCapacityTiB), csvNumber(c.DXSpeedGbps), strconv.Itoa(c.DXCount), c.Placement,
			csvNumber(o.Days), csvNumber(o.RunCostUSD), csvNumber(o.MonthlyUSD), csvNumber(o.UnconfirmedMonthlyUSD), o.PriceConfidence, o.PriceReadOn,
			c.SplitBy, strconv.Itoa(c.SplitOnPrem), strconv.Itoa(o.AWSNodesUsed), strconv.Itoa(o.OnPremNodes)})
	}
	cw.Flush()
	return cw.Error()
}
