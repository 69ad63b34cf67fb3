package planner

import (
	"os"
	"testing"
)

// BenchmarkLoadEvaluate measures parsing, validating and evaluating scenario
// (a), the 64 × p5.48xlarge pre-training estate, as a process's first
// evaluation (no layout search remembered). Target: under 1 ms.
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
		ForgetLayoutSearches()
		_ = Evaluate(doc.Scenario, cat, Options{})
	}
}

// BenchmarkEvaluate measures evaluation alone of scenario (a) as the planner
// re-evaluates it after an edit that leaves the training job as it was (a
// link, a subnet, a price): the layout searches come from the memo
// (memoSearch). BenchmarkEvaluateFreshSearch times it with the searches.
// Target (performance review): under 50 µs.
func BenchmarkEvaluate(b *testing.B) { benchEvaluate(b, false) }

// BenchmarkEvaluateFreshSearch measures evaluation of scenario (a) with no
// layout search remembered, as a process's first evaluation or an edit to
// the training job (its shape, nodes, instance type) makes it.
func BenchmarkEvaluateFreshSearch(b *testing.B) { benchEvaluate(b, true) }

// benchEvaluate times Evaluate of scenario (a), forgetting the remembered
// layout searches before each evaluation when fresh.
func benchEvaluate(b *testing.B, fresh bool) {
	doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cat := DefaultCatalog()
	b.ReportAllocs()
	for b.Loop() {
		if fresh {
			ForgetLayoutSearches()
		}
		_ = Evaluate(doc.Scenario, cat, Options{})
	}
}
