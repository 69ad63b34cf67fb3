package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/topoplan/topoplan/model"
)

// TestSubnetsGolden pins `topoplan subnets` for every shipped scenario.
// Regenerate with: go test ./cmd/topoplan -run TestSubnetsGolden -update
func TestSubnetsGolden(t *testing.T) {
	for _, f := range scenarios(t) {
		for _, format := range []string{"table", "markdown"} {
			t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml")+"/"+format, func(t *testing.T) {
				out, errOut, code := runCLI(t, "subnets", "--format", format, f)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

func TestSubnetsJSONIsTheAddressPlan(t *testing.T) {
	out, errOut, code := runCLI(t, "subnets", "--format", "json", "../../testdata/scenarios/llm-pretraining.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a model.AddressPlan
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Fits || len(a.Subnets) == 0 || a.VPCCIDRs[0] != "10.64.0.0/16" {
		t.Errorf("address plan = %+v", a)
	}
}

func TestSubnetsDoesNotFitExits3(t *testing.T) {
	src, err := os.ReadFile("../../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A /24 VPC cannot hold 64 × p5.48xlarge.
	small := strings.Replace(string(src), "vpc_cidr: 10.64.0.0/16", "vpc_cidr: 10.64.0.0/24", 1)
	path := filepath.Join(t.TempDir(), "small.yaml")
	if err := os.WriteFile(path, []byte(small), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "subnets", path)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitFindings, errOut)
	}
	if !strings.Contains(out, "DOES NOT FIT") || !strings.Contains(out, "smallest VPC CIDR") {
		t.Errorf("output does not explain the refusal:\n%s", out)
	}
}
