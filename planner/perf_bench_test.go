package planner

import "testing"

// BenchmarkEvaluate1024Nodes measures evaluation of scenario (a) with its
// cluster grown to 1,024 × p5.48xlarge (8,192 H100). Target: under 100 µs.
// (Evaluate does not validate, so the placement-group sanity limit does not
// apply.)
func BenchmarkEvaluate1024Nodes(b *testing.B) {
	doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s := doc.Scenario
	s.Clusters[0].Nodes = 1024
	cat := DefaultCatalog()
	if p := Evaluate(s, cat, Options{}); p.Training[0].Nodes != 1024 {
		b.Fatal("cluster not resized")
	}
	b.ReportAllocs()
	for b.Loop() {
		ForgetLayoutSearches() // the cluster's size is the edit: search again
		_ = Evaluate(s, cat, Options{})
	}
}

// BenchmarkScalingCurve measures a 7-point scaling curve of scenario (a).
func BenchmarkScalingCurve(b *testing.B) {
	doc, err := LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cat := DefaultCatalog()
	nodes := []int{4, 8, 16, 32, 64, 128, 256}
	b.ReportAllocs()
	for b.Loop() {
		_ = ScalingCurve(doc.Scenario, cat, "llm-70b", nodes)
	}
}
