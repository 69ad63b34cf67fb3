package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/internal/renderer"
)

// TestRun covers the helper's protocol: it refuses to run by hand, refuses
// another protocol or format (exit 2), renders DOT to SVG and SVG to PNG,
// and exits 3 for a diagram too large for a PNG.
func TestRun(t *testing.T) {
	const dot = `digraph { a -> b }`
	huge := `<svg width="20000pt" height="100pt" viewBox="0.00 0.00 20000.00 100.00" xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph"></g></svg>`
	tests := []struct {
		name    string
		child   bool
		args    []string
		in      string
		code    int
		out     string // prefix of stdout
		message string // in stderr
	}{
		{"by hand", false, []string{"-protocol", "1", "svg"}, dot, 2, "", "is not run by hand"},
		{"other protocol", true, []string{"-protocol", "2", "svg"}, dot, 2, "", "speaks protocol 1"},
		{"unknown format", true, []string{"-protocol", "1", "gif"}, dot, 2, "", `format "gif"`},
		{"svg", true, []string{"-protocol", "1", "svg"}, dot, 0, "<?xml", ""},
		{"bad dot", true, []string{"-protocol", "1", "svg"}, "digraph {", 1, "", "parse DOT"},
		{"too large", true, []string{"-protocol", "1", "png"}, huge, renderer.ExitTooLarge, "", "diagram too large for PNG"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.child {
				t.Setenv(renderer.EnvChild, "1")
			} else {
				t.Setenv(renderer.EnvChild, "")
			}
			var out, errb bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.in), &out, &errb)
			if code != tc.code || !strings.HasPrefix(out.String(), tc.out) || !strings.Contains(errb.String(), tc.message) {
				t.Errorf("exit %d, stdout %.40q, stderr %q; want exit %d, stdout %q…, stderr with %q", code, out.String(), errb.String(), tc.code, tc.out, tc.message)
			}
		})
	}
	// SVG → PNG round trip.
	t.Setenv(renderer.EnvChild, "1")
	var svg, png, errb bytes.Buffer
	if run([]string{"-protocol", "1", "svg"}, strings.NewReader(dot), &svg, &errb) != 0 ||
		run([]string{"-protocol", "1", "png"}, &svg, &png, &errb) != 0 || !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")) {
		t.Errorf("svg → png failed: %s", errb.String())
	}
}
