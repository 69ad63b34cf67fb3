package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
)

// TestTopBottomPageKeys: on every view G goes to the last line, g back to
// the first, pgdn/ctrl+f and pgup/ctrl+b move by a page; in the editor, the
// findings list and the export dialog they move the cursor.
func TestTopBottomPageKeys(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m0 := newTestModel(t, cfg, 80, 24)
	for i, v := range m0.views {
		t.Run(v.Title(), func(t *testing.T) {
			m := send(m0, keys(fmt.Sprint(i+1))...)
			if m.vp.TotalLineCount() <= m.vp.Height {
				t.Skip("fits on one page at 80×24")
			}
			m = send(m, keys("G")...)
			if !m.vp.AtBottom() {
				t.Fatal("G: not at the bottom")
			}
			m = send(m, keys("g")...)
			if !m.vp.AtTop() {
				t.Fatal("g: not at the top")
			}
			m = send(m, tea.KeyMsg{Type: tea.KeyCtrlF})
			if m.vp.YOffset == 0 {
				t.Fatal("ctrl+f did not page down")
			}
			m = send(m, tea.KeyMsg{Type: tea.KeyPgUp})
			if m.vp.YOffset != 0 {
				t.Fatal("pgup did not page back")
			}
			m = send(m, tea.KeyMsg{Type: tea.KeyEnd}, tea.KeyMsg{Type: tea.KeyHome})
			if !m.vp.AtTop() {
				t.Fatal("end then home: not at the top")
			}
		})
	}
	t.Run("editor", func(t *testing.T) {
		m := send(m0, keys("e", "G")...)
		if m.editor.cursor != len(m.editor.fields)-1 {
			t.Fatalf("G: cursor %d of %d fields", m.editor.cursor, len(m.editor.fields))
		}
		m = send(m, keys("g")...)
		if m.editor.cursor != 0 {
			t.Fatal("g: not on the first field")
		}
		m = send(m, tea.KeyMsg{Type: tea.KeyPgDown})
		if m.editor.cursor == 0 {
			t.Fatal("pgdn did not move the cursor")
		}
	})
	t.Run("findings", func(t *testing.T) {
		m := send(m0, keys("enter", "G")...)
		if n := len(m.drill.items); n < len(m.ss.plan.Findings) || m.drill.cursor != n-1 {
			t.Fatalf("G: cursor %d of %d", m.drill.cursor, n)
		}
		m = send(m, keys("g")...)
		if m.drill.cursor != 0 {
			t.Fatal("g: not on the first finding")
		}
	})
	t.Run("export", func(t *testing.T) {
		m := send(m0, keys("x", "G")...)
		if m.exportCursor != len(exportFormats)-1 {
			t.Fatal("G: not on the last format")
		}
	})
}

// TestBottomGolden is the Training view scrolled to its end with G at 80×24.
func TestBottomGolden(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	m = send(m, keys("7", "G")...)
	golden.RequireEqual(t, []byte(m.View()))
}

// TestFullHelpFits80: the full help (?) of every mode lists every key at 80
// columns, no column cut off.
func TestFullHelpFits80(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m0 := newTestModel(t, cfg, 80, 24)
	for name, ks := range map[string][]string{"browse": {"?"}, "editing": {"e", "?"}, "findings": {"enter", "?"}, "export": {"x", "?"}} {
		t.Run(name, func(t *testing.T) {
			m := send(m0, keys(ks...)...)
			h := m.help.FullHelpView(m.helpKeys().FullHelp())
			if strings.Contains(h, "…") {
				t.Fatalf("help cut at 80 columns:\n%s", h)
			}
			for _, col := range m.helpKeys().FullHelp() {
				for _, b := range col {
					if !strings.Contains(h, b.Help().Desc) {
						t.Errorf("help lacks %q", b.Help().Desc)
					}
				}
			}
		})
	}
}
