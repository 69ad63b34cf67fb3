package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// validInput loads finetune-vpn, applies edit and requires it to validate.
func validInput(t *testing.T, edit func(*model.Scenario)) Input {
	t.Helper()
	doc, err := planner.LoadFile("../testdata/scenarios/finetune-vpn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Scenario
	edit(&s)
	cat := planner.DefaultCatalog()
	if ds := planner.ValidateScenario("s.yaml", s, cat); ds.HasErrors() {
		t.Fatalf("edited scenario does not validate: %v", ds.Errors())
	}
	return inputFor(s, cat)
}

// TestF9EndpointNamesNeverSubstituted is the review's F9 (Fn::Sub
// injection): endpoint services reach Fn::Sub only as validated AWS service
// suffixes, and a "custom:" service is written as its literal name.
func TestF9EndpointNamesNeverSubstituted(t *testing.T) {
	in := validInput(t, func(s *model.Scenario) {
		s.AWS.InterfaceEndpoints = []string{"ecr.api", "custom:com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0"}
		s.Name = "My Estate (Tokyo) 東京"
	})
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, raw := parseTemplate(t, y)
	_ = tmpl
	found := 0
	for id, r := range raw {
		props, _ := r["Properties"].(map[string]any)
		if r["Type"] != "AWS::EC2::VPCEndpoint" {
			continue
		}
		switch sn := props["ServiceName"].(type) {
		case string:
			if sn != "com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0" {
				t.Errorf("%s: literal service name %q", id, sn)
			}
			found++
		case map[string]any:
			sub, _ := sn["Fn::Sub"].(string)
			if strings.Count(sub, "${") != 1 {
				t.Errorf("%s: Fn::Sub %q substitutes more than the region", id, sub)
			}
			if strings.HasSuffix(sub, ".ecr.api") {
				found++
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d of the 2 interface endpoints", found)
	}
}

// TestF11ReportNamesStayText is the review's F11: HTML and Markdown in
// names reached the report raw. A name may hold them (they are printable),
// but the report shows them as text: no raw tag, no link, the same number
// of headings, every table row with its header's column count.
func TestF11ReportNamesStayText(t *testing.T) {
	base := string(Report(validInput(t, func(*model.Scenario) {}), ""))
	in := validInput(t, func(s *model.Scenario) {
		s.Name = "<img src=x onerror=alert(1)>"
		s.Description = "# not a heading <script>alert(1)</script> | a | b |"
		s.Clusters[0].Name = "[click](javascript:alert(1))"
		s.Workloads.Training[0].Cluster = s.Clusters[0].Name
	})
	md := string(Report(in, ""))
	for _, raw := range []string{"<img", "<script", "[click](javascript:"} {
		if strings.Contains(md, raw) {
			t.Errorf("raw %q in the report", raw)
		}
	}
	headings := func(s string) int {
		n := 0
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "#") {
				n++
			}
		}
		return n
	}
	if headings(md) != headings(base) {
		t.Errorf("%d headings, want %d", headings(md), headings(base))
	}
	checkTables(t, md)
}

// checkTables fails when a Markdown table row has another column count
// than its header (escaped pipes do not count).
func checkTables(t *testing.T, md string) {
	t.Helper()
	cols := func(l string) int { return strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") }
	want := -1
	for _, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "|") {
			want = -1
			continue
		}
		if want < 0 {
			want = cols(l)
			continue
		}
		if cols(l) != want {
			t.Errorf("table row with %d separators, header has %d: %s", cols(l), want, l)
		}
	}
}

// TestF12EndpointSGAdmitsEverySecondaryCIDR is the review's F12: the
// endpoint security group admitted HTTPS from the primary CIDR only, while
// the address plan put cluster subnets in a secondary CIDR.
func TestF12EndpointSGAdmitsEverySecondaryCIDR(t *testing.T) {
	in := validInput(t, func(s *model.Scenario) {
		s.AWS.VPCCIDR = "10.20.0.0/24"
		s.AWS.SecondaryCIDRs = []string{"100.64.0.0/16"}
		s.Clusters[0].PodsPerNode = 110
	})
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, _ := parseTemplate(t, y)
	sg, err := tmpl.GetEC2SecurityGroupWithName("EndpointSecurityGroup")
	if err != nil {
		t.Fatal(err)
	}
	var cidrs []string
	for _, r := range sg.SecurityGroupIngress {
		if r.CidrIp != nil {
			cidrs = append(cidrs, *r.CidrIp)
		}
	}
	inPlan := map[string]bool{}
	for _, c := range in.Plan.Addressing.VPCCIDRs {
		inPlan[c] = true
	}
	if !inPlan["100.64.0.0/16"] {
		t.Fatalf("the plan does not use the secondary CIDR: %v", in.Plan.Addressing.VPCCIDRs)
	}
	if !strings.Contains(strings.Join(cidrs, " "), "100.64.0.0/16") {
		t.Errorf("endpoint SG ingress %v lacks the secondary CIDR", cidrs)
	}
	_ = ec2.SecurityGroup_Ingress{}
}

// TestF9FreeTextNamesLintClean is the review's F9 (E3031): a scenario name
// with spaces, parentheses and Japanese, and clusters and an endpoint with
// punctuation, still give a cfn-lint-clean template.
func TestF9FreeTextNamesLintClean(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint not installed")
	}
	in := validInput(t, func(s *model.Scenario) {
		s.Name = "My Estate (東京) #1 & co"
		s.Clusters[0].Name = "ft (A100) v2"
		s.Workloads.Training[0].Cluster = s.Clusters[0].Name
		s.AWS.InterfaceEndpoints = []string{"ecr.api", "custom:com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0"}
	})
	y, err := CloudFormation(in)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "t.yaml")
	if err := os.WriteFile(p, y, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(lint, p).CombinedOutput(); err != nil {
		t.Errorf("cfn-lint: %v\n%s", err, out)
	}
}
