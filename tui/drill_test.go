package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// TestFindingsDrill selects a finding on the Overview and opens it: its
// Detail and Remedy are shown in full, esc goes back to the list, esc again
// to the view.
func TestFindingsDrill(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	fs := m.ss.plan.Findings
	if len(fs) < 2 {
		t.Fatalf("scenario A needs two findings, has %d", len(fs))
	}
	m = send(m, keys("enter", "down")...)
	if m.mode != modeDrill || m.drill.cursor != 1 {
		t.Fatalf("mode %v cursor %d: want the findings list on the second finding", m.mode, m.drill.cursor)
	}
	t.Run("list", func(t *testing.T) { golden.RequireEqual(t, []byte(m.View())) })
	m = send(m, keys("enter")...)
	view := strings.Join(strings.Fields(m.View()), " ")
	for _, want := range []string{fs[1].Title[:20], fs[1].Detail[:20], "Remedy: " + fs[1].Remedy[:10]} {
		if !strings.Contains(view, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the detail lacks %q", want)
		}
	}
	t.Run("detail", func(t *testing.T) { golden.RequireEqual(t, []byte(m.View())) })
	m = send(m, keys("esc")...)
	if m.mode != modeDrill || m.drill.open {
		t.Fatal("esc should go back to the list")
	}
	m = send(m, keys("esc")...)
	if m.mode != modeNormal {
		t.Fatal("esc should leave the list")
	}
}

// TestFindingsDrillNoColor: the selected finding is marked with a glyph, so
// it stays visible when NO_COLOR strips reverse video.
func TestFindingsDrillNoColor(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.Ascii)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	m = send(m, keys("enter", "down")...)
	view := m.View()
	if strings.Contains(view, "\x1b[") {
		t.Fatal("the Ascii profile must strip every attribute")
	}
	if n := strings.Count(view, "▸ "); n != 1 {
		t.Fatalf("want one ▸ marker, got %d:\n%s", n, view)
	}
	golden.RequireEqual(t, []byte(view))
}

// TestProgramFindingsDrill is the flow in a real program: enter, ↓, enter
// shows the second finding's remedy; esc esc q quits.
func TestProgramFindingsDrill(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	remedy := New(cfg).ss.plan.Findings[1].Remedy
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Remedy:")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !fm.Quitting() || fm.mode != modeNormal || remedy == "" {
		t.Fatalf("quitting %v mode %v remedy %q", fm.Quitting(), fm.mode, remedy)
	}
}

// TestCostLineDrill: enter on the Cost view selects among the line items;
// enter opens one to its quantity × unit price, confidence, read date,
// source and note.
func TestCostLineDrill(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	lines := m.ss.plan.MonthlyCost.Lines
	m = send(m, keys("4", "enter", "down")...)
	if m.mode != modeDrill || m.drill.cursor != 1 || len(m.drill.items) != len(lines) {
		t.Fatalf("mode %v cursor %d items %d: want the cost lines on the second", m.mode, m.drill.cursor, len(m.drill.items))
	}
	t.Run("list", func(t *testing.T) { golden.RequireEqual(t, []byte(m.View())) })
	m = send(m, keys("enter")...)
	view := strings.Join(strings.Fields(m.View()), " ")
	l := lines[1]
	for _, want := range []string{"Quantity × unit price:", l.QuantityUnit, "$" + trimPrice(l.UnitPriceUSD), "Confidence: " + l.Confidence, "Read on: " + l.ReadOn, "Source: " + l.Source[:min(len(l.Source), 20)]} {
		if !strings.Contains(view, want) {
			t.Errorf("the cost line's detail lacks %q:\n%s", want, m.View())
		}
	}
	t.Run("detail", func(t *testing.T) { golden.RequireEqual(t, []byte(m.View())) })
}

// TestAssumptionDrill: the Overview's list carries the assumptions after
// the findings; the last one opens to its value and source.
func TestAssumptionDrill(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 100, 30)
	p := m.ss.plan
	if len(p.Training) == 0 || len(p.Training[0].Assumptions) == 0 {
		t.Fatal("scenario A has no assumptions")
	}
	m = send(m, keys("enter", "G", "enter")...)
	view := m.View()
	for _, want := range []string{"ASSUMED", "Value:", "Confidence:"} {
		if !strings.Contains(view, want) {
			t.Errorf("the assumption's detail lacks %q:\n%s", want, view)
		}
	}
	golden.RequireEqual(t, []byte(view))
}

// TestProgramCostDrill is the cost drill-down in a real program.
func TestProgramCostDrill(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4")})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Quantity × unit price")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !fm.Quitting() || !fm.drill.open {
		t.Fatalf("quitting %v, detail open %v", fm.Quitting(), fm.drill.open)
	}
}

// TestDrillDetailScrolls: a detail longer than the pane scrolls with the
// page keys and G, and ↑/↓ still step to the neighbouring item.
func TestDrillDetailScrolls(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 12)
	m = send(m, keys("4", "enter", "down", "enter")...)
	it := m.drill.items[1]
	last := strings.Fields(it.Detail[len(it.Detail)-1])
	end := last[len(last)-1]
	if strings.Contains(m.View(), end) {
		t.Skip("the detail fits at 80×12")
	}
	m = send(m, keys("G")...)
	if !strings.Contains(m.View(), end) {
		t.Fatalf("G in the detail does not reach its end %q:\n%s", end, m.View())
	}
	m = send(m, keys("down")...)
	if m.drill.cursor != 2 || m.drill.scroll != 0 || !m.drill.open {
		t.Fatal("↓ in the detail steps to the next item, from its top")
	}
}
