package tui

import (
	"testing"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// TestFSxCapacityStepsOnAllowedSizes is the new-user trial's B8: ←/→ on
// storage.fsx_lustre.capacity_tib must offer only sizes the planner accepts
// (no storage.fsx-capacity-increment finding), doubling and halving along
// the deployment type's increments.
func TestFSxCapacityStepsOnAllowedSizes(t *testing.T) {
	const path = "storage.fsx_lustre.capacity_tib"
	ssd := model.FSxLustre{DeploymentType: model.FSxPersistent2, ThroughputMBpsPerTiB: 250}
	efa := model.FSxLustre{DeploymentType: model.FSxPersistent2, ThroughputMBpsPerTiB: 250, EFAEnabled: true}
	hdd := model.FSxLustre{DeploymentType: model.FSxPersistent1, StorageType: "HDD", ThroughputMBpsPerTiB: 12}
	tests := []struct {
		name  string
		fsx   model.FSxLustre
		start float64
		key   string
		want  []float64
	}{
		{"SSD up doubles", ssd, 48, "right", []float64{96, 192, 384}},
		{"SSD down halves to the minimum", ssd, 48, "left", []float64{24, 12, 4.8, 2.4, 1.2, 1.2}},
		{"SSD off-size snaps up", ssd, 50, "right", []float64{100.8, 201.6}},
		{"SSD off-size snaps down", ssd, 50, "left", []float64{24, 12}},
		{"SSD from the first size", ssd, 1.2, "right", []float64{2.4, 4.8, 9.6}},
		{"EFA tier increments", efa, 19.2, "right", []float64{38.4, 76.8}},
		{"EFA never below its minimum", efa, 38.4, "left", []float64{19.2, 19.2}},
		{"HDD multiples of 6", hdd, 12, "right", []float64{24, 48}},
		{"HDD down", hdd, 12, "left", []float64{6, 6}},
	}
	cfg, _ := loadScenario(t, scenarioA)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, cfg, 120, 40)
			s := m.Scenario()
			f := tt.fsx
			f.CapacityTiB = tt.start
			s.Storage.FSxLustre = &f
			m.ss.apply(s)
			m = focusField(t, m, path)
			for i, want := range tt.want {
				m = send(m, keys(tt.key)...)
				got := m.Scenario().Storage.FSxLustre.CapacityTiB
				if got != want {
					t.Fatalf("step %d: %g TiB, want %g", i+1, got, want)
				}
				plan := planner.Evaluate(m.Scenario(), cfg.Catalog, planner.Options{})
				for _, fd := range plan.Findings {
					if fd.Code == "storage.fsx-capacity-increment" || fd.Code == "storage.fsx-efa-minimum" {
						t.Errorf("step %d: %g TiB: the planner says %q", i+1, got, fd.Title)
					}
				}
			}
		})
	}
}
