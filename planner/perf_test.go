package planner

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// perfCatalog is a small catalog with round numbers so plan figures can be
// worked by hand: a "gpu.8x" node with 8 accelerators of 1000 TFLOPS at a
// matmul efficiency of 0.5 and 80 GiB of HBM, 3200 Gbps of EFA (400 GB/s)
// and 500 GB/s of NVLink per accelerator, $10/h.
func perfCatalog() *model.Catalog {
	src := model.Source{URL: "https://example.test", ReadOn: "2026-11-23", Confidence: model.ConfidenceConfirmed}
	k := func(v float64, unit string) model.Constant { return model.Constant{Value: v, Unit: unit, Source: src} }
	return &model.Catalog{
		Version: "test", ReadOn: "2026-11-23",
		Accelerators: map[string]model.Accelerator{
			"TestGPU": {InstanceTypes: []string{"gpu.8x"}, MatmulEfficiency: map[string]model.Constant{"bf16": k(0.5, "fraction of dense peak")}},
		},
		Instances: map[string]model.Instance{
			"gpu.8x": {AcceleratorCount: 8, AcceleratorMemoryGiB: 80, NetworkGbps: 3200, EFA: true, PeakDenseBF16TFLOPS: 1000, IntraNodeGBpsPerAccel: 500,
				Prices: map[string]model.InstancePrice{"us-east-1": {OnDemandUSDPerHour: 10, Source: src}}},
		},
		Regions: map[string]model.RegionPrices{"us-east-1": {
			FSxLustre:         map[string]model.Price{"PERSISTENT_2/250": {USD: 0.2, Unit: "GB-month", Source: src}},
			S3StandardGBMonth: model.Price{USD: 0.02, Unit: "GB-month", Source: src},
			DXPortHour:        map[string]model.Price{"10": {USD: 2, Unit: "port-hour", Source: src}},
		}},
		Constants: map[string]model.Constant{
			"overlap_fraction_default":    k(0.5, "fraction"),
			"efa_achievable_fraction":     k(1, "fraction"),
			"efa_hop_latency_us":          k(2, "µs"),
			"nvlink_achievable_fraction":  k(1, "fraction"),
			"nvlink_hop_latency_us":       k(1, "µs"),
			"dx_protocol_efficiency":      k(0.95, "fraction"),
			"vpn_tunnel_gbps_standard":    k(1.25, "Gbps"),
			"vpn_tunnel_gbps_large":       k(5, "Gbps"),
			"vpn_protocol_efficiency":     k(0.9, "fraction"),
			"checkpoint_bytes_per_param":  k(16, "bytes/param"),
			"bytes_per_token_default":     k(2, "bytes/token"),
			"global_batch_tokens_default": k(1<<20, "tokens"),
			"fsx_persistent2_efa_min_tib": k(4.6875, "TiB"),
			"hbm_reserved_gib":            k(4, "GiB"),
			"tp_overlap_fraction":         k(0, "fraction"),
			"seq_len_default":             k(2048, "tokens"),
		},
	}
}

// perfScenario: 4 nodes of gpu.8x (32 accelerators) train a 1B model (16
// layers × 2048 wide, 16 heads, 2,048-token sequences) on 100B tokens, pure
// data parallel with ZeRO-1, microbatch 1 and selective recompute,
// checkpoint hourly to a 12 TiB PERSISTENT_2/250 file system; a 10 TB data
// set crosses 2 × 10 Gbps DX.
func perfScenario() model.Scenario {
	zero1 := 1
	return model.Scenario{
		Name:     "perf-test",
		Sites:    []model.Site{{Name: "dc", Datasets: []model.Dataset{{Name: "corpus", SizeTB: 10, TransferWindowHours: 72}}}},
		Links:    []model.Link{{Name: "dx", Site: "dc", Type: model.LinkDXDedicated, SpeedGbps: 10, Count: 2, Location: "LOC1", VIF: model.VIFPublic, Critical: true}},
		AWS:      model.AWS{Region: "us-east-1", VPCCIDR: "10.0.0.0/16", AvailabilityZones: []string{"us-east-1a"}},
		Clusters: []model.Cluster{{Name: "c", InstanceType: "gpu.8x", Nodes: 4}},
		Storage:  model.Storage{FSxLustre: &model.FSxLustre{DeploymentType: model.FSxPersistent2, CapacityTiB: 12, ThroughputMBpsPerTiB: 250}},
		Workloads: model.Workloads{Training: []model.TrainingJob{{Name: "j", Cluster: "c", ParametersB: 1, TokensB: 100,
			Layers: 16, Hidden: 2048, Heads: 16, TensorParallel: 1, PipelineParallel: 1, Microbatch: 1, ZeROStage: &zero1, Recompute: model.RecomputeSelective,
			CheckpointIntervalMinutes: 60, Dataset: "corpus"}}},
	}
}

