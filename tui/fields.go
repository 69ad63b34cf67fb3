package tui

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// Editor groups, in display order.
const (
	groupCluster  = "Cluster"
	groupTraining = "Training"
	groupStorage  = "Storage"
	groupSites    = "Sites & links"
	groupNetwork  = "Network"
	groupTraffic  = "Traffic"
	groupScenario = "Scenario"
)

var groupOrder = []string{groupCluster, groupTraining, groupStorage, groupSites, groupNetwork, groupTraffic, groupScenario}

// groupOf maps a top-level scenario key to its editor group.
func groupOf(top string) string {
	switch top {
	case "clusters":
		return groupCluster
	case "workloads":
		return groupTraining
	case "storage":
		return groupStorage
	case "sites", "links":
		return groupSites
	case "aws":
		return groupNetwork
	case "traffic":
		return groupTraffic
	}
	return groupScenario
}

// field is one editable scenario input, addressed by its YAML field path
// (clusters[0].nodes) and by the reflect steps that reach it.
type field struct {
	Group string
	// Path is the field path used in diagnostics and the file.
	Path string
	// Label is Path with each list index replaced by the element's name
	// where it has one (clusters[train].nodes), as --param accepts it.
	Label string
	// Owner names the list element the field belongs to ("train"), or "".
	Owner string
	// Name is the YAML key ("nodes").
	Name string
	// Absent marks a nil optional section (storage.fsx_lustre) that enter creates.
	Absent bool
	steps  []int // struct field index, or slice index, alternately as the type dictates
	// elem is the number of steps that reach the innermost list element the
	// field belongs to (0: none), elemPath its path ("clusters[0]").
	elem     int
	elemPath string
	// Doc is the field's description from the scenario schema (units, allowed values).
	Doc string
}

// defaultWhenZero are numeric fields whose zero means "use the documented
// default" rather than zero.
var defaultWhenZero = map[string]bool{
	"count": true, "tunnels": true, "hours_per_month": true, "pods_per_node": true,
	"data_parallel": true, "tensor_parallel": true, "pipeline_parallel": true,
	"global_batch_tokens": true, "mfu": true, "flops_per_token_per_param": true,
	"bytes_per_token": true, "checkpoint_bytes_per_param": true, "throughput_mbps_per_tib": true,
}

// scenarioFields lists every editable input of s, grouped in display order.
func scenarioFields(s *model.Scenario) []field {
	var out []field
	collect(reflect.ValueOf(s).Elem(), "", "", "", "", nil, &out)
	if !hasOnPremCluster(s) {
		// The placement fields mean nothing without an on-prem cluster to
		// place on: keep them out of the editor until a site has one.
		out = slices.DeleteFunc(out, func(f field) bool { return placementFields[f.Name] })
	}
	slices.SortStableFunc(out, func(a, b field) int {
		return slices.Index(groupOrder, a.Group) - slices.Index(groupOrder, b.Group)
	})
	return out
}

// placementFields are the training job's placement fields.
var placementFields = map[string]bool{"placement": true, "onprem_cluster": true, "split_by": true, "split_onprem": true}

func hasOnPremCluster(s *model.Scenario) bool {
	for _, site := range s.Sites {
		if len(site.Clusters) > 0 {
			return true
		}
	}
	return false
}

func collect(v reflect.Value, path, label, owner, prefix string, steps []int, out *[]field) {
	elem, elemPath := 0, ""
	if strings.HasSuffix(path, "]") {
		elem, elemPath = len(steps), path
	}
	collectIn(v, path, label, owner, prefix, steps, elem, elemPath, out)
}

