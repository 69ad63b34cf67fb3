package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// fuzzPaths lists the number and text fields of s a fuzz target mutates.
func fuzzPaths(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			fuzzPaths(v.Elem(), path, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				p := name
				if path != "" {
					p = path + "." + name
				}
				fuzzPaths(v.Field(i), p, out)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			fuzzPaths(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Int, reflect.Float64, reflect.String:
		*out = append(*out, path)
	}
}

// logicalIDPattern is CloudFormation's: alphanumeric, at most 255.
var logicalIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)

// FuzzExports sets two fields of a shipped scenario to fuzzed text and,
// when the result validates, exports it in every text format and checks
// the structure: the template parses, its logical IDs match
// CloudFormation's pattern, there is one launch template per home-region
// EC2 (non-HyperPod) cluster, the DOT graph is balanced, the Markdown
// report's tables keep their column count and the JSON plan encodes.
// SVG and PNG run Graphviz (WebAssembly, ~0.1-2 s each) and are left to
// TestDiagram*.
func FuzzExports(f *testing.F) {
	f.Add(uint16(0), "My Estate", uint16(3), "gpu a", uint8(0))
	f.Add(uint16(1), "line1\n# injected", uint16(20), "1e308", uint8(1))
	f.Add(uint16(7), "<script>alert(1)</script>", uint16(9), "${AWS::AccountId}", uint8(2))
	cat := planner.DefaultCatalog()
	var bases []model.Scenario
	for _, p := range []string{"finetune-vpn", "llm-pretraining", "inference-two-region", "large-estate"} {
		doc, err := planner.LoadFile("../testdata/scenarios/" + p + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		bases = append(bases, doc.Scenario)
	}
	f.Fuzz(func(t *testing.T, i1 uint16, v1 string, i2 uint16, v2 string, base uint8) {
		s := bases[int(base)%len(bases)]
		var paths []string
		fuzzPaths(reflect.ValueOf(s), "", &paths)
		for _, set := range []struct {
			i uint16
			v string
		}{{i1, v1}, {i2, v2}} {
			if ns, err := planner.SetField(s, paths[int(set.i)%len(paths)], set.v); err == nil {
				s = ns
			}
		}
		if planner.ValidateScenario("fuzz", s, cat).HasErrors() {
			return
		}
		in := inputFor(s, cat)
		if _, err := PlanJSON(in.Plan); err != nil {
			t.Fatalf("plan JSON: %v", err)
		}
		checkDOT(t, DiagramDOT(in))
		checkDOT(t, DiagramOverviewDOT(in))
		checkTables(t, string(ReportWith(in, ReportOptions{})))
		y, err := CloudFormation(in)
		if err != nil {
			return // a refusal with a reason (e.g. the subnets do not fit)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(y, &doc); err != nil {
			t.Fatalf("template is not YAML: %v", err)
		}
		res, _ := doc["Resources"].(map[string]any)
		lts := 0
		for id, r := range res {
			if !logicalIDPattern.MatchString(id) {
				t.Errorf("logical ID %q outside CloudFormation's pattern", id)
			}
			if m, _ := r.(map[string]any); m["Type"] == "AWS::EC2::LaunchTemplate" {
				lts++
			}
		}
		want := 0
		for _, c := range s.Clusters {
			if (c.Region == "" || c.Region == s.AWS.Region) && c.Orchestrator != model.OrchestratorHyperPod {
				want++
			}
		}
		if lts != want {
			t.Errorf("%d launch templates for %d home-region EC2 clusters", lts, want)
		}
	})
}

// checkDOT fails on an unbalanced graph: braces and quotes (outside
// escapes) must pair up.
func checkDOT(t *testing.T, dot []byte) {
	t.Helper()
	depth, inQuote := 0, false
	for i := 0; i < len(dot); i++ {
		switch c := dot[i]; {
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case c == '{' && !inQuote:
			depth++
		case c == '}' && !inQuote:
			depth--
		}
	}
	if depth != 0 || inQuote || !bytes.HasPrefix(bytes.TrimSpace(dot), []byte("digraph")) {
		t.Fatalf("unbalanced DOT (depth %d, open quote %v)", depth, inQuote)
	}
}

var _ = json.Marshal
