package planner

import (
	"errors"
	"strings"
	"testing"
)

func TestParseReportsEveryStructuralProblem(t *testing.T) {
	src := `name: broken
aws:
  region: us-east-1
  vpc_cidr: 10.0.0.0/16
  availabilty_zones: [us-east-1a]
clusters:
  - name: a
    instance_type: p5.48xlarge
    nodes: lots
    efa: maybe
storage:
  fsx_lustre: [1, 2]
`
	_, err := Parse("broken.yaml", []byte(src))
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("want Diagnostics, got %v", err)
	}
	want := []string{
		`broken.yaml:5:3: aws.availabilty_zones: unknown field "availabilty_zones"; did you mean "availability_zones"?`,
		`broken.yaml:9:12: clusters[0].nodes: expected a whole number, got "lots"`,
		`broken.yaml:10:10: clusters[0].efa: expected true or false, got "maybe"`,
		`broken.yaml:12:15: storage.fsx_lustre: expected a mapping of fields, got a list`,
	}
	if len(ds) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(want), ds.Error())
	}
	for i, w := range want {
		if got := ds[i].String(); got != w {
			t.Errorf("diagnostic %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

func TestParseSyntaxErrorHasLine(t *testing.T) {
	_, err := Parse("bad.yaml", []byte("name: x\naws:\n  region: [unclosed\n"))
	var ds Diagnostics
	if !errors.As(err, &ds) || len(ds) != 1 {
		t.Fatalf("want one diagnostic, got %v", err)
	}
	if ds[0].Line == 0 || !strings.HasPrefix(ds[0].String(), "bad.yaml:") {
		t.Errorf("syntax error without a line: %s", ds[0])
	}
}

func TestParseEmpty(t *testing.T) {
	if _, err := Parse("empty.yaml", nil); err == nil || !strings.Contains(err.Error(), "empty scenario") {
		t.Errorf("want empty scenario error, got %v", err)
	}
}

func TestPositionFallsBackToParent(t *testing.T) {
	doc, err := Parse("ok.yaml", []byte("name: x\naws:\n  region: us-east-1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if l, c := doc.Position("aws.vpc_cidr"); l != 2 || c != 1 {
		t.Errorf("missing field should point at its parent aws (2:1), got %d:%d", l, c)
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"p4d.24xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge", "trn1.32xlarge"}
	tests := []struct{ in, want string }{
		{"p5.48xl", "p5.48xlarge"},
		{"p5.48xlarg", "p5.48xlarge"},
		{"p5en.48xlage", "p5en.48xlarge"},
		{"zzz", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, cands); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParse checks the loader never panics and that any accepted document
// validates without panicking either.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"name: x\n",
		"name: x\naws: {region: us-east-1, vpc_cidr: 10.0.0.0/16, availability_zones: [us-east-1a]}\n",
		"clusters:\n  - {name: a, instance_type: p5.48xlarge, nodes: 64, azs: [a, b]}\n",
		"a: &x [*x]\n",
		"storage: {fsx_lustre: {capacity_tib: -1}}\n",
		"sites: [{name: s, cidrs: [10.0.0.0/33]}]\n",
		"name: x\naws: {region: us-east-1, vpc_cidr: 10.0.0.0/16, availability_zones: [us-east-1a]}\n" +
			"sites: [{name: s, clusters: [{name: d, node: dgx-h100, nodes: 2, cost: {purchase_usd_per_node: 1, amortisation_months: 1}}]}]\n" +
			"links: [{name: l, site: s, type: dx-dedicated, speed_gbps: 100, rtt_ms: 5}]\n" +
			"clusters: [{name: a, instance_type: p5.48xlarge, nodes: 2}]\n" +
			"workloads: {training: [{name: j, cluster: a, onprem_cluster: d, placement: split, parameters_b: 7, tokens_b: 1}]}\n",
		"workloads: {training: [{name: j, cluster: c, parameters_b: 1..2, tokens_b: {low: 1, typical: 2, high: 3}}]}\n",
		"traffic: {internet_egress_tb: {low: 3, high: 1}, nat_processed_tb: 1e3..1e400}\n",
	} {
		f.Add([]byte(seed))
	}
	cat := DefaultCatalog()
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("fuzz.yaml", data)
		if err != nil {
			var ds Diagnostics
			if !errors.As(err, &ds) || len(ds) == 0 {
				t.Fatalf("error is not a located diagnostic: %v", err)
			}
			return
		}
		diags := Validate(doc, cat)
		if !diags.HasErrors() {
			_ = Evaluate(doc.Scenario, cat, Options{})
		}
	})
}

func TestParseRefusesAliasBomb(t *testing.T) {
	// 1,000 sites that each alias one site holding 1,000 aliased data sets:
	// a 20 kB file that expands to a million mappings.
	ds := "{name: &d d, size_tb: 1}"
	site := "{name: s, datasets: [" + ds + strings.Repeat(", *d", 999) + "]}"
	src := "name: bomb\nsites: [&s " + site + strings.Repeat(", *s", 999) + "]\n"
	_, err := Parse("bomb.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "excessive aliasing") {
		t.Fatalf("want an excessive-aliasing error, got %v", err)
	}
}