func collectIn(v reflect.Value, path, label, owner, prefix string, steps []int, elem int, elemPath string, out *[]field) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		p, l := name, name
		if path != "" {
			p, l = path+"."+name, label+"."+name
		}
		st := append(slices.Clone(steps), i)
		fv := v.Field(i)
		top, _, _ := strings.Cut(p, ".")
		top, _, _ = strings.Cut(top, "[")
		leaf := field{Group: groupOf(top), Path: p, Label: l, Owner: owner, Name: prefix + name, steps: st, elem: elem, elemPath: elemPath, Doc: schemaDoc(t.Field(i).Tag.Get("jsonschema"))}
		switch {
		case isLeaf(fv.Type()):
			*out = append(*out, leaf)
		case fv.Kind() == reflect.Struct && path == "":
			// aws, traffic, storage, workloads: sections, not owners.
			collectIn(fv, p, l, owner, "", st, elem, elemPath, out)
		case fv.Kind() == reflect.Struct:
			collectIn(fv, p, l, owner, prefix+name+".", st, elem, elemPath, out)
		case fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct:
			if fv.IsNil() {
				leaf.Absent = true
				*out = append(*out, leaf)
				continue
			}
			collectIn(fv.Elem(), p, l, joinOwner(owner, name), "", st, elem, elemPath, out)
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				el := fv.Index(j)
				o := fmt.Sprintf("%s[%d]", name, j)
				elLabel := fmt.Sprintf("%s[%d]", l, j)
				if n := el.FieldByName("Name"); n.IsValid() && n.String() != "" {
					o = n.String()
					elLabel = l + "[" + n.String() + "]"
				}
				collect(el, fmt.Sprintf("%s[%d]", p, j), elLabel, joinOwner(owner, o), "", append(slices.Clone(st), j), out)
			}
		}
	}
}

func joinOwner(owner, name string) string {
	if owner == "" {
		return name
	}
	return owner + " › " + name
}

func isLeaf(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Int, reflect.Float64, reflect.Bool:
		return true
	case reflect.Pointer:
		k := t.Elem().Kind()
		return k == reflect.Bool || k == reflect.Float64 || k == reflect.Int
	case reflect.Slice:
		return t.Elem().Kind() == reflect.String
	}
	return false
}

// resolve walks steps from the scenario to the field's addressable value.
func resolve(s *model.Scenario, steps []int) reflect.Value {
	v := reflect.ValueOf(s).Elem()
	for i := 0; i < len(steps); i++ {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			v = v.Field(steps[i])
		case reflect.Slice:
			if steps[i] >= v.Len() {
				return reflect.Value{}
			}
			v = v.Index(steps[i])
		}
	}
	return v
}

// Value formats the field's current value; ok is false when it is unset
// (the evaluation then uses the documented default, "default", or the
// layout search picks it, "searched"). A nil pointer is unset; a pointer
// to zero (zero_stage: 0) is set.
func (f field) Value(s *model.Scenario) (text string, set bool) {
	if f.Absent {
		return "none", false
	}
	v := resolve(s, f.steps)
	if !v.IsValid() {
		return "", false
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return f.placeholder(), false
		}
		return formatScalar(v.Elem()), true
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = v.Index(i).String()
		}
		return strings.Join(parts, ", "), v.Len() > 0
	}
	if v.IsZero() {
		if v.Kind() == reflect.String || f.zeroIsUnset() {
			return f.placeholder(), false
		}
		return formatScalar(v), false
	}
	return formatScalar(v), true
}

func formatScalar(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float64:
		return formatFloat(v.Float())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	return fmt.Sprint(v.Interface())
}

