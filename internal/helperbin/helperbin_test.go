package helperbin_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/topoplan/topoplan/internal/helperbin"
	"github.com/topoplan/topoplan/internal/helperbin/helpertest"
)

// TestSourceRoot: a test binary is built from the checkout, whose root has
// the module's go.mod and the helper's command.
func TestSourceRoot(t *testing.T) {
	root := helperbin.SourceRoot()
	if root == "" {
		t.Fatal("no source root found from a test build")
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "topoplan-render", "main.go")); err != nil {
		t.Error(err)
	}
}

// TestPrivateDir: the directory is made 0700 and refused when it, or its
// parent, is writable by others or is a link.
func TestPrivateDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no private directory on Windows")
	}
	home := helpertest.Home(t)
	d, ok := helperbin.PrivateDir("graphviz")
	if !ok || d != filepath.Join(home, ".cache", "topoplan", "graphviz") {
		t.Fatalf("PrivateDir = %q, %v", d, ok)
	}
	if st, _ := os.Stat(d); st.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", st.Mode().Perm())
	}
	if err := os.Chmod(filepath.Join(home, ".cache", "topoplan"), 0o777); err != nil {
		t.Fatal(err)
	}
	if d, ok := helperbin.PrivateDir("graphviz"); ok {
		t.Errorf("a world-writable parent was accepted: %s", d)
	}
	home2 := helpertest.Home(t)
	if err := os.MkdirAll(filepath.Join(home2, ".cache", "topoplan"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(home2, ".cache", "topoplan", "graphviz")); err != nil {
		t.Fatal(err)
	}
	if d, ok := helperbin.PrivateDir("graphviz"); ok {
		t.Errorf("a symbolic link was accepted: %s", d)
	}
}
