package tui

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/internal/atomicfile"
	"github.com/topoplan/topoplan/internal/staletmp"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// DefaultSavePath is offered when the scenario has no file yet (the
// embedded example): ./topoplan-scenario.yaml.
const DefaultSavePath = "topoplan-scenario.yaml"

// MarshalScenario renders s as YAML keeping orig's comments, key order and
// flow style where orig parses (see marshalScenario); the CLI's
// optimize --write uses it so a written plan reads like the file it came from.
func MarshalScenario(s model.Scenario, orig []byte) ([]byte, error) { return marshalScenario(s, orig) }

// marshalScenario renders s as YAML. When orig (the file's current bytes)
// parses, its node tree is edited in place so the user's comments, key order
// and flow style survive; the result is re-parsed and must decode to exactly
// s, else a plain encoding is used, so no data is ever lost to the merge.
func marshalScenario(s model.Scenario, orig []byte) ([]byte, error) {
	plain, err := yaml.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode scenario: %w", err)
	}
	if len(bytes.TrimSpace(orig)) == 0 {
		return plain, nil
	}
	var root, fresh yaml.Node
	if yaml.Unmarshal(orig, &root) != nil || len(root.Content) == 0 || yaml.Unmarshal(plain, &fresh) != nil || len(fresh.Content) == 0 {
		return plain, nil
	}
	mergeNode(root.Content[0], fresh.Content[0])
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return plain, nil
	}
	_ = enc.Close()
	if !decodesTo(buf.Bytes(), s) {
		return plain, nil
	}
	// The encoder re-spaces inline comments ("92          # measured" becomes
	// "92 # measured"); lines it did not otherwise change get their own
	// spacing back, unless that would change what the file decodes to.
	if kept := keepCommentSpacing(buf.Bytes(), orig); decodesTo(kept, s) {
		return kept, nil
	}
	return buf.Bytes(), nil
}

