package export

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// DiagramFont is the font family the diagram names for every label. Graphviz
// sizes boxes with its built-in metrics for this family (Liberation Sans is
// metric-compatible with Arial/Helvetica), and the PNG renderer draws text
// with the embedded Liberation Sans, so text fits on machines without fonts.
const DiagramFont = "Liberation Sans"

// Colours of the diagram, after AWS's architecture-diagram group
// conventions: Region teal (dashed), VPC purple, Availability Zone teal
// (dashed), public subnet green, private subnet blue-teal, corporate data
// centre grey.
const (
	colourBottleneck   = "#d62728"
	colourEdge         = "#444444"
	colourRegionBorder = "#00A4A6"
	colourRegion       = "#ffffff"
	colourVPCBorder    = "#8C4FFF"
	colourVPC          = "#faf7ff"
	colourAZBorder     = "#00A4A6"
	colourAZ           = "#ffffff"
	colourPublicBorder = "#7AA116"
	colourPublic       = "#f2f6e8"
	colourPrivBorder   = "#00A4A6"
	colourPrivate      = "#e6f6f7"
	colourOnPremBorder = "#7D8998"
	colourOnPrem       = "#f2f3f3"
	colourDXBorder     = "#8C4FFF"
	colourDX           = "#f4efff"
	colourRemote       = "#fbf3ff"
)

// BottleneckThreshold is the load (share of an edge's capacity) from which
// the most loaded edge is drawn red: below it nothing is constrained and no
// edge is highlighted.
const BottleneckThreshold = 0.5

// DiagramDOT draws the estate as a Graphviz DOT graph: nested clusters for
// on-prem sites, Direct Connect locations and VPN, the AWS region, the VPC,
// its availability zones and subnets (from the address plan when there is
// one), with each cluster drawn as one node-group box, FSx for Lustre, S3,
// endpoints and gateways. Edges carry bandwidth, latency and monthly cost
// where the plan has them; the plan's top bottleneck edge is drawn thick and
// red; a legend names the scenario, the date and the catalog.
//
// The output is deterministic: the same input gives byte-identical DOT.
func DiagramDOT(in Input) []byte {
	d := &diagram{in: in, w: &dotWriter{}}
	d.build()
	return []byte(d.w.String())
}

// diagram accumulates the DOT text of one estate.
type diagram struct {
	in    Input
	w     *dotWriter
	edges []dotEdge
	// ids of nodes drawn, by role
	vgw, tgw, dxgw, igw, s3, s3gw, s3ie, fsx, internet string
	// node groups by cluster name (one per AZ for multi-AZ clusters)
	groups map[string][]string
	// nat gateways drawn
	nats []string
	// inVPC are the nodes drawn inside the VPC besides the gateway, which
	// invisible edges from the gateway keep to its right
	inVPC []string
	// bneck caches the top bottleneck once computed
	bneck *bottleneckEdge
}

// dotEdge is an edge to be written after all nodes.
type dotEdge struct {
	key      string // stable key used to pick the bottleneck edge
	from, to string
	label    string
	style    string
}

func (d *diagram) build() {
	in := d.in
	d.groups = map[string][]string{}
	w := d.w
	w.line("digraph topoplan {")
	w.indent++
	w.line(fmt.Sprintf("graph [rankdir=LR, compound=true, newrank=true, nodesep=0.25, ranksep=0.7, fontname=%s, fontsize=11, labeljust=l, label=%s, labelloc=t];",
		q(DiagramFont), q(titleOf(in))))
	w.line(fmt.Sprintf("node [shape=box, style=\"rounded,filled\", fillcolor=white, color=\"#333333\", fontname=%s, fontsize=10];", q(DiagramFont)))
	w.line(fmt.Sprintf("edge [color=%s, fontname=%s, fontsize=9, arrowsize=0.7];", q(colourEdge), q(DiagramFont)))
	d.legend()
	d.onPrem()
	d.region()
	d.remoteRegions()
	d.internetNode()
	d.users()
	d.connect()
	d.publicVIFEdges()
	d.writeEdges()
	d.ranks()
	w.indent--
	w.line("}")
}

