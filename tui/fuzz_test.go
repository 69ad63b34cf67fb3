package tui

import (
	"testing"

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
