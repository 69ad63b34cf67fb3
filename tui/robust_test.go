package tui

import (
	"fmt"
	"math"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/tui/keymap"
	"github.com/topoplan/topoplan/tui/styles"
)

// oddValues are figures a broken or extreme evaluation could produce.
var oddValues = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -1, 1e300, 5e-324}

// oddPlan is a plan whose every training and storage figure is v.
func oddPlan(base model.Plan, v float64) model.Plan {
	p := base
	p.Training = nil
	for _, t := range base.Training {
		t.StepTimeS, t.StepComputeS, t.ExposedCommS, t.OverheadS, t.IOStallS = v, v, v, v, v
		t.TimeToTrainDays, t.ScalingEfficiency, t.RunCost.TotalUSD = v, v, v
		t.Step = model.Step{ComputeS: v, RecomputeS: v, TPCommS: v, PPBubbleS: v, PPSendS: v, EPCommS: v, DPCommS: v, DPExposedS: v, TotalS: v}
		t.Memory = model.Memory{WeightsGiB: v, GradientsGiB: v, OptimizerGiB: v, ActivationsGiB: v, ReservedGiB: v, TotalGiB: v, CapacityGiB: v, Fits: v == 0}
		t.Compute.MFU, t.Compute.MatmulEfficiency, t.Compute.PeakTFLOPSPerAccel = v, v, v
		t.Compute.Parameters, t.Compute.ActiveParameters = v, v
		t.Search.Best = &model.LayoutOption{Layout: model.Layout{TP: 1}, StepTimeS: v, MemoryGiB: v, SpeedupFraction: v}
		t.Search.FitChanges = []model.LayoutOption{{StepTimeS: v, MemoryGiB: v, Change: "x"}}
		for i := range t.Scaling {
			t.Scaling[i].StepTimeS, t.Scaling[i].Efficiency, t.Scaling[i].TimeToTrainHours = v, v, v
		}
		for i := range t.BusBandwidth {
			t.BusBandwidth[i].BusBWGBytesPerS, t.BusBandwidth[i].TimeUs = v, v
		}
		p.Training = append(p.Training, t)
	}
	if base.Storage != nil {
		st := *base.Storage
		st.ThroughputGBytesPerS, st.IngestGBytesPerS, st.DemandGBytesPerS, st.IdleFraction = v, v, v, v
		p.Storage = &st
	}
	p.MonthlyCost.TotalUSD = v
	return p
}

// TestNonFiniteFiguresNeverPanic draws every view, with and without a
// baseline, at 80×24 and at tiny sizes, for plans whose figures are NaN,
// ±Inf, zero, negative or extreme.
func TestNonFiniteFiguresNeverPanic(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	ref := New(cfg).ss
	for _, v := range oddValues {
		for _, withBase := range []bool{false, true} {
			for _, size := range [][2]int{{80, 24}, {120, 40}, {20, 5}, {1, 1}} {
				name := fmt.Sprintf("%g/base=%v/%dx%d", v, withBase, size[0], size[1])
				t.Run(name, func(t *testing.T) {
					ss := &session{cat: ref.cat, scen: ref.scen, plan: oddPlan(ref.plan, v)}
					if withBase {
						b := oddPlan(ref.plan, oddValues[(indexOf(v)+1)%len(oddValues)])
						ss.baseline = &b
					}
					for _, plain := range []bool{true, false} {
						c := common{Styles: styles.New(plain), Keys: keymap.Default(), Width: size[0], Height: size[1]}
						for _, view := range New(cfg).views {
							func() {
								defer func() {
									if r := recover(); r != nil {
										t.Fatalf("%s view panicked: %v", view.Title(), r)
									}
								}()
								_ = view.Render(c, ss)
							}()
						}
					}
				})
			}
		}
	}
}

func indexOf(v float64) int {
	for i, o := range oddValues {
		if o == v || (math.IsNaN(o) && math.IsNaN(v)) {
			return i
		}
	}
	return 0
}

// TestIllegalTrainingValuesNeverPanic types values outside the legal grid
// into the new training fields (the editor steps only legal ones, but a
// value can be typed or come from the file) and draws the Training view.
func TestIllegalTrainingValuesNeverPanic(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	for _, tc := range []struct{ field, text string }{
		{"model", "llama9-1t"}, {"zero_stage", "7"}, {"zero_stage", "-1"}, {"recompute", "sometimes"},
		{"microbatch", "3"}, {"microbatch", "100000"}, {"virtual_stages", "3"}, {"expert_parallel", "3"},
		{"tensor_parallel", "3"}, {"tensor_parallel", "16"}, {"pipeline_parallel", "7"}, {"layers", "1"},
		{"heads", "7"}, {"hidden", "1"}, {"seq_len", "1"}, {"experts", "3"}, {"experts_per_token", "9"},
		{"active_parameters_b", "1000"}, {"kv_heads", "1000"},
	} {
		t.Run(tc.field+"="+tc.text, func(t *testing.T) {
			m := newTestModel(t, cfg, 80, 24)
			m = focusField(t, m, job0+tc.field)
			m = send(m, keys("enter")...)
			m = send(m, clearInput()...)
			m = send(m, keys(tc.text, "enter", "esc", trainingKey)...)
			for _, size := range [][2]int{{80, 24}, {120, 40}} {
				m = send(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				_ = m.View()
			}
		})
	}
}
