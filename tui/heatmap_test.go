package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

const (
	heatX = "clusters[0].nodes"
	heatY = "storage.fsx_lustre.throughput_mbps_per_tib"
)

// openHeatMap sweeps the node count (w), returns to the editor from the
// Sweep view (e), and sweeps the FSx throughput against it (W).
func openHeatMap(t *testing.T, m Model) Model {
	t.Helper()
	m = focusField(t, m, heatX)
	m = send(m, keys("w")...)
	if m.mode != modeSweep || m.sweep.two {
		t.Fatalf("w: mode %v, status %q", m.mode, m.status)
	}
	if m = send(m, keys("e")...); m.mode != modeNormal || !m.editorFocus || !strings.Contains(m.status, "press W") {
		t.Fatalf("e in the Sweep view: mode %v, focus %v, status %q", m.mode, m.editorFocus, m.status)
	}
	m = focusField(t, m, heatY)
	return send(m, keys("W")...)
}

// TestSweepHeatMap: W sweeps a second field against the first in a command
// and opens the heat map on the current pair (64 nodes, 250 MB/s/TiB);
// the arrows move the picked cell, m switches the figure, enter applies
// both values as the what-if against a pinned baseline.
func TestSweepHeatMap(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	m = focusField(t, m, heatX)
	if _, cmd := send(m, keys("w")...).Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("W")}); cmd != nil {
		// W on the field already swept is refused, without a command.
		t.Fatal("W on the first field itself must not sweep")
	}
	m = openHeatMap(t, m)
	g := m.sweep.grids[0]
	if m.mode != modeSweep || !m.sweep.two || g.X.Path != heatX || g.Y.Path != heatY {
		t.Fatalf("mode %v, two %v, axes %s × %s, status %q", m.mode, m.sweep.two, g.X.Path, g.Y.Path, m.status)
	}
	if x, y := g.X.Values[m.sweep.cursor], g.Y.Values[m.sweep.col]; x != "64" || y != "250" {
		t.Fatalf("picked cell %s × %s, want the current 64 × 250", x, y)
	}
	// The picked cell is the plan as evaluated: time to train and cost per
	// run equal the session's own figures for the unchanged scenario.
	tr := m.ss.plan.Training[0]
	if c := m.sweep.grids[0].Cells[m.sweep.cursor][m.sweep.col]; c.Invalid != "" || !near(c.Value, tr.TimeToTrainDays) {
		t.Errorf("time cell %+v, plan %.3f days", c, tr.TimeToTrainDays)
	}
	if c := m.sweep.grids[1].Cells[m.sweep.cursor][m.sweep.col]; c.Invalid != "" || !near(c.Value, tr.RunCost.TotalUSD) {
		t.Errorf("cost cell %+v, plan $%.0f", c, tr.RunCost.TotalUSD)
	}
	golden.RequireEqual(t, []byte(m.View()))
	if m = send(m, keys("m")...); m.sweep.metric != 1 || !strings.Contains(m.View(), "Cost per run (llm-70b), USD per run") {
		t.Errorf("m: metric %d", m.sweep.metric)
	}
	m = send(m, keys("down", "right", "enter")...)
	if m.mode != modeNormal || m.ss.scen.Clusters[0].Nodes != 128 || m.ss.scen.Storage.FSxLustre.ThroughputMBpsPerTiB != 500 {
		t.Fatalf("after enter: mode %v, nodes %d, throughput %v, status %q", m.mode, m.ss.scen.Clusters[0].Nodes,
			m.ss.scen.Storage.FSxLustre.ThroughputMBpsPerTiB, m.status)
	}
	if m.ss.baseline == nil || m.ss.baseline.Scenario.Nodes != 64 || len(m.ss.undo) != 1 {
		t.Errorf("baseline %v, undo %d", m.ss.baseline != nil, len(m.ss.undo))
	}
	// W before any one-field sweep says what to do first.
	m2 := focusField(t, newTestModel(t, cfg, 120, 40), heatY)
	if m2 = send(m2, keys("W")...); m2.mode == modeSweep || !strings.Contains(m2.status, "sweep a first field") {
		t.Errorf("W first: mode %v, status %q", m2.mode, m2.status)
	}
}

func near(a, b float64) bool { return a == b || (a-b)/b < 1e-9 && (b-a)/b < 1e-9 }

// TestSweepHeatMapNoColor: under NO_COLOR (plain theme, every SGR
// attribute stripped) each cell carries its level's shade glyph, the legend
// lists the glyphs, and the picked cell is marked ▸.
func TestSweepHeatMapNoColor(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.Ascii)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	cfg, _ := loadScenario(t, scenarioA)
	m := openHeatMap(t, newTestModel(t, cfg, 120, 40))
	view := m.View()
	if strings.Contains(view, "\x1b[") {
		t.Fatal("the Ascii profile must strip every attribute")
	}
	for _, want := range []string{"Legend (log scale):", "  · 13.9 – ", "  ░ ", "  ▒ ", "  ▓ ", "  █ ", "▸░  51.4"} {
		if !strings.Contains(view, want) {
			t.Errorf("no %q in the NO_COLOR heat map", want)
		}
	}
	golden.RequireEqual(t, []byte(view))
}

// TestSweepHeatMapColour: in colour each level is a background colour
// (five distinct ones, green to red) and the cells carry no glyph.
func TestSweepHeatMapColour(t *testing.T) {
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(prev) })
	cfg, _ := loadScenario(t, scenarioA)
	cfg.Plain = false
	m := openHeatMap(t, newTestModel(t, cfg, 120, 40))
	view := m.View()
	for _, bg := range []string{"48;2;44;163;78", "48;2;229;83;75"} { // #2DA44E best (as the profile rounds it), #E5534B worst
		if !strings.Contains(view, bg) {
			t.Errorf("no background %s in the colour heat map", bg)
		}
	}
	if strings.Contains(view, "▓ ") {
		t.Error("colour cells should not carry the NO_COLOR glyphs")
	}
	golden.RequireEqual(t, []byte(view))
}

// TestProgramHeatMap drives the real program: sweep the node count, add
// the FSx throughput as the second field, pick the cell below and to the
// right of the current one, apply it, quit without saving.
func TestProgramHeatMap(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	// How many ↓ from the node count to the throughput in the editor.
	m := focusField(t, newTestModel(t, cfg, 100, 30), heatX)
	downs := 0
	for ; downs < 200; downs++ {
		if f, _ := m.editor.current(); f.Path == heatY {
			break
		}
		m = send(m, tea.KeyMsg{Type: tea.KeyDown})
	}
	tm := teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(100, 30))
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("e")}, {Type: tea.KeyDown}, {Type: tea.KeyDown}, {Type: tea.KeyRunes, Runes: []rune("w")}} {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Sweep of clusters[0].nodes")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
	for range downs {
		tm.Send(tea.KeyMsg{Type: tea.KeyDown})
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("W")})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Legend (log scale)")) },
		teatest.WithDuration(10*time.Second))
	for _, k := range []tea.KeyMsg{{Type: tea.KeyDown}, {Type: tea.KeyRight}, {Type: tea.KeyEnter}} {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("as the what-if")) },
		teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	s := fm.Scenario()
	if s.Clusters[0].Nodes != 128 || s.Storage.FSxLustre.ThroughputMBpsPerTiB != 500 || fm.ss.baseline == nil {
		t.Errorf("final nodes %d, throughput %v (want 128, 500), baseline %v", s.Clusters[0].Nodes, s.Storage.FSxLustre.ThroughputMBpsPerTiB, fm.ss.baseline != nil)
	}
}
