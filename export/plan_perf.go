package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// writePerformanceText adds the training, link and storage sections to the
// eval table.
func writePerformanceText(b *bytes.Buffer, p model.Plan) {
	if len(p.Training) > 0 {
		b.WriteString("\nTraining (per optimiser step, then per run)\n")
		t := newTextTable([]string{"JOB", "CLUSTER", "ACCEL", "STEP S", "COMPUTE S", "EXPOSED COMM S", "BUBBLE+RECOMP S", "I/O STALL S", "MFU", "HBM GIB", "EFFICIENCY", "DAYS", "ACCEL-HOURS", "RUN USD"}, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)
		for _, tp := range p.Training {
			t.row(tp.Job, fmt.Sprintf("%s (%d × %s)", tp.Cluster, tp.Nodes, tp.InstanceType), fmt.Sprint(tp.Accelerators),
				secs(tp.StepTimeS), secs(tp.StepComputeS), secs(tp.ExposedCommS), secs(tp.OverheadS), secs(tp.IOStallS), fmt.Sprintf("%.2f", tp.Compute.MFU),
				memCell(tp.Memory), pct(tp.ScalingEfficiency),
				fmt.Sprintf("%.1f", tp.TimeToTrainDays), model.FormatUSD(tp.AcceleratorHours, 0), "$"+model.FormatUSD(tp.RunCost.TotalUSD, 0))
		}
		t.write(b, "  ")
		for _, tp := range p.Training {
			for _, line := range trainingDetail(tp) {
				fmt.Fprintf(b, "  %s\n", line)
			}
		}
	}
	writeOnPremText(b, p)
	if len(p.Links) > 0 {
		b.WriteString("\nLinks\n")
		t := newTextTable([]string{"LINK", "TYPE", "CONNECTIONS", "LINE GBPS", "EFFICIENCY", "USABLE GBPS", "ONE DOWN GBPS", "UTIL IN", "UTIL OUT", "RTT"}, 2, 3, 4, 5, 6, 7, 8)
		for _, l := range p.Links {
			t.row(l.Link, linkType(l), fmt.Sprint(l.Connections), num(l.LineRateGbps), pct1(l.ProtocolEfficiency), num(l.UsableGbps),
				num(l.UsableGbpsOneFailed), pct1(l.InboundUtilisation), pct1(l.OutboundUtilisation), rttCell(l.RTTMs, l.RTTSource))
		}
		t.write(b, "  ")
		for _, l := range p.Links {
			if l.Note != "" {
				fmt.Fprintf(b, "  %s: %s\n", l.Link, l.Note)
			}
		}
		if hasTransfers(p.Links) {
			b.WriteString("\nData-set transfers\n")
			t = newTextTable([]string{"DATA SET", "LINK", "SIZE TB", "TIME", "ONE DOWN", "WINDOW H", "NEEDED GBPS", "IN WINDOW"}, 2, 5, 6)
			for _, l := range p.Links {
				for _, tr := range l.Transfers {
					t.row(tr.Dataset, l.Link, num(tr.SizeTB), hours(tr.Hours), hours(tr.HoursOneFailed), window(tr.WindowHours), needed(tr), yesNo(tr.MeetsWindow))
				}
			}
			t.write(b, "  ")
		}
	}
	writeDataPathsText(b, p)
	writeInferenceText(b, p)
	if s := p.Storage; s != nil {
		b.WriteString("\nStorage (FSx for Lustre)\n")
		for _, line := range storageDetail(s) {
			fmt.Fprintf(b, "  %s\n", line)
		}
	}
	if as := assumptions(p); len(as) > 0 {
		b.WriteString("\nPerformance assumptions\n")
		t := newTextTable([]string{"NAME", "VALUE", "UNIT", "CONFIDENCE", "SOURCE"}, 1)
		for _, a := range as {
			t.row(a.Name, num(a.Value), a.Unit, a.Confidence, a.Source)
		}
		t.write(b, "  ")
	}
}

