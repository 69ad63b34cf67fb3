package model

import "math"

// FLOPsPerTokenPerParamDense is the training rule for a dense transformer:
// 2 FLOPs per parameter per token forward + 4 backward = 6 (Kaplan et al.,
// "Scaling Laws for Neural Language Models", 2020, C ≈ 6ND). A scenario may
// override it per job (flops_per_token_per_param).
const FLOPsPerTokenPerParamDense = 6.0

// TrainingFLOPs is the total training compute:
//
//	C [FLOPs] = flopsPerTokenPerParam × parameters × tokens
//
// e.g. 6 × 8e9 × 15e12 = 7.2e23 FLOPs for an 8B model on 15T tokens.
func TrainingFLOPs(flopsPerTokenPerParam, parameters, tokens float64) float64 {
	return flopsPerTokenPerParam * parameters * tokens
}

// StepComputeSeconds is the time the accelerators need for one optimiser step:
//
//	t [s] = flopsPerTokenPerParam × parameters × batchTokens
//	        / (accelerators × peakTFLOPS × 1e12 × MFU)
//
// MFU (model FLOPs utilisation) is the achieved fraction of the dense peak;
// it absorbs kernel efficiency, tensor/pipeline-parallel communication and
// pipeline bubbles. Returns +Inf when there is no compute.
func StepComputeSeconds(flopsPerTokenPerParam, parameters, batchTokens float64, accelerators int, peakTFLOPS, mfu float64) float64 {
	rate := float64(accelerators) * peakTFLOPS * 1e12 * mfu
	if rate <= 0 {
		return math.Inf(1)
	}
	return flopsPerTokenPerParam * parameters * batchTokens / rate
}

// BackwardShare is the share of a step's FLOPs spent in the backward pass,
// 4 of the 6 FLOPs per parameter per token: the window in which gradient
// all-reduce can overlap compute.
const BackwardShare = 4.0 / 6.0

// ExposedCommSeconds is the communication a step waits for:
//
//	exposed = max((1 − overlap) × t_comm, t_comm − t_backward)
//
// A fraction overlap of the all-reduce runs behind backward compute (bucketed
// DDP/FSDP launch reductions as gradients become ready), but no more than the
// backward pass lasts: t_backward = BackwardShare × t_compute.
func ExposedCommSeconds(commS, computeS, overlap float64) float64 {
	overlap = clamp01(overlap)
	return math.Max(0, math.Max((1-overlap)*commS, commS-BackwardShare*computeS))
}

// IOStallSeconds is the time a step waits for its input data when the data
// loader prefetches the next batch while the current one computes:
//
//	stall = max(0, batchBytes / storageBytesPerS − busyS)
//
// storageBytesPerS ≤ 0 means no storage limit (0 stall).
func IOStallSeconds(batchBytes, storageBytesPerS, busyS float64) float64 {
	if storageBytesPerS <= 0 {
		return 0
	}
	return math.Max(0, batchBytes/storageBytesPerS-busyS)
}

// PeakTFLOPSFor picks one accelerator's dense peak for a precision: BF16 and
// FP16 use the BF16 peak; FP8 the FP8 peak when the catalog has one (else BF16,
// noted); FP32 runs as TF32 on tensor cores at half the BF16 rate (A100 156 vs
// 312, H100 495 vs 989 dense TFLOPS, NVIDIA data sheets), noted.
func PeakTFLOPSFor(inst Instance, precision string) (tflops float64, note string) {
	switch precision {
	case PrecisionFP8:
		if inst.PeakDenseFP8TFLOPS > 0 {
			return inst.PeakDenseFP8TFLOPS, ""
		}
		return inst.PeakDenseBF16TFLOPS, "no FP8 peak in the catalog for this accelerator: BF16 peak used"
	case PrecisionFP32:
		return inst.PeakDenseBF16TFLOPS / 2, "fp32 modelled as TF32 on tensor cores at half the BF16 peak"
	}
	return inst.PeakDenseBF16TFLOPS, ""
}

// BytesPerGradElement is the size of one gradient element in the
// data-parallel all-reduce: 2 bytes for bf16 and fp16, and for fp8 training,
// which keeps gradients and their reduction in 16-bit (FP8 is used for the
// matrix multiplies); 4 bytes for fp32.
func BytesPerGradElement(precision string) float64 {
	if precision == PrecisionFP32 {
		return 4
	}
	return 2
}

// GradientBytesPerRank is the gradient each data-parallel rank all-reduces
// per step: the parameters its tensor × pipeline shard holds times the bytes
// per element:
//
//	S [bytes] = parameters / (tensor × pipeline) × bytesPerElement
func GradientBytesPerRank(parameters float64, tensor, pipeline int, bytesPerElement float64) float64 {
	return parameters / float64(max(1, tensor)*max(1, pipeline)) * bytesPerElement
}

func clamp01(f float64) float64 { return math.Min(1, math.Max(0, f)) }