func codes(fs []model.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Code
	}
	return out
}

func TestEvaluateTrainingHandWorked(t *testing.T) {
	p := Evaluate(perfScenario(), perfCatalog(), Options{})
	if len(p.Training) != 1 {
		t.Fatalf("want 1 training plan, got %d", len(p.Training))
	}
	tp := p.Training[0]
	// Model FLOPs per token: 6 × 1e9 + 12 × 16 layers × 2048 × 2048 = 6.805306368e9.
	// 1,048,576 tokens per step = 512 sequences; DP 32 × microbatch 1 → 16 microbatches.
	// Rate per accelerator 1000e12 × 0.5 = 5e14 FLOP/s; 32 accelerators.
	const flops = 6.805306368e9
	computeS := flops * (1 << 20) / (32 * 5e14) // 0.445992557 s
	// Selective recompute re-runs attention: 4 × 16 × 2048 × 2048 = 2.68435456e8 per token.
	recomputeS := 2.68435456e8 * (1 << 20) / (32 * 5e14) // 0.0175921860 s
	// ZeRO-1: reduce-scatter + all-gather of the 2e9-byte gradient over 32 ranks, 8 per node
	// (the collective's own hand-worked tests are in model/collective_test.go).
	g := model.Group{Ranks: 32, RanksPerNode: 8}
	f := tp.Allreduce.Fabric
	dpS := model.CollectiveSeconds(f, g, model.CollectiveReduceScatter, model.AlgorithmAuto, 2e9) +
		model.CollectiveSeconds(f, g, model.CollectiveAllGather, model.AlgorithmAuto, 2e9)
	// Exposed: max(0.5 × t, t − ⅔ × the last microbatch's (compute + recompute)).
	exposedS := math.Max(0.5*dpS, dpS-2.0/3*(computeS+recomputeS)/16)
	stepS := computeS + recomputeS + exposedS
	trainS := math.Ceil(100e9/(1<<20)) * stepS
	ckpts := math.Floor(trainS / 3600)
	totalH := (trainS + ckpts*16e9/3e9) / 3600
	checks := []struct {
		name      string
		got, want float64
	}{
		{"step compute s", tp.StepComputeS, computeS},
		{"recompute s", tp.Step.RecomputeS, recomputeS},
		{"dp comm s", tp.Allreduce.TimeS, dpS},
		{"exposed s", tp.ExposedCommS, exposedS},
		// Ingest: 1,048,576 tokens × 2 bytes = 2 MB per step against 12 × 250 = 3 GB/s: no stall.
		{"io stall s", tp.IOStallS, 0},
		{"step s", tp.StepTimeS, stepS},
		// Steps: ⌈100e9 / 1,048,576⌉ = 95,368.
		{"steps", tp.Steps, 95368},
		// Checkpoints: each 1e9 × 16 bytes / 3 GB/s = 5.333 s, one per hour of training.
		{"time to train h", tp.TimeToTrainHours, totalH},
		{"checkpoints", tp.Checkpoint.Count, ckpts},
		{"accelerator hours", tp.AcceleratorHours, 32 * totalH},
		// Run cost: 4 nodes × h × $10; FSx 12,000 GB × $0.2 × h/730; S3 none.
		{"instances usd", tp.RunCost.InstancesUSD, 4 * 10 * totalH},
		{"storage usd", tp.RunCost.StorageUSD, 12000 * 0.2 * totalH / 730},
		// MFU = F × B / (32 × 1000e12 × step).
		{"mfu", tp.Compute.MFU, flops * (1 << 20) / (32 * 1000e12 * stepS)},
		// Memory (GiB): weights 2e9 B, gradients 2e9 B, optimizer 12e9/32 B, activations
		// 2048 × 1 × 2048 × 34 B per layer (selective, t = 1) × 16 layers × 1 microbatch in flight, reserved 4.
		{"weights gib", tp.Memory.WeightsGiB, 2e9 / (1 << 30)},
		{"optimizer gib", tp.Memory.OptimizerGiB, 12e9 / 32 / (1 << 30)},
		{"activations gib", tp.Memory.ActivationsGiB, 2048 * 2048 * 34 * 16.0 / (1 << 30)},
		{"memory gib", tp.Memory.TotalGiB, (2e9+2e9+12e9/32+2048*2048*34*16.0)/(1<<30) + 4},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-6*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s: got %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
	if tp.ScalingEfficiency <= 0 || tp.ScalingEfficiency > 1 {
		t.Errorf("scaling efficiency %g outside (0, 1]", tp.ScalingEfficiency)
	}
	// Links: 2 × 10 × 0.95 = 19 Gbps; 10 TB takes 8e13 / 19e9 / 3600 = 1.1696 h; one down 2.3392 h.
	l := p.Links[0]
	if math.Abs(l.UsableGbps-19) > 1e-9 || math.Abs(l.Transfers[0].Hours-8e13/19e9/3600) > 1e-9 || math.Abs(l.Transfers[0].HoursOneFailed-8e13/9.5e9/3600) > 1e-9 {
		t.Errorf("link: %+v", l)
	}
	// Storage: 12 TiB is on the 2.4 TiB step; 3 GB/s.
	if s := p.Storage; s == nil || !s.CapacityValid || math.Abs(s.ThroughputGBytesPerS-3) > 1e-9 {
		t.Errorf("storage: %+v", p.Storage)
	}
}

func TestMissingConstantsFallBack(t *testing.T) {
	cat := perfCatalog()
	delete(cat.Constants, "efa_achievable_fraction")
	cat.Constants["overlap_fraction_default"] = model.Constant{Value: 3, Unit: "fraction"} // out of range
	p := Evaluate(perfScenario(), cat, Options{})
	var f *model.Finding
	for i := range p.Findings {
		if p.Findings[i].Code == "perf.constant-missing" {
			f = &p.Findings[i]
		}
	}
	if f == nil || !strings.Contains(f.Title, "efa_achievable_fraction") || !strings.Contains(f.Title, "overlap_fraction_default") {
		t.Fatalf("want a perf.constant-missing finding naming both constants, got %v", codes(p.Findings))
	}
	tp := p.Training[0]
	if tp.Allreduce.OverlapFraction != cOverlap.fallback || tp.Allreduce.Fabric.InterNodeGBytesPerS != 400*cEFAFraction.fallback {
		t.Errorf("fallbacks not used: overlap %g, β %g", tp.Allreduce.OverlapFraction, tp.Allreduce.Fabric.InterNodeGBytesPerS)
	}
	// An empty catalog must not panic either.
	empty := &model.Catalog{}
	_ = Evaluate(perfScenario(), empty, Options{})
}

func TestGuardrailFindings(t *testing.T) {
	yes := true
	tests := []struct {
		name   string
		mutate func(*model.Scenario)
		code   string
		sev    string
	}{
		{"EFA over AZs", func(s *model.Scenario) {
			s.AWS.AvailabilityZones = []string{"us-east-1a", "us-east-1b"}
			s.Clusters[0].AZs = []string{"us-east-1a", "us-east-1b"}
		}, "cluster.efa-multi-az", model.SeverityCritical},
		{"placement group on a capacity block", func(s *model.Scenario) {
			s.Clusters[0].Purchase.Option = model.PurchaseCapacityBlock
			s.Clusters[0].PlacementGroup = &yes
		}, "cluster.placement-group-reserved-capacity", model.SeverityCritical},
		{"placement group on a capacity reservation", func(s *model.Scenario) {
			s.Clusters[0].Purchase.Option = model.PurchaseReserved
			s.Clusters[0].PlacementGroup = &yes
		}, "cluster.placement-group-reserved-capacity", model.SeverityCritical},
		{"FSx off the increment", func(s *model.Scenario) { s.Storage.FSxLustre.CapacityTiB = 3.6 }, "storage.fsx-capacity-increment", model.SeverityCritical},
		{"EFA FSx below minimum", func(s *model.Scenario) { s.Storage.FSxLustre.EFAEnabled = true }, "storage.fsx-efa-minimum", model.SeverityCritical},
		{"no EFA for NCCL", func(s *model.Scenario) { no := false; s.Clusters[0].EFA = &no }, "nccl.no-efa", model.SeverityWarning},
		{"single DX carrying critical transfer", func(s *model.Scenario) { s.Links[0].Count = 1 }, "link.no-redundancy", model.SeverityWarning},
		{"transfer misses window", func(s *model.Scenario) { s.Sites[0].Datasets[0].TransferWindowHours = 1 }, "link.transfer-window", model.SeverityCritical},
		{"transfer misses window after a failure", func(s *model.Scenario) { s.Sites[0].Datasets[0].TransferWindowHours = 2 }, "link.transfer-window-one-failed", model.SeverityWarning},
		{"data set larger than FSx", func(s *model.Scenario) { s.Storage.FSxLustre.CapacityTiB = 2.4 }, "storage.dataset-exceeds-fsx", model.SeverityWarning},
		{"storage starves GPUs", func(s *model.Scenario) {
			s.Workloads.Training[0].BytesPerToken = 1e6 // 1 MB per sample-token: 1e12 bytes per step
			s.Storage.FSxLustre.CapacityTiB = 1.2
		}, "storage.io-stall", model.SeverityCritical},
		{"checkpoint overhead", func(s *model.Scenario) {
			s.Workloads.Training[0].CheckpointIntervalMinutes = 1
			s.Storage.FSxLustre.CapacityTiB = 1.2
		}, "perf.checkpoint-overhead", model.SeverityWarning},
		{"link saturated", func(s *model.Scenario) { s.Traffic.OnPremToAWSTB = 7000 }, "link.utilisation", model.SeverityCritical},
		{"exposed all-reduce", func(s *model.Scenario) {
			// 8B parameters, 32 sequences of 256 tokens per step: ~0.05 s of compute
			// against ~0.08 s of gradient reduce-scatter + all-gather.
			s.Workloads.Training[0].ParametersB = 8
			s.Workloads.Training[0].SeqLen = 256
			s.Workloads.Training[0].GlobalBatchTokens = 8192
		}, "perf.comm-exposed", model.SeverityCritical},
	}
	base := Evaluate(perfScenario(), perfCatalog(), Options{})
	for _, f := range base.Findings {
		if model.SeverityRank(f.Severity) >= 1 {
			t.Fatalf("the base scenario should have no warnings, got %s: %s", f.Code, f.Title)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := perfScenario()
			tt.mutate(&s)
			p := Evaluate(s, perfCatalog(), Options{})
			for _, f := range p.Findings {
				if f.Code == tt.code {
					if f.Severity != tt.sev {
						t.Errorf("%s: severity %s, want %s", tt.code, f.Severity, tt.sev)
					}
					if f.Title == "" || (model.SeverityRank(f.Severity) >= 1 && f.Remedy == "") {
						t.Errorf("%s: needs a title with numbers and a remedy: %+v", tt.code, f)
					}
					return
				}
			}
			t.Errorf("no %s finding; got %v", tt.code, codes(p.Findings))
		})
	}
}