// writePerformanceMarkdown adds the same sections to the Markdown plan.
func writePerformanceMarkdown(b *bytes.Buffer, p model.Plan) {
	if len(p.Training) > 0 {
		b.WriteString("## Training\n\n")
		b.WriteString("| Job | Cluster | Accelerators | Step s | Compute s | Exposed comm s | Bubble + recompute s | I/O stall s | MFU | HBM GiB | Efficiency | Days | Accelerator-hours | Run USD |\n")
		b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, tp := range p.Training {
			fmt.Fprintf(b, "| %s | %s (%d × %s) | %d | %s | %s | %s | %s | %s | %.2f | %s | %s | %.1f | %s | $%s |\n", mdName(tp.Job), mdName(tp.Cluster), tp.Nodes, tp.InstanceType,
				tp.Accelerators, secs(tp.StepTimeS), secs(tp.StepComputeS), secs(tp.ExposedCommS), secs(tp.OverheadS), secs(tp.IOStallS), tp.Compute.MFU, memCell(tp.Memory), pct(tp.ScalingEfficiency),
				tp.TimeToTrainDays, model.FormatUSD(tp.AcceleratorHours, 0), model.FormatUSD(tp.RunCost.TotalUSD, 0))
		}
		b.WriteString("\n")
		for _, tp := range p.Training {
			fmt.Fprintf(b, "### %s\n\n", mdName(tp.Job))
			for _, line := range trainingDetail(tp) {
				fmt.Fprintf(b, "- %s\n", mdEscape(strings.TrimSpace(line)))
			}
			b.WriteString("\n")
		}
	}
	writeOnPremMarkdown(b, p)
	if len(p.Links) > 0 {
		b.WriteString("## Links\n\n")
		b.WriteString("| Link | Type | Connections | Line Gbps | Efficiency | Usable Gbps | One down Gbps | Util in | Util out | RTT |\n")
		b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
		for _, l := range p.Links {
			fmt.Fprintf(b, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", mdName(l.Link), linkType(l), l.Connections, num(l.LineRateGbps),
				pct1(l.ProtocolEfficiency), num(l.UsableGbps), num(l.UsableGbpsOneFailed), pct1(l.InboundUtilisation), pct1(l.OutboundUtilisation), rttCell(l.RTTMs, l.RTTSource))
		}
		b.WriteString("\n")
		for _, l := range p.Links {
			if l.Note != "" {
				fmt.Fprintf(b, "%s: %s.\n\n", mdName(l.Link), mdEscape(l.Note))
			}
		}
		if hasTransfers(p.Links) {
			b.WriteString("| Data set | Link | Size TB | Time | One down | Window h | Needed Gbps | In window |\n")
			b.WriteString("|---|---|---:|---:|---:|---:|---:|---|\n")
			for _, l := range p.Links {
				for _, tr := range l.Transfers {
					fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdName(tr.Dataset), mdName(l.Link), num(tr.SizeTB),
						hours(tr.Hours), hours(tr.HoursOneFailed), window(tr.WindowHours), needed(tr), yesNo(tr.MeetsWindow))
				}
			}
			b.WriteString("\n")
		}
	}
	writeDataPathsMarkdown(b, p)
	writeInferenceMarkdown(b, p)
	if s := p.Storage; s != nil {
		b.WriteString("## Storage\n\n")
		for _, line := range storageDetail(s) {
			fmt.Fprintf(b, "- %s\n", mdEscape(line))
		}
		b.WriteString("\n")
	}
	if as := assumptions(p); len(as) > 0 {
		b.WriteString("## Performance assumptions\n\n| Name | Value | Unit | Confidence | Source |\n|---|---:|---|---|---|\n")
		for _, a := range as {
			src := a.Source
			if strings.HasPrefix(src, "http") {
				src = "<" + src + ">"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdEscape(a.Name), num(a.Value), mdEscape(a.Unit), a.Confidence, mdEscape(src))
		}
		b.WriteString("\n")
	}
}

