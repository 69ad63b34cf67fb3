package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestCatalogShowTypeGolden pins `catalog show --type` with globs, a Region
// and numeric sorts. Regenerate with:
// go test ./cmd/topoplan -run TestCatalogShowTypeGolden -update
func TestCatalogShowTypeGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"p5-glob", []string{"--type", "p5*"}},
		{"two-globs-us-east-1", []string{"--type", "trn*,p6-*", "--region", "us-east-1"}},
		{"price-ascending-us-east-1", []string{"--type", "p*", "--region", "us-east-1", "--sort", "price"}},
		{"memory-descending", []string{"-t", "*", "--sort", "-memory"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"catalog", "show", "--no-user-catalog"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestCatalogShowFilters(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		want   []string // in this order on stdout, or in stderr for errors
		absent []string
	}{
		{"glob keeps matches only", []string{"-t", "trn*"}, 0, []string{"trn1.32xlarge", "trn1n.32xlarge", "trn2.48xlarge"}, []string{"p5.48xlarge", "Region us-east-1", "Constants"}},
		{"exact type", []string{"--type", "p5.4xlarge"}, 0, []string{"p5.4xlarge"}, []string{"p5.48xlarge"}},
		{"natural order of names", nil, 0, []string{"p5.4xlarge ", "p5.48xlarge ", "p5e.48xlarge "}, nil},
		{"numeric sort by network", []string{"-t", "p5*", "--sort", "network"}, 0, []string{"p5.4xlarge ", "p5.48xlarge "}, nil},
		// Memory bandwidth per accelerator, TB/s: L4 0.3 < A10G 0.6 < H100 3.35 < H200 4.8 < B200 8.
		{"numeric sort by memory bandwidth", []string{"-t", "g6.*,g5.*,p5.48*,p5e.*,p6-b200*", "--sort", "hbm"}, 0, []string{"g6.48xlarge ", "g5.48xlarge ", "p5.48xlarge ", "p5e.48xlarge ", "p6-b200.48xlarge "}, nil},
		{"unpriced type is named", []string{"-t", "trn2*"}, 0, []string{"trn2u.48xlarge: specs only, unpriced"}, nil},
		{"json filtered", []string{"-t", "trn2*", "-f", "json"}, 0, []string{`"trn2.48xlarge": {`}, []string{`"p5.48xlarge": {`}},
		{"no match", []string{"-t", "x9*"}, exitInvalid, []string{"matches no instance type", "p5.48xlarge"}, nil},
		{"bad glob", []string{"-t", "p5["}, exitInvalid, []string{"--type"}, nil},
		{"bad sort", []string{"--sort", "colour"}, exitInvalid, []string{`--sort: unknown value "colour"`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"catalog", "show", "--no-user-catalog"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, errOut)
			}
			text := out
			if code != 0 {
				text = errOut
				if out != "" {
					t.Errorf("refused command printed on stdout")
				}
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("missing %q (in order) in:\n%s", w, text)
				}
				at += i + len(w)
			}
			for _, a := range tc.absent {
				if strings.Contains(out, a) {
					t.Errorf("unexpected %q", a)
				}
			}
		})
	}
}

func TestNaturalLess(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"p5.4xlarge", "p5.48xlarge", true},
		{"p5.48xlarge", "p5.4xlarge", false},
		{"p5.48xlarge", "p5e.48xlarge", true},
		{"trn1.32xlarge", "trn2.48xlarge", true},
		{"p4d", "p5", true},
		{"p5", "p5", false},
		{"p5", "p5a", true},
	} {
		if got := naturalLess(tc.a, tc.b); got != tc.less {
			t.Errorf("naturalLess(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
