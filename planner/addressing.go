package planner

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// evaluateAddressing fills the plan's address plan: it counts the addresses
// each subnet needs (model/ipneeds.go), sizes each subnet with the headroom
// policy, allocates the subnets in the VPC's CIDR blocks around existing
// subnets (Allocate), checks the VPC against the on-prem ranges, and appends
// the findings. s has its defaults applied.
func evaluateAddressing(p *model.Plan, s model.Scenario, cat *model.Catalog) {
	ap := &model.AddressPlan{
		VPCCIDRs:          []string{},
		Subnets:           []model.PlannedSubnet{},
		Free:              []string{},
		Conflicts:         []model.AddressConflict{},
		Clusters:          []model.ClusterAddressing{},
		Fits:              true,
		HeadroomPolicyPct: model.DefaultSubnetHeadroomPct,
	}
	p.Addressing = ap
	if s.AWS.SubnetHeadroomPct != nil {
		ap.HeadroomPolicyPct = *s.AWS.SubnetHeadroomPct
	}
	var spaces []netip.Prefix
	for _, c := range append([]string{s.AWS.VPCCIDR}, s.AWS.SecondaryCIDRs...) {
		if pf, err := netip.ParsePrefix(c); err == nil && pf.Addr().Is4() {
			spaces = append(spaces, pf.Masked())
			ap.VPCCIDRs = append(ap.VPCCIDRs, pf.Masked().String())
		}
	}
	want := subnetRequests(p, ap, s, cat)
	ap.Conflicts = onPremConflicts(spaces, s.Sites)
	for _, c := range ap.Conflicts {
		p.Findings = append(p.Findings, model.Finding{
			Severity: model.SeverityCritical,
			Code:     "addr.onprem-overlap",
			Title:    fmt.Sprintf("VPC range %s overlaps %s's %s, which is routed to AWS over the hybrid links", c.VPCCIDR, c.Site, c.SiteCIDR),
			Detail:   "Overlapping ranges make traffic for those addresses ambiguous: hosts in the overlap cannot reach each other across Direct Connect or VPN.",
			Remedy:   "Renumber the VPC into a range no site uses (or add a non-overlapping secondary CIDR and move subnets there).",
		})
	}
	if len(spaces) == 0 {
		ap.Fits = false
		ap.Error = fmt.Sprintf("no valid VPC CIDR (aws.vpc_cidr = %q)", s.AWS.VPCCIDR)
		ap.Subnets = want
		return
	}
	allocate(p, ap, s, spaces, want)
}

