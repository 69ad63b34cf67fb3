package planner

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
)

// RefreshGenerator is the value of an overlay's top-level generated_by key
// when `topoplan catalog refresh` wrote it: its figures are AWS API output and
// keep their confidence. Every other overlay is the user's, and all its
// figures are labelled user.
const RefreshGenerator = "topoplan catalog refresh"

// checkOverlayKeys walks an overlay (JSON or YAML, parsed as YAML nodes so
// every key has a line) against the catalog's structure and reports each
// key the catalog does not have, as file:line:col, its path and a
// suggestion, like scenario files. Map keys that are names (instance types,
// Regions, speeds) are free.
func checkOverlayKeys(file string, data []byte) Diagnostics {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil || len(root.Content) == 0 {
		return nil // the decoder reports syntax errors
	}
	var ds Diagnostics
	var walk func(n *yaml.Node, t reflect.Type, path string)
	walk = func(n *yaml.Node, t reflect.Type, path string) {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return // null clears a figure; the merge handles it
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			if n.Kind != yaml.MappingNode {
				ds = append(ds, overlayDiag(file, n, path, "expected a mapping of keys, got %s", nodeDesc(n)))
				return
			}
			fields := jsonFields(t)
			names := make([]string, 0, len(fields))
			for k := range fields {
				names = append(names, k)
			}
			slices.Sort(names)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				ft, ok := fields[k.Value]
				p := joinPath(path, k.Value)
				if !ok {
					msg := fmt.Sprintf("unknown key %q", k.Value)
					if s := suggest(k.Value, names); s != "" {
						msg += fmt.Sprintf("; did you mean %s?", s)
					}
					if moved, ok := movedOverlayKeys[k.Value]; ok {
						msg = fmt.Sprintf("key %q is no longer used: %s", k.Value, moved)
					}
					ds = append(ds, Diagnostic{File: file, Line: k.Line, Column: k.Column, Path: p, Message: msg, Severity: SeverityError})
					continue
				}
				walk(v, ft, p)
			}
		case reflect.Map:
			if n.Kind != yaml.MappingNode {
				ds = append(ds, overlayDiag(file, n, path, "expected a mapping of keys, got %s", nodeDesc(n)))
				return
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], t.Elem(), joinPath(path, n.Content[i].Value))
			}
		case reflect.Slice:
			if n.Kind != yaml.SequenceNode {
				ds = append(ds, overlayDiag(file, n, path, "expected a list, got %s", nodeDesc(n)))
				return
			}
			for i, c := range n.Content {
				walk(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			}
		default:
			if d, bad := checkOverlayScalar(file, n, t, path); bad {
				ds = append(ds, d)
			}
		}
	}
	walk(root.Content[0], reflect.TypeOf(overlaySchema{}), "")
	ds.sort()
	return ds
}

// maxOverlayUSD bounds every USD figure of an overlay: no AWS price the
// catalog carries comes near it (the dearest instance-hour is about $100,
// a DX 400G port-hour tens of dollars), so a larger one is a typo or a
// unit slip, and it keeps every cost the model derives finite.
const maxOverlayUSD = 1e9

// checkOverlayScalar checks one overlay value against its catalog type: a
// number where a number belongs (finite), text where text belongs; a USD
// figure (a key holding "usd") is refused when negative or above
// maxOverlayUSD, and a usd_per_hour rate (a Capacity Block fee or a
// discounted rate) also when zero, since it is never free. On-demand
// prices and Price.usd may be zero: 0 means not sold on demand or free.
func checkOverlayScalar(file string, n *yaml.Node, t reflect.Type, path string) (Diagnostic, bool) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind == yaml.ScalarNode && n.Style == 0 && n.Tag == "!!str" {
			if _, err := strconv.ParseFloat(n.Value, 64); errors.Is(err, strconv.ErrRange) {
				return overlayDiag(file, n, path, "expected a finite number, got %s (out of range)", n.Value), true
			}
		}
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			return overlayDiag(file, n, path, "expected a number, got %s", nodeDesc(n)), true
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if n.Tag == "!!int" {
			var i int64
			i, err = strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
			f = float64(i)
		}
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return overlayDiag(file, n, path, "expected a finite number, got %s", n.Value), true
		}
		key := path[strings.LastIndexAny(path, ".]")+1:]
		if !strings.Contains(key, "usd") {
			return Diagnostic{}, false
		}
		switch {
		case f < 0:
			return overlayDiag(file, n, path, "a price cannot be negative (got %s USD)", n.Value), true
		case f > maxOverlayUSD:
			return overlayDiag(file, n, path, "%s USD is above the %g USD bound on any catalog price; check the unit (USD per %s)", n.Value, maxOverlayUSD, usdUnit(key)), true
		case f == 0 && key == "usd_per_hour":
			return overlayDiag(file, n, path, "an hourly rate of 0 USD is never sold; leave the offering out instead"), true
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return overlayDiag(file, n, path, "expected a text value, got %s", nodeDesc(n)), true
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			return overlayDiag(file, n, path, "expected true or false, got %s", nodeDesc(n)), true
		}
	}
	return Diagnostic{}, false
}

