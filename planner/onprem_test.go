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

func loadBurst(t testing.TB) model.Scenario {
	t.Helper()
	doc, err := LoadFile("../testdata/scenarios/onprem-burst-split.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d := Validate(doc, DefaultCatalog()); d.HasErrors() {
		t.Fatalf("shipped scenario does not validate: %v", d)
	}
	return doc.Scenario
}

func placementOf(t *testing.T, p model.Plan) model.PlacementPlan {
	t.Helper()
	if len(p.Placements) != 1 || len(p.Placements[0].Options) != 3 {
		t.Fatalf("want one placement comparison with three options, got %+v", p.Placements)
	}
	return p.Placements[0]
}

// TestOnPremClusterPlan: the shipped scenario's 16 DGX H100 cost $1.8945
// per GPU-hour (worked by hand in model.TestOnPremCostPerAcceleratorHour)
// and get an InfiniBand NDR fabric: 3,200 Gbps / 8 × 0.94 = 376 GB/s per node.
func TestOnPremClusterPlan(t *testing.T) {
	p := Evaluate(loadBurst(t), DefaultCatalog(), Options{})
	if len(p.OnPrem) != 1 {
		t.Fatalf("on-prem plans = %d", len(p.OnPrem))
	}
	op := p.OnPrem[0]
	if math.Abs(op.Cost.AcceleratorHourUSD-1.894462) > 1e-5 || op.Accelerators != 128 {
		t.Errorf("GPU-hour $%.6f, %d accelerators; want $1.894462, 128", op.Cost.AcceleratorHourUSD, op.Accelerators)
	}
	// 16 nodes × 11,063.66 per node-month.
	if math.Abs(op.MonthlyUSD-177018.56) > 0.01 {
		t.Errorf("monthly $%.2f, want $177,018.56", op.MonthlyUSD)
	}
	if f := op.FabricModel; math.Abs(f.InterNodeGBytesPerS-376) > 1e-9 || f.InterHopLatencyUs != 2.7 || !f.NVLS {
		t.Errorf("fabric %+v", f)
	}
	for _, a := range op.Assumptions {
		if a.Source == "" {
			t.Errorf("assumption %s has no source", a.Name)
		}
	}
}

// TestOnPremJobSameModel: a job run directly on the on-prem cluster goes
// through the same step model; with the same H100 and the same layout its
// compute term equals the AWS cluster's, and its run is priced at the
// owner's node-hour cost.
func TestOnPremJobSameModel(t *testing.T) {
	s := loadBurst(t)
	j := s.Workloads.Training[0]
	j.OnPremCluster, j.Placement, j.SplitBy, j.SplitOnPrem = "", "", "", 0
	j.DataParallel, j.VirtualStages, j.Microbatch, j.Recompute = 4, 4, 1, model.RecomputeSelective
	zero := 0
	j.ZeROStage = &zero
	onp := j
	onp.Name, onp.Cluster = "on-dgx", "dgx"
	aws := j
	aws.Name = "on-aws"
	s.Clusters[0].Nodes = 16
	s.Workloads.Training = []model.TrainingJob{aws, onp}
	p := Evaluate(s, DefaultCatalog(), Options{})
	if len(p.Training) != 2 {
		t.Fatalf("training plans = %d (%v)", len(p.Training), codes(p.Findings))
	}
	a, o := p.Training[0], p.Training[1]
	if o.InstanceType != "dgx-h100" || o.Allreduce.Fabric.Generation != "infiniband-ndr + h100-efa2 NVLink" {
		t.Errorf("on-prem job on %s with fabric %s", o.InstanceType, o.Allreduce.Fabric.Generation)
	}
	if a.Layout != o.Layout {
		t.Fatalf("layouts differ: %s vs %s", layoutName(a.Layout), layoutName(o.Layout))
	}
	if math.Abs(a.Step.ComputeS-o.Step.ComputeS) > 1e-9 {
		t.Errorf("compute %.6f s on AWS vs %.6f s on-prem for the same H100", a.Step.ComputeS, o.Step.ComputeS)
	}
	if math.Abs(o.RunCost.InstanceUSDPerHour-15.155699) > 1e-5 {
		t.Errorf("on-prem node-hour $%.6f, want $15.155699", o.RunCost.InstanceUSDPerHour)
	}
}

