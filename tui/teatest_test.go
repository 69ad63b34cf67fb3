package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestProgramEditBaselineQuit drives the real Bubble Tea program end to end:
// pin a baseline, open the editor, double the node count, switch views, ask
// to quit, confirm; then checks the final model.
func TestProgramEditBaselineQuit(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	nodes0 := cfg.Doc.Scenario.Clusters[0].Nodes
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyRight})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("▲")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Quit without saving?")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if got := fm.Scenario().Clusters[0].Nodes; got != 2*nodes0 {
		t.Errorf("nodes: got %d, want %d", got, 2*nodes0)
	}
	if fm.ss.baseline == nil || fm.ss.baseline.Scenario.Nodes != nodes0 {
		t.Error("the baseline must hold the state pinned before the edit")
	}
	if fm.active != 3 || !fm.Quitting() || !fm.Dirty() {
		t.Errorf("final state: view %d quitting %v dirty %v", fm.active, fm.Quitting(), fm.Dirty())
	}
}

// TestProgramTypeValue types a node count into the field and undoes it.
func TestProgramTypeValue(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	nodes0 := cfg.Doc.Scenario.Clusters[0].Nodes
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(80, 24))
	for _, k := range []tea.KeyMsg{
		{Type: tea.KeyRunes, Runes: []rune("e")}, {Type: tea.KeyDown}, {Type: tea.KeyDown},
		{Type: tea.KeyEnter}, {Type: tea.KeyCtrlU}, {Type: tea.KeyRunes, Runes: []rune("96")}, {Type: tea.KeyEnter},
	} {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("96 nodes")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("u")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if got := fm.Scenario().Clusters[0].Nodes; got != nodes0 || fm.Dirty() {
		t.Errorf("after undo: nodes %d (want %d), dirty %v", got, nodes0, fm.Dirty())
	}
}

// TestProgramTrainingView drives the real program to the Training view,
// pins a baseline, halves the tensor-parallel degree in the editor, waits
// for the deltas, and quits.
func TestProgramTrainingView(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(80, 24))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("7")})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Step ")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("]")}) // the Training group: name
	for range 6 {
		tm.Send(tea.KeyMsg{Type: tea.KeyDown}) // … tensor_parallel
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyLeft})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("TP4 PP4")) && bytes.Contains(b, []byte("▼")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if got := fm.Scenario().Workloads.Training[0].TensorParallel; got != 4 {
		t.Errorf("tensor_parallel: got %d, want 4", got)
	}
	if got := fm.Plan().Training[0].Layout.TP; got != 4 || fm.active != 6 {
		t.Errorf("plan TP %d (want 4), view %d (want 6)", got, fm.active)
	}
}