func TestCommExposedRemedyHasNumbers(t *testing.T) {
	s := perfScenario()
	s.Workloads.Training[0].ParametersB = 8
	s.Workloads.Training[0].SeqLen = 256
	s.Workloads.Training[0].GlobalBatchTokens = 8192
	p := Evaluate(s, perfCatalog(), Options{})
	for _, f := range p.Findings {
		if f.Code == "perf.comm-exposed" {
			// The remedy quotes the exposed share after doubling EFA bandwidth.
			if !strings.Contains(f.Remedy, "2× the EFA bandwidth") || !strings.Contains(f.Remedy, "%") || !strings.Contains(f.Title, "%") {
				t.Errorf("remedy lacks figures: %q / %q", f.Title, f.Remedy)
			}
			return
		}
	}
	t.Fatalf("no perf.comm-exposed finding: %v", codes(p.Findings))
}

func TestFindingsAreRankedBySeverity(t *testing.T) {
	s := perfScenario()
	s.Links[0].Count = 1
	s.Storage.FSxLustre.CapacityTiB = 3.6
	p := Evaluate(s, perfCatalog(), Options{})
	for i := 1; i < len(p.Findings); i++ {
		if model.SeverityRank(p.Findings[i].Severity) > model.SeverityRank(p.Findings[i-1].Severity) {
			t.Fatalf("finding %d (%s) is more severe than %d (%s)", i, p.Findings[i].Severity, i-1, p.Findings[i-1].Severity)
		}
	}
}

