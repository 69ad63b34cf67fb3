package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// wheelLines is how far one wheel notch scrolls a view.
const wheelLines = 3

// mouse handles Bubble Tea's mouse messages (the program runs with
// tea.WithMouseCellMotion): a click on a tab switches to it, a click on an
// editor field focuses it, a click on a list item selects it (a second click
// opens it), and the wheel scrolls whatever is under the pointer. Prompts
// and a value being typed ignore the mouse.
func (m Model) mouse(msg tea.MouseMsg) (Model, tea.Cmd) {
	if m.mode == modeConfirmQuit || m.mode == modeConfirmOverwrite || m.mode == modeConfirmQuitExport || m.mode == modeSaveAs || m.mode == modeExportName || (m.editorFocus && m.editor.Typing()) {
		return m, nil
	}
	ev := tea.MouseEvent(msg)
	wheel := 0
	switch ev.Button {
	case tea.MouseButtonWheelUp:
		wheel = -1
	case tea.MouseButtonWheelDown:
		wheel = 1
	}
	inEditor := m.editorOpen && ev.X < m.editorWidth()
	row := ev.Y - headerRows // row within the content area
	inContent := row >= 0 && row < m.vp.Height
	if wheel != 0 {
		if ev.Action != tea.MouseActionPress {
			return m, nil
		}
		return m.wheel(wheel, inEditor), nil
	}
	if ev.Action != tea.MouseActionPress || ev.Button != tea.MouseButtonLeft {
		return m, nil
	}
	switch {
	case ev.Y == 1 && (m.mode == modeNormal || m.mode == modeDrill):
		if i := m.tabAt(ev.X); i >= 0 {
			m.mode = modeNormal
			m.switchView(i)
		}
	case inContent && inEditor && m.mode == modeNormal:
		if f := m.editor.fieldAtRow(row); f >= 0 {
			m.editor.cursor = f
			m.editor.note = ""
			if !m.editorFocus {
				m.editorFocus = true
				m.layout()
			}
		}
	case inContent && !inEditor && m.mode == modeDrill && !m.drill.open:
		// The list's first row is its title.
		if i := m.drill.top + row - 1; row >= 1 && i < len(m.drill.items) {
			m.drill.open = i == m.drill.cursor
			m.drill.cursor, m.drill.scroll = i, 0
		}
	}
	return m, nil
}

// wheel scrolls by one notch (dir -1 up, +1 down) what is under the pointer.
func (m Model) wheel(dir int, inEditor bool) Model {
	step := func(n int) tea.KeyMsg {
		if n < 0 {
			return tea.KeyMsg{Type: tea.KeyUp}
		}
		return tea.KeyMsg{Type: tea.KeyDown}
	}
	switch {
	case m.mode == modeExport:
		m.exportCursor = min(max(m.exportCursor+dir, 0), len(exportFormats)-1)
	case m.mode == modeSearch:
		m.search.list, _ = m.search.list.Update(step(dir), m.c, m.vp.Height)
	case m.mode == modeDrill && m.drill.open:
		m.drill.scroll = max(m.drill.scroll+dir*wheelLines, 0)
	case m.mode == modeDrill:
		m.drill, _ = m.drill.Update(step(dir), m.c, m.vp.Height)
	case inEditor:
		m.editor, _, _ = m.editor.Update(step(dir), m.c, m.ss)
	case dir < 0:
		m.vp.ScrollUp(wheelLines)
	default:
		m.vp.ScrollDown(wheelLines)
	}
	return m
}

// tabAt is the view whose tab covers column x of the tab row, or -1.
func (m Model) tabAt(x int) int {
	s := m.c.Styles
	at := 0
	for i, v := range m.views {
		t := fmt.Sprintf("%d %s", i+1, v.Title())
		w := lipgloss.Width(s.Tab.Render(t))
		if i == m.active {
			w = lipgloss.Width(s.ActiveTab.Render(s.ActiveTabMarks[0] + t + s.ActiveTabMarks[1]))
		}
		if x >= at && x < at+w {
			return i
		}
		at += w
	}
	return -1
}
