package model

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestModelIsPure keeps package model free of I/O: no files, terminals,
// network, processes or clocks. Only these standard packages may be imported
// by non-test files.
func TestModelIsPure(t *testing.T) {
	allowed := map[string]bool{"fmt": true, "math": true, "sort": true, "slices": true, "strconv": true, "strings": true, "errors": true, "cmp": true, "maps": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[path] {
				t.Errorf("%s imports %q: model must stay pure (no I/O); move this to planner, export or cmd", f, path)
			}
		}
	}
}
