package tui

import (
	"os"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

const scenarioA = "../testdata/scenarios/llm-pretraining.yaml"

func TestStepNodesReevaluates(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	nodes0 := m.Scenario().Clusters[0].Nodes
	ec2 := func(p model.Plan) float64 {
		for _, c := range p.MonthlyCost.ByCategory {
			if c.Category == model.CostEC2 {
				return c.MonthlyUSD
			}
		}
		return 0
	}
	cost0 := ec2(m.Plan())
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right")...)
	if got := m.Scenario().Clusters[0].Nodes; got != 2*nodes0 {
		t.Fatalf("→ on nodes: got %d, want %d (doubling)", got, 2*nodes0)
	}
	// EC2 cost is nodes × hours × hourly price, so doubling nodes doubles it.
	if got := ec2(m.Plan()); got < 2*cost0*(1-1e-9) || got > 2*cost0*(1+1e-9) {
		t.Fatalf("EC2 monthly after doubling nodes: got %v, want 2 × %v", got, cost0)
	}
	if !m.Dirty() {
		t.Fatal("an edit must mark the scenario unsaved")
	}
	m = send(m, keys("left", "left")...)
	if got := m.Scenario().Clusters[0].Nodes; got != nodes0/2 {
		t.Fatalf("← ← on nodes: got %d, want %d (halving)", got, nodes0/2)
	}
}

func TestUndoRedo(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	orig := cloneScenario(m.Scenario())
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right", "right")...)
	m = send(m, keys("u", "u")...)
	if !equalScenario(m.Scenario(), orig) || m.Dirty() {
		t.Fatalf("two undos must restore the original (dirty=%v)", m.Dirty())
	}
	m = send(m, keys("ctrl+r")...)
	if got := m.Scenario().Clusters[0].Nodes; got != 2*orig.Clusters[0].Nodes {
		t.Fatalf("redo: nodes %d, want %d", got, 2*orig.Clusters[0].Nodes)
	}
	// A new edit clears the redo stack.
	m = send(m, keys("right", "ctrl+r")...)
	if got := m.Scenario().Clusters[0].Nodes; got != 4*orig.Clusters[0].Nodes {
		t.Fatalf("redo after a new edit must do nothing: nodes %d", got)
	}
}

func TestBaselineDeltas(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 100, 30)
	if strings.Contains(m.View(), "▲") {
		t.Fatal("no delta marker before a baseline is pinned")
	}
	m = send(m, keys("b")...)
	if m.ss.baseline == nil {
		t.Fatal("b must pin a baseline")
	}
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right")...)
	v := m.View()
	if !strings.Contains(v, "▲ +100.0%") {
		t.Fatalf("doubling nodes must show ▲ +100.0%% against the baseline:\n%s", v)
	}
	m = send(m, keys("B")...)
	if strings.Contains(m.View(), "▲") {
		t.Fatal("B must clear the baseline and its deltas")
	}
}

func TestInvalidInputShownInline(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tests := []struct {
		name, path, typed, want string
		applied                 bool
	}{
		{"not a number", "clusters[0].nodes", "lots", "expected a whole number", false},
		{"unknown instance", "clusters[0].instance_type", "p9.huge", "unknown instance type", true},
		{"bad cidr", "aws.vpc_cidr", "10.0.0.1/16", "host bits set", true},
		{"no nodes", "clusters[0].nodes", "0", "at least one node", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, cfg, 100, 30)
			plan0 := m.Plan()
			m = focusField(t, m, tc.path)
			m = send(m, keys("enter")...)
			m = send(m, clearInput()...)
			m = send(m, keys(tc.typed, "enter")...)
			v := m.View()
			msg := m.editor.inputErr
			if d, ok := m.ss.errorAt(tc.path); ok {
				msg = d.Message
			}
			if !strings.Contains(msg, tc.want) || !strings.Contains(v, "✗ ") {
				t.Fatalf("want %q shown at the field, got %q:\n%s", tc.want, msg, v)
			}
			if tc.applied {
				if !m.ss.stale {
					t.Fatal("an invalid scenario must be marked stale")
				}
				if m.Plan().MonthlyCost.TotalUSD != plan0.MonthlyCost.TotalUSD {
					t.Fatal("the plan must stay that of the last valid state")
				}
				// Saving is refused, and undo restores a valid state.
				m = send(m, keys("s")...)
				if !strings.Contains(m.View(), "not saved") {
					t.Fatal("saving an invalid scenario must be refused")
				}
				m = send(m, keys("u")...)
				if m.ss.stale {
					t.Fatal("undo must return to the valid state")
				}
			} else if m.ss.stale || !m.editor.Typing() {
				t.Fatal("a value that does not parse must not be applied; the field stays open")
			}
		})
	}
}

// clearInput deletes the text field's content (ctrl+u).
func clearInput() []tea.Msg { return []tea.Msg{tea.KeyMsg{Type: tea.KeyCtrlU}} }

func equalScenario(a, b model.Scenario) bool { return reflect.DeepEqual(a, b) }

