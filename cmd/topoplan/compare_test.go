package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

const compareBase = "../../testdata/scenarios/llm-pretraining.yaml"

// TestCompareGolden pins compare's three formats for a node-count what-if
// (every line item, absolute and relative change) and for one that makes a
// finding appear and another disappear.
// Regenerate with: go test ./cmd/topoplan -run TestCompareGolden -update
func TestCompareGolden(t *testing.T) {
	for _, whatif := range []string{"more-nodes", "fewer-nodes"} {
		for _, format := range []string{"table", "markdown", "json"} {
			t.Run(whatif+"/"+format, func(t *testing.T) {
				out, errOut, code := runCLI(t, "compare", "--now", goldenDate, "-f", format, compareBase, filepath.Join("testdata", "compare", whatif+".yaml"))
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

// TestCompareCostGate: --fail-on-increase exits 3 when the monthly run-rate
// or a job's cost per run rises by more than the limit (relative or in USD),
// after printing the comparison; a bad limit exits 2 before any output.
func TestCompareCostGate(t *testing.T) {
	more := "testdata/compare/more-nodes.yaml" // monthly +48.8%, per run +10.1% (+$334,666)
	fewer := "testdata/compare/fewer-nodes.yaml"
	for _, tc := range []struct {
		name, whatif, limit string
		code                int
		stderr              string
	}{
		{"unchanged", compareBase, "0%", 0, ""},
		{"monthly over 10%", more, "10%", exitFindings, "monthly run-rate +$970,094 (+48.8%)"},
		{"per run over 10%", more, "10%", exitFindings, "cost per run of llm-70b +$334,666 (+10.1%)"},
		{"monthly over 40%, per run under", more, "40%", exitFindings, "limit"},
		{"under 50%", more, "50%", 0, ""},
		{"absolute over $5000", more, "$5000", exitFindings, "cost per run of llm-70b"},
		{"absolute under $1,000,000", more, "$1,000,000", 0, ""},
		{"plain number is USD", more, "970094", exitFindings, "monthly run-rate"},
		{"cheaper on both counts passes 0%", fewer, "0%", 0, ""},
		{"bad limit", more, "ten", exitInvalid, "--fail-on-increase"},
		{"negative limit", more, "-5%", exitInvalid, "--fail-on-increase"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "compare", "--now", goldenDate, "--fail-on-increase", tc.limit, compareBase, tc.whatif)
			if tc.stderr == "limit" {
				tc.stderr = "more than 40%: monthly run-rate +$970,094 (+48.8%)\n"
			}
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tc.code, errOut, tc.stderr)
			}
			switch tc.code {
			case exitInvalid:
				if out != "" {
					t.Errorf("a refused flag printed on stdout:\n%s", out)
				}
			case exitFindings:
				if !strings.Contains(out, "Cost gate ("+tc.limit+"): FAILED") {
					t.Errorf("stdout lacks the gate's verdict:\n%s", out)
				}
			default:
				if !strings.Contains(out, "Cost gate ("+tc.limit+"): passed") {
					t.Errorf("stdout lacks the gate's verdict:\n%s", out)
				}
			}
		})
	}
}

func TestParseCostGate(t *testing.T) {
	for _, tc := range []struct {
		in       string
		relative bool
		limit    float64
		ok       bool
	}{
		{"10%", true, 10, true},
		{"2.5%", true, 2.5, true},
		{"$5000", false, 5000, true},
		{"$5,000", false, 5000, true},
		{"5000", false, 5000, true},
		{"%", false, 0, false},
		{"$", false, 0, false},
		{"10 percent", false, 0, false},
		{"-1", false, 0, false},
		{"NaN", false, 0, false},
	} {
		g, err := parseCostGate(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%q: err %v", tc.in, err)
			continue
		}
		if tc.ok && (g.Relative != tc.relative || g.Limit != tc.limit) {
			t.Errorf("%q: got %+v", tc.in, *g)
		}
	}
}
