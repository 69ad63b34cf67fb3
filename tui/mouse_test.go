package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
}

func wheelAt(x, y, dir int) tea.MouseMsg {
	b := tea.MouseButtonWheelDown
	if dir < 0 {
		b = tea.MouseButtonWheelUp
	}
	return tea.MouseMsg{X: x, Y: y, Button: b, Action: tea.MouseActionPress}
}

// tabX is a column inside view i's tab.
func tabX(t *testing.T, m Model, i int) int {
	t.Helper()
	for x := range m.c.Width {
		if m.tabAt(x) == i {
			return x + 1
		}
	}
	t.Fatalf("no tab %d", i)
	return 0
}

// TestMouse: clicks on tabs, editor fields and list items, and the wheel
// over a view, the editor and a list, as Bubble Tea delivers them.
func TestMouse(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	t.Run("tabs and wheel", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		for _, i := range []int{3, 6, 0, 1} {
			m = send(m, click(tabX(t, m, i), 1))
			if m.active != i {
				t.Fatalf("click on tab %d shows view %d", i+1, m.active+1)
			}
		}
		m = send(m, click(tabX(t, m, 3), 1), wheelAt(40, 10, 1))
		if m.vp.YOffset != wheelLines {
			t.Fatalf("wheel down: offset %d", m.vp.YOffset)
		}
		golden.RequireEqual(t, []byte(m.View()))
		m = send(m, wheelAt(40, 10, -1))
		if m.vp.YOffset != 0 {
			t.Fatal("wheel up did not scroll back")
		}
	})
	t.Run("editor field", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		_ = m.View() // the editor records which field each row shows
		row, f := -1, -1
		for r := 5; r < m.vp.Height; r++ {
			if f = m.editor.fieldAtRow(r); f > 0 {
				row = r
				break
			}
		}
		if row < 0 {
			t.Fatal("no field row in the editor")
		}
		m = send(m, click(3, headerRows+row))
		if !m.editorFocus || m.editor.cursor != f {
			t.Fatalf("click: focus %v cursor %d, want field %d", m.editorFocus, m.editor.cursor, f)
		}
		m = send(m, wheelAt(3, 10, 1))
		if m.editor.cursor != f+1 {
			t.Fatal("the wheel over the editor moves its cursor")
		}
		if m.vp.YOffset != 0 {
			t.Fatal("the wheel over the editor scrolled the view")
		}
	})
	t.Run("list item", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys("enter")...)
		m = send(m, click(10, headerRows+3)) // title, item 0, item 1, item 2
		if m.drill.cursor != 2 || m.drill.open {
			t.Fatalf("click selects: cursor %d open %v", m.drill.cursor, m.drill.open)
		}
		m = send(m, click(10, headerRows+3))
		if !m.drill.open {
			t.Fatal("a second click opens the item")
		}
		m = send(m, wheelAt(10, 10, 1), click(tabX(t, m, 4), 1))
		if m.mode != modeNormal || m.active != 4 {
			t.Fatal("a tab click leaves the list for the view")
		}
	})
	t.Run("ignored while typing", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = focusField(t, m, "clusters[0].nodes")
		m = send(m, keys("enter")...)
		m = send(m, click(tabX(t, m, 3), 1))
		if m.active != 0 || !m.editor.Typing() {
			t.Fatal("a click while typing a value must change nothing")
		}
	})
}

// TestProgramMouse sends mouse messages to a real program.
func TestProgramMouse(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 100, 30)
	x := tabX(t, m, 4)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	tm.Send(click(x, 1))
	tm.Send(wheelAt(50, 10, 1))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if fm.active != 4 || !fm.Quitting() {
		t.Fatalf("view %d quitting %v", fm.active+1, fm.Quitting())
	}
}
