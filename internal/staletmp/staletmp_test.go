package staletmp

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestClean: only stale temporaries of the named targets (and of their .bak)
// go; fresh ones, other files' and anything not of os.CreateTemp's pattern
// stay.
func TestClean(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	old := now.Add(-2 * MinAge)
	files := map[string]time.Time{
		"plan.yaml":                   old, // the target itself
		"plan.yaml.bak":               old,
		".plan.yaml.tmp-123456":       old, // stale: removed
		".plan.yaml.bak.tmp-42":       old, // stale backup temp: removed
		".plan.yaml.tmp-999":          now, // a write in progress: kept
		".plan.yaml.tmp-abc":          old, // not CreateTemp's digits: kept
		".plan.yaml.tmp-":             old, // kept
		"plan.yaml.tmp-123":           old, // no leading dot: kept
		".other.yaml.tmp-123":         old, // another file's: kept
		".plan.yaml.tmp-77.swp":       old, // kept
		"notes.txt":                   old,
		".plan-review.md.tmp-1000001": old, // a second target: removed
	}
	for name, mt := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	// A directory with the pattern's name is not ours to remove.
	d := filepath.Join(dir, ".plan.yaml.tmp-555")
	if err := os.Mkdir(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(d, old, old); err != nil {
		t.Fatal(err)
	}

	removed := Clean(now, filepath.Join(dir, "plan.yaml"), filepath.Join(dir, "plan-review.md"), "", filepath.Join(dir, "missing", "x.yaml"))
	slices.Sort(removed)
	want := []string{
		filepath.Join(dir, ".plan-review.md.tmp-1000001"),
		filepath.Join(dir, ".plan.yaml.bak.tmp-42"),
		filepath.Join(dir, ".plan.yaml.tmp-123456"),
	}
	if !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	for name := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		gone := slices.Contains(want, filepath.Join(dir, name))
		if gone != os.IsNotExist(err) {
			t.Errorf("%s: removed %v, want %v", name, !gone, gone)
		}
	}
	if _, err := os.Stat(d); err != nil {
		t.Errorf("directory %s removed", d)
	}
}

// TestCreateTempPattern: the pattern Clean matches is the name os.CreateTemp
// gives, so a change in Go's naming fails here rather than leaving files.
func TestCreateTempPattern(t *testing.T) {
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, ".plan.yaml.tmp-*")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	name, ok := tempOf(filepath.Base(f.Name()))
	if !ok || name != "plan.yaml" {
		t.Errorf("tempOf(%q) = %q, %v", filepath.Base(f.Name()), name, ok)
	}
	later := time.Now().Add(2 * MinAge)
	if got := Clean(later, filepath.Join(dir, "plan.yaml")); len(got) != 1 {
		t.Errorf("Clean removed %q", got)
	}
}
