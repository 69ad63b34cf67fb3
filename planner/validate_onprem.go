package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// onpremClusters checks each site's on-prem clusters: a known node type and
// fabric, at least one node, names unique across AWS and on-prem clusters,
// and a cost basis that can be priced (power known when electricity is
// priced, nodes per rack with a floor price).
func (v *validator) onpremClusters() {
	names := map[string]bool{}
	for _, c := range v.s.Clusters {
		names[c.Name] = true
	}
	nodes := SortedKeys(v.cat.OnPremNodes)
	fabrics := SortedKeys(v.cat.OnPremFabrics)
	for i, site := range v.s.Sites {
		for k, c := range site.Clusters {
			p := fmt.Sprintf("sites[%d].clusters[%d]", i, k)
			if c.Name == "" {
				v.errorf(p+".name", "an on-prem cluster needs a name")
			} else if names[c.Name] {
				v.errorf(p+".name", "cluster name %q used twice (names are shared by AWS and on-prem clusters)", c.Name)
			}
			names[c.Name] = true
			node, known := v.cat.OnPremNodes[c.Node]
			switch {
			case c.Node == "":
				v.errorf(p+".node", "name the node type (%s)", strings.Join(nodes, ", "))
			case !known:
				v.unknown(p+".node", "on-prem node type", c.Node, nodes)
			}
			if c.Nodes < 1 {
				v.errorf(p+".nodes", "an on-prem cluster needs at least one node")
			}
			if c.Fabric != "" {
				if _, ok := v.cat.OnPremFabrics[c.Fabric]; !ok {
					v.unknown(p+".fabric", "on-prem fabric", c.Fabric, fabrics)
				}
			}
			if c.FabricEfficiency > 1 {
				v.errorf(p+".fabric_efficiency", "fabric efficiency is a fraction between 0 and 1 (got %g)", c.FabricEfficiency)
			}
			if known && node.ComputeFabricGbps <= 0 && c.FabricGbpsPerNode <= 0 {
				v.errorf(p+".fabric_gbps_per_node", "node type %s has no published network: give the inter-node bandwidth per node in Gbps", c.Node)
			}
			cost := c.Cost
			if known && node.PowerKW <= 0 && cost.PowerKWPerNode <= 0 && cost.USDPerKWh > 0 {
				v.errorf(p+".cost.power_kw_per_node", "node type %s has no published power draw: give kW per node to price electricity", c.Node)
			}
			if (cost.PurchaseUSDPerNode > 0) != (cost.AmortisationMonths > 0) {
				v.errorf(p+".cost.amortisation_months", "give both the purchase price per node and the months it is amortised over")
			}
			if cost.FloorUSDPerRackMonth > 0 && cost.NodesPerRack <= 0 {
				v.errorf(p+".cost.nodes_per_rack", "floor space is priced per rack: give nodes_per_rack")
			}
			if cost.PUE > 0 && cost.PUE < 1 {
				v.errorf(p+".cost.pue", "PUE is facility power over IT power, at least 1 (got %g)", cost.PUE)
			}
		}
	}
}

// placement checks a training job's placement fields.
func (v *validator) placement(p string, j model.TrainingJob, awsCluster bool) {
	v.enum(p+".placement", "placement", j.Placement, []string{model.PlacementAWS, model.PlacementOnPrem, model.PlacementSplit})
	v.enum(p+".split_by", "split", j.SplitBy, []string{model.SplitData, model.SplitPipeline})
	onprem := onpremNames(*v.s)
	if j.OnPremCluster != "" && !slices.Contains(onprem, j.OnPremCluster) {
		v.unknown(p+".onprem_cluster", "on-prem cluster", j.OnPremCluster, onprem)
	}
	if (j.Placement == model.PlacementOnPrem || j.Placement == model.PlacementSplit) && j.OnPremCluster == "" {
		v.errorf(p+".onprem_cluster", "placement %s needs an on-prem cluster to compare with: name it in onprem_cluster", j.Placement)
	}
	if j.OnPremCluster != "" && !awsCluster {
		v.errorf(p+".cluster", "a placement comparison runs the job's cluster on AWS against onprem_cluster: name an AWS cluster here")
	}
}
