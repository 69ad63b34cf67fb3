package tui

import (
	"fmt"
	"strings"
)

// trainingSummary is the Overview's training block: time to train, the
// step-time breakdown and the per-run cost of each job.
func (c common) trainingSummary(ss *session, width int) string {
	jobs := ss.scen.Workloads.Training
	if len(jobs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n" + c.section("Training") + "\n")
	if len(ss.plan.Training) == 0 {
		for _, j := range jobs {
			b.WriteString(fmt.Sprintf("  %s: %gB params × %gB tokens on %s\n", j.Name, j.ParametersB, j.TokensB, j.Cluster))
		}
		b.WriteString(c.Styles.Dim.Render("  time to train: the performance model is not in this build") + "\n")
	}
	return b.String()
}

// trainingFigure is the key-figures entry for training (none until the
// performance model fills the plan).
func (c common) trainingFigure(ss *session) []string { return nil }