func titleOf(in Input) string {
	return fmt.Sprintf("%s: %s (%d nodes, %d accelerators)", in.Plan.Scenario.Name, in.Plan.Scenario.Region, in.Plan.Scenario.Nodes, in.Plan.Scenario.Accelerators)
}

func (d *diagram) legend() {
	in := d.in
	lines := []string{
		"Scenario: " + in.Plan.Scenario.Name,
		"Plan date: " + orDash(in.Date),
		fmt.Sprintf("Catalog: %s (read %s)", in.Plan.Catalog.Version, in.Plan.Catalog.ReadOn),
		fmt.Sprintf("Monthly run-rate: $%s", model.FormatUSD(in.Plan.MonthlyCost.TotalUSD, 0)),
	}
	lines = append(lines, d.bottleneckLegend())
	lines = append(lines, "Solid arrow: data path the template builds")
	if len(in.Scenario.Links) > 0 {
		lines = append(lines, "Link box: line rate, usable throughput, transfer time vs window, cost")
	}
	if len(in.tgwLinks()) > 0 {
		lines = append(lines, "Dashed: Transit Gateway path, not in the template")
	}
	if len(in.remoteClusters()) > 0 {
		lines = append(lines, "Dashed: inter-region traffic")
	}
	for _, ip := range in.Plan.Inference {
		if len(ip.Users) > 0 {
			lines = append(lines, "Dotted: users to their lowest-latency region (RTT, first token)")
			break
		}
	}
	if len(in.homeClusters()) > 0 {
		lines = append(lines, "Private subnets route to S3 via the gateway endpoint", "  and to on-prem via the virtual private gateway")
	}
	for _, c := range in.homeClusters() {
		if efaOn(c) {
			lines = append(lines, "Node groups: EFA bandwidth, per-hop latency, step time")
			break
		}
	}
	d.w.line(fmt.Sprintf("legend [shape=note, style=filled, fillcolor=\"#ffffe0\", label=%s];", qLines(lines, "l")))
}

// bottleneckLegend names the most loaded edge, red only at or above
// BottleneckThreshold.
func (d *diagram) bottleneckLegend() string {
	b := d.bottleneck()
	switch {
	case b.key == "":
		return "Top bottleneck: none identified by the plan"
	case b.load >= BottleneckThreshold:
		return "Red edge: constrained, the most loaded edge (" + b.why + ")"
	}
	return fmt.Sprintf("No edge above %s%% of capacity; most loaded: %s", percent(BottleneckThreshold), b.why)
}

func (d *diagram) onPrem() {
	in := d.in
	for _, site := range in.Scenario.Sites {
		d.w.group("cluster_site_"+site.Name, "Corporate data center: "+site.Name, colourOnPrem, colourOnPremBorder, "")
		lines := []string{site.Name}
		if len(site.CIDRs) > 0 {
			lines = append(lines, strings.Join(site.CIDRs, ", "))
		}
		for _, ds := range site.Datasets {
			l := fmt.Sprintf("data set %s: %s TB", ds.Name, trimFloat(ds.SizeTB))
			if ds.TransferWindowHours > 0 {
				l += fmt.Sprintf(" (window %s h)", trimFloat(ds.TransferWindowHours))
			}
			lines = append(lines, l)
		}
		for _, g := range site.GPUs {
			lines = append(lines, fmt.Sprintf("%d × %s on-prem", g.Count, g.Model))
		}
		d.w.node(siteID(site.Name), qLines(lines, ""), "shape=box3d, style=filled, fillcolor=white")
		for _, o := range in.Plan.OnPrem {
			if o.Site == site.Name {
				d.w.node(onPremID(o.Cluster), qLines(onPremLabel(o, in.Plan.Placements), ""), "shape=box3d, style=filled, fillcolor=\"#eef3fb\"")
			}
		}
		d.w.close()
	}
	// Direct Connect locations (one cluster per location) and VPN tunnels.
	locs := map[string][]model.Link{}
	for _, l := range in.Scenario.Links {
		if l.Type == model.LinkVPN {
			continue
		}
		loc := l.Location
		if loc == "" {
			loc = "(location not set)"
		}
		locs[loc] = append(locs[loc], l)
	}
	for _, loc := range sortedKeys(locs) {
		d.w.group("cluster_dx_"+loc, "Direct Connect location "+loc, colourDX, colourDXBorder, "")
		for _, l := range locs[loc] {
			kind := "dedicated"
			if l.Type == model.LinkDXHosted {
				kind = "hosted"
			}
			lines := withSecond(strings.Split(d.linkEdgeLabel(l), "\n"), fmt.Sprintf("%d × %s Gbps %s", max(l.Count, 1), trimFloat(l.SpeedGbps), kind))
			d.w.node(linkID(l.Name), qLines(lines, ""), "shape=box, style=\"rounded,filled\", fillcolor=\"#fff4d6\"")
		}
		d.w.close()
	}
	var vpns []model.Link
	for _, l := range in.Scenario.Links {
		if l.Type == model.LinkVPN {
			vpns = append(vpns, l)
		}
	}
	if len(vpns) > 0 {
		d.w.group("cluster_vpn", "Site-to-Site VPN over the internet", colourDX, colourDXBorder, "")
		for _, l := range vpns {
			lines := withSecond(strings.Split(d.linkEdgeLabel(l), "\n"), fmt.Sprintf("IPsec, %d tunnels", l.Tunnels))
			d.w.node(linkID(l.Name), qLines(lines, ""), "shape=box, style=\"rounded,filled\", fillcolor=\"#fff4d6\"")
		}
		d.w.close()
	}
}

