package main

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestFormatsGolden pins the markdown and csv outputs of the commands
// that print (eval's table, json and markdown are TestEvalGolden's, the
// subnets' TestSubnetsGolden's); every csv must parse with rows of one
// width and a header.
// Regenerate with: go test ./cmd/topoplan -run TestFormatsGolden -update
func TestFormatsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"sweep-markdown", []string{"sweep", "--now", goldenDate, "-f", "markdown", "--param", "clusters[train].nodes", "--values", "32,64,0"}},
		{"sweep-csv", []string{"sweep", "--now", goldenDate, "-f", "csv", "--param", "clusters[train].nodes", "--values", "32,64,0"}},
		{"compare-csv", []string{"compare", "--now", goldenDate, "-f", "csv", compareBase, "testdata/compare/fewer-nodes.yaml"}},
		{"optimize-csv", []string{"optimize", "-f", "csv", "--deadline-days", "30"}},
		{"optimize-markdown", []string{"optimize", "-f", "markdown", "--deadline-days", "30", "--top", "3"}},
		{"eval-csv", []string{"eval", "--now", goldenDate, "-f", "csv", "../../testdata/scenarios/tokyo-pretraining-dx.yaml"}},
		{"subnets-csv", []string{"subnets", "-f", "csv", "../../testdata/scenarios/large-estate.yaml"}},
		{"catalog-csv", []string{"catalog", "show", "-f", "csv", "--region", "ap-northeast-1"}},
		{"catalog-csv-types", []string{"catalog", "show", "-f", "csv", "-t", "p5*", "--sort", "-price"}},
		{"catalog-markdown", []string{"catalog", "show", "-f", "markdown", "-t", "trn*", "--region", "ap-northeast-1"}},
		{"catalog-markdown-region", []string{"catalog", "show", "-f", "markdown", "--region", "ap-northeast-1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"--no-user-catalog"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if strings.HasSuffix(tc.name, "-csv") {
				rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil || len(rows) < 2 {
					t.Fatalf("csv: %v (%d rows)", err, len(rows))
				}
				for _, h := range rows[0] {
					if h == "" {
						t.Errorf("csv header %q: a column without a name", rows[0])
						break
					}
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestFormatRefusals: a format a command does not have exits 2, naming the
// ones it has, before any output.
func TestFormatRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "-f", "yaml", "--param", "clusters[train].nodes", "--values", "1"}, "table, json, markdown, csv"},
		{[]string{"version", "-f", "csv"}, "--format csv does not apply to version (one record, not a table): use table or json"},
		{[]string{"version", "-f", "markdown"}, "--format markdown does not apply to version"},
		{[]string{"version", "-f", "xml"}, `unknown format "xml" (want table, json)`},
		{[]string{"eval", "-f", "yaml"}, "table, json, markdown, csv"},
		{[]string{"subnets", "-f", "html"}, "table, json, markdown, csv"},
		{[]string{"catalog", "show", "-f", "tsv"}, "table, json, markdown, csv"},
		{[]string{"validate", "-f", "json"}, "unknown shorthand flag: 'f'"},
		{[]string{"compare", "-f", "html", compareBase, compareBase}, "table, json, markdown, csv"},
	} {
		out, errOut, code := runCLI(t, tc.args...)
		if code != exitInvalid || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, errOut)
		}
	}
}
