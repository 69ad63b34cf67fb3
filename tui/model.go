package tui

import (
	"fmt"
	"github.com/topoplan/topoplan/internal/termsafe"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/tui/keymap"
	"github.com/topoplan/topoplan/tui/styles"
)

// mode is the root state machine: browsing, or a prompt that owns the keyboard.
type mode int

const (
	modeNormal mode = iota
	modeConfirmQuit
	modeSaveAs
	modeExport
	modeExportName
	modeDrill
	modeSearch
	modeSweep
	// modeConfirmOverwrite asks before replacing a file the session did
	// not open or write (F4).
	modeConfirmOverwrite
	// modeConfirmQuitExport asks, on quit, whether to wait for the exports
	// still being written or to drop them (F17).
	modeConfirmQuitExport
)

// Model is the root TUI model. It handles window size and global keys once,
// pushes the size down, and delegates the rest to the editor or the view.
type Model struct {
	c    common
	ss   *session
	path string
	// source is the file's bytes as last read or written (for comment-preserving saves).
	source string
	fo     fileOps

	views  []component
	active int
	cache  []viewCache
	shown  int // the view whose text is in the viewport

	editor      editor
	editorOpen  bool
	editorFocus bool
	// fullWidth hides the editor so views take the whole width (f); it
	// holds for the rest of the session, across resizes and views, and the
	// editor shows only while focused (e).
	fullWidth bool

	vp       viewport.Model
	help     help.Model
	showHelp bool

	mode      mode
	saveAs    textinput.Model
	quitAfter bool

	exportCursor int
	// drill is the selectable list shown in modeDrill (findings).
	drill drill
	// search is the / prompt and its matches (modeSearch).
	search search
	// sweep is the Sweep view (modeSweep): a one-field sweep, or a
	// two-field heat map, to pick a what-if from.
	sweep sweepView
	// ranges are the numbers the file writes as ranges, for the tornado.
	ranges []planner.FieldRange

	status    string
	statusErr bool
	quitting  bool

	// written holds the absolute paths this session wrote (saves and
	// exports): writing them again needs no confirmation and keeps the
	// backup made by the first write.
	written map[string]bool
	// opened is the scenario file the session started from ("" for the
	// embedded example): the one file whose .bak a save rotates.
	opened string
	// pending is the write waiting for the overwrite question's answer.
	pending targetCheckedMsg
	// exporting describes the exports in flight ("Diagram (PNG) to x.png").
	exporting []string
	// quitAfterExports quits once the exports in flight are written.
	quitAfterExports bool
	// quitNote is printed after the TUI ends (an export dropped on quit).
	quitNote string
}

type viewCache struct {
	gen, width, height int
	text               string
	valid              bool
}

// New builds the root model and evaluates the scenario once.
func New(cfg Config) Model {
	file := cfg.Path
	if file == "" {
		file = planner.ExampleName
	}
	var scen model.Scenario
	var ranges []planner.FieldRange
	if cfg.Doc != nil {
		scen, ranges = cfg.Doc.Scenario, cfg.Doc.Ranges
	}
	m := Model{
		c:       common{Styles: styles.New(cfg.Plain), Keys: keymap.Default(), Width: 80, Height: 24},
		ss:      newSession(file, scen, cfg.Catalog, cfg.Now),
		path:    cfg.Path,
		source:  string(cfg.Source),
		fo:      osFileOps,
		views:   []component{overview{}, network{charts: newChartCache()}, storage{}, costView{}, subnets{}, topology{}, trainingView{}},
		editor:  newEditor(),
		help:    help.New(),
		written: map[string]bool{},
		opened:  cfg.Path,
		vp:      viewport.New(80, 20),
		ranges:  ranges,
	}
	m.cache = make([]viewCache, len(m.views))
	m.saveAs = newTextInput("save as: ", 4096)
	if cfg.Plain {
		m.help.Styles = help.Styles{}
	}
	m.layout()
	m.shown = -1
	m.refresh()
	return m
}

// Init implements tea.Model: it removes, in the background, what killed
// saves and exports left behind (see cleanStaleTempsCmd).
func (m Model) Init() tea.Cmd { return cleanStaleTempsCmd(m.ss.file, m.ss.scen, time.Now) }

// Scenario returns the scenario as currently edited.
func (m Model) Scenario() model.Scenario { return m.ss.scen }