// TestPlacementPipelineSplit checks the shipped pipeline split against the
// hand-worked boundary traffic (model.TestPipelineWANSeconds): DP 8 × 1 ×
// 8,192 × 8,192 × 2 B = 1.07 GB per microbatch each way over 2 × 100 Gbps
// × 0.947 = 189.4 Gbps at RTT 2 ms adds 0.0927 s when the link keeps up.
func TestPlacementPipelineSplit(t *testing.T) {
	p := Evaluate(loadBurst(t), DefaultCatalog(), Options{})
	pp := placementOf(t, p)
	a, o, sp := pp.Options[0], pp.Options[1], pp.Options[2]
	if pp.LinkUsableGbps != 189.4 && math.Abs(pp.LinkUsableGbps-189.4) > 1e-9 {
		t.Errorf("usable %.3f Gbps", pp.LinkUsableGbps)
	}
	if !sp.Feasible || sp.GradientSyncOverWAN || math.Abs(sp.WANSecondsPerStep-0.0927068) > 1e-5 {
		t.Errorf("split: feasible %v, sync over WAN %v, WAN %.7f s (want 0.0927068)", sp.Feasible, sp.GradientSyncOverWAN, sp.WANSecondsPerStep)
	}
	if sp.AWSNodes != 16 || sp.OnPremNodes != 16 || a.AWSNodes != 32 || o.OnPremNodes != 16 {
		t.Errorf("nodes: split %d+%d, aws %d, onprem %d", sp.AWSNodes, sp.OnPremNodes, a.AWSNodes, o.OnPremNodes)
	}
	// The data set lives on-prem: AWS only moves all 120 TB (free in,
	// 120e12 × 8 / 189.4e9 / 3600 = 1.408 h); on-prem and the pipeline split
	// (first stages on-prem) move nothing.
	if a.DataMoveTB != 120 || math.Abs(a.DataMoveHours-1.40795) > 1e-4 || a.DataMoveUSD != 0 || o.DataMoveTB != 0 || sp.DataMoveTB != 0 {
		t.Errorf("data gravity: aws %g TB %.4f h $%g, onprem %g TB, split %g TB", a.DataMoveTB, a.DataMoveHours, a.DataMoveUSD, o.DataMoveTB, sp.DataMoveTB)
	}
	// The backward gradients cross AWS → on-prem: m × 1.07 GB per step at
	// the DX data-transfer-out rate.
	steps := math.Ceil(1000e9 / p.Training[0].GlobalBatchTokens)
	if want := steps * sp.WANBytesPerStep / 1e9 * 0.02; math.Abs(sp.WANTransferUSD-want) > 1e-6*want {
		t.Errorf("WAN transfer $%.2f, want $%.2f", sp.WANTransferUSD, want)
	}
	for _, op := range pp.Options {
		if sum := op.AWSComputeUSD + op.OnPremUSD + op.WANTransferUSD + op.DataMoveUSD; math.Abs(sum-op.TotalUSD) > 1e-6 {
			t.Errorf("%s: total %.2f is not the sum %.2f", op.Placement, op.TotalUSD, sum)
		}
	}
	if slices.Contains(codes(p.Findings), "placement.gradient-sync-over-wan") {
		t.Errorf("a pipeline split raised the gradient-sync finding")
	}
}

func dataSplit(t *testing.T) model.Scenario {
	s := loadBurst(t)
	s.Workloads.Training[0].SplitBy = model.SplitData
	s.Workloads.Training[0].SplitOnPrem = 4
	return s
}

