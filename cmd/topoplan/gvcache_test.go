package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/internal/helperbin/helpertest"
	"github.com/topoplan/topoplan/internal/renderer"
)

// TestF5GraphvizCacheIsPrivate: the diagram helper compiled go-graphviz's
// WebAssembly into the per-user cache directory (0700), not into
// $TMPDIR/go-graphviz, and topoplan itself never touched $TMPDIR for it.
func TestF5GraphvizCacheIsPrivate(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var out, errb strings.Builder
	if code := run([]string{"--no-user-catalog", "export", "diagram", "-f", "svg"}, &out, &errb); code != 0 || !strings.Contains(out.String(), "<svg") {
		t.Fatalf("export diagram: exit %d: %s", code, errb.String())
	}
	dir := renderer.GraphvizCacheDir()
	if dir == renderer.NoCacheDir {
		t.Skip("no private cache could be had here (go-graphviz keeps none): nothing more to check")
	}
	if !strings.HasSuffix(dir, filepath.Join("topoplan", "graphviz")) || !strings.HasPrefix(dir, os.Getenv("HOME")) {
		t.Errorf("cache in %s, want .../topoplan/graphviz under the user cache directory of %s", dir, os.Getenv("HOME"))
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("cache dir %v (%v), want mode 0700", st, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go-graphviz")); err != nil {
		t.Errorf("go-graphviz did not use the private directory: %v", err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("something was written to $TMPDIR: %v", entries)
	}
}

// buildBinary copies this test binary (topoplan when TOPOPLAN_TEST_AS_MAIN
// is set, see TestMain) into a world-readable directory: another user
// runs it (with the render helper, also copied world-readable).
func buildBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	must0(t, err)
	return copyWorldReadable(t, self, "topoplan")
}

// copyWorldReadable copies an executable into a world-readable temporary
// directory (another user runs it).
func copyWorldReadable(t *testing.T, src, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "topoplan-helper-")
	must0(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	must0(t, os.Chmod(dir, 0o755))
	data, err := os.ReadFile(src)
	must0(t, err)
	p := filepath.Join(dir, name)
	must0(t, os.WriteFile(p, data, 0o755))
	return p
}

func must0(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// privDir makes a directory owned by uid with mode.
func privDir(t *testing.T, parent, name string, uid int, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(parent, name)
	must0(t, os.MkdirAll(p, mode))
	must0(t, os.Chmod(p, mode))
	must0(t, os.Chown(p, uid, uid))
	return p
}

func listing(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	_ = filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error {
		names = append(names, p)
		return nil
	})
	return strings.Join(names, "\n")
}

// TestF5SecondUser is the review's F5 as two OS users: after root has run
// topoplan with a shared TMPDIR, user nobody (65534) runs it too (it
// panicked on root's 0700 $TMPDIR/go-graphviz); and root never uses a
// go-graphviz directory that nobody planted in root's TMPDIR, nor a cache
// directory in root's own cache that nobody owns.
func TestF5SecondUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run as another uid (setpriv --reuid=65534)")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("setpriv not installed")
	}
	if testing.Short() {
		t.Skip("-short: four cold starts of the program (~10 s each on a loaded machine)")
	}
	bin := buildBinary(t)
	built, err := helpertest.Build(renderer.Helper)
	must0(t, err)
	helper := copyWorldReadable(t, built, renderer.HelperName)
	root, err := os.MkdirTemp("", "topoplan-f5-")
	must0(t, err)
	t.Cleanup(func() { os.RemoveAll(root) })
	must0(t, os.Chmod(root, 0o755))
	shared := privDir(t, root, "tmp", 0, 0o777|os.ModeSticky)
	run := func(uid int, home, tmp string) (string, error) {
		args := []string{"env", "-i", "PATH=/usr/bin:/bin", "TOPOPLAN_TEST_AS_MAIN=1", renderer.EnvHelper + "=" + helper, "HOME=" + home, "TMPDIR=" + tmp, bin, "--no-user-catalog", "export", "diagram", "-f", "svg"}
		if uid != 0 {
			args = append([]string{"--reuid=65534", "--regid=65534", "--clear-groups"}, args...)
			out, err := exec.Command(setpriv, args...).CombinedOutput()
			return string(out), err
		}
		out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
		return string(out), err
	}

	// 1. root first: its shared-TMPDIR cache (0700) used to lock nobody out.
	rootHome := privDir(t, root, "roothome", 0, 0o755)
	privDir(t, shared, "go-graphviz/wazero-v1.10.1-amd64-linux", 0, 0o700)
	if out, err := run(0, rootHome, shared); err != nil {
		t.Fatalf("root: %v\n%.400s", err, out)
	}
	nobodyHome := privDir(t, root, "nobodyhome", 65534, 0o755)
	if out, err := run(65534, nobodyHome, shared); err != nil || !strings.Contains(out, "<svg") {
		t.Fatalf("nobody after root: %v\n%.400s", err, out)
	}
	if _, err := os.Stat(filepath.Join(nobodyHome, ".cache", "topoplan", "graphviz", "go-graphviz")); err != nil {
		t.Errorf("nobody's cache is not in nobody's cache directory: %v", err)
	}

	// 2. nobody planted $TMPDIR/go-graphviz for root: root must not touch it.
	planted := privDir(t, root, "nobodytmp", 65534, 0o777)
	privDir(t, planted, "go-graphviz/wazero-v1.10.1-amd64-linux", 65534, 0o700)
	must0(t, os.WriteFile(filepath.Join(planted, "go-graphviz", "wazero-v1.10.1-amd64-linux", "planted"), []byte("x"), 0o644))
	before := listing(t, planted)
	if out, err := run(0, rootHome, planted); err != nil {
		t.Fatalf("root with nobody's TMPDIR: %v\n%.400s", err, out)
	}
	if after := listing(t, planted); after != before {
		t.Errorf("root wrote into nobody's go-graphviz directory:\n%s", after)
	}

	// 3. A cache directory in root's cache that nobody owns is not used
	// (no on-disk cache then), and the command still works.
	home3 := privDir(t, root, "home3", 0, 0o755)
	foreign := privDir(t, filepath.Join(home3, ".cache", "topoplan"), "graphviz", 65534, 0o700)
	if out, err := run(0, home3, shared); err != nil {
		t.Fatalf("root with a foreign cache dir: %v\n%.400s", err, out)
	}
	if entries, _ := os.ReadDir(foreign); len(entries) != 0 {
		t.Errorf("root used a cache directory owned by nobody: %v", entries)
	}
}
