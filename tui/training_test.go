package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/tui/keymap"
	"github.com/topoplan/topoplan/tui/styles"
)

// trainingView is view 7.
const trainingKey = "7"

// withJob loads scenario A with its training job and cluster changed by edit.
func withJob(t *testing.T, edit func(c *model.Cluster, j *model.TrainingJob)) Config {
	t.Helper()
	cfg, _ := loadScenario(t, scenarioA)
	s := cloneScenario(cfg.Doc.Scenario)
	edit(&s.Clusters[0], &s.Workloads.Training[0])
	doc := *cfg.Doc
	doc.Scenario = s
	cfg.Doc = &doc
	return cfg
}

func intp(n int) *int { return &n }

// TestTrainingGolden drives the Training view through Update at fixed
// sizes: a baseline and an edit (bars on one scale with deltas), a layout
// that does not fit (the fit changes), and a mixture-of-experts job.
// Regenerate with: go test ./tui -run TestTrainingGolden -update
func TestTrainingGolden(t *testing.T) {
	t.Run("80x24/baseline-recompute", func(t *testing.T) {
		cfg, _ := loadScenario(t, scenarioA)
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys("b")...)
		m = focusField(t, m, "workloads.training[0].recompute")
		m = send(m, keys("right", "right", "esc", trainingKey)...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("120x40/baseline-recompute", func(t *testing.T) {
		cfg, _ := loadScenario(t, scenarioA)
		m := newTestModel(t, cfg, 120, 40)
		m = send(m, keys("b")...)
		m = focusField(t, m, "workloads.training[0].recompute")
		m = send(m, keys("right", "right", trainingKey)...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	nofit := withJob(t, func(c *model.Cluster, j *model.TrainingJob) {
		// Llama 3 70B, TP8 PP1 on A100-40GB without ZeRO or recompute:
		// weights, gradients and Adam states alone are ≈ 140 GB per GPU.
		c.InstanceType = "p4d.24xlarge"
		j.Model, j.PipelineParallel, j.ZeROStage, j.Recompute = "llama3-70b", 1, intp(0), model.RecomputeNone
	})
	t.Run("100x30/does-not-fit", func(t *testing.T) {
		m := newTestModel(t, nofit, 100, 30)
		m = send(m, keys(trainingKey)...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("100x30/does-not-fit-scrolled", func(t *testing.T) {
		m := newTestModel(t, nofit, 100, 30)
		m = send(m, keys(trainingKey, "down", "down", "down", "down", "down", "down", "down", "down", "down", "down")...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	moe := withJob(t, func(c *model.Cluster, j *model.TrainingJob) {
		j.Model, j.ParametersB, j.TensorParallel, j.PipelineParallel, j.ExpertParallel = "mixtral-8x7b", 46.7, 0, 0, 8
	})
	t.Run("120x40/mixture-of-experts", func(t *testing.T) {
		m := newTestModel(t, moe, 120, 40)
		m = send(m, keys(trainingKey)...)
		golden.RequireEqual(t, []byte(m.View()))
	})
	t.Run("80x24/mfu-pinned", func(t *testing.T) {
		cfg := withJob(t, func(c *model.Cluster, j *model.TrainingJob) { j.MFU = 0.4 })
		m := newTestModel(t, cfg, 80, 24)
		m = send(m, keys(trainingKey)...)
		golden.RequireEqual(t, []byte(m.View()))
	})
}

// allTermsPlan is scenario A's plan with every step and memory term
// non-zero and distinct, and the layout not fitting.
func allTermsPlan(t *testing.T) (*session, model.TrainingPlan) {
	t.Helper()
	cfg, _ := loadScenario(t, scenarioA)
	ss := New(cfg).ss
	p := ss.plan
	p.Training = append([]model.TrainingPlan(nil), p.Training...)
	tp := &p.Training[0]
	tp.Step = model.Step{ComputeS: 4, RecomputeS: 1, TPCommS: 1.2, PPBubbleS: 0.8, PPSendS: 0.6, EPCommS: 0.9, DPCommS: 1.5, DPExposedS: 0.7, TotalS: 9.2, Microbatches: 16}
	tp.IOStallS = 0.5
	tp.StepTimeS = tp.Step.TotalS + tp.IOStallS
	tp.Memory = model.Memory{WeightsGiB: 10, GradientsGiB: 8, OptimizerGiB: 12, ActivationsGiB: 30, ReservedGiB: 6, TotalGiB: 66, CapacityGiB: 60, Fits: false}
	ss = &session{cat: ss.cat, scen: ss.scen, plan: p, gen: 1}
	return ss, *tp
}

// TestTrainingReadsWithoutColour checks that, with NO_COLOR's plain theme,
// every term of the step bar and of the memory bar is drawn with its own
// glyph and named with its figure in the legend, and that the colour theme
// adds nothing but colour: stripped of escape codes it is the same text.
func TestTrainingReadsWithoutColour(t *testing.T) {
	ss, tp := allTermsPlan(t)
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			plain := common{Styles: styles.New(true), Keys: keymap.Default(), Width: w, Height: 40}
			out := trainingView{}.Render(plain, ss)
			colour := plain
			colour.Styles = styles.New(false)
			if got := ansi.Strip(trainingView{}.Render(colour, ss)); got != ansi.Strip(out) {
				t.Errorf("the colour theme draws different text than NO_COLOR:\n%s\n---\n%s", got, ansi.Strip(out))
			}
			out = ansi.Strip(out)
			lines := strings.Split(out, "\n")
			barLine := func(label string) string {
				for _, l := range lines {
					if strings.HasPrefix(strings.TrimSpace(l), label+" ") {
						return l
					}
				}
				t.Fatalf("no %q bar in:\n%s", label, out)
				return ""
			}
			check := func(bar string, segs []barSeg) {
				seen := map[string]string{}
				for _, sg := range segs {
					g := sg.Seg.Glyph
					if prev, dup := seen[g]; dup {
						t.Errorf("%s and %s share the glyph %q", prev, sg.Name, g)
					}
					seen[g] = sg.Name
					if !strings.Contains(bar, g) {
						t.Errorf("the bar has no %q cell for %s: %q", g, sg.Name, bar)
					}
					if !strings.Contains(out, g+" "+sg.Name) {
						t.Errorf("the legend does not name %q as %s", g, sg.Name)
					}
				}
			}
			check(barLine("step"), plain.stepSegs(tp))
			mem := barLine("memory")
			check(mem, plain.memSegs(tp.Memory))
			if !strings.Contains(mem, plain.Styles.MemCapacity.Glyph) {
				t.Errorf("the memory bar has no capacity marker: %q", mem)
			}
			if !strings.Contains(out, "does not fit") {
				t.Errorf("66 GiB on 60 GiB must read \"does not fit\":\n%s", out)
			}
		})
	}
}

// TestTrainingBarsShareScale checks the baseline's bars are drawn on the
// current bars' scale: a step twice as long is (about) twice as many cells.
func TestTrainingBarsShareScale(t *testing.T) {
	ss, tp := allTermsPlan(t)
	base := ss.plan
	base.Training = append([]model.TrainingPlan(nil), base.Training...)
	bt := &base.Training[0]
	bt.Step.ComputeS, bt.Step.RecomputeS, bt.Step.TPCommS, bt.Step.PPBubbleS = tp.Step.ComputeS/2, tp.Step.RecomputeS/2, tp.Step.TPCommS/2, tp.Step.PPBubbleS/2
	bt.Step.PPSendS, bt.Step.EPCommS, bt.Step.DPExposedS, bt.IOStallS = tp.Step.PPSendS/2, tp.Step.EPCommS/2, tp.Step.DPExposedS/2, tp.IOStallS/2
	bt.StepTimeS = tp.StepTimeS / 2
	ss.baseline = &base
	c := common{Styles: styles.New(true), Keys: keymap.Default(), Width: 100, Height: 40}
	out := ansi.Strip(trainingView{}.Render(c, ss))
	cells := func(label string) int {
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 1 && f[0] == label && !strings.HasPrefix(f[1], "·") {
				n := 0
				for _, g := range c.Styles.StepSegments() {
					n += strings.Count(f[1], g.Glyph)
				}
				return n
			}
		}
		t.Fatalf("no %s bar:\n%s", label, out)
		return 0
	}
	step, baseline := cells("step"), cells("baseline")
	if d := step - 2*baseline; d < -1 || d > 1 {
		t.Errorf("step %d cells, baseline %d: want twice", step, baseline)
	}
	if !strings.Contains(out, "▲ +100.0%") {
		t.Errorf("a step twice the baseline's must show ▲ +100.0%%:\n%s", out)
	}
}

// TestStackCells checks the cell split: it adds up to the rounded total, a
// larger term never gets fewer cells than a smaller one, and figures that
// cannot be drawn give no cells.
func TestStackCells(t *testing.T) {
	for _, tc := range []struct {
		vals  []float64
		scale float64
		width int
		want  []int
	}{
		{[]float64{6.35, 0, 1.72, 0.189, 0.029, 0, 0.118, 0}, 8.41, 34, []int{26, 0, 7, 1, 0, 0, 0, 0}},
		{[]float64{1, 1, 1, 1}, 4, 10, []int{3, 3, 2, 2}},
		{[]float64{1, 1}, 4, 10, []int{3, 2}},
		{[]float64{math.NaN(), math.Inf(1), -3, 2}, 2, 10, []int{0, 0, 0, 10}},
		{[]float64{1, 2}, math.NaN(), 10, []int{0, 0}},
		{[]float64{1, 2}, 0, 10, []int{0, 0}},
		{[]float64{1, 2}, 3, 0, []int{0, 0}},
	} {
		if got := stackCells(tc.vals, tc.scale, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("stackCells(%v, %v, %d) = %v, want %v", tc.vals, tc.scale, tc.width, got, tc.want)
		}
	}
}

// TestTrainingViewWithoutJobs says there is nothing to show.
func TestTrainingViewWithoutJobs(t *testing.T) {
	cfg := withJob(t, func(*model.Cluster, *model.TrainingJob) {})
	cfg.Doc.Scenario.Workloads.Training = nil
	m := newTestModel(t, cfg, 80, 24)
	m = send(m, keys(trainingKey)...)
	if v := m.View(); !strings.Contains(v, "no training jobs") {
		t.Fatalf("the Training view of a scenario without jobs:\n%s", v)
	}
}

// TestPlacementGolden renders the Training view's placement comparison and
// the Topology view's on-prem cluster for the shipped on-prem + burst split,
// and for a data-parallel split (gradients over the WAN, shown critical).
// Regenerate with: go test ./tui -run TestPlacementGolden -update
func TestPlacementGolden(t *testing.T) {
	const burst = "../testdata/scenarios/onprem-burst-split.yaml"
	for _, tc := range []struct {
		name, view string
		edit       func(*model.Scenario)
	}{
		{"120x40/training-pipeline-split", trainingKey, nil},
		{"120x40/topology-onprem", "6", nil},
		{"100x30/training-data-split", trainingKey, func(s *model.Scenario) { s.Workloads.Training[0].SplitBy = model.SplitData }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _ := loadScenario(t, burst)
			if tc.edit != nil {
				sc := cloneScenario(cfg.Doc.Scenario)
				tc.edit(&sc)
				doc := *cfg.Doc
				doc.Scenario = sc
				cfg.Doc = &doc
			}
			w, h := 120, 40
			if strings.HasPrefix(tc.name, "100x30") {
				w, h = 100, 30
			}
			m := newTestModel(t, cfg, w, h)
			m = send(m, keys(tc.view, "G")...)
			golden.RequireEqual(t, []byte(m.View()))
		})
	}
}
