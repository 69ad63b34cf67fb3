package planner

import (
	"fmt"

	"github.com/topoplan/topoplan/model"
)

// Figure is one headline number of a plan, for comparisons and sweeps.
type Figure struct {
	// Key is a stable identifier, e.g. "monthly_cost_usd".
	Key string `json:"key"`
	// Label is the human name.
	Label string `json:"label"`
	// Value is the figure in Unit.
	Value float64 `json:"value"`
	// Unit names the unit ("USD/month", "days", ...).
	Unit string `json:"unit"`
	// LowerIsBetter says which direction is an improvement.
	LowerIsBetter bool `json:"lower_is_better"`
}

// KeyFigures lists a plan's headline numbers in a fixed order: the monthly
// run-rate and its categories, then whatever else the plan evaluates.
func KeyFigures(p model.Plan) []Figure {
	figs := []Figure{{Key: "monthly_cost_usd", Label: "Monthly run-rate", Value: p.MonthlyCost.TotalUSD, Unit: "USD/month", LowerIsBetter: true}}
	for _, c := range p.MonthlyCost.ByCategory {
		figs = append(figs, Figure{Key: "monthly_cost_usd." + c.Category, Label: "  " + c.Category, Value: c.MonthlyUSD, Unit: "USD/month", LowerIsBetter: true})
	}
	figs = append(figs, Figure{Key: "accelerators", Label: "Accelerators", Value: float64(p.Scenario.Accelerators), Unit: "count"})
	figs = append(figs, performanceFigures(p)...)
	return figs
}

// Delta is one figure in two plans.
type Delta struct {
	Figure
	// Baseline is the figure in the baseline plan (NaN-free: 0 when absent).
	Baseline float64 `json:"baseline"`
	// Change is Value − Baseline.
	Change float64 `json:"change"`
	// ChangePct is Change / Baseline × 100 (0 when Baseline is 0).
	ChangePct float64 `json:"change_pct"`
	// Better says the change is an improvement (false when unchanged).
	Better bool `json:"better"`
}

// Compare lists every key figure of plan b against baseline a. Figures present
// in only one plan compare against 0.
func Compare(a, b model.Plan) []Delta {
	base := map[string]float64{}
	for _, f := range KeyFigures(a) {
		base[f.Key] = f.Value
	}
	var out []Delta
	seen := map[string]bool{}
	for _, f := range KeyFigures(b) {
		seen[f.Key] = true
		out = append(out, delta(f, base[f.Key]))
	}
	for _, f := range KeyFigures(a) {
		if !seen[f.Key] {
			g := f
			g.Value = 0
			out = append(out, delta(g, f.Value))
		}
	}
	return out
}

func delta(f Figure, baseline float64) Delta {
	d := Delta{Figure: f, Baseline: baseline, Change: f.Value - baseline}
	if baseline != 0 {
		d.ChangePct = 100 * d.Change / baseline
	}
	if d.Change != 0 && f.Unit != "count" {
		d.Better = (d.Change < 0) == f.LowerIsBetter
	}
	return d
}

// SweepPoint is the plan for one value of a swept parameter.
type SweepPoint struct {
	// Value is the parameter's value as text.
	Value string `json:"value"`
	// Figures are the plan's key figures (nil when Invalid).
	Figures []Figure `json:"figures,omitempty"`
	// Findings counts the plan's findings by severity.
	Findings map[string]int `json:"findings,omitempty"`
	// Invalid explains why the scenario is invalid at this value.
	Invalid string `json:"invalid,omitempty"`
	plan    model.Plan
}

// Plan returns the evaluated plan of a valid point.
func (p SweepPoint) Plan() model.Plan { return p.plan }

// Sweep evaluates the scenario once per value of the field at path (see
// SetField for the path syntax). A value that makes the scenario invalid is
// reported in its point, not as an error; a bad path is an error.
func Sweep(s model.Scenario, cat *model.Catalog, path string, values []string, opt Options) ([]SweepPoint, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("sweep %s: give at least one value", path)
	}
	out := make([]SweepPoint, 0, len(values))
	for _, v := range values {
		s2, err := SetField(s, path, v)
		if err != nil {
			return nil, fmt.Errorf("sweep: %w", err)
		}
		pt := SweepPoint{Value: v}
		if ds := ValidateScenario("sweep", s2, cat).Errors(); len(ds) > 0 {
			pt.Invalid = ds[0].Path + ": " + ds[0].Message
			out = append(out, pt)
			continue
		}
		pt.plan = Evaluate(s2, cat, opt)
		pt.Figures = KeyFigures(pt.plan)
		pt.Findings = map[string]int{}
		for _, f := range pt.plan.Findings {
			pt.Findings[f.Severity]++
		}
		out = append(out, pt)
	}
	return out, nil
}
