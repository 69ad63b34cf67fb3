package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestViewGolden renders every view at 80×24 and 120×40 with the plain
// theme, browsing and with the editor open and a baseline delta.
// Regenerate with: go test ./tui -run TestViewGolden -update
func TestViewGolden(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for i := range New(cfg).views {
			name := fmt.Sprintf("%dx%d/%d-%s", size[0], size[1], i+1, New(cfg).views[i].Title())
			t.Run(name, func(t *testing.T) {
				m := newTestModel(t, cfg, size[0], size[1])
				m = send(m, keys(fmt.Sprint(i+1))...)
				golden.RequireEqual(t, []byte(m.View()))
			})
		}
	}
	t.Run("80x24/edited-with-baseline", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys("b")...)
		m = focusField(t, m, "clusters[0].nodes")
		m = send(m, keys("right", "4")...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("100x30/subnets-conflict", func(t *testing.T) {
		// A VPC inside the site's 10.0.0.0/14: the subnets overlapping it are flagged.
		m := newTestModel(t, cfg, 100, 30)
		m = focusField(t, m, "aws.vpc_cidr")
		m = send(m, keys("enter")...)
		m = send(m, clearInput()...)
		m = send(m, keys("10.1.0.0/16", "enter", "esc", "5")...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	for _, v := range []string{"1", "2", "3", "5"} {
		t.Run("120x40/baseline-"+v, func(t *testing.T) {
			// Baseline pinned, then twice the nodes and a 400 Gbps port: every view's deltas.
			m := newTestModel(t, cfg, 120, 40)
			m = send(m, keys("b")...)
			m = focusField(t, m, "clusters[0].nodes")
			m = send(m, keys("right")...)
			m = focusField(t, m, "links[0].speed_gbps")
			m = send(m, keys("right", "esc", v)...)
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
	t.Run("80x24/export-dialog", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys("x")...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24/invalid-edit", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = focusField(t, m, "clusters[0].nodes")
		m = send(m, keys("enter")...)
		m = send(m, clearInput()...)
		m = send(m, keys("0", "enter")...) // a cluster needs at least one node
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24/help", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys("?")...)
		golden.RequireEqual(t, []byte(m.View()))
	})
}