// trainingDetail explains one job's figures, one line per topic.
func trainingDetail(tp model.TrainingPlan) []string {
	c, a, ck, rc := tp.Compute, tp.Allreduce, tp.Checkpoint, tp.RunCost
	st, m, ly, ar := tp.Step, tp.Memory, tp.Layout, tp.Architecture
	mfu := fmt.Sprintf("derived MFU %.2f", c.MFU)
	if c.MFUPinned {
		mfu = fmt.Sprintf("MFU %.2f pinned by the scenario", c.MFU)
	}
	moe := ""
	if ar.Experts > 1 {
		moe = fmt.Sprintf(", %d experts (top-%d), %s active", ar.Experts, ar.ExpertsPerToken, billions(c.ActiveParameters))
	}
	fits := "fits"
	if !m.Fits {
		fits = "DOES NOT FIT"
	}
	lines := []string{
		fmt.Sprintf("%s: %s model, %d layers × %d hidden, %d heads (%d KV), FFN %d, sequence %d%s",
			tp.Job, ar.Name, ar.Layers, ar.Hidden, ar.Heads, ar.KVHeads, ar.FFNHidden, ar.SeqLen, moe),
		fmt.Sprintf("    %.3g FLOPs = %s FLOPs/token (6N + 12·L·h·s) × %s tokens; %g TFLOPS peak (%s) × matmul efficiency %.2f; %s = %.0f TFLOPS per accelerator",
			c.TotalFLOPs, sci(c.ModelFLOPsPerToken), billions(c.Tokens), c.PeakTFLOPSPerAccel, tp.Precision, c.MatmulEfficiency, mfu, c.AchievedTFLOPSPerAccel),
		fmt.Sprintf("    layout: TP %d × PP %d × DP %d, EP %d, microbatch %d × %d per step, %d virtual stages, ZeRO-%d, %s (%s)",
			ly.TP, ly.PP, ly.DP, max(1, ly.EP), ly.Microbatch, st.Microbatches, max(1, ly.VirtualStages), ly.ZeRO, recomputeLabel(ly.Recompute), tp.Search.Note),
		fmt.Sprintf("    step %s s = compute %s + recompute %s + TP %s + bubble %s + pipeline sends %s + EP %s + exposed DP %s + I/O stall %s",
			secs(tp.StepTimeS), secs(st.ComputeS), secs(st.RecomputeS), secs(st.TPCommS), secs(st.PPBubbleS), secs(st.PPSendS), secs(st.EPCommS), secs(st.DPExposedS), secs(tp.IOStallS)),
		fmt.Sprintf("    memory per accelerator %.1f of %.0f GiB (%s): weights %.1f + gradients %.1f + optimizer %.1f + activations %.1f + reserved %.1f",
			m.TotalGiB, m.CapacityGiB, fits, m.WeightsGiB, m.GradientsGiB, m.OptimizerGiB, m.ActivationsGiB, m.ReservedGiB),
	}
	if b := tp.Search.Best; b != nil {
		verdict := "the layout used is the fastest that fits"
		if b.SpeedupFraction > 0.005 {
			verdict = fmt.Sprintf("TP%d PP%d would be %.0f%% faster and fits: %s (%.1f GiB%s)", b.Layout.TP, b.Layout.PP, 100*b.SpeedupFraction, b.Change, b.MemoryGiB, tightNote(b.MemoryGiB, m.CapacityGiB))
		}
		lines = append(lines, fmt.Sprintf("    layout search: %d legal layouts, %d fit; %s", tp.Search.Searched, tp.Search.Fitting, verdict))
	} else {
		lines = append(lines, fmt.Sprintf("    layout search: %d legal layouts, none fits in %.0f GiB", tp.Search.Searched, m.CapacityGiB))
	}
	for _, o := range tp.Search.FitChanges {
		lines = append(lines, fmt.Sprintf("    fits with: %s (%.1f GiB, step %s s)", o.Change, o.MemoryGiB, secs(o.StepTimeS)))
	}
	if c.Note != "" {
		lines = append(lines, "    note: "+c.Note)
	}
	lines = append(lines,
		fmt.Sprintf("    %s tokens per step × %s steps at %s tokens/s; reads %.4f GB/s at %g bytes/token",
			model.FormatUSD(tp.GlobalBatchTokens, 0), model.FormatUSD(tp.Steps, 0), model.FormatUSD(tp.TokensPerS, 0), tp.IngestGBytesPerS, tp.BytesPerToken),
		fmt.Sprintf("    data-parallel gradients (%s): %.2f GB per rank over %d ranks (%d per node, %d nodes); β %.0f GB/s per node (%s), %.0f GB/s per accelerator (NVLink), network hop %g µs (LL); %s s at %.1f GB/s busbw, %.0f%% hidden → %s s exposed",
			algName(a), a.MessageBytes/1e9, a.Ranks, a.RanksPerNode, a.NodesSpanned, a.Fabric.InterNodeGBytesPerS, interNodeName(a.Fabric), a.Fabric.IntraNodeGBytesPerS,
			a.Fabric.InterHopLatencyUs, secs(a.TimeS), a.BusBWGBytesPerS, 100*a.OverlapFraction, secs(a.ExposedS)))
	var alts []string
	for _, x := range a.Alternatives {
		alts = append(alts, fmt.Sprintf("%s %s s", x.Algorithm, secs(x.TimeS)))
	}
	lines = append(lines, "    one all-reduce of the whole gradient by algorithm: "+strings.Join(alts, ", "))
	if ck.IntervalMinutes <= 0 {
		lines = append(lines, fmt.Sprintf("    checkpoint: %s GB (%g bytes/parameter); no checkpoint interval set, none written", model.FormatUSD(ck.SizeGB, 0), ck.BytesPerParam))
	} else if ck.WriteS > 0 {
		lines = append(lines, fmt.Sprintf("    checkpoint: %s GB (%g bytes/parameter), %.0f s at %.2f GB/s every %g min = %s of wall time, %s checkpoints",
			model.FormatUSD(ck.SizeGB, 0), ck.BytesPerParam, ck.WriteS, ck.WriteGBytesPerS, ck.IntervalMinutes, pct1(ck.OverheadFraction), model.FormatUSD(ck.Count, 0)))
	} else {
		lines = append(lines, fmt.Sprintf("    checkpoint: %s GB (%g bytes/parameter); %s", model.FormatUSD(ck.SizeGB, 0), ck.BytesPerParam, ck.Note))
	}
	lines = append(lines, fmt.Sprintf("    run: %.0f h training + checkpoints = %.0f h; $%s = instances $%s (%d × $%s/h) + storage $%s + transfer $%s; monthly run-rate $%s",
		tp.TrainHours, tp.TimeToTrainHours, model.FormatUSD(rc.TotalUSD, 0), model.FormatUSD(rc.InstancesUSD, 0), tp.Nodes, unitPrice(rc.InstanceUSDPerHour),
		model.FormatUSD(rc.StorageUSD, 0), model.FormatUSD(rc.TransferUSD, 0), model.FormatUSD(rc.MonthlyRunRateUSD, 0)))
	var sc []string
	for _, s := range tp.Scaling {
		sc = append(sc, fmt.Sprintf("%d: %s s %s", s.Nodes, secs(s.StepTimeS), pct(s.Efficiency)))
	}
	lines = append(lines, "    scaling (nodes: step, efficiency): "+strings.Join(sc, " · "))
	return lines
}

