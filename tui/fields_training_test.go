package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

const job0 = "workloads.training[0]."

// fieldAt returns the editor field at path of the model's scenario.
func fieldAt(t *testing.T, m Model, path string) field {
	t.Helper()
	s := m.Scenario()
	for _, f := range scenarioFields(&s) {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no editor field %s", path)
	return field{}
}

// value is the field's value as the editor shows it.
func value(t *testing.T, m Model, path string) string {
	t.Helper()
	s := m.Scenario()
	v, _ := fieldAt(t, m, path).Display(&s)
	return v
}

// TestEditTrainingFields steps and types the training job's new fields
// through the editor and checks the scenario and the plan follow.
func TestEditTrainingFields(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	// These cases start from the default shape (a job with parameters_b only).
	cfg.Doc.Scenario.Workloads.Training[0].Model = ""

	t.Run("unset layout fields read searched", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		for _, name := range []string{"data_parallel", "expert_parallel", "microbatch", "virtual_stages", "zero_stage", "recompute"} {
			if got := value(t, m, job0+name); got != "searched" {
				t.Errorf("%s: shows %q, want searched", name, got)
			}
		}
		m = focusField(t, m, job0+"zero_stage")
		if v := m.View(); !strings.Contains(v, "zero_stage            searched") {
			t.Errorf("the editor must show zero_stage as searched:\n%s", v)
		}
	})

	t.Run("zero_stage nil, 0 and back", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		m = focusField(t, m, job0+"zero_stage")
		m = send(m, keys("right")...)
		if z := m.Scenario().Workloads.Training[0].ZeROStage; z == nil || *z != 0 {
			t.Fatalf("→ from searched: zero_stage %v, want a pointer to 0", z)
		}
		if got := value(t, m, job0+"zero_stage"); got != "0" {
			t.Fatalf("zero_stage 0 shows %q", got)
		}
		if got := m.Plan().Training[0].Layout.ZeRO; got != 0 {
			t.Fatalf("the plan must use ZeRO-0, got %d", got)
		}
		m = send(m, keys("right", "right", "right", "right")...)
		if z := m.Scenario().Workloads.Training[0].ZeROStage; z == nil || *z != 3 {
			t.Fatalf("→ stops at 3, got %v", z)
		}
		if m.Plan().Training[0].Layout.ZeRO != 3 {
			t.Fatal("the plan must follow to ZeRO-3")
		}
		m = send(m, keys("left", "left", "left", "left")...)
		if z := m.Scenario().Workloads.Training[0].ZeROStage; z != nil {
			t.Fatalf("← past 0 must unset zero_stage (searched), got %d", *z)
		}
		// Typed: a number sets, "searched" or nothing clears.
		m = send(m, keys("enter")...)
		m = send(m, clearInput()...)
		m = send(m, keys("2", "enter")...)
		if z := m.Scenario().Workloads.Training[0].ZeROStage; z == nil || *z != 2 {
			t.Fatalf("typed 2: zero_stage %v", z)
		}
		m = send(m, keys("enter")...)
		m = send(m, clearInput()...)
		m = send(m, keys("searched", "enter")...)
		if z := m.Scenario().Workloads.Training[0].ZeROStage; z != nil {
			t.Fatalf("typed searched: zero_stage %d, want unset", *z)
		}
	})

	t.Run("legal values on ←/→", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		s := m.Scenario()
		want := map[string][]string{
			"model":             append([]string{""}, model.PresetNames()...),
			"recompute":         {"", "none", "selective", "full"},
			"zero_stage":        {"", "0", "1", "2", "3"},
			"microbatch":        {"", "1", "2", "4", "8"},
			"virtual_stages":    {"", "1", "2", "4"},
			"tensor_parallel":   {"", "1", "2", "4", "8"},                                              // p5.48xlarge: 8 GPUs a node
			"expert_parallel":   {"", "1"},                                                             // dense
			"pipeline_parallel": {"", "1", "2", "3", "4", "6", "8", "9", "12", "18", "24", "36", "72"}, // divisors of 72 layers
		}
		for name, w := range want {
			if got := fieldAt(t, m, job0+name).Choices(&s, m.ss.cat); !slices.Equal(got, w) {
				t.Errorf("%s steps through %q, want %q", name, got, w)
			}
		}
		// The on-prem inventory's model field is not the training preset.
		if got := fieldAt(t, m, "sites[0].gpus[0].model").Choices(&s, m.ss.cat); got != nil {
			t.Errorf("sites[0].gpus[0].model must not offer presets: %q", got)
		}
		for _, tc := range []struct {
			path string
			keys []string
			want string
		}{
			{"recompute", []string{"right", "right", "right", "right"}, "full"},
			{"microbatch", []string{"right", "right", "right", "right", "right"}, "8"},
			{"virtual_stages", []string{"right", "right"}, "2"},
			{"tensor_parallel", []string{"right"}, "8"}, // no further than a node
			{"tensor_parallel", []string{"left", "left"}, "2"},
			{"pipeline_parallel", []string{"right"}, "6"},
			{"data_parallel", []string{"right", "left"}, "searched"},
		} {
			m := newTestModel(t, cfg, 120, 40)
			m = focusField(t, m, job0+tc.path)
			m = send(m, keys(tc.keys...)...)
			if got := value(t, m, job0+tc.path); got != tc.want {
				t.Errorf("%s after %v: %q, want %q", tc.path, tc.keys, got, tc.want)
			}
		}
	})

	t.Run("model presets drive the shape", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		m = focusField(t, m, job0+"model")
		m = send(m, keys("right", "right")...)
		if got := m.Scenario().Workloads.Training[0].Model; got != "llama3-70b" {
			t.Fatalf("→ → on model: %q, want llama3-70b", got)
		}
		if a := m.Plan().Training[0].Architecture; a.Name != "llama3-70b" || a.Layers != 80 {
			t.Fatalf("the plan must use the preset's shape, got %s with %d layers", a.Name, a.Layers)
		}
		if got := value(t, m, job0+"layers"); got != "80 (preset)" {
			t.Errorf("layers from the preset shows %q", got)
		}
		// Stepping an unset shape field starts from the preset's value.
		m = focusField(t, m, job0+"layers")
		m = send(m, keys("left")...)
		if got := m.Scenario().Workloads.Training[0].Layers; got != 79 {
			t.Errorf("← on layers 80 (preset): %d, want 79", got)
		}
		if got := m.Plan().Training[0].Architecture.Layers; got != 79 {
			t.Errorf("the plan must follow to 79 layers, got %d", got)
		}
		m = focusField(t, m, job0+"model")
		m = send(m, keys("left", "left", "left")...)
		if got := m.Scenario().Workloads.Training[0].Model; got != "" {
			t.Fatalf("← back past the first preset: %q, want unset", got)
		}
	})

	t.Run("default shape is written out when stepped", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		a0 := m.Plan().Training[0].Architecture
		m = focusField(t, m, job0+"layers")
		m = send(m, keys("right")...)
		j := m.Scenario().Workloads.Training[0]
		if j.Layers != a0.Layers+1 || j.Hidden != a0.Hidden || j.Heads != a0.Heads {
			t.Fatalf("→ on default layers %d: layers %d hidden %d heads %d, want %d %d %d", a0.Layers, j.Layers, j.Hidden, j.Heads, a0.Layers+1, a0.Hidden, a0.Heads)
		}
		if got := m.Plan().Training[0].Architecture.Layers; got != a0.Layers+1 {
			t.Fatalf("the plan must use %d layers, got %d", a0.Layers+1, got)
		}
	})

	t.Run("expert parallel for a mixture of experts", func(t *testing.T) {
		m := newTestModel(t, cfg, 120, 40)
		m = focusField(t, m, job0+"model")
		for m.Scenario().Workloads.Training[0].Model != "mixtral-8x7b" {
			m = send(m, keys("right")...)
		}
		s := m.Scenario()
		if got, want := fieldAt(t, m, job0+"expert_parallel").Choices(&s, m.ss.cat), []string{"", "1", "2", "4", "8"}; !slices.Equal(got, want) {
			t.Fatalf("expert_parallel for 8 experts steps through %q, want %q", got, want)
		}
		m = focusField(t, m, job0+"expert_parallel")
		m = send(m, keys("right", "right", "right")...)
		if got := m.Plan().Training[0].Layout.EP; got != 4 {
			t.Fatalf("the plan must use EP4, got %d", got)
		}
	})
}

// TestZeroStageSaveRoundTrip checks zero_stage 0 (set) and unset (nil,
// searched) survive a save and reload, with the user's comments kept.
func TestZeroStageSaveRoundTrip(t *testing.T) {
	cfg, src := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	m = focusField(t, m, job0+"zero_stage")
	m = send(m, keys("right")...)
	for _, tc := range []struct {
		name string
		s    model.Scenario
		want *int
	}{{"zero", m.Scenario(), intp(0)}, {"unset", cfg.Doc.Scenario, nil}} {
		out, err := marshalScenario(tc.s, src)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := planner.Parse("saved.yaml", out)
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.name, err, out)
		}
		got := doc.Scenario.Workloads.Training[0].ZeROStage
		if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
			t.Errorf("%s: zero_stage reloads as %v, want %v", tc.name, got, tc.want)
		}
		if !strings.Contains(string(out), "# measured Frankfurt DC") {
			t.Errorf("%s: the save lost the file's comments", tc.name)
		}
	}
}
