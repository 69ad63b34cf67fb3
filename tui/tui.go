// Package tui is topoplan's interactive planner: Bubble Tea models that hold
// a scenario, re-evaluate it on every edit and render the plan in views
// (Overview, Network, Storage, Cost, Subnets, Topology) with deltas against
// a pinned baseline. Saving and exporting happen only in tea.Cmds.
package tui

import (
	"fmt"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/tui/internal/termquery"
)

// init runs after bubbletea's: its terminal query is behind us, so the
// environment termquery changed to skip it is restored.
func init() { termquery.Restore() }

// Config is what the TUI starts from.
type Config struct {
	// Doc is the parsed, validated scenario.
	Doc *planner.Document
	// Path is the scenario file ("" for the embedded example: saving then
	// asks for a name, offering ./topoplan-scenario.yaml).
	Path string
	// Source is the file's bytes as read, so a save can keep the user's
	// comments and key order.
	Source []byte
	// Catalog prices the plan.
	Catalog *model.Catalog
	// Now is the evaluation time for the catalog's age (zero: not computed).
	Now time.Time
	// Plain selects the colourless theme (NO_COLOR, tests).
	Plain bool
}

// Run starts the TUI on the terminal (drawing on stderr so stdout stays
// clean) and returns when the user quits. NO_COLOR selects the plain theme.
func Run(cfg Config) error {
	if os.Getenv("NO_COLOR") != "" {
		cfg.Plain = true
	}
	// Styles are drawn for the terminal the TUI uses: stderr, so stdout can
	// be piped. The theme uses fixed colours, so the background is declared
	// rather than asked for: nothing queries the terminal (an adaptive colour
	// in a bubbles default style would otherwise wait up to 5 s for a
	// terminal that does not answer, and race the keyboard).
	r := lipgloss.NewRenderer(os.Stderr)
	r.SetHasDarkBackground(true)
	lipgloss.SetDefaultRenderer(r)
	// Mouse: clicks on tabs, fields and list items, and the wheel (cell
	// motion reports presses, releases and drags; the terminal's own text
	// selection then needs shift held, as in other mouse-aware TUIs).
	// The guard saves the edited scenario to a recovery file if anything
	// panics (see guard).
	g := newGuard(New(cfg))
	p := tea.NewProgram(g, tea.WithAltScreen(), tea.WithOutput(os.Stderr), tea.WithMouseCellMotion())
	g.st.send = p.Send
	final, err := p.Run()
	if g.st.err != nil {
		return g.st.err
	}
	if fg, ok := final.(guard); ok {
		if m, ok := fg.m.(Model); ok && m.QuitNote() != "" {
			fmt.Fprintln(os.Stderr, m.QuitNote())
		}
	}
	return err
}
