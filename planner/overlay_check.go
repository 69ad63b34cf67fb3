package planner

import (
	"fmt"
	"reflect"
	"slices"
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
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			if n.Kind != yaml.MappingNode {
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
				return
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], t.Elem(), joinPath(path, n.Content[i].Value))
			}
		case reflect.Slice:
			if n.Kind != yaml.SequenceNode {
				return
			}
			for i, c := range n.Content {
				walk(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	walk(root.Content[0], reflect.TypeOf(overlaySchema{}), "")
	ds.sort()
	return ds
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