// subnetRequests lists the subnets the scenario needs, each with its address
// count and size, and records every cluster's per-node arithmetic in ap.
func subnetRequests(p *model.Plan, ap *model.AddressPlan, s model.Scenario, cat *model.Catalog) []model.PlannedSubnet {
	azs := s.AWS.AvailabilityZones
	var out []model.PlannedSubnet
	add := func(name, purpose, az, cluster string, needed int, basis string) {
		out = append(out, model.PlannedSubnet{Name: name, Purpose: purpose, AZ: az, Cluster: cluster, NeededIPs: needed, Basis: basis})
	}
	hasEKS, controllers := false, map[string]int{}
	for _, c := range s.Clusters {
		region := c.Region
		if region == "" {
			region = s.AWS.Region
		}
		inst := cat.Instances[c.InstanceType]
		efa := c.EFA != nil && *c.EFA
		per := model.ClusterNodeIPs(c, inst, efa)
		ca := model.ClusterAddressing{Name: c.Name, Region: region, InScope: region == s.AWS.Region, Nodes: c.Nodes, PerNode: per, NeededIPs: c.Nodes * per.Total}
		ap.Clusters = append(ap.Clusters, ca)
		if !ca.InScope {
			p.Findings = append(p.Findings, model.Finding{
				Severity: model.SeverityInfo,
				Code:     "addr.out-of-scope",
				Title:    fmt.Sprintf("Cluster %s is in %s, outside this VPC (%s): its %s addresses are not planned here", c.Name, region, s.AWS.Region, fmtInt(ca.NeededIPs)),
				Detail:   fmt.Sprintf("%d nodes × %d IPs (%s).", c.Nodes, per.Total, per.Basis),
				Remedy:   "Plan that region's VPC in its own scenario, and keep its CIDR clear of this VPC's and the sites' ranges.",
			})
			continue
		}
		if efa && c.EFAInterfaceType != model.EFAOnly && per.EFAInterfaces > 1 {
			p.Findings = append(p.Findings, model.Finding{
				Severity: model.SeverityInfo,
				Code:     "addr.efa-interface-ips",
				Title:    fmt.Sprintf("Cluster %s: %d EFA-with-ENA interfaces per node take %s addresses; EFA-only interfaces would take %s", c.Name, per.EFAInterfaces, fmtInt(c.Nodes*per.InterfaceIPs), fmtInt(c.Nodes)),
				Detail:   "Each EFA interface of type efa carries an IP address; an EFA-only interface carries none (EC2 User Guide, create-efa). Only the primary ENA interface then needs an address.",
				Remedy:   "Set efa_interface_type: efa-only if nothing needs IP traffic on the extra network cards.",
			})
		}
		clusterAZs := c.AZs
		if len(clusterAZs) == 0 {
			clusterAZs = []string{c.AZ}
		}
		for i, az := range clusterAZs {
			nodes := c.Nodes / len(clusterAZs)
			if i < c.Nodes%len(clusterAZs) {
				nodes++
			}
			add("cluster-"+c.Name+"-"+az, model.SubnetCluster, az, c.Name, nodes*per.Total,
				fmt.Sprintf("%d nodes × %d IPs (%s)", nodes, per.Total, per.Basis))
		}
		switch c.Orchestrator {
		case model.OrchestratorEKS:
			hasEKS = true
		case model.OrchestratorSlurm, model.OrchestratorHyperPod:
			controllers[clusterAZs[0]] += SlurmControllerIPs
		}
	}
	hasInference := len(s.Workloads.Inference) > 0
	for i, az := range azs {
		nat := 0
		if s.AWS.NATGateways > 0 {
			nat = s.AWS.NATGateways / len(azs)
			if i < s.AWS.NATGateways%len(azs) {
				nat++
			}
		}
		var parts []string
		need := nat * model.NATGatewayIPs
		if nat > 0 {
			parts = append(parts, fmt.Sprintf("%d NAT gateway", nat))
		}
		if hasInference {
			need += model.LoadBalancerFreeIPsPerSubnet
			parts = append(parts, fmt.Sprintf("load balancer %d", model.LoadBalancerFreeIPsPerSubnet))
		}
		add("public-"+az, model.SubnetPublic, az, "", need, strings.Join(parts, " + "))
	}
	for _, az := range azs {
		var parts []string
		need := 0
		if hasEKS {
			need += model.EKSControlPlaneIPsPerSubnet
			parts = append(parts, fmt.Sprintf("EKS control plane %d", model.EKSControlPlaneIPsPerSubnet))
		}
		if n := controllers[az]; n > 0 {
			need += n
			parts = append(parts, fmt.Sprintf("scheduler head + login nodes %d (estimate)", n))
		}
		add("private-"+az, model.SubnetPrivate, az, "", need, strings.Join(parts, " + "))
	}
	if n := len(s.AWS.InterfaceEndpoints); n > 0 {
		for _, az := range azs {
			add("endpoints-"+az, model.SubnetEndpoints, az, "", n*model.InterfaceEndpointIPsPerAZ,
				fmt.Sprintf("%d interface endpoints × %d ENI (%s)", n, model.InterfaceEndpointIPsPerAZ, strings.Join(s.AWS.InterfaceEndpoints, ", ")))
		}
	}
	if f := s.Storage.FSxLustre; f != nil {
		n := model.FSxLustreIPs(f.CapacityTiB)
		add("fsx-"+f.AZ, model.SubnetStorage, f.AZ, "", n,
			fmt.Sprintf("FSx for Lustre %g TiB: ⌈%g / %g⌉ + 1 ENIs (estimate)", f.CapacityTiB, f.CapacityTiB, model.FSxLustreTiBPerIP))
	}
	for i := range out {
		sn := &out[i]
		sn.RequiredIPs = model.RequiredWithHeadroom(sn.NeededIPs, ap.HeadroomPolicyPct)
		bits, ok := model.SubnetBitsFor(sn.RequiredIPs)
		if sn.Purpose == model.SubnetPublic && hasInference {
			// An Application Load Balancer's subnets must be at least a /27.
			bits = min(bits, LoadBalancerSubnetMaxBits)
		}
		sn.PrefixBits = bits
		sn.UsableIPs = model.UsableIPs(bits)
		sn.HeadroomPct = model.HeadroomPct(sn.UsableIPs, sn.NeededIPs)
		switch {
		case ok:
		case sn.NeededIPs > sn.UsableIPs:
			p.Findings = append(p.Findings, model.Finding{
				Severity: model.SeverityCritical,
				Code:     "addr.subnet-too-large",
				Title:    fmt.Sprintf("Subnet %s needs %s addresses; the largest subnet AWS allows (/16) has %s usable", sn.Name, fmtInt(sn.NeededIPs), fmtInt(model.UsableIPs(model.SubnetLargestPrefixBits))),
				Detail:   sn.Basis + ". Subnets are /28 to /16 (VPC User Guide, subnet sizing); EFA traffic does not cross subnets, so an EFA cluster cannot be split.",
				Remedy:   "Use efa-only interfaces or prefix delegation to cut the per-node count, or split the cluster.",
			})
		default:
			p.Findings = append(p.Findings, model.Finding{
				Severity: model.SeverityWarning,
				Code:     "addr.headroom-short",
				Title:    fmt.Sprintf("Subnet %s gets a /16 with %.0f%% headroom, below the %.0f%% policy", sn.Name, sn.HeadroomPct, ap.HeadroomPolicyPct),
				Detail:   sn.Basis + ". A /16 is the largest subnet AWS allows.",
				Remedy:   "Accept the smaller margin, or reduce the per-node address count (efa-only interfaces, prefix delegation).",
			})
		}
	}
	return out
}

