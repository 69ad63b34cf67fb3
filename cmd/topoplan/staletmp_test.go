package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/topoplan/topoplan/planner"
)

// TestNextStartCleansStaleTemps: an export or a catalog refresh killed
// between writing its temporary file and renaming it leaves
// ".NAME.tmp-DIGITS" next to its target; the next export to that file, and
// the next command that reads the catalog, remove those older than a minute,
// and nothing else.
func TestNextStartCleansStaleTemps(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG_CONFIG_HOME sets the user config directory on Linux")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	overlayDir := filepath.Join(cfg, "topoplan")
	outDir := t.TempDir()
	if err := os.MkdirAll(overlayDir, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Minute)
	put := func(p string, mt time.Time) {
		t.Helper()
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	ov := "." + planner.UserOverlayName
	staleOverlay := []string{filepath.Join(overlayDir, ov+".tmp-123"), filepath.Join(overlayDir, ov+".bak.tmp-456")}
	staleExport := []string{filepath.Join(outDir, ".d.dot.tmp-789")}
	kept := []string{
		filepath.Join(overlayDir, ov+".tmp-999"), // fresh: a refresh in progress
		filepath.Join(overlayDir, ".settings.json.tmp-1"),
		filepath.Join(outDir, ".d.dot.tmp-1000"), // fresh
		filepath.Join(outDir, ".other.svg.tmp-2"),
	}
	for _, p := range append(append([]string{}, staleOverlay...), staleExport...) {
		put(p, old)
	}
	for i, p := range kept {
		if i%2 == 0 {
			put(p, time.Now())
		} else {
			put(p, old)
		}
	}
	scen := "../../testdata/scenarios/llm-pretraining.yaml"

	var out, errb bytes.Buffer
	if code := run([]string{"validate", scen}, &out, &errb); code != 0 {
		t.Fatalf("validate: exit %d: %s", code, errb.String())
	}
	for _, p := range staleOverlay {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("validate left %s", p)
		}
	}
	if _, err := os.Stat(staleExport[0]); err != nil {
		t.Errorf("validate removed %s, next to no file it writes", staleExport[0])
	}

	if code := run([]string{"export", "diagram", scen, "-f", "dot", "-o", filepath.Join(outDir, "d.dot")}, &out, &errb); code != 0 {
		t.Fatalf("export: exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(staleExport[0]); !os.IsNotExist(err) {
		t.Errorf("export left %s", staleExport[0])
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}
