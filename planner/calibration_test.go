package planner

import (
	"math"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// The calibration tests run the shipped catalog's fabric (instance network
// and NVLink figures plus efa_achievable_fraction, efa_hop_latency_us,
// nvlink_*) through the all-reduce model and compare with public nccl-tests
// all_reduce_perf measurements on EFA (out-of-place bus bandwidth). Nothing
// is fitted per node count: one formula, one set of constants.

const (
	// srcAwsome: aws-samples/awsome-distributed-training,
	// micro-benchmarks/nccl-tests/README.md (2 nodes, float sum).
	srcAwsome = "awsome-distributed-training micro-benchmarks/nccl-tests README"
	// srcCrazyguitar: crazyguitar/aws-gpu-communication-benchmark,
	// data/nccl_all_reduce.csv (p5.48xlarge, NCCL 2.27.7, aws-ofi-nccl 1.16.3).
	srcCrazyguitar = "crazyguitar/aws-gpu-communication-benchmark data/nccl_all_reduce.csv"
)

const gib = float64(1 << 30)

func modelBusBW(t *testing.T, instanceType string, nodes int, size float64) float64 {
	t.Helper()
	pts := BusBandwidthCurve(DefaultCatalog(), instanceType, nodes, model.AlgorithmRing, []float64{size})
	if len(pts) != 1 {
		t.Fatalf("no fabric for %s", instanceType)
	}
	return pts[0].BusBWGBytesPerS
}

// TestCalibrationP5Plateau: at four nodes and more, large-message bus
// bandwidth sits near the node's EFA bandwidth × the achievable fraction.
// The model must land within ±15% at every node count ≥ 4.
func TestCalibrationP5Plateau(t *testing.T) {
	tests := []struct {
		name     string
		nodes    int
		measured float64 // GB/s busbw at 8 GiB (8192 MB row), out-of-place
	}{
		{"4 nodes (" + srcCrazyguitar + ")", 4, 356.99},
		{"8 nodes (" + srcCrazyguitar + ")", 8, 355.36},
		{"16 nodes (" + srcCrazyguitar + ")", 16, 356.27},
		{"32 nodes (" + srcCrazyguitar + ")", 32, 321.10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := modelBusBW(t, "p5.48xlarge", tt.nodes, 8*gib)
			if dev := got/tt.measured - 1; math.Abs(dev) > 0.15 {
				t.Errorf("model %.1f GB/s vs measured %.2f GB/s: %+.1f%% (limit ±15%%)", got, tt.measured, 100*dev)
			} else {
				t.Logf("model %.1f GB/s vs measured %.2f GB/s: %+.1f%%", got, tt.measured, 100*dev)
			}
		})
	}
}

// TestCalibrationTwoNodeBounds: two-node runs over-report bus bandwidth
// (NVIDIA/nccl-tests#22): NCCL picks tree or NVLS-tree algorithms whose
// inter-node traffic per node is about S, while busbw assumes a ring's
// 2(n−1)/n·S; 487 GB/s on 2 × p5 exceeds the node's 400 GB/s of EFA. The
// model (ring) is therefore a lower bound there, and the measurement must
// sit between it and the bus bandwidth a node would show if it sent only S
// across EFA at the achievable rate: β × 2(n−1)/n.
func TestCalibrationTwoNodeBounds(t *testing.T) {
	tests := []struct {
		name     string
		inst     string
		size     float64
		measured float64
	}{
		{"2 × p5.48xlarge 1 GiB (" + srcAwsome + ")", "p5.48xlarge", 1 * gib, 436.95},
		{"2 × p5.48xlarge 2 GiB (" + srcAwsome + ")", "p5.48xlarge", 2 * gib, 443.72},
		{"2 × p5.48xlarge 16 GiB (" + srcAwsome + ")", "p5.48xlarge", 16 * gib, 487.09},
		{"2 × p5.48xlarge 8 GiB (" + srcCrazyguitar + ")", "p5.48xlarge", 8 * gib, 477.71},
		{"2 × p4de.24xlarge 1 GiB (" + srcAwsome + ")", "p4de.24xlarge", 1 * gib, 76.79},
		{"2 × p4de.24xlarge 2 GiB (" + srcAwsome + ")", "p4de.24xlarge", 2 * gib, 78.33},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := ClusterFabric(DefaultCatalog(), tt.inst)
			ring := modelBusBW(t, tt.inst, 2, tt.size)
			n := float64(2 * f.AccelsPerNode)
			upper := f.InterNodeGBytesPerS * 2 * (n - 1) / n
			if tt.measured < ring || tt.measured > upper {
				t.Errorf("measured %.2f GB/s outside [ring %.1f, tree bound %.1f]", tt.measured, ring, upper)
			}
		})
	}
}

// TestCalibrationSmallMessageFloor: the 8-byte all-reduce time on 2 nodes is
// pure latency, 2(p−1)·α with p = 16.
func TestCalibrationSmallMessageFloor(t *testing.T) {
	// 2 × p5.48xlarge: 69.12 µs measured (srcAwsome). α was derived from this
	// figure, so this checks the wiring, not the model.
	got := BusBandwidthCurve(DefaultCatalog(), "p5.48xlarge", 2, model.AlgorithmRing, []float64{8})[0].TimeUs
	if math.Abs(got/69.12-1) > 0.15 {
		t.Errorf("p5 floor: model %.1f µs vs 69.12 µs", got)
	}
	// 2 × p4de.24xlarge: 164.3 µs measured (srcAwsome). One α serves every
	// instance type, so the model gives the p5 floor (~69 µs) here: p4de's
	// first-generation EFA is slower per step. This known gap (docs/model.md)
	// matters only below ~1 MiB; the test pins its direction and size so a
	// change to the constants that hides or worsens it is noticed.
	got = BusBandwidthCurve(DefaultCatalog(), "p4de.24xlarge", 2, model.AlgorithmRing, []float64{8})[0].TimeUs
	if ratio := got / 164.3; ratio < 0.3 || ratio > 0.6 {
		t.Errorf("p4de floor: model %.1f µs is %.2f of the measured 164.3 µs; docs/model.md says ~0.42", got, ratio)
	}
}

// TestCalibrationMidSizeOptimistic pins a documented limitation: between
// 128 MiB and 1 GiB, at 4 nodes and more, measured bus bandwidth is below the
// model (NCCL protocol and channel choice, pipeline start-up), by 20-65%.
// The model must stay on the optimistic side here (docs/model.md says so).
func TestCalibrationMidSizeOptimistic(t *testing.T) {
	tests := []struct {
		nodes    int
		size     float64
		measured float64 // srcCrazyguitar, out-of-place busbw
	}{
		{4, 128 << 20, 229.48}, {4, 1 * gib, 280.30},
		{8, 128 << 20, 156.33}, {8, 1 * gib, 274.47},
		{16, 128 << 20, 129.20}, {16, 1 * gib, 269.23},
		{32, 128 << 20, 115.78}, {32, 1 * gib, 220.08},
	}
	for _, tt := range tests {
		got := modelBusBW(t, "p5.48xlarge", tt.nodes, tt.size)
		if got < tt.measured || got > 1.7*tt.measured {
			t.Errorf("%d nodes, %.0f MiB: model %.1f vs measured %.2f GB/s (want model between 1× and 1.7× measured)", tt.nodes, tt.size/(1<<20), got, tt.measured)
		}
	}
}
