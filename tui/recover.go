package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/internal/atomicfile"
	"github.com/topoplan/topoplan/model"
)

// guard is the TUI's last line of defence: it runs the root model and, if
// an update, a view or a command panics, writes the scenario as last
// edited to a recovery file, ends the program and says where the file is.
// It is not a substitute for fixing the panic: the report names it a bug.
type guard struct {
	m  tea.Model // the root Model (an interface so tests can make it panic)
	st *guardState
}

// recoverable is what a recovery file is written from.
type recoverable interface {
	// recoverySource is the scenario file (empty for the embedded example),
	// the scenario as last edited and the file's bytes.
	recoverySource() (path string, s model.Scenario, orig []byte)
}

func (m Model) recoverySource() (string, model.Scenario, []byte) {
	return m.path, m.ss.scen, []byte(m.source)
}

// guardState is shared by every copy of the guard.
type guardState struct {
	once  sync.Once
	send  func(tea.Msg)
	err   error
	now   func() time.Time
	cache func() (string, error)
}

// crashedMsg ends the program after a panic in a view or a command.
type crashedMsg struct {
	r     any
	stack []byte
}

func newGuard(m tea.Model) guard {
	return guard{m: m, st: &guardState{now: time.Now, cache: os.UserCacheDir}}
}

// Init implements tea.Model.
func (g guard) Init() tea.Cmd { return g.wrap(g.m.Init()) }

// Update implements tea.Model.
func (g guard) Update(msg tea.Msg) (res tea.Model, cmd tea.Cmd) {
	if c, ok := msg.(crashedMsg); ok {
		g.st.crash(g.m, c.r, c.stack)
		return g, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			g.st.crash(g.m, r, debug.Stack())
			res, cmd = g, tea.Quit
		}
	}()
	g.m, cmd = g.m.Update(msg)
	return g, g.wrap(cmd)
}

// View implements tea.Model.
func (g guard) View() (s string) {
	if g.st.err != nil {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			stack := debug.Stack()
			if g.st.send != nil {
				go g.st.send(crashedMsg{r: r, stack: stack})
			} else {
				g.st.crash(g.m, r, stack)
			}
			s = "topoplan: internal error; saving your edits…"
		}
	}()
	return g.m.View()
}

// wrap makes a command report its panic as a crashedMsg (commands nested
// in a batch or a sequence run unwrapped: Bubble Tea then ends the program
// itself, restoring the terminal, without the recovery file).
func (g guard) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = crashedMsg{r: r, stack: debug.Stack()}
			}
		}()
		return cmd()
	}
}

// crash writes the recovery file once and records the error Run returns.
func (st *guardState) crash(m tea.Model, r any, stack []byte) {
	st.once.Do(func() {
		var path string
		err := fmt.Errorf("the model holds no scenario")
		if rm, ok := m.(recoverable); ok {
			path, err = writeRecovery(rm, st.now(), st.cache)
		}
		where := "your edits could not be saved: " + fmt.Sprint(err)
		if err == nil {
			where = "the scenario as last edited is saved in " + path
		}
		st.err = fmt.Errorf("internal error: %v\n%s\nPlease report this bug with the scenario file.\n\n%s", r, where, stack)
	})
}

// writeRecovery saves the edited scenario next to its file as
// NAME.recovered-YYYYMMDDTHHMMSS.yaml, or in the user cache directory
// (topoplan/recovered-….yaml) when that is not possible (the embedded
// example, a read-only directory). It never replaces an existing file.
func writeRecovery(m recoverable, now time.Time, cacheDir func() (string, error)) (string, error) {
	file, scen, orig := m.recoverySource()
	data := recoveryYAML(scen, orig)
	stamp := now.UTC().Format("20060102T150405")
	var candidates []string
	if file != "" {
		candidates = append(candidates, file+".recovered-"+stamp+".yaml")
	}
	if dir, err := cacheDir(); err == nil {
		candidates = append(candidates, filepath.Join(dir, "topoplan", "recovered-"+stamp+".yaml"))
	}
	var last error = fmt.Errorf("no place to write a recovery file")
	for _, p := range candidates {
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		if last = atomicfile.Write(p, data, atomicfile.Options{Mode: 0o600, MkdirAll: true}); last == nil {
			return p, nil
		}
	}
	return "", last
}

// recoveryYAML encodes the scenario, keeping comments when the merge works
// and falling back to a plain encoding (the merge itself may be what broke).
func recoveryYAML(s model.Scenario, orig []byte) (data []byte) {
	defer func() {
		if recover() != nil {
			data, _ = yaml.Marshal(s)
		}
	}()
	if b, err := marshalScenario(s, orig); err == nil {
		return b
	}
	b, _ := yaml.Marshal(s)
	return b
}
