// Package keymap declares every key the TUI answers to, once, with its help
// text; the help view is generated from these bindings so it cannot drift
// from what the keys do.
package keymap

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the TUI's key bindings.
type KeyMap struct {
	// NextView, PrevView and GotoView switch views.
	NextView, PrevView, GotoView key.Binding
	// Editor opens and focuses the editor, or leaves it.
	Editor key.Binding
	// FullWidth hides the editor beside the views, or shows it again.
	FullWidth key.Binding
	// Up, Down, PrevGroup and NextGroup move in the editor (Up/Down scroll a view).
	Up, Down, PrevGroup, NextGroup key.Binding
	// StepDown and StepUp step the value under the cursor.
	StepDown, StepUp key.Binding
	// Edit starts typing a value; Accept applies it; Cancel leaves a field, pane or dialog.
	Edit, Accept, Cancel key.Binding
	// AddItem duplicates and RemoveItem deletes the list item under the cursor.
	AddItem, RemoveItem key.Binding
	// Undo and Redo walk the edit history.
	Undo, Redo key.Binding
	// Baseline pins the current plan for comparison; ClearBaseline removes it.
	Baseline, ClearBaseline key.Binding
	// Save writes the scenario file; Export opens the export dialog.
	Save, Export key.Binding
	// Optimise proposes the cheapest plan at least as fast as the current
	// one, applied as the what-if against a baseline; Sweep sweeps the
	// editor's numeric field and opens the Sweep view.
	Optimise, Sweep key.Binding
	// Sweep2 sweeps the editor's numeric field against the field of the
	// last one-field sweep and opens the heat map; AddField (in the Sweep
	// view) returns to the editor to pick that second field; Metric
	// switches the heat map between time to train and cost per run;
	// Left and Right move between its columns.
	Sweep2, AddField, Metric, Left, Right key.Binding
	// Tornado ranks the uncertain inputs and shows the bands.
	Tornado key.Binding
	// PageUp and PageDown scroll a view (or move the editor's or a list's cursor) by a page.
	PageUp, PageDown key.Binding
	// Top and Bottom go to the first and last line of a view (or field of the editor, item of a list).
	Top, Bottom key.Binding
	// Open opens the selectable list of the view (findings and assumptions on
	// the Overview, line items on Cost) to read an item in full.
	Open key.Binding
	// Search opens the / prompt over fields, findings, assumptions, cost
	// lines and instance types; PrevMatch and NextMatch select a match
	// (arrows only: letters go to the query) and Jump goes to it.
	Search, PrevMatch, NextMatch, Jump key.Binding
	// Detail opens the selected item of a list to its full text; Back returns from it, or from the list.
	Detail, Back key.Binding
	// Mouse is not a key (it has none, so it is in no mode's key columns):
	// its help text is the mouse's line under the full help.
	Mouse key.Binding
	// Help toggles the full help; Quit leaves (asking first about unsaved changes).
	Help, Quit key.Binding
	// Yes and No answer a question.
	Yes, No key.Binding
}

// Default returns the standard bindings.
func Default() *KeyMap {
	return &KeyMap{
		NextView:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next view")),
		PrevView:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous view")),
		GotoView:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7"), key.WithHelp("1-7", "go to view")),
		Editor:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "editor")),
		FullWidth:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "full width")),
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PrevGroup:     key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous group")),
		NextGroup:     key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next group")),
		StepDown:      key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "step value down")),
		StepUp:        key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "step value up")),
		Edit:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "type a value")),
		AddItem:       key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "duplicate list item")),
		RemoveItem:    key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete list item")),
		Accept:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Undo:          key.NewBinding(key.WithKeys("u", "ctrl+z"), key.WithHelp("u", "undo")),
		Redo:          key.NewBinding(key.WithKeys("ctrl+r", "U"), key.WithHelp("ctrl+r", "redo")),
		Baseline:      key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "pin baseline")),
		ClearBaseline: key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "clear baseline")),
		Save:          key.NewBinding(key.WithKeys("s", "ctrl+s"), key.WithHelp("s", "save")),
		Export:        key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export")),
		Optimise:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "optimise")),
		Sweep:         key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "sweep field")),
		Tornado:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "tornado")),
		Sweep2:        key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "2-field sweep")),
		AddField:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "add a 2nd field (then W)")),
		Metric:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "time / cost")),
		Left:          key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "left")),
		Right:         key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "right")),
		PageUp:        key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/^b", "page up")),
		PageDown:      key.NewBinding(key.WithKeys("pgdown", " ", "ctrl+f"), key.WithHelp("pgdn/^f", "page down")),
		Top:           key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:        key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		Open:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "select and read (Overview, Cost)")),
		Search:        key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		PrevMatch:     key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "previous match")),
		NextMatch:     key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "next match")),
		Jump:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "jump to match")),
		Detail:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "detail")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Mouse:         key.NewBinding(key.WithHelp("mouse", "click a tab, field or list item (twice: open) · wheel scrolls")),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:          key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Yes:           key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:            key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no")),
	}
}

