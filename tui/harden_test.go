package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestF1AltDInTypedField is the reliability review's F1: e ↓ ↓ → enter ←
// alt+d panicked inside bubbles' textinput (deleteWordForward indexes past
// the value when the cursor is on its last character). Every text field of
// the TUI must take alt+d and alt+delete at every cursor position.
func TestF1AltDInTypedField(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	altD := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'d'}, Alt: true}
	altDel := tea.KeyMsg{Type: tea.KeyDelete, Alt: true}
	for _, tc := range []struct {
		name  string
		setup func(Model) Model
	}{
		{"editor value", func(m Model) Model {
			m = focusField(t, m, "clusters[0].nodes")
			m = send(m, keys("right", "enter")...)
			if !m.editor.Typing() {
				t.Fatal("not typing")
			}
			return m
		}},
		{"save as", func(m Model) Model {
			m.path = ""
			m = send(m, keys("s")...)
			if m.mode != modeSaveAs {
				t.Fatalf("mode %v, want save-as", m.mode)
			}
			return m
		}},
		{"search", func(m Model) Model { return send(m, keys("/", "nodes x")...) }},
	} {
		for back := 0; back <= 3; back++ {
			for _, k := range []tea.KeyMsg{altD, altDel} {
				m := tc.setup(newTestModel(t, cfg, 120, 40))
				for i := 0; i < back; i++ {
					m = send(m, keys("left")...)
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Fatalf("%s, cursor %d from the end, %s: panic %v", tc.name, back, k, r)
						}
					}()
					m = send(m, k, k)
					_ = m.View()
				}()
			}
		}
	}
}
