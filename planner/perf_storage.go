package planner

import (
	"math"

	"github.com/topoplan/topoplan/model"
)

// evaluateStorage sizes the FSx for Lustre file system: its aggregate
// throughput and whether its capacity is an allowed size. Ingest, idle time
// and hydration are filled in by finishStorage once the jobs are evaluated.
func evaluateStorage(s model.Scenario, c *constants) *model.StoragePlan {
	f := s.Storage.FSxLustre
	if f == nil {
		return nil
	}
	efaMinGiB := c.value(cFSxEFAMin) * 1024
	z := model.FSxSizingFor(*f, efaMinGiB)
	sp := &model.StoragePlan{
		DeploymentType: f.DeploymentType, StorageType: f.StorageType, CapacityTiB: f.CapacityTiB,
		ThroughputMBpsPerTiB: f.ThroughputMBpsPerTiB, EFAEnabled: f.EFAEnabled,
		ThroughputGBytesPerS: model.FSxThroughputGBytesPerS(f.CapacityTiB, f.ThroughputMBpsPerTiB),
		MinCapacityTiB:       z.MinTiB, IncrementTiB: z.IncrementTiB, CapacityValid: z.Valid(f.CapacityTiB),
		NoStallCapacityTiB: f.CapacityTiB,
		Hydration:          []model.HydrationPlan{},
		Note:               "baseline throughput = capacity × per-unit throughput; burst credits not counted on",
	}
	return sp
}

// finishStorage adds what the training jobs read, the idle fraction it
// causes, the capacity that removes the stall and the hydration times.
func finishStorage(sp *model.StoragePlan, jobs []model.TrainingPlan, s model.Scenario, c *constants) {
	demand := 0.0
	for _, tp := range jobs {
		cl, ok := clusterByName(s, tp.Cluster)
		if !ok || !storageServes(s, cl) {
			continue
		}
		sp.IngestGBytesPerS += tp.IngestGBytesPerS
		if busy := tp.StepTimeS - tp.IOStallS; busy > 0 {
			demand += tp.GlobalBatchTokens * tp.BytesPerToken / busy / 1e9
		}
		sp.IdleFraction = math.Max(sp.IdleFraction, tp.IOStallFraction)
	}
	sp.DemandGBytesPerS = demand
	if f := s.Storage.FSxLustre; f != nil && f.ThroughputMBpsPerTiB > 0 && demand > sp.ThroughputGBytesPerS {
		z := model.FSxSizingFor(*f, c.value(cFSxEFAMin)*1024)
		sp.NoStallCapacityTiB = z.RoundUp(demand * 1000 / f.ThroughputMBpsPerTiB)
	}
	seen := map[string]bool{}
	for _, j := range s.Workloads.Training {
		if j.Dataset == "" || seen[j.Dataset] {
			continue
		}
		seen[j.Dataset] = true
		for _, site := range s.Sites {
			for _, d := range site.Datasets {
				if d.Name == j.Dataset {
					sp.Hydration = append(sp.Hydration, model.HydrationPlan{Dataset: d.Name, SizeTB: d.SizeTB,
						Hours:        finite(model.HydrationHours(d.SizeTB, sp.ThroughputGBytesPerS)),
						FitsCapacity: d.SizeTB <= model.TiBToTB(sp.CapacityTiB)})
				}
			}
		}
	}
}
