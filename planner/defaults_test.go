package planner

import (
	"testing"

	"github.com/topoplan/topoplan/model"
)

func TestApplyDefaults(t *testing.T) {
	cat := DefaultCatalog()
	in := model.Scenario{
		AWS:   model.AWS{Region: "us-east-1", AvailabilityZones: []string{"us-east-1b", "us-east-1c"}},
		Links: []model.Link{{Type: model.LinkVPN}, {Type: model.LinkDXDedicated, SpeedGbps: 10}},
		Clusters: []model.Cluster{
			{Name: "a", InstanceType: "p5.48xlarge", Nodes: 4},
			{Name: "b", InstanceType: "p5.48xlarge", Nodes: 4, Purchase: model.Purchase{Option: model.PurchaseCapacityBlock}},
		},
		Storage: model.Storage{FSxLustre: &model.FSxLustre{DeploymentType: model.FSxPersistent2, CapacityTiB: 4.8}},
	}
	out := ApplyDefaults(in, cat)
	if out.Links[0].Count != 1 || out.Links[0].Tunnels != 2 || out.Links[1].Tunnels != 0 {
		t.Errorf("links: %+v", out.Links)
	}
	a, b := out.Clusters[0], out.Clusters[1]
	if a.Region != "us-east-1" || a.AZ != "us-east-1b" || a.Orchestrator != model.OrchestratorNone ||
		a.Purchase.Option != model.PurchaseOnDemand || !*a.EFA || a.EFAInterfaceType != "efa" || !*a.PlacementGroup || a.HoursPerMonth != 730 {
		t.Errorf("cluster a defaults: %+v", a)
	}
	// Capacity blocks carry their own placement: no cluster placement group by default.
	if *b.PlacementGroup {
		t.Error("capacity-block cluster must not default to a placement group")
	}
	f := out.Storage.FSxLustre
	if f.ThroughputMBpsPerTiB != 125 || f.StorageType != "SSD" || f.AZ != "us-east-1b" {
		t.Errorf("fsx defaults: %+v", f)
	}
	// The input is untouched.
	if in.Clusters[0].EFA != nil || in.Links[0].Count != 0 || in.Storage.FSxLustre.ThroughputMBpsPerTiB != 0 {
		t.Error("ApplyDefaults modified its input")
	}
}
