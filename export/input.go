package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// Input is what the design-review exports (diagram, CloudFormation, report)
// read: the evaluated plan, and for what the plan does not carry (site
// names, subnet purposes of clusters, EFA interface counts) the scenario with
// its defaults applied and the catalog that priced it.
type Input struct {
	// Plan is the evaluated plan (planner.Evaluate).
	Plan model.Plan
	// Scenario is the scenario after planner.ApplyDefaults.
	Scenario model.Scenario
	// Catalog is the catalog the plan was made with.
	Catalog *model.Catalog
	// Date is the plan's date (YYYY-MM-DD) shown in the legend and report;
	// the caller fixes it so the output is reproducible.
	Date string
}

// instance returns the catalog entry of an instance type (zero value when
// the catalog is missing or does not list it).
func (in Input) instance(typ string) model.Instance {
	if in.Catalog == nil {
		return model.Instance{}
	}
	return in.Catalog.Instances[typ]
}

// homeClusters are the clusters in the scenario's home region, in scenario order.
func (in Input) homeClusters() []model.Cluster {
	var out []model.Cluster
	for _, c := range in.Scenario.Clusters {
		if c.Region == "" || c.Region == in.Scenario.AWS.Region {
			out = append(out, c)
		}
	}
	return out
}

// remoteClusters are the clusters outside the home region, in scenario order.
func (in Input) remoteClusters() []model.Cluster {
	var out []model.Cluster
	for _, c := range in.Scenario.Clusters {
		if c.Region != "" && c.Region != in.Scenario.AWS.Region {
			out = append(out, c)
		}
	}
	return out
}

// clusterAZs are the availability zones a cluster's nodes sit in.
func clusterAZs(c model.Cluster) []string {
	if len(c.AZs) > 0 {
		return c.AZs
	}
	if c.AZ != "" {
		return []string{c.AZ}
	}
	return nil
}

// efaOn reports whether a (defaulted) cluster uses EFA.
func efaOn(c model.Cluster) bool { return c.EFA != nil && *c.EFA }

// nodeGroupSummary is the one-line description of a cluster as a node group:
// "64 × p5.48xlarge, 512 H100, EFA 3200 Gbps".
func (in Input) nodeGroupSummary(c model.Cluster) string {
	inst := in.instance(c.InstanceType)
	s := fmt.Sprintf("%d × %s", c.Nodes, c.InstanceType)
	if inst.AcceleratorCount > 0 {
		s += fmt.Sprintf(", %d %s", c.Nodes*inst.AcceleratorCount, shortAccel(inst.AcceleratorModel))
	}
	if efaOn(c) {
		s += fmt.Sprintf(", EFA %s Gbps", trimFloat(inst.NetworkGbps))
	} else if inst.NetworkGbps > 0 {
		s += fmt.Sprintf(", ENA %s Gbps", trimFloat(inst.NetworkGbps))
	}
	return s
}

// shortAccel drops the vendor from a catalog accelerator model:
// "NVIDIA H100 80GB" → "H100 80GB", "AWS Trainium" → "Trainium".
func shortAccel(model string) string {
	f := strings.Fields(model)
	if len(f) == 0 {
		return "accelerators"
	}
	if len(f) > 1 && (f[0] == "NVIDIA" || f[0] == "AWS" || f[0] == "AMD" || f[0] == "Intel") {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// linkCostUSD is the monthly cost of a link's ports or connections: the sum
// of the cost lines whose item starts with "<link>: ".
func linkCostUSD(p model.Plan, link string) float64 {
	total := 0.0
	for _, l := range p.MonthlyCost.Lines {
		if (l.Category == model.CostDirect || l.Category == model.CostVPN) && strings.HasPrefix(l.Item, link+": ") {
			total += l.MonthlyUSD
		}
	}
	return total
}

// costByItemPrefix sums the cost lines of a category whose item starts with prefix.
func costByItemPrefix(p model.Plan, category, prefix string) float64 {
	total := 0.0
	for _, l := range p.MonthlyCost.Lines {
		if l.Category == category && strings.HasPrefix(l.Item, prefix) {
			total += l.MonthlyUSD
		}
	}
	return total
}

// linkGbps is a link's line rate in Gbps: the performance model's figure
// when the plan has one (for a VPN on a virtual private gateway, one active
// tunnel per connection); otherwise count × port speed, or for a VPN
// tunnels × the catalog's per-tunnel bandwidth (vpn_tunnel_gbps_standard or
// _large) capped by the on-prem uplink.
func (in Input) linkGbps(l model.Link) float64 {
	if lp := in.linkPlan(l.Name); lp != nil && lp.LineRateGbps > 0 {
		return lp.LineRateGbps
	}
	if l.Type != model.LinkVPN {
		return float64(max(l.Count, 1)) * l.SpeedGbps
	}
	key := "vpn_tunnel_gbps_standard"
	if l.LargeTunnels {
		key = "vpn_tunnel_gbps_large"
	}
	per := 0.0
	if in.Catalog != nil {
		per = in.Catalog.Constants[key].Value
	}
	g := float64(max(l.Tunnels, 1)) * per
	if l.SpeedGbps > 0 && (g == 0 || l.SpeedGbps < g) {
		g = l.SpeedGbps
	}
	return g
}

// fsxGiB converts the scenario's capacity_tib (FSx's convention: 1.2 TiB =
// 1,200 GiB) to the GiB figure CloudFormation's StorageCapacity takes.
func fsxGiB(capacityTiB float64) int { return int(capacityTiB*1000 + 0.5) }

// trimFloat prints a number without trailing zeros ("3200", "12.5").
func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