// keepCommentSpacing replaces each line of out that has an inline comment
// with the line of orig that differs from it only in the spaces before the
// comment. Lines that occur more than once in orig (in that form) are left
// as encoded, since which one a line came from is not known.
func keepCommentSpacing(out, orig []byte) []byte {
	origLines := map[string]string{}
	for _, l := range strings.Split(string(orig), "\n") {
		l = strings.TrimSuffix(l, "\r")
		if k, ok := commentKey(l); ok {
			if _, dup := origLines[k]; dup {
				origLines[k] = "" // ambiguous
				continue
			}
			origLines[k] = l
		}
	}
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		if k, ok := commentKey(l); ok {
			if o := origLines[k]; o != "" {
				lines[i] = o
			}
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// commentKey is a line with an inline comment normalised to one space
// before the '#' (ok false for a line without one: no '#' after a blank
// that follows content).
func commentKey(l string) (string, bool) {
	for i := 1; i < len(l); i++ {
		if l[i] == '#' && (l[i-1] == ' ' || l[i-1] == '\t') {
			before := strings.TrimRight(l[:i], " \t")
			if strings.TrimSpace(before) == "" {
				return "", false // a whole-line comment: the encoder keeps it
			}
			return before + " " + l[i:], true
		}
	}
	return "", false
}

// decodesTo reports whether data parses into exactly s.
func decodesTo(data []byte, s model.Scenario) bool {
	doc, err := planner.Parse("save", data)
	return err == nil && reflect.DeepEqual(doc.Scenario, s)
}

// mergeNode makes dst carry src's data while keeping dst's comments, key
// order and styles wherever the value did not change.
func mergeNode(dst, src *yaml.Node) {
	if dst.Kind == yaml.AliasNode || dst.Kind != src.Kind {
		head, line, foot := dst.HeadComment, dst.LineComment, dst.FootComment
		*dst = *src
		dst.HeadComment, dst.LineComment, dst.FootComment = head, line, foot
		return
	}
	switch dst.Kind {
	case yaml.MappingNode:
		srcVals := map[string]*yaml.Node{}
		var srcKeys []*yaml.Node
		for i := 0; i+1 < len(src.Content); i += 2 {
			srcVals[src.Content[i].Value] = src.Content[i+1]
			srcKeys = append(srcKeys, src.Content[i])
		}
		var out []*yaml.Node
		seen := map[string]bool{}
		for i := 0; i+1 < len(dst.Content); i += 2 {
			k, v := dst.Content[i], dst.Content[i+1]
			sv, ok := srcVals[k.Value]
			if !ok {
				continue // now empty: omitted, as the encoder would
			}
			seen[k.Value] = true
			mergeNode(v, sv)
			out = append(out, k, v)
		}
		for _, k := range srcKeys {
			if !seen[k.Value] {
				out = append(out, k, srcVals[k.Value])
			}
		}
		dst.Content = out
	case yaml.SequenceNode:
		n := min(len(dst.Content), len(src.Content))
		for i := 0; i < n; i++ {
			mergeNode(dst.Content[i], src.Content[i])
		}
		if len(src.Content) > n {
			dst.Content = append(dst.Content, src.Content[n:]...)
		}
		dst.Content = dst.Content[:len(src.Content)]
	case yaml.ScalarNode:
		if dst.Value == src.Value && dst.ShortTag() == src.ShortTag() {
			return
		}
		if dst.Value == src.Value && (dst.ShortTag() == "!!int" || dst.ShortTag() == "!!float") && (src.ShortTag() == "!!int" || src.ShortTag() == "!!float") {
			return
		}
		dst.Value, dst.Tag, dst.Style = src.Value, src.Tag, src.Style
	}
}

// writeTargets are the files this session writes by default: the scenario
// (DefaultSavePath for the embedded example) and what the export dialog
// proposes for each format, with the report's diagrams.
func writeTargets(file string, s model.Scenario) []string {
	save := file
	if save == "" {
		save = DefaultSavePath
	}
	targets := []string{save}
	for _, f := range exportFormats {
		p := exportPath(file, s, f)
		targets = append(targets, p)
		if f.companions != nil {
			ov, det := reportDiagrams(p)
			targets = append(targets, ov, det)
		}
	}
	return targets
}

// cleanStaleTempsCmd removes the temporary files that a save or export killed
// mid-way left next to the files this session writes (".NAME.tmp-DIGITS",
// older than a minute: see package staletmp), off the first frame.
func cleanStaleTempsCmd(file string, s model.Scenario, now func() time.Time) tea.Cmd {
	targets := writeTargets(file, s)
	return func() tea.Msg {
		staletmp.Clean(now(), targets...)
		return nil
	}
}

// tempFile is what atomicWrite writes through; tests inject failing ones.
type tempFile interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// fileOps are the file-system calls a save makes, swappable in tests.
type fileOps struct {
	createTemp func(dir, pattern string) (tempFile, error)
}

var osFileOps = fileOps{createTemp: func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }}

// atomicWrite writes data to path atomically, keeping the previous content
// as path.bak, through the one writer every topoplan file goes through
// (package atomicfile: symlinks written through, mode kept, file and
// directory synced). On any failure the original file is untouched and the
// temporary file removed.
func (fo fileOps) atomicWrite(path string, data []byte) error {
	return fo.write(path, data, atomicfile.Options{Backup: true})
}

// write is atomicWrite with explicit options (a backup elsewhere, none).
func (fo fileOps) write(path string, data []byte, o atomicfile.Options) error {
	o.CreateTemp = func(dir, pattern string) (atomicfile.File, error) { return fo.createTemp(dir, pattern) }
	return atomicfile.Write(path, data, o)
}

// saveCmd saves s to path in the background, keeping the previous content
// as path.bak; it answers savedMsg or errMsg.
func saveCmd(fo fileOps, path string, s model.Scenario, orig []byte) tea.Cmd {
	return sessionSaveCmd(fo, path, s, orig, writeRule{first: true, loaded: true})
}

// writeRule says how a write of the session treats what it replaces.
type writeRule struct {
	// first: the session has not written this path yet, so its current
	// content is kept as a backup; later writes of the session leave that
	// backup alone (it holds the version from before the session: F4).
	first bool
	// loaded: the path is the scenario the session opened, whose .bak is
	// topoplan's to rotate. For any other file an existing .bak is never
	// replaced: the backup goes to the first free NAME.N.bak.
	loaded bool
}

// backupFor is where the first write of path in a session keeps the
// previous content.
func backupFor(path string, loaded bool) string {
	target, err := atomicfile.Resolve(path)
	if err != nil {
		target = path
	}
	bak := target + ".bak"
	if _, err := os.Lstat(bak); loaded || err != nil {
		return bak
	}
	for i := 1; ; i++ {
		b := fmt.Sprintf("%s.%d.bak", target, i)
		if _, err := os.Lstat(b); err != nil {
			return b
		}
	}
}

// sessionWrite writes data to path under rule r and returns the backup it
// made ("" for none).
func (fo fileOps) sessionWrite(path string, data []byte, r writeRule) (string, error) {
	if !r.first {
		return "", fo.write(path, data, atomicfile.Options{})
	}
	if _, err := os.Stat(path); err != nil {
		return "", fo.write(path, data, atomicfile.Options{})
	}
	bak := backupFor(path, r.loaded)
	return bak, fo.write(path, data, atomicfile.Options{Backup: true, BackupPath: bak})
}

// sessionSaveCmd is saveCmd under a write rule.
func sessionSaveCmd(fo fileOps, path string, s model.Scenario, orig []byte, r writeRule) tea.Cmd {
	return func() tea.Msg {
		data, err := marshalScenario(s, orig)
		if err != nil {
			return errMsg{err}
		}
		bak, err := fo.sessionWrite(path, data, r)
		if err != nil {
			return errMsg{fmt.Errorf("save failed, %s unchanged: %w", path, err)}
		}
		return savedMsg{path: path, scen: s, saved: string(data), backup: bak != "", backupPath: bak}
	}
}

// targetCheckedMsg answers checkTargetCmd: whether writing path would
// replace a file the session did not open or write (then the user is asked).
type targetCheckedMsg struct {
	path    string
	export  bool
	confirm bool
}

// checkTargetCmd looks, in the background, whether path is an existing file
// other than loaded (the scenario the session opened) that the session has
// not written (written).
func checkTargetCmd(path, loaded string, written, export bool) tea.Cmd {
	return func() tea.Msg {
		_, err := os.Lstat(path)
		exists := err == nil
		confirm := exists && !written && !(loaded != "" && atomicfile.SameFile(path, loaded))
		return targetCheckedMsg{path: path, export: export, confirm: confirm}
	}
}