// TestPlacementDataSplitCritical: splitting data-parallel replicas puts
// the gradient all-reduce on the WAN: the sites exchange N × 2 bytes each
// way per step, RTT + 8·S/B (model.TestWANExchangeSeconds), and the plan
// raises a critical finding with the numbers.
func TestPlacementDataSplitCritical(t *testing.T) {
	p := Evaluate(dataSplit(t), DefaultCatalog(), Options{})
	pp := placementOf(t, p)
	sp := pp.Options[2]
	n := p.Training[0].Compute.Parameters
	if sp.WANBytesPerStep != 2*n || !sp.GradientSyncOverWAN {
		t.Fatalf("WAN bytes %g, want %g", sp.WANBytesPerStep, 2*n)
	}
	full := 0.002 + 8*2*n/189.4e9
	if sp.WANSecondsPerStep <= 0 || sp.WANSecondsPerStep > full+1e-9 {
		t.Errorf("WAN adds %.3f s per step; the exchange takes %.3f s", sp.WANSecondsPerStep, full)
	}
	if sp.StepTimeS <= pp.Options[0].StepTimeS {
		t.Errorf("split %.2f s not slower than AWS only %.2f s", sp.StepTimeS, pp.Options[0].StepTimeS)
	}
	var f *model.Finding
	for i := range p.Findings {
		if p.Findings[i].Code == "placement.gradient-sync-over-wan" {
			f = &p.Findings[i]
		}
	}
	if f == nil || f.Severity != model.SeverityCritical {
		t.Fatalf("no critical gradient-sync finding: %v", codes(p.Findings))
	}
	for _, want := range []string{fmtBytes(2*n) + " per step", "189.4 Gbps"} {
		if !strings.Contains(f.Title, want) {
			t.Errorf("finding %q lacks %q", f.Title, want)
		}
	}
	if p.Findings[0].Severity != model.SeverityCritical {
		t.Errorf("critical finding not first")
	}
}

// TestPlacementProperties: adding a link never lengthens the WAN sync or
// the split step; more on-prem nodes never lengthen the on-prem run.
func TestPlacementProperties(t *testing.T) {
	cat := DefaultCatalog()
	s := dataSplit(t)
	prevWAN, prevStep := math.Inf(1), math.Inf(1)
	for extra := 0; extra < 3; extra++ {
		sc := s
		sc.Links = slices.Clone(s.Links)
		for i := 0; i < extra; i++ {
			l := s.Links[0]
			l.Name = l.Name + "-extra" + string(rune('a'+i))
			sc.Links = append(sc.Links, l)
		}
		sp := placementOf(t, Evaluate(sc, cat, Options{})).Options[2]
		if sp.WANSecondsPerStep > prevWAN+1e-12 || sp.StepTimeS > prevStep+1e-12 {
			t.Fatalf("%d extra links: WAN %.4f s (was %.4f), step %.4f s (was %.4f)", extra, sp.WANSecondsPerStep, prevWAN, sp.StepTimeS, prevStep)
		}
		prevWAN, prevStep = sp.WANSecondsPerStep, sp.StepTimeS
	}
	prevDays := math.Inf(1)
	for _, nodes := range []int{4, 8, 16, 32, 64} {
		sc := loadBurst(t)
		sc.Sites = slices.Clone(sc.Sites)
		sc.Sites[0].Clusters = slices.Clone(sc.Sites[0].Clusters)
		sc.Sites[0].Clusters[0].Nodes = nodes
		o := placementOf(t, Evaluate(sc, cat, Options{})).Options[1]
		if o.TimeToTrainDays > prevDays*(1+1e-9) {
			t.Fatalf("%d on-prem nodes take %.2f d, more than %.2f d with fewer", nodes, o.TimeToTrainDays, prevDays)
		}
		prevDays = o.TimeToTrainDays
	}
}

