package model

import "math"

// CheckpointBytes is the size of a full training checkpoint:
//
//	size [bytes] = parameters × bytes per parameter
//
// 16 bytes per parameter for mixed-precision Adam: 2 (bf16 weights) + 2
// (gradients) + 12 (fp32 master weights, momentum, variance) (ZeRO,
// Rajbhandari et al. 2020, section 3.1).
func CheckpointBytes(parameters, bytesPerParam float64) float64 {
	return parameters * bytesPerParam
}

// CheckpointWriteSeconds is the time to write a checkpoint at the storage's
// write throughput (GB/s, 1e9 bytes):
//
//	t [s] = bytes / (GBps × 1e9)
func CheckpointWriteSeconds(bytes, writeGBps float64) float64 {
	if writeGBps <= 0 {
		return math.Inf(1)
	}
	return bytes / (writeGBps * 1e9)
}

// CheckpointOverheadFraction is the share of wall time spent writing
// checkpoints when training pauses for each write every intervalS seconds of
// training:
//
//	overhead = write / (interval + write)
//
// 0 when there are no checkpoints (interval ≤ 0).
func CheckpointOverheadFraction(writeS, intervalS float64) float64 {
	if intervalS <= 0 || writeS <= 0 {
		return 0
	}
	return writeS / (intervalS + writeS)
}
