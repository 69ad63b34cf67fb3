// Package planner loads and validates scenario files, holds the catalog
// (embedded snapshot plus user overlays) and evaluates a scenario into a
// model.Plan with findings. It composes the pure formulas of package model
// and reads only the files it is handed.
package planner

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/topoplan/topoplan/model"
)

// Options tune an evaluation.
type Options struct {
	// Now is the evaluation time, used for the catalog's age; zero means "do
	// not compute the age" (golden tests).
	Now time.Time
	// layouts memoises layout searches across evaluations of candidates of
	// one compiled baseline (the optimiser's full checks); nil: none.
	layouts layoutCache
	// held are layout searches to reuse and never write (Uncertain's
	// re-evaluations hold the layouts chosen at the typical values); a
	// search missing from held goes to layouts.
	held layoutCache
	// figuresOnly computes only what the bands read (every training job's
	// time to train and run cost, the monthly run-rate): no findings, no
	// address plan, no scaling or bus-bandwidth curves, no layout-search
	// summary. The figures it computes are the full evaluation's
	// (TestFiguresOnlyMatchesEvaluate).
	figuresOnly bool
	// monthly, when set, is the run-rate to use instead of pricing the
	// scenario again (Uncertain's re-evaluations that change no price and
	// no scenario field).
	monthly *model.CostBreakdown
}

// Evaluate turns a validated scenario into a plan. It applies defaults, so
// callers pass the scenario as the user wrote it.
func Evaluate(s model.Scenario, cat *model.Catalog, opt Options) model.Plan {
	sd := ApplyDefaults(s, cat)
	p := model.Plan{
		Schema:   model.PlanSchema,
		Scenario: summarise(sd, cat),
		Catalog: model.CatalogInfo{
			Version:  cat.Version,
			ReadOn:   cat.ReadOn,
			Overlays: cat.Overlays,
		},
		Findings: []model.Finding{},
	}
	if opt.monthly != nil {
		p.MonthlyCost = *opt.monthly
	} else {
		p.MonthlyCost = model.MonthlyRunRate(sd, cat)
	}
	if !opt.Now.IsZero() {
		p.Catalog.AgeDays = CatalogAgeDays(cat, opt.Now)
	}
	evaluatePerformance(&p, sd, cat, &constants{cat: cat, layouts: opt.layouts, held: opt.held, figuresOnly: opt.figuresOnly})
	if opt.figuresOnly {
		return p
	}
	evaluateAddressing(&p, sd, cat)
	p.Findings = append(p.Findings, costFindings(p, cat)...)
	p.Findings = append(p.Findings, capacityBlockFindings(p, sd, cat)...)
	p.Findings = append(p.Findings, residencyFindings(sd)...)
	p.Findings = append(p.Findings, stalenessFindings(p, sd, cat, opt.Now)...)
	if item, readOn, _ := oldestFigure(p); readOn != "" {
		p.Catalog.OldestFigure, p.Catalog.OldestReadOn = item, readOn
	}
	sortFindings(p.Findings)
	return p
}

func summarise(s model.Scenario, cat *model.Catalog) model.ScenarioSummary {
	sum := model.ScenarioSummary{Name: s.Name, Description: s.Description, Region: s.AWS.Region, Clusters: len(s.Clusters)}
	for _, c := range s.Clusters {
		sum.Nodes += c.Nodes
		sum.Accelerators += c.Nodes * cat.Instances[c.InstanceType].AcceleratorCount
	}
	return sum
}

// costFindings flags what an architect must know about the cost figures:
// how much of the total rests on unconfirmed prices, and a stale catalog.
func costFindings(p model.Plan, cat *model.Catalog) []model.Finding {
	var out []model.Finding
	c := p.MonthlyCost
	if c.TotalUSD > 0 && c.UnconfirmedUSD > 0 {
		out = append(out, model.Finding{
			Severity: model.SeverityInfo,
			Code:     "cost.unconfirmed-prices",
			Title:    fmt.Sprintf("$%s of $%s per month (%.0f%%) is priced from figures not confirmed against AWS's price list", money(c.UnconfirmedUSD), money(c.TotalUSD), 100*c.UnconfirmedUSD/c.TotalUSD),
			Detail:   "Lines marked third-party or estimate in the cost table are someone else's reading or ours, not AWS's own price list; check them before quoting.",
			Remedy:   "Run `topoplan catalog refresh` with AWS credentials, or overlay your negotiated prices with --catalog.",
		})
	}
	for _, l := range c.Lines {
		if l.MonthlyUSD == 0 && l.Quantity == 0 && l.Note != "" && l.Confidence == model.ConfidenceEstimate {
			remedy := "Add the price with a catalog overlay (--catalog)."
			if refreshReads(l) {
				remedy = "Run `topoplan catalog refresh` with AWS credentials (it reads this price from AWS's price list), or add the price with a catalog overlay (--catalog)."
			}
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "cost.unpriced", Title: l.Item + ": " + l.Note, Remedy: remedy})
		}
	}
	return out
}

// refreshReads says whether `catalog refresh` reads the price of a cost
// line's kind in every Region (planner/awsapi: FSx for Lustre SSD, S3
// Standard, NAT gateways, interface endpoints, Transit Gateway and the
// standard Site-to-Site VPN connection; not FSx HDD, the large-tunnel VPN,
// hosted Direct Connect ports or data-transfer rates).
func refreshReads(l model.CostLine) bool {
	switch l.Category {
	case model.CostStorage:
		return !strings.Contains(l.Item, "HDD")
	case model.CostNAT, model.CostEndpoints, model.CostTransitGW:
		return true
	case model.CostVPN:
		return !strings.Contains(l.Item, "large-bandwidth")
	}
	return false
}

// sortFindings orders findings most severe first, stable within a level.
func sortFindings(fs []model.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		return model.SeverityRank(fs[i].Severity) > model.SeverityRank(fs[j].Severity)
	})
}

// money formats USD with thousands separators and no cents.
func money(usd float64) string { return model.FormatUSD(usd, 0) }
