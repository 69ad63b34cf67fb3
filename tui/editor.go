package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/planner"
)

// editor is the grouped list of every scenario input. ←/→ step a value,
// enter types one; every change goes through the session, which validates
// and re-evaluates it once.
type editor struct {
	fields  []field
	fieldOf int // session generation the field list was built for
	cursor  int
	// offset is the first visible row; a pointer so the scroll position,
	// found while drawing, survives the model being copied (it is view
	// state only, like a viewport's).
	offset *int
	// shown is, for each row drawn last, the field it shows (negative for a
	// title or a message row), so a click can find its field; a pointer
	// for the same reason as offset.
	shown  *[]int
	typing bool
	input  textinput.Model
	// inputErr is a parse error of the value being typed (not applied).
	inputErr string
	// note is a one-line message about the last step (e.g. why it did nothing).
	note string
}

func newEditor() editor {
	ti := newTextInput("", 200)
	return editor{input: ti, fieldOf: -1, offset: new(int), shown: new([]int)}
}

// sync rebuilds the field list when the scenario changed.
func (e *editor) sync(ss *session) {
	if e.fieldOf == ss.gen && e.fields != nil {
		return
	}
	e.fields = scenarioFields(&ss.scen)
	e.fieldOf = ss.gen
	e.cursor = min(max(e.cursor, 0), max(len(e.fields)-1, 0))
}

// current is the field under the cursor.
func (e *editor) current() (field, bool) {
	if e.cursor < 0 || e.cursor >= len(e.fields) {
		return field{}, false
	}
	return e.fields[e.cursor], true
}

// Typing reports whether a value is being typed (every key goes to the field).
func (e editor) Typing() bool { return e.typing }

// Focus moves the cursor to the field at path, if present.
func (e *editor) Focus(ss *session, path string) bool {
	e.sync(ss)
	for i, f := range e.fields {
		if f.Path == path {
			e.cursor = i
			return true
		}
	}
	return false
}

