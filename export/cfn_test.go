package export

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/tags"
	"github.com/charmbracelet/x/exp/golden"
	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
)

// TestCloudFormationGolden pins the template of every scenario. Regenerate
// with go test ./export -run TestCloudFormationGolden -update
func TestCloudFormationGolden(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			y, err := CloudFormation(loadInput(t, f))
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, y)
		})
	}
}

// parseTemplate parses an exported template back with goformation. Types
// goformation does not know (or knows without the properties we add: FSx
// EfaEnabled, VPC endpoint Tags) are taken out first and returned raw, since
// goformation's parser rejects them.
func parseTemplate(t *testing.T, y []byte) (*cloudformation.Template, map[string]map[string]any) {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatalf("template is not YAML: %v", err)
	}
	raw := map[string]map[string]any{}
	res, _ := doc["Resources"].(map[string]any)
	for id, r := range res {
		m := r.(map[string]any)
		typ, _ := m["Type"].(string)
		props, _ := m["Properties"].(map[string]any)
		lc, _ := props["LustreConfiguration"].(map[string]any)
		endpointTags := typ == "AWS::EC2::VPCEndpoint" && props["Tags"] != nil
		if customResourceTypes[typ] || lc["EfaEnabled"] != nil || endpointTags {
			raw[id] = m
			delete(res, id)
		}
	}
	j, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := goformation.ParseJSON(j)
	if err != nil {
		t.Fatalf("goformation cannot parse the template back: %v", err)
	}
	return tmpl, raw
}

// TestCloudFormationRoundTrip parses every exported template back with
// goformation and checks that every planned subnet is there with its CIDR
// and AZ, that nothing else is, and that compute sits in private subnets.
func TestCloudFormationRoundTrip(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			in := loadInput(t, f)
			y, err := CloudFormation(in)
			if err != nil {
				t.Fatal(err)
			}
			tmpl, _ := parseTemplate(t, y)
			subnets := tmpl.GetAllEC2SubnetResources()
			byCIDR := map[string]*ec2.Subnet{}
			for _, sn := range subnets {
				byCIDR[*sn.CidrBlock] = sn
			}
			planned := 0
			for _, sn := range in.Plan.Addressing.Subnets {
				if sn.Purpose == model.SubnetExisting {
					continue
				}
				planned++
				got, ok := byCIDR[sn.CIDR]
				if !ok {
					t.Errorf("subnet %s %s missing from the template", sn.Name, sn.CIDR)
					continue
				}
				if !hasTag(got.Tags, "Name", in.Scenario.Name+"-"+sn.Name) {
					t.Errorf("subnet %s: Name tag missing or wrong", sn.Name)
				}
				if got.MapPublicIpOnLaunch == nil || *got.MapPublicIpOnLaunch {
					t.Errorf("subnet %s maps public IPs on launch", sn.Name)
				}
			}
			if len(subnets) != planned {
				t.Errorf("template has %d subnets, the address plan %d", len(subnets), planned)
			}
			// Secure by default: no security group admits 0.0.0.0/0.
			for id, sg := range tmpl.GetAllEC2SecurityGroupResources() {
				for _, in := range sg.SecurityGroupIngress {
					if in.CidrIp != nil && *in.CidrIp == "0.0.0.0/0" {
						t.Errorf("%s admits 0.0.0.0/0", id)
					}
				}
			}
			for id, in := range tmpl.GetAllEC2SecurityGroupIngressResources() {
				if in.CidrIp != nil && *in.CidrIp == "0.0.0.0/0" {
					t.Errorf("%s admits 0.0.0.0/0", id)
				}
			}
			// Every VPC-level resource carries the scenario tag.
			for id, v := range tmpl.GetAllEC2VPCResources() {
				if !hasTag(v.Tags, TagScenario, in.Scenario.Name) {
					t.Errorf("%s lacks the %s tag", id, TagScenario)
				}
			}
		})
	}
}

func hasTag(ts []tags.Tag, key, value string) bool {
	for _, t := range ts {
		if t.Key == key && t.Value == value {
			return true
		}
	}
	return false
}