func TestScalingCurve(t *testing.T) {
	s, cat := perfScenario(), perfCatalog()
	nodes := []int{1, 2, 4, 8, 16, 32, 64, 128, 1024}
	pts := ScalingCurve(s, cat, "j", nodes)
	if len(pts) != len(nodes) {
		t.Fatalf("got %d points for %d counts", len(pts), len(nodes))
	}
	for i, pt := range pts {
		if pt.Efficiency <= 0 || pt.Efficiency > 1 {
			t.Errorf("%d nodes: efficiency %g outside (0, 1]", pt.Nodes, pt.Efficiency)
		}
		if i > 0 && pt.StepTimeS*float64(pt.Nodes) < pts[i-1].StepTimeS*float64(pts[i-1].Nodes)*(1-1e-9) {
			t.Errorf("%d nodes: node-seconds per step fell, superlinear scaling is impossible", pt.Nodes)
		}
		if i > 0 && pt.Efficiency > pts[i-1].Efficiency+1e-12 {
			t.Errorf("%d nodes: efficiency rose from %g to %g", pt.Nodes, pts[i-1].Efficiency, pt.Efficiency)
		}
	}
	// The point at the cluster's own size equals the plan.
	p := Evaluate(s, cat, Options{})
	for _, pt := range pts {
		if pt.Nodes == 4 && math.Abs(pt.StepTimeS-p.Training[0].StepTimeS) > 1e-12 {
			t.Errorf("4-node point %g s differs from the plan's %g s", pt.StepTimeS, p.Training[0].StepTimeS)
		}
	}
	if ScalingCurve(s, cat, "nope", nodes) != nil {
		t.Error("unknown job must give nil")
	}
	// A job with TP×PP = 16 cannot run on one 8-accelerator node.
	s.Workloads.Training[0].TensorParallel = 8
	s.Workloads.Training[0].PipelineParallel = 2
	if pts := ScalingCurve(s, cat, "j", []int{1, 2, 4}); len(pts) != 2 || pts[0].Nodes != 2 {
		t.Errorf("want points for 2 and 4 nodes only, got %+v", pts)
	}
}