// memCell is "72/80" or "95/80 ✗" (GiB per accelerator against HBM).
func memCell(m model.Memory) string {
	out := fmt.Sprintf("%.0f/%.0f", m.TotalGiB, m.CapacityGiB)
	if !m.Fits {
		out += " ✗"
	}
	return out
}

// tightNote flags a layout within 5% of HBM, inside the memory model's
// uncertainty (docs/model.md §1.6).
func tightNote(gib, capacity float64) string {
	if capacity > 0 && gib > 0.95*capacity {
		return fmt.Sprintf(", tight: %.0f%% of HBM", 100*gib/capacity)
	}
	return ""
}

// algName is the data-parallel algorithm, with NCCL's pick for auto.
func algName(a model.AllreducePlan) string {
	if a.Picked != "" {
		return a.Algorithm + ": NCCL picks " + a.Picked
	}
	return a.Algorithm
}

// recomputeLabel names a recomputation strategy in a sentence.
func recomputeLabel(r string) string {
	if r == model.RecomputeNone {
		return "no recomputation"
	}
	return r + " recomputation"
}

// sci formats a large count as 6.47e+11.
func sci(v float64) string { return fmt.Sprintf("%.3g", v) }

func storageDetail(s *model.StoragePlan) []string {
	valid := "an allowed size"
	if !s.CapacityValid {
		valid = "NOT an allowed size"
	}
	efa := ""
	if s.EFAEnabled {
		efa = ", EFA-enabled"
	}
	lines := []string{
		fmt.Sprintf("%s %s%s: %g TiB × %g MB/s/TiB = %.2f GB/s baseline; %s (minimum %g TiB, steps of %g TiB)",
			s.DeploymentType, s.StorageType, efa, s.CapacityTiB, s.ThroughputMBpsPerTiB, s.ThroughputGBytesPerS, valid, s.MinCapacityTiB, s.IncrementTiB),
		fmt.Sprintf("training needs %.4f GB/s and reads %.4f GB/s: GPUs idle %s of the time waiting for storage; capacity without stall at this tier: %g TiB",
			s.DemandGBytesPerS, s.IngestGBytesPerS, pct1(s.IdleFraction), s.NoStallCapacityTiB),
	}
	for _, h := range s.Hydration {
		fits := "fits"
		if !h.FitsCapacity {
			fits = "does not fit"
		}
		lines = append(lines, fmt.Sprintf("hydration S3 → FSx of %s (%g TB): %s at the baseline throughput; %s in the file system", h.Dataset, h.SizeTB, hours(h.Hours), fits))
	}
	return lines
}

