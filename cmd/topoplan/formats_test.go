package main

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestFormatsGolden pins the markdown and csv outputs added to sweep,
// compare and optimize; every csv must parse with rows of one width.
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
		{[]string{"optimize", "-f", "markdown", "--deadline-days", "30"}, "table, json, csv"},
		{[]string{"compare", "-f", "html", compareBase, compareBase}, "table, json, markdown, csv"},
	} {
		out, errOut, code := runCLI(t, tc.args...)
		if code != exitInvalid || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, errOut)
		}
	}
}
