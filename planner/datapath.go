package planner

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// bytesPerMiB is bytes per MiB.
const bytesPerMiB = 1 << 20

// pathLink is one of a site's links as the data path uses it.
type pathLink struct {
	name      string
	usable    float64 // Gbps
	rttMs     float64
	rttSource string
	vif       string // private, transit, public, or "" (VPN)
	tgw       bool
	region    string // the DX location's associated region ("" unknown or VPN)
	location  string
}

// reachesS3 says whether the link has a way into S3: a public VIF always
// does; a private or transit VIF and a VPN only through an S3 interface
// endpoint in the VPC (a gateway endpoint is not reachable from on-prem).
func (pl pathLink) reachesS3(interfaceEndpoint bool) bool {
	return pl.vif == model.VIFPublic || interfaceEndpoint
}

// evaluateDataPaths builds each data set's route from its site into S3 and
// FSx over all the site's links at once.
func evaluateDataPaths(p *model.Plan, s model.Scenario, cat *model.Catalog, c *constants) {
	p.DataPaths = []model.DataPathPlan{}
	listed := slices.Contains(s.AWS.InterfaceEndpoints, "s3")
	for _, site := range s.Sites {
		var links []pathLink
		for i, l := range s.Links {
			if l.Site != site.Name {
				continue
			}
			pl := pathLink{name: l.Name, vif: linkVIF(l), tgw: l.TransitGateway || linkVIF(l) == model.VIFTransit, location: l.Location}
			if i < len(p.Links) {
				pl.usable, pl.rttMs, pl.rttSource = p.Links[i].UsableGbps, p.Links[i].RTTMs, p.Links[i].RTTSource
			}
			if loc, _, ok := cat.LookupDXLocation(l.Location); ok && l.Type != model.LinkVPN {
				pl.region = loc.Region
			}
			links = append(links, pl)
		}
		if len(links) == 0 {
			continue
		}
		// The CloudFormation export adds an S3 interface endpoint when data
		// sets land in the S3 data lake over a link on the virtual private
		// gateway (export.Input.s3InterfaceEndpoint): the plan counts it.
		implied := false
		if !listed && s.Storage.S3 != nil {
			for _, l := range links {
				implied = implied || !l.tgw
			}
		}
		for _, d := range site.Datasets {
			dp := dataPath(s, cat, c, site, d, links, listed || implied)
			dp.S3EndpointImplied = implied && dp.ReachesS3 && hasHop(dp, "s3-interface-endpoint")
			if dp.S3EndpointImplied {
				for i := range dp.Route {
					if dp.Route[i].Kind == "s3-interface-endpoint" {
						dp.Route[i].Note = model.JoinNote("not in aws.interface_endpoints: export cfn adds it (S3InterfaceEndpoint), as a private link cannot use the S3 gateway endpoint", dp.Route[i].Note)
					}
				}
			}
			p.DataPaths = append(p.DataPaths, dp)
		}
	}
}

