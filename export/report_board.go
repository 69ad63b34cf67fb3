package export

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// This file writes the review-board sections of the report (ReportWith):
// everything above the annex.

// PerFlowGbps is the throughput one TCP flow gets between on-prem and AWS
// when the plan has no data path to take the site's cap from: EC2 limits a
// single flow to 5 Gbps outside a cluster placement group (EC2 User Guide,
// ec2-instance-network-bandwidth; the catalog's single_flow_gbps_max), so
// filling a link takes ⌈usable / 5⌉ parallel streams.
const PerFlowGbps = 5.0

// siteFlowGbps is the per-flow cap the plan's data paths use at the site
// (sites[].stream_gbps_max or the catalog's single_flow_gbps_max), else
// PerFlowGbps.
func siteFlowGbps(in Input, site string) float64 {
	for _, dp := range in.Plan.DataPaths {
		if dp.Site == site && dp.StreamCapGbps > 0 {
			return dp.StreamCapGbps
		}
	}
	return PerFlowGbps
}

// mdText escapes scenario text for Markdown prose and tables, so that a name
// never becomes Markdown structure (emphasis, links, HTML, headings, cells).
func mdText(s string) string {
	r := strings.NewReplacer("\\", `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;",
		"|", `\|`, "`", "\\`", "#", `\#`, "\n", " ", "\r", " ")
	return r.Replace(s)
}

// mdSource writes a price source as Markdown: one autolink per URL (a source
// "A (via B)" becomes two links), anything else as escaped text.
func mdSource(src string) string {
	link := func(u string) string {
		u = strings.TrimSpace(u)
		if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			if !strings.ContainsAny(u, " <>") {
				return "<" + u + ">"
			}
		}
		return mdText(u)
	}
	if a, b, ok := strings.Cut(src, " (via "); ok && strings.HasSuffix(b, ")") {
		return link(a) + " (via " + link(strings.TrimSuffix(b, ")")) + ")"
	}
	return link(src)
}

// plural returns "1 cluster", "2 clusters".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%s %s", model.FormatUSD(float64(n), 0), many)
}

// sentence joins a title and its detail with a full stop between them.
func sentence(title, detail string) string {
	t := strings.TrimSpace(title)
	if detail == "" {
		return t
	}
	if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, ":") && !strings.HasSuffix(t, "?") {
		t += "."
	}
	return t + " " + strings.TrimSpace(detail)
}

// risk is one entry of the report's risk list.
type risk struct {
	rank int // 0 most severe
	text string
}

// risks lists what could sink the design, most severe first: the plan's
// critical and warning findings, an edge loaded beyond BottleneckThreshold,
// Direct Connect in a single location, clusters reading FSx across AZs,
// unencrypted data over Direct Connect, and a run-rate mostly on
// unconfirmed prices.
func risks(in Input) []risk {
	var out []risk
	for _, f := range in.Plan.Findings {
		switch f.Severity {
		case model.SeverityCritical:
			out = append(out, risk{0, "**Critical:** " + mdText(f.Title)})
		case model.SeverityWarning:
			out = append(out, risk{2, mdText(f.Title)})
		}
	}
	if b := (&diagram{in: in}).bottleneck(); b.key != "" && b.load >= BottleneckThreshold {
		out = append(out, risk{1, "Constrained: " + mdText(b.why)})
	}
	if locs := dxLocations(in); len(locs) == 1 && len(in.inboundSites()) > 0 {
		for loc := range locs {
			out = append(out, risk{3, fmt.Sprintf("All Direct Connect capacity is in one location (%s): losing it stops the on-prem data path", mdText(loc))})
		}
	}
	if xs := crossAZFSx(in); len(xs) > 0 {
		out = append(out, risk{3, "Clusters read FSx for Lustre across AZs (" + strings.Join(xs, ", ") + "): cross-AZ latency and $0.01/GB each way"})
	}
	if len(in.inboundSites()) > 0 && len(in.dxOnVGW()) > 0 {
		out = append(out, risk{4, "Direct Connect does not encrypt: only the HTTPS path to the S3 endpoint is encrypted in transit"})
	}
	if c := in.Plan.MonthlyCost; c.TotalUSD > 0 && c.UnconfirmedUSD/c.TotalUSD >= 0.5 {
		out = append(out, risk{4, fmt.Sprintf("%s%% of the run-rate rests on prices not confirmed against AWS's price list", percent(c.UnconfirmedUSD/c.TotalUSD))})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank < out[j].rank })
	return out
}

// dxLocations maps each Direct Connect location of links on the virtual
// private gateway to its links.
func dxLocations(in Input) map[string][]model.Link {
	out := map[string][]model.Link{}
	for _, l := range in.dxOnVGW() {
		loc := l.Location
		if loc == "" {
			loc = "(location not set)"
		}
		out[loc] = append(out[loc], l)
	}
	return out
}

