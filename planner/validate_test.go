package planner

import (
	"strconv"
	"strings"
	"testing"
)

const validBase = `name: t
aws:
  region: us-east-1
  vpc_cidr: 10.0.0.0/16
  availability_zones: [us-east-1a, us-east-1b]
`

func validate(t *testing.T, src string) Diagnostics {
	t.Helper()
	doc, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return Validate(doc, DefaultCatalog())
}

// requireDiagnostics validates src and requires every wanted text among
// its diagnostics, or no error at all when want is nil.
func requireDiagnostics(t *testing.T, src string, want []string) {
	t.Helper()
	d := validate(t, src)
	got := d.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if want == nil && d.HasErrors() {
		t.Errorf("want no errors, got:\n%s", got)
	}
}

// TestValidateOfferings covers every offering rule: an option AWS does not
// sell in the Region is an error naming what is sold where, with no
// fallback; Capacity Block size rules; DX location rules.
func TestValidateOfferings(t *testing.T) {
	cluster := func(it, region, option string, nodes int) string {
		s := validBase + "clusters:\n  - {name: c, instance_type: " + it + ", nodes: " + strconv.Itoa(nodes)
		if region != "" {
			s += ", region: " + region
		}
		if option != "" {
			s += ", purchase: {option: " + option + "}"
		}
		return s + "}\n"
	}
	tests := []struct {
		name string
		src  string
		want []string // substrings that must appear ("" entries: the scenario must be clean)
	}{
		{"on-demand where sold", cluster("p5.48xlarge", "", "on-demand", 8), nil},
		{"default option is on-demand and must be sold", cluster("trn2.48xlarge", "", "", 8),
			[]string{"clusters[0].instance_type: trn2.48xlarge is not sold on-demand in us-east-1: trn2.48xlarge is sold only as a Capacity Block, in us-east-2"}},
		{"trn2 capacity block outside us-east-2", cluster("trn2.48xlarge", "", "capacity-block", 8),
			[]string{"clusters[0].purchase.option: trn2.48xlarge is not sold as a Capacity Block in us-east-1: trn2.48xlarge is sold only as a Capacity Block, in us-east-2"}},
		{"trn2 capacity block in us-east-2", cluster("trn2.48xlarge", "us-east-2", "capacity-block", 8), nil},
		{"p5e has no on-demand anywhere", cluster("p5e.48xlarge", "us-west-2", "on-demand", 8),
			[]string{"p5e.48xlarge is not sold on-demand in us-west-2: p5e.48xlarge is sold only as a Capacity Block, in ap-northeast-1, eu-north-1, eu-west-2, us-east-2, us-west-2; in us-west-2 choose purchase.option capacity-block"}},
		{"savings plan needs on-demand", cluster("p5e.48xlarge", "us-west-2", "savings-plan", 8),
			[]string{"p5e.48xlarge is not sold under a Savings Plan in us-west-2"}},
		{"capacity reservation needs on-demand", cluster("trn2.48xlarge", "us-east-2", "capacity-reservation", 8),
			[]string{"trn2.48xlarge is not sold as a capacity reservation in us-east-2"}},
		{"p5e capacity block not in us-east-1", cluster("p5e.48xlarge", "", "capacity-block", 8),
			[]string{"p5e.48xlarge is not sold as a Capacity Block in us-east-1"}},
		{"p4d capacity block sold in us-east-1", cluster("p4d.24xlarge", "", "capacity-block", 32), nil},
		{"p5 in Tokyo, both options", cluster("p5.48xlarge", "ap-northeast-1", "capacity-block", 16), nil},
		{"mixed offering message", cluster("p4de.24xlarge", "us-east-2", "on-demand", 8),
			[]string{"p4de.24xlarge is not sold on-demand in us-east-2: p4de.24xlarge is sold on-demand in ap-northeast-1, us-east-1, us-west-2; as a Capacity Block in us-east-1, us-west-2"}},
		{"p5 on-demand in us-east-2", cluster("p5.48xlarge", "us-east-2", "on-demand", 8), nil},
		{"more than one block's worth of instances", cluster("p5.48xlarge", "", "capacity-block", 128),
			[]string{"clusters[0].nodes: a Capacity Block holds at most 64 instances: 128 nodes need 2 blocks"}},
		{"above the account's Capacity Block total", cluster("p5.48xlarge", "", "capacity-block", 300),
			[]string{"clusters[0].nodes: 300 nodes exceeds the 256 instances"}},
		// UltraServers: p6e-gb200 is sold only as u-p6e-gb200x36/x72
		// Capacity Blocks (9 and 18 instances of 4 GPUs) in the Dallas Local
		// Zone of us-east-1 (AWS's Capacity Blocks page, 2026-07-22 scrape).
		{"p6e-gb200 whole UltraServers", cluster("p6e-gb200.36xlarge", "", "capacity-block", 18), nil},
		{"p6e-gb200 part of an UltraServer", cluster("p6e-gb200.36xlarge", "", "capacity-block", 8),
			[]string{"clusters[0].nodes: p6e-gb200.36xlarge is bought as u-p6e-gb200x36 UltraServers of 9 instances: use a multiple of 9 nodes"}},
		{"p6e-gb200 is not sold on-demand", cluster("p6e-gb200.36xlarge", "", "on-demand", 9),
			[]string{"p6e-gb200.36xlarge is not sold on-demand in us-east-1: p6e-gb200.36xlarge is sold only as a Capacity Block, in us-east-1 (Local Zone us-east-1-dfw-2a)"}},
		// trn2u.48xlarge has sourced specs and no sourced price: it is unpriced,
		// never priced at trn2.48xlarge's rate.
		{"trn2u has no priced offering", cluster("trn2u.48xlarge", "us-east-2", "capacity-block", 4),
			[]string{"trn2u.48xlarge is not sold as a Capacity Block in us-east-2: trn2u.48xlarge has no priced offering in the catalog"}},
		{"DX location in another case is found", validBase + "sites: [{name: dc}]\nlinks:\n  - {name: dx, site: dc, type: dx-dedicated, speed_gbps: 10, location: EqDC2}\n", nil},
		{"DX 400G not sold at a Tokyo location", strings.NewReplacer("us-east-1a", "ap-northeast-1a", "us-east-1b", "ap-northeast-1c", "region: us-east-1", "region: ap-northeast-1").Replace(validBase) +
			"sites: [{name: dc}]\nlinks:\n  - {name: dx, site: dc, type: dx-dedicated, speed_gbps: 400, location: EQTY2}\n",
			[]string{"links[0].speed_gbps: EQTY2 (Equinix TY2 - Tokyo, Tokyo, JP) sells dedicated ports of 1, 10, 100 Gbps, not 400 Gbps"}},
		{"unknown DX location", validBase + "sites: [{name: dc}]\nlinks:\n  - {name: dx, site: dc, type: dx-dedicated, speed_gbps: 10, location: EQTY3}\n",
			[]string{`links[0].location: Direct Connect location "EQTY3" is not in the catalog`, "did you mean EQTY2?"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { requireDiagnostics(t, tt.src, tt.want) })
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // substrings of "path: message", each must appear
	}{
		{"valid minimal", validBase, nil},
		{"missing region and VPC", "name: t\naws: {availability_zones: [x]}\n",
			[]string{"aws.region: the home region is required", "aws.vpc_cidr: the VPC CIDR is required"}},
		{"VPC too large and host bits", strings.Replace(validBase, "10.0.0.0/16", "10.0.0.0/8", 1) + "  secondary_cidrs: [10.1.2.3/24]\n",
			[]string{"aws.vpc_cidr: CIDR \"10.0.0.0/8\": prefix length must be between /16 and /28",
				"aws.secondary_cidrs[0]: CIDR \"10.1.2.3/24\" has host bits set; did you mean 10.1.2.0/24?"}},
		{"AZ in another region", strings.Replace(validBase, "us-east-1b", "us-west-2a", 1),
			[]string{`aws.availability_zones[1]: availability zone "us-west-2a" is not in region us-east-1`}},
		{"unknown region with suggestion", strings.Replace(validBase, "region: us-east-1", "region: us-east-7", 1),
			[]string{`aws.region: unknown region (no prices in the catalog for it) "us-east-7"; did you mean`}},
		{"EFA cluster over two AZs", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 8, azs: [us-east-1a, us-east-1b]}\n",
			[]string{"clusters[0].azs: an EFA cluster must sit in one availability zone"}},
		{"non-EFA cluster over two AZs is fine", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 8, efa: false, azs: [us-east-1a, us-east-1b]}\n", nil},
		{"bad enums", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2, orchestrator: k8s, purchase: {option: spot}}\n",
			[]string{`clusters[0].orchestrator: unknown orchestrator "k8s"`, `clusters[0].purchase.option: unknown purchase option "spot"`}},
		{"discount above 100%", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2, purchase: {discount_pct: 120}}\n",
			[]string{"clusters[0].purchase.discount_pct: a discount above 100% is impossible"}},
		{"hosted DX speed", validBase + "sites: [{name: s}]\nlinks:\n  - {name: l, site: s, type: dx-hosted, speed_gbps: 100}\n",
			[]string{"links[0].speed_gbps: hosted Direct Connect connections are"}},
		{"large VPN tunnels without TGW", validBase + "sites: [{name: s}]\nlinks:\n  - {name: l, site: s, type: vpn, large_tunnels: true}\n",
			[]string{"links[0].large_tunnels: large-bandwidth (5 Gbps) VPN tunnels need a Transit Gateway"}},
		{"FSx HDD on PERSISTENT_2", validBase + "storage:\n  fsx_lustre: {deployment_type: PERSISTENT_2, capacity_tib: 4.8, storage_type: HDD}\n",
			[]string{"storage.fsx_lustre.storage_type: HDD storage exists only for PERSISTENT_1"}},
		{"training references", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2}\nworkloads:\n  training:\n    - {name: j, cluster: cc, parameters_b: 0, tokens_b: 1, dataset: nope}\n",
			[]string{`workloads.training[0].cluster: unknown cluster "cc"; did you mean c?`, "workloads.training[0].parameters_b: model size must be above zero", `workloads.training[0].dataset: unknown data set "nope"`}},
		{"training model fields", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2}\nworkloads:\n  training:\n    - {name: j, cluster: c, tokens_b: 1, model: llama3-70, recompute: some, zero_stage: 4, expert_parallel: 4}\n",
			[]string{`workloads.training[0].model: unknown model preset "llama3-70"; did you mean llama3-70b?`,
				`workloads.training[0].recompute: unknown recomputation "some"`,
				"workloads.training[0].zero_stage: ZeRO stage is 0, 1, 2 or 3",
				"workloads.training[0].expert_parallel: expert parallelism of 4 needs a mixture-of-experts model",
				"workloads.training[0].parameters_b: model size must be above zero"}},
		{"training shape", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2}\nworkloads:\n  training:\n    - {name: j, cluster: c, tokens_b: 1, layers: 8, hidden: 1000, heads: 16, kv_heads: 5, experts: 4, experts_per_token: 8}\n",
			[]string{"workloads.training[0].heads: 16 heads do not divide the hidden size 1000",
				"workloads.training[0].kv_heads: 5 key/value heads do not divide the 16 attention heads",
				"workloads.training[0].experts_per_token: each token cannot visit 8 of 4 experts"}},
		{"parallel degrees exceed accelerators", validBase + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2}\nworkloads:\n  training:\n    - {name: j, cluster: c, parameters_b: 7, tokens_b: 1, tensor_parallel: 8, pipeline_parallel: 4}\n",
			[]string{"workloads.training[0].tensor_parallel: tensor × pipeline = 32 exceeds the cluster's 16 accelerators"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := validate(t, tt.src)
			got := ds.Errors().Error()
			if tt.want == nil && ds.HasErrors() {
				t.Fatalf("want no errors, got:\n%s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
		})
	}
}

