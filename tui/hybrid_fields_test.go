package tui

import (
	"testing"
)

// TestHybridFieldsStep drives ←/→ on the hybrid scenario fields in the
// editor (teatest-style key messages through the model) and checks each
// step lands on a value the schema allows: enums cycle through the schema's
// enum list, numbers move by the field's own step.
func TestHybridFieldsStep(t *testing.T) {
	const (
		burst = "../testdata/scenarios/onprem-burst-split.yaml"
		tokyo = "../testdata/scenarios/tokyo-inference-two-region.yaml"
	)
	tests := []struct {
		name, file, path, key string
		want                  []string
	}{
		// links[].vif enum private, transit, public ("" = default): from private.
		{"vif right", tokyo, "links[0].vif", "right", []string{"transit", "public", "public"}},
		{"vif left", tokyo, "links[0].vif", "left", []string{"", ""}},
		// placement enum aws, onprem, split: from split, leftwards.
		{"placement", burst, "workloads.training[0].placement", "left", []string{"onprem", "aws", ""}},
		{"split_by", burst, "workloads.training[0].split_by", "left", []string{"data", ""}},
		// on-prem cluster fabric: infiniband-ndr → infiniband-xdr → roce-200.
		{"fabric", burst, "sites[0].clusters[0].fabric", "right", []string{"infiniband-xdr", "roce-200"}},
		// sites[].city steps through the catalog's sorted city keys.
		{"city", tokyo, "sites[0].city", "right", nil},
		// tcp_window_mib doubles: 16 → 32 → 64; halves 16 → 8.
		{"tcp window up", tokyo, "sites[0].tcp_window_mib", "right", []string{"32", "64"}},
		{"tcp window down", tokyo, "sites[0].tcp_window_mib", "left", []string{"8", "4"}},
		// inference target utilisation moves by 0.05 (unset → 0.05).
		{"target utilisation", tokyo, "workloads.inference[0].target_utilisation", "right", []string{"0.05", "0.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _ := loadScenario(t, tt.file)
			m := newTestModel(t, cfg, 120, 40)
			m = focusField(t, m, tt.path)
			before := fieldValue(t, m, tt.path)
			if tt.want == nil {
				m = send(m, keys(tt.key)...)
				if got := fieldValue(t, m, tt.path); got == before {
					t.Fatalf("%s did not move from %q", tt.path, before)
				}
				return
			}
			for i, want := range tt.want {
				m = send(m, keys(tt.key)...)
				if got := fieldValue(t, m, tt.path); got != want {
					t.Fatalf("step %d from %q: %s = %q, want %q", i+1, before, tt.path, got, want)
				}
			}
		})
	}
}

// fieldValue is the editor's text for the field at path ("" when unset).
func fieldValue(t *testing.T, m Model, path string) string {
	t.Helper()
	s := m.Scenario()
	for _, f := range scenarioFields(&s) {
		if f.Path == path {
			v, set := f.Value(&s)
			if !set {
				return ""
			}
			return v
		}
	}
	t.Fatalf("no field %s", path)
	return ""
}
