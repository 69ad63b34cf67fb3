package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/export"
	"github.com/topoplan/topoplan/internal/renderer"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// exportFormat is one entry of the export dialog: a pure function of
// package export from the plan to bytes, and the file suffix it is saved
// under; render gets the file's path to name companion files. Rendering
// runs inside the export command, never in Update (the diagram runs
// Graphviz).
type exportFormat struct {
	Name   string
	Suffix string
	// draws marks the formats drawn by the topoplan-render helper.
	draws  bool
	render func(in export.Input, path string) ([]byte, error)
	// companions are files written next to the main one (the report's
	// diagrams), by path.
	companions func(in export.Input, path string) (map[string][]byte, error)
}

// reportDiagrams names the report's diagrams next to its path, as `topoplan
// export report -o plan.md` does: plan.svg (overview, embedded) and
// plan-detail.svg (linked).
func reportDiagrams(path string) (overview, detail string) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	return base + ".svg", base + "-detail.svg"
}

// renderTimeout bounds one diagram export, including a first build of the
// topoplan-render helper from a source checkout (internal/renderer).
const renderTimeout = 5 * time.Minute

func renderSVG(dot []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), renderTimeout)
	defer cancel()
	return export.DiagramSVG(ctx, dot)
}

func renderPNG(dot []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), renderTimeout)
	defer cancel()
	svg, err := export.DiagramSVG(ctx, dot)
	if err != nil {
		return nil, err
	}
	return export.DiagramPNG(ctx, svg)
}

// exportFormats are the formats the dialog offers, those of `topoplan export`.
var exportFormats = []exportFormat{
	{Name: "Design review report (Markdown)", Suffix: "-review.md", draws: true,
		render: func(in export.Input, path string) ([]byte, error) {
			ov, _ := reportDiagrams(path)
			return export.Report(in, filepath.Base(ov)), nil
		},
		companions: func(in export.Input, path string) (map[string][]byte, error) {
			ov, det := reportDiagrams(path)
			o, err := renderSVG(export.DiagramOverviewDOT(in))
			if err != nil {
				return nil, err
			}
			d, err := renderSVG(export.DiagramDOT(in))
			if err != nil {
				return nil, err
			}
			return map[string][]byte{ov: o, det: d}, nil
		}},
	{Name: "Diagram (SVG)", Suffix: ".svg", draws: true, render: func(in export.Input, _ string) ([]byte, error) {
		return renderSVG(export.DiagramDOT(in))
	}},
	{Name: "Diagram (PNG)", Suffix: ".png", draws: true, render: func(in export.Input, _ string) ([]byte, error) {
		return renderPNG(export.DiagramDOT(in))
	}},
	{Name: "Slide overview diagram (SVG)", Suffix: "-overview.svg", draws: true, render: func(in export.Input, _ string) ([]byte, error) {
		return renderSVG(export.DiagramOverviewDOT(in))
	}},
	{Name: "Diagram (Graphviz DOT)", Suffix: ".dot", render: func(in export.Input, _ string) ([]byte, error) { return export.DiagramDOT(in), nil }},
	{Name: "CloudFormation skeleton (YAML)", Suffix: "-cfn.yaml", render: func(in export.Input, _ string) ([]byte, error) { return export.CloudFormation(in) }},
	{Name: "Plan (JSON)", Suffix: "-plan.json", render: func(in export.Input, _ string) ([]byte, error) { return export.PlanJSON(in.Plan) }},
	{Name: "Address plan (Markdown)", Suffix: "-subnets.md", render: func(in export.Input, _ string) ([]byte, error) { return export.AddressPlan(in.Plan, "markdown") }},
}

// exportedMsg reports a finished export.
type exportedMsg struct{ path, format string }

// exportInput is what the exports read: the plan on screen, the scenario
// with its defaults, the catalog and the plan's date.
func exportInput(ss *session) export.Input {
	in := export.Input{Plan: ss.plan, Scenario: planner.ApplyDefaults(ss.scen, ss.cat), Catalog: ss.cat}
	if !ss.now.IsZero() {
		in.Date = ss.now.Format("2006-01-02")
	}
	return in
}

// exportCmd renders the chosen format and writes it atomically, in the
// background.
func exportCmd(fo fileOps, f exportFormat, in export.Input, path string) tea.Cmd {
	return sessionExportCmd(fo, f, in, path, writeRule{first: true, loaded: true})
}

// exportFailedMsg reports a failed export (an export in flight ended).
type exportFailedMsg struct{ err error }

// sessionExportCmd is exportCmd under a write rule (see writeRule).
func sessionExportCmd(fo fileOps, f exportFormat, in export.Input, path string, r writeRule) tea.Cmd {
	return func() tea.Msg {
		data, err := f.render(in, path)
		if err != nil {
			return exportFailedMsg{fmt.Errorf("export %s: %w", f.Name, err)}
		}
		if f.companions != nil {
			files, err := f.companions(in, path)
			if err != nil {
				return exportFailedMsg{fmt.Errorf("export %s: %w", f.Name, err)}
			}
			for _, p := range sortedPaths(files) {
				if _, err := fo.sessionWrite(p, files[p], r); err != nil {
					return exportFailedMsg{fmt.Errorf("export %s: %w", f.Name, err)}
				}
			}
		}
		if _, err := fo.sessionWrite(path, data, r); err != nil {
			return exportFailedMsg{fmt.Errorf("export %s: %w", f.Name, err)}
		}
		return exportedMsg{path: path, format: f.Name}
	}
}

// sortedPaths returns a map's keys in order.
func sortedPaths(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
	b.WriteString("\n" + s.Dim.Render(wrapJoin("Exports the plan on screen (the last valid state), as `topoplan export` would from the saved file.", m.vp.Width)) + "\n")
	return b.String()
}

func wrapJoin(text string, width int) string { return strings.Join(wrap(text, width), "\n") }

// rendererBuildMsg says that the export waits for a first build of the
// diagram helper from source (go run).
type rendererBuildMsg struct{ what string }

// rendererCheckCmd tells the model, before an export that draws, when the
// diagram helper must first be built from source.
func rendererCheckCmd(what string) tea.Cmd {
	return func() tea.Msg {
		if renderer.Helper.WillBuild() {
			return rendererBuildMsg{what}
		}
		return nil
	}
}
