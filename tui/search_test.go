package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// selectHit moves the search cursor onto the first match of kind whose row
// contains text.
func selectHit(t *testing.T, m Model, kind hitKind, text string) Model {
	t.Helper()
	for i, h := range m.search.hits {
		if h.kind == kind && strings.Contains(h.item.Line, text) {
			for range i {
				m = send(m, keys("down")...)
			}
			if m.search.list.cursor != i {
				t.Fatalf("cursor %d, want %d", m.search.list.cursor, i)
			}
			return m
		}
	}
	t.Fatalf("no match of kind %d with %q among %d", kind, text, len(m.search.hits))
	return m
}

// TestSearch types a query after / and jumps to a match of each kind.
func TestSearch(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m0 := newTestModel(t, cfg, 80, 24)

	t.Run("results", func(t *testing.T) {
		// Letters, q and j included, go to the query, not to the commands.
		m := send(m0, keys("/", "p5.48xlarge")...)
		if m.mode != modeSearch || m.search.input.Value() != "p5.48xlarge" {
			t.Fatalf("mode %v query %q", m.mode, m.search.input.Value())
		}
		kinds := map[hitKind]bool{}
		for _, h := range m.search.hits {
			kinds[h.kind] = true
		}
		for _, k := range []hitKind{hitField, hitCost, hitInstance} {
			if !kinds[k] {
				t.Errorf("no match of kind %d for p5.48xlarge", k)
			}
		}
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("field", func(t *testing.T) {
		m := send(m0, keys("/", "nodes")...)
		m = selectHit(t, m, hitField, "clusters[0].nodes ")
		m = send(m, keys("enter")...)
		f, _ := m.editor.current()
		if m.mode != modeNormal || !m.editorFocus || f.Path != "clusters[0].nodes" {
			t.Fatalf("mode %v focus %v field %q", m.mode, m.editorFocus, f.Path)
		}
	})
	t.Run("finding", func(t *testing.T) {
		f := m0.ss.plan.Findings[1]
		m := send(m0, keys("/", f.Code)...)
		m = selectHit(t, m, hitFinding, f.Title[:20])
		m = send(m, keys("enter")...)
		if m.mode != modeDrill || !m.drill.open || m.drill.cursor != 1 || m.active != 0 {
			t.Fatalf("mode %v open %v cursor %d view %d", m.mode, m.drill.open, m.drill.cursor, m.active)
		}
	})
	t.Run("cost line", func(t *testing.T) {
		m := send(m0, keys("/", "lustre")...)
		m = selectHit(t, m, hitCost, "FSx")
		m = send(m, keys("enter")...)
		if m.mode != modeDrill || !m.drill.open || m.views[m.active].Title() != "Cost" {
			t.Fatalf("mode %v open %v view %d", m.mode, m.drill.open, m.active)
		}
		if !strings.Contains(m.View(), "Quantity × unit price") {
			t.Fatal("the cost line's detail is not shown")
		}
	})
	t.Run("instance type", func(t *testing.T) {
		m := send(m0, keys("/", "p5.48xlarge")...)
		m = selectHit(t, m, hitInstance, "p5.48xlarge")
		m = send(m, keys("enter")...)
		if v := m.View(); m.mode != modeDrill || !strings.Contains(v, "On demand in us-east-1") {
			t.Fatalf("mode %v:\n%s", m.mode, v)
		}
	})
	t.Run("esc cancels", func(t *testing.T) {
		m := send(m0, keys("/", "x", "esc")...)
		if m.mode != modeNormal || m.active != 0 {
			t.Fatal("esc should leave the search where it started")
		}
	})
}

// TestProgramSearch is the / flow in a real program, the query arriving as
// one multi-rune message (as tmux send-keys delivers it).
func TestProgramSearch(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("p5.48xlarge")})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Matches of")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.search.input.Value() != "p5.48xlarge" || !fm.Quitting() {
		t.Fatalf("query %q quitting %v", fm.search.input.Value(), fm.Quitting())
	}
}
