package export

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// Slide geometry for the overview: a 16:9 slide of 1920 × 1080 pixels is
// 13.333 × 7.5 inches (PowerPoint and Google Slides widescreen), i.e. 960 ×
// 540 points; text that must stay readable on it is at least SlideMinTextPt
// once the whole diagram is scaled to fit.
const (
	SlideWidthPt   = 960.0
	SlideHeightPt  = 540.0
	SlideMinTextPt = 9.0
)

// overviewFont is the overview's node text size in points, chosen so that
// estates up to 4 sites and 8 clusters still scale to ≥ SlideMinTextPt on a
// 16:9 slide (TestDiagramOverviewFitsSlide).
const overviewFont = 16

// DiagramOverviewDOT draws the estate for a review slide: one box per on-prem
// site and per link (capacity, usable throughput, the tightest transfer
// against its window), the Direct Connect gateway, and the home region's VPC
// with one box per cluster, FSx for Lustre and the S3 data lake, left to right
// from on-prem to AWS, with AWS's group colours. Subnets, AZs, endpoints and
// NAT are left to the detail diagram (DiagramDOT), so the overview fits a
// 16:9 slide at a readable size. The same edges as the detail diagram are
// red only when constrained (BottleneckThreshold).
func DiagramOverviewDOT(in Input) []byte {
	d := &diagram{in: in, w: &dotWriter{}, groups: map[string][]string{}}
	w := d.w
	w.line("digraph topoplan_overview {")
	w.indent++
	w.line(fmt.Sprintf("graph [rankdir=LR, newrank=true, nodesep=0.12, ranksep=0.3, margin=0.05, pad=0.05, fontname=%s, fontsize=%d, labeljust=l, label=%s, labelloc=t];",
		q(DiagramFont), overviewFont+2, q(overviewTitle(in))))
	w.line(fmt.Sprintf("node [shape=box, style=\"rounded,filled\", fillcolor=white, color=\"#333333\", fontname=%s, fontsize=%d, margin=\"0.08,0.04\"];", q(DiagramFont), overviewFont))
	w.line(fmt.Sprintf("edge [color=%s, fontname=%s, fontsize=%d, arrowsize=0.8];", q(colourEdge), q(DiagramFont), overviewFont))
	s := in.Scenario
	var sites []string
	for _, site := range s.Sites {
		lines := []string{site.Name}
		if len(site.CIDRs) > 0 {
			lines = append(lines, strings.Join(site.CIDRs, ", "))
		}
		tb := 0.0
		for _, ds := range site.Datasets {
			tb += ds.SizeTB
		}
		if tb > 0 {
			lines = append(lines, fmt.Sprintf("%s TB of data", trimFloat(tb)))
		}
		for _, o := range in.Plan.OnPrem {
			if o.Site == site.Name {
				l := fmt.Sprintf("%s: %d × %s (%d GPUs)", o.Cluster, o.Nodes, o.Node, o.Accelerators)
				if o.Priced {
					l += fmt.Sprintf(", $%s/GPU-h", model.FormatUSD(o.Cost.AcceleratorHourUSD, 2))
				}
				lines = append(lines, l)
			}
		}
		for _, l := range s.Links {
			if l.Site == site.Name {
				lines = append(lines, d.overviewLinkLines(l)...)
			}
		}
		w.node(siteID(site.Name), qLines(lines, "l"), fmt.Sprintf("fillcolor=%q, color=%q", colourOnPrem, colourOnPremBorder))
		sites = append(sites, q(siteID(site.Name)))
	}
	w.group("cluster_region_"+s.AWS.Region, "Region "+s.AWS.Region, colourRegion, colourRegionBorder, "dashed")
	if len(in.tgwLinks()) > 0 {
		d.tgw = "tgw"
		w.node(d.tgw, q("Transit Gateway\n(not in template)"), "shape=invhouse, style=\"dashed,filled\", fillcolor=\"#fff4d6\"")
	}
	if s.Storage.S3 != nil {
		d.s3 = "s3"
		w.node(d.s3, qLines([]string{"Amazon S3", trimFloat(s.Storage.S3.SizeTB) + " TB"}, ""), "shape=cylinder, fillcolor=\"#e8f4e8\"")
	}
	w.group("cluster_vpc", "VPC "+strings.Join(vpcCIDRsOf(in), " + "), colourVPC, colourVPCBorder, "")
	if len(in.vgwLinks()) > 0 {
		d.vgw = "vgw"
		label := "Virtual private\ngateway"
		if len(in.dxOnVGW()) > 0 {
			label = "Direct Connect gateway\n+ virtual private\ngateway"
		}
		w.node(d.vgw, q(label), "fillcolor=\"#fff4d6\"")
	}
	// Same-rank nodes stack bottom-up in declaration order with
	// rankdir=LR: declare in reverse to read top-down in scenario order.
	home := in.homeClusters()
	for i := len(home) - 1; i >= 0; i-- {
		c := home[i]
		id := groupID(c.Name, "vpc")
		d.groups[c.Name] = append(d.groups[c.Name], id)
		w.node(id, qLines(d.overviewClusterLines(c), ""), "fillcolor=\"#dbe9ff\", penwidth=1.5")
		d.inVPC = append(d.inVPC, id)
	}
	if f := s.Storage.FSxLustre; f != nil {
		d.fsx = "fsx"
		w.node(d.fsx, qLines([]string{"FSx for Lustre", fmt.Sprintf("%s TiB, %s", trimFloat(f.CapacityTiB), rate(f.CapacityTiB*f.ThroughputMBpsPerTiB/1000))}, ""),
			"shape=cylinder, fillcolor=\"#e8f4e8\"")
		d.inVPC = append(d.inVPC, d.fsx)
	}
	w.close() // vpc
	w.close() // region
	remote := map[string][]model.Cluster{}
	for _, c := range in.remoteClusters() {
		remote[c.Region] = append(remote[c.Region], c)
	}
	for _, r := range sortedKeys(remote) {
		w.group("cluster_region_"+r, "Region "+r+" (not planned here)", colourRemote, colourRegionBorder, "dashed")
		for _, c := range remote[r] {
			id := groupID(c.Name, r)
			d.groups[c.Name] = append(d.groups[c.Name], id)
			w.node(id, qLines(d.overviewClusterLines(c), ""), "fillcolor=\"#dbe9ff\"")
		}
		w.close()
	}
	// Edges: on-prem → link → gateway; the on-prem data path to S3; FSx.
	for _, l := range s.Links {
		to, style := d.vgw, ""
		if l.TransitGateway {
			to, style = d.tgw, "style=dashed"
		}
		d.edges = append(d.edges, dotEdge{key: "link:" + l.Name, from: siteID(l.Site), to: to, style: style})
	}
	if in.s3InterfaceEndpoint() {
		d.edges = append(d.edges, dotEdge{key: "s3ie", from: d.vgw, to: d.s3, label: "on-prem data\nS3 endpoint"})
	}
	if gw := d.vgw; gw != "" {
		for _, id := range d.inVPC {
			d.edges = append(d.edges, dotEdge{key: "order:" + id, from: gw, to: id, style: "style=invis"})
		}
	}
	for _, c := range in.homeClusters() {
		if d.fsx != "" && in.fsxClient(c) {
			d.edges = append(d.edges, dotEdge{key: "fsx:" + c.Name, from: groupID(c.Name, "vpc"), to: d.fsx, style: "dir=both"})
		}
	}
	if repo := in.fsxRepository(); d.fsx != "" && d.s3 != "" && repo != "" {
		d.edges = append(d.edges, dotEdge{key: "fsx-s3", from: d.fsx, to: d.s3, style: "dir=both"})
	}
	// Other regions right of the home region, joined by the inter-region
	// traffic.
	if home := in.homeClusters(); len(home) > 0 {
		for _, c := range in.remoteClusters() {
			d.edges = append(d.edges, dotEdge{key: "region:" + c.Name, from: groupID(home[0].Name, "vpc"), to: groupID(c.Name, c.Region),
				label: "inter-region", style: "style=dashed, dir=both"})
		}
	}
	d.writeEdges()
	if len(sites) > 0 {
		w.line("{ rank=min; " + strings.Join(sites, "; ") + "; }")
	}
	w.indent--
	w.line("}")
	return []byte(w.String())
}