// crossAZFSx lists the FSx clients outside the file system's AZ ("name (az)").
func crossAZFSx(in Input) []string {
	f := in.Scenario.Storage.FSxLustre
	if f == nil {
		return nil
	}
	var out []string
	for _, c := range in.homeClusters() {
		if !in.fsxClient(c) {
			continue
		}
		for _, az := range clusterAZs(c) {
			if az != f.AZ {
				out = append(out, mdText(c.Name)+" ("+az+")")
			}
		}
	}
	return out
}

func writeExecutiveSummary(b *bytes.Buffer, in Input) {
	p := in.Plan
	s := in.Scenario
	b.WriteString("## Executive summary\n\n")
	var links []string
	for _, l := range s.Links {
		links = append(links, fmt.Sprintf("%s (%s)", mdText(l.Name), l.Type))
	}
	fmt.Fprintf(b, "**Decision asked.** Approve the estate in %s: %s, %s, %s", s.AWS.Region,
		plural(p.Scenario.Clusters, "cluster", "clusters"), plural(p.Scenario.Nodes, "node", "nodes"), plural(p.Scenario.Accelerators, "accelerator", "accelerators"))
	if len(links) > 0 {
		fmt.Fprintf(b, ", reached from %s over %s", plural(len(s.Sites), "on-prem site", "on-prem sites"), strings.Join(links, ", "))
	}
	b.WriteString("; and deploying the CloudFormation template (`topoplan export cfn`) as its foundation.\n\n")
	fmt.Fprintf(b, "**Cost.** $%s per month at run-rate", usd(p.MonthlyCost.TotalUSD))
	if c := p.MonthlyCost; c.UnconfirmedUSD > 0 && c.TotalUSD > 0 {
		fmt.Fprintf(b, "; %s%% of it ($%s) on prices not yet confirmed against AWS's price list", percent(c.UnconfirmedUSD/c.TotalUSD), usd(c.UnconfirmedUSD))
	}
	b.WriteString(".\n\n")
	var times []string
	for _, t := range p.Training {
		if t.TimeToTrainDays > 0 {
			times = append(times, fmt.Sprintf("%s on %s in %s days", mdText(t.Job), mdText(t.Cluster), sig3(t.TimeToTrainDays)))
		}
	}
	for _, lp := range p.Links {
		for _, t := range lp.Transfers {
			x := fmt.Sprintf("%s (%s TB) over %s in %s h", mdText(t.Dataset), trimFloat(t.SizeTB), mdText(lp.Link), oneDecimal(t.Hours))
			if t.WindowHours > 0 {
				x += fmt.Sprintf(" of a %s h window", trimFloat(t.WindowHours))
			}
			times = append(times, x)
		}
	}
	if len(times) > 0 {
		fmt.Fprintf(b, "**Time.** %s.\n\n", strings.Join(times, "; "))
	}
	rs := risks(in)
	b.WriteString("**Top risks.**\n\n")
	if len(rs) == 0 {
		b.WriteString("None identified by the plan.\n\n")
		return
	}
	for i, r := range rs {
		if i == 3 {
			break
		}
		fmt.Fprintf(b, "%d. %s\n", i+1, r.text)
	}
	if len(rs) > 3 {
		fmt.Fprintf(b, "\n%s more under Resilience, Security and the findings.\n", plural(len(rs)-3, "other risk", "other risks"))
	}
	b.WriteString("\n")
}

// writeDesignSummary describes the estate in a few lines under the diagram.
func writeDesignSummary(b *bytes.Buffer, in Input) {
	s := in.Scenario
	fmt.Fprintf(b, "One VPC (%s) in %s across %s", strings.Join(vpcCIDRsOf(in), " + "), s.AWS.Region, strings.Join(sortedStrings(s.AWS.AvailabilityZones), ", "))
	if len(s.Links) > 0 {
		fmt.Fprintf(b, ", reached from on-prem through a virtual private gateway")
		if len(in.dxOnVGW()) > 0 {
			b.WriteString(" behind a Direct Connect gateway")
		}
	}
	b.WriteString(".\n\n")
	if len(in.homeClusters()) > 0 {
		b.WriteString("| Cluster | Node group | Orchestrator | Purchase | AZ |\n|---|---|---|---|---|\n")
		for _, c := range in.homeClusters() {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdText(c.Name), in.nodeGroupSummary(c), c.Orchestrator, c.Purchase.Option, strings.Join(clusterAZs(c), ", "))
		}
		b.WriteString("\n")
	}
	if r := in.remoteClusters(); len(r) > 0 {
		var names []string
		for _, c := range r {
			names = append(names, fmt.Sprintf("%s (%s)", mdText(c.Name), c.Region))
		}
		fmt.Fprintf(b, "Outside the home region and not in the template: %s.\n\n", strings.Join(names, ", "))
	}
}

