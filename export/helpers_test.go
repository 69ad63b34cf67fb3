package export

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// goldenDate fixes the plan date in exported files.
const goldenDate = "2026-11-23"

// scenarioFiles are the shipped scenarios plus the export-only ones.
func scenarioFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"../testdata/scenarios/*.yaml", "testdata/scenarios/*.yaml"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 3 {
		t.Fatalf("want at least 3 scenarios, got %d", len(files))
	}
	return files
}

func scenarioName(file string) string {
	return strings.TrimSuffix(filepath.Base(file), ".yaml")
}

// loadInput evaluates a scenario file against the embedded catalog.
func loadInput(t testing.TB, file string) Input {
	t.Helper()
	doc, err := planner.LoadFile(file)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	cat := planner.DefaultCatalog()
	if diags := planner.Validate(doc, cat); diags.HasErrors() {
		t.Fatalf("%s: %v", file, diags.Errors())
	}
	return inputFor(doc.Scenario, cat)
}

func inputFor(s model.Scenario, cat *model.Catalog) Input {
	return Input{
		Plan:     planner.Evaluate(s, cat, planner.Options{}),
		Scenario: planner.ApplyDefaults(s, cat),
		Catalog:  cat,
		Date:     goldenDate,
	}
}