// Set parses text into the field of s. An empty text (or the placeholder
// word: default, searched) clears an optional field back to unset.
func (f field) Set(s *model.Scenario, text string) error {
	if f.Absent {
		return f.create(s)
	}
	v := resolve(s, f.steps)
	if !v.IsValid() {
		return fmt.Errorf("%s: no longer exists", f.Path)
	}
	text = strings.TrimSpace(text)
	target := v
	if v.Kind() == reflect.Pointer {
		if text == "" || isPlaceholder(text) {
			v.SetZero()
			return nil
		}
		target = reflect.New(v.Type().Elem()).Elem()
	}
	switch target.Kind() {
	case reflect.String:
		if text == unsetSearched && f.placeholder() == unsetSearched {
			text = ""
		}
		target.SetString(text)
	case reflect.Int:
		if text == "" || (isPlaceholder(text) && f.zeroIsUnset()) {
			target.SetInt(0)
			break
		}
		n, err := strconv.Atoi(text)
		if err != nil {
			return fmt.Errorf("expected a whole number, got %q", text)
		}
		target.SetInt(int64(n))
	case reflect.Float64:
		if text == "" || (isPlaceholder(text) && f.zeroIsUnset()) {
			target.SetFloat(0)
			break
		}
		x, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("expected a number, got %q", text)
		}
		target.SetFloat(x)
	case reflect.Bool:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return fmt.Errorf("expected true or false, got %q", text)
		}
		target.SetBool(b)
	case reflect.Slice:
		var items []string
		for _, p := range strings.Split(text, ",") {
			if p = strings.TrimSpace(p); p != "" {
				items = append(items, p)
			}
		}
		target.Set(reflect.ValueOf(items))
	}
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(target)
		v.Set(p)
	}
	return nil
}

// create adds an absent optional section with sensible starting values.
func (f field) create(s *model.Scenario) error {
	switch f.Path {
	case "storage.fsx_lustre":
		s.Storage.FSxLustre = &model.FSxLustre{DeploymentType: model.FSxPersistent2, CapacityTiB: 4.8, ThroughputMBpsPerTiB: 250}
	case "storage.s3":
		s.Storage.S3 = &model.S3{SizeTB: 100}
	default:
		return fmt.Errorf("%s cannot be added here; add it to the file", f.Path)
	}
	return nil
}

// Choices returns the fixed list of values the field steps through, if it
// has one (instance types, port speeds, enums).
func (f field) Choices(s *model.Scenario, cat *model.Catalog) []string {
	if ch := f.trainingChoices(s, cat); ch != nil {
		return ch
	}
	switch f.Name {
	case "instance_type":
		return planner.InstanceTypes(cat)
	case "region":
		rs := planner.SortedKeys(cat.Regions)
		if strings.HasPrefix(f.Path, "clusters") {
			return append([]string{""}, rs...)
		}
		return rs
	case "type":
		if strings.HasPrefix(f.Path, "links") {
			return []string{model.LinkDXDedicated, model.LinkDXHosted, model.LinkVPN}
		}
	case "orchestrator":
		return []string{"", model.OrchestratorNone, model.OrchestratorSlurm, model.OrchestratorEKS, model.OrchestratorHyperPod}
	case "option":
		return []string{"", model.PurchaseOnDemand, model.PurchaseCapacityBlock, model.PurchaseSavingsPlan, model.PurchaseReserved}
	case "precision":
		if strings.Contains(f.Path, "inference") {
			break // the serving precisions, from the schema's enum
		}
		return []string{"", "bf16", "fp16", "fp8", "fp32"}
	case "city":
		return append([]string{""}, planner.SortedKeys(cat.Cities)...)
	case "residency":
		return append([]string{"", planner.ResidencyOnPrem}, planner.SortedKeys(cat.Regions)...)
	case "allreduce":
		return []string{"", model.AlgorithmAuto, model.AlgorithmRing, model.AlgorithmTree, model.AlgorithmNVLS, model.AlgorithmNVLSTree, model.AlgorithmHierarchical}
	case "efa_interface_type":
		return []string{"", "efa", "efa-only"}
	case "storage_type":
		return []string{"", "SSD", "HDD"}
	case "deployment_type":
		return []string{model.FSxScratch2, model.FSxPersistent1, model.FSxPersistent2}
	case "az":
		return append([]string{""}, s.AWS.AvailabilityZones...)
	case "speed_gbps":
		if l := f.link(s); l != nil {
			switch l.Type {
			case model.LinkDXDedicated:
				return floatChoices(planner.DedicatedDXSpeedsGbps)
			case model.LinkDXHosted:
				return floatChoices(planner.HostedDXSpeedsGbps)
			}
		}
	case "throughput_mbps_per_tib":
		if fs := s.Storage.FSxLustre; fs != nil {
			key := fs.DeploymentType
			if fs.StorageType == "HDD" {
				key += "/HDD"
			}
			return floatChoices(planner.FSxThroughputTiers[key])
		}
	}
	return tagEnums(f.steps)
}

