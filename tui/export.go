package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/export"
	"github.com/topoplan/topoplan/model"
)

// exportFormat is one entry of the export dialog: a pure function from the
// plan to bytes (package export) and the file suffix it is saved under.
type exportFormat struct {
	Name   string
	Suffix string
	render func(ss *session) ([]byte, error)
}

// exportFormats are the formats the dialog offers.
var exportFormats = []exportFormat{
	{Name: "Plan report (Markdown)", Suffix: "-report.md", render: func(ss *session) ([]byte, error) { return export.PlanMarkdown(ss.plan), nil }},
	{Name: "Plan (JSON)", Suffix: "-plan.json", render: func(ss *session) ([]byte, error) { return export.PlanJSON(ss.plan) }},
	{Name: "Address plan (Markdown)", Suffix: "-subnets.md", render: func(ss *session) ([]byte, error) { return export.AddressPlan(ss.plan, "markdown") }},
}

// exportedMsg reports a finished export.
type exportedMsg struct{ path, format string }

// exportCmd renders the chosen format and writes it atomically.
func exportCmd(fo fileOps, f exportFormat, ss *session, path string) tea.Cmd {
	data, err := f.render(ss) // pure and fast; the write is the I/O
	return func() tea.Msg {
		if err != nil {
			return errMsg{fmt.Errorf("export %s: %w", f.Name, err)}
		}
		if err := fo.atomicWrite(path, data); err != nil {
			return errMsg{fmt.Errorf("export %s: %w", f.Name, err)}
		}
		return exportedMsg{path: path, format: f.Name}
	}
}

// exportPath proposes a file name for a format: next to the scenario file,
// named after it (or after the scenario for the embedded example).
func exportPath(scenarioPath string, s model.Scenario, f exportFormat) string {
	if scenarioPath == "" {
		name := strings.Map(func(r rune) rune {
			if r == '/' || r == ' ' || r == '\\' {
				return '-'
			}
			return r
		}, s.Name)
		if name == "" {
			name = "topoplan"
		}
		return name + f.Suffix
	}
	base := strings.TrimSuffix(filepath.Base(scenarioPath), filepath.Ext(scenarioPath))
	return filepath.Join(filepath.Dir(scenarioPath), base+f.Suffix)
}

// exportDialog renders the list of formats with the cursor.
func (m Model) exportDialog() string {
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Export") + s.Dim.Render("  ↑/↓ choose · enter name the file · esc cancel") + "\n\n")
	for i, f := range exportFormats {
		line := "  " + f.Name
		if i == m.exportCursor {
			line = s.Selected.Render("› " + f.Name)
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Dim.Render(wrapJoin("The diagram and the CloudFormation skeleton: `topoplan export` on the saved file.", m.vp.Width)) + "\n")
	return b.String()
}

func wrapJoin(text string, width int) string { return strings.Join(wrap(text, width), "\n") }
