package planner

import (
	"math"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// The calibration tests run the shipped catalog's fabrics (instance network
// and NVLink figures plus the per-generation "fabrics" entries) through the
// collective model and compare with public nccl-tests measurements
// (out-of-place bus bandwidth or time). Every point is either FITTED (a
// catalog value was derived from it: the test checks the wiring and the
// fit's residual) or a CHECK (never used to derive anything). docs/model.md
// has the full table. Times are compared as measured, NCCL's choice of
// algorithm included: the model runs AlgorithmAuto unless a test says so.

const (
	// srcAwsome: aws-samples/awsome-distributed-training,
	// micro-benchmarks/nccl-tests/README.md (2 nodes, float sum).
	srcAwsome = "awsome-distributed-training micro-benchmarks/nccl-tests README"
	// srcCrazyguitar: crazyguitar/aws-gpu-communication-benchmark,
	// data/nccl_all_reduce.csv (p5.48xlarge, NCCL 2.27.7, aws-ofi-nccl 1.16.3).
	srcCrazyguitar = "crazyguitar/aws-gpu-communication-benchmark data/nccl_all_reduce.csv"
	// srcCrazyA2A: the same repository's data/nccl_alltoall.csv.
	srcCrazyA2A = "crazyguitar/aws-gpu-communication-benchmark data/nccl_alltoall.csv"
	// srcK8sTester: aws/aws-k8s-tester pull request 585 (2 × p5.48xlarge nccl-tests output).
	srcK8sTester = "aws/aws-k8s-tester#585"
	// srcDstack: dstackai/dstack pull request 3961 (2 × p6-b200.48xlarge nccl-tests output).
	srcDstack = "dstackai/dstack#3961"
	// srcNCCL309: NVIDIA/nccl-tests issue 309 (one HGX H100 node).
	srcNCCL309 = "NVIDIA/nccl-tests#309"
	// srcNCCL212: NVIDIA/nccl-tests issue 212 (NVIDIA: 8 × H100 NVLS peak busbw ~480 GB/s).
	srcNCCL212 = "NVIDIA/nccl-tests#212"
	// srcNCCL527: NVIDIA/nccl issue 527 (one p4d node, 1 GiB).
	srcNCCL527 = "NVIDIA/nccl#527"
)

const (
	mib = float64(1 << 20)
	gib = float64(1 << 30)
)

// point is one measured nccl-tests figure.
type point struct {
	src   string
	inst  string
	nodes int
	size  float64 // bytes per rank (all-reduce) or sent per rank (all-to-all)
	want  float64 // busbw GB/s, or time µs for the latency tests
}

func fabricOf(t *testing.T, inst string) model.Fabric {
	t.Helper()
	f, ok := ClusterFabric(DefaultCatalog(), inst)
	if !ok {
		t.Fatalf("no fabric for %s", inst)
	}
	return f
}

// busBW is the modelled all_reduce_perf bus bandwidth with the algorithm
// named (AlgorithmAuto = NCCL's choice).
func busBW(t *testing.T, pt point, algorithm string) float64 {
	t.Helper()
	pts := BusBandwidthCurve(DefaultCatalog(), pt.inst, pt.nodes, algorithm, []float64{pt.size})
	if len(pts) != 1 {
		t.Fatalf("no fabric for %s", pt.inst)
	}
	return pts[0].BusBWGBytesPerS
}

// deviation reports got/want − 1 and fails outside [lo, hi].
func deviation(t *testing.T, name string, got, want, lo, hi float64) {
	t.Helper()
	dev := got/want - 1
	if dev < lo || dev > hi || math.IsNaN(dev) {
		t.Errorf("%s: model %.2f vs measured %.2f: %+.1f%% (allowed %+.0f%% … %+.0f%%)", name, got, want, 100*dev, 100*lo, 100*hi)
		return
	}
	t.Logf("%s: model %.2f vs measured %.2f: %+.1f%%", name, got, want, 100*dev)
}

func label(pt point) string {
	return pt.inst + " × " + itoa(pt.nodes) + ", " + sizeLabel(pt.size) + " (" + pt.src + ")"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func sizeLabel(s float64) string {
	switch {
	case s >= gib:
		return itoa(int(s/gib)) + " GiB"
	case s >= mib:
		return itoa(int(s/mib)) + " MiB"
	case s >= 1024:
		return itoa(int(s/1024)) + " KiB"
	}
	return itoa(int(s)) + " B"
}

// TestCalibrationSmallMessageFloor: an 8-byte all-reduce on 2 nodes is
// pure latency. NCCL runs tree/LL there: 6.8 + 2 × (7 × 0.6 + 1 × hop) µs,
// so each generation's EFA hop (fabrics.*.efa_hop_latency_us) was FITTED to
// one 8-byte floor; the test checks the fit is reproduced to ±1 % (wiring).
// CHECKS are independent runs at small sizes: ±5 % for the p5 rerun (same
// regime), ±10 % for the p6-b200 rerun, ±20 % at 1 KiB on p6-b200 where the
// measured time already rises (50.6 → 58.3 µs) and the model's bandwidth
// term is still negligible.
func TestCalibrationSmallMessageFloor(t *testing.T) {
	tests := []struct {
		pt     point
		lo, hi float64
		fitted bool
	}{
		{point{srcAwsome, "p5.48xlarge", 2, 8, 69.12}, -0.01, 0.01, true},
		{point{srcAwsome, "p4de.24xlarge", 2, 8, 164.3}, -0.01, 0.01, true},
		{point{srcDstack, "p6-b200.48xlarge", 2, 8, 50.58}, -0.01, 0.01, true},
		{point{srcK8sTester, "p5.48xlarge", 2, 128, 68.37}, -0.05, 0.05, false},
		{point{srcK8sTester, "p5.48xlarge", 2, 16, 69.29}, -0.05, 0.05, false},
		{point{srcDstack + " second run", "p6-b200.48xlarge", 2, 8, 52.59}, -0.10, 0.10, false},
		{point{srcDstack + " second run", "p6-b200.48xlarge", 2, 1024, 58.32}, -0.20, 0.20, false},
	}
	for _, tt := range tests {
		role := "CHECK"
		if tt.fitted {
			role = "FITTED"
		}
		t.Run(role+" "+label(tt.pt), func(t *testing.T) {
			got := BusBandwidthCurve(DefaultCatalog(), tt.pt.inst, tt.pt.nodes, model.AlgorithmAuto, []float64{tt.pt.size})[0].TimeUs
			deviation(t, "time µs", got, tt.pt.want, tt.lo, tt.hi)
		})
	}
	// The generations differ as measured: first-generation EFA (p4de) is
	// slower per hop than p5's, p6-b200's is faster.
	if !(fabricOf(t, "p4de.24xlarge").InterHopLatencyUs > fabricOf(t, "p5.48xlarge").InterHopLatencyUs &&
		fabricOf(t, "p5.48xlarge").InterHopLatencyUs > fabricOf(t, "p6-b200.48xlarge").InterHopLatencyUs) {
		t.Error("EFA hop latencies are not ordered p4de > p5 > p6-b200")
	}
}

// TestCalibrationP5Plateau: large-message ring bus bandwidth at 4 nodes
// and more. efa_achievable_fraction (0.89) was FITTED to the 4, 8 and 16
// node points (±5 %: the ring latency moves them by 1–4 %); the 32-node
// point is a CHECK (±10 %).
func TestCalibrationP5Plateau(t *testing.T) {
	tests := []struct {
		pt     point
		lo, hi float64
		role   string
	}{
		{point{srcCrazyguitar, "p5.48xlarge", 4, 8 * gib, 356.99}, -0.05, 0.05, "FITTED"},
		{point{srcCrazyguitar, "p5.48xlarge", 8, 8 * gib, 355.36}, -0.05, 0.05, "FITTED"},
		{point{srcCrazyguitar, "p5.48xlarge", 16, 8 * gib, 356.27}, -0.05, 0.05, "FITTED"},
		{point{srcCrazyguitar, "p5.48xlarge", 32, 8 * gib, 321.10}, -0.10, 0.10, "CHECK"},
	}
	for _, tt := range tests {
		t.Run(tt.role+" "+label(tt.pt), func(t *testing.T) {
			deviation(t, "busbw GB/s", busBW(t, tt.pt, model.AlgorithmAuto), tt.pt.want, tt.lo, tt.hi)
		})
	}
}

// TestCalibrationP5TreeFit: the Simple-protocol tree figures of p5
// (tree_base_latency_us 160, tree_hop_latency_us 56, tree_bandwidth_fraction
// 0.735) were FITTED by least squares on log busbw to these five points,
// taken as NVLS-tree runs (what NCCL runs on H100 nodes across nodes). The
// fit's residual is under 2.5 %; the test allows ±5 %.
func TestCalibrationP5TreeFit(t *testing.T) {
	for _, pt := range []point{
		{srcCrazyguitar, "p5.48xlarge", 2, 32 * mib, 147.32},
		{srcAwsome, "p5.48xlarge", 2, 16 * gib, 487.09},
		{srcCrazyguitar, "p5.48xlarge", 8, 32 * mib, 86.74},
		{srcCrazyguitar, "p5.48xlarge", 16, 32 * mib, 74.85},
		{srcCrazyguitar, "p5.48xlarge", 32, 32 * mib, 66.34},
	} {
		t.Run("FITTED "+label(pt), func(t *testing.T) {
			deviation(t, "nvls_tree busbw GB/s", busBW(t, pt, model.AlgorithmNVLSTree), pt.want, -0.05, 0.05)
		})
	}
}

// TestCalibrationP5Checks: every other published p5 all-reduce point, none
// used in any fit, against the model's automatic choice.
//
// Tolerances: at 1 GiB and above −10 % … +20 %; at 32–512 MiB −10 % … +45 %.
// The residuals are one-sided on purpose: nccl-tests on p5 shows plateaus
// (e.g. 4 nodes: 273–280 GB/s from 256 MiB to 1 GiB, then 348 at 2 GiB) where
// NCCL and the aws-ofi-nccl tuner switch channel counts and algorithms; a
// closed-form model passes through them smoothly and is up to +41 % fast
// there (32 nodes, 512 MiB), never more than 5 % slow. The old single-α
// model was 20–65 % fast in the same range. The mean absolute deviation over
// all check points must stay under 13 % (it is 11.2 %).
func TestCalibrationP5Checks(t *testing.T) {
	measured := map[int][9]float64{ // busbw at 32 MiB × 2^i, i = 0..8 (srcCrazyguitar)
		2:  {147.32, 207.00, 305.13, 364.46, 395.99, 435.14, 445.05, 465.81, 477.71},
		4:  {95.38, 152.41, 229.48, 273.34, 278.41, 280.30, 347.57, 354.45, 356.99},
		8:  {86.74, 103.85, 156.33, 232.09, 272.62, 274.47, 278.15, 351.32, 355.36},
		16: {74.85, 92.39, 129.20, 148.11, 223.80, 269.23, 270.91, 306.15, 356.27},
		32: {66.34, 83.60, 115.78, 137.99, 156.83, 220.08, 269.47, 302.81, 321.10},
	}
	fitted := map[[2]int]bool{{2, 0}: true, {8, 0}: true, {16, 0}: true, {32, 0}: true, {4, 8}: true, {8, 8}: true, {16, 8}: true, {32, 8}: true}
	var pts []point
	for _, n := range []int{2, 4, 8, 16, 32} {
		for i, bw := range measured[n] {
			if !fitted[[2]int{n, i}] { // 32 nodes × 8 GiB is checked in TestCalibrationP5Plateau
				pts = append(pts, point{srcCrazyguitar, "p5.48xlarge", n, 32 * mib * float64(int(1)<<i), bw})
			}
		}
	}
	pts = append(pts,
		point{srcAwsome, "p5.48xlarge", 2, 128 * mib, 289.16},
		point{srcAwsome, "p5.48xlarge", 2, 1 * gib, 436.95},
		point{srcAwsome, "p5.48xlarge", 2, 2 * gib, 443.72},
	)
	sum := 0.0
	for _, pt := range pts {
		lo, hi := -0.10, 0.45
		if pt.size >= gib {
			hi = 0.20
		}
		got := busBW(t, pt, model.AlgorithmAuto)
		sum += math.Abs(got/pt.want - 1)
		t.Run("CHECK "+label(pt), func(t *testing.T) {
			deviation(t, "busbw GB/s", got, pt.want, lo, hi)
		})
	}
	if mean := sum / float64(len(pts)); mean > 0.13 {
		t.Errorf("mean |deviation| %.1f%% over %d points, want ≤ 13%%", 100*mean, len(pts))
	} else {
		t.Logf("mean |deviation| %.1f%% over %d check points", 100*mean, len(pts))
	}
}

// TestCalibrationP4deTwoNodes: p4de's tree bandwidth fraction (0.958) and
// hop (406 µs) were FITTED to the 1 GiB and 2 GiB points (±2 %); 128 MiB is
// a CHECK (±10 %).
func TestCalibrationP4deTwoNodes(t *testing.T) {
	tests := []struct {
		pt     point
		lo, hi float64
		role   string
	}{
		{point{srcAwsome, "p4de.24xlarge", 2, 1 * gib, 76.79}, -0.02, 0.02, "FITTED"},
		{point{srcAwsome, "p4de.24xlarge", 2, 2 * gib, 78.33}, -0.02, 0.02, "FITTED"},
		{point{srcAwsome, "p4de.24xlarge", 2, 128 * mib, 64.31}, -0.10, 0.10, "CHECK"},
	}
	for _, tt := range tests {
		t.Run(tt.role+" "+label(tt.pt), func(t *testing.T) {
			deviation(t, "busbw GB/s", busBW(t, tt.pt, model.AlgorithmAuto), tt.pt.want, tt.lo, tt.hi)
		})
	}
}

// TestCalibrationSingleNode: one node, all accelerators. FITTED (±2 %):
// p4d's NVLink fraction (0.77) to its 1 GiB ring, p5's (0.82) to the HGX
// H100 ring with NVLS disabled (368.76 GB/s), p5's NVLS bus bandwidth to
// NVIDIA's ~480 GB/s peak. CHECK: NVLS beats the ring for large messages by
// the measured ratio, and NCCL's own choice on one HGX H100 node
// (srcNCCL309: ring/LL from 8 B to 1 MiB, NVLS/Simple from 2 MiB to 16 GiB)
// is the model's.
func TestCalibrationSingleNode(t *testing.T) {
	tests := []struct {
		pt   point
		alg  string
		role string
	}{
		{point{srcNCCL527, "p4d.24xlarge", 1, 1 * gib, 230.77}, model.AlgorithmAuto, "FITTED"},
		{point{srcNCCL309 + ", NVLS disabled", "p5.48xlarge", 1, 16 * gib, 368.76}, model.AlgorithmRing, "FITTED"},
		{point{srcNCCL212, "p5.48xlarge", 1, 16 * gib, 480}, model.AlgorithmAuto, "FITTED"},
	}
	for _, tt := range tests {
		t.Run(tt.role+" "+label(tt.pt), func(t *testing.T) {
			deviation(t, "busbw GB/s", busBW(t, tt.pt, tt.alg), tt.pt.want, -0.02, 0.02)
		})
	}
	f := fabricOf(t, "p5.48xlarge")
	g := model.Group{Ranks: 8, RanksPerNode: 8}
	for s := 8.0; s <= 16*gib; s *= 2 {
		c := model.PickAllreduce(f, g, s)
		want := model.AlgorithmNVLS + "/" + model.ProtocolSimple
		if s <= 1*mib {
			want = model.AlgorithmRing + "/" + model.ProtocolLL
		}
		if got := c.Algorithm + "/" + c.Protocol; got != want {
			t.Errorf("CHECK %s: 1 × p5 at %s picks %s, NCCL picks %s", srcNCCL309, sizeLabel(s), got, want)
		}
	}
	// Nodes without NVLink SHARP never pick it.
	for _, inst := range []string{"p4d.24xlarge", "p4de.24xlarge", "g5.48xlarge", "trn1.32xlarge"} {
		if f := fabricOf(t, inst); f.NVLS {
			t.Errorf("%s has NVLS", inst)
		}
	}
	for _, inst := range []string{"p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge", "p6-b200.48xlarge"} {
		if f := fabricOf(t, inst); !f.NVLS || f.NVLSBusGBytesPerS <= f.IntraNodeGBytesPerS {
			t.Errorf("%s: NVLS %v at %g GB/s busbw, ring %g GB/s", inst, f.NVLS, f.NVLSBusGBytesPerS, f.IntraNodeGBytesPerS)
		}
	}
}

// TestCalibrationAllToAll: p5 nccl-tests alltoall_perf (algbw = bytes sent
// per rank / time). all_to_all_base_us (314) and all_to_all_node_us (21.5)
// were FITTED to the 32 MiB points (±5 %); the 2 GiB points, which the
// EFA-bandwidth term drives, are CHECKS (−5 % … +12 %: the model is up to
// 10 % fast at 32 nodes).
func TestCalibrationAllToAll(t *testing.T) {
	f := fabricOf(t, "p5.48xlarge")
	tests := []struct {
		nodes  int
		size   float64
		algbw  float64
		lo, hi float64
		role   string
	}{
		{2, 32 * mib, 47.78, -0.05, 0.05, "FITTED"},
		{4, 32 * mib, 35.56, -0.05, 0.05, "FITTED"},
		{8, 32 * mib, 29.13, -0.05, 0.05, "FITTED"},
		{16, 32 * mib, 24.83, -0.05, 0.05, "FITTED"},
		{32, 32 * mib, 19.79, -0.05, 0.05, "FITTED"},
		{2, 2 * gib, 84.53, -0.05, 0.12, "CHECK"},
		{4, 2 * gib, 55.82, -0.05, 0.12, "CHECK"},
		{8, 2 * gib, 50.41, -0.05, 0.12, "CHECK"},
		{16, 2 * gib, 44.58, -0.05, 0.12, "CHECK"},
		{32, 2 * gib, 40.94, -0.05, 0.12, "CHECK"},
	}
	for _, tt := range tests {
		t.Run(tt.role+" "+label(point{srcCrazyA2A, "p5.48xlarge", tt.nodes, tt.size, 0}), func(t *testing.T) {
			g := model.Group{Ranks: 8 * tt.nodes, RanksPerNode: 8}
			sec := model.CollectiveSeconds(f, g, model.CollectiveAllToAll, model.AlgorithmAuto, tt.size)
			deviation(t, "algbw GB/s", tt.size/sec/1e9, tt.algbw, tt.lo, tt.hi)
		})
	}
}

// TestFabricsAreSourced: every "fabrics" entry and every value in it names
// its source, the day it was read, a confidence and a note (which says
// FITTED and to what, or why it is an estimate); no instance type is claimed
// by two entries; an NVLS generation has an NVLS bandwidth.
func TestFabricsAreSourced(t *testing.T) {
	cat := DefaultCatalog()
	if _, ok := cat.Fabrics["default"]; !ok {
		t.Fatal(`catalog "fabrics" has no "default" entry`)
	}
	owner := map[string]string{}
	for gen, spec := range cat.Fabrics {
		if spec.URL == "" || spec.ReadOn == "" || spec.Confidence == "" || spec.Note == "" {
			t.Errorf("%s: entry lacks source, read_on, confidence or note: %+v", gen, spec.Source)
		}
		for name, v := range spec.Values {
			if v.URL == "" || v.ReadOn == "" || v.Confidence == "" || v.Note == "" || v.Value <= 0 || v.Unit == "" {
				t.Errorf("%s.%s: %+v lacks a positive value, unit, source, read_on, confidence or note", gen, name, v)
			}
		}
		for _, it := range spec.InstanceTypes {
			if prev, dup := owner[it]; dup {
				t.Errorf("%s is in both %s and %s", it, prev, gen)
			}
			owner[it] = gen
		}
		if _, ok := spec.Values["nvls_busbw_gbytes_per_s"]; spec.NVLS && !ok {
			t.Errorf("%s: NVLS without nvls_busbw_gbytes_per_s", gen)
		}
	}
}