// withSecond inserts a line after the first.
func withSecond(lines []string, second string) []string {
	out := append([]string{lines[0], second}, lines[1:]...)
	return out
}

func (d *diagram) region() {
	in := d.in
	s := in.Scenario
	if len(in.dxOnVGW()) > 0 {
		// The Direct Connect gateway is global: outside the region.
		d.dxgw = "dx_gateway"
		d.w.node(d.dxgw, q("Direct Connect gateway"), "shape=invhouse, style=filled, fillcolor=\"#f4efff\"")
	}
	d.w.group("cluster_region_"+s.AWS.Region, "Region "+s.AWS.Region, colourRegion, colourRegionBorder, "dashed")
	if s.Storage.S3 != nil {
		d.s3 = "s3"
		lines := []string{"Amazon S3 data lake", fmt.Sprintf("%s TB", trimFloat(s.Storage.S3.SizeTB))}
		if c := costByItemPrefix(in.Plan, model.CostStorage, "S3 "); c > 0 {
			lines = append(lines, "$"+model.FormatUSD(c, 0)+"/mo")
		}
		d.w.node(d.s3, qLines(lines, ""), "shape=cylinder, fillcolor=\"#e8f4e8\"")
	}
	if len(in.tgwLinks()) > 0 {
		d.tgw = "tgw"
		d.w.node(d.tgw, q("Transit Gateway\n(not in this template)"), "shape=invhouse, style=\"dashed,filled\", fillcolor=\"#fff4d6\"")
	}
	vpcLabel := "VPC " + strings.Join(append([]string{s.AWS.VPCCIDR}, s.AWS.SecondaryCIDRs...), " + ")
	if a := in.Plan.Addressing; a != nil && len(a.VPCCIDRs) > 0 {
		vpcLabel = "VPC " + strings.Join(a.VPCCIDRs, " + ")
	}
	d.w.group("cluster_vpc", vpcLabel, colourVPC, colourVPCBorder, "")
	if len(in.vgwLinks()) > 0 {
		d.vgw = "vgw"
		d.w.node(d.vgw, q("Virtual private gateway"), "shape=invhouse, fillcolor=\"#fff4d6\"")
	}
	if d.needsIGW() {
		d.igw = "igw"
		d.w.node(d.igw, q("Internet gateway"), "shape=invhouse, fillcolor=\"#e8f4e8\"")
	}
	if s.Storage.S3 != nil || len(in.homeClusters()) > 0 {
		d.s3gw = "s3_gateway_endpoint"
		d.w.node(d.s3gw, q("S3 gateway endpoint"), "shape=hexagon, fillcolor=\"#e8f4e8\"")
	}
	if in.s3InterfaceEndpoint() {
		d.s3ie = "s3_interface_endpoint"
		d.w.node(d.s3ie, q("S3 interface endpoint\n(HTTPS from the sites)"), "shape=hexagon, fillcolor=\"#e8f4e8\"")
	}
	// Graphviz stacks same-rank clusters bottom-up in declaration order
	// with rankdir=LR: declaring the AZs in reverse puts them top-down
	// in name order.
	azs := sortedStrings(s.AWS.AvailabilityZones)
	for i := len(azs) - 1; i >= 0; i-- {
		az := azs[i]
		d.w.group("cluster_az_"+az, "Availability Zone "+az, colourAZ, colourAZBorder, "dashed")
		d.azContents(az)
		d.w.close()
	}
	d.w.close() // vpc
	d.w.close() // region
}

