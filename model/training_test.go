package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestShapeParametersLlama3(t *testing.T) {
	// Llama 3 70B (arXiv 2407.21783, table 3): per block 2·8192² + 2·8192·(8·128) = 150,994,944
	// attention + 3·8192·28,672 = 704,643,072 MLP + 2·8192 norms = 855,654,400; × 80 =
	// 68,452,352,000; embeddings 2 × 128,256 × 8192 = 2,101,346,304; total 70,553,698,304.
	a, _ := Preset("llama3-70b")
	total, active := a.ShapeParameters()
	if total != 70553698304 || active != total {
		t.Errorf("llama3-70b shape parameters %v / %v, want 70,553,698,304", total, active)
	}
	// Mixtral 8x7B (arXiv 2401.04088: 46.7B total, 12.9B active): the shape gives
	// 32 × (2·4096² + 2·4096·1024 + 8 × 3·4096·14,336 + 8·4096 + 8192) + 2 × 32,000 × 4096
	// = 46,702,411,776 total and 32 × (41,951,232 + 2 × 176,160,768 + 8192) + 262,144,000
	// = 12,879,921,152 active: within 0.1% of the published figures.
	m, _ := Preset("mixtral-8x7b")
	total, active = m.ShapeParameters()
	if math.Abs(total/46.7e9-1) > 0.001 || math.Abs(active/12.9e9-1) > 0.002 {
		t.Errorf("mixtral shape %v total / %v active", total, active)
	}
}

func TestDefaultShape(t *testing.T) {
	// 70e9 / 196,608 = 356,038; ∛ = 70.9; /8 = 8.86 → 9 → 72 layers, h = 9216, 72 heads.
	a := DefaultShape(70e9, 4096, 32000)
	if a.Layers != 72 || a.Hidden != 9216 || a.Heads != 72 || a.FFNHidden != 4*9216 || a.SeqLen != 4096 {
		t.Errorf("default shape %+v", a)
	}
	if got, _ := a.Parameters(); got != 70e9 {
		t.Errorf("the job's parameter count must be kept, got %v", got)
	}
}

// testJob is a 16-layer, 2048-wide model of 1e9 parameters on 2,048-token
// sequences, 512 sequences per step.
func testJob() Job {
	a := Architecture{Name: "t", Layers: 16, Hidden: 2048, Heads: 16, KVHeads: 16, FFNHidden: 8192, SeqLen: 2048, Vocab: 32000, ParametersB: 1}
	return Job{Arch: a, Parameters: 1e9, ActiveParameters: 1e9, GlobalBatchTokens: 512 * 2048, Precision: PrecisionBF16}
}

func testDevice() Device {
	return Device{PeakTFLOPS: 1000, MatmulEfficiency: 0.5, MemoryGiB: 80, ReservedGiB: 4, PerNode: 8}
}

