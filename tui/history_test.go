package tui

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// TestDescribeChange checks the status text and the field an undo or redo
// moves to, for each kind of edit the editor makes.
func TestDescribeChange(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	base := cfg.Doc.Scenario
	edit := func(f func(s *model.Scenario)) model.Scenario {
		s := cloneScenario(base)
		f(&s)
		return s
	}
	renamed := edit(func(s *model.Scenario) { s.Clusters[0].Name = "pretrain" })
	planner.RenameReferences(base, &renamed) // the job's cluster follows
	dup := cloneScenario(base)
	if _, err := scenarioField(t, &dup, "clusters[0].nodes").Duplicate(&dup); err != nil {
		t.Fatal(err)
	}
	noFSx := edit(func(s *model.Scenario) { s.Storage.FSxLustre = nil })
	for _, tc := range []struct {
		name     string
		from, to model.Scenario
		text     string
		path     string
		group    string
	}{
		{"one value (undo of 64 → 128)", edit(func(s *model.Scenario) { s.Clusters[0].Nodes = 128 }), base,
			"clusters[train].nodes 128 → 64", "clusters[0].nodes", groupCluster},
		{"a rename and its reference", base, renamed,
			"clusters[train].name train → pretrain and 1 more field", "clusters[0].name", groupCluster},
		{"a copy added", base, dup, "clusters[train-2] added", "clusters[1].name", groupCluster},
		{"a copy removed (undo of the add)", dup, base, "clusters[train-2] removed", "clusters[0].prefix_delegation", groupCluster}, // the field just before the removed copy,
		{"a section removed", base, noFSx, "storage.fsx_lustre removed", "storage.fsx_lustre", groupStorage},
		{"a section created (undo of the removal)", noFSx, base, "storage.fsx_lustre added", "storage.fsx_lustre.deployment_type", groupStorage},
		{"nothing", base, base, "no visible change", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := describeChange(&tc.from, &tc.to)
			if c.text != tc.text || c.path != tc.path || c.group != tc.group {
				t.Errorf("got %q at %q (%s), want %q at %q (%s)", c.text, c.path, c.group, tc.text, tc.path, tc.group)
			}
		})
	}
}

// scenarioField is the editor field of s at path.
func scenarioField(t *testing.T, s *model.Scenario, path string) field {
	t.Helper()
	for _, f := range scenarioFields(s) {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no field %s", path)
	return field{}
}

// TestUndoRedoSayWhatChangedAndGoThere edits the node count, moves away
// (another field, another view), then undoes and redoes: each step names
// the field with its old and new value and brings the editor's cursor and
// the view back to it.
func TestUndoRedoSayWhatChangedAndGoThere(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 140, 40)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right")...) // 64 → the next step up
	after := m.Scenario().Clusters[0].Nodes
	m = focusField(t, m, "storage.s3.size_tb")
	m = send(m, keys("4")...) // the Cost view
	m = send(m, keys("esc")...)
	m = send(m, keys("u")...)
	want := "undo: clusters[train].nodes " + strconv.Itoa(after) + " → 64"
	if m.status != want {
		t.Errorf("status %q, want %q", m.status, want)
	}
	if f, _ := m.editor.current(); f.Path != "clusters[0].nodes" {
		t.Errorf("cursor on %s, want clusters[0].nodes", f.Path)
	}
	if got := m.views[m.active].Title(); got != "Topology" {
		t.Errorf("view %s, want Topology (the cluster's)", got)
	}
	if !strings.Contains(m.View(), want) {
		t.Error("the status line does not show the undo")
	}
	m = focusField(t, m, "storage.s3.size_tb")
	m = send(m, keys("ctrl+r")...)
	if want := "redo: clusters[train].nodes 64 → " + strconv.Itoa(after); m.status != want {
		t.Errorf("status %q, want %q", m.status, want)
	}
	if f, _ := m.editor.current(); f.Path != "clusters[0].nodes" {
		t.Errorf("after redo the cursor is on %s, want clusters[0].nodes", f.Path)
	}
	m = send(m, keys("u", "u")...)
	if m.status != "nothing to undo" {
		t.Errorf("status %q after undoing past the start", m.status)
	}
}

// TestUndoScrollsTheEditorToTheField undoes an edit far down the editor
// in a short terminal: the field's row must be drawn.
func TestUndoScrollsTheEditorToTheField(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 140, 16)
	m = focusField(t, m, "traffic.nat_processed_tb")
	m = send(m, keys("right")...)
	m = send(m, keys("g")...) // back to the top of the editor
	_ = m.View()
	m = send(m, keys("u")...)
	if !strings.HasPrefix(m.status, "undo: traffic.nat_processed_tb ") {
		t.Fatalf("status %q", m.status)
	}
	if v := m.View(); !strings.Contains(v, "nat_processed_tb") {
		t.Errorf("the undone field is not on screen:\n%s", v)
	}
}

// TestProgramUndoRedoStatus drives the real program: type a node count,
// undo and redo, and read the status line each time.
func TestProgramUndoRedoStatus(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(140, 40))
	for _, k := range []tea.KeyMsg{
		{Type: tea.KeyRunes, Runes: []rune("e")}, {Type: tea.KeyDown}, {Type: tea.KeyDown},
		{Type: tea.KeyEnter}, {Type: tea.KeyCtrlU}, {Type: tea.KeyRunes, Runes: []rune("96")}, {Type: tea.KeyEnter},
		{Type: tea.KeyRunes, Runes: []rune("u")},
	} {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("undo: clusters[train].nodes 96 → 64")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlR})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("redo: clusters[train].nodes 64 → 96")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if got := fm.Scenario().Clusters[0].Nodes; got != 96 {
		t.Errorf("nodes after redo: %d, want 96", got)
	}
}
