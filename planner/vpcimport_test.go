package planner

import (
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/topoplan/topoplan/model"
)

func testImport() VPCImport {
	return VPCImport{ID: "vpc-0a1b2c3d4e5f60718", Region: "us-east-1", ReadOn: "2026-11-23", CIDR: "10.64.0.0/16",
		SecondaryCIDRs: []string{"100.64.0.0/16"},
		Subnets: []model.ExistingSubnet{
			{Name: "private-a", CIDR: "10.64.0.0/20", AZ: "us-east-1a", ID: "subnet-0b1c2d3e4f5a60002"},
			{CIDR: "10.64.16.0/20", AZ: "us-east-1b", ID: "subnet-0b1c2d3e4f5a60001"},
		}}
}

// TestApplyVPCImport edits the shipped example: the golden file shows the
// comments and the order of every other field survive.
func TestApplyVPCImport(t *testing.T) {
	const file = "../testdata/scenarios/llm-pretraining.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ApplyVPCImport(file, data, testImport())
	if err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, out)
	doc, err := Parse(file, out)
	if err != nil {
		t.Fatal(err)
	}
	a := doc.Scenario.AWS
	if a.VPCCIDR != "10.64.0.0/16" || len(a.SecondaryCIDRs) != 1 || len(a.ExistingSubnets) != 2 || a.ExistingSubnets[0].Name != "private-a" {
		t.Errorf("aws after import: %+v", a)
	}
	if !strings.HasPrefix(string(out), "# Hybrid LLM pre-training") {
		t.Error("the file's head comment was lost")
	}
	// Importing again replaces the lists rather than appending to them.
	again, err := ApplyVPCImport(file, out, testImport())
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(out) {
		t.Errorf("a second import of the same VPC changed the file:\n%s", again)
	}
}

func TestApplyVPCImportErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"region mismatch", "name: x\naws:\n  region: eu-west-1\n", "x.yaml:3:11: aws.region: the scenario is in eu-west-1 but VPC vpc-0a1b2c3d4e5f60718 was read in us-east-1"},
		{"aws not a mapping", "name: x\naws: [1]\n", "x.yaml:2:6: aws: want a mapping"},
		{"not a mapping", "- a\n", "must be a YAML mapping"},
		{"syntax", "name: [\n", "x.yaml:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ApplyVPCImport("x.yaml", []byte(tc.yaml), testImport())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	t.Run("adds an aws section and region", func(t *testing.T) {
		out, err := ApplyVPCImport("x.yaml", []byte("name: x # keep me\n"), testImport())
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		for _, want := range []string{"name: x # keep me", "aws:\n  region: us-east-1\n", "vpc_cidr: 10.64.0.0/16", "secondary_cidrs: [100.64.0.0/16]", "- {cidr: 10.64.16.0/20, az: us-east-1b, id: subnet-0b1c2d3e4f5a60001}"} {
			if !strings.Contains(s, want) {
				t.Errorf("output lacks %q:\n%s", want, s)
			}
		}
	})
}