// Plan returns the plan on screen (of the last valid state).
func (m Model) Plan() model.Plan { return m.ss.plan }

// Dirty reports unsaved changes.
func (m Model) Dirty() bool { return m.ss.dirty }

// Quitting reports whether the model has asked the program to quit.
func (m Model) Quitting() bool { return m.quitting }

// Update implements tea.Model. After handling the message it re-renders the
// active view only if the plan, the baseline, the view or the size changed.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := m.update(msg)
	m.refresh()
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.Width, m.c.Height = msg.Width, msg.Height
		if !m.editorFocus {
			// Beside the view when there is room; on demand (e) below that.
			m.editorOpen = m.editorBeside()
		}
		m.layout()
		return m, nil
	case savedMsg:
		m.ss.markSaved(msg.scen, msg.path)
		m.path, m.source = msg.path, msg.saved
		m.written[absPath(msg.path)] = true
		st := "saved " + msg.path
		if msg.backup {
			st += " (previous version in " + filepath.Base(msg.backupPath) + ")"
		}
		m.setStatus(st, false)
		if m.quitAfter {
			m.quitting = true
			return m, tea.Quit
		}
		return m, nil
	case rendererBuildMsg:
		m.setStatus("exporting "+msg.what+"… first diagram of this checkout: building the diagram renderer topoplan-render from source (once; up to a few minutes)", false)
		return m, nil
	case exportedMsg:
		m.written[absPath(msg.path)] = true
		m.setStatus("exported "+msg.format+" to "+msg.path, false)
		return m.exportEnded()
	case exportFailedMsg:
		m.setStatus(msg.err.Error(), true)
		return m.exportEnded()
	case targetCheckedMsg:
		if msg.confirm {
			m.pending = msg
			m.mode = modeConfirmOverwrite
			return m, nil
		}
		return m.write(msg)
	case errMsg:
		m.quitAfter = false
		m.setStatus(msg.err.Error(), true)
		return m, nil
	case optimisedMsg:
		return m.optimised(msg)
	case sweptMsg:
		return m.swept(msg)
	case swept2Msg:
		return m.swept2(msg)
	case tornadoMsg:
		return m.tornadoShown(msg)
	case tea.MouseMsg:
		return m.mouse(msg)
	case tea.KeyMsg:
		if m.keysArriveTogether(msg) {
			// Bubble Tea v1 delivers runes read together (a fast typist, tmux
			// send-keys, a script) as one message; outside a text field each
			// rune is its own command key.
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				var cmd tea.Cmd
				m, cmd = m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
				cmds = append(cmds, cmd)
			}
			return m, tea.Sequence(cmds...)
		}
		return m.key(msg)
	}
	return m, nil
}

// keysArriveTogether reports a multi-rune key message typed outside any text field.
func (m Model) keysArriveTogether(msg tea.KeyMsg) bool {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return false
	}
	return !m.editor.typing && m.mode != modeSaveAs && m.mode != modeExportName && m.mode != modeSearch
}

// updateEditor hands a key to the editor and clears the status line when
// the edit changed something.
func (m Model) updateEditor(msg tea.KeyMsg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	var changed bool
	c := m.c
	c.Height = m.vp.Height // the pane's, for the page keys
	m.editor, cmd, changed = m.editor.Update(msg, c, m.ss)
	if changed {
		m.setStatus("", false)
	}
	return m, cmd
}

func (m *Model) setStatus(s string, isErr bool) { m.status, m.statusErr = s, isErr }

