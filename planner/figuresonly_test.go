package planner

import (
	"path/filepath"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// TestFiguresOnlyMatchesEvaluate checks that the figures-only evaluation
// Uncertain's re-evaluations use gives the full evaluation's figures (every
// training job's time to train and cost per run, the monthly run-rate), for
// every shipped scenario at its typical values and at each uncertain
// input's two ends, with the typical layouts held in both; and that an
// input that changes only a catalog model constant leaves the run-rate as
// it was (Uncertain then reuses the typical one).
func TestFiguresOnlyMatchesEvaluate(t *testing.T) {
	files := shippedScenarios(t)
	cat := DefaultCatalog()
	compared := 0
	for f, doc := range files {
		held := layoutCache{}
		base := Evaluate(doc.Scenario, cat, Options{layouts: held})
		check := func(what string, s model.Scenario, c *model.Catalog, catalogOnly bool) {
			t.Helper()
			full := Evaluate(s, c, Options{held: held})
			fast := Evaluate(s, c, Options{held: held, figuresOnly: true})
			if catalogOnly {
				// Uncertain hands such a re-evaluation the typical run-rate:
				// a catalog model constant must not move it.
				fast = Evaluate(s, c, Options{held: held, figuresOnly: true, monthly: &base.MonthlyCost})
			}
			if full.MonthlyCost.TotalUSD != fast.MonthlyCost.TotalUSD {
				t.Errorf("%s %s: monthly %v (full) vs %v (figures only)", f, what, full.MonthlyCost.TotalUSD, fast.MonthlyCost.TotalUSD)
			}
			if len(full.Training) != len(fast.Training) {
				t.Fatalf("%s %s: %d training plans (full) vs %d (figures only)", f, what, len(full.Training), len(fast.Training))
			}
			for i := range full.Training {
				a, b := full.Training[i], fast.Training[i]
				if a.Job != b.Job || a.TimeToTrainDays != b.TimeToTrainDays || a.RunCost != b.RunCost {
					t.Errorf("%s %s job %s: %v days, %+v (full) vs %s %v days, %+v (figures only)", f, what, a.Job, a.TimeToTrainDays, a.RunCost, b.Job, b.TimeToTrainDays, b.RunCost)
				}
			}
			compared++
		}
		check("typical", doc.Scenario, cat, false)
		for ti, tp := range base.Training {
			if tp.Job == "" {
				continue
			}
			for _, in := range uncertainInputs(doc, cat, base, ti) {
				if in.apply == nil {
					continue
				}
				for _, v := range []float64{in.Low, in.High} {
					s, c := doc.Scenario, shallowCatalog(cat)
					in.apply(&s, c, v)
					check(in.Name, s, c, in.Kind == "catalog")
				}
			}
		}
	}
	if compared < 2*len(files) {
		t.Fatalf("only %d evaluations compared over %d scenarios", compared, len(files))
	}
}

// shippedScenarios loads every scenario in testdata/scenarios, by file name.
func shippedScenarios(t *testing.T) map[string]*Document {
	t.Helper()
	files, err := filepath.Glob("../testdata/scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no shipped scenarios", err)
	}
	docs := make(map[string]*Document, len(files))
	for _, f := range files {
		doc, err := LoadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = doc
	}
	return docs
}