func overviewTitle(in Input) string {
	t := fmt.Sprintf("%s: %s, %d nodes, %d accelerators, $%s/month", in.Plan.Scenario.Name, in.Plan.Scenario.Region,
		in.Plan.Scenario.Nodes, in.Plan.Scenario.Accelerators, model.FormatUSD(in.Plan.MonthlyCost.TotalUSD, 0))
	if b := (&diagram{in: in}).bottleneck(); b.key != "" && b.load >= BottleneckThreshold {
		t += "\nRed: constrained (" + b.why + ")"
	}
	return t
}

// vpcCIDRsOf are the VPC's CIDRs from the address plan, else the scenario.
func vpcCIDRsOf(in Input) []string {
	if a := in.Plan.Addressing; a != nil && len(a.VPCCIDRs) > 0 {
		return a.VPCCIDRs
	}
	return append([]string{in.Scenario.AWS.VPCCIDR}, in.Scenario.AWS.SecondaryCIDRs...)
}

// overviewLinkLines: the link's name, kind and usable throughput, and the
// data set whose transfer is tightest against its window.
func (d *diagram) overviewLinkLines(l model.Link) []string {
	kind := fmt.Sprintf("%d×%s Gbps DX", max(l.Count, 1), trimFloat(l.SpeedGbps))
	if l.Type == model.LinkVPN {
		kind = fmt.Sprintf("VPN ×%d tunnels", l.Tunnels)
	}
	first := "→ " + l.Name + " " + kind
	var lines []string
	if lp := d.in.linkPlan(l.Name); lp != nil {
		first += ", " + oneDecimal(lp.UsableGbps) + " Gbps usable"
		lines = append(lines, first)
		worst, load := "", 0.0
		for _, t := range lp.Transfers {
			if t.WindowHours > 0 && t.Hours/t.WindowHours >= load {
				worst, load = fmt.Sprintf("   %s TB in %s h (window %s h)", trimFloat(t.SizeTB), oneDecimal(t.Hours), trimFloat(t.WindowHours)), t.Hours/t.WindowHours
			}
		}
		if worst != "" {
			lines = append(lines, worst)
		}
		return lines
	}
	return []string{first}
}

// overviewClusterLines: name, node group, orchestrator and purchase.
func (d *diagram) overviewClusterLines(c model.Cluster) []string {
	inst := d.in.instance(c.InstanceType)
	g := fmt.Sprintf("%d × %s", c.Nodes, c.InstanceType)
	if inst.AcceleratorCount > 0 {
		g += fmt.Sprintf(" (%d %s)", c.Nodes*inst.AcceleratorCount, strings.Fields(shortAccel(inst.AcceleratorModel))[0])
	}
	return []string{c.Name + ": " + c.Orchestrator + ", " + c.Purchase.Option, g}
}
