package tui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

func TestMarshalKeepsCommentsAndData(t *testing.T) {
	cfg, data := loadScenario(t, scenarioA)
	s := cloneScenario(cfg.Doc.Scenario)
	s.Clusters[0].Nodes = 128
	s.Links[0].SpeedGbps = 400
	s.Traffic.InterRegionTB = 7 // a key the file did not have
	s.Storage.S3 = nil          // a section removed
	out, err := marshalScenario(s, data)
	if err != nil {
		t.Fatal(err)
	}
	if !decodesTo(out, s) {
		t.Fatalf("saved YAML does not decode to the edited scenario:\n%s", out)
	}
	for _, want := range []string{"# Hybrid LLM pre-training", "nodes: 128", "speed_gbps: 400", "cidrs: [10.0.0.0/14, 172.16.0.0/16]", "inter_region_tb: 7"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("saved YAML lacks %q:\n%s", want, out)
		}
	}
	if bytes.Contains(out, []byte("s3:")) {
		t.Error("removed section s3 still in the file")
	}
}

func TestMarshalWithoutSource(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	out, err := marshalScenario(cfg.Doc.Scenario, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !decodesTo(out, cfg.Doc.Scenario) {
		t.Fatalf("plain encoding does not round-trip:\n%s", out)
	}
}

// failingFile writes failAfter bytes to a real temporary file, then errors.
type failingFile struct {
	*os.File
	failAfter int
	written   int
}

func (f *failingFile) Write(p []byte) (int, error) {
	if f.written+len(p) > f.failAfter {
		n, _ := f.File.Write(p[:f.failAfter-f.written])
		f.written += n
		return n, errors.New("disk full (injected)")
	}
	n, err := f.File.Write(p)
	f.written += n
	return n, err
}

func TestSaveFailureLeavesOriginal(t *testing.T) {
	cfg, data := loadScenario(t, scenarioA)
	tests := []struct {
		name string
		ops  func(t *testing.T, dir string) fileOps
	}{
		{"writer errors mid-file", func(t *testing.T, dir string) fileOps {
			n := 0
			return fileOps{createTemp: func(d, p string) (tempFile, error) {
				f, err := os.CreateTemp(d, p)
				if err != nil {
					return nil, err
				}
				n++
				if n == 2 { // the backup goes through; the new file fails half-way
					return &failingFile{File: f, failAfter: 100}, nil
				}
				return f, nil
			}}
		}},
		{"cannot create a temporary file", func(t *testing.T, dir string) fileOps {
			return fileOps{createTemp: func(string, string) (tempFile, error) {
				return nil, &os.PathError{Op: "open", Path: dir, Err: os.ErrPermission}
			}}
		}},
		{"read-only directory", func(t *testing.T, dir string) fileOps {
			if os.Geteuid() == 0 {
				t.Skip("root ignores directory permissions")
			}
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
			return osFileOps
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "scenario.yaml")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			c := cfg
			c.Path = path
			m := newTestModel(t, c, 100, 30)
			m.fo = tc.ops(t, dir)
			m = focusField(t, m, "clusters[0].nodes")
			m = send(m, keys("right", "s")...)
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, data) {
				t.Fatal("a failed save changed the original file")
			}
			if !m.Dirty() {
				t.Fatal("a failed save must leave the scenario marked unsaved")
			}
			if v := m.View(); !strings.Contains(v, "save failed") {
				t.Fatalf("the user must be told the save failed:\n%s", v)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}

func TestSaveWritesAndKeepsBackup(t *testing.T) {
	cfg, data := loadScenario(t, scenarioA)
	dir := t.TempDir()
	path := filepath.Join(dir, "scenario.yaml")
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	cfg.Path = path
	m := newTestModel(t, cfg, 100, 30)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right", "s")...)
	if m.Dirty() {
		t.Fatalf("saved scenario still marked unsaved: %s", m.status)
	}
	bak, err := os.ReadFile(path + ".bak")
	if err != nil || !bytes.Equal(bak, data) {
		t.Fatalf("the .bak must hold the previous file (err %v)", err)
	}
	doc, err := planner.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Scenario.Clusters[0].Nodes != m.Scenario().Clusters[0].Nodes {
		t.Fatalf("saved nodes %d, want %d", doc.Scenario.Clusters[0].Nodes, m.Scenario().Clusters[0].Nodes)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("file mode %v, want the original 0640", st.Mode().Perm())
	}
	// Quit now needs no confirmation.
	m = send(m, keys("q")...)
	if !m.Quitting() {
		t.Fatal("q after saving must quit at once")
	}
}

func TestSaveExampleAsksForName(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	cfg.Path, cfg.Source = "", nil
	dir := t.TempDir()
	m := newTestModel(t, cfg, 100, 30)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right", "s")...)
	if m.mode != modeSaveAs || !strings.Contains(m.View(), DefaultSavePath) {
		t.Fatalf("saving the embedded example must ask for a name offering %s", DefaultSavePath)
	}
	target := filepath.Join(dir, "mine.yaml")
	m.saveAs.SetValue(target)
	m = send(m, keys("enter")...)
	if m.Dirty() || m.path != target {
		t.Fatalf("save as: dirty=%v path=%q status=%q", m.Dirty(), m.path, m.status)
	}
	if _, err := planner.LoadFile(target); err != nil {
		t.Fatal(err)
	}
}

func TestExportDialog(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	dir := t.TempDir()
	path := filepath.Join(dir, "estate.yaml")
	if err := os.WriteFile(path, cfg.Source, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Path = path
	for i, f := range exportFormats {
		t.Run(f.Name, func(t *testing.T) {
			m := newTestModel(t, cfg, 100, 30)
			m = send(m, keys("x")...)
			if !strings.Contains(m.View(), f.Name) {
				t.Fatalf("the export dialog must list %s", f.Name)
			}
			for range i {
				m = send(m, keys("down")...)
			}
			m = send(m, keys("enter")...)
			want := exportPath(path, m.Scenario(), f)
			if m.saveAs.Value() != want {
				t.Fatalf("proposed %q, want %q", m.saveAs.Value(), want)
			}
			m = send(m, keys("enter")...)
			got, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (status %q)", err, m.status)
			}
			exp, err := f.render(exportInput(m.ss), want)
			if err != nil {
				t.Fatal(err)
			}
			if f.companions != nil {
				// The report carries its diagrams, as the CLI's does.
				ov, det := reportDiagrams(want)
				for _, p := range []string{ov, det} {
					if b, err := os.ReadFile(p); err != nil || !bytes.Contains(b, []byte("<svg")) {
						t.Fatalf("companion %s: %v", p, err)
					}
				}
				if !bytes.Contains(got, []byte("]("+filepath.Base(ov)+")")) {
					t.Fatal("the report does not embed its diagram")
				}
			}
			if f.Suffix != ".png" && !strings.HasSuffix(f.Suffix, ".svg") && !bytes.Equal(got, exp) {
				t.Fatal("the exported file differs from the export package's output")
			}
			switch f.Suffix {
			case ".png":
				if !bytes.HasPrefix(got, []byte("\x89PNG")) {
					t.Fatal("not a PNG")
				}
			case ".svg", "-overview.svg":
				if !bytes.Contains(got, []byte("<svg")) {
					t.Fatal("not an SVG")
				}
			}
		})
	}
}

// TestMarshalKeepsInlineCommentSpacing is the new-user trial's B17: a save
// that edits nodes and speed_gbps changes those two lines and no other; an
// untouched line's inline comment keeps its spacing.
func TestMarshalKeepsInlineCommentSpacing(t *testing.T) {
	cfg, data := loadScenario(t, scenarioA)
	tests := []struct {
		name string
		edit func(s *model.Scenario)
		want int // lines changed
	}{
		{"no edit", func(*model.Scenario) {}, 0},
		{"nodes and speed", func(s *model.Scenario) { s.Clusters[0].Nodes = 128; s.Links[0].SpeedGbps = 400 }, 2},
		{"the commented value itself", func(s *model.Scenario) { s.Links[0].RTTMs = 95 }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cloneScenario(cfg.Doc.Scenario)
			tt.edit(&s)
			out, err := marshalScenario(s, data)
			if err != nil {
				t.Fatal(err)
			}
			if !decodesTo(out, s) {
				t.Fatalf("saved YAML does not decode to the edited scenario:\n%s", out)
			}
			a, b := strings.Split(string(data), "\n"), strings.Split(string(out), "\n")
			if len(a) != len(b) {
				t.Fatalf("%d lines saved, the file had %d:\n%s", len(b), len(a), out)
			}
			var changed []string
			for i := range a {
				if a[i] != b[i] {
					changed = append(changed, fmt.Sprintf("-%s\n+%s", a[i], b[i]))
				}
			}
			if len(changed) != tt.want {
				t.Errorf("%d lines changed, want %d:\n%s", len(changed), tt.want, strings.Join(changed, "\n"))
			}
		})
	}
}

// TestStartCleansStaleTemps: a save or export killed between writing its
// temporary file and renaming it leaves ".NAME.tmp-DIGITS" next to the
// target; the next start removes those older than a minute next to the
// scenario and the exports it proposes, and nothing else.
func TestStartCleansStaleTemps(t *testing.T) {
	dir := t.TempDir()
	_, data := loadScenario(t, scenarioA)
	path := filepath.Join(dir, "plan.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _ := loadScenario(t, path)
	old := time.Now().Add(-2 * time.Minute)
	stale := []string{".plan.yaml.tmp-1234", ".plan.yaml.bak.tmp-99", ".plan.svg.tmp-5", ".plan-review.md.tmp-77", ".plan-review-detail.svg.tmp-8"}
	kept := []string{".plan.yaml.tmp-abc", ".other.yaml.tmp-1", "notes.txt"}
	for _, name := range append(append([]string{}, stale...), kept...) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	fresh := filepath.Join(dir, ".plan.yaml.tmp-4321") // a save in progress elsewhere
	if err := os.WriteFile(fresh, []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}

	m := New(cfg)
	cmd := m.Init()
	if cmd == nil {
		t.Fatal("Init returned no command")
	}
	// Nothing is removed before the command runs: the first frame does not
	// wait for the directory to be read.
	if _, err := os.Stat(filepath.Join(dir, stale[0])); err != nil {
		t.Errorf("%s removed before the command ran: %v", stale[0], err)
	}
	cmd()
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("%s left behind", name)
		}
	}
	for _, p := range append([]string{fresh, path}, kept...) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}

// TestRendererBuildStatus: an export that must first build the diagram
// helper from source (go run) says so in the status line.
func TestRendererBuildStatus(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 100, 30)
	m = send(m, rendererBuildMsg{what: "Diagram (SVG) to x.svg"})
	if !strings.Contains(m.status, "exporting Diagram (SVG) to x.svg") || !strings.Contains(m.status, "building the diagram renderer topoplan-render from source") {
		t.Errorf("status %q", m.status)
	}
}
