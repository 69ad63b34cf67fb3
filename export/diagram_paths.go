package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// This file draws the plan's data paths (the S3 interface endpoint edge
// labelled with what the copies need, public VIFs straight to S3) and the
// inference services' user populations with the region serving them.

// linkRTTLine is the link's round-trip time, measured or derived.
func (d *diagram) linkRTTLine(l model.Link) string {
	lp := d.in.linkPlan(l.Name)
	if lp == nil || lp.RTTSource == "" {
		if l.RTTMs > 0 {
			return fmt.Sprintf("RTT %s ms", trimFloat(l.RTTMs))
		}
		return ""
	}
	return fmt.Sprintf("RTT %s ms %s", sig3(lp.RTTMs), lp.RTTSource)
}

// vifLine names a Direct Connect link's virtual interface.
func (d *diagram) vifLine(l model.Link) string {
	if lp := d.in.linkPlan(l.Name); lp != nil && lp.VIF != "" {
		return lp.VIF + " VIF"
	}
	return ""
}

// endpointEdgeLabel is what the copies into S3 need through the S3
// interface endpoint: each data set's streams and PrivateLink charge.
func (d *diagram) endpointEdgeLabel() string {
	lines := []string{"on-prem data"}
	for _, dp := range d.in.Plan.DataPaths {
		if !dp.ReachesS3 || !hasRouteHop(dp, "s3-interface-endpoint") {
			continue
		}
		x := fmt.Sprintf("%s: %d TCP stream(s)", dp.Dataset, dp.StreamsNeeded)
		if dp.RTTSource == "" {
			x = dp.Dataset + ": streams unknown (no RTT)"
		}
		if dp.Method == model.MethodDataSync {
			x = fmt.Sprintf("%s: DataSync, %d agent(s)", dp.Dataset, dp.Agents)
		}
		if slices.ContainsFunc(dp.Unpriced, func(n string) bool { return strings.HasPrefix(n, "S3 interface endpoint") }) {
			x += ", PrivateLink unpriced"
		} else if dp.CostUSD > 0 {
			x += ", $" + model.FormatUSD(dp.CostUSD, 0) + " PrivateLink"
		}
		lines = append(lines, x)
	}
	return strings.Join(lines, "\n")
}

func hasRouteHop(dp model.DataPathPlan, kind string) bool {
	for _, h := range dp.Route {
		if h.Kind == kind {
			return true
		}
	}
	return false
}

// publicVIFEdges send public-VIF links straight to S3's public endpoints.
func (d *diagram) publicVIFEdges() {
	if d.s3 == "" {
		return
	}
	for _, l := range d.in.Scenario.Links {
		if lp := d.in.linkPlan(l.Name); lp != nil && lp.VIF == model.VIFPublic {
			d.edges = append(d.edges, dotEdge{key: "public:" + l.Name, from: linkID(l.Name), to: d.s3, label: "public VIF\nS3 public endpoint", style: "style=dashed, constraint=false"})
		}
	}
}

// users draws each inference service's user populations and an edge to
// the node group serving them, labelled with the latency they see.
func (d *diagram) users() {
	for _, ip := range d.in.Plan.Inference {
		if len(ip.Users) == 0 {
			continue
		}
		clusterOf := map[string]string{}
		for _, r := range ip.Regions {
			clusterOf[r.Region] = r.Cluster
		}
		d.w.group("cluster_users_"+ip.Service, "Users of "+ip.Service, "#ffffff", "#999999", "dotted")
		for _, u := range ip.Users {
			id := "users_" + ip.Service + "_" + u.Name
			d.w.node(id, qLines([]string{u.Name, fmt.Sprintf("%s%% of requests", percent(u.Share))}, ""), "shape=ellipse, style=filled, fillcolor=\"#f0f0f0\"")
			groups := d.groups[clusterOf[u.Region]]
			if len(groups) == 0 {
				continue
			}
			label := fmt.Sprintf("%s: RTT %s ms %s\nfirst token %s ms", u.Region, sig3(u.RTTMs), u.RTTSource, model.FormatUSD(u.FirstTokenMs, 0))
			d.edges = append(d.edges, dotEdge{key: "users:" + id, from: id, to: groups[0], label: label, style: "style=dotted, constraint=false"})
		}
		d.w.close()
	}
}

// inferenceLines are a serving cluster's inference figures for its box.
func (d *diagram) inferenceLines(c model.Cluster) []string {
	var lines []string
	for _, ip := range d.in.Plan.Inference {
		for _, r := range ip.Regions {
			if r.Cluster != c.Name || ip.TokensPerSPerInstance <= 0 {
				continue
			}
			lines = append(lines, fmt.Sprintf("%s: %s req/s, %d of %d nodes needed", ip.Service, sig3(r.RequestsPerSecond), r.InstancesNeeded, r.InstancesProvisioned))
		}
	}
	return lines
}
