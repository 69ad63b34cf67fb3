package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

func newTornadoCmd(g *globalFlags) *cobra.Command {
	var format, job, now string
	cmd := &cobra.Command{
		Use:   "tornado [FILE]",
		Short: "Rank the uncertain inputs by how far they move time to train, cost per run and run-rate",
		Long: `Evaluate the scenario with each uncertain input at its low and at its high end,
everything else typical, and list the inputs, the one that moves a figure most
first. Uncertain inputs: numbers the scenario writes as ranges (mfu: 0.40..0.50,
or {low: …, typical: …, high: …}), the job's matmul efficiency and the catalog's
overlap, EFA, NVLink and link efficiencies (their catalog range, or topoplan's
default band by confidence), and every price not confirmed against AWS's price
list. Below the table: the band of each figure with every input at its
favourable and at its adverse end together (docs/model.md, "Ranges").`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "csv"); err != nil {
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
			u, err := planner.Uncertain(doc, cat, job, opt)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			switch format {
			case "json":
				return writeJSON(cmd.OutOrStdout(), u)
			case "csv":
				return writeTornadoCSV(cmd.OutOrStdout(), u)
			}
			writeTornado(cmd.OutOrStdout(), u)
			writeBands(cmd.OutOrStdout(), u)
			return nil
		},
	}
	cmd.Flags().StringVar(&job, "job", "", "training job (default: the first)")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json or csv")
	cmd.Flags().StringVar(&now, "now", "", "evaluate as of this date (YYYY-MM-DD), for reproducible output")
	_ = cmd.Flags().MarkHidden("now")
	return cmd
}

// writeBands prints the typical figures with their bands, saying how much
// of the run-rate rests on unconfirmed prices.
func writeBands(w io.Writer, u planner.Uncertainty) {
	fmt.Fprintf(w, "\nUncertainty (%s): typical, and the band with every uncertain input at its favourable and at its adverse end\n", u.Job)
	rows := [][]string{
		{"  Time to train", fmt.Sprintf("%.1f days", u.Days.Typical), fmt.Sprintf("%.1f – %.1f days", u.Days.Low, u.Days.High)},
		{"  Cost per run", "$" + model.FormatUSD(u.RunCost.Typical, 0), "$" + model.FormatUSD(u.RunCost.Low, 0) + " – $" + model.FormatUSD(u.RunCost.High, 0)},
		{"  Monthly run-rate", "$" + model.FormatUSD(u.Monthly.Typical, 0), "$" + model.FormatUSD(u.Monthly.Low, 0) + " – $" + model.FormatUSD(u.Monthly.High, 0)},
	}
	writeRows(w, rows)
	if u.UnconfirmedMonthlyUSD > 0 {
		fmt.Fprintf(w, "  The run-rate includes $%s/month priced from estimate or third-party figures, not confirmed against AWS's price list.\n", model.FormatUSD(u.UnconfirmedMonthlyUSD, 0))
	}
	var top []string
	for i, sw := range u.Tornado {
		if i == 3 || sw.Rank == 0 {
			break
		}
		top = append(top, sw.Name)
	}
	if len(top) > 0 {
		fmt.Fprintf(w, "  %d uncertain inputs; those that move the figures most: %s (topoplan tornado).\n", len(u.Tornado), strings.Join(top, ", "))
	}
}

func swingText(lo, hi float64, usd bool) string {
	f := func(v float64) string {
		if usd {
			return "$" + model.FormatUSD(v, 0)
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return f(lo) + " → " + f(hi)
}

func writeTornado(w io.Writer, u planner.Uncertainty) {
	fmt.Fprintf(w, "Tornado for %s: each input at its low → high end, every other input typical; largest swing first\n", u.Job)
	rows := [][]string{{"#", "INPUT", "LOW … TYPICAL … HIGH", "TIME TO TRAIN (days)", "COST PER RUN", "MONTHLY RUN-RATE", "SWING"}}
	for i, sw := range u.Tornado {
		rows = append(rows, []string{strconv.Itoa(i + 1), sw.Name, fmt.Sprintf("%.4g … %.4g … %.4g %s", sw.Low, sw.Typical, sw.High, sw.Unit),
			swingText(sw.DaysAtLow, sw.DaysAtHigh, false), swingText(sw.RunAtLow, sw.RunAtHigh, true), swingText(sw.MonthlyAtLow, sw.MonthlyAtHigh, true),
			fmt.Sprintf("%.1f%%", 100*sw.Rank)})
	}
	writeRows(w, rows)
	fmt.Fprintln(w, "\nSources of the ranges:")
	for i, sw := range u.Tornado {
		fmt.Fprintf(w, "  %d. %s\n", i+1, sw.Source)
	}
	fmt.Fprintf(w, "Method: %s.\n", u.Method)
}

func writeTornadoCSV(w io.Writer, u planner.Uncertainty) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"input", "kind", "low", "typical", "high", "unit", "confidence", "source", "days_at_low", "days_at_high", "run_cost_usd_at_low", "run_cost_usd_at_high",
		"monthly_usd_at_low", "monthly_usd_at_high", "swing"})
	for _, sw := range u.Tornado {
		_ = cw.Write([]string{sw.Name, sw.Kind, csvNumber(sw.Low), csvNumber(sw.Typical), csvNumber(sw.High), sw.Unit, sw.Confidence, sw.Source,
			csvNumber(sw.DaysAtLow), csvNumber(sw.DaysAtHigh), csvNumber(sw.RunAtLow), csvNumber(sw.RunAtHigh), csvNumber(sw.MonthlyAtLow), csvNumber(sw.MonthlyAtHigh), csvNumber(sw.Rank)})
	}
	cw.Flush()
	return cw.Error()
}