// sortedStrings returns a sorted copy.
func sortedStrings(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}

// needsIGW reports whether the VPC has an internet gateway: with NAT
// gateways or public subnets in the plan.
func (d *diagram) needsIGW() bool {
	if d.in.Scenario.AWS.NATGateways > 0 {
		return true
	}
	if a := d.in.Plan.Addressing; a != nil {
		for _, sn := range a.Subnets {
			if sn.Purpose == model.SubnetPublic {
				return true
			}
		}
	}
	return false
}

// azContents draws one availability zone: its subnets from the address plan
// (each holding what sits in it), or the bare resources when there is no
// address plan.
func (d *diagram) azContents(az string) {
	items := d.azItems(az)
	a := d.in.Plan.Addressing
	if a == nil || len(a.Subnets) == 0 {
		for _, it := range items {
			d.w.node(it.id, it.label, it.attrs)
		}
		return
	}
	// Each item goes to the first subnet of its most preferred purpose.
	home := map[int]string{}
	for i, it := range items {
		for _, purpose := range it.purposes {
			for _, sn := range a.Subnets {
				if sn.AZ == az && sn.Purpose == purpose && it.fits(sn) {
					home[i] = sn.Name
					break
				}
			}
			if home[i] != "" {
				break
			}
		}
	}
	var empty []string
	for _, sn := range a.Subnets {
		if sn.AZ != az {
			continue
		}
		n := 0
		for i := range items {
			if home[i] == sn.Name {
				n++
			}
		}
		if n == 0 {
			// Subnets holding nothing drawn are listed in one line per AZ.
			empty = append(empty, fmt.Sprintf("%s %s (%s)", sn.Name, orDash(sn.CIDR), sn.Purpose))
			continue
		}
		kind, fill, border := "Private subnet", colourPrivate, colourPrivBorder
		if sn.Purpose == model.SubnetPublic {
			kind, fill, border = "Public subnet", colourPublic, colourPublicBorder
		}
		label := kind + " " + sn.Name + "  " + orDash(sn.CIDR)
		if sn.UsableIPs > 0 {
			label += fmt.Sprintf("\n%s, %s usable IPs, %s needed", sn.Purpose, model.FormatUSD(float64(sn.UsableIPs), 0), model.FormatUSD(float64(sn.NeededIPs), 0))
		}
		d.w.group("cluster_subnet_"+sn.Name, label, fill, border, "")
		for i, it := range items {
			if home[i] == sn.Name {
				d.w.node(it.id, it.label, it.attrs)
				d.inVPC = append(d.inVPC, it.id)
			}
		}
		d.w.close()
	}
	if len(empty) > 0 {
		d.w.node("subnets_"+az, qLines(append([]string{"Other subnets:"}, empty...), "l"), "shape=plaintext, style=\"\", fontsize=9")
		d.inVPC = append(d.inVPC, "subnets_"+az)
	}
	for i, it := range items {
		if home[i] == "" {
			d.w.node(it.id, it.label, it.attrs)
			d.inVPC = append(d.inVPC, it.id)
		}
	}
}

// azItem is a resource drawn inside an availability zone.
type azItem struct {
	id, label, attrs string
	// purposes lists the subnet purposes it may sit in, best first; cluster
	// restricts cluster subnets to that cluster.
	purposes []string
	cluster  string
}

