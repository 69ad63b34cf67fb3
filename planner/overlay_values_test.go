package planner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOverlayValuesChecked is the F18/F20 overlay regression: a value of
// the wrong type is located (file:line:col and key path) instead of
// encoding/json's unlocated "cannot unmarshal"; USD figures that are
// negative, non-finite, absurd or a zero hourly rate are refused with the
// bound in the message; legitimate zeros (not sold on demand, free) pass.
func TestOverlayValuesChecked(t *testing.T) {
	const pre = `{
  "instances": {
    "p5.48xlarge": {
      "prices": {
        "us-east-1": {
`
	const post = "\n        }\n      }\n    }\n  }\n}\n"
	tests := []struct {
		name, body, ext, want string
	}{
		{"string price", `"on_demand_usd_per_hour": "cheap"`, ".json",
			`o.json:6:37: instances.p5.48xlarge.prices.us-east-1.on_demand_usd_per_hour: expected a number, got "cheap"`},
		{"negative price", `"on_demand_usd_per_hour": -55.04`, ".json",
			"o.json:6:37: instances.p5.48xlarge.prices.us-east-1.on_demand_usd_per_hour: a price cannot be negative (got -55.04 USD)"},
		{"absurd price", `"on_demand_usd_per_hour": 1e308`, ".json",
			"on_demand_usd_per_hour: 1e308 USD is above the 1e+09 USD bound on any catalog price; check the unit (USD per hour)"},
		{"out of float range", `"on_demand_usd_per_hour": 1e400`, ".json",
			"on_demand_usd_per_hour: expected a finite number, got 1e400"},
		{"zero capacity block rate", `"capacity_block": {"usd_per_hour": 0, "effective_on": "2026-07-22"}`, ".json",
			"o.json:6:46: instances.p5.48xlarge.prices.us-east-1.capacity_block.usd_per_hour: an hourly rate of 0 USD is never sold"},
		{"list where a mapping belongs", `"capacity_block": [1, 2]`, ".json",
			"capacity_block: expected a mapping of keys, got a list"},
		{"number where text belongs", `"read_on": {"y": 2026}`, ".json",
			"read_on: expected a text value, got a mapping"},
		{"YAML infinity", "", ".yaml", "on_demand_usd_per_hour: expected a finite number, got .inf"},
		{"zero on-demand means not sold", `"on_demand_usd_per_hour": 0`, ".json", ""},
		{"an ordinary price", `"on_demand_usd_per_hour": 60.5`, ".json", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := pre + "          " + tc.body + post
			if tc.ext == ".yaml" {
				data = "instances:\n  p5.48xlarge:\n    prices:\n      us-east-1:\n        on_demand_usd_per_hour: .inf\n"
			}
			path := filepath.Join(t.TempDir(), "o"+tc.ext)
			if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadCatalog(path)
			if tc.want == "" {
				if err != nil {
					t.Errorf("want accepted, got %v", err)
				}
				return
			}
			var ds Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("want located diagnostics, got %v", err)
			}
			got := strings.ReplaceAll(ds.Error(), filepath.Dir(path)+string(filepath.Separator), "")
			if !strings.Contains(got, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, got)
			}
		})
	}
}
