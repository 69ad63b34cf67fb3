package planner

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/topoplan/topoplan/internal/atomicfile"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// UserOverlayName is the file name of the overlay `topoplan catalog refresh`
// writes in the user's configuration directory.
const UserOverlayName = "catalog-overlay.json"

// DefaultOverlayPath is where `topoplan catalog refresh` writes its overlay
// and where the CLI looks for it: os.UserConfigDir()/topoplan/catalog-overlay.json
// ($XDG_CONFIG_HOME or ~/.config on Linux, ~/Library/Application Support on
// macOS, %AppData% on Windows).
func DefaultOverlayPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("user configuration directory: %w", err)
	}
	return filepath.Join(dir, "topoplan", UserOverlayName), nil
}

// UserOverlay returns the user's refresh overlay path when the file exists,
// or "" when there is none (the embedded snapshot alone is then in force).
func UserOverlay() (string, error) {
	p, err := DefaultOverlayPath()
	if err != nil {
		return "", nil //nolint:nilerr // no config directory: nothing to load
	}
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		return "", fmt.Errorf("catalog overlay %s: %w", p, err)
	}
	return p, nil
}

// WriteFileAtomic replaces path with data so that a reader sees either the
// old file or the new one, never a mix, through topoplan's one atomic writer
// (package atomicfile): the current file is kept as path+".bak" when
// keepBackup is set, a symlink is written through, an existing file keeps
// its mode (perm applies to a new one), file and directory are synced. On
// error path is left as it was.
func WriteFileAtomic(path string, data []byte, perm os.FileMode, keepBackup bool) error {
	return atomicfile.Write(path, data, atomicfile.Options{Backup: keepBackup, Mode: perm, MkdirAll: true})
}

// Change is one catalog figure an overlay would change.
type Change struct {
	// Path is the figure's place in the catalog, e.g. "instances.p5.48xlarge.prices.us-east-1.on_demand_usd_per_hour".
	Path string
	// Old and New are the values before and after, as JSON text ("" = absent).
	Old, New string
}

// DiffOverlay lists the figures (and confidence levels) that applying
// overlay over the catalog cur would change, sorted by path; source, date and
// note fields are not counted as changes. unchanged counts the figures the
// overlay restates with the same value.
func DiffOverlay(cur *model.Catalog, overlay map[string]any) (changes []Change, unchanged int, err error) {
	b, err := json.Marshal(cur)
	if err != nil {
		return nil, 0, err
	}
	var base map[string]any
	if err := json.Unmarshal(b, &base); err != nil {
		return nil, 0, err
	}
	// Normalise the overlay's numbers the same way (int vs float64).
	ob, err := json.Marshal(overlay)
	if err != nil {
		return nil, 0, err
	}
	var over map[string]any
	if err := json.Unmarshal(ob, &over); err != nil {
		return nil, 0, err
	}
	var walk func(prefix []string, o, b map[string]any)
	walk = func(prefix []string, o, b map[string]any) {
		for k, v := range o {
			path := append(append([]string{}, prefix...), k)
			bv, has := b[k]
			if om, ok := v.(map[string]any); ok {
				bm, _ := bv.(map[string]any)
				if unset(bm) {
					// A figure the catalog lacks (a Region price
					// marshalled as zeros) is new, not a change from 0.
					bm = nil
				}
				walk(path, om, bm)
				continue
			}
			// A list of objects as long as the catalog's (S3 Standard
			// tiers) is compared element by element, so each figure in
			// it is listed, and a large change flagged, on its own.
			if ol, bl, ok := sameShapeLists(v, bv); ok {
				for i := range ol {
					path[len(path)-1] = fmt.Sprintf("%s[%d]", k, i)
					walk(path, ol[i], bl[i])
				}
				continue
			}
			switch k {
			case "source", "read_on", "note", "version", "generated_by":
				continue
			}
			nv, _ := json.Marshal(v)
			ov := ""
			if has {
				x, _ := json.Marshal(bv)
				ov = string(x)
			}
			if ov == string(nv) {
				unchanged++
				continue
			}
			changes = append(changes, Change{Path: strings.Join(path, "."), Old: ov, New: string(nv)})
		}
	}
	walk(nil, over, base)
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, unchanged, nil
}

// unset reports whether every value in m is a zero value (0, "", false,
// null, or an empty list or object): a catalog figure that is not set.
func unset(m map[string]any) bool {
	for _, v := range m {
		switch x := v.(type) {
		case nil:
		case float64:
			if x != 0 {
				return false
			}
		case string:
			if x != "" {
				return false
			}
		case bool:
			if x {
				return false
			}
		case []any:
			if len(x) > 0 {
				return false
			}
		case map[string]any:
			if !unset(x) {
				return false
			}
		default:
			return false
		}
	}
	return len(m) > 0
}

// sameShapeLists returns o and b as lists of objects when both are and
// have the same length.
func sameShapeLists(o, b any) (ol, bl []map[string]any, ok bool) {
	ov, ok1 := o.([]any)
	bv, ok2 := b.([]any)
	if !ok1 || !ok2 || len(ov) != len(bv) {
		return nil, nil, false
	}
	for i := range ov {
		om, ok1 := ov[i].(map[string]any)
		bm, ok2 := bv[i].(map[string]any)
		if !ok1 || !ok2 {
			return nil, nil, false
		}
		ol, bl = append(ol, om), append(bl, bm)
	}
	return ol, bl, true
}

// MergeOverlays applies over on top of base, maps merging key by key as
// LoadCatalog does, and returns the result; base (which may be nil) is
// modified in place.
func MergeOverlays(base, over map[string]any) map[string]any { return mergeMaps(base, over) }

// LargeChanges picks the changes whose numeric value moves by more than
// factor (new/old > factor or < 1/factor), or flips to or from zero: the
// figures a refresh must show and have confirmed before writing (a parser
// slip such as "4x 100 Gigabit" read as 100, or a device memory reported as
// 512 GiB instead of 96, looks like this).
func LargeChanges(changes []Change, factor float64) []Change {
	var out []Change
	for _, c := range changes {
		o, err1 := strconv.ParseFloat(c.Old, 64)
		n, err2 := strconv.ParseFloat(c.New, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		switch {
		case o == 0 && n == 0:
		case o == 0 || n == 0:
			out = append(out, c)
		case n/o > factor || o/n > factor:
			out = append(out, c)
		}
	}
	return out
}
