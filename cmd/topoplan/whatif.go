package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// loadScenario reads, parses and validates a scenario file for a headless command.
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

func newCompareCmd(g *globalFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "compare BASELINE WHATIF",
		Short: "Compare two scenarios figure by figure (what-if against a baseline)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, cat, err := g.loadScenario(cmd, args[0])
			if err != nil {
				return err
			}
			b, _, err := g.loadScenario(cmd, args[1])
			if err != nil {
				return err
			}
			deltas := planner.Compare(planner.Evaluate(a.Scenario, cat, planner.Options{}), planner.Evaluate(b.Scenario, cat, planner.Options{}))
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), deltas)
			}
			writeDeltas(cmd.OutOrStdout(), args[0], args[1], deltas)
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	return cmd
}

func newSweepCmd(g *globalFlags) *cobra.Command {
	var format, param string
	var values []string
	cmd := &cobra.Command{
		Use:   "sweep [FILE] --param PATH --values V1,V2,...",
		Short: "Evaluate a scenario once per value of one field",
		Long: `Evaluate a scenario once per value of one field and print the key figures
side by side. PATH is the field's YAML path; list items are chosen by index
or by name:

  topoplan sweep estate.yaml --param clusters[train].nodes --values 32,64,128,256
  topoplan sweep estate.yaml --param links[dx-fra].speed_gbps --values 10,100,400
  topoplan sweep estate.yaml --param clusters[0].instance_type --values p5.48xlarge,p5en.48xlarge`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			doc, cat, err := g.loadScenario(cmd, path)
			if err != nil {
				return err
			}
			pts, err := planner.Sweep(doc.Scenario, cat, param, values, planner.Options{})
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), pts)
			}
			writeSweep(cmd.OutOrStdout(), param, pts)
			return nil
		},
	}
	cmd.Flags().StringVarP(&param, "param", "p", "", "YAML path of the field to sweep (required)")
	cmd.Flags().StringSliceVarP(&values, "values", "v", nil, "comma-separated values (required)")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
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
	case v == float64(int64(v)):
		return model.FormatUSD(v, 0)
	}
	return fmt.Sprintf("%.3g", v)
}

func writeDeltas(w io.Writer, a, b string, ds []planner.Delta) {
	rows := [][]string{{"FIGURE", "BASELINE", "WHAT-IF", "CHANGE", "UNIT"}}
	for _, d := range ds {
		change := "="
		if d.Change != 0 {
			arrow := "▲"
			if d.Change < 0 {
				arrow = "▼"
			}
			change = fmt.Sprintf("%s %+.1f%%", arrow, d.ChangePct)
			if d.Baseline == 0 {
				change = arrow + " new"
			}
			if d.Better {
				change += " better"
			} else if d.Unit != "count" {
				change += " worse"
			}
		}
		rows = append(rows, []string{d.Label, formatFigure(d.Baseline, d.Unit), formatFigure(d.Value, d.Unit), change, d.Unit})
	}
	fmt.Fprintf(w, "Baseline %s\nWhat-if  %s\n\n", a, b)
	writeRows(w, rows)
}

func writeSweep(w io.Writer, param string, pts []planner.SweepPoint) {
	header := []string{param}
	var keys []string
	for _, p := range pts {
		if p.Invalid == "" {
			for _, f := range p.Figures {
				if !strings.HasPrefix(f.Label, " ") {
					header = append(header, f.Label+" ("+f.Unit+")")
					keys = append(keys, f.Key)
				}
			}
			break
		}
	}
	header = append(header, "FINDINGS")
	rows := [][]string{header}
	for _, p := range pts {
		row := []string{p.Value}
		if p.Invalid != "" {
			row = append(row, "invalid: "+p.Invalid)
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
	writeRows(w, rows)
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
