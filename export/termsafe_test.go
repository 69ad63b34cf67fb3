package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestTablesEscapeControlCharacters: a plan built in code (no validation)
// whose names carry an OSC title change, CSI sequences, a tab and a
// newline prints them escaped in the table, Markdown and address outputs:
// no raw ESC/BEL byte, and every table row keeps one line (F10).
func TestTablesEscapeControlCharacters(t *testing.T) {
	evil := "gpu\x1b]0;PWNED\a\x1b[2J\tx\ny"
	var p model.Plan
	p.Scenario.Name = evil
	p.Scenario.Region = "us-east-1"
	p.MonthlyCost.Lines = []model.CostLine{{Category: "compute", Item: evil, Quantity: 1, QuantityUnit: "h", UnitPriceUSD: 1, MonthlyUSD: 1, Confidence: "user"}}
	outs := map[string][]byte{"table": PlanTable(p), "markdown": PlanMarkdown(p)}
	if b, err := AddressPlan(p, FormatTable); err == nil {
		outs["address"] = b
	} else {
		t.Fatal(err)
	}
	for name, out := range outs {
		if bytes.ContainsAny(out, "\x1b\a\r") {
			t.Errorf("%s: raw control byte in output:\n%q", name, out)
		}
		if !bytes.Contains(out, []byte(`\x1b]0;PWNED\x07`)) {
			t.Errorf("%s: the name is not shown escaped:\n%s", name, out)
		}
	}
	for _, line := range strings.Split(string(outs["table"]), "\n") {
		if strings.HasPrefix(line, "y") {
			t.Errorf("a newline in a name split a table row: %q", line)
		}
	}
}