// TestCloudFormationEFA checks the EFA parts of the pre-training template:
// the launch template has one EFA interface per network card (32 on
// p5.48xlarge per the catalog), the security group's self rules, and the
// FSx figures (48 TiB → 48,000 GiB at 250 MB/s/TiB).
func TestCloudFormationEFA(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, _ := parseTemplate(t, y)
	lt, err := tmpl.GetEC2LaunchTemplateWithName("TrainLaunchTemplate")
	if err != nil {
		t.Fatal(err)
	}
	nis := lt.LaunchTemplateData.NetworkInterfaces
	want := in.Catalog.Instances["p5.48xlarge"].MaxEFAInterfaces
	if len(nis) != want {
		t.Fatalf("%d network interfaces, want %d (one EFA per card)", len(nis), want)
	}
	cards := map[int]bool{}
	for _, ni := range nis {
		if *ni.InterfaceType != "efa" {
			t.Errorf("card %d: interface type %s, want efa", *ni.NetworkCardIndex, *ni.InterfaceType)
		}
		cards[*ni.NetworkCardIndex] = true
	}
	if len(cards) != want || *nis[0].NetworkCardIndex != 0 || *nis[0].DeviceIndex != 0 {
		t.Errorf("interfaces must cover cards 0..%d once with the primary on card 0 device 0", want-1)
	}
	if lt.LaunchTemplateData.InstanceMarketOptions == nil || *lt.LaunchTemplateData.InstanceMarketOptions.MarketType != "capacity-block" {
		t.Error("capacity-block cluster without capacity-block market type")
	}
	// goformation resolves Fn::GetAtt to nothing when parsing, so the
	// self-reference is checked on the YAML itself.
	var doc struct {
		Resources map[string]struct {
			Type       string         `yaml:"Type"`
			Properties map[string]any `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatal(err)
	}
	self := map[string]any{"Fn::GetAtt": []any{"TrainSecurityGroup", "GroupId"}}
	for id, peer := range map[string]string{"TrainSecurityGroupIngressSelf": "SourceSecurityGroupId", "TrainSecurityGroupEgressSelf": "DestinationSecurityGroupId"} {
		r := doc.Resources[id]
		if r.Properties["IpProtocol"] != "-1" || !reflect.DeepEqual(r.Properties[peer], self) || !reflect.DeepEqual(r.Properties["GroupId"], self) {
			t.Errorf("%s is not an all-traffic rule of the group to itself: %v", id, r.Properties)
		}
	}
	fs, err := tmpl.GetFSxFileSystemWithName("FSxLustre")
	if err != nil {
		t.Fatal(err)
	}
	if *fs.StorageCapacity != 48000 || *fs.LustreConfiguration.PerUnitStorageThroughput != 250 || *fs.LustreConfiguration.DeploymentType != "PERSISTENT_2" {
		t.Errorf("FSx: %d GiB, %d MB/s/TiB, %s; want 48000, 250, PERSISTENT_2", *fs.StorageCapacity, *fs.LustreConfiguration.PerUnitStorageThroughput, *fs.LustreConfiguration.DeploymentType)
	}
}

// TestCloudFormationTypedResources checks the resources goformation lacks on
// the HyperPod scenario: AWS::SageMaker::Cluster and FSx EfaEnabled.
func TestCloudFormationTypedResources(t *testing.T) {
	in := loadInput(t, "testdata/scenarios/hyperpod-efa.yaml")
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	_, raw := parseTemplate(t, y)
	hp, ok := raw["HpHyperPodCluster"]
	if !ok || hp["Type"] != "AWS::SageMaker::Cluster" {
		t.Fatalf("no SageMaker HyperPod cluster: %v", raw)
	}
	groups := hp["Properties"].(map[string]any)["InstanceGroups"].([]any)
	if len(groups) != 2 {
		t.Fatalf("%d instance groups, want a controller and a worker group", len(groups))
	}
	ctl, g := groups[0].(map[string]any), groups[1].(map[string]any)
	if ctl["InstanceGroupName"] != HyperPodControllerGroup || ctl["InstanceCount"] != 1 {
		t.Errorf("controller group %v; want one %s", ctl, HyperPodControllerGroup)
	}
	if g["InstanceType"] != "ml.p5.48xlarge" || g["InstanceCount"] != 16 {
		t.Errorf("worker group %v; want 16 × ml.p5.48xlarge", g)
	}
	if _, ok := hp["Properties"].(map[string]any)["ClusterName"]; ok {
		t.Error("HyperPod cluster has a fixed ClusterName: a second stack would collide")
	}
	deps, _ := hp["DependsOn"].([]any)
	if !reflect.DeepEqual(deps, []any{"PrivateDefaultRoute1", "SubnetClusterHpUsEast1aRouteTable", "S3GatewayEndpoint"}) {
		t.Errorf("HyperPod DependsOn %v; want the NAT route, the subnet's route table and the S3 endpoint", deps)
	}
	fs, ok := raw["FSxLustre"]
	if !ok {
		t.Fatal("EFA-enabled FSx not emitted as the typed resource")
	}
	lc := fs["Properties"].(map[string]any)["LustreConfiguration"].(map[string]any)
	if lc["EfaEnabled"] != true || lc["PerUnitStorageThroughput"] != 1000 {
		t.Errorf("LustreConfiguration %v", lc)
	}
	// 9.6 TiB in FSx's convention is 9,600 GiB.
	if c := fs["Properties"].(map[string]any)["StorageCapacity"]; c != 9600 {
		t.Errorf("StorageCapacity %v, want 9600", c)
	}
}

// TestCloudFormationOutOfRegion checks that a cluster outside the home
// region is named in the Description and Outputs and not built.
func TestCloudFormationOutOfRegion(t *testing.T) {
	y, err := CloudFormation(loadInput(t, "../testdata/scenarios/inference-two-region.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, _ := parseTemplate(t, y)
	if !strings.Contains(tmpl.Description, "serve-west (us-west-2)") {
		t.Errorf("Description does not name serve-west: %q", tmpl.Description)
	}
	if _, ok := tmpl.Outputs["ClustersOutsideHomeRegion"]; !ok {
		t.Error("no ClustersOutsideHomeRegion output")
	}
	if strings.Contains(string(y), "ServeWestLaunchTemplate") {
		t.Error("serve-west was built in the home template")
	}
}

// TestCloudFormationRefuses checks the clear refusals: no address plan,
// subnets that do not fit, and an FSx capacity FSx would reject.
func TestCloudFormationRefuses(t *testing.T) {
	base := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	noAddr := base
	noAddr.Plan.Addressing = nil
	nofit := base
	a := *base.Plan.Addressing
	a.Fits, a.Error = false, "needs 70,000 addresses"
	nofit.Plan.Addressing = &a
	// The planner's message names the smallest VPC already; the export must
	// not repeat it (B19).
	named := base
	na := *base.Plan.Addressing
	na.Fits, na.SmallestFittingVPC = false, "10.64.0.0/19"
	na.Error = "needs 6,144 addresses; the smallest VPC CIDR that holds every subnet is a /19 (10.64.0.0/19)"
	named.Plan.Addressing = &na
	unnamed := base
	ua := *base.Plan.Addressing
	ua.Fits, ua.SmallestFittingVPC, ua.Error = false, "10.64.0.0/19", "needs 6,144 addresses"
	unnamed.Plan.Addressing = &ua
	badFSx := base
	f := *base.Scenario.Storage.FSxLustre
	f.CapacityTiB = 5
	badFSx.Scenario.Storage.FSxLustre = &f
	hp := loadInput(t, "testdata/scenarios/hyperpod-efa.yaml")
	efaOnly := hp
	efaOnly.Scenario.Clusters = append([]model.Cluster(nil), hp.Scenario.Clusters...)
	efaOnly.Scenario.Clusters[0].EFAInterfaceType = model.EFAOnly
	small := hp
	sa := *hp.Plan.Addressing
	sa.Subnets = append([]model.PlannedSubnet(nil), sa.Subnets...)
	for i := range sa.Subnets {
		if sa.Subnets[i].Purpose == model.SubnetCluster {
			sa.Subnets[i].UsableIPs = 27 // a /27, as the address plan gave for efa-only
		}
	}
	small.Plan.Addressing = &sa
	for _, tc := range []struct {
		name string
		in   Input
		want string
	}{
		{"HyperPod efa-only", efaOnly, "cannot request efa-only interfaces"},
		{"HyperPod subnet too small", small, "HyperPod needs 513 addresses"},
		{"no address plan", noAddr, "no address plan"},
		{"does not fit", nofit, "do not fit the VPC: needs 70,000 addresses"},
		{"smallest VPC named once", named, "do not fit the VPC: needs 6,144 addresses; the smallest VPC CIDR that holds every subnet is a /19 (10.64.0.0/19)"},
		{"smallest VPC added when not named", unnamed, "needs 6,144 addresses (smallest VPC that fits: 10.64.0.0/19)"},
		{"bad FSx capacity", badFSx, "5 TiB (5,000 GiB) is not one FSx accepts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CloudFormation(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
			if err != nil && strings.Count(err.Error(), "10.64.0.0/19") > 1 {
				t.Errorf("error %v names the smallest VPC twice", err)
			}
		})
	}
}

// TestFSxCapacityError works the FSx increments (FSx convention: 1.2 TiB =
// 1,200 GiB): SSD 1,200, 2,400, then multiples of 2,400 GiB; HDD 12 MB/s/TiB
// multiples of 6,000; EFA PERSISTENT_2 at 1000 MB/s/TiB multiples of 4,800.
func TestFSxCapacityError(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    model.FSxLustre
		ok   bool
	}{
		{"SSD 1.2 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_2", CapacityTiB: 1.2, ThroughputMBpsPerTiB: 125, StorageType: "SSD"}, true},
		{"SSD 2.4 TiB", model.FSxLustre{DeploymentType: "SCRATCH_2", CapacityTiB: 2.4, StorageType: "SSD"}, true},
		{"SSD 3.6 TiB (not a 2.4 multiple)", model.FSxLustre{DeploymentType: "SCRATCH_2", CapacityTiB: 3.6, StorageType: "SSD"}, false},
		{"SSD 48 TiB = 20 × 2.4", model.FSxLustre{DeploymentType: "PERSISTENT_2", CapacityTiB: 48, ThroughputMBpsPerTiB: 250, StorageType: "SSD"}, true},
		{"SSD 5 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_1", CapacityTiB: 5, ThroughputMBpsPerTiB: 50, StorageType: "SSD"}, false},
		{"HDD 12 at 6 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_1", CapacityTiB: 6, ThroughputMBpsPerTiB: 12, StorageType: "HDD"}, true},
		{"HDD 12 at 1.8 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_1", CapacityTiB: 1.8, ThroughputMBpsPerTiB: 12, StorageType: "HDD"}, false},
		{"HDD 40 at 3.6 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_1", CapacityTiB: 3.6, ThroughputMBpsPerTiB: 40, StorageType: "HDD"}, true},
		{"EFA 1000 at 4.8 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_2", CapacityTiB: 4.8, ThroughputMBpsPerTiB: 1000, StorageType: "SSD", EFAEnabled: true}, true},
		{"EFA 125 at 4.8 TiB", model.FSxLustre{DeploymentType: "PERSISTENT_2", CapacityTiB: 4.8, ThroughputMBpsPerTiB: 125, StorageType: "SSD", EFAEnabled: true}, false},
		{"fraction of a GiB", model.FSxLustre{DeploymentType: "SCRATCH_2", CapacityTiB: 1.2004, StorageType: "SSD"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := FSxCapacityError(tc.f)
			if (err == nil) != tc.ok {
				t.Errorf("FSxCapacityError = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestCFNLint runs cfn-lint (installed on development and CI machines) on
// every exported template: no errors and no warnings. A template may carry
// one exception, a cfn-lint ignore of E3034 on an FSx for Lustre file system
// above 65,536 GiB (a false positive of cfn-lint before PR #4708); the test
// lints that template again without the ignore and fails unless E3034 on
// that StorageCapacity is the only match, so the ignore hides nothing else.
// Skipped where cfn-lint is not installed; .ci/export-check.sh runs it
// unconditionally.
func TestCFNLint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: cfn-lint takes tens of seconds; .ci/export-check.sh lints every template the same way")
	}
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint not installed")
	}
	// cfn-lint is a Python process that spends seconds loading its schemas:
	// the templates, with and without their ignores, go to one run, in
	// parallel with the package's other tests.
	t.Parallel()
	dir := t.TempDir()
	var paths []string
	stripped := map[string]bool{}
	for _, f := range scenarioFiles(t) {
		y, err := CloudFormation(loadInput(t, f))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, scenarioName(f)+".yaml")
		if err := os.WriteFile(p, y, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		if n, ok := withoutLintIgnore(t, y); ok {
			sp := filepath.Join(dir, scenarioName(f)+".no-ignore.yaml")
			if err := os.WriteFile(sp, n, 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, sp)
			stripped[sp] = true
		}
	}
	if len(stripped) == 0 {
		t.Error("no scenario exercises a file system above 65,536 GiB")
	}
	// parseable: one "FILE:LINE:COL:...:RULE:MESSAGE" line per match.
	out, _ := exec.Command(lint, append([]string{"-f", "parseable"}, paths...)...).CombinedOutput()
	e3034 := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l == "" {
			continue
		}
		file := ""
		for _, p := range paths {
			if strings.HasPrefix(l, p+":") {
				file = p
			}
		}
		switch {
		case stripped[file] && strings.Contains(l, ":E3034:") && strings.Contains(l, "greater than the maximum of 65536"):
			e3034[file]++
		case stripped[file]:
			t.Errorf("%s: cfn-lint finds more than the FSx E3034 false positive under the ignore: %s", filepath.Base(file), l)
		default:
			t.Errorf("cfn-lint: %s", l)
		}
	}
	for sp := range stripped {
		if e3034[sp] != 1 {
			t.Errorf("%s: want exactly one E3034 match, got %d", filepath.Base(sp), e3034[sp])
		}
	}
}

// withoutLintIgnore returns a template without its cfn-lint ignores and
// whether it had any; every ignore must be E3034 on an FSx file system.
func withoutLintIgnore(t *testing.T, y []byte) ([]byte, bool) {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for id, r := range doc["Resources"].(map[string]any) {
		m := r.(map[string]any)
		meta, ok := m["Metadata"].(map[string]any)
		if !ok || meta["cfn-lint"] == nil {
			continue
		}
		ignores := meta["cfn-lint"].(map[string]any)["config"].(map[string]any)["ignore_checks"]
		if m["Type"] != "AWS::FSx::FileSystem" || !reflect.DeepEqual(ignores, []any{"E3034"}) {
			t.Errorf("%s ignores %v: only E3034 on an FSx file system is allowed", id, ignores)
		}
		delete(m, "Metadata")
		found = true
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out, found
}

// TestCloudFormationSecondaryCIDR: a subnet the address plan put in a
// secondary CIDR is created after that CIDR is associated with the VPC.
func TestCloudFormationSecondaryCIDR(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/finetune-vpn.yaml")
	a := *in.Plan.Addressing
	a.VPCCIDRs = append(append([]string(nil), a.VPCCIDRs...), "100.64.0.0/20")
	a.Subnets = append(append([]model.PlannedSubnet(nil), a.Subnets...),
		model.PlannedSubnet{Name: "extra-us-west-2a", Purpose: model.SubnetPrivate, AZ: "us-west-2a", CIDR: "100.64.0.0/24", UsableIPs: 251},
		model.PlannedSubnet{Name: "imported", Purpose: model.SubnetExisting, AZ: "us-west-2a", CIDR: "10.20.15.0/24"})
	in.Plan.Addressing = &a
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Resources map[string]struct {
			Type       string         `yaml:"Type"`
			Properties map[string]any `yaml:"Properties"`
			DependsOn  []string       `yaml:"DependsOn"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatal(err)
	}
	sec, ok := doc.Resources["VPCSecondaryCidr1"]
	if !ok || sec.Properties["CidrBlock"] != "100.64.0.0/20" {
		t.Fatalf("secondary CIDR block missing: %+v", sec)
	}
	sn := doc.Resources["SubnetExtraUsWest2a"]
	if sn.Properties["CidrBlock"] != "100.64.0.0/24" || !reflect.DeepEqual(sn.DependsOn, []string{"VPCSecondaryCidr1"}) {
		t.Errorf("subnet in the secondary CIDR: %+v", sn)
	}
	if _, ok := doc.Resources["SubnetImported"]; ok {
		t.Error("an existing subnet was created again")
	}
}
