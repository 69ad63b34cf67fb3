// Package helpertest builds topoplan's helper programs for tests that go
// through them (the way topoplan does), once per test binary.
package helpertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/topoplan/topoplan/internal/helperbin"
)

var (
	mu    sync.Mutex
	built = map[string]string{} // helper name → path
	dir   string
	temp  bool
)

// Build builds the helper from this checkout the first time it is asked
// for, and returns its path. The binary goes to a directory of the user
// cache kept for this test package (topoplan/test-helpers/<package dir>),
// so that a later run finds it up to date and go build does not even link
// it again; each test package has its own, so test binaries running at
// once never write the same file.
func Build(h *helperbin.Helper) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if p, ok := built[h.Name]; ok {
		return p, nil
	}
	root := helperbin.SourceRoot()
	if root == "" {
		return "", fmt.Errorf("helpertest: no source checkout found")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("helpertest: %w", err)
	}
	if dir == "" {
		d, err := cacheDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	p := filepath.Join(dir, h.Name)
	if err := h.BuildTo(context.Background(), root, gocmd, p); err != nil {
		return "", fmt.Errorf("helpertest: %w", err)
	}
	built[h.Name] = p
	return p, nil
}

// Use builds each helper and points its environment variable at it, so
// the test binary goes through the helper processes. Call it from
// TestMain; it exits the test binary when a helper cannot be built.
func Use(hs ...*helperbin.Helper) {
	for _, h := range hs {
		p, err := Build(h)
		if err == nil {
			err = os.Setenv(h.Env, p)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// Home gives the test its own home and cache directory (the private
// directories helperbin makes go under it) and returns the home.
func Home(t testing.TB) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	return home
}

// cacheDir is the user cache's topoplan/test-helpers/<package dir>, or a
// temporary directory when there is no user cache.
func cacheDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	if base, err := os.UserCacheDir(); err == nil && filepath.IsAbs(base) {
		d := filepath.Join(base, "topoplan", "test-helpers", filepath.Base(wd))
		if err := os.MkdirAll(d, 0o700); err == nil {
			return d, nil
		}
	}
	temp = true
	return os.MkdirTemp("", "topoplan-helpers-test-")
}

// Cleanup removes the built helpers when they went to a temporary
// directory; call it after m.Run.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" && temp {
		_ = os.RemoveAll(dir)
	}
}
