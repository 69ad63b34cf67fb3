package tui

import (
	"fmt"
	"strings"
)

// network shows link capacity and transfer times, and the allreduce
// bus-bandwidth and scaling-efficiency charts.
type network struct{}

func (network) Title() string { return "Network" }

func (network) Render(c common, ss *session) string {
	var b strings.Builder
	b.WriteString(c.section("Links") + "\n")
	for _, l := range ss.scen.Links {
		b.WriteString(fmt.Sprintf("  %s  %s %d × %g Gbps\n", l.Name, l.Type, max(l.Count, 1), l.SpeedGbps))
	}
	b.WriteString(c.Styles.Dim.Render("  capacity and transfer times: the performance model is not in this build") + "\n")
	return b.String()
}
