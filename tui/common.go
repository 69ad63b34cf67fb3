package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/tui/keymap"
	"github.com/topoplan/topoplan/tui/styles"
)

// common is what every component shares: the size it has, the theme and
// the key map.
type common struct {
	Width, Height int
	Styles        *styles.Styles
	Keys          *keymap.KeyMap
}

// component is the contract of every view and pane: it draws the plan at the
// size it is given. Views are pure functions of the session's plan and
// baseline; the root caches what they render.
type component interface {
	// Title names the view in the tab bar.
	Title() string
	// Render draws the view for the session at width × height.
	Render(c common, ss *session) string
}

// Messages.
type (
	// savedMsg reports a successful save.
	savedMsg struct {
		path  string
		scen  model.Scenario
		saved string // the bytes written, for the next save's comment-preserving merge
		// backup is true when a previous version was kept, in backupPath.
		backup     bool
		backupPath string
	}
	// errMsg is the one shared error message: a command failed.
	errMsg struct{ err error }
)

// better says which direction of change is an improvement.
type better int

const (
	lowerIsBetter  better = -1
	neutral        better = 0
	higherIsBetter better = 1
)

// delta renders the change from base to cur as "▲ +12.0%" (or "▲ +3" for
// counts), coloured good or bad; "=" when unchanged. format renders the
// absolute change; nil shows only the percentage.
func (c common) delta(cur, base float64, b better, format func(float64) string) string {
	s := c.Styles
	d := cur - base
	if math.Abs(d) <= 1e-9*math.Max(math.Abs(cur), math.Abs(base)) || (cur == 0 && base == 0) {
		return s.Neutral.Render("=")
	}
	arrow := "▲"
	if d < 0 {
		arrow = "▼"
	}
	var text string
	switch {
	case format != nil && base != 0:
		text = fmt.Sprintf("%s %s (%+.1f%%)", arrow, signed(format, d), 100*d/math.Abs(base))
	case format != nil:
		text = fmt.Sprintf("%s %s", arrow, signed(format, d))
	case base != 0:
		text = fmt.Sprintf("%s %+.1f%%", arrow, 100*d/math.Abs(base))
	default:
		text = arrow + " new"
	}
	st := s.Neutral
	switch {
	case b == lowerIsBetter && d < 0, b == higherIsBetter && d > 0:
		st = s.Good
	case b == lowerIsBetter && d > 0, b == higherIsBetter && d < 0:
		st = s.Bad
	}
	return st.Render(text)
}

func signed(format func(float64) string, d float64) string {
	if d < 0 {
		return "-" + format(-d)
	}
	return "+" + format(d)
}

// usd formats dollars without cents.
func usd(v float64) string { return "$" + model.FormatUSD(v, 0) }

// severityStyle colours a finding by its severity.
func (c common) severityStyle(sev string) lipgloss.Style {
	switch sev {
	case model.SeverityCritical:
		return c.Styles.Critical
	case model.SeverityWarning:
		return c.Styles.Warning
	}
	return c.Styles.Info
}

// truncate cuts s (which may carry styles) to width display cells with an ellipsis.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// padRight pads s with spaces to width display cells.
func padRight(s string, width int) string {
	if w := lipgloss.Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// padLeft right-aligns s in width display cells.
func padLeft(s string, width int) string {
	if w := lipgloss.Width(s); w < width {
		return strings.Repeat(" ", width-w) + s
	}
	return s
}

// section renders a bold section title.
func (c common) section(title string) string { return c.Styles.Subtitle.Render(title) }

// plural is "1 cluster", "2 clusters".
func plural(n int, noun string) string { return model.Plural(n, noun) }