// tagEnums is the enum list the scenario schema gives the field (its
// jsonschema enum= values: vif, placement, split_by, fabric, model_source,
// front_door…), led by "" (unset, the documented default) when the field
// may be left out; nil when the field has no enum.
func tagEnums(steps []int) []string {
	t := reflect.TypeOf(model.Scenario{})
	var sf reflect.StructField
	for _, st := range steps {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			if st >= t.NumField() {
				return nil
			}
			sf = t.Field(st)
			t = sf.Type
		case reflect.Slice:
			t = t.Elem()
		default:
			return nil
		}
	}
	var out []string
	for _, part := range strings.Split(sf.Tag.Get("jsonschema"), ",") {
		if v, ok := strings.CutPrefix(part, "enum="); ok {
			out = append(out, v)
		}
	}
	if len(out) > 0 && strings.Contains(sf.Tag.Get("yaml"), "omitempty") {
		out = append([]string{""}, out...)
	}
	return out
}

func (f field) link(s *model.Scenario) *model.Link {
	if len(f.steps) < 2 || !strings.HasPrefix(f.Path, "links[") || f.steps[1] >= len(s.Links) {
		return nil
	}
	return &s.Links[f.steps[1]]
}

func floatChoices(fs []float64) []string {
	out := make([]string, len(fs))
	for i, x := range fs {
		out[i] = formatFloat(x)
	}
	return out
}

// Step moves the field's value dir (+1 or -1) through sensible values: the
// field's choices (for a training layout: its legal values, unset =
// searched first), doubling/halving for node counts and parallel degrees,
// a model shape from the value in effect (stepShape), toggling for
// booleans, a 1-2-5 series for sizes.
func (f field) Step(s *model.Scenario, cat *model.Catalog, dir int) error {
	if f.Absent {
		return f.create(s)
	}
	if f.stepShape(s, dir) {
		return nil
	}
	cur, set := f.Value(s)
	if !set {
		cur = ""
	}
	if ch := f.Choices(s, cat); len(ch) > 0 {
		i := slices.Index(ch, cur)
		switch {
		case i < 0 && dir > 0:
			i = 0
		case i < 0:
			i = len(ch) - 1
		default:
			i = min(max(i+dir, 0), len(ch)-1)
		}
		return f.Set(s, ch[i])
	}
	if f.Path == "storage.fsx_lustre.capacity_tib" && s.Storage.FSxLustre != nil {
		return f.Set(s, formatFloat(stepFSxCapacity(*s.Storage.FSxLustre, cat, dir)))
	}
	v := resolve(s, f.steps)
	if !v.IsValid() {
		return fmt.Errorf("%s: no longer exists", f.Path)
	}
	kind := v.Kind()
	if kind == reflect.Pointer {
		kind = v.Type().Elem().Kind()
	}
	switch kind {
	case reflect.Bool:
		b := cur == "true"
		return f.Set(s, strconv.FormatBool(!b))
	case reflect.Int:
		n, _ := strconv.Atoi(cur)
		// A step stops at the field's bound (F2: → held on two parallel
		// degrees wrapped their product).
		next := stepInt(f.Name, min(n, math.MaxInt/2), dir)
		if b := planner.BoundOf(f.Path, true); float64(next) > b.Max {
			if float64(n) >= b.Max {
				return fmt.Errorf("%s is at its limit of %.0f (%s)", f.Name, b.Max, b.Why)
			}
			next = int(b.Max)
		}
		return f.Set(s, strconv.Itoa(next))
	case reflect.Float64:
		x, _ := strconv.ParseFloat(cur, 64)
		next := stepFloat(f.Name, x, dir)
		if b := planner.BoundOf(f.Path, false); next > b.Max {
			if x >= b.Max {
				return fmt.Errorf("%s is at its limit of %g (%s)", f.Name, b.Max, b.Why)
			}
			next = b.Max
		}
		return f.Set(s, formatFloat(next))
	}
	return fmt.Errorf("type a value for %s (enter)", f.Name)
}