// Update handles a key while the editor has focus; it reports whether the
// scenario changed.
func (e editor) Update(msg tea.KeyMsg, c common, ss *session) (editor, tea.Cmd, bool) {
	e.sync(ss)
	k := c.Keys
	if e.typing {
		switch {
		case key.Matches(msg, k.Accept):
			f, ok := e.current()
			if !ok {
				e.typing = false
				return e, nil, false
			}
			next := cloneScenario(ss.scen)
			if err := f.Set(&next, e.input.Value()); err != nil {
				e.inputErr = err.Error()
				return e, nil, false
			}
			e.typing, e.inputErr = false, ""
			e.input.Blur()
			renamed := planner.RenameReferences(ss.scen, &next)
			ss.apply(next)
			e.note = ""
			switch {
			case renamed == 1:
				e.note = "renamed: 1 reference followed (u undoes both)"
			case renamed > 1:
				e.note = fmt.Sprintf("renamed: %d references followed (u undoes both)", renamed)
			}
			return e, nil, true
		case key.Matches(msg, k.Cancel):
			e.typing, e.inputErr = false, ""
			e.input.Blur()
			return e, nil, false
		}
		var cmd tea.Cmd
		e.input, cmd = e.input.Update(msg)
		e.inputErr = ""
		return e, cmd, false
	}
	switch {
	case key.Matches(msg, k.Up):
		e.cursor = max(e.cursor-1, 0)
	case key.Matches(msg, k.Down):
		e.cursor = min(e.cursor+1, len(e.fields)-1)
	case key.Matches(msg, k.PageUp):
		e.cursor = max(e.cursor-editorPage(c.Height), 0)
	case key.Matches(msg, k.PageDown):
		e.cursor = max(min(e.cursor+editorPage(c.Height), len(e.fields)-1), 0)
	case key.Matches(msg, k.Top):
		e.cursor = 0
	case key.Matches(msg, k.Bottom):
		e.cursor = max(len(e.fields)-1, 0)
	case key.Matches(msg, k.PrevGroup), key.Matches(msg, k.NextGroup):
		e.jumpGroup(key.Matches(msg, k.NextGroup))
	case key.Matches(msg, k.StepUp), key.Matches(msg, k.StepDown):
		f, ok := e.current()
		if !ok {
			return e, nil, false
		}
		dir := 1
		if key.Matches(msg, k.StepDown) {
			dir = -1
		}
		next := cloneScenario(ss.scen)
		before, _ := f.Value(&next)
		if err := f.Step(&next, ss.cat, dir); err != nil {
			e.note = err.Error()
			return e, nil, false
		}
		if after, _ := f.Value(&next); after == before && !f.Absent {
			e.note = fmt.Sprintf("%s: no further value that way", f.Name)
			return e, nil, false
		}
		e.note = ""
		ss.apply(next)
		e.sync(ss)
		return e, nil, true
	case key.Matches(msg, k.AddItem), key.Matches(msg, k.RemoveItem):
		f, ok := e.current()
		if !ok || f.ListItem() == "" {
			e.note = "not part of a list (clusters, links, sites, jobs…)"
			return e, nil, false
		}
		next := cloneScenario(ss.scen)
		target := ""
		if key.Matches(msg, k.AddItem) {
			p, err := f.Duplicate(&next)
			if err != nil {
				e.note = err.Error()
				return e, nil, false
			}
			target = p + strings.TrimPrefix(f.Path, f.ListItem())
			e.note = "added a copy of " + f.ListItem() + " (u undoes)"
		} else {
			if err := f.Remove(&next); err != nil {
				e.note = err.Error()
				return e, nil, false
			}
			e.note = "removed " + f.ListItem() + " (u undoes)"
		}
		ss.apply(next)
		e.sync(ss)
		if target != "" {
			e.Focus(ss, target)
		}
		return e, nil, true
	case key.Matches(msg, k.Edit):
		f, ok := e.current()
		if !ok {
			return e, nil, false
		}
		if f.Absent {
			next := cloneScenario(ss.scen)
			if err := f.Set(&next, ""); err != nil {
				e.note = err.Error()
				return e, nil, false
			}
			ss.apply(next)
			return e, nil, true
		}
		v, set := f.Value(&ss.scen)
		if !set && isPlaceholder(v) {
			v = ""
		}
		e.input.SetValue(v)
		e.input.CursorEnd()
		e.typing, e.inputErr = true, ""
		return e, e.input.Focus(), false
	}
	return e, nil, false
}

// editorPage is how many fields a page key moves at a pane height (rows
// also hold group titles and the field's note, so somewhat fewer than the rows).
func editorPage(height int) int { return max(height*2/3, 1) }

func (e *editor) jumpGroup(forward bool) {
	if len(e.fields) == 0 {
		return
	}
	g := e.fields[e.cursor].Group
	if forward {
		for i := e.cursor + 1; i < len(e.fields); i++ {
			if e.fields[i].Group != g {
				e.cursor = i
				return
			}
		}
		return
	}
	// Back to the start of this group, or of the previous one.
	start := e.cursor
	for start > 0 && e.fields[start-1].Group == g {
		start--
	}
	if start < e.cursor {
		e.cursor = start
		return
	}
	if start == 0 {
		return
	}
	pg := e.fields[start-1].Group
	for start > 0 && e.fields[start-1].Group == pg {
		start--
	}
	e.cursor = start
}