// dataPath is one data set's route. The rate is the smallest hop capacity
// on the way into S3; the FSx import that follows is shown but timed
// separately (storage.hydration).
func dataPath(s model.Scenario, cat *model.Catalog, c *constants, site model.Site, d model.Dataset, links []pathLink, endpoint bool) model.DataPathPlan {
	dp := model.DataPathPlan{Dataset: d.Name, Site: site.Name, SizeTB: d.SizeTB, Links: []string{}, Route: []model.RouteHop{}, Streams: d.Streams,
		WindowHours: d.TransferWindowHours}
	dp.WindowMiB = site.TCPWindowMiB
	if dp.WindowMiB <= 0 {
		dp.WindowMiB = c.value(cTCPWindow)
	}
	window := dp.WindowMiB * bytesPerMiB
	dp.StreamCapGbps = site.StreamGbpsMax
	if dp.StreamCapGbps <= 0 {
		dp.StreamCapGbps = c.value(cSingleFlow)
	}
	flowCap := dp.StreamCapGbps
	var used []pathLink
	var blocked []string
	for _, l := range links {
		if l.reachesS3(endpoint) {
			used = append(used, l)
			dp.Links = append(dp.Links, l.name)
		} else {
			blocked = append(blocked, l.name)
		}
	}
	dp.ReachesS3 = len(used) > 0
	gb := d.SizeTB * model.GBPerTB
	home := cat.Regions[s.AWS.Region]

	// 1. The source storage.
	src := model.RouteHop{Name: "site storage read (" + site.Name + ")", Kind: "source", CapacityGbps: site.ReadGbps, Priced: true}
	if site.ReadGbps <= 0 {
		src.Note = "read rate not given (sites[].read_gbps): not treated as limiting"
	}
	dp.Route = append(dp.Route, src)
	if !dp.ReachesS3 {
		dp.Note = fmt.Sprintf("no way into S3 over %s: a private or transit VIF (or a VPN) reaches S3 only through an S3 interface endpoint in the VPC; the S3 gateway endpoint cannot be used from on-prem", strings.Join(blocked, ", "))
		linkHop := model.RouteHop{Name: "links " + strings.Join(blocked, ", "), Kind: "link", Priced: true}
		for _, l := range links {
			linkHop.CapacityGbps += l.usable
		}
		dp.Route = append(dp.Route, linkHop)
		dp.Route = append(dp.Route, gatewayHops(s, home, links, 0)...)
		dp.Route = append(dp.Route, model.RouteHop{Name: "no S3 interface endpoint and no public VIF", Kind: "s3", Note: dp.Note})
		return dp
	}

	// 2. TCP: window-limited streams, allocated to the links by marginal gain.
	for _, l := range used {
		if l.rttMs > dp.RTTMs {
			dp.RTTMs, dp.RTTSource = l.rttMs, l.rttSource
		}
	}
	dp.StreamGbps = finite(model.StreamGbpsCapped(window, dp.RTTMs, flowCap))
	tcp := model.RouteHop{Name: fmt.Sprintf("TCP, %g MiB window", dp.WindowMiB), Kind: "tcp", Priced: true}
	if d.Streams > 0 {
		tcp.Name = fmt.Sprintf("TCP, %d streams × %g MiB window", d.Streams, dp.WindowMiB)
		tcp.CapacityGbps = streamsCapacity(used, d.Streams, window, flowCap)
		tcp.Note = fmt.Sprintf("min(window / RTT, %g Gbps per flow) per stream, streams spread over the links where each adds most", flowCap)
		if site.StreamGbpsMax <= 0 {
			tcp.Source = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-network-bandwidth.html"
		}
	} else {
		tcp.Note = "streams not given (datasets[].streams): as many as the rate needs are assumed"
	}
	dp.Method = model.MethodTCPStreams
	if d.Method == model.MethodDataSync {
		tcp = dataSyncHop(&dp, d)
	}
	dp.Route = append(dp.Route, tcp)

	// 3. The links (all of them at once).
	linkHop := model.RouteHop{Name: "links " + strings.Join(dp.Links, " + "), Kind: "link", Priced: true,
		Note: "data into AWS over Direct Connect or VPN is not charged"}
	for _, l := range used {
		linkHop.CapacityGbps += l.usable
	}
	if len(blocked) > 0 {
		linkHop.Note = model.JoinNote(linkHop.Note, "not used (no way into S3): "+strings.Join(blocked, ", "))
	}
	dp.Route = append(dp.Route, linkHop)

	// 4. Gateways by VIF type, then the S3 endpoint.
	dp.Route = append(dp.Route, gatewayHops(s, home, used, gb)...)
	public := true
	for _, l := range used {
		public = public && l.vif == model.VIFPublic
	}
	if public {
		dp.Route = append(dp.Route, model.RouteHop{Name: "S3 public endpoint (public VIF)", Kind: "s3-public-endpoint", Priced: true,
			Note: "no PrivateLink charge; traffic stays on the AWS network but uses S3's public IP ranges"})
	} else {
		azs := max(1, len(s.AWS.AvailabilityZones))
		ep := model.RouteHop{Name: "S3 interface endpoint (PrivateLink)", Kind: "s3-interface-endpoint",
			CapacityGbps: float64(azs) * c.value(cEndpointPerAZ),
			Source:       "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html",
			Note:         fmt.Sprintf("%d AZ × %g Gbps (10 Gbps per AZ at first, scaling automatically)", azs, c.value(cEndpointPerAZ))}
		if home.InterfaceEndpointGB.USD > 0 {
			ep.USDPerGB, ep.Priced = home.InterfaceEndpointGB.USD, true
			ep.CostUSD = gb * ep.USDPerGB
			ep.Source = home.InterfaceEndpointGB.URL
			ep.Note = model.JoinNote(ep.Note, "first-PB data-processing rate")
		} else {
			ep.Note = model.JoinNote(ep.Note, "data-processing price for "+s.AWS.Region+" not in the catalog: unpriced")
		}
		dp.Route = append(dp.Route, ep)
	}
	dp.Route = append(dp.Route, model.RouteHop{Name: "S3 (PUT)", Kind: "s3", Priced: true,
		Note: "no published bandwidth limit; 3,500 PUT/s per prefix (S3 performance guidelines): spread keys over prefixes"})
	if s.Storage.FSxLustre != nil {
		f := s.Storage.FSxLustre
		dp.Route = append(dp.Route, model.RouteHop{Name: "FSx for Lustre import (after S3)", Kind: "fsx", Priced: true,
			CapacityGbps: f.CapacityTiB * f.ThroughputMBpsPerTiB * 8 / 1000,
			Note:         "runs after the copy lands in S3; its time is in storage.hydration"})
	}

	// Bottleneck: the smallest limiting hop before S3.
	dp.RateGbps = math.Inf(1)
	for _, h := range dp.Route {
		if h.Kind == "fsx" || h.CapacityGbps <= 0 {
			continue
		}
		if h.CapacityGbps < dp.RateGbps {
			dp.RateGbps, dp.Bottleneck = h.CapacityGbps, h.Name
		}
	}
	dp.RateGbps = finite(dp.RateGbps)
	dp.Hours = finite(model.TransferHours(d.SizeTB, dp.RateGbps))
	dp.InFlightBytes = model.BandwidthDelayBytes(dp.RateGbps, dp.RTTMs)
	dp.StreamsNeeded = streamsNeeded(used, dp.RateGbps, window, flowCap)
	if dp.Method == model.MethodDataSync {
		// DataSync runs its own parallel connections: count tasks, not
		// streams, against the rate the other hops allow.
		dp.StreamsNeeded = 0
		if dp.TaskGbps > 0 {
			others := math.Inf(1)
			for _, h := range dp.Route {
				if h.Kind != "fsx" && h.Kind != "datasync" && h.CapacityGbps > 0 {
					others = math.Min(others, h.CapacityGbps)
				}
			}
			if !math.IsInf(others, 1) {
				dp.TasksNeeded = int(math.Ceil(others/dp.TaskGbps - 1e-9))
			}
		}
	}
	for _, l := range used {
		if l.rttSource == "" {
			// Without an RTT the window's limit is unknown: say so rather
			// than count streams at 0 ms.
			dp.StreamsNeeded, dp.StreamGbps, dp.RTTSource = 0, 0, ""
			dp.Note = model.JoinNote(dp.Note, "RTT of "+l.name+" unknown (give the site a city or lat/lon, or the link rtt_ms): streams not counted")
		}
	}
	for _, h := range dp.Route {
		if h.Priced {
			dp.CostUSD += h.CostUSD
		} else {
			dp.Unpriced = append(dp.Unpriced, h.Name)
		}
	}
	return dp
}

