// Package tui is topoplan's interactive planner: Bubble Tea models that hold
// a scenario, re-evaluate it on every edit and render the plan.
package tui

import (
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// Config is what the TUI starts from.
type Config struct {
	// Doc is the parsed, validated scenario.
	Doc *planner.Document
	// Path is the scenario file ("" for the embedded example).
	Path string
	// Catalog prices the plan.
	Catalog *model.Catalog
}

// Run starts the TUI on the terminal and returns when the user quits.
func Run(cfg Config) error {
	p := tea.NewProgram(New(cfg), tea.WithAltScreen(), tea.WithOutput(os.Stderr))
	_, err := p.Run()
	return err
}

type keyMap struct {
	Help key.Binding
	Quit key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return []key.Binding{k.Help, k.Quit} }
func (k keyMap) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Help, k.Quit}} }

func defaultKeys() keyMap {
	return keyMap{
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit: key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// Model is the root TUI model.
type Model struct {
	cfg    Config
	plan   model.Plan
	keys   keyMap
	help   help.Model
	width  int
	height int
}

// New builds the root model and evaluates the scenario once.
func New(cfg Config) Model {
	return Model{
		cfg:  cfg,
		plan: planner.Evaluate(cfg.Doc.Scenario, cfg.Catalog, planner.Options{}),
		keys: defaultKeys(),
		help: help.New(),
	}
}

// Init implements tea.Model.
func (m Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(msg, m.keys.Help):
			m.help.ShowAll = !m.help.ShowAll
		}
	}
	return m, nil
}

var titleStyle = lipgloss.NewStyle().Bold(true)

// View implements tea.Model.
func (m Model) View() string {
	var b strings.Builder
	name := m.cfg.Path
	if name == "" {
		name = planner.ExampleName
	}
	b.WriteString(titleStyle.Render(fmt.Sprintf("topoplan · %s · %s · catalog %s", m.plan.Scenario.Name, m.plan.Scenario.Region, m.plan.Catalog.ReadOn)))
	fmt.Fprintf(&b, "\n%s\n\n", name)
	fmt.Fprintf(&b, "%d clusters, %d nodes, %d accelerators\n\n", m.plan.Scenario.Clusters, m.plan.Scenario.Nodes, m.plan.Scenario.Accelerators)
	b.WriteString("Monthly run-rate\n")
	for _, c := range m.plan.MonthlyCost.ByCategory {
		fmt.Fprintf(&b, "  %-16s $%14s\n", c.Category, model.FormatUSD(c.MonthlyUSD, 0))
	}
	fmt.Fprintf(&b, "  %-16s $%14s\n\n", "Total", model.FormatUSD(m.plan.MonthlyCost.TotalUSD, 0))
	for _, f := range m.plan.Findings {
		fmt.Fprintf(&b, "%s: %s\n", strings.ToUpper(f.Severity), f.Title)
	}
	b.WriteString("\n" + m.help.View(m.keys))
	return b.String()
}
