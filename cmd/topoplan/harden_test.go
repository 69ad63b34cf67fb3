package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/topoplan/topoplan/planner"
)

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dst, mode); err != nil {
		t.Fatal(err)
	}
}

// TestF8ExportRefusesInputAsOutput is the review's F8: "export cfn s.yaml
// -o s.yaml" replaced the scenario with a template (exit 0, no .bak). Every
// command with -o now refuses an output that is an input, by name, through a
// symlink or a hard link, and writes nothing.
func TestF8ExportRefusesInputAsOutput(t *testing.T) {
	dir := t.TempDir()
	s := filepath.Join(dir, "s.yaml")
	copyFile(t, "../../testdata/scenarios/finetune-vpn.yaml", s, 0o644)
	orig, _ := os.ReadFile(s)
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(s, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.yaml")
	if err := os.Link(s, hard); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, tc := range []struct {
		args    []string
		refused bool
	}{
		{[]string{"export", "cfn", s, "-o", s}, true},
		{[]string{"export", "cfn", s, "-o", link}, true},
		{[]string{"export", "cfn", link, "-o", hard}, true},
		{[]string{"export", "json", s, "-o", "./s.yaml"}, true},
		{[]string{"export", "report", "--no-diagram", s, "-o", s}, true},
		{[]string{"export", "report", "--no-diagram", s, "-o", "r.md", "--baseline", "s.yaml"}, false},
		{[]string{"export", "report", "--no-diagram", "r.md", "-o", "r.md"}, true}, // r.md exists now
		{[]string{"eval", s, "-o", s}, true},
		{[]string{"compare", s, link, "-o", link}, true},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if got, _ := os.ReadFile(s); string(got) != string(orig) {
			t.Fatalf("%v overwrote the input scenario", tc.args)
		}
		if tc.refused && (code != exitInvalid || !strings.Contains(stderr, "is the input scenario")) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming the input", tc.args, code, stderr)
		}
		if !tc.refused && code != 0 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, stderr)
		}
	}
}

// TestF16ExportKeepsModeAndWritesThroughSymlink is the review's F16 and
// F13 for the CLI: an export over a 0600 file made it 0644, and a symlink
// output was replaced by a regular file.
func TestF16ExportKeepsModeAndWritesThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	priv := filepath.Join(dir, "priv.yaml")
	if err := os.WriteFile(priv, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, "export", "cfn", "../../testdata/scenarios/finetune-vpn.yaml", "-o", priv); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	st, _ := os.Stat(priv)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after export, want 0600 kept", st.Mode().Perm())
	}
	fresh := filepath.Join(dir, "new.yaml")
	runCLI(t, "export", "cfn", "../../testdata/scenarios/finetune-vpn.yaml", "-o", fresh)
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("new file: %v %v, want 0644", st, err)
	}
	real := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "out.json")
	if err := os.WriteFile(real, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "export", "json", "../../testdata/scenarios/finetune-vpn.yaml", "-o", link)
	if lst, _ := os.Lstat(link); lst.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a regular file")
	}
	if b, _ := os.ReadFile(real); len(b) < 100 {
		t.Errorf("the link's target was not written: %q", b)
	}
}

// TestF19SpecialFilesRefused is the review's F19: /dev/zero was read
// without limit and a FIFO blocked for ever. Both, and a file above the
// size limit, are refused at once with exit 2.
func TestF19SpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("name: x\n"+strings.Repeat("# padding\n", planner.MaxScenarioBytes/10+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{big: "MiB limit"}
	if runtime.GOOS == "linux" {
		cases["/dev/zero"] = "not a regular file"
		fifo := filepath.Join(dir, "fifo.yaml")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		cases[fifo] = "named pipe"
	}
	for path, want := range cases {
		for _, cmd := range []string{"validate", "eval"} {
			done := make(chan struct{})
			var stderr string
			var code int
			go func() {
				_, stderr, code = runCLI(t, cmd, path)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("%s %s still running after 20 s", cmd, path)
			}
			if code != exitInvalid || !strings.Contains(stderr, want) {
				t.Errorf("%s %s: exit %d, stderr %q; want exit 2 with %q", cmd, path, code, stderr, want)
			}
		}
	}
}

// TestF20CorruptUserOverlayNamesTheWayOut is the review's F20: a truncated
// user overlay broke every command without a hint.
func TestF20CorruptUserOverlayNamesTheWayOut(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	p, err := planner.DefaultOverlayPath()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(`{"instances": {`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p+".bak", []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI(t, "validate", "../../testdata/scenarios/finetune-vpn.yaml")
	if code != exitInvalid || !strings.Contains(stderr, "--no-user-catalog") || !strings.Contains(stderr, p+".bak") {
		t.Errorf("exit %d, stderr %q: want the way out named", code, stderr)
	}
	if _, _, code := runCLI(t, "--no-user-catalog", "validate", "../../testdata/scenarios/finetune-vpn.yaml"); code != 0 {
		t.Errorf("--no-user-catalog: exit %d", code)
	}
}