func writeDataPath(b *bytes.Buffer, in Input) {
	b.WriteString("## Data path\n\n")
	sites := in.inboundSites()
	if len(sites) == 0 {
		b.WriteString("No on-prem data moves into AWS in this plan.\n\n")
		return
	}
	path := "private VIF → Direct Connect gateway → virtual private gateway"
	if len(in.dxOnVGW()) == 0 {
		path = "IPsec VPN → virtual private gateway"
	}
	if in.s3InterfaceEndpoint() {
		path += " → S3 interface endpoint (HTTPS, admits only the sites' CIDRs) → S3 data lake"
		switch in.fsxRepository() {
		case fsxRepoDRA:
			path += " → FSx for Lustre (data repository association, automatic import)"
		case fsxRepoImport:
			path += " → FSx for Lustre (import path)"
		}
	} else if in.Scenario.Storage.FSxLustre != nil {
		path += " → FSx for Lustre (Lustre ports admitted from the sites' CIDRs)"
	}
	fmt.Fprintf(b, "**Path the template builds:** on-prem → %s.\n\n", path)
	b.WriteString("| Site | Data set | Link | Usable Gbps | Transfer | Window | Flows at the per-flow cap | In flight per flow | Streams at the TCP window and cap (RTT) |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, site := range sites {
		for _, l := range in.Scenario.Links {
			if l.Site != site.Name || l.TransitGateway {
				continue
			}
			lp := in.linkPlan(l.Name)
			if lp == nil {
				continue
			}
			flow := siteFlowGbps(in, site.Name)
			streams := int(math.Ceil(lp.UsableGbps / flow))
			inflight := "RTT not known"
			if lp.RTTSource != "" {
				inflight = sig3(min(flow, lp.UsableGbps)*1e9/8*lp.RTTMs/1000/1e6) + " MB"
			}
			for _, t := range lp.Transfers {
				window := "—"
				if t.WindowHours > 0 {
					window = trimFloat(t.WindowHours) + " h"
				}
				fmt.Fprintf(b, "| %s | %s %s TB | %s | %s | %s h | %s | %s | %s | %s |\n", mdText(site.Name), mdText(t.Dataset), trimFloat(t.SizeTB), mdText(l.Name),
					oneDecimal(lp.UsableGbps), oneDecimal(t.Hours), window, fmt.Sprintf("%d × %s Gbps", max(streams, 1), trimFloat(flow)), inflight, windowStreams(in, site.Name, t.Dataset))
			}
		}
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "**Mechanism.** The transfer times assume the link's usable rate is filled: one TCP flow gets at most the per-flow cap (%s Gbps by default: the catalog's single_flow_gbps_max, EC2's single-flow limit outside a cluster placement group; `sites[].stream_gbps_max` sets a site's own), so the copy needs the parallel streams above (S3 multipart uploads with many concurrent requests, e.g. the AWS CLI's `max_concurrent_requests`, or several AWS DataSync tasks), and each stream must keep the bandwidth-delay product in flight (TCP windows at least that large). ", trimFloat(PerFlowGbps))
	b.WriteString("The last column is the plan's own count over all the site's links: a stream whose TCP window (`sites[].tcp_window_mib`, 4 MiB by default) is smaller than the bandwidth-delay product carries only window / RTT (annex, Data paths). ")
	b.WriteString("On-prem clients address S3 through the interface endpoint's DNS names (template output `S3InterfaceEndpointDnsEntries`).\n\n")
	if sp := in.Plan.Storage; sp != nil && len(sp.Hydration) > 0 {
		var hs []string
		for _, h := range sp.Hydration {
			x := fmt.Sprintf("%s (%s TB) in %s h", mdText(h.Dataset), trimFloat(h.SizeTB), oneDecimal(h.Hours))
			if !h.FitsCapacity {
				x += " (does not fit: lazy loading from S3)"
			}
			hs = append(hs, x)
		}
		fmt.Fprintf(b, "**S3 → FSx hydration** at the file system's baseline throughput: %s.\n\n", strings.Join(hs, "; "))
	}
}