func TestValidateEFAOnTypeWithoutEFA(t *testing.T) {
	cat := DefaultCatalog()
	var noEFA string
	for _, name := range InstanceTypes(cat) {
		if !cat.Instances[name].EFA {
			noEFA = name
			break
		}
	}
	if noEFA == "" {
		t.Skip("every catalog instance type supports EFA")
	}
	ds := validate(t, validBase+"clusters:\n  - {name: c, instance_type: "+noEFA+", nodes: 2, efa: true}\n")
	if want := noEFA + " does not support EFA"; !strings.Contains(ds.Error(), want) {
		t.Errorf("missing %q in %s", want, ds)
	}
}

func TestValidateReportsLineOfEachProblem(t *testing.T) {
	ds := validate(t, validBase+"clusters:\n  - name: c\n    instance_type: p5.48xl\n    nodes: 0\n")
	got := ds.Error()
	for _, want := range []string{
		`t.yaml:8:20: clusters[0].instance_type: unknown instance type "p5.48xl"; did you mean p5.48xlarge?`,
		`t.yaml:9:12: clusters[0].nodes: a cluster needs at least one node`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestShippedScenariosAreValid(t *testing.T) {
	for _, name := range []string{"llm-pretraining", "finetune-vpn", "inference-two-region"} {
		doc, err := LoadFile("../testdata/scenarios/" + name + ".yaml")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ds := Validate(doc, DefaultCatalog()); ds.HasErrors() {
			t.Errorf("%s:\n%s", name, ds)
		}
	}
}

// TestPlacementLimitIsAWarning is the new-user trial's B18: the catalog's
// placement_group_max_nodes is an estimate "for warnings only" (AWS
// publishes no maximum), so more nodes is a warning, not an error.
func TestPlacementLimitIsAWarning(t *testing.T) {
	ds := validate(t, validBase+"clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 1024}\n")
	if ds.HasErrors() {
		t.Fatalf("1024 nodes must stay valid, got errors:\n%s", ds.Errors().Error())
	}
	found := false
	for _, w := range ds.Warnings() {
		found = found || strings.Contains(w.String(), "clusters[0].nodes: 1024 nodes exceeds the placement-group sanity limit of 512")
	}
	if !found {
		t.Errorf("no placement-group warning in %v", ds.Warnings())
	}
}

// TestWithoutIndexes: list indexes leave a field path; other brackets stay.
func TestWithoutIndexes(t *testing.T) {
	for in, want := range map[string]string{
		"clusters[2].nodes":              "clusters.nodes",
		"workloads.training[0].tokens_b": "workloads.training.tokens_b",
		"sites[10].links[3].speed_gbps":  "sites.links.speed_gbps",
		"aws.region":                     "aws.region",
		"clusters[train].nodes":          "clusters[train].nodes",
		"a[]b":                           "a[]b",
		"a[1":                            "a[1",
		"[0]":                            "",
		"x[0][1]":                        "x",
	} {
		if got := withoutIndexes(in); got != want {
			t.Errorf("withoutIndexes(%q) = %q, want %q", in, got, want)
		}
	}
}