// hasHop says whether the route has a hop of the kind.
func hasHop(dp model.DataPathPlan, kind string) bool {
	for _, h := range dp.Route {
		if h.Kind == kind {
			return true
		}
	}
	return false
}

// gatewayHops are the AWS gateways between the links and the S3 endpoint.
func gatewayHops(s model.Scenario, home model.RegionPrices, used []pathLink, gb float64) []model.RouteHop {
	var out []model.RouteHop
	seen := map[string]bool{}
	add := func(h model.RouteHop) {
		if !seen[h.Name] {
			seen[h.Name] = true
			out = append(out, h)
		}
	}
	for _, l := range used {
		cross := l.region != "" && l.region != s.AWS.Region
		switch {
		case l.vif == model.VIFPublic:
			add(model.RouteHop{Name: "public VIF", Kind: "vif", Priced: true, Note: "reaches AWS public endpoints in every Region"})
		case l.vif == "" && !l.tgw:
			add(model.RouteHop{Name: "VPN to virtual private gateway", Kind: "vgw", Priced: true})
		case l.tgw:
			if l.vif == model.VIFTransit {
				add(model.RouteHop{Name: "transit VIF to Direct Connect gateway", Kind: "dx-gateway", Priced: true})
			}
			h := model.RouteHop{Name: "Transit Gateway (" + s.AWS.Region + ")", Kind: "tgw", Source: home.TransitGatewayGB.URL}
			if home.TransitGatewayGB.USD > 0 {
				h.USDPerGB, h.Priced, h.CostUSD = home.TransitGatewayGB.USD, true, gb*home.TransitGatewayGB.USD
			} else {
				h.Note = "per-GB processing price for " + s.AWS.Region + " not in the catalog: unpriced"
			}
			add(h)
		default:
			// export cfn associates every Direct Connect link on the virtual
			// private gateway through a Direct Connect gateway; across Regions
			// it is the only way.
			note := "export cfn builds one and associates it with the virtual private gateway"
			if cross {
				note = fmt.Sprintf("%s is associated with %s: a private VIF reaches a VPC in %s only through a Direct Connect gateway", l.location, l.region, s.AWS.Region)
			}
			add(model.RouteHop{Name: "private VIF to Direct Connect gateway", Kind: "dx-gateway", Priced: true, Note: note})
			add(model.RouteHop{Name: "virtual private gateway", Kind: "vgw", Priced: true})
		}
	}
	return out
}

