package helperbin_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
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

// TestPrivateDirNested: every directory between topoplan and a nested
// private directory is checked.
func TestPrivateDirNested(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no private directory on Windows")
	}
	home := helpertest.Home(t)
	d, ok := helperbin.PrivateDir(filepath.Join("bin", "abc"))
	if !ok || d != filepath.Join(home, ".cache", "topoplan", "bin", "abc") {
		t.Fatalf("PrivateDir = %q, %v", d, ok)
	}
	if err := os.Chmod(filepath.Join(home, ".cache", "topoplan", "bin"), 0o777); err != nil {
		t.Fatal(err)
	}
	if d, ok := helperbin.PrivateDir(filepath.Join("bin", "abc")); ok {
		t.Errorf("a world-writable middle directory was accepted: %s", d)
	}
}

// TestBuildFromSource is the `go run ./cmd/topoplan` case: no helper in
// the environment, next to the program or on $PATH, so it is built from
// this checkout into the private cache, announced only the first time.
func TestBuildFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds topoplan-render")
	}
	goenv, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Skip("no go command")
	}
	home := helpertest.Home(t)
	// Go's own caches stay where they are (they default to places under HOME).
	for i, v := range strings.Split(strings.TrimSpace(string(goenv)), "\n") {
		t.Setenv([]string{"GOCACHE", "GOMODCACHE", "GOPATH"}[i], v)
	}
	t.Setenv("TOPOPLAN_RENDER", "")
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "topoplan-render")); err == nil {
			t.Skipf("topoplan-render is installed in %s: the build path is not reached", dir)
		}
	}
	newHelper := func() *helperbin.Helper {
		return &helperbin.Helper{Name: "topoplan-render", Env: "TOPOPLAN_RENDER", Package: "./cmd/topoplan-render", Purpose: "test", Install: "test"}
	}
	var said []string
	ctx := helperbin.WithNotify(context.Background(), func(m string) { said = append(said, m) })
	h := newHelper()
	if !h.WillBuild() {
		t.Error("WillBuild is false with no helper anywhere")
	}
	p, err := h.Path(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if h.WillBuild() {
		t.Error("WillBuild is still true after the build")
	}
	t.Setenv("TOPOPLAN_RENDER", p)
	if newHelper().WillBuild() {
		t.Error("WillBuild is true with $TOPOPLAN_RENDER set")
	}
	t.Setenv("TOPOPLAN_RENDER", "")
	if !strings.HasPrefix(p, filepath.Join(home, ".cache", "topoplan", "bin")+string(filepath.Separator)) {
		t.Errorf("built at %s, want under the private cache of %s", p, home)
	}
	if len(said) != 1 || !strings.Contains(said[0], "building topoplan-render") {
		t.Errorf("announced %q, want one message about the build", said)
	}
	p2, err := newHelper().Path(ctx)
	if err != nil || p2 != p || len(said) != 1 {
		t.Errorf("second process: %s, %v, announced %d times; want the same path, announced once", p2, err, len(said))
	}
}