// TestOnPremValidation: clear errors for the new fields; the old
// sites[].gpus inventory still loads.
func TestOnPremValidation(t *testing.T) {
	base := "name: x\naws: {region: us-east-1, vpc_cidr: 10.0.0.0/16, availability_zones: [us-east-1a]}\n" +
		"clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2}\n"
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"gpus inventory still loads", base + "sites:\n  - {name: s, gpus: [{model: A100, count: 8}]}\n", nil},
		{"unknown node type", base + "sites:\n  - name: s\n    clusters: [{name: d, node: dgx-h10, nodes: 2}]\n",
			[]string{`sites[0].clusters[0].node: unknown on-prem node type "dgx-h10"; did you mean dgx-h100?`}},
		{"name shared with an AWS cluster", base + "sites:\n  - name: s\n    clusters: [{name: c, node: dgx-h100, nodes: 2}]\n",
			[]string{`sites[0].clusters[0].name: cluster name "c" used twice`}},
		{"cost basis incomplete", base + "sites:\n  - name: s\n    clusters: [{name: d, node: hgx-h100, nodes: 2, fabric_gbps_per_node: 3200, cost: {purchase_usd_per_node: 1, usd_per_kwh: 0.1, floor_usd_per_rack_month: 9, pue: 0.9}}]\n",
			[]string{"sites[0].clusters[0].cost.amortisation_months: give both", "sites[0].clusters[0].cost.nodes_per_rack: floor space is priced per rack",
				"sites[0].clusters[0].cost.power_kw_per_node: node type hgx-h100 has no published power draw", "sites[0].clusters[0].cost.pue: PUE is facility power over IT power"}},
		{"placement without on-prem cluster", base + "workloads:\n  training:\n    - {name: j, cluster: c, parameters_b: 7, tokens_b: 1, placement: split, split_by: stages}\n",
			[]string{"workloads.training[0].onprem_cluster: placement split needs an on-prem cluster", `workloads.training[0].split_by: unknown split "stages"`}},
		{"unknown on-prem cluster", base + "sites:\n  - name: s\n    clusters: [{name: dgx, node: dgx-h100, nodes: 2}]\nworkloads:\n  training:\n    - {name: j, cluster: c, parameters_b: 7, tokens_b: 1, onprem_cluster: dxg}\n",
			[]string{`workloads.training[0].onprem_cluster: unknown on-prem cluster "dxg"; did you mean dgx?`}},
		{"job on an on-prem cluster", base + "sites:\n  - name: s\n    clusters: [{name: dgx, node: dgx-h100, nodes: 2}]\nworkloads:\n  training:\n    - {name: j, cluster: dgx, parameters_b: 7, tokens_b: 1}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("x.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range Validate(doc, DefaultCatalog()) {
				if d.Severity == SeverityError {
					got = append(got, d.String())
				}
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
					t.Errorf("missing %q in %q", w, got)
				}
			}
			if len(tt.want) == 0 && len(got) > 0 {
				t.Errorf("unexpected errors %q", got)
			}
		})
	}
}

// TestPlacementOddInputsEncode: unvalidated on-prem and placement inputs
// (the TUI evaluates while the user types) never give a plan that cannot be
// encoded (no infinite or NaN figure).
func TestPlacementOddInputsEncode(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	cat := DefaultCatalog()
	base := loadBurst(t)
	pick := func(vs ...float64) float64 { return vs[r.IntN(len(vs))] }
	for range 300 {
		s := cloneForTest(base)
		oc := &s.Sites[0].Clusters[0]
		oc.Node = []string{"dgx-h100", "hgx-h100", "dgx-a100-320gb", "nope"}[r.IntN(4)]
		oc.Nodes = r.IntN(4)
		oc.FabricGbpsPerNode = pick(0, 1, 3200)
		oc.FabricEfficiency = pick(0, 1e-9, 1)
		oc.AcceleratorsPerNode = r.IntN(3)
		oc.StorageGBytesPerS = pick(0, 1e-9, 40)
		oc.Cost.AmortisationMonths = pick(0, 1e-9, 48)
		oc.Cost.NodesPerRack = r.IntN(2)
		j := &s.Workloads.Training[0]
		j.SplitBy = []string{"", model.SplitData, model.SplitPipeline, "bogus"}[r.IntN(4)]
		j.SplitOnPrem = r.IntN(10)
		j.Placement = []string{"", model.PlacementAWS, model.PlacementOnPrem, model.PlacementSplit}[r.IntN(4)]
		j.Cluster = []string{"burst", "dgx"}[r.IntN(2)]
		s.Links[0].SpeedGbps = pick(0, 0.05, 100)
		s.Links[0].RTTMs = pick(0, 1e6)
		p := Evaluate(s, cat, Options{})
		if _, err := json.Marshal(p); err != nil {
			for i, x := range []any{p.OnPrem, p.Placements, p.Training, p.Findings, p.Links, p.Storage} {
				if _, e := json.Marshal(x); e != nil {
					t.Logf("part %d: %v", i, e)
				}
			}
			t.Fatalf("plan does not encode: %v\non-prem %+v job split %s/%d link %+v", err, *oc, j.SplitBy, j.SplitOnPrem, s.Links[0])
		}
	}
}

func cloneForTest(s model.Scenario) model.Scenario {
	out := s
	out.Sites = slices.Clone(s.Sites)
	out.Sites[0].Clusters = slices.Clone(s.Sites[0].Clusters)
	out.Links = slices.Clone(s.Links)
	out.Workloads.Training = slices.Clone(s.Workloads.Training)
	return out
}
