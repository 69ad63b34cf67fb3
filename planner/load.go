package planner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
)

// Document is a parsed scenario file: the scenario plus the position of every
// field, so later checks can point at the line the user wrote.
type Document struct {
	// File is the name used in diagnostics.
	File string
	// Scenario is the decoded scenario (before defaults are applied).
	Scenario model.Scenario
	// positions maps a field path (clusters[0].nodes) to its line and column.
	positions map[string]position
	// Ranges are the numeric fields written as a range ("0.40..0.50" or
	// {low: …, typical: …, high: …}); Scenario holds their typical value.
	Ranges []FieldRange
}

// FieldRange is a number the scenario gives as a range: its low, typical
// and high values, in the field's own unit, and where it was written.
type FieldRange struct {
	Path    string  `json:"path"`
	Low     float64 `json:"low"`
	Typical float64 `json:"typical"`
	High    float64 `json:"high"`
	Line    int     `json:"line"`
}

type position struct{ line, col int }

// Position returns the line and column of a field path, falling back to the
// nearest enclosing path that has one.
func (d *Document) Position(path string) (line, col int) {
	if d == nil || d.positions == nil {
		return 0, 0
	}
	for p := path; ; {
		if pos, ok := d.positions[p]; ok {
			return pos.line, pos.col
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			return 0, 0
		}
		p = p[:i]
	}
}

// diag builds a diagnostic at a field path.
func (d *Document) diag(severity, path, format string, args ...any) Diagnostic {
	line, col := d.Position(path)
	return Diagnostic{File: d.File, Line: line, Column: col, Path: path, Message: fmt.Sprintf(format, args...), Severity: severity}
}

// LoadFile reads and parses a scenario file. The error, when not nil, is
// Diagnostics (for problems in the file) or a plain error (cannot read).
func LoadFile(path string) (*Document, error) {
	data, err := ReadScenarioFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// MaxScenarioBytes is the largest scenario file topoplan reads (8 MiB). A
// scenario within every bound of validate_bounds.go is far smaller; the
// limit stops a device (/dev/zero) or a runaway file from being read
// without end (reliability review F19).
const MaxScenarioBytes = 8 << 20

// ReadScenarioFile reads a scenario file: a regular file (symlinks
// followed) of at most MaxScenarioBytes. A FIFO, device or directory is
// refused before it is opened, so nothing blocks or reads for ever.
func ReadScenarioFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Op = "open" // the message users know: "open FILE: no such file or directory"
		}
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("read scenario %s: not a regular file (%s); give a YAML file", path, fileKind(st.Mode()))
	}
	if st.Size() > MaxScenarioBytes {
		return nil, fmt.Errorf("read scenario %s: %d bytes is above the %d MiB limit for a scenario file", path, st.Size(), MaxScenarioBytes>>20)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxScenarioBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read scenario %s: %w", path, err)
	}
	if len(data) > MaxScenarioBytes {
		return nil, fmt.Errorf("read scenario %s: more than the %d MiB limit for a scenario file", path, MaxScenarioBytes>>20)
	}
	return data, nil
}

// fileKind names a non-regular file mode.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// Parse parses scenario YAML. Structural problems (syntax, unknown fields,
// wrong value types) come back as Diagnostics, every one at once.
func Parse(file string, data []byte) (*Document, error) {
	doc := &Document{File: file, positions: map[string]position{}}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		return nil, Diagnostics{locate(syntaxDiagnostic(file, err), data)}
	}
	if root.Kind == 0 || len(root.Content) == 0 || root.Content[0].Tag == "!!null" {
		return nil, Diagnostics{{File: file, Line: 1, Column: 1, Message: "empty scenario file", Severity: SeverityError}}
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		// Documents after the first were ignored silently (F18).
		return nil, Diagnostics{{File: file, Line: max(second.Line, 1), Column: 1, Severity: SeverityError,
			Message: "a scenario file holds one YAML document; a second one starts here (remove the --- line or split the file)"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, Diagnostics{locate(syntaxDiagnostic(file, err), data)}
	}
	top := root.Content[0]
	var diags Diagnostics
	budget := maxNodes
	w := walker{doc: doc, diags: &diags, budget: &budget}
	w.walk(top, reflect.TypeOf(model.Scenario{}), "")
	if len(diags) > 0 {
		diags.sort()
		return nil, diags
	}
	if err := top.Decode(&doc.Scenario); err != nil {
		// The walker checks kinds first, so this is rare; report it with its line.
		return nil, Diagnostics{syntaxDiagnostic(file, err)}
	}
	return doc, nil
}

// locate gives a syntax error without a line (control characters,
// invalid UTF-8, an unknown alias) the position of its cause (F18), and moves
// one with a line to the line the user must fix (see fixLine).
func locate(d Diagnostic, data []byte) Diagnostic {
	if d.Line > 0 {
		return fixLine(d, data)
	}
	at := -1
	switch {
	case strings.Contains(d.Message, "control characters"):
		at = bytes.IndexFunc(data, func(r rune) bool {
			return r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r == 0x7f || r == 0xfffe || r == 0xffff)
		})
	case strings.Contains(d.Message, "UTF-8"):
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				at = i
				break
			}
			i += n
		}
	case strings.HasPrefix(d.Message, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(d.Message, "unknown anchor '"), "' referenced")
		at = bytes.Index(data, []byte("*"+name))
	}
	if at < 0 {
		d.Line, d.Column = 1, 1
		return d
	}
	d.Line = bytes.Count(data[:at], []byte("\n")) + 1
	d.Column = at - (bytes.LastIndexByte(data[:at], '\n') + 1) + 1
	return d
}

