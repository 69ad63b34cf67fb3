package planner

import (
	"slices"

	"github.com/topoplan/topoplan/model"
)

// ApplyDefaults returns a copy of the scenario with every omitted field set to
// its documented default (docs/scenario.md). The input is not modified.
func ApplyDefaults(s model.Scenario, cat *model.Catalog) model.Scenario {
	out := s
	out.Links = slices.Clone(s.Links)
	for i := range out.Links {
		l := &out.Links[i]
		if l.Count == 0 {
			l.Count = 1
		}
		if l.Type == model.LinkVPN && l.Tunnels == 0 {
			l.Tunnels = 2
		}
	}
	out.Clusters = slices.Clone(s.Clusters)
	for i := range out.Clusters {
		c := &out.Clusters[i]
		if c.Region == "" {
			c.Region = s.AWS.Region
		}
		if c.AZ == "" && len(c.AZs) == 0 && len(s.AWS.AvailabilityZones) > 0 && c.Region == s.AWS.Region {
			c.AZ = s.AWS.AvailabilityZones[0]
		}
		if c.Orchestrator == "" {
			c.Orchestrator = model.OrchestratorNone
		}
		if c.Purchase.Option == "" {
			c.Purchase.Option = model.PurchaseOnDemand
		}
		inst, known := cat.Instances[c.InstanceType]
		efa := known && inst.EFA
		if c.EFA != nil {
			efa = efa && *c.EFA
		}
		c.EFA = &efa
		if c.EFAInterfaceType == "" {
			c.EFAInterfaceType = "efa"
		}
		if c.PlacementGroup == nil {
			// Capacity blocks come with their own placement; a cluster placement
			// group on top causes insufficient-capacity errors.
			pg := efa && c.Purchase.Option != model.PurchaseCapacityBlock && c.Purchase.Option != model.PurchaseReserved
			c.PlacementGroup = &pg
		}
		if c.HoursPerMonth == 0 {
			c.HoursPerMonth = model.HoursPerMonth
		}
	}
	if f := s.Storage.FSxLustre; f != nil {
		fc := *f
		if fc.StorageType == "" {
			fc.StorageType = "SSD"
		}
		if fc.ThroughputMBpsPerTiB == 0 {
			switch fc.DeploymentType {
			case model.FSxScratch2:
				fc.ThroughputMBpsPerTiB = 200
			case model.FSxPersistent2:
				fc.ThroughputMBpsPerTiB = 125
			case model.FSxPersistent1:
				fc.ThroughputMBpsPerTiB = 50
				if fc.StorageType == "HDD" {
					fc.ThroughputMBpsPerTiB = 12
				}
			}
		}
		if fc.AZ == "" && len(s.AWS.AvailabilityZones) > 0 {
			fc.AZ = s.AWS.AvailabilityZones[0]
			for _, c := range out.Clusters {
				if c.AZ != "" && c.Region == s.AWS.Region {
					fc.AZ = c.AZ
					break
				}
			}
		}
		out.Storage.FSxLustre = &fc
	}
	return out
}