func (m Model) key(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.c.Keys
	// ctrl+c always leads out: it cancels any prompt and asks (once) about
	// unsaved changes; a second ctrl+c at that question quits.
	if msg.Type == tea.KeyCtrlC {
		if m.mode == modeConfirmQuit {
			m.quitting = true
			return m, tea.Quit
		}
		m.mode = modeNormal
		m.saveAs.Blur()
		m.editor.typing = false
		return m.quit()
	}
	switch m.mode {
	case modeConfirmQuit:
		switch {
		case key.Matches(msg, k.Yes):
			m.quitting = true
			return m, tea.Quit
		case key.Matches(msg, k.Save):
			m.mode = modeNormal
			m.quitAfter = true
			return m.save()
		case key.Matches(msg, k.No):
			m.mode = modeNormal
			m.setStatus("", false)
		}
		return m, nil
	case modeConfirmOverwrite:
		switch {
		case key.Matches(msg, k.Yes):
			m.mode = modeNormal
			return m.write(m.pending)
		case key.Matches(msg, k.No), key.Matches(msg, k.Cancel):
			m.mode = modeSaveAs
			if m.pending.export {
				m.mode = modeExportName
			}
			m.quitAfter = false
			m.setStatus("", false)
			return m, m.saveAs.Focus()
		}
		return m, nil
	case modeConfirmQuitExport:
		switch {
		case key.Matches(msg, k.Accept):
			m.mode = modeNormal
			m.quitAfterExports = true
			m.setStatus("waiting for "+strings.Join(m.exporting, ", ")+" to be written, then quitting…", false)
			return m, nil
		case key.Matches(msg, k.Yes):
			m.quitNote = "topoplan: quit before the export finished; not written: " + strings.Join(m.exporting, ", ")
			m.quitting = true
			return m, tea.Quit
		case key.Matches(msg, k.No), key.Matches(msg, k.Cancel):
			m.mode = modeNormal
		}
		return m, nil
	case modeExport:
		switch {
		case key.Matches(msg, k.Up):
			m.exportCursor = max(m.exportCursor-1, 0)
		case key.Matches(msg, k.Down):
			m.exportCursor = min(m.exportCursor+1, len(exportFormats)-1)
		case key.Matches(msg, k.Top):
			m.exportCursor = 0
		case key.Matches(msg, k.Bottom):
			m.exportCursor = len(exportFormats) - 1
		case key.Matches(msg, k.Accept):
			if m.ss.stale {
				m.mode = modeNormal
				m.setStatus("not exported: fix the errors first (the plan on screen is from the last valid state)", true)
				return m, nil
			}
			m.mode = modeExportName
			m.saveAs.Prompt = "export to: "
			m.setStatus("", false)
			m.saveAs.SetValue(exportPath(m.path, m.ss.scen, exportFormats[m.exportCursor]))
			m.saveAs.CursorEnd()
			return m, m.saveAs.Focus()
		case key.Matches(msg, k.Cancel), key.Matches(msg, k.Quit):
			m.mode = modeNormal
		}
		return m, nil
	case modeDrill:
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			m.showHelp = !m.showHelp
			m.layout()
			return m, nil
		}
		var done bool
		m.drill, done = m.drill.Update(msg, m.c, m.vp.Height)
		if done {
			m.mode = modeNormal
		}
		return m, nil
	case modeSweep:
		return m.sweepKey(msg)
	case modeSearch:
		var hit *searchHit
		var done bool
		var cmd tea.Cmd
		m.search, hit, done, cmd = m.search.Update(msg, m.c, m.vp.Height)
		if done {
			m.mode = modeNormal
		}
		if hit != nil {
			m.jump(*hit)
		}
		return m, cmd
	case modeSaveAs, modeExportName:
		switch msg.Type {
		case tea.KeyEnter:
			p := strings.TrimSpace(m.saveAs.Value())
			if p == "" {
				return m, nil
			}
			md := m.mode
			m.mode = modeNormal
			m.saveAs.Blur()
			// A file the session did not open or write is replaced only
			// after a question (F4).
			return m, checkTargetCmd(p, m.path, m.written[absPath(p)], md == modeExportName)
		case tea.KeyEsc:
			m.mode = modeNormal
			m.quitAfter = false
			m.saveAs.Blur()
			return m, nil
		}
		var cmd tea.Cmd
		m.saveAs, cmd = m.saveAs.Update(msg)
		return m, cmd
	}
	// A value being typed owns every other key: q, digits and letters reach the field.
	if m.editorFocus && m.editor.Typing() {
		return m.updateEditor(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
		m.layout()
		return m, nil
	case key.Matches(msg, k.NextView):
		m.switchView((m.active + 1) % len(m.views))
		return m, nil
	case key.Matches(msg, k.PrevView):
		m.switchView((m.active + len(m.views) - 1) % len(m.views))
		return m, nil
	case key.Matches(msg, k.GotoView):
		m.switchView(int(msg.String()[0]-'1') % len(m.views))
		return m, nil
	case key.Matches(msg, k.Editor):
		if m.editorFocus {
			m.editorFocus = false
			m.editorOpen = m.editorBeside()
		} else {
			m.editorOpen, m.editorFocus = true, true
		}
		m.layout()
		return m, nil
	case key.Matches(msg, k.Search):
		m.search = newSearch(m.c, m.ss)
		m.mode = modeSearch
		m.setStatus("", false)
		return m, nil
	case key.Matches(msg, k.FullWidth):
		m.fullWidth = !m.fullWidth
		if m.fullWidth {
			m.editorFocus = false
			m.setStatus("full width: the editor shows only while e focuses it (f brings it back)", false)
		} else {
			m.setStatus("", false)
		}
		m.editorOpen = m.editorBeside()
		m.layout()
		return m, nil
	case key.Matches(msg, k.Undo):
		if ch, ok := m.ss.Undo(); ok {
			m.goToChange("undo", ch)
		} else {
			m.setStatus("nothing to undo", false)
		}
		return m, nil
	case key.Matches(msg, k.Redo):
		if ch, ok := m.ss.Redo(); ok {
			m.goToChange("redo", ch)
		} else {
			m.setStatus("nothing to redo", false)
		}
		return m, nil
	case key.Matches(msg, k.Baseline):
		again := m.ss.baseline != nil
		if m.ss.PinBaseline() {
			if again {
				m.setStatus("baseline re-pinned at the current state (B clears)", false)
				return m, nil
			}
			m.setStatus("baseline pinned: figures now show ▲/▼ against it (B clears)", false)
		} else {
			m.setStatus("fix the errors before pinning a baseline", true)
		}
		return m, nil
	case key.Matches(msg, k.ClearBaseline):
		m.ss.ClearBaseline()
		m.setStatus("baseline cleared", false)
		return m, nil
	case key.Matches(msg, k.Save):
		return m.save()
	case key.Matches(msg, k.Export):
		m.mode = modeExport
		return m, nil
	case key.Matches(msg, k.Optimise):
		return m.startOptimise()
	case key.Matches(msg, k.Tornado):
		return m.startTornado()
	case key.Matches(msg, k.Sweep) && m.editorFocus:
		return m.startSweep()
	case key.Matches(msg, k.Sweep2) && m.editorFocus:
		return m.startSweep2()
	}
	if m.editorFocus {
		if key.Matches(msg, k.Cancel) {
			m.editorFocus = false
			m.editorOpen = m.editorBeside()
			m.layout()
			return m, nil
		}
		return m.updateEditor(msg)
	}
	switch {
	case key.Matches(msg, k.Open):
		switch m.views[m.active].(type) {
		case overview:
			m.drill, m.mode = m.overviewDrill(), modeDrill
		case costView:
			m.drill, m.mode = m.costDrill(), modeDrill
		}
	case key.Matches(msg, k.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		m.vp.PageUp()
	case key.Matches(msg, k.PageDown):
		m.vp.PageDown()
	case key.Matches(msg, k.Top):
		m.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.vp.GotoBottom()
	}
	return m, nil
}

// jump goes to a search match: an editor field gets the editor's cursor;
// a finding, an assumption or a cost line opens in its view's list; an
// instance type opens in a list of the catalog.
func (m *Model) jump(h searchHit) {
	p := m.ss.plan
	open := func(view int, d drill) {
		m.switchView(view)
		d.cursor, d.open = h.index, true
		d.top = max(h.index-drillRows(m.vp.Height)+1, 0)
		m.drill, m.mode = d, modeDrill
	}
	switch h.kind {
	case hitField:
		m.editorOpen, m.editorFocus = true, true
		m.editor.Focus(m.ss, h.path)
		m.layout()
		m.setStatus("at "+h.path, false)
	case hitFinding:
		open(m.viewOf(overview{}), m.overviewDrill())
	case hitAssumption:
		h.index += len(p.Findings) // the list holds the findings first
		open(m.viewOf(overview{}), m.overviewDrill())
	case hitCost:
		open(m.viewOf(costView{}), m.costDrill())
	case hitInstance:
		open(m.active, newDrill("Catalog instance types", m.c.instanceItems(m.ss.cat, m.ss.scen.AWS.Region)))
	}
}

// goToChange reports a step through the history ("undo: clusters[train].nodes
// 128 → 64") and shows where it happened: the editor's cursor goes to the
// field and the view switches to the one that field drives.
func (m *Model) goToChange(what string, ch change) {
	m.setStatus(what+": "+ch.text, false)
	if ch.path == "" {
		return
	}
	m.editor.Focus(m.ss, ch.path)
	if m.editorBeside() {
		m.editorOpen = true
	}
	m.switchView(m.viewOf(groupView(ch.group)))
	m.layout()
}

// overviewDrill is the Overview's list: the findings, then the assumptions.
func (m Model) overviewDrill() drill {
	p := m.ss.plan
	return newDrill("Findings & assumptions", append(m.c.findingItems(p.Findings), m.c.assumptionItems(p)...))
}

// costDrill is the Cost view's list of line items.
func (m Model) costDrill() drill {
	return newDrill("Cost lines", m.c.costItems(m.ss.plan.MonthlyCost.Lines))
}

// viewOf is the index of the view of v's type.
func (m Model) viewOf(v component) int {
	for i, w := range m.views {
		if fmt.Sprintf("%T", w) == fmt.Sprintf("%T", v) {
			return i
		}
	}
	return m.active
}

func (m *Model) switchView(i int) {
	if i != m.active {
		m.active = i
		m.vp.GotoTop()
	}
}

func (m Model) quit() (Model, tea.Cmd) {
	if m.ss.dirty {
		m.mode = modeConfirmQuit
		return m, nil
	}
	if len(m.exporting) > 0 {
		m.mode = modeConfirmQuitExport
		return m, nil
	}
	m.quitting = true
	return m, tea.Quit
}

// write starts the save or export a name prompt asked for.
func (m Model) write(t targetCheckedMsg) (Model, tea.Cmd) {
	r := m.writeRule(t.path)
	if t.export {
		f := exportFormats[m.exportCursor]
		what := f.Name + " to " + t.path
		m.exporting = append(m.exporting, what)
		m.setStatus("exporting "+what+"…", false)
		export := sessionExportCmd(m.fo, f, exportInput(m.ss), t.path, r)
		if f.draws {
			return m, tea.Sequence(rendererCheckCmd(what), export)
		}
		return m, export
	}
	return m, sessionSaveCmd(m.fo, t.path, cloneScenario(m.ss.scen), []byte(m.source), r)
}

// writeRule is how a write of path treats what it replaces (see writeRule).
func (m Model) writeRule(path string) writeRule {
	a := absPath(path)
	return writeRule{first: !m.written[a], loaded: m.opened != "" && a == absPath(m.opened)}
}

// exportEnded counts an export in flight as done and quits if the user
// chose to wait for it.
func (m Model) exportEnded() (Model, tea.Cmd) {
	if len(m.exporting) > 0 {
		m.exporting = m.exporting[1:]
	}
	if len(m.exporting) == 0 && m.quitAfterExports {
		m.quitting = true
		return m, tea.Quit
	}
	return m, nil
}

// QuitNote is what the TUI has to say after it ends ("" for nothing).
func (m Model) QuitNote() string { return m.quitNote }

// absPath is path made absolute for comparing (path itself on error).
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

func (m Model) save() (Model, tea.Cmd) {
	if m.ss.diags.HasErrors() {
		m.quitAfter = false
		m.setStatus("not saved: fix "+plural(len(m.ss.diags.Errors()), "error")+" first (u undoes the last edit)", true)
		return m, nil
	}
	if m.path == "" {
		m.mode = modeSaveAs
		m.saveAs.Prompt = "save as: "
		m.saveAs.SetValue(DefaultSavePath)
		m.saveAs.CursorEnd()
		return m, m.saveAs.Focus()
	}
	m.setStatus("saving…", false)
	return m, sessionSaveCmd(m.fo, m.path, cloneScenario(m.ss.scen), []byte(m.source), m.writeRule(m.path))
}

// Sizes of the fixed rows.
const (
	headerRows = 2 // header + tabs
	footerRows = 2 // figures/status + help
)

// editorBeside reports whether the editor stays open beside the view
// without focus: from 110 columns up, unless full width is on.
func (m Model) editorBeside() bool { return !m.fullWidth && m.c.Width >= 110 }

// editorWidth is the editor pane's width at the current size.
func (m Model) editorWidth() int {
	if !m.editorOpen {
		return 0
	}
	return min(max(m.c.Width*2/5, 30), 50)
}

// layout sizes the viewport for the current window, editor and help.
func (m *Model) layout() {
	m.help.Width = m.c.Width
	h := m.c.Height - headerRows - footerRows
	if m.showHelp {
		h -= lipgloss.Height(m.fullHelp()) - 1
	}
	m.vp.Width = max(m.c.Width-m.editorWidth()-btoi(m.editorOpen), 10)
	m.vp.Height = max(h, 1)
}

// fullHelp is the help ? shows: the keys of the mode and, while browsing
// or editing, a line on the mouse (not a key, so not in the key columns).
func (m Model) fullHelp() string {
	h := m.help.FullHelpView(m.helpKeys().FullHelp())
	if m.mode == modeNormal && !m.editor.Typing() {
		mh := m.c.Keys.Mouse.Help()
		h += "\n" + m.c.Styles.Dim.Render(truncate(mh.Key+"  "+mh.Desc, m.c.Width))
	}
	return h
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (m Model) helpKeys() keymap.Help {
	k := m.c.Keys
	switch {
	case m.mode == modeConfirmQuit, m.mode == modeConfirmOverwrite, m.mode == modeConfirmQuitExport:
		return k.Confirm()
	case m.mode == modeExport:
		return k.Dialog()
	case m.mode == modeDrill:
		return k.Drill()
	case m.mode == modeSweep && m.sweep.two:
		return k.SweepTwo()
	case m.mode == modeSweep:
		return k.SweepOne()
	case m.mode == modeSearch:
		return k.Searching()
	case m.mode == modeSaveAs, m.mode == modeExportName, m.editorFocus && m.editor.Typing():
		return k.Typing()
	case m.editorFocus:
		return k.Editing()
	}
	return k.Browse()
}

// refresh renders the active view into the viewport when the plan, the
// baseline or the size changed since it was last drawn (or the view was
// switched), so a keystroke that changes nothing re-renders nothing and an
// edit renders one view once.
func (m *Model) refresh() {
	vc := &m.cache[m.active]
	if vc.valid && vc.gen == m.ss.gen && vc.width == m.vp.Width && vc.height == m.vp.Height && m.shown == m.active {
		return
	}
	if !vc.valid || vc.gen != m.ss.gen || vc.width != m.vp.Width || vc.height != m.vp.Height {
		c := m.c
		c.Width, c.Height = m.vp.Width, m.vp.Height
		*vc = viewCache{gen: m.ss.gen, width: m.vp.Width, height: m.vp.Height, text: clip(m.views[m.active].Render(c, m.ss), m.vp.Width), valid: true}
	}
	m.vp.SetContent(vc.text)
	m.shown = m.active
}

// View implements tea.Model.
func (m Model) View() string {
	if m.quitting {
		return ""
	}
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(m.header() + "\n")
	b.WriteString(m.tabs() + "\n")
	content := m.vp.View()
	if m.mode == modeExport {
		content = lipgloss.NewStyle().Width(m.vp.Width).Height(m.vp.Height).MaxHeight(m.vp.Height).Render(m.exportDialog())
	}
	if m.mode == modeSearch {
		content = lipgloss.NewStyle().Width(m.vp.Width).Height(m.vp.Height).MaxHeight(m.vp.Height).Render(m.search.list.View(m.c, m.vp.Width, m.vp.Height))
	}
	if m.mode == modeDrill {
		content = lipgloss.NewStyle().Width(m.vp.Width).Height(m.vp.Height).MaxHeight(m.vp.Height).Render(m.drill.View(m.c, m.vp.Width, m.vp.Height))
	}
	if m.mode == modeSweep {
		content = lipgloss.NewStyle().Width(m.vp.Width).Height(m.vp.Height).MaxHeight(m.vp.Height).Render(m.sweep.View(m.c, m.vp.Width, m.vp.Height))
	}
	if m.editorOpen {
		ew := m.editorWidth()
		pane := s.Pane
		if m.editorFocus {
			pane = s.FocusedPane
		}
		ed := m.editor.View(m.c, m.ss, ew-1, m.vp.Height, m.editorFocus)
		left := pane.Width(ew - 1).Height(m.vp.Height).MaxHeight(m.vp.Height).PaddingRight(0).Render(ed)
		content = lipgloss.JoinHorizontal(lipgloss.Top, left, content)
	}
	b.WriteString(content + "\n")
	b.WriteString(m.footer() + "\n")
	if m.showHelp {
		b.WriteString(m.fullHelp())
	} else {
		b.WriteString(truncate(m.help.ShortHelpView(m.helpKeys().ShortHelp()), m.c.Width))
	}
	return b.String()
}

func (m Model) header() string {
	s := m.c.Styles
	p := m.ss.plan
	name := m.ss.scen.Name
	left := s.Header.Render("topoplan") + " " + s.Value.Render(name) + s.HeaderDim.Render(" · "+m.ss.scen.AWS.Region+" · catalog "+p.Catalog.ReadOn)
	var right []string
	if m.ss.baseline != nil {
		right = append(right, s.Info.Render("◆ baseline"))
	}
	file := m.path
	if file == "" {
		file = planner.ExampleName
	}
	if m.ss.dirty {
		right = append(right, s.Dirty.Render("● unsaved"))
	}
	r := strings.Join(right, " ")
	if f := s.HeaderDim.Render(filepath.Base(file)); m.c.Width-lipgloss.Width(left)-lipgloss.Width(r) > lipgloss.Width(f)+2 {
		r = f + " " + r
	}
	gap := m.c.Width - lipgloss.Width(left) - lipgloss.Width(r)
	if gap < 1 {
		// Keep the markers; shorten the title.
		left = truncate(left, max(m.c.Width-lipgloss.Width(r)-1, 0))
		gap = max(m.c.Width-lipgloss.Width(left)-lipgloss.Width(r), 0)
	}
	return left + strings.Repeat(" ", gap) + r
}

func (m Model) tabs() string {
	s := m.c.Styles
	var parts []string
	for i, v := range m.views {
		t := fmt.Sprintf("%d %s", i+1, v.Title())
		if i == m.active {
			parts = append(parts, s.ActiveTab.Render(s.ActiveTabMarks[0]+t+s.ActiveTabMarks[1]))
		} else {
			parts = append(parts, s.Tab.Render(t))
		}
	}
	return truncate(strings.Join(parts, ""), m.c.Width)
}

// footer is the key-figures line, or a prompt, error or status message.
func (m Model) footer() string {
	s := m.c.Styles
	w := m.c.Width
	switch m.mode {
	case modeConfirmQuit:
		return s.Prompt.Render(truncate("Unsaved changes. Quit without saving? y quit · s save & quit · n cancel", w-2))
	case modeConfirmOverwrite:
		return s.Prompt.Render(truncate(termsafe.Clean(m.pending.path)+" exists and was not opened in this session. Replace it (its content is kept as a backup)? y replace · n other name", w-2))
	case modeConfirmQuitExport:
		return s.Prompt.Render(truncate("Still writing "+termsafe.Clean(strings.Join(m.exporting, ", "))+". enter wait, then quit · y quit now (not written) · n cancel", w-2))
	case modeSaveAs, modeExportName:
		return truncate(m.saveAs.View(), w)
	case modeSearch:
		return truncate(m.search.input.View(), w)
	}
	if m.status != "" && m.statusErr {
		return s.ErrorText.Render(truncate("✗ "+m.status, w))
	}
	if m.ss.stale {
		errs := m.ss.diags.Errors()
		d := errs[0]
		msg := fmt.Sprintf("✗ %s, figures from the last valid state · %s: %s", plural(len(errs), "error"), d.Path, d.Message)
		return s.ErrorText.Render(truncate(msg, w))
	}
	fig := m.keyFigures()
	if m.status != "" {
		st := "  " + m.status
		if lipgloss.Width(fig)+lipgloss.Width(st) <= w {
			return fig + s.Status.Render(st)
		}
		return s.Status.Render(truncate(m.status, w))
	}
	return truncate(fig, w)
}

// keyFigures is the always-visible summary: monthly cost, nodes and time to
// train, each with its delta against the baseline.
func (m Model) keyFigures() string {
	p, base := m.ss.plan, m.ss.baseline
	c := m.c
	parts := []string{}
	cost := "monthly " + usd(p.MonthlyCost.TotalUSD)
	if base != nil {
		cost += " " + c.delta(p.MonthlyCost.TotalUSD, base.MonthlyCost.TotalUSD, lowerIsBetter, nil)
	}
	parts = append(parts, cost)
	nodes := fmt.Sprintf("%d nodes", p.Scenario.Nodes)
	if base != nil {
		nodes += " " + c.delta(float64(p.Scenario.Nodes), float64(base.Scenario.Nodes), neutral, nil)
	}
	parts = append(parts, nodes)
	parts = append(parts, c.trainingFigure(m.ss)...)
	return strings.Join(parts, " │ ")
}

// clip cuts every line of s to width cells, with an ellipsis where cut.
func clip(s string, width int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	return strings.Join(lines, "\n")
}
