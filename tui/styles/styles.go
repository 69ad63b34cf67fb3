// Package styles holds every lipgloss style the TUI draws with, built by one
// constructor so tests can use a plain theme and NO_COLOR is a single switch.
package styles

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Styles is the TUI's theme.
type Styles struct {
	// Plain is true for the colourless theme (NO_COLOR or tests).
	Plain bool

	// Header, HeaderDim and Dirty draw the header line.
	Header, HeaderDim, Dirty lipgloss.Style
	// Tab and ActiveTab draw the view tabs.
	Tab, ActiveTab lipgloss.Style
	// ActiveTabMarks enclose the active tab's title, so it stands out
	// without colour, bold or reverse video (NO_COLOR strips them all):
	// "[" and "]" in the plain theme, spaces in the colour one (the same
	// width as Tab's padding, so the row never shifts).
	ActiveTabMarks [2]string
	// Title, Subtitle, Label, Value and Dim are the text styles of views.
	Title, Subtitle, Label, Value, Dim lipgloss.Style
	// Good, Bad and Neutral colour a change against the baseline.
	Good, Bad, Neutral lipgloss.Style
	// Info, Warning and Critical colour findings by severity.
	Info, Warning, Critical lipgloss.Style
	// Selected, Editing, ErrorText, Status and Prompt are the editor's and footer's.
	Selected, Editing, ErrorText, Status, Prompt lipgloss.Style
	// Pane and FocusedPane frame the editor.
	Pane, FocusedPane lipgloss.Style
	// Compute, Comm and IO colour the step-time segments.
	Compute, Comm, IO lipgloss.Style
	// BarColors colour successive bars of a breakdown.
	BarColors []lipgloss.Style

	// Step terms of a training step's stacked bar (Training view): each
	// has its own glyph, so the bar reads without colour (NO_COLOR).
	StepCompute, StepRecompute, StepTP, StepBubble, StepPPSend, StepEP, StepDP, StepIO Segment
	// Memory terms of one accelerator's HBM bar, the unused HBM up to
	// capacity (MemFree) and the capacity marker (MemCapacity).
	MemWeights, MemGradients, MemOptimizer, MemActivations, MemReserved, MemFree, MemCapacity Segment

	// Heat are the five levels of a heat map's cells, best (lowest) first:
	// a shade glyph each, drawn before the number in the plain theme
	// (NO_COLOR), and a background from green to red in the colour one.
	Heat [5]Segment
}

// Segment is how one term of a stacked bar is drawn: a glyph that tells it
// apart from its neighbours without colour, and a colour on top.
type Segment struct {
	Glyph string
	Style lipgloss.Style
}

// Render draws n cells of the segment.
func (g Segment) Render(n int) string {
	if n <= 0 {
		return ""
	}
	return g.Style.Render(strings.Repeat(g.Glyph, n))
}

// StepSegments are the step-bar segments in drawing order: compute,
// recompute, TP, bubble, PP sends, EP, exposed DP, I/O stall.
func (s *Styles) StepSegments() []Segment {
	return []Segment{s.StepCompute, s.StepRecompute, s.StepTP, s.StepBubble, s.StepPPSend, s.StepEP, s.StepDP, s.StepIO}
}

// MemSegments are the memory-bar segments in drawing order: weights,
// gradients, optimizer states, activations, reserved.
func (s *Styles) MemSegments() []Segment {
	return []Segment{s.MemWeights, s.MemGradients, s.MemOptimizer, s.MemActivations, s.MemReserved}
}