// View draws the editor in width × height.
func (e *editor) View(c common, ss *session, width, height int, focused bool) string {
	e.sync(ss)
	s := c.Styles
	if width < 10 || height < 3 {
		return ""
	}
	type row struct {
		text  string
		field int // -1 for headers
	}
	var rows []row
	group, owner := "", ""
	labelW := min(max(width/2, 12), 24)
	valueW := max(width-labelW-3, 4)
	for i, f := range e.fields {
		if f.Group != group {
			group = f.Group
			owner = ""
			rows = append(rows, row{s.Subtitle.Render(truncate("▍"+group, width)), -1})
		}
		indent := ""
		if f.Owner != "" {
			indent = "  "
			if f.Owner != owner {
				rows = append(rows, row{s.Title.Render(truncate(" "+f.Owner, width)), -1})
			}
		}
		owner = f.Owner
		label := padRight(truncate(indent+f.Name, labelW), labelW)
		val, set := f.Display(&ss.scen)
		var valText string
		switch {
		case i == e.cursor && e.typing:
			e.input.Width = max(valueW-1, 1)
			// The text input styles its own runs: wrapping its view in
			// another style would re-render it rune by rune and cut the
			// cursor's escape sequence apart (garbage like "[7m").
			e.input.TextStyle = s.Editing
			e.input.Cursor.Style = s.Editing
			e.input.Cursor.TextStyle = s.Editing
			valText = e.input.View()
		case !set:
			valText = s.Dim.Render(truncate(val, valueW))
		default:
			valText = truncate(val, valueW)
		}
		marker := "  "
		if i == e.cursor && focused {
			marker = "› "
			if e.typing {
				// A glyph, so typing mode shows without underline and
				// reverse video too (NO_COLOR strips both).
				marker = "✎ "
			}
		}
		if d, bad := ss.errorAt(f.Path); bad {
			mark, st := "!", s.ErrorText
			if d.Severity == planner.SeverityWarning {
				mark, st = "⚠", s.Warning // valid: applied and evaluated
			}
			marker = st.Render(mark) + string([]rune(marker)[1:])
		}
		line := marker + label + " " + valText
		if i == e.cursor && focused && !e.typing {
			line = s.Selected.Render(padRight(marker+label+" "+truncate(val, valueW), width))
		}
		rows = append(rows, row{line, i})
		if i == e.cursor {
			if e.inputErr != "" {
				rows = append(rows, row{s.ErrorText.Render(truncate("  ✗ "+e.inputErr, width)), -2})
			} else if d, bad := ss.errorAt(f.Path); bad {
				mark, st := "✗ ", s.ErrorText
				if d.Severity == planner.SeverityWarning {
					mark, st = "⚠ ", s.Warning
				}
				for _, l := range wrap(mark+d.Message, width-2) {
					rows = append(rows, row{st.Render("  " + l), -2})
				}
			} else if e.note != "" {
				rows = append(rows, row{s.Dim.Render(truncate("  "+e.note, width)), -2})
			} else if focused {
				doc := f.Doc
				if ch := f.Choices(&ss.scen, ss.cat); len(ch) > 0 {
					shown := make([]string, 0, len(ch))
					for _, c := range ch {
						if c == "" {
							c = f.placeholder()
						}
						shown = append(shown, c)
					}
					doc += " · ←/→: " + strings.Join(shown, " ")
				}
				for _, l := range wrap(doc, width-4) {
					rows = append(rows, row{s.Dim.Render("    " + l), -2})
				}
			}
		}
	}
	// Keep the cursor row visible.
	cur := 0
	for i, r := range rows {
		if r.field == e.cursor {
			cur = i
			break
		}
	}
	// Scroll as little as keeps the cursor row (and its message) visible.
	off := *e.offset
	if cur-1 < off {
		off = max(cur-1, 0)
	}
	end := cur
	for end+1 < len(rows) && rows[end+1].field == -2 {
		end++
	}
	if end >= off+height {
		off = end - height + 1
	}
	off = min(max(off, 0), max(len(rows)-height, 0))
	*e.offset = off
	var b strings.Builder
	shown := (*e.shown)[:0]
	for i := off; i < len(rows) && i < off+height; i++ {
		if i > off {
			b.WriteByte('\n')
		}
		b.WriteString(rows[i].text)
		shown = append(shown, rows[i].field)
	}
	*e.shown = shown
	return b.String()
}

// fieldAtRow is the field drawn on a row of the pane as last drawn, or -1.
func (e editor) fieldAtRow(row int) int {
	if row < 0 || row >= len(*e.shown) {
		return -1
	}
	return max((*e.shown)[row], -1)
}

// wrap breaks text into lines of at most width cells on spaces.
func wrap(text string, width int) []string {
	if width < 8 {
		width = 8
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