// Help adapts a pair of binding lists to help.KeyMap.
type Help struct {
	ShortKeys []key.Binding
	FullKeys  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h Help) ShortHelp() []key.Binding { return h.ShortKeys }

// FullHelp implements help.KeyMap.
func (h Help) FullHelp() [][]key.Binding { return h.FullKeys }

// Browse is the help while browsing views.
func (k *KeyMap) Browse() Help {
	return Help{
		ShortKeys: []key.Binding{k.NextView, k.Editor, k.Baseline, k.Undo, k.Save, k.Help, k.Quit},
		FullKeys: [][]key.Binding{
			{k.NextView, k.PrevView, k.GotoView, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.Open, k.Editor, k.FullWidth, k.Undo, k.Redo, k.Baseline, k.ClearBaseline},
			{k.Search, k.Save, k.Export, k.Optimise, k.Tornado, k.Help, k.Quit},
		},
	}
}

// Editing is the help while the editor has focus.
func (k *KeyMap) Editing() Help {
	return Help{
		ShortKeys: []key.Binding{k.Up, k.Down, k.StepDown, k.StepUp, k.Edit, k.Cancel, k.Undo, k.Help},
		FullKeys: [][]key.Binding{
			{k.Up, k.Down, k.PrevGroup, k.NextGroup, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.StepDown, k.StepUp, k.Edit, k.AddItem, k.RemoveItem, k.Cancel, k.Undo, k.Redo, k.Baseline, k.ClearBaseline},
			{k.NextView, k.PrevView, k.GotoView, k.FullWidth, k.Search, k.Save, k.Export, k.Optimise, k.Sweep, k.Sweep2, k.Help, k.Quit},
		},
	}
}

// SweepOne is the help of the one-field Sweep view.
func (k *KeyMap) SweepOne() Help {
	return Help{ShortKeys: []key.Binding{k.Up, k.Down, k.Accept, k.AddField, k.Cancel},
		FullKeys: [][]key.Binding{{k.Up, k.Down, k.Accept, k.AddField, k.Cancel, k.Quit}}}
}

// SweepTwo is the help of the two-field Sweep view (the heat map).
func (k *KeyMap) SweepTwo() Help {
	return Help{ShortKeys: []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Metric, k.Accept, k.Cancel},
		FullKeys: [][]key.Binding{{k.Up, k.Down, k.Left, k.Right, k.Metric, k.Accept, k.Cancel, k.Quit}}}
}

// Typing is the help while a value is being typed: every other key goes to the field.
func (k *KeyMap) Typing() Help {
	return Help{ShortKeys: []key.Binding{k.Accept, k.Cancel}, FullKeys: [][]key.Binding{{k.Accept, k.Cancel}}}
}

// Dialog is the help of a list dialog (export).
func (k *KeyMap) Dialog() Help {
	return Help{ShortKeys: []key.Binding{k.Up, k.Down, k.Accept, k.Cancel}, FullKeys: [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.Accept, k.Cancel}}}
}

// Drill is the help of a selectable list (findings) and the item it opens to.
func (k *KeyMap) Drill() Help {
	return Help{
		ShortKeys: []key.Binding{k.Up, k.Down, k.Detail, k.Back, k.Quit},
		FullKeys:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Detail, k.Back, k.Help, k.Quit}},
	}
}

// Searching is the help of the / prompt.
func (k *KeyMap) Searching() Help {
	keys := []key.Binding{k.PrevMatch, k.NextMatch, k.Jump, k.Cancel}
	return Help{ShortKeys: keys, FullKeys: [][]key.Binding{keys}}
}

// Confirm is the help of a yes/no prompt.
func (k *KeyMap) Confirm() Help {
	return Help{ShortKeys: []key.Binding{k.Yes, k.No}, FullKeys: [][]key.Binding{{k.Yes, k.No}}}
}
