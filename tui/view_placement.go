package tui

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// placementFor finds a training job's placement comparison.
func placementFor(p model.Plan, job string) (model.PlacementPlan, bool) {
	for _, pp := range p.Placements {
		if pp.Job == job {
			return pp, true
		}
	}
	return model.PlacementPlan{}, false
}

// placementSection is the Training view's comparison of a job on AWS,
// on-prem and split: nodes on each side, step, days, cost per run and what
// the WAN adds; the scenario's placement is starred and a gradient
// all-reduce over the WAN is shown as critical.
func (c common) placementSection(pp model.PlacementPlan, w int) string {
	s := c.Styles
	var b strings.Builder
	unit := "replicas"
	if pp.SplitBy == model.SplitPipeline {
		unit = "stages"
	}
	b.WriteString(c.section(fmt.Sprintf("Placement · split by %s, %d of %d %s on-prem", pp.SplitBy, pp.SplitOnPrem, pp.SplitTotal, unit)) + "\n")
	b.WriteString(truncate(s.Dim.Render("             AWS+on-prem nodes   step     train    per run"), w) + "\n")
	for _, o := range pp.Options {
		mark := "  "
		if o.Placement == pp.Chosen {
			mark = "★ "
		}
		name := fmt.Sprintf("  %s%-7s", mark, o.Placement)
		if !o.Feasible && o.StepTimeS <= 0 {
			b.WriteString(truncate(name+s.Dim.Render("  "+o.Note), w) + "\n")
			continue
		}
		text := fmt.Sprintf("%s %4d + %-4d %10s %8s %11s", name, o.AWSNodes, o.OnPremNodes, secs(o.StepTimeS), days(o.TimeToTrainDays), usd(o.TotalUSD))
		switch {
		case o.GradientSyncOverWAN:
			text = s.Critical.Render(text + fmt.Sprintf("  ✗ gradient sync over WAN +%s", secs(o.WANSecondsPerStep)))
		case o.WANSecondsPerStep > 0:
			text += s.Dim.Render(fmt.Sprintf("  WAN +%s", secs(o.WANSecondsPerStep)))
		}
		if !o.Feasible {
			text += s.Warning.Render(" · ⚠ " + o.Note)
		}
		b.WriteString(truncate(text, w) + "\n")
	}
	wan := fmt.Sprintf("WAN %s ↔ AWS %.1f Gbps usable, RTT %g ms", pp.Site, pp.LinkUsableGbps, pp.RTTMs)
	if pp.Dataset != "" {
		at := pp.DatasetAt
		if at == model.PlacementAWS {
			at = "AWS"
		}
		wan += fmt.Sprintf(" · %s (%s TB) at %s", pp.Dataset, model.FormatUSD(pp.DatasetTB, 0), at)
	}
	for _, l := range wrapIndent(wan, "    ", w) {
		b.WriteString(s.Dim.Render(l) + "\n")
	}
	return b.String()
}