func writeSecurity(b *bytes.Buffer, in Input) {
	s := in.Scenario
	b.WriteString("## Security\n\n**What the template enforces.**\n\n")
	items := []string{
		"Compute and storage only in private subnets; no subnet maps public IPs; no security group admits 0.0.0.0/0.",
		fmt.Sprintf("VPC Flow Logs (all traffic) to CloudWatch Logs, kept %d days.", FlowLogRetentionDays),
	}
	if len(in.homeClusters()) > 0 {
		items = append(items,
			"One security group per role: "+sgSummary(in),
			"IMDSv2 required; root volumes encrypted (gp3, "+trimFloat(RootVolumeGiB)+" GiB); instance profile with AWS managed policies for Session Manager, the CloudWatch agent and ECR, and the data bucket only.",
			"Egress: HTTPS and HTTP out through NAT or endpoints"+map[bool]string{true: ", all traffic to the sites the plan sends data to", false: ""}[len(in.outboundSites()) > 0]+".")
	}
	if s.Storage.FSxLustre != nil {
		items = append(items, "FSx for Lustre encrypted at rest (AWS-managed key)"+map[bool]string{true: ", daily automatic backups kept " + trimFloat(FSxBackupRetentionDays) + " days", false: ""}[s.Storage.FSxLustre.DeploymentType != model.FSxScratch2]+".")
	}
	if hasEKS(in) {
		items = append(items, "EKS: private API endpoint only, control-plane logs on, Kubernetes secrets encrypted with a KMS key of the stack (rotation on).")
	}
	for _, it := range items {
		fmt.Fprintf(b, "- %s\n", it)
	}
	var rows bytes.Buffer
	inbound := siteCIDRs(in.inboundSites())
	if in.s3InterfaceEndpoint() {
		fmt.Fprintf(&rows, "| on-prem %s | S3 interface endpoint | TCP 443 |\n", strings.Join(inbound, ", "))
	} else if len(inbound) > 0 && s.Storage.FSxLustre != nil {
		fmt.Fprintf(&rows, "| on-prem %s | FSx for Lustre | TCP 988, 1018–1023 |\n", strings.Join(inbound, ", "))
	}
	for _, c := range in.homeClusters() {
		if c.Orchestrator == model.OrchestratorEKS {
			fmt.Fprintf(&rows, "| VPC, on-prem %s | EKS API of %s | TCP 443 |\n", strings.Join(siteCIDRs(in.vgwSites()), ", "), mdText(c.Name))
		}
	}
	for _, c := range in.homeClusters() {
		fmt.Fprintf(&rows, "| cluster %s | itself | all (EFA, NCCL) |\n", mdText(c.Name))
		if in.fsxClient(c) {
			fmt.Fprintf(&rows, "| cluster %s | FSx for Lustre | TCP 988, 1018–1023 |\n", mdText(c.Name))
		}
	}
	if len(s.AWS.InterfaceEndpoints) > 0 {
		rows.WriteString("| VPC | interface endpoints | TCP 443 |\n")
	}
	if out := siteCIDRs(in.outboundSites()); len(out) > 0 {
		fmt.Fprintf(&rows, "| every cluster | on-prem %s | all |\n", strings.Join(out, ", "))
	}
	b.WriteString("\n**Who can reach what.**\n\n")
	if rows.Len() == 0 {
		b.WriteString("Nothing is admitted from outside the VPC's own security groups.\n")
	} else {
		b.WriteString("| From | To | Ports |\n|---|---|---|\n")
		b.Write(rows.Bytes())
	}
	b.WriteString("\n**Encryption in transit over Direct Connect.** ")
	if len(in.dxOnVGW()) == 0 {
		if len(s.Links) > 0 {
			b.WriteString("The links are IPsec VPNs: encrypted.\n\n")
		} else {
			b.WriteString("No hybrid links.\n\n")
		}
		return
	}
	b.WriteString("Direct Connect does not encrypt. HTTPS to the S3 endpoint protects the data path above; anything else (NFS, rsync, Lustre, Slurm accounting) crosses in clear unless the link is protected: ")
	var opts []string
	for _, l := range in.dxOnVGW() {
		macsec := l.Type == model.LinkDXDedicated && (l.SpeedGbps == 10 || l.SpeedGbps == 100 || l.SpeedGbps == 400)
		if macsec {
			opts = append(opts, mdText(l.Name)+": MACsec is available on its dedicated "+trimFloat(l.SpeedGbps)+" Gbps ports")
		} else {
			opts = append(opts, mdText(l.Name)+": no MACsec on this port; use an IPsec VPN over the Direct Connect (private IP VPN)")
		}
	}
	b.WriteString(strings.Join(opts, "; ") + ".\n\n")
}

// sgSummary says what each role's security group admits.
func sgSummary(in Input) string {
	peers := []string{"itself (EFA needs all traffic within the group)"}
	if in.Scenario.Storage.FSxLustre != nil {
		peers = append(peers, "the FSx group on the Lustre ports")
	}
	if hasEKS(in) {
		peers = append(peers, "its EKS control plane")
	}
	s := "each cluster admits only " + strings.Join(peers, ", ") + ", no CIDR"
	if in.Scenario.Storage.FSxLustre != nil {
		s += "; FSx admits the Lustre ports from its clients"
	}
	if len(in.Scenario.AWS.InterfaceEndpoints) > 0 {
		s += "; interface endpoints admit HTTPS from the VPC"
	}
	return s + "."
}

