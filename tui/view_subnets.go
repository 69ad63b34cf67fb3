package tui

import "strings"

// subnets shows the address plan table with conflicts highlighted.
type subnets struct{}

func (subnets) Title() string { return "Subnets" }

func (subnets) Render(c common, ss *session) string {
	var b strings.Builder
	b.WriteString(c.section("Address plan") + "\n")
	if ss.plan.Addressing == nil {
		b.WriteString(c.Styles.Dim.Render("  the subnet planner is not in this build") + "\n")
	}
	return b.String()
}
