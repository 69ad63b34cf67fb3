package planner

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// baseScenario is testdata/scenarios/finetune-vpn.yaml, the file every
// reproduction of the reliability review (2026-12-01) mutates.
func baseScenario(t testing.TB) model.Scenario {
	t.Helper()
	data, err := os.ReadFile("../testdata/scenarios/finetune-vpn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("finetune-vpn.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Scenario
}

// nonFinite lists the paths of every NaN or ±Inf float in v.
func nonFinite(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			nonFinite(v.Elem(), path, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				nonFinite(v.Field(i), path+"."+v.Type().Field(i).Name, out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			nonFinite(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			nonFinite(it.Value(), fmt.Sprintf("%s[%v]", path, it.Key()), out)
		}
	case reflect.Float64, reflect.Float32:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			*out = append(*out, path)
		}
	}
}

// checkFinite evaluates s when it validates and fails on any non-finite
// figure or a plan that does not encode as JSON.
func checkFinite(t testing.TB, s model.Scenario, cat *model.Catalog) (valid bool) {
	t.Helper()
	if ValidateScenario("s.yaml", s, cat).HasErrors() {
		return false
	}
	p := Evaluate(s, cat, Options{})
	var bad []string
	nonFinite(reflect.ValueOf(p), "plan", &bad)
	if len(bad) > 0 {
		t.Fatalf("plan of a valid scenario has non-finite figures at %s", strings.Join(bad[:min(len(bad), 5)], ", "))
	}
	if _, err := json.Marshal(p); err != nil {
		t.Fatalf("plan does not encode: %v", err)
	}
	return true
}

// TestF2NonFiniteInputsRefused is the review's F2: each of these was
// accepted by validate and made ±Inf/NaN figures (TUI chart panic, "eval -f
// json" failure). Each must now be refused at its field, with the bound in
// the message.
func TestF2NonFiniteInputsRefused(t *testing.T) {
	cat := DefaultCatalog()
	for _, tc := range []struct {
		sets [][2]string
		path string
	}{
		{[][2]string{{"traffic.internet_egress_tb", "1e308"}}, "traffic.internet_egress_tb"},
		{[][2]string{{"storage.fsx_lustre.capacity_tib", "1e308"}}, "storage.fsx_lustre.capacity_tib"},
		{[][2]string{{"workloads.training[0].parameters_b", "1e308"}}, "workloads.training[0].parameters_b"},
		{[][2]string{{"workloads.training[0].bytes_per_token", "1e308"}}, "workloads.training[0].bytes_per_token"},
		{[][2]string{{"workloads.training[0].mfu", "1e-320"}}, "workloads.training[0].mfu"},
		{[][2]string{{"workloads.training[0].tokens_b", "1e308"}}, "workloads.training[0].tokens_b"},
		{[][2]string{{"sites[0].datasets[0].size_tb", "1e308"}}, "sites[0].datasets[0].size_tb"},
		{[][2]string{{"workloads.training[0].global_batch_tokens", "1e-300"}}, "workloads.training[0].global_batch_tokens"},
		{[][2]string{{"sites[0].datasets[0].transfer_window_hours", "1e-300"}}, "sites[0].datasets[0].transfer_window_hours"},
		{[][2]string{{"workloads.training[0].data_parallel", "4611686018427387904"}, {"workloads.training[0].tensor_parallel", "4"}}, "workloads.training[0].data_parallel"},
		{[][2]string{{"workloads.training[0].tensor_parallel", "4294967296"}, {"workloads.training[0].pipeline_parallel", "2147483648"}}, "workloads.training[0].tensor_parallel"},
	} {
		s := baseScenario(t)
		var err error
		for _, kv := range tc.sets {
			if s, err = SetField(s, kv[0], kv[1]); err != nil {
				t.Fatal(err)
			}
		}
		ds := ValidateScenario("s.yaml", s, cat)
		found := false
		for _, d := range ds.Errors() {
			if d.Path == tc.path && strings.Contains(d.Message, "limit") || d.Path == tc.path && strings.Contains(d.Message, "smallest") {
				found = true
			}
		}
		if !found {
			t.Errorf("%v: want an error at %s naming the bound, got %v", tc.sets, tc.path, ds)
		}
	}
}

// TestF3TensorPipelineOverflow is the review's F3: tensor × pipeline =
// 2^32 × 2^32 wrapped to 0 and validate divided by it (a panic).
func TestF3TensorPipelineOverflow(t *testing.T) {
	cat := DefaultCatalog()
	s := baseScenario(t)
	s, _ = SetField(s, "workloads.training[0].tensor_parallel", "4294967296")
	s, _ = SetField(s, "workloads.training[0].pipeline_parallel", "4294967296")
	ds := ValidateScenario("s.yaml", s, cat)
	if !ds.HasErrors() {
		t.Fatal("accepted")
	}
	for _, d := range ds {
		if strings.Contains(d.Message, "-9223372036854775808") || strings.Contains(d.Message, "= 0 ") {
			t.Errorf("overflowed product in a message: %s", d)
		}
	}
	// mulSat: 2^32 × 2^32 saturates instead of wrapping to 0.
	if got := mulSat(1<<32, 1<<32); got != math.MaxInt {
		t.Errorf("mulSat(2^32, 2^32) = %d, want MaxInt", got)
	}
	if got := mulSat(8, 4); got != 32 {
		t.Errorf("mulSat(8, 4) = %d", got)
	}
}

// numericPaths lists the path of every int and float field of s (lists
// included, by index), for the property test to mutate.
func numericPaths(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			numericPaths(v.Elem(), path, out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				numericPaths(v.Field(i), joinPath(path, name), out)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			numericPaths(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Int, reflect.Float64:
		*out = append(*out, path)
	}
}

// FuzzScenarioFinite is the property: every scenario that validates
// evaluates to finite figures and a plan that encodes as JSON. It sets up
// to three numeric fields of the shipped scenarios to fuzzed values.
func FuzzScenarioFinite(f *testing.F) {
	f.Add(uint8(0), 1e308, uint8(1), int64(1), uint8(2), 1e-320, uint8(0))
	f.Add(uint8(30), 4.0, uint8(31), int64(4294967296), uint8(32), 2147483648.0, uint8(1))
	f.Add(uint8(7), 1e12, uint8(9), int64(1<<20), uint8(11), 1e-9, uint8(2))
	cat := DefaultCatalog()
	var bases []model.Scenario
	for _, p := range []string{"finetune-vpn", "llm-pretraining", "moe-pretraining", "inference-two-region"} {
		data, err := os.ReadFile("../testdata/scenarios/" + p + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		doc, err := Parse(p, data)
		if err != nil {
			f.Fatal(err)
		}
		bases = append(bases, doc.Scenario)
	}
	f.Fuzz(func(t *testing.T, i1 uint8, f1 float64, i2 uint8, n2 int64, i3 uint8, f3 float64, base uint8) {
		s := bases[int(base)%len(bases)]
		var paths []string
		numericPaths(reflect.ValueOf(s), "", &paths)
		set := func(i uint8, v string) {
			if ns, err := SetField(s, paths[int(i)%len(paths)], v); err == nil {
				s = ns
			}
		}
		set(i1, fmt.Sprint(f1))
		set(i2, fmt.Sprint(n2))
		set(i3, fmt.Sprint(f3))
		checkFinite(t, s, cat)
	})
}

// refusedAt reports whether validating s gives an error at path whose
// message contains want.
func refusedAt(t *testing.T, s model.Scenario, path, want string) {
	t.Helper()
	for _, d := range ValidateScenario("s.yaml", s, DefaultCatalog()).Errors() {
		if d.Path == path && strings.Contains(d.Message, want) {
			return
		}
	}
	t.Errorf("no error at %s containing %q: %v", path, want, ValidateScenario("s.yaml", s, DefaultCatalog()))
}

// TestF6TunnelsWithinQuota is the review's F6: tunnels: 1000000000 passed
// validate and made "export cfn" loop for ever. Counts are bounded by AWS's
// quotas, cited in the message.
func TestF6TunnelsWithinQuota(t *testing.T) {
	s := baseScenario(t)
	s, _ = SetField(s, "links[0].tunnels", "1000000000")
	refusedAt(t, s, "links[0].tunnels", "vpn-limits.html")
	for path, v := range map[string]string{"aws.nat_gateways": "9223372036854775807", "clusters[0].pods_per_node": "9223372036854775807", "links[0].count": "9223372036854775807"} {
		s := baseScenario(t)
		s, _ = SetField(s, path, v)
		refusedAt(t, s, path, "limit")
	}
}

// TestF7NamesAndEndpointsBounded is the review's F7: a 1 MB name or 10^5
// interface endpoints made the PNG export a fatal out-of-memory. Names are
// at most MaxNameLen bytes and endpoints within the PrivateLink quota.
func TestF7NamesAndEndpointsBounded(t *testing.T) {
	s := baseScenario(t)
	s.Name = strings.Repeat("n", 1<<20)
	refusedAt(t, s, "name", "too long")
	s = baseScenario(t)
	s.AWS.InterfaceEndpoints = make([]string, 100000)
	for i := range s.AWS.InterfaceEndpoints {
		s.AWS.InterfaceEndpoints[i] = "logs"
	}
	refusedAt(t, s, "aws.interface_endpoints", "vpc-limits-endpoints.html")
}

// TestF9NamesCollideOrBreakTemplates is the review's F9: gpu-a, gpu_a and
// "GPU A" collided on one logical ID (a launch template vanished), CJK-only
// names gave an empty ID, AZs were only prefix-checked and endpoint
// services took any text.
func TestF9NamesCollideOrBreakTemplates(t *testing.T) {
	s := baseScenario(t)
	c := s.Clusters[0]
	s.Clusters = nil
	for _, n := range []string{"gpu-a", "gpu_a", "GPU A"} {
		c.Name = n
		s.Clusters = append(s.Clusters, c)
	}
	refusedAt(t, s, "clusters[1].name", "same CloudFormation logical ID")
	refusedAt(t, s, "clusters[2].name", "same CloudFormation logical ID")

	s = baseScenario(t)
	s.Clusters[0].Name = "訓練"
	s.Workloads.Training[0].Cluster = "訓練"
	refusedAt(t, s, "clusters[0].name", "no ASCII letter or digit")

	s = baseScenario(t)
	s.AWS.AvailabilityZones = []string{"us-west-2a", "us-west-2bx"}
	refusedAt(t, s, "aws.availability_zones[1]", "not a zone name")
	s.AWS.AvailabilityZones = []string{"us-west-2a\n  Malicious: true", "us-west-2b"}
	refusedAt(t, s, "aws.availability_zones[0]", "control character")

	for _, bad := range []string{"logs${Nope}", "ecr.api${AWS::AccountId}", "a b\"c", "../../etc"} {
		s = baseScenario(t)
		s.AWS.InterfaceEndpoints = []string{bad}
		refusedAt(t, s, "aws.interface_endpoints[0]", "not an AWS service name")
	}
	s = baseScenario(t)
	s.AWS.InterfaceEndpoints = []string{"ecr.api", "custom:com.amazonaws.vpce.us-west-2.vpce-svc-0123456789abcdef0"}
	if ds := ValidateScenario("s.yaml", s, DefaultCatalog()); ds.HasErrors() {
		t.Errorf("custom: endpoint refused: %v", ds)
	}
}

// TestF10ControlCharactersRefused is the review's F10: an OSC title change
// in a name reached the terminal raw, and messages echoed candidates raw.
// Every text with a control character or a bidi mark is refused, and the
// message shows it escaped.
func TestF10ControlCharactersRefused(t *testing.T) {
	for _, name := range []string{"\x1b]0;PWNED-TITLE\a\x1b[2J\x1b[31mred", "a\rb", "evil\u202eexe.yaml"} {
		s := baseScenario(t)
		s.Name = name
		ds := ValidateScenario("s.yaml", s, DefaultCatalog())
		refusedAt(t, s, "name", "control character")
		for _, d := range ds {
			if strings.ContainsAny(d.Message, "\x1b\a\r\u202e") {
				t.Errorf("raw control character in %q", d.Message)
			}
		}
	}
	s := baseScenario(t)
	s.Clusters[0].Name = "\x1b[31mred\a"
	for _, d := range ValidateScenario("s.yaml", s, DefaultCatalog()) {
		if strings.ContainsAny(d.Message, "\x1b\a") {
			t.Errorf("raw control character in %q", d.Message)
		}
	}
}

// TestF18ErrorsLocatedAndClear is the review's F18: unlocated or confusing
// messages and silent acceptance. Each input must fail at a line (and the
// field path where one applies) with a message that says what to fix.
func TestF18ErrorsLocatedAndClear(t *testing.T) {
	base, err := os.ReadFile("../testdata/scenarios/finetune-vpn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(base)
	for _, tc := range []struct {
		name, data string
		line       int
		path, want string
	}{
		{"NUL byte", strings.Replace(src, "office-dc\n", "office\x00dc\n", 1), 6, "", "control characters"},
		{"invalid UTF-8", strings.Replace(src, "name: domain-docs", "name: domain\xff-docs", 1), 9, "", "UTF-8"},
		{"undefined alias", strings.Replace(src, "cluster: ft", "cluster: *nope", 1), 45, "", "unknown anchor"},
		{"null document", "~\n", 1, "", "empty scenario file"},
		{"doc marker only", "---\n...\n", 1, "", "empty scenario file"},
		{"quoted bool", strings.Replace(src, "orchestrator: eks", "orchestrator: eks\n    efa: \"true\"", 1), 30, "clusters[0].efa", "without quotes"},
		{"float overflow", strings.Replace(src, "size_tb: 2", "size_tb: 1e309", 1), 10, "sites[0].datasets[0].size_tb", "out of range"},
		{"int overflow", strings.Replace(src, "nodes: 4", "nodes: 99999999999999999999", 1), 28, "clusters[0].nodes", "out of range"},
		{"IPv6 CIDR", strings.Replace(src, "vpc_cidr: 10.20.0.0/20", "vpc_cidr: fe80::1%eth0/64", 1), 21, "aws.vpc_cidr", "IPv6"},
		{"complex key", src + "? [a, b]\n: c\n", 57, "", "complex keys"},
		{"multi-document", src + "---\nname: second\n", 57, "", "one YAML document"},
		{"null list item", strings.Replace(src, "clusters:\n", "clusters:\n  - ~\n", 1), 26, "clusters[0]", "empty list item"},
	} {
		doc, err := Parse("s.yaml", []byte(tc.data))
		var ds Diagnostics
		if err == nil {
			ds = Validate(doc, DefaultCatalog()).Errors()
		} else if !errors.As(err, &ds) {
			t.Fatalf("%s: not diagnostics: %v", tc.name, err)
		}
		found := false
		for _, d := range ds {
			if d.Line > 0 && strings.Contains(d.Message, tc.want) && (tc.path == "" || d.Path == tc.path) {
				found = true
				if tc.line > 0 && d.Line != tc.line {
					t.Errorf("%s: line %d, want %d (%s)", tc.name, d.Line, tc.line, d)
				}
			}
		}
		if !found {
			t.Errorf("%s: no located error at %q containing %q: %v", tc.name, tc.path, tc.want, ds)
		}
	}
}
