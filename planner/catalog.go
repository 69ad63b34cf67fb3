package planner

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
)

//go:embed catalog.json
var embeddedCatalog []byte

// EmbeddedCatalogJSON returns the catalog snapshot compiled into the binary.
func EmbeddedCatalogJSON() []byte { return embeddedCatalog }

// EmbeddedCatalogVersion returns the embedded snapshot's version and the
// date it was read, without decoding the rest of it (for `version`).
//
// The two keys open the file, so it reads the top-level object's members
// as tokens and stops once both are seen: json.Unmarshal would first scan
// all 350 kB (TestEmbeddedCatalogVersion: the same values as a full decode).
func EmbeddedCatalogVersion() (version, readOn string) {
	dec := json.NewDecoder(bytes.NewReader(embeddedCatalog))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", ""
	}
	for dec.More() && (version == "" || readOn == "") {
		key, err := dec.Token()
		if err != nil {
			return version, readOn
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return version, readOn
		}
		switch key {
		case "version":
			_ = json.Unmarshal(v, &version)
		case "read_on":
			_ = json.Unmarshal(v, &readOn)
		}
	}
	return version, readOn
}

// LoadCatalog returns the embedded catalog with each overlay file applied in
// order. An overlay is JSON or YAML with the catalog's structure; any value it
// gives replaces the embedded one (maps merge key by key), so a user can set a
// negotiated price without restating the rest. A key the catalog does not
// have is an error (Diagnostics with file:line:col and a suggestion), as in
// scenarios. Every figure of a user overlay is labelled "user" with the
// overlay's own source, note and date; only an overlay written by `catalog
// refresh` (generated_by: RefreshGenerator) keeps its confidence.
func LoadCatalog(overlays ...string) (*model.Catalog, error) {
	if len(overlays) == 0 {
		// Nothing to merge: the snapshot as Go code generated from
		// catalog.json (catalog_embedded.go; TestEmbeddedCatalogGo keeps
		// it equal to catalog.json decoded), so no command decodes 350 kB
		// of JSON at start-up (issue 14). The result is the same as the
		// merge path's (TestEmbeddedCatalogFastPath).
		return embeddedCatalogValue(), nil
	}
	var base map[string]any
	if err := json.Unmarshal(embeddedCatalog, &base); err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	for _, path := range overlays {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("catalog overlay: %w", err)
		}
		if ds := checkOverlayKeys(path, data); len(ds) > 0 {
			return nil, ds
		}
		over, err := decodeOverlay(path, data)
		if err != nil {
			return nil, err
		}
		if over["generated_by"] != RefreshGenerator {
			markUser(over, filepath.Base(path))
		}
		delete(over, "generated_by")
		base = mergeMaps(base, over)
	}
	merged, err := json.Marshal(base)
	if err != nil {
		return nil, fmt.Errorf("catalog merge: %w", err)
	}
	var cat model.Catalog
	if err := json.Unmarshal(merged, &cat); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	for _, p := range overlays {
		cat.Overlays = append(cat.Overlays, filepath.Base(p))
	}
	return &cat, nil
}

// DefaultCatalog returns the embedded catalog; it panics only if the binary
// was built with a broken snapshot, which the tests rule out.
func DefaultCatalog() *model.Catalog {
	cat, err := LoadCatalog()
	if err != nil {
		panic(err)
	}
	return cat
}

func decodeOverlay(path string, data []byte) (map[string]any, error) {
	var out map[string]any
	if strings.HasSuffix(path, ".json") {
		if err := json.Unmarshal(data, &out); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return out, nil
	}
	var raw any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// Round-trip through JSON so YAML maps become map[string]any.
	j, err := json.Marshal(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := json.Unmarshal(j, &out); err != nil {
		return nil, fmt.Errorf("%s: catalog overlay must be a mapping: %w", path, err)
	}
	return out, nil
}

func mergeMaps(base, over map[string]any) map[string]any {
	if base == nil {
		base = map[string]any{}
	}
	for k, v := range over {
		if vm, ok := v.(map[string]any); ok {
			if bm, ok := base[k].(map[string]any); ok {
				base[k] = mergeMaps(bm, vm)
				continue
			}
		}
		base[k] = v
	}
	return base
}

// CatalogAgeDays is the age of the catalog snapshot on the given day.
func CatalogAgeDays(cat *model.Catalog, now time.Time) int {
	t, err := time.Parse("2006-01-02", cat.ReadOn)
	if err != nil {
		return 0
	}
	return int(now.Sub(t).Hours() / 24)
}

// InstanceTypes lists the catalog's instance types, sorted.
func InstanceTypes(cat *model.Catalog) []string {
	out := make([]string, 0, len(cat.Instances))
	for k := range cat.Instances {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
