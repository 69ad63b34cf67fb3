package tui

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/topoplan/topoplan/model"
)

// TestOptimiseAction: o runs the optimiser (a command, off the key path),
// pins the state before it as the baseline and applies the proposal as the
// what-if: no slower than the baseline and no dearer per run.
func TestOptimiseAction(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	if cmd == nil {
		t.Fatal("o must start a command, not optimise on the key path")
	}
	before := m.ss.plan.Training[0]
	m = send(m, keys("o")...)
	if m.ss.baseline == nil || m.ss.baseline.Training[0].TimeToTrainDays != before.TimeToTrainDays {
		t.Fatal("the state before the proposal must be the baseline")
	}
	after := m.ss.plan.Training[0]
	if !strings.HasPrefix(m.status, "proposed") || len(m.ss.undo) != 1 {
		t.Fatalf("status %q, undo %d", m.status, len(m.ss.undo))
	}
	if after.TimeToTrainDays > before.TimeToTrainDays*(1+1e-9) || after.RunCost.TotalUSD > before.RunCost.TotalUSD*(1+1e-9) {
		t.Errorf("proposal %.1f d $%.0f, baseline %.1f d $%.0f", after.TimeToTrainDays, after.RunCost.TotalUSD, before.TimeToTrainDays, before.RunCost.TotalUSD)
	}
	golden.RequireEqual(t, []byte(m.View()))
	// A result that arrives after another edit is dropped.
	m2 := newTestModel(t, cfg, 120, 40)
	_, cmd = m2.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	msg := cmd()
	m2 = send(m2, keys("b")...)
	tm, _ := m2.Update(msg)
	if m2 = tm.(Model); len(m2.ss.undo) != 0 || !strings.Contains(m2.status, "changed while optimising") {
		t.Errorf("stale proposal applied: undo %d, status %q", len(m2.ss.undo), m2.status)
	}
}

// TestSweepView: w on the node count sweeps it (a command), the Sweep view
// shows the curve and the points, and enter applies the picked point as the
// what-if against a pinned baseline.
func TestSweepView(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 100, 40)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("w")...)
	if m.mode != modeSweep || len(m.sweep.pts) < 5 {
		t.Fatalf("mode %v, %d points, status %q", m.mode, len(m.sweep.pts), m.status)
	}
	if got := m.sweep.pts[m.sweep.cursor].Value; got != "64" {
		t.Fatalf("cursor on %s, want the current 64", got)
	}
	golden.RequireEqual(t, []byte(m.View()))
	m = send(m, keys("down", "enter")...)
	want, _ := strconv.Atoi(m.sweep.pts[m.sweep.cursor].Value)
	if m.mode != modeNormal || m.ss.scen.Clusters[0].Nodes != want || want == 64 || m.ss.baseline == nil || m.ss.baseline.Scenario.Nodes != 64 {
		t.Errorf("after enter: mode %v, nodes %d (want %d), baseline %v", m.mode, m.ss.scen.Clusters[0].Nodes, want, m.ss.baseline != nil)
	}
	// A text field cannot be swept.
	m = focusField(t, m, "clusters[0].instance_type")
	if m = send(m, keys("w")...); m.mode == modeSweep || !strings.Contains(m.status, "not a number") {
		t.Errorf("sweeping a text field: mode %v, status %q", m.mode, m.status)
	}
}

// TestProgramSweep drives the real program: open the editor on the node
// count, sweep it, pick the next point, apply it, quit without saving.
func TestProgramSweep(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("e")}, {Type: tea.KeyDown}, {Type: tea.KeyDown}, {Type: tea.KeyRunes, Runes: []rune("w")}} {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Sweep of clusters[0].nodes")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("as the what-if")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if n := fm.Scenario().Clusters[0].Nodes; n != 128 || fm.ss.baseline == nil || fm.ss.baseline.Scenario.Nodes != 64 {
		t.Errorf("final nodes %d (want 128, the point after 64), baseline %v", n, fm.ss.baseline != nil)
	}
	_ = model.SeverityCritical
}

// TestTornadoList: t ranks the uncertain inputs in a command and opens
// them as a list, the bands first, then the largest swing.
func TestTornadoList(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	m = send(m, keys("t")...)
	if m.mode != modeDrill || len(m.drill.items) < 4 || !strings.HasPrefix(m.drill.items[0].Line, "Bands") ||
		!strings.Contains(m.drill.items[1].Line, "matmul_efficiency") {
		t.Fatalf("mode %v, items %d, status %q", m.mode, len(m.drill.items), m.status)
	}
	golden.RequireEqual(t, []byte(m.View()))
}
