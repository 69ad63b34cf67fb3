package planner

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// SetField returns a copy of the scenario with one field set from text, the
// field named by its YAML path: "clusters[0].nodes", "clusters[train].nodes"
// (a list element chosen by its name), "links[dx-fra].speed_gbps",
// "storage.fsx_lustre.capacity_tib". Slices on the path are copied, so the
// input scenario is never modified. The result is not validated.
func SetField(s model.Scenario, path, value string) (model.Scenario, error) {
	segs, err := splitPath(path)
	if err != nil {
		return s, err
	}
	out := s
	if err := setPath(reflect.ValueOf(&out).Elem(), segs, value, ""); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

type pathSeg struct {
	field string // yaml key
	index string // "" or the text inside [...]
}

func splitPath(path string) ([]pathSeg, error) {
	if path == "" {
		return nil, fmt.Errorf("empty field path")
	}
	var segs []pathSeg
	for _, part := range strings.Split(path, ".") {
		seg := pathSeg{field: part}
		if i := strings.IndexByte(part, '['); i >= 0 {
			if !strings.HasSuffix(part, "]") || i == 0 {
				return nil, fmt.Errorf("bad field path %q", path)
			}
			seg.field, seg.index = part[:i], part[i+1:len(part)-1]
		}
		if seg.field == "" {
			return nil, fmt.Errorf("bad field path %q", path)
		}
		segs = append(segs, seg)
	}
	return segs, nil
}

func setPath(v reflect.Value, segs []pathSeg, value, at string) error {
	if len(segs) == 0 {
		return setScalar(v, value)
	}
	seg := segs[0]
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		} else {
			// Copy the pointee so the caller's scenario is not shared.
			cp := reflect.New(v.Type().Elem())
			cp.Elem().Set(v.Elem())
			v.Set(cp)
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("%s is not a group of fields", at)
	}
	f, ok := fieldByYAML(v, seg.field)
	if !ok {
		names := make([]string, 0)
		for name := range yamlFields(v.Type()) {
			names = append(names, name)
		}
		msg := fmt.Sprintf("unknown field %q", seg.field)
		if s := suggest(seg.field, names); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return fmt.Errorf("%s", msg)
	}
	at = joinPath(at, seg.field)
	if seg.index == "" {
		return setPath(f, segs[1:], value, at)
	}
	if f.Kind() != reflect.Slice {
		return fmt.Errorf("%s is not a list", at)
	}
	i, err := sliceIndex(f, seg.index)
	if err != nil {
		return fmt.Errorf("%s: %w", at, err)
	}
	cp := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
	reflect.Copy(cp, f)
	f.Set(cp)
	return setPath(f.Index(i), segs[1:], value, fmt.Sprintf("%s[%d]", at, i))
}

// sliceIndex resolves [2] or [name] against a slice of structs with a Name field.
func sliceIndex(s reflect.Value, idx string) (int, error) {
	if n, err := strconv.Atoi(idx); err == nil {
		if n < 0 || n >= s.Len() {
			return 0, fmt.Errorf("index %d out of range (%d items)", n, s.Len())
		}
		return n, nil
	}
	var names []string
	for i := 0; i < s.Len(); i++ {
		e := s.Index(i)
		if e.Kind() == reflect.Struct {
			if nf := e.FieldByName("Name"); nf.IsValid() && nf.Kind() == reflect.String {
				if nf.String() == idx {
					return i, nil
				}
				names = append(names, nf.String())
			}
		}
	}
	msg := fmt.Sprintf("no item named %q", idx)
	if s := suggest(idx, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return 0, fmt.Errorf("%s", msg)
}

func fieldByYAML(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

func setScalar(v reflect.Value, value string) error {
	if v.Kind() == reflect.Pointer {
		nv := reflect.New(v.Type().Elem())
		if err := setScalar(nv.Elem(), value); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(value)
	case reflect.Int:
		n, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			return fmt.Errorf("expected a whole number, got %q", value)
		}
		v.SetInt(int64(n))
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return fmt.Errorf("expected a number, got %q", value)
		}
		v.SetFloat(f)
	case reflect.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(value))
		if err != nil {
			return fmt.Errorf("expected true or false, got %q", value)
		}
		v.SetBool(b)
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("this list cannot be set from text")
		}
		var items []string
		for _, it := range strings.Split(value, ",") {
			if it = strings.TrimSpace(it); it != "" {
				items = append(items, it)
			}
		}
		v.Set(reflect.ValueOf(items))
	default:
		return fmt.Errorf("this field is a group; name one of its fields")
	}
	return nil
}