// streamsCapacity is the most n window-limited streams carry over the
// links, each stream placed where it adds most (each link's rate,
// min(usable, k × window/RTT), is concave in k, so this greedy placement is
// optimal and adding a link never lowers it).
func streamsCapacity(links []pathLink, n int, window, capGbps float64) float64 {
	got := make([]float64, len(links))
	total := 0.0
	for range n {
		best, gain := -1, 0.0
		for i, l := range links {
			g := math.Min(model.StreamGbpsCapped(window, l.rttMs, capGbps), l.usable-got[i])
			if g > gain {
				best, gain = i, g
			}
		}
		if best < 0 {
			break
		}
		got[best] += gain
		total += gain
	}
	return total
}

// streamsNeeded is how many streams, each limited by its window and the
// per-flow cap capGbps, carry rateGbps over the links, filling the links
// with the fastest streams first.
func streamsNeeded(links []pathLink, rateGbps, window, capGbps float64) int {
	if rateGbps <= 0 || window <= 0 {
		return 0
	}
	ls := slices.Clone(links)
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].rttMs < ls[j].rttMs })
	left, n := rateGbps, 0
	for _, l := range ls {
		take := math.Min(left, l.usable)
		if take <= 0 {
			continue
		}
		n += model.StreamsNeededCapped(take, window, l.rttMs, capGbps)
		left -= take
	}
	return n
}

// dataPathFindings flag data sets with no way into S3 and copies that need
// many parallel streams or miss their window.
func dataPathFindings(p model.Plan) []model.Finding {
	var out []model.Finding
	for _, dp := range p.DataPaths {
		if !dp.ReachesS3 {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "datapath.no-s3-route",
				Title:  fmt.Sprintf("%s (%g TB at %s) has no way into S3", dp.Dataset, dp.SizeTB, dp.Site),
				Detail: dp.Note + ".",
				Remedy: "add s3 to aws.interface_endpoints (an S3 interface endpoint, PrivateLink, priced per GB processed), or set vif: public on a Direct Connect link"})
			continue
		}
		// The links alone meeting the window is link.transfer-window's
		// business; this is the case where another hop makes the copy miss it.
		if dp.WindowHours > 0 && dp.Hours > dp.WindowHours && !strings.HasPrefix(dp.Bottleneck, "links ") {
			out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "datapath.transfer-window",
				Title:  fmt.Sprintf("%s takes %.1f h end to end, past its %g h window: %s carries only %.1f Gbps", dp.Dataset, dp.Hours, dp.WindowHours, dp.Bottleneck, dp.RateGbps),
				Detail: "The links could carry it in time; the bottleneck hop cannot.",
				Remedy: "raise the bottleneck: the site's read rate (sites[].read_gbps), more parallel streams (datasets[].streams) or a larger TCP window (sites[].tcp_window_mib)"})
		}
		if dp.S3EndpointImplied {
			f := model.Finding{Severity: model.SeverityWarning, Code: "datapath.s3-endpoint-implied",
				Title: fmt.Sprintf("%s (%g TB) reaches S3 only through an S3 interface endpoint the scenario does not list", dp.Dataset, dp.SizeTB),
				Detail: "Over a private VIF (or a VPN) to a virtual private gateway, S3 is reachable only through an S3 interface endpoint (PrivateLink); " +
					"the S3 gateway endpoint serves the VPC, not on-prem. The CloudFormation export adds one.",
				Remedy: "add s3 to aws.interface_endpoints to make it explicit, or set vif: public on the Direct Connect link to reach S3's public endpoints without PrivateLink charges"}
			if len(dp.Unpriced) == 0 && dp.CostUSD > 0 {
				f.Detail += fmt.Sprintf(" Its data processing costs $%s for this copy.", model.FormatUSD(dp.CostUSD, 0))
			}
			out = append(out, f)
		}
		if dp.Method == model.MethodDataSync {
			if dp.TasksNeeded > dp.Agents {
				out = append(out, model.Finding{Severity: model.SeverityInfo, Code: "datapath.datasync-tasks",
					Title:  fmt.Sprintf("%s: %d DataSync tasks (agents) reach %.1f Gbps; the copy runs %d", dp.Dataset, dp.TasksNeeded, float64(dp.TasksNeeded)*dp.TaskGbps, dp.Agents),
					Detail: fmt.Sprintf("One task carries %g Gbps as given; the other hops allow more. AWS recommends one agent per location in most cases, up to four for tens of millions of small files or links under 2.5 Gbps; larger rates take tasks in parallel, each with its own agent.", dp.TaskGbps),
					Remedy: "raise datasets[].agents (one task each)"})
			}
			if n := max(dp.Agents, dp.TasksNeeded); n > 100 {
				out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "datapath.datasync-quota",
					Title:  fmt.Sprintf("%s needs %d DataSync tasks, over the default quota of 100 tasks per account and Region", dp.Dataset, n),
					Detail: "Source: " + dataSyncQuotaURL + " (adjustable).",
					Remedy: "request a quota increase, or raise the per-task rate"})
			}
		}
		if dp.StreamsNeeded > 1 && dp.Streams == 0 {
			out = append(out, model.Finding{Severity: model.SeverityInfo, Code: "datapath.parallel-streams",
				Title: fmt.Sprintf("%s needs %d parallel TCP streams to reach %.1f Gbps", dp.Dataset, dp.StreamsNeeded, dp.RateGbps),
				Detail: fmt.Sprintf("One stream with a %g MiB window carries %.2f Gbps%s at %.0f ms RTT (%s); %.2f GB are in flight at %.1f Gbps.",
					dp.WindowMiB, dp.StreamGbps, capNote(dp), dp.RTTMs, dp.RTTSource, dp.InFlightBytes/1e9, dp.RateGbps),
				Remedy: "run the copy with that many parallel streams (or DataSync tasks), or raise the hosts' TCP window (sites[].tcp_window_mib)"})
		}
		if dp.Streams > 0 && dp.Streams < dp.StreamsNeeded {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "datapath.window-bound",
				Title:  fmt.Sprintf("%s: %d streams cap the copy at %.1f Gbps", dp.Dataset, dp.Streams, dp.RateGbps),
				Remedy: fmt.Sprintf("run at least %d streams or raise the TCP window", dp.StreamsNeeded)})
		}
		if len(dp.Unpriced) > 0 {
			out = append(out, model.Finding{Severity: model.SeverityInfo, Code: "datapath.unpriced-hop",
				Title:  fmt.Sprintf("%s: %s not priced", dp.Dataset, strings.Join(dp.Unpriced, ", ")),
				Detail: "The catalog has no published price for this hop in this Region; the copy's cost leaves it out."})
		}
	}
	return out
}