func (it azItem) fits(sn model.PlannedSubnet) bool {
	for _, p := range it.purposes {
		if p == sn.Purpose && (p != model.SubnetCluster || it.cluster == "" || sn.Cluster == it.cluster) {
			return true
		}
	}
	return false
}

// azItems lists what sits in one AZ: node groups, FSx, NAT gateways and
// interface endpoints.
func (d *diagram) azItems(az string) []azItem {
	in := d.in
	s := in.Scenario
	var items []azItem
	for _, c := range in.homeClusters() {
		azs := clusterAZs(c)
		for j, caz := range azs {
			if caz != az {
				continue
			}
			nodes := splitNodes(c.Nodes, len(azs), j)
			cc := c
			cc.Nodes = nodes
			id := groupID(c.Name, az)
			d.groups[c.Name] = append(d.groups[c.Name], id)
			lines := []string{c.Name, in.nodeGroupSummary(cc)}
			extra := []string{c.Orchestrator, c.Purchase.Option}
			if c.PlacementGroup != nil && *c.PlacementGroup {
				extra = append(extra, "cluster placement group")
			}
			lines = append(lines, strings.Join(extra, ", "))
			lines = append(lines, d.groupPerfLines(c)...)
			lines = append(lines, d.inferenceLines(c)...)
			if r := d.readLine(c); r != "" {
				lines = append(lines, r)
			}
			if cost := costByItemPrefix(in.Plan, model.CostEC2, c.Name+": "); cost > 0 {
				share := cost * float64(nodes) / float64(max(c.Nodes, 1))
				lines = append(lines, "$"+model.FormatUSD(share, 0)+"/mo")
			}
			items = append(items, azItem{id: id, label: qLines(lines, ""), attrs: "fillcolor=\"#dbe9ff\", penwidth=1.5",
				purposes: []string{model.SubnetCluster, model.SubnetPrivate}, cluster: c.Name})
		}
	}
	if f := s.Storage.FSxLustre; f != nil && f.AZ == az {
		d.fsx = "fsx"
		lines := []string{"FSx for Lustre", fmt.Sprintf("%s, %s TiB, %s MB/s/TiB", f.DeploymentType, trimFloat(f.CapacityTiB), trimFloat(f.ThroughputMBpsPerTiB))}
		lines = append(lines, d.storageEdgeLabel(model.Cluster{}))
		if f.EFAEnabled {
			lines = append(lines, "EFA-enabled")
		}
		if c := costByItemPrefix(in.Plan, model.CostStorage, "FSx "); c > 0 {
			lines = append(lines, "$"+model.FormatUSD(c, 0)+"/mo")
		}
		items = append(items, azItem{id: d.fsx, label: qLines(lines, ""), attrs: "shape=cylinder, fillcolor=\"#e8f4e8\"",
			purposes: []string{model.SubnetStorage, model.SubnetCluster, model.SubnetPrivate}})
	}
	if azIndex := indexOf(s.AWS.AvailabilityZones, az); azIndex < s.AWS.NATGateways {
		id := "nat_" + az
		d.nats = append(d.nats, id)
		items = append(items, azItem{id: id, label: q("NAT gateway"), attrs: "shape=invtrapezium, fillcolor=\"#e8f4e8\"", purposes: []string{model.SubnetPublic}})
	}
	// s3 is drawn once as the S3 interface endpoint (as the template builds it).
	eps := slices.DeleteFunc(append([]string(nil), s.AWS.InterfaceEndpoints...), func(e string) bool { return e == "s3" })
	if n := len(eps); n > 0 {
		lines := []string{fmt.Sprintf("%d interface endpoints", n), wrapList(eps, 3)}
		items = append(items, azItem{id: "endpoints_" + az, label: qLines(lines, ""), attrs: "shape=hexagon, fillcolor=\"#e8f4e8\"",
			purposes: []string{model.SubnetEndpoints, model.SubnetPrivate}})
	}
	return items
}

// splitNodes spreads n nodes over k AZs, the remainder going to the first AZs.
func splitNodes(n, k, i int) int {
	if k <= 1 {
		return n
	}
	per := n / k
	if i < n%k {
		per++
	}
	return per
}

