package tui

import (
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"

	"github.com/topoplan/topoplan/model"
)

// baseJob finds a training job of the baseline plan by name.
func baseJob(base *model.Plan, job string) (model.TrainingPlan, bool) {
	if base == nil {
		return model.TrainingPlan{}, false
	}
	for _, t := range base.Training {
		if t.Job == job {
			return t, true
		}
	}
	return model.TrainingPlan{}, false
}

// days formats a duration in days.
func days(v float64) string { return fmt.Sprintf("%.1f d", v) }

// secs formats a duration in seconds with sensible precision.
func secs(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f s", v)
	case v >= 1:
		return fmt.Sprintf("%.2f s", v)
	}
	return fmt.Sprintf("%.3f s", v)
}

// trainingSummary is the Overview's training block: time to train, the
// step-time breakdown (compute / exposed communication / I/O stall) as a
// stacked bar, scaling efficiency and the per-run cost of each job.
func (c common) trainingSummary(ss *session, width int) string {
	jobs := ss.plan.Training
	if len(jobs) == 0 {
		return ""
	}
	s := c.Styles
	var b strings.Builder
	b.WriteString("\n" + c.section("Training") + "\n")
	for _, t := range jobs {
		bt, hasBase := baseJob(ss.baseline, t.Job)
		d := func(cur, base float64, bt better, f func(float64) string) string {
			if !hasBase {
				return ""
			}
			return "  " + c.delta(cur, base, bt, f)
		}
		b.WriteString(fmt.Sprintf("  %s · %d × %s · %d accelerators\n", s.Value.Render(t.Job), t.Nodes, t.InstanceType, t.Accelerators))
		b.WriteString("  " + padRight("Time to train", 22) + padLeft(s.Value.Render(days(t.TimeToTrainDays)), 14) + d(t.TimeToTrainDays, bt.TimeToTrainDays, lowerIsBetter, days) + "\n")
		b.WriteString("  " + padRight("Cost per run", 22) + padLeft(s.Value.Render(usd(t.RunCost.TotalUSD)), 14) + d(t.RunCost.TotalUSD, bt.RunCost.TotalUSD, lowerIsBetter, usd) + "\n")
		b.WriteString("  " + padRight("Scaling efficiency", 22) + padLeft(s.Value.Render(fmt.Sprintf("%.1f%%", 100*t.ScalingEfficiency)), 14) + d(t.ScalingEfficiency, bt.ScalingEfficiency, higherIsBetter, nil) + "\n")
		b.WriteString(c.stepBar(t, bt, hasBase, width) + "\n")
	}
	return b.String()
}

// stepBar draws one step's time as a stacked bar: compute, exposed
// communication, I/O stall; with a baseline, the baseline's bar below it on
// the same scale.
func (c common) stepBar(t, bt model.TrainingPlan, hasBase bool, width int) string {
	s := c.Styles
	seg := func(p model.TrainingPlan) []barchart.BarValue {
		return []barchart.BarValue{
			{Name: "compute", Value: p.StepComputeS, Style: s.Compute},
			{Name: "comm", Value: p.ExposedCommS, Style: s.Comm},
			{Name: "I/O", Value: p.IOStallS, Style: s.IO},
		}
	}
	suffix := secs(t.StepTimeS)
	if hasBase {
		suffix += " " + c.delta(t.StepTimeS, bt.StepTimeS, lowerIsBetter, nil)
	}
	bars := []hbar{{Label: "  step", Segments: seg(t), Suffix: suffix}}
	maxV := t.StepTimeS
	if hasBase {
		bars = append(bars, hbar{Label: "  baseline", Segments: seg(bt), Suffix: secs(bt.StepTimeS)})
		maxV = max(maxV, bt.StepTimeS)
	}
	// Colour tells the segments apart; the legend carries the numbers, so
	// the breakdown reads the same without colour.
	legend := fmt.Sprintf("  %s compute %s · %s exposed comm %s · %s I/O stall %s",
		s.Compute.Render("█"), secs(t.StepComputeS), s.Comm.Render("█"), secs(t.ExposedCommS), s.IO.Render("█"), secs(t.IOStallS))
	return c.hbars(bars, width, maxV) + "\n" + truncate(legend, width)
}

// trainingFigure is the key-figures entry for training: the first job's
// time to train and its delta.
func (c common) trainingFigure(ss *session) []string {
	if len(ss.plan.Training) == 0 {
		return nil
	}
	t := ss.plan.Training[0]
	out := "train " + days(t.TimeToTrainDays)
	if bt, ok := baseJob(ss.baseline, t.Job); ok {
		out += " " + c.delta(t.TimeToTrainDays, bt.TimeToTrainDays, lowerIsBetter, nil)
	}
	run := "run " + usd(t.RunCost.TotalUSD)
	if bt, ok := baseJob(ss.baseline, t.Job); ok {
		run += " " + c.delta(t.RunCost.TotalUSD, bt.RunCost.TotalUSD, lowerIsBetter, nil)
	}
	return []string{out, run}
}
