package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCatalogTextEscaped: catalog strings are not scenario names, so no
// validation keeps control characters out of them; an overlay whose source
// and note carry an OSC title change and a CSI clear-screen is shown
// escaped by `catalog show` in table and Markdown (F10).
func TestCatalogTextEscaped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "esc.json")
	overlay := `{"instances":{"p5.48xlarge":{"prices":{"us-east-1":{"on_demand_usd_per_hour":60,"source":"evil\u001b]0;PWNED\u0007","note":"n\u001b[2J\ttab"}}}}}`
	if err := os.WriteFile(path, []byte(overlay), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "markdown"} {
		out, errOut, code := runCLI(t, "catalog", "show", "--no-user-catalog", "--catalog", path, "--type", "p5.48xlarge", "-f", format)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		if strings.ContainsAny(out, "\x1b\a") {
			t.Errorf("%s: raw control byte reaches the output:\n%q", format, out)
		}
		if !strings.Contains(out, `evil\x1b]0;PWNED\x07`) {
			t.Errorf("%s: the overlay's source is not shown escaped:\n%s", format, out)
		}
	}
}