// remoteRegions draws clusters outside the home region, one region cluster
// each; their VPCs are not planned here.
func (d *diagram) remoteRegions() {
	byRegion := map[string][]model.Cluster{}
	for _, c := range d.in.remoteClusters() {
		byRegion[c.Region] = append(byRegion[c.Region], c)
	}
	for _, r := range sortedKeys(byRegion) {
		d.w.open("cluster_region_"+r, "AWS region "+r+" (VPC not planned here)", colourRemote)
		for _, c := range byRegion[r] {
			id := groupID(c.Name, r)
			d.groups[c.Name] = append(d.groups[c.Name], id)
			lines := []string{c.Name, d.in.nodeGroupSummary(c), c.Orchestrator + ", " + c.Purchase.Option}
			lines = append(lines, d.inferenceLines(c)...)
			if cost := costByItemPrefix(d.in.Plan, model.CostEC2, c.Name+": "); cost > 0 {
				lines = append(lines, "$"+model.FormatUSD(cost, 0)+"/mo")
			}
			d.w.node(id, qLines(lines, ""), "fillcolor=\"#dbe9ff\", penwidth=1.5")
		}
		d.w.close()
	}
}

func (d *diagram) internetNode() {
	t := d.in.Scenario.Traffic
	if d.igw == "" && t.InternetEgressTB == 0 {
		return
	}
	d.internet = "internet"
	d.w.node(d.internet, q("Internet"), "shape=ellipse, style=dashed")
}

// indexOf returns the position of x in xs (len(xs) when absent).
func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return len(xs)
}

