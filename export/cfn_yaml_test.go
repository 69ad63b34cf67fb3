package export

import (
	"bytes"
	"testing"
)

// TestTemplateYAMLMatchesGoformation: templateYAML writes, byte for byte,
// what goformation's own Template.YAML writes for the template of every
// shipped scenario (the program avoids calling Template.YAML only to keep
// goformation's resource table out of the binary; see templateYAML).
func TestTemplateYAMLMatchesGoformation(t *testing.T) {
	checked := 0
	for _, f := range scenarioFiles(t) {
		b, err := newCFNBuilder(loadInput(t, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.build(); err != nil {
			t.Fatal(err)
		}
		want, err := b.t.YAML()
		if err != nil {
			t.Fatal(err)
		}
		got, err := templateYAML(b.t)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: templateYAML differs from Template.YAML:\n--- goformation\n%s\n--- templateYAML\n%s", scenarioName(f), want, got)
		}
		checked++
	}
	if checked < 2 {
		t.Fatalf("only %d templates compared", checked)
	}
}
