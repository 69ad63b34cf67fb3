package export

import (
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// cfnDoc is an exported template read back as plain YAML (goformation's
// parser drops intrinsic functions, which these checks look at).
type cfnDoc struct {
	Metadata   map[string]any `yaml:"Metadata"`
	Parameters map[string]any `yaml:"Parameters"`
	Resources  map[string]struct {
		Type       string         `yaml:"Type"`
		Properties map[string]any `yaml:"Properties"`
		DependsOn  []string       `yaml:"DependsOn"`
		Metadata   map[string]any `yaml:"Metadata"`
	} `yaml:"Resources"`
	Outputs map[string]struct {
		Value  any            `yaml:"Value"`
		Export map[string]any `yaml:"Export"`
	} `yaml:"Outputs"`
}

func readCFN(t *testing.T, file string) (Input, cfnDoc) {
	t.Helper()
	in := loadInput(t, file)
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	var doc cfnDoc
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatal(err)
	}
	return in, doc
}

func (d cfnDoc) ofType(typ string) []string {
	var ids []string
	for id, r := range d.Resources {
		if r.Type == typ {
			ids = append(ids, id)
		}
	}
	return ids
}

func getAtt(id, attr string) map[string]any {
	return map[string]any{"Fn::GetAtt": []any{id, attr}}
}

// TestCloudFormationSecureByDefault checks every scenario's template for the
// review's secure-by-default properties: no ingress from 0.0.0.0/0; a
// cluster's security group admits no CIDR at all, only itself (EFA), the
// FSx group and its EKS control plane; flow logs on with a retention; every
// EC2 launch template with an encrypted root volume and, outside EKS, an
// instance profile; no fixed physical names; resource-ID outputs exported;
// every parameter in exactly one AWS::CloudFormation::Interface group; VPC
// endpoints tagged; customer gateway ASNs parameters.
func TestCloudFormationSecureByDefault(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			in, doc := readCFN(t, f)
			clusterSGs := map[string]bool{}
			for _, c := range in.homeClusters() {
				clusterSGs[logicalID(c.Name)+"SecurityGroup"] = true
			}
			for id, r := range doc.Resources {
				switch r.Type {
				case "AWS::EC2::SecurityGroup":
					rules, _ := r.Properties["SecurityGroupIngress"].([]any)
					for _, x := range rules {
						cidr := x.(map[string]any)["CidrIp"]
						if cidr == "0.0.0.0/0" {
							t.Errorf("%s admits 0.0.0.0/0", id)
						}
						if clusterSGs[id] {
							t.Errorf("cluster group %s admits a CIDR (%v)", id, cidr)
						}
					}
				case "AWS::EC2::SecurityGroupIngress":
					if r.Properties["CidrIp"] == "0.0.0.0/0" {
						t.Errorf("%s admits 0.0.0.0/0", id)
					}
					g, _ := r.Properties["GroupId"].(map[string]any)["Fn::GetAtt"].([]any)
					if len(g) == 0 || !clusterSGs[g[0].(string)] {
						continue
					}
					if r.Properties["CidrIp"] != nil {
						t.Errorf("%s: a cluster group admits a CIDR", id)
					}
					src, _ := r.Properties["SourceSecurityGroupId"].(map[string]any)["Fn::GetAtt"].([]any)
					if len(src) == 0 {
						t.Errorf("%s: cluster ingress without a source group", id)
						continue
					}
					s := src[0].(string)
					if s != g[0] && s != "FSxSecurityGroup" && !strings.HasSuffix(s, "EksControlPlaneSecurityGroup") {
						t.Errorf("%s: cluster group %s admits %s (only itself, FSx and its EKS control plane)", id, g[0], s)
					}
				case "AWS::EC2::Subnet":
					if r.Properties["MapPublicIpOnLaunch"] != false {
						t.Errorf("%s maps public IPs", id)
					}
				case "AWS::EC2::LaunchTemplate":
					if r.Properties["LaunchTemplateName"] != nil {
						t.Errorf("%s has a fixed LaunchTemplateName", id)
					}
					data := r.Properties["LaunchTemplateData"].(map[string]any)
					bdm, _ := data["BlockDeviceMappings"].([]any)
					if len(bdm) != 1 || bdm[0].(map[string]any)["Ebs"].(map[string]any)["Encrypted"] != true {
						t.Errorf("%s: root volume missing or not encrypted: %v", id, bdm)
					}
					if data["ImageId"] != nil && !reflect.DeepEqual(data["IamInstanceProfile"], map[string]any{"Arn": getAtt("NodeInstanceProfile", "Arn")}) {
						t.Errorf("%s: no instance profile", id)
					}
					if md := data["MetadataOptions"].(map[string]any); md["HttpTokens"] != "required" {
						t.Errorf("%s: IMDSv2 not required", id)
					}
				case "AWS::EC2::VPCEndpoint":
					if tagValue(r.Properties, TagScenario) != cfnTagValue(in.Scenario.Name) {
						t.Errorf("%s lacks the %s tag", id, TagScenario)
					}
				case "AWS::EC2::CustomerGateway":
					if ref, ok := r.Properties["BgpAsn"].(map[string]any); !ok || doc.Parameters[ref["Ref"].(string)] == nil {
						t.Errorf("%s: BgpAsn %v is not a parameter", id, r.Properties["BgpAsn"])
					}
				case "AWS::IAM::Role":
					if r.Properties["RoleName"] != nil {
						t.Errorf("%s has a fixed RoleName", id)
					}
				case "AWS::SageMaker::Cluster":
					if r.Properties["ClusterName"] != nil {
						t.Errorf("%s has a fixed ClusterName", id)
					}
				}
			}
			if len(doc.ofType("AWS::EC2::FlowLog")) != 1 {
				t.Error("no VPC flow log")
			}
			if lg := doc.Resources["FlowLogGroup"]; lg.Properties["RetentionInDays"] != FlowLogRetentionDays {
				t.Errorf("flow-log group retention %v", lg.Properties["RetentionInDays"])
			}
			for _, id := range []string{"VpcId", "FSxLustreId", "VirtualPrivateGatewayId"} {
				if o, ok := doc.Outputs[id]; ok && o.Export == nil {
					t.Errorf("output %s is not exported", id)
				}
			}
			seen := map[string]int{}
			if len(doc.Parameters) > 0 {
				groups := doc.Metadata["AWS::CloudFormation::Interface"].(map[string]any)["ParameterGroups"].([]any)
				for _, g := range groups {
					for _, p := range g.(map[string]any)["Parameters"].([]any) {
						seen[p.(string)]++
					}
				}
			}
			for p := range doc.Parameters {
				if seen[p] != 1 {
					t.Errorf("parameter %s is in %d interface groups, want 1", p, seen[p])
				}
			}
		})
	}
}