func TestQTypedIntoFieldDoesNotQuit(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	m = focusField(t, m, "clusters[0].name")
	m = send(m, keys("enter", "q", "enter")...)
	if m.Quitting() {
		t.Fatal("q typed into a field quit the program")
	}
	if got := m.Scenario().Clusters[0].Name; got != "trainq" {
		t.Fatalf("name: got %q, want %q", got, "trainq")
	}
}

func TestQuitConfirmation(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	t.Run("clean quits at once", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys("q")...)
		if !m.Quitting() {
			t.Fatal("q on an unchanged scenario must quit")
		}
	})
	t.Run("dirty asks, n cancels, y quits", func(t *testing.T) {
		m := newTestModel(t, cfg, 80, 24)
		m = focusField(t, m, "clusters[0].nodes")
		m = send(m, keys("right", "q")...)
		if m.Quitting() || !strings.Contains(m.View(), "Quit without saving?") {
			t.Fatal("q with unsaved changes must ask first")
		}
		m = send(m, keys("n")...)
		if m.Quitting() || m.mode != modeNormal {
			t.Fatal("n must cancel the quit")
		}
		m = send(m, keys("q", "y")...)
		if !m.Quitting() {
			t.Fatal("y must quit")
		}
	})
}

func TestStepChoices(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 80, 24)
	s := cloneScenario(m.Scenario())
	fields := scenarioFields(&s)
	get := func(path string) field {
		for _, f := range fields {
			if f.Path == path {
				return f
			}
		}
		t.Fatalf("no field %s", path)
		return field{}
	}
	// The DX port steps through the dedicated speeds: 100 → 400 → (stays).
	f := get("links[0].speed_gbps")
	for _, want := range []float64{400, 400} {
		if err := f.Step(&s, cfg.Catalog, 1); err != nil {
			t.Fatal(err)
		}
		if s.Links[0].SpeedGbps != want {
			t.Fatalf("speed: got %g, want %g", s.Links[0].SpeedGbps, want)
		}
	}
	// The FSx throughput steps through PERSISTENT_2's tiers: 250 → 125.
	f = get("storage.fsx_lustre.throughput_mbps_per_tib")
	_ = f.Step(&s, cfg.Catalog, -1)
	if got := s.Storage.FSxLustre.ThroughputMBpsPerTiB; got != 125 {
		t.Fatalf("FSx throughput: got %g, want 125", got)
	}
	// The instance type steps through the catalog's sorted list.
	f = get("clusters[0].instance_type")
	_ = f.Step(&s, cfg.Catalog, 1)
	if s.Clusters[0].InstanceType == "p5.48xlarge" {
		t.Fatal("instance type did not step")
	}
	if _, ok := cfg.Catalog.Instances[s.Clusters[0].InstanceType]; !ok {
		t.Fatalf("stepped to %q, not in the catalog", s.Clusters[0].InstanceType)
	}
}

func TestSeries125(t *testing.T) {
	tests := []struct {
		x    float64
		dir  int
		want float64
	}{
		{0, 1, 0.01}, {1, 1, 2}, {2, 1, 5}, {5, 1, 10}, {200, 1, 500}, {260, 1, 500},
		{260, -1, 200}, {10, -1, 5}, {0.01, -1, 0}, {1, -1, 0.5},
	}
	for _, tc := range tests {
		if got := series125(tc.x, tc.dir); got != tc.want {
			t.Errorf("series125(%g, %d) = %g, want %g", tc.x, tc.dir, got, tc.want)
		}
	}
}

func TestDuplicateAndRemoveListItem(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 100, 30)
	nodes0 := m.Plan().Scenario.Nodes
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("a")...)
	s := m.Scenario()
	if len(s.Clusters) != 2 || s.Clusters[1].Name != s.Clusters[0].Name+"-2" {
		t.Fatalf("a must duplicate the cluster with a fresh name: %+v", s.Clusters)
	}
	if f, _ := m.editor.current(); f.Path != "clusters[1].nodes" {
		t.Fatalf("cursor on %s, want the copy's nodes", f.Path)
	}
	if got := m.Plan().Scenario.Nodes; got != 2*nodes0 {
		t.Fatalf("nodes after duplicating: %d, want %d", got, 2*nodes0)
	}
	m = send(m, keys("D")...)
	if len(m.Scenario().Clusters) != 1 || m.Plan().Scenario.Nodes != nodes0 {
		t.Fatal("D must remove the cluster under the cursor")
	}
	m = focusField(t, m, "aws.region")
	m = send(m, keys("D")...)
	if !strings.Contains(m.View(), "not part of a list") {
		t.Fatal("D outside a list must say why it did nothing")
	}
}

func TestQuitSaveAndQuit(t *testing.T) {
	cfg, data := loadScenario(t, scenarioA)
	dir := t.TempDir()
	path := dir + "/s.yaml"
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Path = path
	m := newTestModel(t, cfg, 80, 24)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("right", "q", "s")...)
	if !m.Quitting() || m.Dirty() {
		t.Fatalf("s at the quit prompt must save, then quit (quitting %v dirty %v, %s)", m.Quitting(), m.Dirty(), m.status)
	}
}