// stepInt doubles or halves counts that scale (nodes, parallel degrees,
// pods) and moves other counts by one.
func stepInt(name string, n, dir int) int {
	switch name {
	case "nodes", "tensor_parallel", "pipeline_parallel", "data_parallel", "pods_per_node", "count", "tunnels":
		if name == "count" || name == "tunnels" {
			if n == 0 {
				n = 1
			}
			return max(n+dir, 1)
		}
		if dir > 0 {
			if n < 1 {
				return 1
			}
			return n * 2
		}
		if n <= 1 {
			if name == "data_parallel" {
				return 0 // searched
			}
			return 1
		}
		return n / 2
	}
	return max(n+dir, 0)
}

// stepFloat steps fractions by 0.05, percentages by 5, hours by a tenth of a
// month, and anything else through 1-2-5 × 10^k.
func stepFloat(name string, x float64, dir int) float64 {
	switch name {
	case "mfu", "overlap_fraction":
		return math.Round(min(max(x+0.05*float64(dir), 0), 1)*100) / 100
	case "target_utilisation", "fabric_efficiency":
		return math.Round(min(max(x+0.05*float64(dir), 0), 1)*100) / 100
	case "discount_pct":
		return min(max(x+5*float64(dir), 0), 100)
	case "lat":
		// 0.1° of latitude is about 11 km.
		return math.Round(min(max(x+0.1*float64(dir), -90), 90)*10) / 10
	case "lon":
		return math.Round(min(max(x+0.1*float64(dir), -180), 180)*10) / 10
	case "tcp_window_mib":
		// Socket buffers are set in powers of two: 4 → 8 → 16 MiB.
		if x <= 0 {
			x = 4 // the catalog's tcp_window_default_mib, the value in effect
		}
		if dir > 0 {
			return math.Pow(2, math.Floor(math.Log2(x)+1e-9)+1)
		}
		return max(math.Pow(2, math.Ceil(math.Log2(x)-1e-9)-1), 0.0625)
	case "hours_per_month":
		if x == 0 {
			x = model.HoursPerMonth
		}
		return min(max(x+73*float64(dir), 0), 744)
	}
	return series125(x, dir)
}

// series125 returns the next (dir > 0) or previous value of the 1-2-5 series
// (…, 0.5, 1, 2, 5, 10, 20, …) from x; below 0.01 it reaches 0.
func series125(x float64, dir int) float64 {
	const lo = 0.01
	if dir > 0 {
		if x < lo {
			return lo
		}
		for v := lo; ; {
			for _, m := range []float64{1, 2, 5} {
				c := roundSig(v * m)
				if c > x*(1+1e-9) {
					return c
				}
			}
			v *= 10
		}
	}
	if x <= lo {
		return 0
	}
	prev := 0.0
	for v := lo; ; {
		for _, m := range []float64{1, 2, 5} {
			c := roundSig(v * m)
			if c >= x*(1-1e-9) {
				return prev
			}
			prev = c
		}
		v *= 10
	}
}

func roundSig(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return v
}

// ListItem names the list element the field belongs to ("clusters[0]"), or "".
func (f field) ListItem() string { return f.elemPath }