// usdUnit names what a USD key is per, for messages.
func usdUnit(key string) string {
	if strings.Contains(key, "hour") {
		return "hour"
	}
	return "the price's unit"
}

func overlayDiag(file string, n *yaml.Node, path, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: n.Line, Column: n.Column, Path: path, Message: fmt.Sprintf(format, args...), Severity: SeverityError}
}

// nodeDesc describes a YAML node for a type message.
func nodeDesc(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// overlaySchema is what an overlay may hold: the catalog plus the refresh's
// generated_by marker.
type overlaySchema struct {
	model.Catalog
	GeneratedBy string `json:"generated_by"`
}

// movedOverlayKeys explains keys of earlier catalog versions.
var movedOverlayKeys = map[string]string{
	"capacity_block_usd_per_hour": "a Capacity Block is now an offering: capacity_block: {usd_per_hour: …, effective_on: YYYY-MM-DD}",
	"capacity_block_source":       "give source, read_on and note inside capacity_block",
}

// jsonFields maps a struct's JSON keys to their types, flattening embedded
// structs (model.Source in prices).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// valueKeys are the keys that carry a figure; an overlay object holding one
// is a user figure.
var valueKeys = []string{"usd", "value", "on_demand_usd_per_hour", "usd_per_hour"}

// sourcedGroups name, for keys an overlay may set directly on an instance or
// a Region, the sibling object holding their source.
var sourcedGroups = map[string][]string{
	"spec_source": {"accelerator_model", "accelerator_count", "accelerator_memory_gib", "vcpus",
		"memory_gib", "network_gbps", "efa", "network_cards", "max_efa_interfaces", "max_enis", "ipv4_per_eni"},
	"compute_source":          {"peak_dense_bf16_tflops", "peak_dense_fp8_tflops"},
	"intra_node_source":       {"intra_node_gbps_per_accel"},
	"memory_bandwidth_source": {"accelerator_memory_bandwidth_tbps"},
	"internet_egress_source":  {"internet_egress", "internet_egress_free_gb"},
	"s3_standard_gb_month":    {"s3_standard_tiers"},
}

// markUser labels every figure of a user overlay: confidence user, the
// overlay's own source (or "user catalog overlay <file>"), its own note and
// date (or none) — nothing of the embedded figure's provenance survives.
func markUser(m map[string]any, file string) {
	label := func(obj map[string]any) {
		obj["confidence"] = model.ConfidenceUser
		if _, ok := obj["source"]; !ok {
			obj["source"] = "user catalog overlay " + file
		}
		if _, ok := obj["note"]; !ok {
			obj["note"] = ""
		}
		if _, ok := obj["read_on"]; !ok {
			obj["read_on"] = ""
		}
	}
	for _, k := range valueKeys {
		if _, ok := m[k]; ok {
			label(m)
			break
		}
	}
	for group, keys := range sourcedGroups {
		for _, k := range keys {
			if _, ok := m[k]; ok {
				obj, _ := m[group].(map[string]any)
				if obj == nil {
					obj = map[string]any{}
					m[group] = obj
				}
				label(obj)
				break
			}
		}
	}
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok {
			markUser(sub, file)
		}
	}
}
