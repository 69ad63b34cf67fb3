package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestTrainingFLOPs(t *testing.T) {
	tests := []struct {
		name                       string
		rule, params, tokens, want float64
	}{
		// 6 × 8e9 × 15e12 = 7.2e23 (the Llama-3.1-8B figure quoted in
		// reference/figures.md section 9).
		{"8B on 15T tokens", 6, 8e9, 15e12, 7.2e23},
		// 6 × 70e9 × 2e12 = 8.4e23.
		{"70B on 2T tokens", 6, 70e9, 2e12, 8.4e23},
		// A scenario override, e.g. 8 FLOPs/param/token with activation recompute: 8 × 1e9 × 1e9 = 8e18.
		{"override rule", 8, 1e9, 1e9, 8e18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TrainingFLOPs(tt.rule, tt.params, tt.tokens); !near(got, tt.want) {
				t.Errorf("got %g, want %g", got, tt.want)
			}
		})
	}
}

func TestStepComputeSeconds(t *testing.T) {
	tests := []struct {
		name            string
		params, batch   float64
		accel           int
		peak, mfu, want float64
	}{
		// 6 × 70e9 × 4,194,304 = 1.76160768e18 FLOPs; 512 × 989e12 × 0.4 = 2.025472e17 FLOP/s
		// → 8.6972698 s.
		{"70B, 4M tokens, 512 H100 at 40%", 70e9, 4194304, 512, 989, 0.4, 8.697269796},
		// 6 × 1e9 × 1e6 = 6e15 FLOPs; 8 × 100e12 × 0.5 = 4e14 FLOP/s → 15 s.
		{"round numbers", 1e9, 1e6, 8, 100, 0.5, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := StepComputeSeconds(6, tt.params, tt.batch, tt.accel, tt.peak, tt.mfu)
			if math.Abs(got-tt.want) > 1e-6*tt.want {
				t.Errorf("got %.9g, want %.9g", got, tt.want)
			}
		})
	}
	if got := StepComputeSeconds(6, 1e9, 1e6, 0, 989, 0.4); !math.IsInf(got, 1) {
		t.Errorf("no accelerators: got %g, want +Inf", got)
	}
}

// Property: more accelerators never make a step's compute longer.
func TestStepComputeMonotoneInAccelerators(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		params, batch := 1e8+r.Float64()*1e12, 1e5+r.Float64()*1e7
		peak, mfu := 50+r.Float64()*2000, 0.05+r.Float64()*0.9
		n := 1 + r.IntN(8000)
		a := StepComputeSeconds(6, params, batch, n, peak, mfu)
		b := StepComputeSeconds(6, params, batch, n+1+r.IntN(1000), peak, mfu)
		if b > a {
			t.Fatalf("more accelerators made compute longer: %g s → %g s", a, b)
		}
	}
}

func TestExposedCommSeconds(t *testing.T) {
	tests := []struct {
		name                         string
		comm, compute, overlap, want float64
	}{
		// Half of 1 s hidden behind a 9 s step (6 s backward): 0.5 s.
		{"half hidden", 1, 9, 0.5, 0.5},
		// No overlap: all 1 s exposed.
		{"no overlap", 1, 9, 0, 1},
		// Full overlap but comm (10 s) outlasts backward (2/3 × 3 = 2 s): 8 s exposed.
		{"longer than backward", 10, 3, 1, 8},
		// 90% overlap of 3 s with 3 s compute (2 s backward): max(0.3, 1) = 1 s.
		{"capped by backward", 3, 3, 0.9, 1},
		// No communication.
		{"none", 0, 5, 0.5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ExposedCommSeconds(tt.comm, tt.compute, tt.overlap); !near(got, tt.want) {
				t.Errorf("got %g, want %g", got, tt.want)
			}
		})
	}
}

func TestIOStallSeconds(t *testing.T) {
	// 8 MB batch at 1 GB/s takes 0.008 s, hidden behind 1 s of compute: 0.
	if got := IOStallSeconds(8e6, 1e9, 1); got != 0 {
		t.Errorf("hidden read: got %g", got)
	}
	// 10 GB batch at 1 GB/s takes 10 s against 4 s of compute: 6 s stall.
	if got := IOStallSeconds(10e9, 1e9, 4); !near(got, 6) {
		t.Errorf("slow storage: got %g, want 6", got)
	}
	// No storage limit.
	if got := IOStallSeconds(10e9, 0, 4); got != 0 {
		t.Errorf("unlimited: got %g", got)
	}
}

func TestGradientBytesAndPrecision(t *testing.T) {
	// 70e9 / (8 × 4) × 2 bytes = 4.375e9 bytes.
	if got := GradientBytesPerRank(70e9, 8, 4, BytesPerGradElement(PrecisionBF16)); !near(got, 4.375e9) {
		t.Errorf("70B TP8 PP4 bf16: got %g", got)
	}
	// 8e9 × 4 bytes (fp32), no model parallelism = 3.2e10.
	if got := GradientBytesPerRank(8e9, 0, 0, BytesPerGradElement(PrecisionFP32)); !near(got, 3.2e10) {
		t.Errorf("8B fp32: got %g", got)
	}
	inst := Instance{PeakDenseBF16TFLOPS: 989, PeakDenseFP8TFLOPS: 1979}
	for _, tt := range []struct {
		prec string
		want float64
		note bool
	}{{PrecisionBF16, 989, false}, {PrecisionFP16, 989, false}, {PrecisionFP8, 1979, false}, {PrecisionFP32, 494.5, true}} {
		got, note := PeakTFLOPSFor(inst, tt.prec)
		if got != tt.want || (note != "") != tt.note {
			t.Errorf("%s: got %g %q, want %g (note %v)", tt.prec, got, note, tt.want, tt.note)
		}
	}
	if got, note := PeakTFLOPSFor(Instance{PeakDenseBF16TFLOPS: 312}, PrecisionFP8); got != 312 || note == "" {
		t.Errorf("fp8 without an FP8 peak should fall back to BF16 with a note: %g %q", got, note)
	}
}