// capNote says when the per-flow cap, not the window, limits one stream.
func capNote(dp model.DataPathPlan) string {
	if !dp.StreamCapped() {
		return ""
	}
	return fmt.Sprintf(" (the %g Gbps per-flow cap, not the window: sites[].stream_gbps_max)", dp.StreamCapGbps)
}

// dataSyncQuotaURL is AWS DataSync's quotas page (100 tasks per account and
// Region, adjustable; read 2026-12-02).
const dataSyncQuotaURL = "https://docs.aws.amazon.com/datasync/latest/userguide/datasync-limits.html"

// dataSyncHop is the DataSync hop that replaces the TCP hop when a data set
// is copied by DataSync: agents × the measured task rate when one is given,
// else not limiting; unpriced, as the catalog has no DataSync per-GB price.
func dataSyncHop(dp *model.DataPathPlan, d model.Dataset) model.RouteHop {
	dp.Method = model.MethodDataSync
	dp.Agents = max(d.Agents, 1)
	dp.TaskGbps = d.DataSyncTaskGbps
	h := model.RouteHop{Name: fmt.Sprintf("AWS DataSync, %s (one task each)", plural(dp.Agents, "agent")), Kind: "datasync",
		Source: "https://docs.aws.amazon.com/datasync/latest/userguide/multiple-agents.html"}
	if dp.TaskGbps > 0 {
		h.CapacityGbps = float64(dp.Agents) * dp.TaskGbps
		h.Note = fmt.Sprintf("%d × %g Gbps per task (datasets[].datasync_task_gbps, measured)", dp.Agents, dp.TaskGbps)
	} else {
		h.Note = "per-task rate not given (datasets[].datasync_task_gbps): AWS publishes none in the pages read, so the tasks are not treated as limiting"
	}
	h.Note = model.JoinNote(h.Note, "per-GB DataSync price not in the catalog: unpriced (see aws.amazon.com/datasync/pricing)")
	return h
}

// plural is "1 agent" or "n agents".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
