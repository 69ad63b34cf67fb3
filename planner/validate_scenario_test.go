package planner

import "testing"

// TestValidateScenarioMatchesValidate checks that validating a scenario held
// in memory finds the same problems, at the same field paths, as validating
// the file it came from (without lines: there is no file).
func TestValidateScenarioMatchesValidate(t *testing.T) {
	cat := DefaultCatalog()
	tests := []struct {
		name string
		yaml string
	}{
		{"valid", "../testdata/scenarios/llm-pretraining.yaml"},
		{"typos", "../testdata/invalid/typos.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := LoadFile(tc.yaml)
			if err != nil {
				t.Skipf("does not parse (%v); Validate is not reached", err)
			}
			want := Validate(doc, cat)
			got := ValidateScenario("mem", doc.Scenario, cat)
			if len(got) != len(want) {
				t.Fatalf("got %d diagnostics, want %d:\n%v\n---\n%v", len(got), len(want), got, want)
			}
			paths := map[string]int{}
			for _, d := range want {
				paths[d.Path+"|"+d.Severity+"|"+d.Message]++
			}
			for _, d := range got {
				if d.Line != 0 || d.File != "mem" {
					t.Errorf("in-memory diagnostic has a line or wrong file: %s", d)
				}
				key := d.Path + "|" + d.Severity + "|" + d.Message
				if paths[key] == 0 {
					t.Errorf("unexpected %s", d)
				}
				paths[key]--
			}
		})
	}
	t.Run("edit to an invalid value", func(t *testing.T) {
		doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
		if err != nil {
			t.Fatal(err)
		}
		s := doc.Scenario
		s.Clusters = append(s.Clusters[:0:0], s.Clusters...)
		s.Clusters[0].Nodes = 0
		ds := ValidateScenario("mem", s, cat)
		found := false
		for _, d := range ds.Errors() {
			found = found || d.Path == "clusters[0].nodes"
		}
		if !found {
			t.Fatalf("zero nodes not reported at clusters[0].nodes: %v", ds)
		}
	})
}
