package tui

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// topology draws the estate as a text tree: site → links → region → VPC →
// AZ → subnets → clusters and storage.
type topology struct{}

func (topology) Title() string { return "Topology" }

func (topology) Render(c common, ss *session) string {
	s := planner.ApplyDefaults(ss.scen, ss.cat)
	st := c.Styles
	var b strings.Builder
	w := c.Width
	line := func(indent int, text string) {
		b.WriteString(truncate(strings.Repeat("  ", indent)+text, w) + "\n")
	}
	line(0, st.Subtitle.Render("On-prem"))
	if len(s.Sites) == 0 {
		line(1, st.Dim.Render("no sites"))
	}
	for _, site := range s.Sites {
		text := "▣ " + site.Name
		if len(site.CIDRs) > 0 {
			text += st.Dim.Render("  " + strings.Join(site.CIDRs, ", "))
		}
		line(1, text)
		for _, d := range site.Datasets {
			line(2, fmt.Sprintf("◇ %s  %s TB", d.Name, model.FormatUSD(d.SizeTB, 0)))
		}
		for _, g := range site.GPUs {
			line(2, fmt.Sprintf("◆ %d × %s", g.Count, g.Model))
		}
		for _, o := range ss.plan.OnPrem {
			if o.Site != site.Name {
				continue
			}
			text := fmt.Sprintf("◆ %s  %d × %s · %d accelerators · %s %g Gbps/node", o.Cluster, o.Nodes, o.Node, o.Accelerators, o.Fabric, o.FabricGbpsPerNode)
			if o.Priced {
				text += st.Dim.Render(fmt.Sprintf(" · $%s/accel-h", model.FormatUSD(o.Cost.AcceleratorHourUSD, 2)))
			}
			line(2, text)
		}
		for _, l := range s.Links {
			if l.Site != site.Name {
				continue
			}
			count := max(l.Count, 1)
			text := fmt.Sprintf("═╡ %s  %s %d × %g Gbps", l.Name, l.Type, count, l.SpeedGbps)
			if l.Type == model.LinkVPN {
				text = fmt.Sprintf("─╡ %s  vpn %d tunnels", l.Name, max(l.Tunnels, 2))
			}
			if l.TransitGateway {
				text += " via TGW"
			}
			if l.Location != "" {
				text += st.Dim.Render(" @ " + l.Location)
			}
			text += " ══▶ " + s.AWS.Region
			line(2, text)
		}
	}
	line(0, "")
	line(0, st.Subtitle.Render("AWS "+s.AWS.Region))
	vpc := "VPC " + s.AWS.VPCCIDR
	if len(s.AWS.SecondaryCIDRs) > 0 {
		vpc += " + " + strings.Join(s.AWS.SecondaryCIDRs, ", ")
	}
	if s.AWS.NATGateways > 0 {
		vpc += fmt.Sprintf(" · %d NAT", s.AWS.NATGateways)
	}
	if n := len(s.AWS.InterfaceEndpoints); n > 0 {
		vpc += fmt.Sprintf(" · %d endpoints", n)
	}
	line(1, vpc)
	subnetsByAZ := map[string][]model.PlannedSubnet{}
	if a := ss.plan.Addressing; a != nil {
		for _, sn := range a.Subnets {
			subnetsByAZ[sn.AZ] = append(subnetsByAZ[sn.AZ], sn)
		}
	}
	home := func(c model.Cluster) bool { return c.Region == "" || c.Region == s.AWS.Region }
	clusterText := func(cl model.Cluster) string {
		text := fmt.Sprintf("■ %s  %d × %s", cl.Name, cl.Nodes, cl.InstanceType)
		if cl.Orchestrator != "" && cl.Orchestrator != model.OrchestratorNone {
			text += " · " + cl.Orchestrator
		}
		return text
	}
	fsxText := func(f *model.FSxLustre) string {
		return fmt.Sprintf("◎ FSx for Lustre %s  %g TiB", f.DeploymentType, f.CapacityTiB)
	}
	for _, az := range s.AWS.AvailabilityZones {
		line(2, "AZ "+az)
		placed := map[string]bool{}
		fsxPlaced := false
		// Subnets, each with what it holds: a cluster subnet its cluster,
		// the storage subnet the file system.
		for _, sn := range subnetsByAZ[az] {
			line(3, fmt.Sprintf("▭ %s %s", sn.Name, st.Dim.Render(sn.CIDR)))
			for _, cl := range s.Clusters {
				if sn.Cluster == cl.Name && home(cl) && !placed[cl.Name] {
					line(4, clusterText(cl))
					placed[cl.Name] = true
				}
			}
			if f := s.Storage.FSxLustre; f != nil && sn.Purpose == model.SubnetStorage && f.AZ == az && !fsxPlaced {
				line(4, fsxText(f))
				fsxPlaced = true
			}
		}
		// Whatever has no subnet of its own in the plan sits under the AZ.
		for _, cl := range s.Clusters {
			inAZ := cl.AZ == az
			for _, a := range cl.AZs {
				inAZ = inAZ || a == az
			}
			if home(cl) && inAZ && !placed[cl.Name] {
				line(3, clusterText(cl))
			}
		}
		if f := s.Storage.FSxLustre; f != nil && f.AZ == az && !fsxPlaced {
			line(3, fsxText(f))
		}
	}
	if s.Storage.S3 != nil {
		line(1, fmt.Sprintf("◎ S3  %s TB", model.FormatUSD(s.Storage.S3.SizeTB, 0)))
	}
	for _, cl := range s.Clusters {
		if !home(cl) {
			line(0, "")
			line(0, st.Subtitle.Render("AWS "+cl.Region))
			line(1, fmt.Sprintf("■ %s  %d × %s", cl.Name, cl.Nodes, cl.InstanceType))
		}
	}
	return b.String()
}
