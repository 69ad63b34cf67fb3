// Package rendertest builds the topoplan-render helper for tests that draw
// diagrams through it (the way topoplan does), once per test binary.
package rendertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/topoplan/topoplan/internal/renderer"
)

var (
	once sync.Once
	path string
	err  error
)

// Helper builds cmd/topoplan-render from this checkout into a temporary
// directory (world-readable, so a test may run it as another user) the
// first time it is called, and returns its path. Go's build cache makes the
// build quick once go-graphviz is compiled.
func Helper() (string, error) {
	once.Do(func() {
		root := renderer.SourceRoot()
		if root == "" {
			err = fmt.Errorf("rendertest: no source checkout found")
			return
		}
		gocmd, lerr := exec.LookPath("go")
		if lerr != nil {
			err = fmt.Errorf("rendertest: %w", lerr)
			return
		}
		dir, derr := os.MkdirTemp("", "topoplan-render-test-")
		if derr != nil {
			err = derr
			return
		}
		if err = os.Chmod(dir, 0o755); err != nil {
			return
		}
		p := filepath.Join(dir, renderer.HelperName)
		cmd := exec.Command(gocmd, "build", "-o", p, "./cmd/"+renderer.HelperName)
		cmd.Dir = root
		if out, berr := cmd.CombinedOutput(); berr != nil {
			err = fmt.Errorf("rendertest: go build: %v: %s", berr, out)
			return
		}
		path = p
	})
	return path, err
}

// UseHelper builds the helper and points $TOPOPLAN_RENDER at it, so every
// diagram the test binary draws goes through the helper process. Call it
// from TestMain; it exits the test binary when the helper cannot be built.
func UseHelper() {
	p, err := Helper()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.Setenv(renderer.EnvHelper, p); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Cleanup removes the built helper's directory; call it after m.Run.
func Cleanup() {
	if path != "" {
		_ = os.RemoveAll(filepath.Dir(path))
	}
}