func TestActivationBytesPerLayer(t *testing.T) {
	a := testJob().Arch
	tests := []struct {
		name      string
		mb, tp    int
		recompute string
		want      float64
	}{
		// Korthikanti et al. 2022, table 2, with s = 2048, b = 1, h = 2048, a = 16:
		// selective, t = 1: s·b·h·34 = 142,606,336 B.
		{"selective t1", 1, 1, RecomputeSelective, 2048 * 2048 * 34},
		// selective, t = 8: ÷ 8.
		{"selective t8", 1, 8, RecomputeSelective, 2048 * 2048 * 34 / 8.0},
		// none, t = 2, b = 2: s·b·h·(34/t + 5·a·s/(h·t)) = 2048·2·2048·(17 + 5·16·2048/(2048·2)) = 8,388,608 × 57.
		{"none t2 b2", 2, 2, RecomputeNone, 2048 * 2 * 2048 * 57.0},
		// full: 2·s·b·h = 8,388,608 B whatever t.
		{"full", 1, 4, RecomputeFull, 2 * 2048 * 2048},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ActivationBytesPerLayer(a, tt.mb, tt.tp, tt.recompute); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTrainingMemoryZeRO(t *testing.T) {
	j, d := testJob(), testDevice()
	gib := float64(1 << 30)
	tests := []struct {
		name                 string
		l                    Layout
		weights, grads, opt  float64 // bytes
		activations, inTotal float64
	}{
		// DP 8, ZeRO-0: 2e9 B weights, 2e9 gradients, 12e9 optimizer; activations 16 layers × 1 microbatch
		// × 142,606,336 B (selective, t = 1).
		{"zero0", Layout{TP: 1, PP: 1, DP: 8, Microbatch: 1, ZeRO: 0, Recompute: RecomputeSelective}, 2e9, 2e9, 12e9, 16 * 142606336, 0},
		// ZeRO-1: optimizer ÷ 8.
		{"zero1", Layout{TP: 1, PP: 1, DP: 8, Microbatch: 1, ZeRO: 1, Recompute: RecomputeSelective}, 2e9, 2e9, 1.5e9, 16 * 142606336, 0},
		// ZeRO-2: gradients ÷ 8 too.
		{"zero2", Layout{TP: 1, PP: 1, DP: 8, Microbatch: 1, ZeRO: 2, Recompute: RecomputeSelective}, 2e9, 0.25e9, 1.5e9, 16 * 142606336, 0},
		// ZeRO-3: weights ÷ 8 too.
		{"zero3", Layout{TP: 1, PP: 1, DP: 8, Microbatch: 1, ZeRO: 3, Recompute: RecomputeSelective}, 0.25e9, 0.25e9, 1.5e9, 16 * 142606336, 0},
		// TP 2 × PP 4, DP 1: parameters ÷ 8; activations: 4 layers per stage × min(m, PP) = 4 microbatches
		// in flight × 142,606,336 / 2 B. m = 512 / (1 × 1) = 512.
		{"tp2 pp4", Layout{TP: 2, PP: 4, DP: 1, Microbatch: 1, ZeRO: 1, Recompute: RecomputeSelective}, 0.25e9, 0.25e9, 1.5e9, 4 * 4 * 142606336 / 2.0, 0},
		// Interleaved, v = 2: TP 2 × PP 4 as above × (1 + 3/(4·2)) = × 1.375 (Korthikanti et al. §4.3).
		{"tp2 pp4 v2", Layout{TP: 2, PP: 4, DP: 1, Microbatch: 1, VirtualStages: 2, ZeRO: 1, Recompute: RecomputeSelective}, 0.25e9, 0.25e9, 1.5e9, 4 * 4 * 142606336 / 2.0 * 1.375, 0},
		// Full recompute: 16 block inputs of 2·s·b·h = 8,388,608 B plus one block's selective set being recomputed.
		{"full", Layout{TP: 1, PP: 1, DP: 8, Microbatch: 1, ZeRO: 1, Recompute: RecomputeFull}, 2e9, 2e9, 1.5e9, 16*8388608 + 142606336, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := TrainingMemory(j, tt.l, d)
			want := (tt.weights+tt.grads+tt.opt+tt.activations)/gib + 4
			if !near(m.WeightsGiB, tt.weights/gib) || !near(m.GradientsGiB, tt.grads/gib) || !near(m.OptimizerGiB, tt.opt/gib) ||
				!near(m.ActivationsGiB, tt.activations/gib) || !near(m.TotalGiB, want) {
				t.Errorf("got %+v, want total %.4f GiB", m, want)
			}
			if m.Fits != (want <= 80) {
				t.Errorf("fits = %v at %.1f GiB of 80", m.Fits, want)
			}
		})
	}
}

func TestSeventyBOnA100DoesNotFit(t *testing.T) {
	// The case: 70B with TP8 PP1 on A100-40GB. Per GPU, 70e9 / 8 = 8.75e9 parameters
	// × 16 bytes (ZeRO-0) = 140 GB ≈ 130 GiB before activations: far beyond 40 GiB.
	a, _ := Preset("llama3-70b")
	j := Job{Arch: a, Parameters: 70e9, ActiveParameters: 70e9, GlobalBatchTokens: 4 << 20, Precision: PrecisionBF16}
	d := Device{PeakTFLOPS: 312, MatmulEfficiency: 0.6, MemoryGiB: 40, ReservedGiB: 4, PerNode: 8}
	m := TrainingMemory(j, Layout{TP: 8, PP: 1, DP: 1, Microbatch: 1, ZeRO: 0, Recompute: RecomputeSelective}, d)
	if m.Fits || m.WeightsGiB+m.GradientsGiB+m.OptimizerGiB < 130 {
		t.Errorf("70B TP8 on A100-40GB must not fit: %+v", m)
	}
}

func TestStepTimeTerms(t *testing.T) {
	j, d := testJob(), testDevice()
	f := Fabric{AccelsPerNode: 8, InterNodeGBytesPerS: 400, IntraNodeGBytesPerS: 400, InterHopLatencyUs: 2, IntraHopLatencyUs: 1}
	// TP 2, PP 4, DP 1, v 1, microbatch 1, selective: m = 512 microbatches.
	l := Layout{TP: 2, PP: 4, DP: 1, EP: 1, Microbatch: 1, VirtualStages: 1, ZeRO: 1, Recompute: RecomputeSelective}
	st := StepTime(j, l, d, f, Overlaps{DP: 0.5}, "")
	// Model FLOPs per token 6e9 + 12·16·2048·2048 = 6,805,306,368. Per microbatch and stage:
	// F × 2048 tokens × (4 of 16 layers) / TP 2 / (1000e12 × 0.5) = 0.003484317 s.
	tc := 6805306368.0 * 2048 * 0.25 / 2 / 5e14
	// Selective recompute 4·16·2048·2048 = 268,435,456 per token, same share.
	tr := 268435456.0 * 2048 * 0.25 / 2 / 5e14
	// TP: 4 all-reduces per block per microbatch of b·s·h·2 = 8,388,608 B over 2 ranks on NVLink.
	ttp := 4 * 4 * CollectiveSeconds(f, Group{Ranks: 2, RanksPerNode: 2}, CollectiveAllReduce, AlgorithmAuto, 8388608)
	// Bubble: (PP − 1)/v = 3 microbatch slots of (tc + tr + ttp).
	bubble := 3 * (tc + tr + ttp)
	// Sends: 2·v·m + 2·(PP − 1) = 1024 + 6 = 1030 sends of b·s·h·2/TP = 4,194,304 B; TP × DP = 2 < 8 so stages share a node.
	send := CollectiveSeconds(f, Group{Ranks: 2, RanksPerNode: 2}, CollectiveSendRecv, "", 4194304)
	sends := 1030 * send
	checks := []struct {
		name      string
		got, want float64
	}{
		{"microbatches", float64(st.Microbatches), 512},
		{"compute", st.ComputeS, 512 * tc},
		{"recompute", st.RecomputeS, 512 * tr},
		{"tp", st.TPCommS, 512 * ttp},
		{"bubble", st.PPBubbleS, bubble},
		{"sends", st.PPSendS, sends},
		{"dp (DP 1: none)", st.DPCommS, 0},
		{"total", st.TotalS, 512*(tc+tr+ttp) + bubble + sends},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s: got %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
	// Interleaving with v = 2 halves the bubble and doubles the per-microbatch sends: 2·2·512 + 6 = 2054.
	l.VirtualStages = 2
	if st2 := StepTime(j, l, d, f, Overlaps{DP: 0.5}, ""); !near(st2.PPBubbleS, bubble/2) || !near(st2.PPSendS, 2054*send) {
		t.Errorf("v = 2 bubble %v, want %v; sends %v, want %v", st2.PPBubbleS, bubble/2, st2.PPSendS, 2054*send)
	}
	// MFU = F × B / (A × peak × step): with no communication and no bubble it equals the efficiency.
	if got := MFU(6805306368, 512*2048, 8, 1000, 6805306368.0*512*2048/(8*5e14)); !near(got, 0.5) {
		t.Errorf("MFU %v, want 0.5", got)
	}
}

func TestStepTimeExpertAllToAll(t *testing.T) {
	a, _ := Preset("mixtral-8x7b")
	j := Job{Arch: a, Parameters: 46.7e9, ActiveParameters: 12.9e9, GlobalBatchTokens: 256 * 4096, Precision: PrecisionBF16}
	d := Device{PeakTFLOPS: 989, MatmulEfficiency: 0.59, MemoryGiB: 80, ReservedGiB: 4, PerNode: 8}
	f := Fabric{AccelsPerNode: 8, InterNodeGBytesPerS: 356, IntraNodeGBytesPerS: 360, InterHopLatencyUs: 2.3, IntraHopLatencyUs: 0.5}
	l := Layout{TP: 1, PP: 1, DP: 64, EP: 8, Microbatch: 1, VirtualStages: 1, ZeRO: 1, Recompute: RecomputeSelective}
	st := StepTime(j, l, d, f, Overlaps{DP: 0.5}, "")
	// m = 256 / 64 = 4; per microbatch 4 all-to-alls per block × 32 blocks of k·b·s·h·2 = 2 × 4096 × 4096 × 2
	// = 67,108,864 B over the 8 expert ranks of one node.
	want := 4 * 4 * 32 * CollectiveSeconds(f, Group{Ranks: 8, RanksPerNode: 8}, CollectiveAllToAll, AlgorithmAuto, 67108864)
	if !near(st.EPCommS, want) || st.EPCommS <= 0 {
		t.Errorf("EP all-to-all %v, want %v", st.EPCommS, want)
	}
	// Expert weights are sharded over EP: the per-device parameters drop.
	ne, ex := ParamsPerDevice(j, l)
	if ex <= 0 || ne+ex*8 > 46.7e9*1.0001 || ne+ex*8 < 46.7e9*0.9999 {
		t.Errorf("per-device parameters %v + %v × 8 ≠ 46.7e9", ne, ex)
	}
}

// TestMoreMemoryNeverBreaksAFit: a layout that fits keeps fitting on a
// device with more HBM (random jobs and layouts).
func TestMoreMemoryNeverBreaksAFit(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	recs := []string{RecomputeNone, RecomputeSelective, RecomputeFull}
	for i := 0; i < 2000; i++ {
		j := testJob()
		j.Parameters = math.Pow(10, 8+3*r.Float64())
		l := Layout{TP: 1 << r.IntN(4), PP: 1 << r.IntN(4), DP: 1 << r.IntN(7), Microbatch: 1 << r.IntN(3), ZeRO: r.IntN(4), Recompute: recs[r.IntN(3)]}
		d := testDevice()
		d.MemoryGiB = 10 + 200*r.Float64()
		m1 := TrainingMemory(j, l, d)
		d.MemoryGiB += 1 + 100*r.Float64()
		if m2 := TrainingMemory(j, l, d); m1.Fits && !m2.Fits {
			t.Fatalf("fits at %.1f GiB but not at %.1f: %+v", m1.CapacityGiB, m2.CapacityGiB, l)
		}
	}
}

// TestComputeTimeFallsWithAccelerators: the compute-only part of a step
// never rises when data-parallel ranks are added.
func TestComputeTimeFallsWithAccelerators(t *testing.T) {
	j, d := testJob(), testDevice()
	f := testFabric()
	prev := math.Inf(1)
	for dp := 1; dp <= 512; dp *= 2 {
		st := StepTime(j, Layout{TP: 1, PP: 1, DP: dp, Microbatch: 1, ZeRO: 1, Recompute: RecomputeSelective}, d, f, Overlaps{DP: 0.5}, "")
		if st.ComputeS > prev*(1+1e-12) {
			t.Fatalf("DP %d: compute %v > %v at half the ranks", dp, st.ComputeS, prev)
		}
		prev = st.ComputeS
	}
}
