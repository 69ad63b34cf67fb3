package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/planner"
)

// bigConfig is scenario (a) grown to 1,024 nodes: two clusters of 512
// p5.48xlarge (the placement-group limit per cluster in the catalog).
func bigConfig(b *testing.B) Config {
	cfg, _ := loadScenario(b, scenarioA)
	s := cloneScenario(cfg.Doc.Scenario)
	s.Clusters[0].Nodes = 512
	second := s.Clusters[0]
	second.Name = "train2"
	s.Clusters = append(s.Clusters, second)
	if ds := planner.ValidateScenario("bench", s, cfg.Catalog); ds.HasErrors() {
		b.Fatal(ds)
	}
	cfg.Doc = &planner.Document{File: "bench", Scenario: s}
	return cfg
}

// BenchmarkKeystroke measures one keystroke that edits the scenario (←/→ on
// a node count: validate, evaluate, re-render the view) plus View, on a
// 1,024-node scenario at 120×40 with a baseline pinned and the Cost view
// (the widest) showing. Target: under 5 ms.
func BenchmarkKeystroke(b *testing.B) {
	for _, view := range []string{"1", "2", "3", "4", "5", "6", "7"} {
		b.Run("view"+view, func(b *testing.B) {
			m := newTestModel(b, bigConfig(b), 120, 40)
			m = send(m, keys("b", view)...)
			m = focusField(b, m, "clusters[0].nodes")
			left, right := tea.KeyMsg{Type: tea.KeyLeft}, tea.KeyMsg{Type: tea.KeyRight}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				k := left
				if i%2 == 1 {
					k = right
				}
				i++
				tm, _ := m.Update(k)
				m = tm.(Model)
				_ = m.View()
			}
			if n := m.Scenario().Clusters[0].Nodes; n != 512 && n != 256 {
				b.Fatalf("nodes %d", n)
			}
		})
	}
}

// BenchmarkFirstFrame measures what the binary does before its first frame:
// load the embedded catalog, parse and validate the scenario, evaluate it
// and render the Overview. Target (with process start-up): under 300 ms.
func BenchmarkFirstFrame(b *testing.B) {
	data := planner.ExampleScenarioYAML()
	b.ReportAllocs()
	for b.Loop() {
		cat, err := planner.LoadCatalog()
		if err != nil {
			b.Fatal(err)
		}
		doc, err := planner.Parse(planner.ExampleName, data)
		if err != nil {
			b.Fatal(err)
		}
		if ds := planner.Validate(doc, cat); ds.HasErrors() {
			b.Fatal(ds)
		}
		m := New(Config{Doc: doc, Catalog: cat, Plain: true})
		tm, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		_ = tm.View()
	}
}
