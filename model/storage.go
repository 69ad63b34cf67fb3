package model

import "math"

// FSxSizing is a deployment type's capacity rules, in the scenario's TiB
// (AWS's convention: 1.2 TiB = 1,200 GiB of StorageCapacity).
type FSxSizing struct {
	// MinTiB is the smallest capacity.
	MinTiB float64
	// IncrementTiB is the step above the first sizes.
	IncrementTiB float64
	// FirstSizesTiB are allowed sizes below the increments (1.2 TiB for SSD).
	FirstSizesTiB []float64
}

// FSxSizingFor returns the capacity rules of an FSx for Lustre file system
// (FSx for Lustre User Guide, limits and storage capacity pages):
//
//   - SSD (SCRATCH_2, PERSISTENT_1, PERSISTENT_2): 1.2 TiB, 2.4 TiB, then
//     multiples of 2.4 TiB;
//   - PERSISTENT_1 HDD: multiples of 6.0 TiB at 12 MB/s/TiB, 1.8 TiB at 40;
//   - EFA-enabled PERSISTENT_2: multiples of efaMinGiB × 1000 / tier GiB
//     (4,800 GiB at 1000 MB/s/TiB, 9,600 at 500, 19,200 at 250, 38,400 at 125),
//     which is also the minimum.
//
// efaMinGiB is the smallest EFA-enabled size (catalog fsx_persistent2_efa_min_tib
// × 1024 = 4,800 GiB).
func FSxSizingFor(f FSxLustre, efaMinGiB float64) FSxSizing {
	if f.StorageType == "HDD" {
		inc := 6.0
		if f.ThroughputMBpsPerTiB == 40 {
			inc = 1.8
		}
		return FSxSizing{MinTiB: inc, IncrementTiB: inc}
	}
	if f.DeploymentType == FSxPersistent2 && f.EFAEnabled && f.ThroughputMBpsPerTiB > 0 && efaMinGiB > 0 {
		inc := efaMinGiB * 1000 / f.ThroughputMBpsPerTiB / 1000
		return FSxSizing{MinTiB: inc, IncrementTiB: inc}
	}
	return FSxSizing{MinTiB: 1.2, IncrementTiB: 2.4, FirstSizesTiB: []float64{1.2}}
}

// Valid reports whether capacityTiB is an allowed size.
func (z FSxSizing) Valid(capacityTiB float64) bool {
	const eps = 1e-6
	if capacityTiB < z.MinTiB-eps {
		return false
	}
	for _, s := range z.FirstSizesTiB {
		if math.Abs(capacityTiB-s) < eps {
			return true
		}
	}
	q := capacityTiB / z.IncrementTiB
	return math.Abs(q-math.Round(q)) < eps
}

// RoundUp returns the smallest allowed size at or above capacityTiB.
func (z FSxSizing) RoundUp(capacityTiB float64) float64 {
	if capacityTiB <= z.MinTiB {
		return z.MinTiB
	}
	for _, s := range z.FirstSizesTiB {
		if capacityTiB <= s+1e-9 {
			return s
		}
	}
	return math.Ceil(capacityTiB/z.IncrementTiB-1e-9) * z.IncrementTiB
}

// FSxThroughputGBytesPerS is a file system's aggregate baseline throughput:
//
//	throughput [GB/s] = capacity [TiB] × per-unit [MB/s/TiB] / 1000
//
// (FSx for Lustre performance page: 4.8 TiB × 50 MB/s/TiB = 240 MB/s).
// Burst throughput (network I/O credits) is not counted on.
func FSxThroughputGBytesPerS(capacityTiB, perUnitMBpsPerTiB float64) float64 {
	return capacityTiB * perUnitMBpsPerTiB / 1000
}

// IngestGBytesPerS is what training reads from storage:
//
//	ingest [GB/s] = tokens/s × bytes per token / 1e9
func IngestGBytesPerS(tokensPerS, bytesPerToken float64) float64 {
	return tokensPerS * bytesPerToken / 1e9
}

// StorageIdleFraction is the share of time the accelerators wait when
// storage delivers supplyGBps against a demand of demandGBps:
//
//	idle = max(0, 1 − supply / demand)
func StorageIdleFraction(demandGBps, supplyGBps float64) float64 {
	if demandGBps <= 0 {
		return 0
	}
	if supplyGBps <= 0 {
		return 1
	}
	return math.Max(0, 1-supplyGBps/demandGBps)
}

// HydrationHours is the S3 → FSx import time of sizeTB at the file system's
// throughput (the import writes to the file system, so its throughput bounds it):
//
//	t [h] = sizeTB × 1000 GB / throughput [GB/s] / 3600
func HydrationHours(sizeTB, throughputGBps float64) float64 {
	if throughputGBps <= 0 {
		return math.Inf(1)
	}
	return sizeTB * 1000 / throughputGBps / 3600
}

// TiBToTB converts the scenario's FSx TiB (AWS convention, 1 TiB = 1,000 GiB
// of StorageCapacity) to decimal TB: × 1000 × 2^30 / 1e12.
func TiBToTB(tib float64) float64 { return tib * 1000 * (1 << 30) / 1e12 }

// FSxPriceKey is the catalog key of a file system's GB-month price, e.g.
// "PERSISTENT_2/250" (the key the monthly run-rate uses).
func FSxPriceKey(f FSxLustre) string { return fsxPriceKey(f) }