// TestCloudFormationHybridDataPath checks the pre-training estate's data
// path: a Direct Connect gateway associated with the virtual private
// gateway, the VIF as an output, an S3 interface endpoint whose group admits
// HTTPS from the VPC and the site's CIDRs only, static routes for the site
// CIDRs, and the FSx data repository association with the bucket parameter.
func TestCloudFormationHybridDataPath(t *testing.T) {
	in, doc := readCFN(t, "../testdata/scenarios/llm-pretraining.yaml")
	assoc := doc.Resources["DirectConnectGatewayAssociation"]
	if assoc.Type == "" || !reflect.DeepEqual(assoc.Properties["AssociatedGatewayId"], map[string]any{"Ref": "VirtualPrivateGateway"}) {
		t.Fatalf("no Direct Connect gateway association with the VGW: %+v", assoc)
	}
	if _, ok := doc.Outputs["DxFraPrivateVirtualInterface"]; !ok {
		t.Error("no private VIF output for dx-fra")
	}
	sg := doc.Resources["S3InterfaceEndpointSecurityGroup"]
	var cidrs []any
	for _, r := range sg.Properties["SecurityGroupIngress"].([]any) {
		m := r.(map[string]any)
		if m["FromPort"] != 443 || m["ToPort"] != 443 {
			t.Errorf("S3 endpoint rule on ports %v-%v", m["FromPort"], m["ToPort"])
		}
		cidrs = append(cidrs, m["CidrIp"])
	}
	want := []any{getAtt("VPC", "CidrBlock"), "10.0.0.0/14", "172.16.0.0/16"}
	if !reflect.DeepEqual(cidrs, want) {
		t.Errorf("S3 interface endpoint admits %v, want %v", cidrs, want)
	}
	routes := 0
	for _, id := range doc.ofType("AWS::EC2::Route") {
		r := doc.Resources[id]
		if reflect.DeepEqual(r.Properties["GatewayId"], map[string]any{"Ref": "VirtualPrivateGateway"}) {
			routes++
		}
	}
	if want := len(in.Scenario.AWS.AvailabilityZones) * 2; routes != want {
		t.Errorf("%d routes to the site CIDRs, want %d (2 CIDRs × private route tables)", routes, want)
	}
	dra := doc.Resources["FSxDataRepositoryAssociation"]
	if dra.Type != "AWS::FSx::DataRepositoryAssociation" || !reflect.DeepEqual(dra.Properties["DataRepositoryPath"], map[string]any{"Fn::Sub": "s3://${DataBucketName}"}) {
		t.Errorf("data repository association %+v", dra)
	}
	lc := doc.Resources["FSxLustre"].Properties["LustreConfiguration"].(map[string]any)
	if lc["AutomaticBackupRetentionDays"] != FSxBackupRetentionDays {
		t.Errorf("PERSISTENT_2 without automatic backups: %v", lc)
	}
	// Egress for the plan's 20 TB/month back to the site.
	egress := doc.Resources["TrainSecurityGroup"].Properties["SecurityGroupEgress"].([]any)
	found := false
	for _, e := range egress {
		if e.(map[string]any)["CidrIp"] == "10.0.0.0/14" {
			found = true
		}
	}
	if !found {
		t.Error("no egress to the site the plan sends data to")
	}
}

