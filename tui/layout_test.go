package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// TestFitsTerminal resizes through several sizes, with the editor open and
// closed and help shown, and checks every frame fits the terminal exactly.
func TestFitsTerminal(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/*.yaml")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { fitsTerminal(t, f) })
	}
}

func fitsTerminal(t *testing.T, file string) {
	cfg, _ := loadScenario(t, file)
	m := newTestModel(t, cfg, 80, 24)
	m = send(m, keys("b")...)
	for _, size := range [][2]int{{80, 24}, {100, 30}, {200, 60}, {120, 40}, {80, 24}} {
		m = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, extra := range [][]string{nil, {"e"}, {"?"}, {"?", "e"}} {
			for v := 1; v <= len(m.views); v++ {
				mm := send(m, keys(extra...)...)
				mm = send(mm, keys(fmt.Sprint(v))...)
				frame := mm.View()
				lines := strings.Split(frame, "\n")
				name := fmt.Sprintf("%dx%d view %d %v", size[0], size[1], v, extra)
				if len(lines) > size[1] {
					t.Errorf("%s: %d lines, terminal has %d", name, len(lines), size[1])
				}
				for i, l := range lines {
					if w := lipgloss.Width(l); w > size[0] {
						t.Errorf("%s: line %d is %d wide: %q", name, i, w, l)
						break
					}
				}
			}
		}
	}
}