// maxRelocateBytes bounds the prefix fixLine re-parses (each try parses the
// file from its start up to the candidate line; a bisection makes about
// log2(maxRelocateLines) = 9 tries).
const maxRelocateBytes = 8 << 20

// maxRelocateLines bounds how many lines after yaml.v3's line fixLine tries.
const maxRelocateLines = 400

// fixLine moves a syntax error to the line the user must fix. yaml.v3 names
// the line where the enclosing construct began (its context mark), counted
// from 0 for parser errors: a mis-indented key or an unclosed flow list was
// reported on the line before the list or mapping that holds it, i.e. "one
// line early" or more (F18). The first line at which a prefix of the file
// fails with the same problem is the line that breaks it; when no prefix
// fails the same way within the bounds, the construct's own first line is
// given. The search bisects, assuming a prefix that stops before the
// mistake parses; when it does not (a prefix cut inside a multi-line
// quoted value), the failing prefix's message differs and the search
// result is discarded.
func fixLine(d Diagnostic, data []byte) Diagnostic {
	lines := bytes.SplitAfter(data, []byte("\n"))
	first := d.Line
	if first < 1 {
		first = 1
	}
	// offsets[n] is the byte length of the file's first n lines.
	offsets := make([]int, len(lines)+1)
	for i, l := range lines {
		offsets[i+1] = offsets[i] + len(l)
	}
	fails := func(n int) bool {
		var probe yaml.Node
		err := yaml.NewDecoder(bytes.NewReader(data[:offsets[n]])).Decode(&probe)
		return err != nil && !errors.Is(err, io.EOF)
	}
	// The smallest failing prefix, by bisection over the lines after
	// yaml.v3's line (a prefix that ends before the mistake parses).
	lo, hi := first, min(len(lines), first+maxRelocateLines)
	found := 0
	if lo <= hi && offsets[hi] <= maxRelocateBytes && fails(hi) {
		for lo < hi {
			mid := (lo + hi) / 2
			if fails(mid) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		var probe yaml.Node
		err := yaml.NewDecoder(bytes.NewReader(data[:offsets[lo]])).Decode(&probe)
		if err != nil && syntaxDiagnostic(d.File, err).Message == d.Message {
			found = lo
		}
	}
	if found == 0 && strings.HasPrefix(d.Message, "did not find expected") && !strings.Contains(d.Message, "whitespace") {
		// A parser error's line counts from 0: give at least the
		// enclosing construct's own first line.
		d.Line++
	}
	if hint := syntaxHints[d.Message]; hint != "" {
		d.Message += " (" + hint + ")"
	}
	if found == 0 {
		return d
	}
	d.Line = found
	line := lines[found-1]
	d.Column = 1
	if q := bytes.IndexAny(line, "\"'"); q >= 0 && strings.HasPrefix(d.Message, "found unexpected end of stream") {
		d.Column = utf8.RuneCount(line[:q]) + 1
	} else if strings.Contains(d.Message, "tab character") {
		if i := bytes.IndexByte(line, '\t'); i >= 0 {
			d.Column = utf8.RuneCount(line[:i]) + 1
		}
	} else if i := bytes.IndexFunc(line, func(r rune) bool { return r != ' ' && r != '\t' }); i >= 0 {
		d.Column = utf8.RuneCount(line[:i]) + 1
	}
	return d
}

// syntaxHints explains yaml.v3's terse syntax messages in the user's terms.
var syntaxHints = map[string]string{
	"found unexpected end of stream":                  "a quoted value is not closed before the end of the file",
	"did not find expected ',' or ']'":                "a [ … ] list is not closed with ]",
	"did not find expected ',' or '}'":                "a { … } mapping is not closed with }",
	"did not find expected '-' indicator":             "this line is not indented like the list items above it",
	"did not find expected key":                       "this line is not indented like the fields above it",
	"found a tab character that violates indentation": "indent with spaces, not tabs",
	"found character that cannot start any token":     "a tab or a reserved character (@, `) starts this value; indent with spaces and quote the value",
	"could not find expected ':'":                     "a field name without ':' after it",
	"mapping values are not allowed in this context":  "a second ':' on this line; quote the value",
}

var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+)(?::(\d+))?: (.*)`) })

func syntaxDiagnostic(file string, err error) Diagnostic {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	d := Diagnostic{File: file, Message: msg, Severity: SeverityError}
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
		d.Column = 1
		if m[2] != "" {
			d.Column, _ = strconv.Atoi(m[2])
		}
		d.Message = m[3]
	}
	return d
}

// walker checks a YAML node tree against a Go type: unknown fields (with a
// suggestion), wrong kinds, duplicate keys; and records every field's position.
type walker struct {
	doc    *Document
	diags  *Diagnostics
	depth  int
	budget *int
}

// maxDepth bounds nesting; maxNodes bounds the nodes visited, so a document
// that multiplies itself through aliases ("billion laughs") is refused
// instead of walked for ever.
const (
	maxDepth = 64
	maxNodes = 200000
)

func (w walker) add(n *yaml.Node, path, format string, args ...any) {
	*w.diags = append(*w.diags, Diagnostic{File: w.doc.File, Line: n.Line, Column: n.Column, Path: path, Message: fmt.Sprintf(format, args...), Severity: SeverityError})
}

func (w walker) walk(n *yaml.Node, t reflect.Type, path string) {
	if w.depth > maxDepth {
		w.add(n, path, "nesting too deep")
		return
	}
	if *w.budget--; *w.budget == 0 {
		w.add(n, path, "document too large or contains excessive aliasing")
	}
	if *w.budget < 0 {
		return
	}
	w.depth++
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return
		}
		n = n.Alias
	}
	if path != "" {
		if _, ok := w.doc.positions[path]; !ok {
			w.doc.positions[path] = position{n.Line, n.Column}
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.add(n, path, "expected a mapping of fields, got %s", describe(n))
			return
		}
		fields := yamlFields(t)
		seen := make(map[string]bool, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				w.add(k, path, "complex keys (? [a, b]: …) are not supported; keys are field names")
				continue
			}
			if k.Value == "<<" {
				w.add(k, path, "merge keys (<<) are not supported")
				continue
			}
			sub := joinPath(path, k.Value)
			f, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown field %q", k.Value)
				if s := suggest(k.Value, slices.Sorted(maps.Keys(fields))); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				w.add(k, sub, "%s", msg)
				continue
			}
			if seen[k.Value] {
				w.add(k, sub, "field %q given twice", k.Value)
				continue
			}
			seen[k.Value] = true
			// Point at a scalar or inline value itself; at the key for a block.
			pos := position{k.Line, k.Column}
			if v.Kind == yaml.ScalarNode || v.Style&yaml.FlowStyle != 0 {
				pos = position{v.Line, v.Column}
			}
			w.doc.positions[sub] = pos
			w.walk(v, f, sub)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.add(n, path, "expected a list, got %s", describe(n))
			return
		}
		for i, item := range n.Content {
			if item.Kind == yaml.ScalarNode && item.Tag == "!!null" {
				// "- ~" or a bare "-" would be dropped silently (F18).
				w.add(item, fmt.Sprintf("%s[%d]", path, i), "empty list item (~ or nothing after -); remove it or give a value")
				continue
			}
			w.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.add(n, path, "expected a mapping, got %s", describe(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			w.walk(n.Content[i+1], t.Elem(), joinPath(path, n.Content[i].Value))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			w.add(n, path, "expected a text value, got %s", describe(n))
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			w.add(n, path, "expected true or false, got %s", describe(n))
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
			if _, err := strconv.ParseInt(n.Value, 0, 64); err != nil && isNumber(n.Value) {
				w.add(n, path, "%s is out of range for a whole number (at most 9223372036854775807; see the field's limit in docs/scenario.md)", n.Value)
				break
			}
		}
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			w.add(n, path, "expected a whole number, got %s", describe(n))
		}
	case reflect.Float64, reflect.Float32:
		if w.rangeField(n, path) {
			return
		}
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style == 0 && isNumber(n.Value) {
			w.add(n, path, "%s is out of range for a number (float64 reaches about 1.8e308)", n.Value)
		} else if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			w.add(n, path, "expected a number, got %s", describe(n))
		} else if strings.Contains(strings.ToLower(n.Value), "nan") || strings.Contains(strings.ToLower(n.Value), "inf") {
			w.add(n, path, "expected a finite number, got %s", n.Value)
		}
	}
}

var rangeRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*\.\.\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)\s*$`)
})

