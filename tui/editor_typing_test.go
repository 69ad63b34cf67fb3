package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// TestTypedValueHasNoEscapeGarbage is the new-user trial's B1: typing a
// value in the editor, in the colour theme on a colour terminal, must show
// the value and a cursor, never a cut escape sequence such as "[7m" as text.
func TestTypedValueHasNoEscapeGarbage(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })

	cfg, _ := loadScenario(t, scenarioA)
	cfg.Plain = false
	for _, tc := range []struct {
		name   string
		width  int
		height int
		typed  []string
		want   string
	}{
		{"enter 120x40", 120, 40, nil, "64"},
		{"typed 120x40", 120, 40, []string{"backspace", "backspace", "192"}, "192"},
		{"typed 80x24", 80, 24, []string{"backspace", "backspace", "96"}, "96"},
		{"cursor mid-value 80x24", 80, 24, []string{"left"}, "64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, cfg, tc.width, tc.height)
			m = focusField(t, m, "clusters[0].nodes")
			m = send(m, keys("enter")...)
			m = send(m, keys(tc.typed...)...)
			if !m.editor.Typing() {
				t.Fatal("not typing")
			}
			view := m.View()
			if !strings.Contains(view, "\x1b[") {
				t.Fatal("no styling at all: the test needs a colour profile")
			}
			plain := ansi.Strip(view)
			for _, junk := range []string{"[7m", "[0m", "[4", "\x1b"} {
				if strings.Contains(plain, junk) {
					t.Errorf("escape-code garbage %q in the text:\n%s", junk, plain)
				}
			}
			var line string
			for _, l := range strings.Split(plain, "\n") {
				if strings.Contains(l, "✎ ") && strings.Contains(l, "nodes") {
					line = l
				}
			}
			if !strings.Contains(line, tc.want) {
				t.Errorf("the typed field's line %q does not show %q", line, tc.want)
			}
		})
	}
}
