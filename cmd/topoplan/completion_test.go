package main

import (
	"os"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/planner"
)

// complete runs cobra's hidden __complete command and returns the
// candidates and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompletion(t *testing.T) {
	moe := "../../testdata/scenarios/moe-pretraining.yaml"
	noFile, fileExt := ":4", ":8"
	for _, tc := range []struct {
		name      string
		args      []string
		want      []string // exactly, in order; nil: see contains
		contains  []string
		directive string
	}{
		{"eval --format", []string{"eval", "-f", ""}, []string{"table", "json", "markdown", "csv"}, nil, noFile},
		{"eval --format prefix", []string{"eval", "--format", "m"}, []string{"markdown"}, nil, noFile},
		{"sweep --format", []string{"sweep", "-f", ""}, []string{"table", "json", "markdown", "csv"}, nil, noFile},
		{"optimize --format", []string{"optimize", "-f", ""}, []string{"table", "json", "markdown", "csv"}, nil, noFile},
		{"subnets --format", []string{"subnets", "-f", ""}, []string{"table", "json", "markdown", "csv"}, nil, noFile},
		{"catalog show --format", []string{"catalog", "show", "-f", ""}, []string{"table", "json", "markdown", "csv"}, nil, noFile},
		{"compare --format", []string{"compare", "-f", ""}, []string{"table", "json", "markdown", "csv"}, nil, noFile},
		{"eval --fail-on", []string{"eval", "--fail-on", ""}, []string{"warning", "critical"}, nil, noFile},
		{"catalog --region", []string{"catalog", "show", "--region", "ap"}, []string{"ap-northeast-1"}, nil, noFile},
		{"catalog --type", []string{"catalog", "show", "--type", "p5"}, []string{"p5.4xlarge", "p5.48xlarge", "p5e.48xlarge", "p5en.48xlarge"}, nil, noFile},
		{"catalog --sort", []string{"catalog", "show", "--sort", "p"}, []string{"price"}, nil, noFile},
		{"export diagram --view", []string{"export", "diagram", "--view", ""}, []string{"detail", "overview"}, nil, noFile},
		{"optimize --job, example", []string{"optimize", "--job", ""}, []string{"llm-70b"}, nil, noFile},
		{"optimize --job, from FILE", []string{"optimize", moe, "--job", ""}, []string{"mixtral-8x22b"}, nil, noFile},
		{"sweep --param, example", []string{"sweep", "--param", "clusters["}, nil, []string{"clusters[train].nodes", "clusters[train].instance_type", "clusters[train].purchase.option"}, noFile},
		{"sweep --param, jobs by name", []string{"sweep", "--param", "workloads.training["}, nil, []string{"workloads.training[llm-70b].zero_stage"}, noFile},
		{"sweep --param, from FILE", []string{"sweep", moe, "--param", "workloads"}, nil, []string{"workloads.training[mixtral-8x22b].experts"}, noFile},
		{"scenario file argument", []string{"eval", ""}, []string{"yaml", "yml"}, nil, fileExt},
		{"compare second file", []string{"compare", "a.yaml", ""}, []string{"yaml", "yml"}, nil, fileExt},
		{"compare no third file", []string{"compare", "a.yaml", "b.yaml", ""}, []string{}, nil, noFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, dir := complete(t, tc.args...)
			if dir != tc.directive {
				t.Errorf("directive %s, want %s", dir, tc.directive)
			}
			if tc.want != nil && strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, c := range tc.contains {
				found := false
				for _, g := range got {
					found = found || g == c
				}
				if !found {
					t.Errorf("missing %q in %q", c, got)
				}
			}
		})
	}
}

// TestFieldPathsAreSettable: every completed --param path names a field
// SetField reaches, and no path is a name.
func TestFieldPathsAreSettable(t *testing.T) {
	for _, f := range scenarios(t) {
		doc, err := planner.Parse(f, mustRead(t, f))
		if err != nil {
			t.Fatal(err)
		}
		paths := FieldPaths(doc.Scenario)
		if len(paths) < 10 {
			t.Fatalf("%s: only %d paths", f, len(paths))
		}
		for _, p := range paths {
			if strings.HasSuffix(p, ".name") || p == "name" {
				t.Errorf("%s: name path %s", f, p)
			}
			if _, err := planner.SetField(doc.Scenario, p, "1"); err != nil {
				msg := err.Error()
				for _, bad := range []string{"unknown field", "no item", "not a list", "not a group", "out of range", "bad field path"} {
					if strings.Contains(msg, bad) {
						t.Errorf("%s: %s: %v", f, p, err)
					}
				}
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
