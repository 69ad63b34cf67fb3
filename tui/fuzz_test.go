package tui

import (
	"testing"

	"github.com/topoplan/topoplan/export"
	"github.com/topoplan/topoplan/planner"
)

// FuzzFieldInput types arbitrary text into any editor field, then steps it:
// the editor must never panic, a value that does not parse must leave the
// scenario unchanged, and whatever validates must evaluate.
func FuzzFieldInput(f *testing.F) {
	cfg, _ := loadScenario(f, scenarioA)
	base := cfg.Doc.Scenario
	n := len(scenarioFields(&base))
	for _, seed := range []struct {
		i    int
		text string
	}{{2, "128"}, {2, "-1"}, {1, "p5.48xlarge"}, {0, "q"}, {40, "1e308"}, {60, "NaN"}, {70, "10.0.0.0/8, 192.168.0.0/16"}, {5, ""}} {
		f.Add(seed.i, seed.text, int8(1))
	}
	f.Fuzz(func(t *testing.T, i int, text string, dir int8) {
		s := cloneScenario(base)
		fields := scenarioFields(&s)
		fl := fields[((i%n)+n)%n]
		before := cloneScenario(s)
		if err := fl.Set(&s, text); err != nil && !equalScenario(s, before) {
			t.Fatalf("a rejected value changed the scenario (%s = %q)", fl.Path, text)
		}
		d := 1
		if dir < 0 {
			d = -1
		}
		_ = fl.Step(&s, cfg.Catalog, d)
		if !planner.ValidateScenario("fuzz", s, cfg.Catalog).HasErrors() {
			_ = planner.Evaluate(s, cfg.Catalog, planner.Options{})
		}
	})
}

// FuzzViews sets two editor fields of the shipped scenario to fuzzed text,
// steps one, and when the result validates renders every view and the
// whole screen at a fuzzed size and encodes the plan as JSON: the places
// where ±Inf and NaN used to crash (reliability review F2).
func FuzzViews(f *testing.F) {
	cfg, _ := loadScenario(f, scenarioA)
	base := cfg.Doc.Scenario
	n := len(scenarioFields(&base))
	f.Add(2, "128", 40, "1e308", int8(1), uint8(120), uint8(40))
	f.Add(30, "4294967296", 31, "2147483648", int8(1), uint8(80), uint8(24))
	f.Add(5, "1e-320", 6, "0", int8(-1), uint8(20), uint8(5))
	f.Fuzz(func(t *testing.T, i int, text string, j int, text2 string, dir int8, w, h uint8) {
		s := cloneScenario(base)
		fields := scenarioFields(&s)
		_ = fields[((i%n)+n)%n].Set(&s, text)
		fields = scenarioFields(&s)
		fl := fields[((j%len(fields))+len(fields))%len(fields)]
		_ = fl.Set(&s, text2)
		d := 1
		if dir < 0 {
			d = -1
		}
		_ = fl.Step(&s, cfg.Catalog, d)
		if planner.ValidateScenario("fuzz", s, cfg.Catalog).HasErrors() {
			return
		}
		c := cfg
		c.Doc = &planner.Document{File: "fuzz", Scenario: s}
		m := newTestModel(t, c, max(int(w), 20), max(int(h), 8))
		for _, v := range m.views {
			_ = v.Render(m.c, m.ss)
		}
		_ = m.View()
		if _, err := export.PlanJSON(m.Plan()); err != nil {
			t.Fatalf("plan JSON: %v", err)
		}
	})
}
