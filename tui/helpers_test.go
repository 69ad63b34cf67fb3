package tui

import (
	"os"
	"reflect"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/planner"
)

// loadScenario parses and validates a scenario file of the repository's testdata.
func loadScenario(t testing.TB, path string) (Config, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cat := planner.DefaultCatalog()
	doc, err := planner.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if ds := planner.Validate(doc, cat); ds.HasErrors() {
		t.Fatal(ds)
	}
	return Config{Doc: doc, Path: path, Source: data, Catalog: cat, Plain: true}, data
}

// newTestModel builds a plain-theme model at width × height.
func newTestModel(t testing.TB, cfg Config, width, height int) Model {
	t.Helper()
	m := New(cfg)
	return send(m, tea.WindowSizeMsg{Width: width, Height: height})
}

// send delivers messages in order, running any command synchronously
// (saves included) and feeding its message back, as the program would.
func send(m Model, msgs ...tea.Msg) Model {
	for _, msg := range msgs {
		tm, cmd := m.Update(msg)
		m = tm.(Model)
		queue := []tea.Cmd{cmd}
		for len(queue) > 0 {
			cmd, queue = queue[0], queue[1:]
			if cmd == nil {
				continue
			}
			out := cmd()
			if seq, ok := sequence(out); ok {
				queue = append(seq, queue...)
				continue
			}
			switch out.(type) {
			case savedMsg, errMsg, exportedMsg, exportFailedMsg, targetCheckedMsg, optimisedMsg, sweptMsg, swept2Msg, tornadoMsg, rendererBuildMsg:
				tm, next := m.Update(out)
				m = tm.(Model)
				queue = append([]tea.Cmd{next}, queue...)
			}
		}
	}
	return m
}

// sequence unpacks tea.Sequence's message (an unexported []tea.Cmd type),
// whose commands run in order.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Name() != "sequenceMsg" {
		return nil, false
	}
	out := make([]tea.Cmd, v.Len())
	for i := range out {
		out[i], _ = v.Index(i).Interface().(tea.Cmd)
	}
	return out, true
}

// keys turns key names into key messages: "right", "enter", "esc", or
// runes typed one by one for anything else.
func keys(names ...string) []tea.Msg {
	var out []tea.Msg
	for _, n := range names {
		switch n {
		case "right":
			out = append(out, tea.KeyMsg{Type: tea.KeyRight})
		case "left":
			out = append(out, tea.KeyMsg{Type: tea.KeyLeft})
		case "up":
			out = append(out, tea.KeyMsg{Type: tea.KeyUp})
		case "down":
			out = append(out, tea.KeyMsg{Type: tea.KeyDown})
		case "enter":
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		case "esc":
			out = append(out, tea.KeyMsg{Type: tea.KeyEsc})
		case "tab":
			out = append(out, tea.KeyMsg{Type: tea.KeyTab})
		case "ctrl+r":
			out = append(out, tea.KeyMsg{Type: tea.KeyCtrlR})
		case "backspace":
			out = append(out, tea.KeyMsg{Type: tea.KeyBackspace})
		default:
			for _, r := range n {
				out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
	}
	return out
}

// focusField opens the editor and puts the cursor on path.
func focusField(t testing.TB, m Model, path string) Model {
	t.Helper()
	if !m.editorFocus {
		m = send(m, keys("e")...)
	}
	if !m.editor.Focus(m.ss, path) {
		t.Fatalf("no editor field %s", path)
	}
	return m
}