func hasEKS(in Input) bool {
	for _, c := range in.homeClusters() {
		if c.Orchestrator == model.OrchestratorEKS {
			return true
		}
	}
	return false
}

func writeResilience(b *bytes.Buffer, in Input) {
	s := in.Scenario
	b.WriteString("## Resilience\n\n")
	if locs := dxLocations(in); len(locs) > 0 {
		b.WriteString("**A Direct Connect location down.**\n\n| Location | Links | Usable Gbps lost | Usable Gbps left (other locations and VPN) |\n|---|---|---:|---:|\n")
		total := 0.0
		usable := map[string]float64{}
		for _, l := range in.vgwLinks() {
			if lp := in.linkPlan(l.Name); lp != nil {
				usable[l.Name] = lp.UsableGbps
				total += lp.UsableGbps
			}
		}
		for _, loc := range sortedKeys(locs) {
			lost := 0.0
			var names []string
			for _, l := range locs[loc] {
				lost += usable[l.Name]
				names = append(names, mdText(l.Name))
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", mdText(loc), strings.Join(names, ", "), oneDecimal(lost), oneDecimal(total-lost))
		}
		b.WriteString("\n")
		var one []string
		for _, lp := range in.Plan.Links {
			if lp.Connections > 1 {
				one = append(one, fmt.Sprintf("%s keeps %s of %s Gbps", mdText(lp.Link), oneDecimal(lp.UsableGbpsOneFailed), oneDecimal(lp.UsableGbps)))
			}
		}
		if len(one) > 0 {
			fmt.Fprintf(b, "With one connection of a link down: %s.\n\n", strings.Join(one, "; "))
		}
	}
	b.WriteString("**An Availability Zone lost.**\n\n| AZ | Clusters (accelerators) | Also there |\n|---|---|---|\n")
	for _, az := range sortedStrings(s.AWS.AvailabilityZones) {
		var cs []string
		for _, c := range in.homeClusters() {
			for j, caz := range clusterAZs(c) {
				if caz == az {
					n := splitNodes(c.Nodes, len(clusterAZs(c)), j)
					cs = append(cs, fmt.Sprintf("%s (%d)", mdText(c.Name), n*in.instance(c.InstanceType).AcceleratorCount))
				}
			}
		}
		var also []string
		if f := s.Storage.FSxLustre; f != nil && f.AZ == az {
			also = append(also, "FSx for Lustre (single-AZ)")
		}
		if i := indexOf(s.AWS.AvailabilityZones, az); i < s.AWS.NATGateways {
			also = append(also, "NAT gateway")
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", az, orDash(strings.Join(cs, ", ")), orDash(strings.Join(also, ", ")))
	}
	b.WriteString("\n")
	if n := s.AWS.NATGateways; n > 0 && n < len(s.AWS.AvailabilityZones) {
		fmt.Fprintf(b, "%s serves %s: losing its AZ cuts internet egress for the others.\n\n", plural(n, "NAT gateway", "NAT gateways"), plural(len(s.AWS.AvailabilityZones), "AZ", "AZs"))
	}
	if len(in.Plan.Training) > 0 {
		b.WriteString("**Checkpoint recovery.**\n\n| Job | Checkpoint | Every | Write time | Work lost at most |\n|---|---:|---:|---:|---:|\n")
		for _, t := range in.Plan.Training {
			ck := t.Checkpoint
			every, lost := "none", "the whole run"
			if ck.IntervalMinutes > 0 {
				every = trimFloat(ck.IntervalMinutes) + " min"
				lost = trimFloat(ck.IntervalMinutes) + " min"
			}
			fmt.Fprintf(b, "| %s | %s GB | %s | %s s | %s |\n", mdText(t.Job), sig3(ck.SizeGB), every, sig3(ck.WriteS), lost)
		}
		b.WriteString("\n")
		if f := s.Storage.FSxLustre; f != nil {
			switch {
			case in.fsxRepository() == fsxRepoDRA:
				b.WriteString("Checkpoints on FSx are exported to S3 automatically (data repository association) and the file system is backed up daily.\n\n")
			case f.DeploymentType == model.FSxScratch2:
				b.WriteString("FSx SCRATCH_2 is not replicated and has no backups: copy checkpoints to S3, a lost file server loses them.\n\n")
			default:
				b.WriteString("FSx is backed up daily; copy checkpoints to S3 for a second copy outside the file system.\n\n")
			}
		}
	}
	var blocks []string
	for _, c := range in.homeClusters() {
		if c.Purchase.Option == model.PurchaseCapacityBlock {
			blocks = append(blocks, mdText(c.Name))
		}
	}
	if len(blocks) > 0 {
		fmt.Fprintf(b, "**Capacity blocks end.** On capacity blocks: %s. Instances stop when the block ends, so the last checkpoint must reach S3 before then; extend or buy the next block ahead.\n\n", strings.Join(blocks, ", "))
	}
}

func writeCostSummary(b *bytes.Buffer, in Input) {
	p := in.Plan
	b.WriteString("## Cost\n\n| Category | Monthly USD | Share |\n|---|---:|---:|\n")
	for _, c := range p.MonthlyCost.ByCategory {
		share := 0.0
		if p.MonthlyCost.TotalUSD > 0 {
			share = c.MonthlyUSD / p.MonthlyCost.TotalUSD
		}
		fmt.Fprintf(b, "| %s | $%s | %s%% |\n", c.Category, usd(c.MonthlyUSD), percent(share))
	}
	fmt.Fprintf(b, "| **Total** | **$%s** | |\n\n", usd(p.MonthlyCost.TotalUSD))
	byConf := map[string]float64{}
	for _, l := range p.MonthlyCost.Lines {
		byConf[orDash(l.Confidence)] += l.MonthlyUSD
	}
	b.WriteString("**Confidence of the prices.**\n\n| Confidence | Monthly USD | Share |\n|---|---:|---:|\n")
	for _, k := range sortedKeys(byConf) {
		share := 0.0
		if p.MonthlyCost.TotalUSD > 0 {
			share = byConf[k] / p.MonthlyCost.TotalUSD
		}
		fmt.Fprintf(b, "| %s | $%s | %s%% |\n", k, usd(byConf[k]), percent(share))
	}
	b.WriteString("\n**Assumptions behind the figure.**\n\n")
	b.WriteString("- Run-rate: every line is a monthly rate at the hours per month each cluster runs; one-off costs (data copy labour, DX installation) are not included.\n")
	for _, c := range in.homeClusters() {
		if c.Purchase.Option == model.PurchaseCapacityBlock {
			fmt.Fprintf(b, "- %s: a capacity block is bought up front for a fixed duration; the run-rate spreads it per hour, the cash goes out at purchase.\n", mdText(c.Name))
		}
	}
	if len(in.dxOnVGW()) > 0 && in.Scenario.Traffic.AWSToOnPremTB > 0 {
		b.WriteString("- Direct Connect data transfer out is priced per region and DX location pair; check the pair of each link against the Direct Connect pricing page.\n")
	}
	b.WriteString("- Every line with its quantity, unit price, confidence and source is in the annex.\n\n")
}

func writeCoverage(b *bytes.Buffer, in Input) {
	s := in.Scenario
	b.WriteString("## What the template covers\n\n**Built by `topoplan export cfn`** (cfn-lint clean):\n\n")
	built := []string{"VPC, subnets exactly as the address plan, route tables, NAT and internet gateways, S3 gateway endpoint, interface endpoints, flow logs"}
	if len(in.vgwLinks()) > 0 {
		x := "virtual private gateway with route propagation and routes to the site CIDRs"
		if len(in.dxOnVGW()) > 0 {
			x += ", Direct Connect gateway and its association"
		}
		for _, l := range in.vgwLinks() {
			if l.Type == model.LinkVPN {
				x += ", VPN connections and customer gateways"
				break
			}
		}
		built = append(built, x)
	}
	if in.s3InterfaceEndpoint() {
		built = append(built, "S3 interface endpoint for on-prem clients")
	}
	built = append(built, "security groups per role")
	for _, c := range in.homeClusters() {
		switch c.Orchestrator {
		case model.OrchestratorEKS:
			built = append(built, mdText(c.Name)+": EKS cluster and managed node group")
		case model.OrchestratorHyperPod:
			built = append(built, mdText(c.Name)+": SageMaker HyperPod cluster (controller and worker groups) and its execution role")
		default:
			built = append(built, mdText(c.Name)+": launch template, placement group and instance profile")
		}
	}
	if s.Storage.FSxLustre != nil {
		x := "FSx for Lustre"
		if r := in.fsxRepository(); r != "" {
			x += " linked to the S3 bucket (" + r + ")"
		}
		built = append(built, x)
	}
	for _, x := range built {
		fmt.Fprintf(b, "- %s\n", x)
	}
	b.WriteString("\n**Left manual or to other tools:**\n\n")
	var manual []string
	for _, l := range in.dxOnVGW() {
		what := "connections and private VIFs"
		if max(l.Count, 1) == 1 {
			what = "connection and private VIF"
		}
		manual = append(manual, fmt.Sprintf("%s: the Direct Connect %s (the output %sPrivateVirtualInterface lists what to ask the provider)", mdText(l.Name), what, logicalID(l.Name)))
	}
	for _, l := range in.tgwLinks() {
		manual = append(manual, mdText(l.Name)+": the Transit Gateway and its attachment")
	}
	for _, c := range in.homeClusters() {
		switch c.Orchestrator {
		case model.OrchestratorSlurm:
			manual = append(manual, mdText(c.Name)+": Slurm (an AWS PCS compute node group from the launch template)")
		case model.OrchestratorEKS:
			manual = append(manual, mdText(c.Name)+": the EKS cluster and node IAM roles (parameters), Kubernetes add-ons (EFA device plugin, AWS Load Balancer Controller)")
		case model.OrchestratorHyperPod:
			manual = append(manual, mdText(c.Name)+": the lifecycle scripts and provisioning_parameters.json (an output) in S3")
		case model.OrchestratorNone:
			manual = append(manual, mdText(c.Name)+": launching the instances from the launch template")
		}
	}
	for _, c := range in.remoteClusters() {
		manual = append(manual, fmt.Sprintf("%s: its VPC and cluster in %s", mdText(c.Name), c.Region))
	}
	if s.Storage.S3 != nil {
		manual = append(manual, "the S3 data-lake bucket (an existing bucket, named by a parameter), its policy and encryption settings")
	}
	manual = append(manual, "the AMI (parameter), DNS forwarding on-prem for the endpoint names, the data copy jobs")
	for _, x := range manual {
		fmt.Fprintf(b, "- %s\n", x)
	}
	b.WriteString("\n")
}

func writeOpenQuestions(b *bytes.Buffer, in Input) {
	b.WriteString("## Open questions and next steps\n\n| # | Question or step | Owner |\n|---:|---|---|\n")
	var qs [][2]string
	for _, l := range in.dxOnVGW() {
		vifs := "the private VIFs"
		if max(l.Count, 1) == 1 {
			vifs = "the private VIF"
		}
		qs = append(qs, [2]string{fmt.Sprintf("Order or accept %s of %s; agree VLAN, BGP peer addresses, ASN and MD5 key with the provider", vifs, mdText(l.Name)), "network"})
	}
	if len(in.vgwLinks()) > 0 {
		qs = append(qs, [2]string{"Confirm the on-prem BGP ASN(s) (customer gateway parameters, default 65000) and the site prefixes to advertise", "network"})
	}
	if len(in.inboundSites()) > 0 && len(in.dxOnVGW()) > 0 {
		qs = append(qs, [2]string{"Decide whether data crossing Direct Connect needs MACsec or IPsec beyond HTTPS to S3", "security"})
	}
	if c := in.Plan.MonthlyCost; c.UnconfirmedUSD > 0 {
		qs = append(qs, [2]string{fmt.Sprintf("Confirm the unconfirmed prices ($%s/month) with the AWS account team", usd(c.UnconfirmedUSD)), "finance"})
	}
	for _, c := range in.homeClusters() {
		if c.Purchase.Option == model.PurchaseCapacityBlock || c.Purchase.Option == model.PurchaseReserved {
			qs = append(qs, [2]string{fmt.Sprintf("Buy the %s for %s (%d × %s) in its AZ and pass its ID to the template", c.Purchase.Option, mdText(c.Name), c.Nodes, c.InstanceType), "platform"})
		}
	}
	if xs := crossAZFSx(in); len(xs) > 0 {
		qs = append(qs, [2]string{"Move the clusters reading FSx across AZs next to it, or accept the cross-AZ latency and charges: " + strings.Join(xs, ", "), "architecture"})
	}
	var eks []string
	for _, c := range in.homeClusters() {
		if c.Orchestrator == model.OrchestratorEKS {
			eks = append(eks, mdText(c.Name))
		}
	}
	if len(eks) > 1 {
		qs = append(qs, [2]string{fmt.Sprintf("The template builds %d EKS control planes in one VPC (%s): consider one cluster with a node group each", len(eks), strings.Join(eks, ", ")), "platform"})
	}
	for _, f := range in.Plan.Findings {
		if f.Remedy != "" && f.Severity != model.SeverityInfo {
			qs = append(qs, [2]string{"Decide on: " + mdText(f.Remedy), "architecture"})
		}
	}
	qs = append(qs, [2]string{"Choose the AMI, bucket names and versions the template takes as parameters, then deploy to a test account", "platform"})
	for i, q := range qs {
		fmt.Fprintf(b, "| %d | %s | %s |\n", i+1, q[0], q[1])
	}
	b.WriteString("\n")
}

// writeChanges compares the plan with a baseline: the key figures, and the
// clusters, links and storage added, removed or changed.
func writeChanges(b *bytes.Buffer, base, in Input) {
	fmt.Fprintf(b, "## What changed against %s\n\n", mdText(base.Plan.Scenario.Name))
	b.WriteString("| Figure | Unit | Baseline | This plan | Change |\n|---|---|---:|---:|---:|\n")
	for _, d := range planner.Compare(base.Plan, in.Plan) {
		if d.Change == 0 {
			continue
		}
		pct := ""
		if d.Baseline != 0 {
			pct = fmt.Sprintf(" (%+.1f%%)", d.ChangePct)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s%s |\n", mdText(strings.TrimSpace(d.Label)), mdText(d.Unit), sig3(d.Baseline), sig3(d.Value), signed(d.Change), pct)
	}
	b.WriteString("\n")
	var changes []string
	old := map[string]model.Cluster{}
	for _, c := range base.Scenario.Clusters {
		old[c.Name] = c
	}
	seen := map[string]bool{}
	for _, c := range in.Scenario.Clusters {
		seen[c.Name] = true
		o, ok := old[c.Name]
		switch {
		case !ok:
			changes = append(changes, fmt.Sprintf("cluster %s added (%d × %s)", mdText(c.Name), c.Nodes, c.InstanceType))
		case o.Nodes != c.Nodes || o.InstanceType != c.InstanceType || o.Purchase.Option != c.Purchase.Option || o.Orchestrator != c.Orchestrator:
			changes = append(changes, fmt.Sprintf("cluster %s: %d × %s %s %s → %d × %s %s %s", mdText(c.Name), o.Nodes, o.InstanceType, o.Orchestrator, o.Purchase.Option,
				c.Nodes, c.InstanceType, c.Orchestrator, c.Purchase.Option))
		}
	}
	for _, c := range base.Scenario.Clusters {
		if !seen[c.Name] {
			changes = append(changes, "cluster "+mdText(c.Name)+" removed")
		}
	}
	oldL := map[string]model.Link{}
	for _, l := range base.Scenario.Links {
		oldL[l.Name] = l
	}
	seenL := map[string]bool{}
	for _, l := range in.Scenario.Links {
		seenL[l.Name] = true
		if o, ok := oldL[l.Name]; !ok {
			changes = append(changes, "link "+mdText(l.Name)+" added")
		} else if o != l {
			changes = append(changes, "link "+mdText(l.Name)+" changed")
		}
	}
	for _, l := range base.Scenario.Links {
		if !seenL[l.Name] {
			changes = append(changes, "link "+mdText(l.Name)+" removed")
		}
	}
	if of, nf := base.Scenario.Storage.FSxLustre, in.Scenario.Storage.FSxLustre; (of == nil) != (nf == nil) || (of != nil && *of != *nf) {
		changes = append(changes, "FSx for Lustre changed")
	}
	if len(changes) == 0 {
		b.WriteString("The estate's clusters, links and file system are unchanged.\n\n")
		return
	}
	for _, c := range changes {
		fmt.Fprintf(b, "- %s\n", c)
	}
	b.WriteString("\n")
}

func signed(v float64) string {
	if v > 0 {
		return "+" + sig3(v)
	}
	return "−" + sig3(-v)
}

// writeReportFindings is the annex's findings: severity, then the title and
// its detail as sentences, then the remedy.
func writeReportFindings(b *bytes.Buffer, fs []model.Finding) {
	b.WriteString("## Findings\n\n")
	if len(fs) == 0 {
		b.WriteString("None.\n\n")
		return
	}
	for _, f := range fs {
		fmt.Fprintf(b, "- **%s** %s", strings.ToUpper(f.Severity), mdText(sentence(f.Title, f.Detail)))
		if f.Remedy != "" {
			fmt.Fprintf(b, " *Remedy:* %s", mdText(f.Remedy))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// windowStreams is the plan's count of window-limited streams for a data
// set's copy, with the window and RTT it assumes.
func windowStreams(in Input, site, dataset string) string {
	for _, dp := range in.Plan.DataPaths {
		if dp.Site != site || dp.Dataset != dataset {
			continue
		}
		if !dp.ReachesS3 {
			return "no way into S3"
		}
		if ds := dp.DataSyncSummary(); ds != "" {
			return ds
		}
		if dp.RTTSource == "" {
			return "RTT not known"
		}
		return fmt.Sprintf("%d (%s MiB, %s ms %s)", dp.StreamsNeeded, trimFloat(dp.WindowMiB), sig3(dp.RTTMs), dp.RTTSource)
	}
	return "—"
}