// connect collects the edges between what was drawn: only paths the
// template builds are solid; routes from every private subnet to the
// gateways are stated in the legend, not drawn (they would fan across the
// subnets).
func (d *diagram) connect() {
	in := d.in
	s := in.Scenario
	for _, l := range s.Links {
		d.edges = append(d.edges, dotEdge{key: "site:" + l.Name, from: siteID(l.Site), to: linkID(l.Name), style: "arrowhead=none"})
		switch {
		case l.TransitGateway:
			d.edges = append(d.edges, dotEdge{key: "link:" + l.Name, from: linkID(l.Name), to: d.tgw, style: "style=dashed"})
		case l.Type != model.LinkVPN && d.dxgw != "":
			d.edges = append(d.edges, dotEdge{key: "link:" + l.Name, from: linkID(l.Name), to: d.dxgw})
		default:
			d.edges = append(d.edges, dotEdge{key: "link:" + l.Name, from: linkID(l.Name), to: d.vgw})
		}
	}
	if d.dxgw != "" {
		d.edges = append(d.edges, dotEdge{key: "dxgw", from: d.dxgw, to: d.vgw, label: "association"})
	}
	if d.s3ie != "" {
		d.edges = append(d.edges, dotEdge{key: "s3ie", from: d.vgw, to: d.s3ie, label: d.endpointEdgeLabel()}, dotEdge{key: "s3ie-s3", from: d.s3ie, to: d.s3})
	}
	for _, c := range in.homeClusters() {
		for _, g := range d.groups[c.Name] {
			if d.fsx != "" && in.fsxClient(c) {
				d.edges = append(d.edges, dotEdge{key: "fsx:" + c.Name, from: g, to: d.fsx, style: "dir=both"})
			}
		}
	}
	if d.s3gw != "" && d.s3 != "" {
		d.edges = append(d.edges, dotEdge{key: "s3", from: d.s3gw, to: d.s3, style: "arrowhead=none"})
	}
	if repo := in.fsxRepository(); d.fsx != "" && d.s3 != "" && repo != "" {
		d.edges = append(d.edges, dotEdge{key: "fsx-s3", from: d.fsx, to: d.s3, label: repo, style: "dir=both"})
	}
	for _, n := range d.nats {
		d.edges = append(d.edges, dotEdge{key: "nat:" + n, from: n, to: d.igw, style: "arrowhead=none"})
	}
	if d.internet != "" && d.igw != "" {
		d.edges = append(d.edges, dotEdge{key: "internet", from: d.igw, to: d.internet, label: d.egressEdgeLabel()})
	}
	// Keep the VPC's contents right of its gateway, so on-prem reads left
	// to right into the VPC (without these, unconnected boxes take the
	// first rank and push the sites below the region).
	if gw := firstNonEmpty(d.vgw, d.s3gw); gw != "" && len(s.Sites) > 0 {
		for _, id := range d.inVPC {
			d.edges = append(d.edges, dotEdge{key: "order:" + id, from: gw, to: id, style: "style=invis"})
		}
	}
	// Inter-region: home-region node groups to remote ones of the same service.
	if remote := in.remoteClusters(); len(remote) > 0 {
		var home []string
		for _, c := range in.homeClusters() {
			home = append(home, d.groups[c.Name]...)
		}
		if len(home) > 0 {
			for _, c := range remote {
				for _, g := range d.groups[c.Name] {
					d.edges = append(d.edges, dotEdge{key: "region:" + c.Name, from: home[0], to: g, label: d.interRegionLabel(), style: "style=dashed, dir=both, constraint=false"})
				}
			}
		}
	}
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// ranks keeps the reading order left to right: on-prem sites first, the
// internet last.
func (d *diagram) ranks() {
	var sites []string
	for _, s := range d.in.Scenario.Sites {
		sites = append(sites, q(siteID(s.Name)))
	}
	if len(sites) > 0 {
		d.w.line("{ rank=min; " + strings.Join(sites, "; ") + "; }")
	}
	if d.internet != "" {
		d.w.line("{ rank=max; " + q(d.internet) + "; }")
	}
}

func (d *diagram) writeEdges() {
	b := d.bottleneck()
	for _, e := range d.edges {
		if e.from == "" || e.to == "" {
			continue
		}
		var attrs []string
		if e.label != "" {
			attrs = append(attrs, "label="+q(e.label))
		}
		if e.style != "" {
			attrs = append(attrs, e.style)
		}
		if b.key != "" && e.key == b.key && b.load >= BottleneckThreshold {
			attrs = append(attrs, "color="+q(colourBottleneck), "fontcolor="+q(colourBottleneck), "penwidth=3")
		}
		line := q(e.from) + " -> " + q(e.to)
		if len(attrs) > 0 {
			line += " [" + strings.Join(attrs, ", ") + "]"
		}
		d.w.line(line + ";")
	}
}

func (d *diagram) egressEdgeLabel() string {
	return d.trafficLabel("egress", d.in.Scenario.Traffic.InternetEgressTB, "Internet egress")
}

func (d *diagram) interRegionLabel() string {
	return d.trafficLabel("inter-region", d.in.Scenario.Traffic.InterRegionTB, "Inter-region")
}

// trafficLabel labels a traffic edge with the monthly volume and cost of
// the data-transfer lines whose item starts with costItem (the priced volume,
// which may include more than the scenario's figure, e.g. VPN return traffic
// billed at internet rates), else the scenario's volume tb.
func (d *diagram) trafficLabel(what string, tb float64, costItem string) string {
	var lines []string
	gb, usd := 0.0, 0.0
	for _, l := range d.in.Plan.MonthlyCost.Lines {
		if l.Category == model.CostTransfer && strings.HasPrefix(l.Item, costItem) {
			usd += l.MonthlyUSD
			if l.QuantityUnit == "GB" {
				gb += l.Quantity
			}
		}
	}
	if tb > 0 {
		lines = append(lines, fmt.Sprintf("%s %s TB/mo", what, sig3(tb)))
	}
	if usd > 0 {
		c := "$" + model.FormatUSD(usd, 0) + "/mo"
		if billed := gb / 1000; billed > 0 && math.Abs(billed-tb) > 0.05*tb {
			c += fmt.Sprintf(" for %s TB billed", sig3(billed))
		}
		lines = append(lines, c)
	}
	return strings.Join(lines, "\n")
}

// ids

func siteID(name string) string            { return "site_" + name }
func onPremID(name string) string          { return "onprem_" + name }
func linkID(name string) string            { return "link_" + name }
func groupID(cluster, where string) string { return "group_" + cluster + "_" + where }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// wrapList joins items with commas, n per line.
func wrapList(items []string, n int) string {
	var lines []string
	for i := 0; i < len(items); i += n {
		lines = append(lines, strings.Join(items[i:min(i+n, len(items))], ", "))
	}
	return strings.Join(lines, "\n")
}

// dotWriter writes indented DOT statements.
type dotWriter struct {
	b      strings.Builder
	indent int
}

func (w *dotWriter) line(s string) {
	w.b.WriteString(strings.Repeat("  ", w.indent))
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// open starts a cluster subgraph (the id gets the "cluster_" prefix Graphviz
// requires) with a label and fill colour.
func (w *dotWriter) open(id, label, fill string) {
	w.line("subgraph " + q(id) + " {")
	w.indent++
	w.line(fmt.Sprintf("graph [label=%s, style=\"rounded,filled\", fillcolor=%s, color=\"#888888\"];", q(label), q(fill)))
}

// group starts a cluster subgraph with a label, fill, border colour and
// border style ("" solid, "dashed").
func (w *dotWriter) group(id, label, fill, border, style string) {
	w.line("subgraph " + q(id) + " {")
	w.indent++
	st := "rounded,filled"
	if style != "" {
		st += "," + style
	}
	w.line(fmt.Sprintf("graph [label=%s, style=%s, fillcolor=%s, color=%s, penwidth=1.5];", q(label), q(st), q(fill), q(border)))
}

func (w *dotWriter) close() {
	w.indent--
	w.line("}")
}

// node writes a node with a pre-quoted label and extra attributes.
func (w *dotWriter) node(id, quotedLabel, attrs string) {
	a := "label=" + quotedLabel
	if attrs != "" {
		a += ", " + attrs
	}
	w.line(q(id) + " [" + a + "];")
}

func (w *dotWriter) String() string { return w.b.String() }

// q quotes a DOT string: backslashes and quotes escaped, newlines as the
// centred line break \n.
func q(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	return `"` + s + `"`
}

// qLines quotes lines as one label; justify "l" left-aligns every line.
func qLines(lines []string, justify string) string {
	if justify != "l" {
		return q(strings.Join(lines, "\n"))
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, l := range lines {
		l = strings.ReplaceAll(l, `\`, `\\`)
		l = strings.ReplaceAll(l, `"`, `\"`)
		b.WriteString(l)
		b.WriteString(`\l`)
	}
	b.WriteByte('"')
	return b.String()
}

// onPremLabel describes an on-prem cluster inside its site: nodes, GPUs,
// intra- and inter-node fabric, storage, the owner's cost per GPU-hour, and
// the placement of the jobs compared on it.
func onPremLabel(o model.OnPremPlan, pls []model.PlacementPlan) []string {
	lines := []string{fmt.Sprintf("on-prem cluster %s: %d × %s", o.Cluster, o.Nodes, o.Node),
		fmt.Sprintf("%d × %s, NVLink%s %s GB/s", o.Accelerators, o.AcceleratorModel, o.NVLinkGeneration, trimFloat(o.NVLinkGBpsPerAccel)),
		fmt.Sprintf("%s %s Gbps per node × %s", o.Fabric, trimFloat(o.FabricGbpsPerNode), trimFloat(o.FabricEfficiency))}
	if o.StorageGBytesPerS > 0 {
		lines = append(lines, fmt.Sprintf("storage %s GB/s", trimFloat(o.StorageGBytesPerS)))
	}
	if o.Priced {
		lines = append(lines, fmt.Sprintf("owner's cost $%s per GPU-hour", model.FormatUSD(o.Cost.AcceleratorHourUSD, 2)))
	}
	for _, pp := range pls {
		if pp.OnPremCluster != o.Cluster || len(pp.Options) < 3 {
			continue
		}
		sp := pp.Options[2]
		l := fmt.Sprintf("job %s: %s", pp.Job, pp.Chosen)
		if pp.Chosen == model.PlacementSplit {
			l += fmt.Sprintf(" by %s with %s, WAN +%s s/step", pp.SplitBy, pp.AWSCluster, trimFloat(math.Round(sp.WANSecondsPerStep*1000)/1000))
			if sp.GradientSyncOverWAN {
				l += " (gradient sync over the WAN)"
			}
		}
		lines = append(lines, l)
	}
	return lines
}