// Property: over random jobs, more nodes never lengthen the compute part of
// a step, efficiencies stay in (0, 1], and idle fractions in [0, 1].
func TestPerformanceProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	cat := perfCatalog()
	algs := []string{"", model.AlgorithmRing, model.AlgorithmTree, model.AlgorithmHierarchical}
	for range 300 {
		s := perfScenario()
		j := &s.Workloads.Training[0]
		j.ParametersB = 0.1 + r.Float64()*400
		j.TokensB = 1 + r.Float64()*5000
		j.GlobalBatchTokens = 1e4 + r.Float64()*1e7
		j.TensorParallel = []int{1, 2, 4, 8}[r.IntN(4)]
		j.PipelineParallel = []int{1, 2, 4}[r.IntN(3)]
		j.BytesPerToken = r.Float64() * 1e5
		j.Algorithm = algs[r.IntN(len(algs))]
		s.Clusters[0].Nodes = 1 << r.IntN(9)
		s.Storage.FSxLustre.CapacityTiB = 2.4 * float64(1+r.IntN(40))
		p := Evaluate(s, cat, Options{})
		if len(p.Training) != 1 {
			t.Fatal("job dropped")
		}
		tp := p.Training[0]
		for name, f := range map[string]float64{"scaling efficiency": tp.ScalingEfficiency} {
			if !(f > 0 && f <= 1) {
				t.Fatalf("%s %g outside (0, 1] for %+v", name, f, *j)
			}
		}
		if p.Storage.IdleFraction < 0 || p.Storage.IdleFraction > 1 || tp.IOStallFraction < 0 || tp.IOStallFraction > 1 {
			t.Fatalf("idle fraction out of range: %g / %g", p.Storage.IdleFraction, tp.IOStallFraction)
		}
		pts := ScalingCurve(s, cat, "j", []int{1, 2, 4, 8, 16, 64, 256, 1024})
		prev := math.Inf(1)
		for _, pt := range pts {
			compute := pt.StepTimeS * pt.Efficiency
			if compute > prev*(1+1e-12) {
				t.Fatalf("compute per step grew with nodes: %g → %g at %d nodes", prev, compute, pt.Nodes)
			}
			prev = compute
			if !(pt.Efficiency > 0 && pt.Efficiency <= 1) {
				t.Fatalf("efficiency %g at %d nodes", pt.Efficiency, pt.Nodes)
			}
		}
	}
}

