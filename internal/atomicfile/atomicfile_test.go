package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteKeepsModeBackupAndLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yaml")
	link := filepath.Join(dir, "link.yaml")
	if err := os.WriteFile(real, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.yaml", link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, []byte("two"), Options{Backup: true}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(link); st.Mode()&os.ModeSymlink == 0 {
		t.Error("link replaced by a regular file (F13)")
	}
	if read(t, real) != "two" || read(t, real+".bak") != "one" {
		t.Errorf("target %q, backup %q", read(t, real), read(t, real+".bak"))
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept (F16)", st.Mode().Perm())
	}
	fresh := filepath.Join(dir, "fresh")
	if err := Write(fresh, []byte("x"), Options{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v, want 0644", st.Mode().Perm())
	}
	if !SameFile(link, real) || SameFile(real, fresh) || SameFile(real, filepath.Join(dir, "missing")) {
		t.Error("SameFile")
	}
}

type failingFile struct{ *os.File }

func (f failingFile) Sync() error { return errors.New("disk on fire") }

func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(p, []byte("new"), Options{CreateTemp: func(d, pat string) (File, error) {
		f, err := os.CreateTemp(d, pat)
		return failingFile{f}, err
	}})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err %v", err)
	}
	if read(t, p) != "old" {
		t.Error("target changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if err := Write(filepath.Join(dir, "no", "such", "x"), nil, Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing directory: %v", err)
	}
}

// TestF15StaleTempsRemovedAtNextWrite is the review's F15: temporary files
// of killed writes piled up (1,204 after 3,909 kills). The next write of
// the same file removes those older than a minute, its backups' included.
func TestF15StaleTempsRemovedAtNextWrite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "plan.yaml")
	old := time.Now().Add(-time.Hour)
	stale := []string{".plan.yaml.tmp-123", ".plan.yaml.bak.tmp-9", ".plan.yaml.1.bak.tmp-77"}
	keep := []string{".other.yaml.tmp-1", ".plan.yaml.tmp-young"}
	for _, n := range append(stale, keep...) {
		f := filepath.Join(dir, n)
		if err := os.WriteFile(f, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(f, old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(p, []byte("x"), Options{Backup: true}); err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s not removed", n)
		}
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed: not this file's temporary", n)
		}
	}
}