// New returns the theme; plain selects the colourless one (bold and reverse
// video only), used when NO_COLOR is set and in golden tests.
func New(plain bool) *Styles {
	s := &Styles{Plain: plain}
	base := lipgloss.NewStyle()
	s.Header = base.Bold(true)
	s.HeaderDim = base
	s.Dirty = base.Bold(true)
	s.Tab = base.Padding(0, 1)
	s.ActiveTab = base.Bold(true).Reverse(true)
	s.ActiveTabMarks = [2]string{"[", "]"}
	s.Title = base.Bold(true)
	s.Subtitle = base.Bold(true)
	s.Label = base
	s.Value = base.Bold(true)
	s.Dim = base
	s.Good, s.Bad, s.Neutral = base, base, base
	s.Info, s.Warning, s.Critical = base, base.Bold(true), base.Bold(true)
	s.Selected = base.Reverse(true)
	s.Editing = base.Underline(true)
	s.ErrorText = base.Bold(true)
	s.Status = base
	s.Prompt = base.Bold(true).Reverse(true)
	s.Pane = base.Border(lipgloss.NormalBorder(), false, true, false, false).PaddingRight(1)
	s.FocusedPane = s.Pane
	s.Compute, s.Comm, s.IO = base, base, base
	s.BarColors = []lipgloss.Style{base}
	// Glyphs: full block, the three shades, the two diagonals and the
	// half blocks are distinct cell patterns in any monospace font.
	seg := func(g string) Segment { return Segment{Glyph: g, Style: base} }
	s.StepCompute, s.StepRecompute, s.StepTP, s.StepBubble = seg("█"), seg("▓"), seg("▒"), seg("░")
	s.StepPPSend, s.StepEP, s.StepDP, s.StepIO = seg("▚"), seg("▞"), seg("▄"), seg("▀")
	s.MemWeights, s.MemGradients, s.MemOptimizer, s.MemActivations, s.MemReserved = seg("█"), seg("▓"), seg("▒"), seg("░"), seg("▚")
	s.MemFree, s.MemCapacity = seg("╌"), seg("┃")
	s.Heat = [5]Segment{seg("·"), seg("░"), seg("▒"), seg("▓"), seg("█")}
	if plain {
		return s
	}
	// Fixed mid-tone colours that read on dark and light backgrounds alike:
	// adaptive colours would make lipgloss ask the terminal for its
	// background, which costs start-up time and can race the keyboard.
	accent := lipgloss.Color("#8B6CEF")
	dim := lipgloss.Color("#808080")
	s.Header = s.Header.Foreground(lipgloss.Color("#FFFFFF")).Background(lipgloss.Color("#5A32A3")).Padding(0, 1)
	s.HeaderDim = base.Foreground(dim)
	s.Dirty = s.Dirty.Foreground(lipgloss.Color("#E0A800"))
	s.Tab = s.Tab.Foreground(dim)
	s.ActiveTab = base.Bold(true).Foreground(lipgloss.Color("#FFFFFF")).Background(accent)
	s.ActiveTabMarks = [2]string{" ", " "}
	s.Title = s.Title.Foreground(accent)
	s.Subtitle = s.Subtitle.Foreground(accent)
	s.Dim = s.Dim.Foreground(dim)
	s.Good = s.Good.Foreground(lipgloss.Color("#2DA44E"))
	s.Bad = s.Bad.Foreground(lipgloss.Color("#E5534B"))
	s.Neutral = s.Neutral.Foreground(dim)
	s.Info = s.Info.Foreground(lipgloss.Color("#4493F8"))
	s.Warning = s.Warning.Foreground(lipgloss.Color("#C69026"))
	s.Critical = s.Critical.Foreground(lipgloss.Color("#E5534B"))
	s.Selected = base.Reverse(true).Bold(true)
	s.ErrorText = s.ErrorText.Foreground(lipgloss.Color("#E5534B"))
	s.Status = base.Foreground(dim)
	s.Prompt = base.Bold(true).Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#E0A800")).Padding(0, 1)
	s.Pane = s.Pane.BorderForeground(dim)
	s.FocusedPane = s.Pane.BorderForeground(accent)
	s.Compute = base.Foreground(lipgloss.Color("#4493F8"))
	s.Comm = base.Foreground(lipgloss.Color("#C9559B"))
	s.IO = base.Foreground(lipgloss.Color("#C69026"))
	s.BarColors = []lipgloss.Style{
		base.Foreground(lipgloss.Color("#58A6FF")), base.Foreground(lipgloss.Color("#DB61A2")),
		base.Foreground(lipgloss.Color("#3FB950")), base.Foreground(lipgloss.Color("#D29922")),
		base.Foreground(lipgloss.Color("#B69CFF")), base.Foreground(lipgloss.Color("#F85149")),
		base.Foreground(lipgloss.Color("#39C5CF")), base.Foreground(lipgloss.Color("#8A8A8A")),
	}
	col := func(g *Segment, c string) { g.Style = base.Foreground(lipgloss.Color(c)) }
	col(&s.StepCompute, "#4493F8")
	col(&s.StepRecompute, "#39C5CF")
	col(&s.StepTP, "#C9559B")
	col(&s.StepBubble, "#8A8A8A")
	col(&s.StepPPSend, "#B69CFF")
	col(&s.StepEP, "#3FB950")
	col(&s.StepDP, "#F85149")
	col(&s.StepIO, "#C69026")
	col(&s.MemWeights, "#4493F8")
	col(&s.MemGradients, "#C9559B")
	col(&s.MemOptimizer, "#B69CFF")
	col(&s.MemActivations, "#3FB950")
	col(&s.MemReserved, "#8A8A8A")
	col(&s.MemFree, "#808080")
	s.MemCapacity.Style = base.Bold(true).Foreground(lipgloss.Color("#E5534B"))
	for i, c := range []string{"#2DA44E", "#8DB83A", "#D4B02A", "#E0802F", "#E5534B"} {
		s.Heat[i].Style = base.Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color(c))
	}
	return s
}
