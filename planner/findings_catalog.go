package planner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/topoplan/topoplan/model"
)

// capacityBlockFindings turns each training run on a Capacity Block cluster
// into the blocks it must buy: the number of blocks (a run longer than the
// longest block needs consecutive blocks or extensions, each bought and paid
// upfront, with capacity not guaranteed), the days billed after rounding up
// to AWS's increments, and the upfront payment.
func capacityBlockFindings(p model.Plan, s model.Scenario, cat *model.Catalog) []model.Finding {
	var out []model.Finding
	rules := cat.CapacityBlocks
	if rules.MaxDays() <= 0 {
		return nil
	}
	for _, tp := range p.Training {
		ci := slices.IndexFunc(s.Clusters, func(c model.Cluster) bool { return c.Name == tp.Cluster })
		if ci < 0 || s.Clusters[ci].Purchase.Option != model.PurchaseCapacityBlock || tp.TimeToTrainHours <= 0 {
			continue
		}
		c := s.Clusters[ci]
		price, ok := cat.Instances[c.InstanceType].Prices[c.Region]
		if !ok || price.CapacityBlock == nil {
			continue
		}
		usd, _, _ := model.InstanceHourlyUSD(price, c.Purchase)
		sp := model.SpanCapacityBlocks(tp.TimeToTrainHours, rules)
		upfront := float64(c.Nodes) * float64(sp.BilledDays) * 24 * usd
		days := make([]string, len(sp.BlockDays))
		for i, d := range sp.BlockDays {
			days[i] = fmt.Sprintf("%d", d)
		}
		detail := fmt.Sprintf("%d × %s at $%s per instance-hour (rate seen %s): blocks of %s days = %d days billed for a %.1f-day run; $%s paid upfront when the blocks are bought (%s).",
			c.Nodes, c.InstanceType, model.FormatUnitUSD(usd), price.CapacityBlock.EffectiveOn, strings.Join(days, " + "), sp.BilledDays, tp.TimeToTrainDays,
			money(upfront), rules.URL)
		if sp.Blocks > 1 {
			out = append(out, model.Finding{
				Severity: model.SeverityWarning,
				Code:     "capacity-block.too-long",
				Title:    fmt.Sprintf("Job %s runs %.0f days on Capacity Blocks, longer than the longest block (%d days): it needs %d consecutive blocks", tp.Job, tp.TimeToTrainDays, rules.MaxDays(), sp.Blocks),
				Detail:   detail + " Each further block or extension is bought separately, only if capacity is available, and paid upfront.",
				Remedy:   "Shorten the run (more nodes), plan the extensions with their dates, or buy the capacity on-demand, under a Savings Plan or as a capacity reservation where it is sold.",
			})
			continue
		}
		out = append(out, model.Finding{
			Severity: model.SeverityInfo,
			Code:     "capacity-block.upfront",
			Title:    fmt.Sprintf("Job %s: one Capacity Block of %d days, $%s paid upfront", tp.Job, sp.BilledDays, money(upfront)),
			Detail:   detail,
		})
	}
	return out
}

// oldestFigure is the oldest dated price among a plan's cost lines (the
// figures the plan actually uses), "" when none is dated.
func oldestFigure(p model.Plan) (item, readOn, source string) {
	for _, l := range p.MonthlyCost.Lines {
		if l.ReadOn == "" || l.Quantity == 0 {
			continue
		}
		if readOn == "" || l.ReadOn < readOn {
			item, readOn, source = l.Item, l.ReadOn, l.Source
		}
	}
	return item, readOn, source
}

// stalenessFindings warns when the oldest price the plan uses is older than
// catalog_max_age_days on the evaluation day, naming it; and when a
// Capacity Block rate in use was seen longer ago than that, since AWS
// revises those rates (they rose 20-32% between March and July 2026).
func stalenessFindings(p model.Plan, s model.Scenario, cat *model.Catalog, now time.Time) []model.Finding {
	maxAge, ok := cat.Constants["catalog_max_age_days"]
	if now.IsZero() || !ok {
		return nil
	}
	var out []model.Finding
	age := func(date string) int {
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			return 0
		}
		return int(now.Sub(t).Hours() / 24)
	}
	if item, readOn, src := oldestFigure(p); readOn != "" && age(readOn) > int(maxAge.Value) {
		limit := int(maxAge.Value)
		priced, stale := 0, 0
		for _, l := range p.MonthlyCost.Lines {
			if l.ReadOn == "" || l.Quantity == 0 {
				continue
			}
			priced++
			if age(l.ReadOn) > limit {
				stale++
			}
		}
		out = append(out, model.Finding{
			Severity: model.SeverityWarning,
			Code:     "catalog.stale",
			Title: fmt.Sprintf("The oldest price this plan uses is %d days old: %s (read %s; limit %d days on %s)",
				age(readOn), item, readOn, limit, now.Format("2006-01-02")),
			Detail: fmt.Sprintf("Source: %s. %d of the plan's %d dated cost lines rest on figures read more than %d days (catalog_max_age_days) before %s. The catalog snapshot is dated %s, but each figure carries the date its data was read, and the warning uses the oldest figure the plan prices with.",
				src, stale, priced, limit, now.Format("2006-01-02"), cat.ReadOn),
			Remedy: "Run `topoplan catalog refresh` or overlay current prices with --catalog.",
		})
	}
	seen := map[string]bool{}
	for _, c := range s.Clusters {
		if c.Purchase.Option != model.PurchaseCapacityBlock {
			continue
		}
		cb := cat.Instances[c.InstanceType].Prices[c.Region].CapacityBlock
		if cb == nil || seen[c.InstanceType+c.Region] || age(cb.EffectiveOn) <= int(maxAge.Value) {
			continue
		}
		seen[c.InstanceType+c.Region] = true
		detail := fmt.Sprintf("Rate $%s per instance-hour seen in effect on %s.", model.FormatUnitUSD(cb.USDPerHour), cb.EffectiveOn)
		for _, e := range cb.Earlier {
			detail += fmt.Sprintf(" Earlier: $%s on %s.", model.FormatUnitUSD(e.USDPerHour), e.EffectiveOn)
		}
		out = append(out, model.Finding{
			Severity: model.SeverityWarning,
			Code:     "capacity-block.rate-dated",
			Title:    fmt.Sprintf("The %s Capacity Block rate in %s was seen %d days ago; AWS revises these rates", c.InstanceType, c.Region, age(cb.EffectiveOn)),
			Detail:   detail + " The price of a block is fixed when it is bought (DescribeCapacityBlockOfferings shows it).",
			Remedy:   "Check the current rate on https://aws.amazon.com/ec2/capacityblocks/pricing/ or with DescribeCapacityBlockOfferings, and overlay it.",
		})
	}
	return out
}
