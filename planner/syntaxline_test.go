package planner

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestSyntaxErrorAtLineToFix is the F18 regression: yaml.v3 reports a parser
// error at its context mark counted from 0, i.e. on the line before the list
// or mapping that holds the mistake. Each case breaks one line of a shipped
// scenario and expects the diagnostic on that line (1-based) and column.
func TestSyntaxErrorAtLineToFix(t *testing.T) {
	base, err := os.ReadFile("../testdata/scenarios/finetune-vpn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(base), "\n")
	// The lines this test edits, checked so a change to the scenario fails loudly.
	for n, want := range map[int]string{
		4: "description: LoRA-free", 7: "    cidrs: [192.168.0.0/16]", 14: "    site: office-dc",
		22: "  availability_zones: [us-west-2a, us-west-2b]", 28: "    nodes: 4",
	} {
		if !strings.HasPrefix(lines[n-1], want) {
			t.Fatalf("line %d of finetune-vpn.yaml is %q, want it to start %q", n, lines[n-1], want)
		}
	}
	tests := []struct {
		name      string
		line      int
		edit      func(string) string
		wantLine  int
		wantCol   int
		wantInMsg string
	}{
		{"unclosed quote", 4, func(l string) string { return strings.Replace(l, ": ", `: "`, 1) }, 4, 14, "quoted value is not closed"},
		{"bad indentation in a list item", 14, func(l string) string { return l[1:] }, 14, 4, "not indented like the list items"},
		{"tab indentation", 14, func(l string) string { return "\t" + strings.TrimLeft(l, " ") }, 14, 1, "not tabs"},
		{"unclosed flow list (next line is a key)", 22, func(l string) string { return strings.TrimSuffix(l, "]") }, 22, 3, "not closed with ]"},
		{"unclosed flow list inside a list item", 7, func(l string) string { return strings.TrimSuffix(l, "]") }, 7, 5, "not closed with ]"},
		{"second colon", 28, func(l string) string { return l + ": 5" }, 28, 5, "quote the value"},
		{"key without colon", 7, func(l string) string { return strings.Replace(l, "cidrs:", "cidrs", 1) }, 7, 5, "without ':'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := append([]string(nil), lines...)
			ls[tc.line-1] = tc.edit(ls[tc.line-1])
			_, err := Parse("s.yaml", []byte(strings.Join(ls, "\n")))
			var ds Diagnostics
			if !errors.As(err, &ds) || len(ds) != 1 {
				t.Fatalf("want one diagnostic, got %v", err)
			}
			d := ds[0]
			if d.Line != tc.wantLine || d.Column != tc.wantCol || !strings.Contains(d.Message, tc.wantInMsg) {
				t.Errorf("got %s\nwant s.yaml:%d:%d: …%s…", d, tc.wantLine, tc.wantCol, tc.wantInMsg)
			}
		})
	}
}

// A multi-line flow list is valid YAML: the prefix search must not blame its
// first line for a later mistake.
func TestSyntaxErrorNotBlamedOnMultiLineList(t *testing.T) {
	src := "name: x\naws:\n  availability_zones: [us-west-2a,\n    us-west-2b]\n  region: us-west-2\n   vpc_cidr: 10.0.0.0/16\n"
	_, err := Parse("m.yaml", []byte(src))
	var ds Diagnostics
	if !errors.As(err, &ds) || len(ds) != 1 {
		t.Fatalf("want one diagnostic, got %v", err)
	}
	if ds[0].Line != 6 {
		t.Errorf("got %s, want line 6", ds[0])
	}
}
