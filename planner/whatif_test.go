package planner

import (
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func loadA(t testing.TB) model.Scenario {
	t.Helper()
	doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return doc.Scenario
}

func TestSetField(t *testing.T) {
	s := loadA(t)
	tests := []struct {
		path, value string
		check       func(model.Scenario) bool
	}{
		{"clusters[0].nodes", "128", func(o model.Scenario) bool { return o.Clusters[0].Nodes == 128 }},
		{"clusters[train].instance_type", "p5en.48xlarge", func(o model.Scenario) bool { return o.Clusters[0].InstanceType == "p5en.48xlarge" }},
		{"links[dx-fra].speed_gbps", "400", func(o model.Scenario) bool { return o.Links[0].SpeedGbps == 400 }},
		{"storage.fsx_lustre.capacity_tib", "96", func(o model.Scenario) bool { return o.Storage.FSxLustre.CapacityTiB == 96 }},
		{"clusters[0].efa", "false", func(o model.Scenario) bool { return o.Clusters[0].EFA != nil && !*o.Clusters[0].EFA }},
		{"aws.availability_zones", "us-east-1a, us-east-1c", func(o model.Scenario) bool {
			return len(o.AWS.AvailabilityZones) == 2 && o.AWS.AvailabilityZones[1] == "us-east-1c"
		}},
		{"workloads.training[0].mfu", "0.35", func(o model.Scenario) bool { return o.Workloads.Training[0].MFU == 0.35 }},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			out, err := SetField(s, tt.path, tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(out) {
				t.Errorf("%s=%s not applied", tt.path, tt.value)
			}
		})
	}
	// The input is never modified, even through pointers and slices.
	if s.Clusters[0].Nodes != 64 || s.Links[0].SpeedGbps != 100 || s.Storage.FSxLustre.CapacityTiB != 48 || s.Clusters[0].EFA != nil {
		t.Error("SetField modified its input")
	}
	for path, want := range map[string]string{
		"clusters[0].nodez":  `did you mean "nodes"?`,
		"clusters[trian].az": `did you mean "train"?`,
		"clusters[5].nodes":  "out of range",
		"clusters[0].nodes=": "unknown field",
		"clusters[0]":        "group",
		"clusters.nodes":     "not a group of fields",
		"clusters[0].nodes[": "bad field path",
	} {
		_, err := SetField(s, path, "1")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", path, err, want)
		}
	}
	if _, err := SetField(s, "clusters[0].nodes", "many"); err == nil || !strings.Contains(err.Error(), "whole number") {
		t.Errorf("non-number: %v", err)
	}
}

func TestCompare(t *testing.T) {
	cat := DefaultCatalog()
	s := loadA(t)
	a := Evaluate(s, cat, Options{})
	s2, _ := SetField(s, "clusters[0].nodes", "128")
	b := Evaluate(s2, cat, Options{})
	ds := Compare(a, b)
	var ec2 *Delta
	for i := range ds {
		if ds[i].Key == "monthly_cost_usd.EC2" {
			ec2 = &ds[i]
		}
	}
	if ec2 == nil {
		t.Fatal("no EC2 delta")
	}
	// Twice the nodes at the same rate: EC2 cost doubles, +100%, worse.
	if ec2.ChangePct < 99.999 || ec2.ChangePct > 100.001 || ec2.Better {
		t.Errorf("EC2 delta %+v, want +100%% and not better", *ec2)
	}
}

func TestSweep(t *testing.T) {
	cat := DefaultCatalog()
	pts, err := Sweep(loadA(t), cat, "clusters[train].nodes", []string{"32", "64", "0"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 3 || pts[0].Invalid != "" || pts[1].Invalid != "" {
		t.Fatalf("points %+v", pts)
	}
	// nodes: 0 is invalid and says why.
	if !strings.Contains(pts[2].Invalid, "at least one node") {
		t.Errorf("invalid point: %q", pts[2].Invalid)
	}
	if pts[0].Figures[0].Value >= pts[1].Figures[0].Value {
		t.Errorf("32 nodes should cost less than 64: %v vs %v", pts[0].Figures[0].Value, pts[1].Figures[0].Value)
	}
	if _, err := Sweep(loadA(t), cat, "clusters[train].nodez", []string{"1"}, Options{}); err == nil {
		t.Error("bad path must be an error")
	}
}