func TestFormatFloat(t *testing.T) {
	for x, want := range map[float64]string{4194304: "4194304", 0.05: "0.05", 100: "100", 2.4: "2.4", 1e20: "1e+20"} {
		if got := formatFloat(x); got != want {
			t.Errorf("formatFloat(%g) = %q, want %q", x, got, want)
		}
	}
}

func TestStepFromDefault(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	tests := []struct {
		path string
		dir  int
		get  func(s model.Scenario) string
		want string
	}{
		// precision is bf16 in the file; allreduce is unset: → gives the first algorithm.
		{"workloads.training[0].allreduce", 1, func(s model.Scenario) string { return s.Workloads.Training[0].Algorithm }, model.AlgorithmAuto},
		// The cluster's region is unset (home region): → steps to the first catalog region.
		{"clusters[0].region", 1, func(s model.Scenario) string { return s.Clusters[0].Region }, planner.SortedKeys(cfg.Catalog.Regions)[0]},
		// hours_per_month unset means 730: ← takes a tenth of a month off (730 − 73 = 657),
		// → stops at a month's 744-hour maximum.
		{"clusters[0].hours_per_month", -1, func(s model.Scenario) string { return formatFloat(s.Clusters[0].HoursPerMonth) }, formatFloat(model.HoursPerMonth - 73)},
		{"clusters[0].hours_per_month", 1, func(s model.Scenario) string { return formatFloat(s.Clusters[0].HoursPerMonth) }, "744"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			s := cloneScenario(cfg.Doc.Scenario)
			var f field
			for _, x := range scenarioFields(&s) {
				if x.Path == tc.path {
					f = x
				}
			}
			if err := f.Step(&s, cfg.Catalog, tc.dir); err != nil {
				t.Fatal(err)
			}
			if got := tc.get(s); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRunesArrivingTogetherAreSeparateKeys(t *testing.T) {
	cfg, _ := loadScenario(t, "../testdata/scenarios/llm-pretraining.yaml")
	m := newTestModel(t, cfg, 100, 30)
	// "2" then "b" in one read (tmux send-keys, a fast typist): switch to
	// Network and pin the baseline, as two key presses would.
	m = send(m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2b")})
	if m.active != 1 || m.ss.baseline == nil {
		t.Errorf("view %d, baseline pinned %v; want view 1 (Network) and a baseline", m.active, m.ss.baseline != nil)
	}
}

// TestPlacementLimitIsAWarningInEditor is the new-user trial's B18 in the
// TUI: more nodes than the placement-group sanity limit is applied and
// evaluated, with a warning at the field (⚠), not an error.
func TestPlacementLimitIsAWarningInEditor(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	// On-demand: a Capacity Block has its own instance limit (an error).
	cfg.Doc.Scenario.Clusters[0].Purchase.Option = model.PurchaseOnDemand
	m := newTestModel(t, cfg, 100, 30)
	m = focusField(t, m, "clusters[0].nodes")
	m = send(m, keys("enter")...)
	m = send(m, clearInput()...)
	m = send(m, keys("1024", "enter")...)
	if m.ss.stale {
		t.Fatalf("1024 nodes must be evaluated, not held as an error:\n%s", m.View())
	}
	if got := m.Plan().Training[0].Nodes; got != 1024 {
		t.Errorf("plan nodes %d, want 1024", got)
	}
	if v := m.View(); !strings.Contains(v, "⚠ 1024 nodes exceeds the") || strings.Contains(v, "✗ ") {
		t.Errorf("want the warning at the field and no error:\n%s", v)
	}
}

// TestRenameClusterFollowsReferences: typing a new cluster name renames the
// training job's reference too, the plan keeps the job, and one undo
// restores both.
func TestRenameClusterFollowsReferences(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	m = focusField(t, m, "clusters[0].name")
	m = send(m, keys("enter")...)
	m = send(m, clearInput()...)
	m = send(m, keys("pretrain", "enter")...)
	s := m.Scenario()
	if s.Clusters[0].Name != "pretrain" || s.Workloads.Training[0].Cluster != "pretrain" {
		t.Fatalf("cluster %q, job's cluster %q: want both pretrain", s.Clusters[0].Name, s.Workloads.Training[0].Cluster)
	}
	if len(m.Plan().Training) != 1 || m.ss.stale {
		t.Fatalf("the renamed cluster's job must still be planned (stale %v)", m.ss.stale)
	}
	if v := m.View(); !strings.Contains(v, "1 reference followed") {
		t.Errorf("the editor should say the reference followed:\n%s", v)
	}
	m = send(m, keys("esc", "u")...)
	if s := m.Scenario(); s.Clusters[0].Name != "train" || s.Workloads.Training[0].Cluster != "train" {
		t.Errorf("undo: cluster %q, job's cluster %q", s.Clusters[0].Name, s.Workloads.Training[0].Cluster)
	}
}
