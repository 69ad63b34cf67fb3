package renderer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/internal/helperbin/helpertest"
	"github.com/topoplan/topoplan/internal/renderer"
)

// TestProcessRendersThroughHelper draws a DOT graph to SVG and that SVG to
// PNG through the real helper program, as topoplan does.
func TestProcessRendersThroughHelper(t *testing.T) {
	helper, err := helpertest.Build(renderer.Helper)
	if err != nil {
		t.Fatal(err)
	}
	home := helpertest.Home(t)
	t.Setenv(renderer.EnvHelper, helper)
	p := &renderer.Process{}
	svg, err := p.SVG(context.Background(), []byte(`digraph { a -> b [label="EFA"] }`))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(">EFA</text>")) {
		t.Fatalf("not the graph's SVG: %.300s", svg)
	}
	png, err := p.PNG(context.Background(), svg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("not a PNG: %q", png[:min(len(png), 16)])
	}
	// go-graphviz's compilation cache went to the private directory under
	// this test's home, created 0700 (reliability review F5).
	dir := filepath.Join(home, ".cache", "topoplan", "graphviz")
	st, err := os.Stat(filepath.Join(dir, "go-graphviz"))
	if err != nil || !st.IsDir() {
		t.Errorf("no go-graphviz cache in %s: %v", dir, err)
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("%s: %v %v, want mode 0700", dir, st, err)
	}
	// A diagram beyond the PNG bounds comes back as ErrTooLarge with the
	// helper's reason (exit status 3).
	huge := []byte(`<svg width="20000pt" height="100pt" viewBox="0.00 0.00 20000.00 100.00" xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph" transform="translate(4 4)"></g></svg>`)
	_, err = p.PNG(context.Background(), huge)
	if !errors.Is(err, renderer.ErrTooLarge) || !strings.Contains(err.Error(), "20000 × 100 pt") {
		t.Errorf("got %v, want ErrTooLarge naming the size", err)
	}
	// Invalid DOT: the helper's message, not just an exit status.
	_, err = p.SVG(context.Background(), []byte(`digraph { a -> `))
	if err == nil || !strings.Contains(err.Error(), "parse DOT") {
		t.Errorf("invalid DOT: %v, want the helper's parse error", err)
	}
}

// fakeHelper writes a shell script standing in for the helper.
func fakeHelper(t *testing.T, dir, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell-script helper")
	}
	p := filepath.Join(dir, renderer.HelperName)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProcessProtocol: the helper gets "-protocol 1 FORMAT", the input on
// stdin, the private TMPDIR and EnvChild; its stderr and exit status come
// back as errors.
func TestProcessProtocol(t *testing.T) {
	home := helpertest.Home(t)
	t.Setenv("TMPDIR", t.TempDir())
	tests := []struct {
		name, body string
		want       string // in the output, or in the error when wantErr
		wantErr    bool
		tooLarge   bool
	}{
		{"arguments, environment and stdin", `echo "$1 $2 $3|$TMPDIR|$` + renderer.EnvChild + `|$(cat)"`,
			"-protocol 1 svg|" + filepath.Join(home, ".cache", "topoplan", "graphviz") + "|1|digraph{}", false, false},
		{"failure message", `echo "parse DOT: syntax error in line 1" >&2; exit 1`, "parse DOT: syntax error in line 1", true, false},
		{"too large", `echo "diagram too large for PNG: it is 1 × 1 pt" >&2; exit 3`, "diagram too large for PNG: it is 1 × 1 pt", true, true},
		{"silent failure", `exit 7`, "exit status 7", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(renderer.EnvHelper, fakeHelper(t, t.TempDir(), tc.body))
			out, err := (&renderer.Process{}).SVG(context.Background(), []byte("digraph{}"))
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, renderer.ErrTooLarge) != tc.tooLarge {
					t.Fatalf("got %v, want an error with %q (too large: %v)", err, tc.want, tc.tooLarge)
				}
				return
			}
			if err != nil || strings.TrimSpace(string(out)) != tc.want {
				t.Fatalf("got %q, %v; want %q", out, err, tc.want)
			}
		})
	}
}

// TestLocate: $TOPOPLAN_RENDER must be an executable file; without it the
// helper is found on $PATH.
func TestLocate(t *testing.T) {
	helpertest.Home(t)
	t.Setenv(renderer.EnvHelper, filepath.Join(t.TempDir(), "missing"))
	_, err := (&renderer.Process{}).SVG(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "$"+renderer.EnvHelper) {
		t.Errorf("missing $%s helper: %v", renderer.EnvHelper, err)
	}
	dir := t.TempDir()
	fakeHelper(t, dir, `echo from-path`)
	t.Setenv(renderer.EnvHelper, "")
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := (&renderer.Process{}).SVG(context.Background(), nil)
	if err != nil || strings.TrimSpace(string(out)) != "from-path" {
		t.Errorf("helper on $PATH: %q, %v", out, err)
	}
}

// TestUse swaps the engine and puts it back.
func TestUse(t *testing.T) {
	restore := renderer.Use(fixed("svg!"))
	got, err := renderer.SVG(context.Background(), nil)
	restore()
	if err != nil || string(got) != "svg!" {
		t.Errorf("SVG through the swapped engine: %q, %v", got, err)
	}
}

type fixed string

func (f fixed) SVG(context.Context, []byte) ([]byte, error) { return []byte(f), nil }
func (f fixed) PNG(context.Context, []byte) ([]byte, error) { return []byte(f), nil }

// TestGraphvizCacheDirNeverShared: with a cache directory others could
// write, the helper gets a TMPDIR where go-graphviz can keep no cache at
// all, rather than a shared one (F5).
func TestGraphvizCacheDirNeverShared(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no private directory on Windows")
	}
	home := helpertest.Home(t)
	if got, want := renderer.GraphvizCacheDir(), filepath.Join(home, ".cache", "topoplan", "graphviz"); got != want {
		t.Fatalf("GraphvizCacheDir = %s, want %s", got, want)
	}
	if err := os.Chmod(filepath.Join(home, ".cache", "topoplan"), 0o777); err != nil {
		t.Fatal(err)
	}
	if got := renderer.GraphvizCacheDir(); got != renderer.NoCacheDir {
		t.Errorf("GraphvizCacheDir = %s under a world-writable parent, want %s", got, renderer.NoCacheDir)
	}
}
