package tui

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// subnets shows the address plan: one row per subnet with its size, need and
// headroom; rows that overlap an on-prem range, and subnets that did not fit,
// are highlighted.
type subnets struct{}

func (subnets) Title() string { return "Subnets" }

func (subnets) Render(c common, ss *session) string {
	p, base := ss.plan, ss.baseline
	s := c.Styles
	w := c.Width
	var b strings.Builder
	a := p.Addressing
	if a == nil {
		b.WriteString(c.section("Address plan") + "\n")
		b.WriteString(s.Dim.Render("  no address plan") + "\n")
		return b.String()
	}
	b.WriteString(c.section("Address plan · VPC "+strings.Join(a.VPCCIDRs, ", ")) + "\n")
	if !a.Fits {
		msg := "  ✗ " + a.Error
		if a.SmallestFittingVPC != "" && !strings.Contains(a.Error, a.SmallestFittingVPC) {
			// (The planner's message usually names it already.)
			msg += " — smallest VPC that fits: " + a.SmallestFittingVPC
		}
		for _, l := range wrap(msg, w) {
			b.WriteString(s.Bad.Render(l) + "\n")
		}
	}
	var sites []netip.Prefix
	for _, cf := range a.Conflicts {
		if pfx, err := netip.ParsePrefix(cf.SiteCIDR); err == nil {
			sites = append(sites, pfx)
		}
	}
	baseSub := map[string]model.PlannedSubnet{}
	if base != nil && base.Addressing != nil {
		for _, sn := range base.Addressing.Subnets {
			baseSub[sn.Name] = sn
		}
	}
	// Narrow panes drop the purpose and AZ columns: subnet names carry both.
	wide := w >= 100
	fixed := 16 + 7 + 7 + 9 + 6
	if wide {
		fixed += 10 + 12
	}
	nameW := min(max(w-fixed-8, 12), 34)
	cols := func(name, purpose, az, cidr, usable, needed, headroom string) string {
		if wide {
			return fmt.Sprintf("  %-*s %-9s %-11s %-16s %7s %7s %9s", nameW, name, purpose, az, cidr, usable, needed, headroom)
		}
		return fmt.Sprintf("  %-*s %-16s %7s %7s %9s", nameW, name, cidr, usable, needed, headroom)
	}
	head := cols("SUBNET", "PURPOSE", "AZ", "CIDR", "USABLE", "NEEDED", "HEADROOM")
	b.WriteString(s.Dim.Render(truncate(head, w)) + "\n")
	for _, sn := range a.Subnets {
		conflict := false
		if pfx, err := netip.ParsePrefix(sn.CIDR); err == nil {
			for _, site := range sites {
				conflict = conflict || pfx.Overlaps(site)
			}
		}
		cidr := sn.CIDR
		if cidr == "" {
			cidr = "(no room)"
		}
		row := cols(truncate(sn.Name, nameW), sn.Purpose, sn.AZ, cidr, fmt.Sprint(sn.UsableIPs), fmt.Sprint(sn.NeededIPs), headroom(sn))
		if old, ok := baseSub[sn.Name]; ok && base != nil {
			row += " " + c.delta(float64(sn.NeededIPs), float64(old.NeededIPs), lowerIsBetter, nil)
		} else if base != nil && base.Addressing != nil {
			row += " " + s.Neutral.Render("new")
		}
		switch {
		case conflict:
			row = s.Critical.Render(truncate("!"+row[1:], w))
		case sn.CIDR == "":
			row = s.Bad.Render(truncate(row, w))
		default:
			row = truncate(row, w)
		}
		b.WriteString(row + "\n")
	}
	if len(a.Conflicts) > 0 {
		b.WriteString("\n" + s.Critical.Render(fmt.Sprintf("Overlaps with on-prem ranges (%d)", len(a.Conflicts))) + "\n")
		for _, cf := range a.Conflicts {
			b.WriteString(s.Critical.Render(truncate(fmt.Sprintf("  ! %s overlaps %s at site %s", cf.VPCCIDR, cf.SiteCIDR, cf.Site), w)) + "\n")
		}
	} else {
		b.WriteString("\n" + s.Good.Render("  ✓ no overlap with on-prem ranges") + "\n")
	}
	if len(a.Free) > 0 {
		b.WriteString(s.Dim.Render(truncate("  free: "+strings.Join(a.Free, ", "), w)) + "\n")
	}
	for _, cl := range a.Clusters {
		if !cl.InScope {
			continue
		}
		b.WriteString(s.Dim.Render(truncate(fmt.Sprintf("  %s: %d nodes need %d addresses", cl.Name, cl.Nodes, cl.NeededIPs), w)) + "\n")
	}
	return b.String()
}

// headroom formats a subnet's headroom; "—" when nothing is needed in it yet.
func headroom(sn model.PlannedSubnet) string {
	if sn.NeededIPs == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", sn.HeadroomPct)
}
