package tui

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// change is what one step through the edit history changed: the text for
// the status line and the editor field to move to.
type change struct {
	// text reads "clusters[train].nodes 128 → 64", "clusters[train-2]
	// removed" or, for an edit that touched several fields (a rename and
	// its references), the first one and how many more.
	text string
	// path is the field, in the state stepped to, that the editor's cursor
	// goes to ("" when there is none).
	path string
	// group is that field's editor group.
	group string
}

// describeChange compares the scenario before a step through the history
// (from) with the one after it (to). Fields are matched by their named
// label, so removing a list element reads as one removal, not as every
// later element changing.
func describeChange(from, to *model.Scenario) change {
	ff, tf := scenarioFields(from), scenarioFields(to)
	if samePaths(ff, tf) {
		// Same shape: compare field by field (a rename changes labels,
		// so the paths are the key here).
		var changed []string
		first := -1
		for i, f := range tf {
			a, _ := ff[i].Value(from)
			b, _ := f.Value(to)
			if a == b {
				continue
			}
			if first < 0 {
				first = i
			}
			changed = append(changed, fmt.Sprintf("%s %s → %s", ff[i].Label, quoteEmpty(a), quoteEmpty(b)))
		}
		if first < 0 {
			return change{text: "no visible change"}
		}
		text := changed[0]
		if n := len(changed) - 1; n > 0 {
			text += " and " + plural(n, "more field")
		}
		return change{text: text, path: tf[first].Path, group: tf[first].Group}
	}
	// A list element (or an optional section) came or went.
	inFrom := make(map[string]bool, len(ff))
	for _, f := range ff {
		inFrom[f.Label] = true
	}
	inTo := make(map[string]bool, len(tf))
	for _, f := range tf {
		inTo[f.Label] = true
	}
	var parts []string
	seen := map[string]bool{}
	add := func(unit, what string) {
		if !seen[unit] {
			seen[unit] = true
			parts = append(parts, unit+" "+what)
		}
	}
	// covers reports whether an absent optional section is the other side
	// of a section that exists in the other state (it is reported there).
	covers := func(f field, other []field) bool {
		if !f.Absent {
			return false
		}
		for _, o := range other {
			if strings.HasPrefix(o.Label, f.Label+".") {
				return true
			}
		}
		return false
	}
	target := -1
	for i, f := range tf {
		if !inFrom[f.Label] && !covers(f, ff) {
			add(unitOf(f, ff), "added")
			if target < 0 {
				target = i
			}
		}
	}
	for i, f := range ff {
		if inTo[f.Label] || covers(f, tf) {
			continue
		}
		unit := unitOf(f, tf)
		add(unit, "removed")
		if target >= 0 {
			continue
		}
		// Go to the section's placeholder, or else to the field that
		// stood just before the removed one.
		for j, o := range tf {
			if o.Label == unit {
				target = j
			}
		}
		for j := i - 1; target < 0 && j >= 0; j-- {
			for k, o := range tf {
				if o.Label == ff[j].Label {
					target = k
					break
				}
			}
		}
		if target < 0 && len(tf) > 0 {
			target = 0
		}
	}
	if len(parts) == 0 {
		return change{text: "no visible change"}
	}
	c := change{text: strings.Join(parts, ", ")}
	if target >= 0 {
		c.path, c.group = tf[target].Path, tf[target].Group
	}
	return c
}

// samePaths reports whether two field lists address the same fields in the
// same order.
func samePaths(a, b []field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path {
			return false
		}
	}
	return true
}

// unitOf names what a field that exists on one side only belongs to: its
// list element (clusters[train-2]), or the optional section that is
// absent on the other side (storage.fsx_lustre).
func unitOf(f field, other []field) string {
	if f.elemPath != "" {
		return strings.TrimSuffix(f.Label, strings.TrimPrefix(f.Path, f.elemPath))
	}
	for _, o := range other {
		if o.Absent && strings.HasPrefix(f.Label, o.Label+".") {
			return o.Label
		}
	}
	return f.Label
}

func quoteEmpty(s string) string {
	if s == "" {
		return `""`
	}
	return s
}

// groupView is the view that shows the figures an editor group drives.
func groupView(group string) component {
	switch group {
	case groupCluster:
		return topology{}
	case groupTraining:
		return trainingView{}
	case groupStorage:
		return storage{}
	case groupSites, groupTraffic:
		return network{}
	case groupNetwork:
		return subnets{}
	}
	return overview{}
}
