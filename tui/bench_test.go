package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// bigConfig is scenario (a) grown to 1,024 nodes: two clusters of 512
// p5.48xlarge (the placement-group limit per cluster in the catalog).
func bigConfig(b *testing.B) Config {
	cfg, _ := loadScenario(b, scenarioA)
	s := cloneScenario(cfg.Doc.Scenario)
	s.Clusters[0].Nodes = 512
	// On demand: an account holds at most 256 instances across Capacity
	// Blocks, which scenario (a) buys.
	s.Clusters[0].Purchase = model.Purchase{Option: model.PurchaseOnDemand}
	second := s.Clusters[0]
	second.Name = "train2"
	s.Clusters = append(s.Clusters, second)
	if ds := planner.ValidateScenario("bench", s, cfg.Catalog); ds.HasErrors() {
		b.Fatal(ds)
	}
	cfg.Doc = &planner.Document{File: "bench", Scenario: s}
	return cfg
}

// Keystroke benchmarks: Update + View of one key on a 1,024-node scenario at
// 120×40 with a baseline pinned, for every view (1–7). Goal (issue 14): at
// most 2 ms on every view. Besides ns/op each reports cpu-ns/op, the
// process's CPU time per op (user+sys, GC included), which a shared, loaded
// machine inflates less than wall time.

// BenchmarkKeystroke edits the scenario: ←/→ on clusters[0].nodes, 512 and
// 256 in turn (validate, evaluate, re-render the view). Each key makes a new
// plan, so the view is rendered again; the Network view's charts come from
// its chart cache after the first two keys, as when comparing two values.
func BenchmarkKeystroke(b *testing.B) {
	benchKeystroke(b, "clusters[0].nodes", "left", "right", func(Model) {})
}

// BenchmarkKeystrokeNewCharts is BenchmarkKeystroke with the Network view's
// chart cache emptied before every key: every keystroke draws both charts,
// as when stepping through values not shown before. The other views keep no
// chart cache, so only view 2 is measured.
func BenchmarkKeystrokeNewCharts(b *testing.B) {
	benchKeystroke(b, "clusters[0].nodes", "left", "right", func(m Model) {
		m.views[1].(network).charts.clear()
	}, "2")
}

// BenchmarkKeystrokeMove moves the editor's cursor (↓/↑) without editing:
// the plan is unchanged, so the view comes from the view cache.
func BenchmarkKeystrokeMove(b *testing.B) {
	benchKeystroke(b, "clusters[0].nodes", "down", "up", func(Model) {})
}

func benchKeystroke(b *testing.B, field, k1, k2 string, before func(Model), views ...string) {
	if len(views) == 0 {
		views = []string{"1", "2", "3", "4", "5", "6", "7"}
	}
	for _, view := range views {
		b.Run("view"+view, func(b *testing.B) {
			m := newTestModel(b, bigConfig(b), 120, 40)
			m = send(m, keys("b", view)...)
			m = focusField(b, m, field)
			first, second := keys(k1)[0], keys(k2)[0]
			b.ReportAllocs()
			cpu := startCPU()
			i := 0
			for b.Loop() {
				k := first
				if i%2 == 1 {
					k = second
				}
				i++
				before(m)
				tm, _ := m.Update(k)
				m = tm.(Model)
				_ = m.View()
			}
			cpu.report(b)
			if n := m.Scenario().Clusters[0].Nodes; n != 512 && n != 256 {
				b.Fatalf("nodes %d", n)
			}
		})
	}
}

// BenchmarkFirstFrame measures what the binary does, after Go's package
// initialisation, before its first frame: decode the embedded catalog,
// parse and validate the scenario, evaluate it and render the Overview
// ("new model → first View string"). Target (issue 14): the first frame in
// 100 ms; go-graphviz's package init (it compiles its WebAssembly Graphviz,
// 0.1–0.4 s) comes before main and is not part of this figure.
// BenchmarkFirstFrameParts splits it.
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
		planner.ForgetLayoutSearches() // a first frame remembers none
		m := New(Config{Doc: doc, Catalog: cat, Plain: true})
		tm, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		_ = tm.View()
	}
}

// BenchmarkFirstFrameParts splits BenchmarkFirstFrame into its steps.
func BenchmarkFirstFrameParts(b *testing.B) {
	data := planner.ExampleScenarioYAML()
	cat, err := planner.LoadCatalog()
	if err != nil {
		b.Fatal(err)
	}
	doc, err := planner.Parse(planner.ExampleName, data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("catalog", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := planner.LoadCatalog(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse+validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := planner.Parse(planner.ExampleName, data)
			if err != nil {
				b.Fatal(err)
			}
			if ds := planner.Validate(d, cat); ds.HasErrors() {
				b.Fatal(ds)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			planner.ForgetLayoutSearches()
			_ = planner.Evaluate(doc.Scenario, cat, planner.Options{})
		}
	})
	b.Run("new+view", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			planner.ForgetLayoutSearches()
			m := New(Config{Doc: doc, Catalog: cat, Plain: true})
			tm, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
			_ = tm.View()
		}
	})
}
