package planner

import (
	"os"
	"testing"
)

// BenchmarkLoadEvaluate measures parsing, validating and evaluating scenario
// (a), the 64 × p5.48xlarge pre-training estate. Target: under 1 ms.
func BenchmarkLoadEvaluate(b *testing.B) {
	data, err := os.ReadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cat := DefaultCatalog()
	b.ReportAllocs()
	for b.Loop() {
		doc, err := Parse("llm-pretraining.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		if ds := Validate(doc, cat); ds.HasErrors() {
			b.Fatal(ds)
		}
		_ = Evaluate(doc.Scenario, cat, Options{})
	}
}

// BenchmarkEvaluate measures evaluation alone of scenario (a). Target: under 50 µs.
func BenchmarkEvaluate(b *testing.B) {
	doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cat := DefaultCatalog()
	b.ReportAllocs()
	for b.Loop() {
		_ = Evaluate(doc.Scenario, cat, Options{})
	}
}