// assumptions lists the distinct assumptions of every training job.
func assumptions(p model.Plan) []model.Assumption {
	var out []model.Assumption
	seen := map[string]bool{}
	all := make([][]model.Assumption, 0, len(p.Training)+len(p.OnPrem))
	for _, tp := range p.Training {
		all = append(all, tp.Assumptions)
	}
	for _, o := range p.OnPrem {
		all = append(all, o.Assumptions)
	}
	for _, as := range all {
		for _, a := range as {
			key := a.Name + "\x00" + fmt.Sprint(a.Value)
			if !seen[key] {
				seen[key] = true
				out = append(out, a)
			}
		}
	}
	return out
}

func hasTransfers(ls []model.LinkPlan) bool {
	for _, l := range ls {
		if len(l.Transfers) > 0 {
			return true
		}
	}
	return false
}

// secs shows seconds with three significant figures.
func secs(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1:
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3f", v)
}

func pct(f float64) string  { return fmt.Sprintf("%.0f%%", 100*f) }
func pct1(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// num shows a figure with up to four significant digits.
func num(v float64) string { return fmt.Sprintf("%.4g", v) }

func hours(h float64) string {
	switch {
	case h <= 0:
		return "—"
	case h >= 48:
		return fmt.Sprintf("%.1f d", h/24)
	}
	return fmt.Sprintf("%.1f h", h)
}

func window(h float64) string {
	if h <= 0 {
		return "—"
	}
	return num(h)
}

func needed(t model.TransferPlan) string {
	if t.WindowHours <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", t.RequiredPortGbps)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

func billions(v float64) string { return model.FormatUSD(v/1e9, 0) + "B" }

// interNodeName names a fabric's inter-node network: EFA on AWS, the
// on-prem fabric (e.g. infiniband-ndr) for an on-prem cluster, whose
// generation reads "<fabric> + <gpu generation> NVLink".
func interNodeName(f model.Fabric) string {
	if name, _, onprem := strings.Cut(f.Generation, " + "); onprem {
		return name
	}
	return "EFA"
}

// linkType is the link type with its virtual interface ("dx-dedicated, private VIF").
func linkType(l model.LinkPlan) string {
	if l.VIF == "" {
		return l.Type
	}
	return l.Type + ", " + l.VIF + " VIF"
}