// Duplicate copies the list element the field belongs to and inserts the
// copy after it, named "<name>-2" (or the next free suffix); it returns the
// copy's path.
func (f field) Duplicate(s *model.Scenario) (string, error) {
	list, idx, err := f.list(s)
	if err != nil {
		return "", err
	}
	cp := reflect.New(list.Type().Elem()).Elem()
	deepCopy(cp, list.Index(idx))
	if n := cp.FieldByName("Name"); n.IsValid() && n.Kind() == reflect.String {
		taken := map[string]bool{}
		for i := 0; i < list.Len(); i++ {
			taken[list.Index(i).FieldByName("Name").String()] = true
		}
		for k := 2; ; k++ {
			name := fmt.Sprintf("%s-%d", n.String(), k)
			if !taken[name] {
				n.SetString(name)
				break
			}
		}
	}
	grown := reflect.MakeSlice(list.Type(), 0, list.Len()+1)
	grown = reflect.AppendSlice(grown, list.Slice(0, idx+1))
	grown = reflect.Append(grown, cp)
	grown = reflect.AppendSlice(grown, list.Slice(idx+1, list.Len()))
	list.Set(grown)
	open := strings.LastIndex(f.elemPath, "[")
	return fmt.Sprintf("%s[%d]", f.elemPath[:open], idx+1), nil
}

// Remove deletes the list element the field belongs to.
func (f field) Remove(s *model.Scenario) error {
	list, idx, err := f.list(s)
	if err != nil {
		return err
	}
	shrunk := reflect.MakeSlice(list.Type(), 0, list.Len()-1)
	shrunk = reflect.AppendSlice(shrunk, list.Slice(0, idx))
	shrunk = reflect.AppendSlice(shrunk, list.Slice(idx+1, list.Len()))
	if shrunk.Len() == 0 {
		shrunk = reflect.Zero(list.Type())
	}
	list.Set(shrunk)
	return nil
}

// list resolves the slice holding the field's list element and its index.
func (f field) list(s *model.Scenario) (reflect.Value, int, error) {
	if f.elem == 0 {
		return reflect.Value{}, 0, fmt.Errorf("%s is not part of a list", f.Path)
	}
	list := resolve(s, f.steps[:f.elem-1])
	idx := f.steps[f.elem-1]
	if !list.IsValid() || list.Kind() != reflect.Slice || idx >= list.Len() {
		return reflect.Value{}, 0, fmt.Errorf("%s no longer exists", f.elemPath)
	}
	return list, idx, nil
}

// schemaDoc extracts the description from a jsonschema struct tag.
func schemaDoc(tag string) string {
	for _, part := range strings.Split(tag, ",") {
		if d, ok := strings.CutPrefix(part, "description="); ok {
			return d
		}
	}
	return ""
}

// formatFloat writes a number as a person would type it: 4194304, 0.05,
// falling back to exponent form only for extreme magnitudes.
func formatFloat(x float64) string {
	if a := math.Abs(x); a != 0 && (a >= 1e15 || a < 1e-6) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// fsxEFAMinTiB is the catalog's smallest EFA-enabled PERSISTENT_2 size, with
// the planner's fallback when the catalog lacks it.
func fsxEFAMinTiB(cat *model.Catalog) float64 {
	if cat != nil {
		if k, ok := cat.Constants["fsx_persistent2_efa_min_tib"]; ok && k.Value > 0 {
			return k.Value
		}
	}
	return 4.6875
}

// stepFSxCapacity doubles (dir > 0) or halves an FSx for Lustre capacity
// along the sizes its deployment type allows (model.FSxSizingFor, the rules
// the planner checks): 48 → 96 → 192 TiB for SSD, multiples of 6 TiB for
// HDD, of the tier's increment with EFA; never below the minimum.
func stepFSxCapacity(f model.FSxLustre, cat *model.Catalog, dir int) float64 {
	z := model.FSxSizingFor(f, fsxEFAMinTiB(cat)*1024)
	x := f.CapacityTiB
	clean := func(v float64) float64 { return math.Round(v*1e6) / 1e6 }
	if dir > 0 {
		next := z.RoundUp(2 * x)
		if next <= x+1e-9 { // x at or below zero
			next = z.MinTiB
		}
		return clean(next)
	}
	half := math.Floor(x/2/z.IncrementTiB+1e-9) * z.IncrementTiB
	if half < z.MinTiB-1e-9 {
		half = z.MinTiB
		for _, s := range z.FirstSizesTiB {
			if s <= x/2+1e-9 {
				half = max(half, s)
			}
		}
	}
	return clean(half)
}
