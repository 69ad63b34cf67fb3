package planner

import (
	"strings"
	"testing"
)

func TestValidateAddressing(t *testing.T) {
	base := `name: v
aws:
  region: us-east-1
  vpc_cidr: 10.64.0.0/16
  availability_zones: [us-east-1a, us-east-1b]
`
	tests := []struct {
		name string
		yaml string
		want string // "" = no addressing diagnostic expected
	}{
		{"headroom ok", base + "  subnet_headroom_pct: 0\n", ""},
		{"headroom too big", base + "  subnet_headroom_pct: 5000\n", "aws.subnet_headroom_pct: headroom is a percentage"},
		{"headroom negative", base + "  subnet_headroom_pct: -5\n", "aws.subnet_headroom_pct: must be a finite number not below zero"},
		{"secondary overlaps primary", base + "  secondary_cidrs: [10.64.128.0/17]\n", "aws.secondary_cidrs[0]: CIDR 10.64.128.0/17 overlaps aws.vpc_cidr"},
		{"secondary apart", base + "  secondary_cidrs: [100.64.0.0/16]\n", ""},
		{"existing outside", base + "  existing_subnets:\n    - {name: a, cidr: 10.65.0.0/24}\n", "aws.existing_subnets[0].cidr: subnet 10.65.0.0/24 is not inside"},
		{"existing overlap", base + "  existing_subnets:\n    - {name: a, cidr: 10.64.0.0/24}\n    - {name: b, cidr: 10.64.0.0/23}\n", "aws.existing_subnets[1].cidr: subnet 10.64.0.0/23 overlaps"},
		{"placement group over AZs", base + `clusters:
  - name: web
    instance_type: p5.48xlarge
    nodes: 2
    efa: false
    placement_group: true
    azs: [us-east-1a, us-east-1b]
`, "clusters[0].placement_group: a cluster placement group sits in one availability zone"},
		{"eks in one AZ", strings.Replace(base, "[us-east-1a, us-east-1b]", "[us-east-1a]", 1) + `clusters:
  - name: k
    instance_type: p5.48xlarge
    nodes: 2
    orchestrator: eks
`, "clusters[0].orchestrator: an EKS cluster needs subnets in at least two availability zones"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Parse("v.yaml", []byte(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			diags := Validate(doc, DefaultCatalog())
			var addr []string
			for _, d := range diags {
				if strings.HasPrefix(d.Path, "aws.") || strings.HasSuffix(d.Path, "placement_group") || strings.HasSuffix(d.Path, "orchestrator") {
					addr = append(addr, d.String())
				}
			}
			got := strings.Join(addr, "\n")
			if tc.want == "" && got != "" {
				t.Errorf("unexpected diagnostics:\n%s", got)
			}
			if tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, diags.Error())
			}
		})
	}
}