func TestShippedScenarioFabricsComeFromCatalog(t *testing.T) {
	// Every catalog instance gets its fabric from the same formula: β from
	// network_gbps × efa_achievable_fraction, NVLink from intra_node_gbps_per_accel,
	// the fractions from the type's "fabrics" generation entry or the constants.
	cat := DefaultCatalog()
	for _, name := range InstanceTypes(cat) {
		f, ok := ClusterFabric(cat, name)
		inst := cat.Instances[name]
		frac := cat.Constants["efa_achievable_fraction"].Value
		nv := cat.Constants["nvlink_achievable_fraction"].Value
		if k, ok := cat.Fabrics[f.Generation].Values["efa_achievable_fraction"]; ok {
			frac = k.Value
		}
		if k, ok := cat.Fabrics[f.Generation].Values["nvlink_achievable_fraction"]; ok {
			nv = k.Value
		}
		if !ok || math.Abs(f.InterNodeGBytesPerS-inst.NetworkGbps/8*frac) > 1e-9 || math.Abs(f.IntraNodeGBytesPerS-inst.IntraNodeGBpsPerAccel*nv) > 1e-9 {
			t.Errorf("%s: fabric %+v not derived from the catalog", name, f)
		}
	}
	if !slices.Contains(InstanceTypes(cat), "p5.48xlarge") {
		t.Fatal("catalog lacks p5.48xlarge")
	}
}

// The plan must always encode as JSON (no ±Inf or NaN), whatever odd but
// non-negative values reach Evaluate (the TUI evaluates on every edit, before
// validation has passed).
func TestEvaluateOddInputsEncode(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	cat := perfCatalog()
	pick := func(vs ...float64) float64 { return vs[r.IntN(len(vs))] }
	for range 500 {
		s := perfScenario()
		j := &s.Workloads.Training[0]
		j.ParametersB = pick(0, 1e-9, 1, 1e4)
		j.TokensB = pick(0, 1e-9, 1, 1e6)
		j.GlobalBatchTokens = pick(0, 1, 1e9)
		j.MFU = pick(0, 1e-9, 1)
		j.TensorParallel = r.IntN(40)
		j.PipelineParallel = r.IntN(5)
		j.DataParallel = r.IntN(100)
		j.BytesPerToken = pick(0, 1e12)
		j.CheckpointIntervalMinutes = pick(0, 1e-6, 60)
		j.Precision = []string{"", "fp8", "fp32", "bogus"}[r.IntN(4)]
		j.Algorithm = []string{"", "tree", "hierarchical", "bogus"}[r.IntN(4)]
		s.Clusters[0].Nodes = r.IntN(3)
		s.Storage.FSxLustre.CapacityTiB = pick(0, 1.2, 1e6)
		s.Storage.FSxLustre.ThroughputMBpsPerTiB = pick(0, 125, 1000)
		s.Storage.FSxLustre.EFAEnabled = r.IntN(2) == 0
		s.Links[0].SpeedGbps = pick(0, 0.05, 400)
		s.Links[0].Count = r.IntN(3)
		s.Links[0].Type = []string{model.LinkDXDedicated, model.LinkDXHosted, model.LinkVPN}[r.IntN(3)]
		s.Links[0].Tunnels = r.IntN(5)
		s.Sites[0].Datasets[0].SizeTB = pick(0, 1e6)
		s.Sites[0].Datasets[0].TransferWindowHours = pick(0, 1e-6, 24)
		s.Traffic.OnPremToAWSTB = pick(0, 1e9)
		p := Evaluate(s, cat, Options{})
		if _, err := json.Marshal(p); err != nil {
			t.Fatalf("plan does not encode: %v\nscenario job %+v cluster %+v fsx %+v link %+v", err, *j, s.Clusters[0], *s.Storage.FSxLustre, s.Links[0])
		}
	}
}