// rangeField reads a number written as a range, "low..high" (typical = the
// midpoint) or {low: L, typical: T, high: H} (typical optional: the
// midpoint), records it in the document and rewrites the node to its
// typical value so the scenario decodes as usual. It returns false when the
// node is not a range.
func (w walker) rangeField(n *yaml.Node, path string) bool {
	var lo, ty, hi float64
	var err error
	switch {
	case n.Kind == yaml.ScalarNode && rangeRE().MatchString(n.Value):
		m := rangeRE().FindStringSubmatch(n.Value)
		var e1, e2 error
		lo, e1 = strconv.ParseFloat(m[1], 64)
		hi, e2 = strconv.ParseFloat(m[2], 64)
		if e1 != nil || e2 != nil {
			w.add(n, path, "expected a range low..high, got %q", n.Value)
			return true
		}
		ty = (lo + hi) / 2
	case n.Kind == yaml.MappingNode:
		got := map[string]float64{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if k != "low" && k != "typical" && k != "high" {
				w.add(n.Content[i], path, "a range has low, typical and high, not %q", k)
				return true
			}
			if got[k], err = strconv.ParseFloat(v.Value, 64); err != nil || v.Kind != yaml.ScalarNode {
				w.add(v, path+"."+k, "expected a number, got %s", describe(v))
				return true
			}
		}
		var okL, okH, okT bool
		lo, okL = got["low"]
		hi, okH = got["high"]
		ty, okT = got["typical"]
		if !okL || !okH {
			w.add(n, path, "a range needs low and high (typical is optional: the midpoint)")
			return true
		}
		if !okT {
			ty = (lo + hi) / 2
		}
	default:
		return false
	}
	for _, v := range []float64{lo, ty, hi} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			w.add(n, path, "a range needs finite numbers")
			return true
		}
	}
	if !(lo <= ty && ty <= hi) {
		w.add(n, path, "a range needs low ≤ typical ≤ high (got %g, %g, %g)", lo, ty, hi)
		return true
	}
	w.doc.Ranges = append(w.doc.Ranges, FieldRange{Path: path, Low: lo, Typical: ty, High: hi, Line: n.Line})
	*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(ty, 'g', -1, 64), Line: n.Line, Column: n.Column}
	return true
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		switch {
		case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			// efa: "true" (F18): the quotes make it text.
			return fmt.Sprintf("the quoted text %q (write it without quotes)", v)
		case n.Tag == "!!str" && strings.HasPrefix(n.LongTag(), "tag:yaml.org,2002:str") && n.Style&yaml.TaggedStyle != 0:
			return fmt.Sprintf("%q tagged !!str (remove the tag)", v)
		}
		return fmt.Sprintf("%q", v)
	}
	return "an unexpected value"
}

// isNumber reports text that reads as a decimal or hexadecimal number
// (but not one a float64 or int64 holds, when the YAML resolver left it a
// string or a float).
var numberRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F_]+)$`)
})

func isNumber(s string) bool { return numberRE().MatchString(s) }

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldsByType caches yamlFields per struct type (reflect.Type → map).
var fieldsByType sync.Map

// yamlFields maps YAML keys to field types for a struct type. The map is
// shared: callers must not change it.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldsByType.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	out := make(map[string]reflect.Type, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	m, _ := fieldsByType.LoadOrStore(t, out)
	return m.(map[string]reflect.Type)
}