// TestCloudFormationEKSCapacityBlock checks an EKS node group on a capacity
// block: CAPACITY_BLOCK, starting at 0 nodes, created after the NAT route
// and S3 endpoint, in a cluster with logs, secrets encryption, a pinned
// version and an API reachable from the linked site; and the HyperPod
// cluster beside it with a controller group.
func TestCloudFormationEKSCapacityBlock(t *testing.T) {
	_, doc := readCFN(t, "../testdata/scenarios/hyperpod-eks-capacity-block.yaml")
	ng := doc.Resources["PretrainEksEksNodegroup"]
	if ng.Properties["CapacityType"] != "CAPACITY_BLOCK" {
		t.Errorf("CapacityType %v", ng.Properties["CapacityType"])
	}
	sc := ng.Properties["ScalingConfig"].(map[string]any)
	if sc["MinSize"] != 0 || sc["DesiredSize"] != 0 || sc["MaxSize"] != 32 {
		t.Errorf("scaling %v, want 0/0/32", sc)
	}
	for _, dep := range []string{"PrivateDefaultRoute1", "S3GatewayEndpoint"} {
		if !contains(ng.DependsOn, dep) {
			t.Errorf("node group does not depend on %s: %v", dep, ng.DependsOn)
		}
	}
	cl := doc.Resources["PretrainEksEksCluster"].Properties
	if cl["EncryptionConfig"] == nil || cl["Logging"] == nil || cl["Version"] == nil {
		t.Errorf("EKS cluster without secrets encryption, logging or version: %v", cl)
	}
	cp := doc.Resources["PretrainEksEksControlPlaneSecurityGroup"].Properties["SecurityGroupIngress"].([]any)
	site := false
	for _, r := range cp {
		if r.(map[string]any)["CidrIp"] == "10.200.0.0/16" {
			site = true
		}
	}
	if !site {
		t.Error("the private API admits nothing from the linked site")
	}
	hp := doc.Resources["SftHpHyperPodCluster"].Properties["InstanceGroups"].([]any)
	if len(hp) != 2 {
		t.Errorf("HyperPod has %d instance groups, want controller + workers", len(hp))
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestCloudFormationNamesAreData: a scenario name full of YAML and
// intrinsic-function syntax stays data: the template parses, the name comes
// back verbatim in the tags, and no Fn::Sub string carries it (where ${...}
// would be substituted).
func TestCloudFormationNamesAreData(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	weird := `x"y' ${AWS::Region} !Ref z: [a] #c`
	in.Scenario.Name = weird
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	var doc cfnDoc
	if err := yaml.Unmarshal(y, &doc); err != nil {
		t.Fatalf("template with a strange name is not YAML: %v", err)
	}
	// Tags carry the name fitted to AWS's tag-value pattern (cfnTagValue:
	// cfn-lint E3031 otherwise), as data: quotes, ${...} and !Ref become '-'.
	if got := tagValue(doc.Resources["VPC"].Properties, TagScenario); got != cfnTagValue(weird) {
		t.Errorf("scenario tag %q, want %q", got, cfnTagValue(weird))
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); k == "Fn::Sub" && ok && strings.Contains(s, "!Ref z") {
					t.Errorf("a scenario name reached Fn::Sub: %q", s)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, r := range doc.Resources {
		walk(r.Properties)
	}
}
