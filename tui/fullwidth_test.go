package tui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestFullWidth: f hides the editor beside the views and the views take the
// whole width; it holds across resizes, views and a visit to the editor (e
// shows it while focused), until f again.
func TestFullWidth(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	if !m.editorOpen {
		t.Fatal("at 120 columns the editor starts open")
	}
	m = send(m, keys("f")...)
	if m.editorOpen || m.vp.Width != 120 {
		t.Fatalf("f: editor open %v, view width %d", m.editorOpen, m.vp.Width)
	}
	t.Run("golden", func(t *testing.T) { golden.RequireEqual(t, []byte(send(m, keys("2")...).View())) })
	m = send(m, tea.WindowSizeMsg{Width: 140, Height: 40}, keys("3")[0])
	if m.editorOpen || m.vp.Width != 140 {
		t.Fatal("full width lost on a resize or a view switch")
	}
	m = send(m, keys("e")...)
	if !m.editorOpen || !m.editorFocus {
		t.Fatal("e must still open the editor")
	}
	m = send(m, keys("esc")...)
	if m.editorOpen {
		t.Fatal("leaving the editor in full width hides it again")
	}
	m = send(m, keys("f")...)
	if !m.editorOpen || m.vp.Width >= 140 {
		t.Fatal("f again brings the editor back")
	}
}

// TestProgramFullWidth is the flow in a real program: f, a resize, q.
func TestProgramFullWidth(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(120, 40))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
	tm.Send(tea.WindowSizeMsg{Width: 150, Height: 45})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !fm.fullWidth || fm.editorOpen || fm.vp.Width != 150 {
		t.Fatalf("full width %v, editor open %v, view width %d", fm.fullWidth, fm.editorOpen, fm.vp.Width)
	}
}
