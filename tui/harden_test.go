package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/planner"
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

// boomMsg makes panicky panic in Update; boomView in View.
type boomMsg struct{}

type panicky struct {
	Model
	boomView bool
}

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(boomMsg); ok {
		var s []int
		_ = s[3] // index out of range, as F1 and F2 did
	}
	tm, cmd := p.Model.Update(msg)
	p.Model = tm.(Model)
	return p, cmd
}

func (p panicky) View() string {
	if p.boomView {
		panic("view broke")
	}
	return p.Model.View()
}

// copyScenario copies a testdata scenario into a fresh directory.
func copyScenario(t *testing.T, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRecoverWritesEditedScenario: a panic in an update or a view (the
// last line of defence behind F1/F2) writes the scenario as last edited
// next to its file and ends the program saying where.
func TestRecoverWritesEditedScenario(t *testing.T) {
	for _, inView := range []bool{false, true} {
		path := copyScenario(t, scenarioA)
		cfg, _ := loadScenario(t, path)
		m := newTestModel(t, cfg, 120, 40)
		m = focusField(t, m, "clusters[0].nodes")
		m = send(m, keys("right")...) // 64 → 128, unsaved
		g := newGuard(panicky{Model: m, boomView: inView})
		g.st.now = func() time.Time { return time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC) }
		if inView {
			_ = g.View()
		} else {
			_, cmd := g.Update(boomMsg{})
			if cmd == nil {
				t.Fatal("no quit command after the panic")
			}
		}
		want := path + ".recovered-20261202T040000.yaml"
		if g.st.err == nil || !strings.Contains(g.st.err.Error(), want) {
			t.Fatalf("error %v does not name %s", g.st.err, want)
		}
		doc, err := planner.LoadFile(want)
		if err != nil {
			t.Fatal(err)
		}
		if n := doc.Scenario.Clusters[0].Nodes; n != 128 {
			t.Errorf("recovered nodes = %d, want the edited 128", n)
		}
		orig, _ := planner.LoadFile(path)
		if orig.Scenario.Clusters[0].Nodes != 64 {
			t.Error("the scenario file itself was changed")
		}
	}
}

// TestRecoverEmbeddedExampleGoesToCacheDir: with no file (the embedded
// example) the recovery file goes to the user cache directory.
func TestRecoverEmbeddedExampleGoesToCacheDir(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	cfg.Path = ""
	m := newTestModel(t, cfg, 120, 40)
	cache := t.TempDir()
	g := newGuard(panicky{Model: m})
	g.st.cache = func() (string, error) { return cache, nil }
	g.Update(boomMsg{})
	matches, _ := filepath.Glob(filepath.Join(cache, "topoplan", "recovered-*.yaml"))
	if len(matches) != 1 || !strings.Contains(g.st.err.Error(), matches[0]) {
		t.Fatalf("recovery files %v, error %v", matches, g.st.err)
	}
}

// TestF4SaveAsAsksBeforeReplacing is the review's F4: save-as onto an
// existing file the session did not open replaced it without a question,
// and the next save rotated its .bak away. Now it asks; after "yes" the
// user's file is kept as a backup that later saves of the session leave
// alone, and an existing .bak the session did not make is never replaced.
func TestF4SaveAsAsksBeforeReplacing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "topoplan-scenario.yaml")
	users := []byte("# the user's own work\nname: users-work\n")
	usersBak := []byte("# an older backup of the user's\n")
	must(t, os.WriteFile(target, users, 0o600))
	must(t, os.WriteFile(target+".bak", usersBak, 0o644))

	cfg, _ := loadScenario(t, scenarioA)
	cfg.Path, cfg.Source = "", nil // the embedded example: no file yet
	m := newTestModel(t, cfg, 120, 40)
	m = send(m, keys("s")...)
	m.saveAs.SetValue(target)
	m = send(m, keys("enter")...)
	if m.mode != modeConfirmOverwrite {
		t.Fatalf("mode %v: no question before replacing %s", m.mode, target)
	}
	if got, _ := os.ReadFile(target); string(got) != string(users) {
		t.Fatal("replaced before the answer")
	}
	m = send(m, keys("n")...)
	if m.mode != modeSaveAs {
		t.Fatalf("n: mode %v, want the name prompt again", m.mode)
	}
	m = send(m, keys("enter", "y")...)
	if m.Dirty() {
		t.Fatalf("not saved: %s", m.status)
	}
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right", "s")...) // a second save of the session
	if m.Dirty() {
		t.Fatalf("second save failed: %s", m.status)
	}
	if got, _ := os.ReadFile(target + ".bak"); string(got) != string(usersBak) {
		t.Errorf("the user's own .bak was replaced: %q", got)
	}
	if got, _ := os.ReadFile(target + ".1.bak"); string(got) != string(users) {
		t.Errorf("the user's file is not kept in .1.bak after two saves: %q", got)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want the file's own 0600", st.Mode().Perm())
	}
}

// TestF13SaveThroughSymlink is the review's F13: a save through a symlink
// replaced the link with a regular file and left the real file stale.
func TestF13SaveThroughSymlink(t *testing.T) {
	real := copyScenario(t, scenarioA)
	link := filepath.Join(t.TempDir(), "link.yaml")
	must(t, os.Symlink(real, link))
	cfg, _ := loadScenario(t, link)
	m := newTestModel(t, cfg, 120, 40)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right", "s")...)
	if m.Dirty() {
		t.Fatalf("not saved: %s", m.status)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is no longer a symlink (%v)", err)
	}
	doc, err := planner.LoadFile(real)
	must(t, err)
	if doc.Scenario.Clusters[0].Nodes != 128 {
		t.Errorf("the link's target still has %d nodes", doc.Scenario.Clusters[0].Nodes)
	}
	if _, err := os.Stat(real + ".bak"); err != nil {
		t.Errorf("no backup next to the target: %v", err)
	}
}

// TestF17QuitDuringExport is the review's F17: q while an export was being
// written quit at once and the export was silently never written. Now the
// user chooses: wait (the program quits when the export is written) or
// quit now (and is told the export was not written).
func TestF17QuitDuringExport(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	base := newTestModel(t, cfg, 120, 40)
	base.exporting = []string{"Diagram (PNG) to x.png"}

	m := send(base, keys("q")...)
	if m.mode != modeConfirmQuitExport || m.quitting {
		t.Fatalf("q during an export: mode %v quitting %v", m.mode, m.quitting)
	}
	if !strings.Contains(m.View(), "x.png") {
		t.Error("the question does not name the export")
	}
	m = send(m, keys("enter")...)
	if m.quitting {
		t.Fatal("quit before the export was written")
	}
	tm, cmd := m.Update(exportedMsg{path: "x.png", format: "Diagram (PNG)"})
	if cmd == nil || !isQuit(cmd) || !tm.(Model).quitting {
		t.Fatal("did not quit once the export was written")
	}

	m = send(base, keys("q", "y")...)
	if !m.quitting || !strings.Contains(m.QuitNote(), "not written") {
		t.Fatalf("quit now: quitting %v, note %q", m.quitting, m.QuitNote())
	}
}

func isQuit(cmd tea.Cmd) bool {
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
