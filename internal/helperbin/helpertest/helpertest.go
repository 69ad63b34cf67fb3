// Package helpertest builds topoplan's helper programs for tests that go
// through them (the way topoplan does), once per test binary.
package helpertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/topoplan/topoplan/internal/helperbin"
)

var (
	mu    sync.Mutex
	built = map[string]string{} // helper name → path
	dir   string
)

// Build builds the helper from this checkout into a temporary directory
// (world-readable, so a test may run it as another user) the first time it
// is asked for, and returns its path. Go's build cache makes the build
// quick once its packages are compiled.
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
		d, err := os.MkdirTemp("", "topoplan-helpers-test-")
		if err != nil {
			return "", err
		}
		if err := os.Chmod(d, 0o755); err != nil {
			return "", err
		}
		dir = d
	}
	p := filepath.Join(dir, h.Name)
	args := []string{"build"}
	if h.Tags != "" {
		args = append(args, "-tags", h.Tags)
	}
	cmd := exec.Command(gocmd, append(args, "-o", p, h.Package)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("helpertest: go build %s: %v: %s", h.Name, err, out)
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

// Cleanup removes the built helpers; call it after m.Run.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		_ = os.RemoveAll(dir)
	}
}
