package planner

import (
	"math"

	"github.com/topoplan/topoplan/model"
)

// performanceFigures lists the plan's performance headline numbers for
// compare and sweep: per training job its time to train, step time, exposed
// communication, derived MFU, memory per accelerator, pipeline bubble and
// recomputation, scaling efficiency, accelerator-hours and run cost; per link
// the slowest data-set transfer; FSx throughput and idle fraction. Keys are
// "<figure>.<job or link>".
func performanceFigures(p model.Plan) []Figure {
	figs := make([]Figure, 0, 11*len(p.Training)+2*len(p.Links)+2)
	for _, tp := range p.Training {
		j := "." + tp.Job
		figs = append(figs,
			Figure{Key: "time_to_train_days" + j, Label: "Time to train (" + tp.Job + ")", Value: tp.TimeToTrainDays, Unit: "days", LowerIsBetter: true},
			Figure{Key: "step_time_s" + j, Label: "  Step time", Value: tp.StepTimeS, Unit: "s", LowerIsBetter: true},
			Figure{Key: "exposed_comm_fraction" + j, Label: "  Exposed communication", Value: tp.ExposedCommFraction, Unit: "fraction", LowerIsBetter: true},
			Figure{Key: "overhead_s" + j, Label: "  Bubble + recompute", Value: tp.OverheadS, Unit: "s", LowerIsBetter: true},
			Figure{Key: "mfu" + j, Label: "  MFU", Value: tp.Compute.MFU, Unit: "fraction"},
			Figure{Key: "memory_gib" + j, Label: "  HBM per accelerator", Value: tp.Memory.TotalGiB, Unit: "GiB", LowerIsBetter: true},
			Figure{Key: "io_stall_fraction" + j, Label: "  I/O stall", Value: tp.IOStallFraction, Unit: "fraction", LowerIsBetter: true},
			Figure{Key: "scaling_efficiency" + j, Label: "  Scaling efficiency", Value: tp.ScalingEfficiency, Unit: "fraction"},
			Figure{Key: "checkpoint_overhead_fraction" + j, Label: "  Checkpoint overhead", Value: tp.Checkpoint.OverheadFraction, Unit: "fraction", LowerIsBetter: true},
			Figure{Key: "accelerator_hours" + j, Label: "  Accelerator-hours", Value: tp.AcceleratorHours, Unit: "hours", LowerIsBetter: true},
			Figure{Key: "run_cost_usd" + j, Label: "  Cost per run", Value: tp.RunCost.TotalUSD, Unit: "USD", LowerIsBetter: true},
		)
	}
	for _, l := range p.Links {
		slowest := 0.0
		for _, t := range l.Transfers {
			slowest = math.Max(slowest, t.Hours)
		}
		figs = append(figs, Figure{Key: "usable_gbps." + l.Link, Label: "Usable capacity (" + l.Link + ")", Value: l.UsableGbps, Unit: "Gbps"})
		if len(l.Transfers) > 0 {
			figs = append(figs, Figure{Key: "transfer_hours." + l.Link, Label: "  Slowest data-set transfer", Value: slowest, Unit: "hours", LowerIsBetter: true})
		}
	}
	if s := p.Storage; s != nil {
		figs = append(figs,
			Figure{Key: "fsx_throughput_gbytes_per_s", Label: "FSx throughput", Value: s.ThroughputGBytesPerS, Unit: "GB/s"},
			Figure{Key: "storage_idle_fraction", Label: "  GPU idle on storage", Value: s.IdleFraction, Unit: "fraction", LowerIsBetter: true})
	}
	return figs
}
