package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestNoColorMarkersVisible is the new-user trial's B7: under NO_COLOR
// (plain theme, and a profile that strips every SGR attribute, bold and
// reverse included) the active tab and the step bar's terms must still be
// told apart by text and glyphs alone.
func TestNoColorMarkersVisible(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.Ascii)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })

	cfg, _ := loadScenario(t, scenarioA)
	m0 := newTestModel(t, cfg, 120, 40)
	for i, v := range m0.views {
		t.Run(v.Title(), func(t *testing.T) {
			m := send(m0, keys(fmt.Sprint(i+1))...)
			view := m.View()
			if strings.Contains(view, "\x1b[") {
				t.Fatal("the Ascii profile must strip every attribute")
			}
			tabs := strings.Split(view, "\n")[1]
			want := fmt.Sprintf("[%d %s]", i+1, v.Title())
			if !strings.Contains(tabs, want) || strings.Count(tabs, "[") != 1 {
				t.Errorf("tab row %q: want exactly one marked tab, %q", tabs, want)
			}
			if i == 0 {
				// The step bar and its legend: one glyph per term.
				for _, g := range []string{"█ compute", "▓ recompute", "▒ TP comm"} {
					if !strings.Contains(view, g) {
						t.Errorf("Overview lacks the legend entry %q", g)
					}
				}
			}
		})
	}
}