// LoadBalancerSubnetMaxBits is the smallest subnet an Application Load
// Balancer should get: "a CIDR block with at least a /27 bitmask" (ELB
// guide, subnets for your load balancer; third-party confidence like
// model.LoadBalancerFreeIPsPerSubnet).
const LoadBalancerSubnetMaxBits = 27

// SlurmControllerIPs is topoplan's ESTIMATE of the scheduler hosts of a
// Slurm or HyperPod cluster placed in the private subnet of its AZ: one head
// (controller) node and one login node, one address each.
const SlurmControllerIPs = 2

// allocate places the requested subnets in the VPC around the existing ones
// and records the layout, or the refusal, in ap.
func allocate(p *model.Plan, ap *model.AddressPlan, s model.Scenario, spaces []netip.Prefix, want []model.PlannedSubnet) {
	var taken []netip.Prefix
	var existing []model.PlannedSubnet
	for _, e := range s.AWS.ExistingSubnets {
		pf, err := netip.ParsePrefix(e.CIDR)
		if err != nil || !pf.Addr().Is4() {
			continue
		}
		pf = pf.Masked()
		taken = append(taken, pf)
		name := e.Name
		if name == "" {
			name = e.ID
		}
		existing = append(existing, model.PlannedSubnet{Name: name, Purpose: model.SubnetExisting, AZ: e.AZ, CIDR: pf.String(),
			UsableIPs: model.UsableIPs(pf.Bits()), PrefixBits: pf.Bits(), Basis: "existing subnet " + e.ID})
	}
	reqBits := make([]int, len(want))
	for i, w := range want {
		reqBits[i] = w.PrefixBits
	}
	res, err := Allocate(spaces, taken, reqBits)
	var fe *FitError
	if err != nil && !errors.As(err, &fe) {
		ap.Fits = false
		ap.Error = err.Error()
		return
	}
	for i := range want {
		if res.Prefixes[i].IsValid() {
			want[i].CIDR = res.Prefixes[i].String()
		}
	}
	all := append(existing, want...)
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].CIDR, all[j].CIDR
		if (a == "") != (b == "") {
			return b == ""
		}
		if a == "" {
			return false
		}
		return netip.MustParsePrefix(a).Addr().Less(netip.MustParsePrefix(b).Addr())
	})
	ap.Subnets = all
	for _, f := range res.Free {
		ap.Free = append(ap.Free, f.String())
	}
	if fe == nil {
		return
	}
	ap.Fits = false
	var names []string
	for _, i := range fe.Unplaced {
		names = append(names, fmt.Sprintf("%s (/%d)", want[i].Name, want[i].PrefixBits))
	}
	allBits := append([]int{}, reqBits...)
	for _, t := range taken {
		allBits = append(allBits, t.Bits())
	}
	smallest := SmallestEnclosingBits(allBits)
	var total uint64
	for _, b := range allBits {
		total += 1 << (32 - b)
	}
	ap.Error = fmt.Sprintf("the subnets need %s addresses in aligned blocks but the VPC (%s) has %s free; not placed: %s",
		fmtInt(int(fe.NeededAddresses)), strings.Join(ap.VPCCIDRs, ", "), fmtInt(int(fe.FreeAddresses)), strings.Join(names, ", "))
	remedy := ""
	if smallest >= model.SubnetLargestPrefixBits {
		ap.SmallestFittingVPC = netip.PrefixFrom(spaces[0].Addr(), smallest).Masked().String()
		ap.Error += fmt.Sprintf("; the smallest VPC CIDR that holds every subnet is a /%d (%s)", smallest, ap.SmallestFittingVPC)
		remedy = fmt.Sprintf("Use a /%d VPC CIDR such as %s, add a secondary CIDR, or lower aws.subnet_headroom_pct.", smallest, ap.SmallestFittingVPC)
	} else {
		ap.Error += fmt.Sprintf("; together they need %s addresses, more than one VPC CIDR can hold (/16 = 65,536)", fmtInt(int(total)))
		remedy = "Add secondary CIDR blocks (up to 5 per VPC by default), use efa-only interfaces or prefix delegation, or lower aws.subnet_headroom_pct."
	}
	p.Findings = append(p.Findings, model.Finding{
		Severity: model.SeverityCritical,
		Code:     "addr.vpc-too-small",
		Title:    "The subnets do not fit the VPC: " + ap.Error,
		Remedy:   remedy,
	})
}

// onPremConflicts lists every overlap between a VPC CIDR block and a site's
// CIDR blocks (site CIDRs are routed to AWS over Direct Connect or VPN, so
// they must not overlap the VPC).
func onPremConflicts(spaces []netip.Prefix, sites []model.Site) []model.AddressConflict {
	out := []model.AddressConflict{}
	for _, v := range spaces {
		for _, site := range sites {
			for _, c := range site.CIDRs {
				sp, err := netip.ParsePrefix(c)
				if err != nil || !sp.Addr().Is4() {
					continue
				}
				if v.Overlaps(sp.Masked()) {
					out = append(out, model.AddressConflict{VPCCIDR: v.String(), Site: site.Name, SiteCIDR: sp.Masked().String()})
				}
			}
		}
	}
	return out
}

// fmtInt formats a count with thousands separators.
func fmtInt(n int) string { return model.FormatUSD(float64(n), 0) }
