package planner

import (
	"fmt"
	"math"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// Thresholds of the performance findings (docs/model.md, "Findings").
const (
	// exposedCommWarn and exposedCommCritical are shares of the step spent
	// waiting for gradient all-reduce.
	exposedCommWarn     = 0.10
	exposedCommCritical = 0.30
	// ioStallWarn and ioStallCritical are shares of the step spent waiting for storage.
	ioStallWarn     = 0.02
	ioStallCritical = 0.20
	// checkpointWarn is the share of wall time spent writing checkpoints.
	checkpointWarn = 0.05
	// utilisationWarn is the steady-state share of a link's capacity.
	utilisationWarn = 0.8
)

// performanceFindings draws the guardrail and bottleneck findings from the
// evaluated plan, most important first within each severity.
func performanceFindings(p *model.Plan, s model.Scenario, cat *model.Catalog, c *constants) []model.Finding {
	var out []model.Finding
	out = append(out, clusterGuardrails(s, cat)...)
	if p.Storage != nil {
		out = append(out, storageFindings(p, s)...)
	}
	for i := range p.Training {
		out = append(out, trainingFindings(&p.Training[i], s, cat, c)...)
	}
	out = append(out, linkFindings(p.Links, s)...)
	if len(c.missing) > 0 {
		out = append(out, model.Finding{
			Severity: model.SeverityInfo,
			Code:     "perf.constant-missing",
			Title:    "Catalog constants missing or out of range, built-in fallbacks used: " + strings.Join(c.missing, ", "),
			Detail:   "docs/model.md lists each constant's fallback and source; the assumptions of each training job show which values were used.",
			Remedy:   "Add the constants to a catalog overlay (--catalog) or update the catalog.",
		})
	}
	return out
}

// clusterGuardrails are the checks an architect would otherwise learn from a
// failed launch: EFA across AZs, a placement group on reserved capacity, and
// collective traffic that leaves EFA.
func clusterGuardrails(s model.Scenario, cat *model.Catalog) []model.Finding {
	var out []model.Finding
	training := map[string]bool{}
	for _, j := range s.Workloads.Training {
		training[j.Cluster] = true
	}
	for _, c := range s.Clusters {
		efa := c.EFA != nil && *c.EFA
		pg := c.PlacementGroup != nil && *c.PlacementGroup
		if efa && len(c.AZs) > 1 {
			out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "cluster.efa-multi-az",
				Title:  fmt.Sprintf("%s: EFA cluster spread over %d AZs (%s)", c.Name, len(c.AZs), strings.Join(c.AZs, ", ")),
				Detail: "EFA OS-bypass traffic cannot leave its subnet and a cluster placement group is one AZ (EC2 User Guide: EFA, placement groups); the launch or NCCL will fail.",
				Remedy: "Put the cluster in one AZ (az: " + c.AZs[0] + "), or split it into one cluster per AZ with separate jobs."})
		}
		if pg && (c.Purchase.Option == model.PurchaseCapacityBlock || c.Purchase.Option == model.PurchaseReserved) {
			out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "cluster.placement-group-reserved-capacity",
				Title:  fmt.Sprintf("%s: cluster placement group combined with a %s", c.Name, c.Purchase.Option),
				Detail: "Capacity Blocks and capacity reservations carry their own placement; launching them into a separate cluster placement group fails with insufficient-capacity errors.",
				Remedy: "Set placement_group: false and launch into the reservation's own placement."})
		}
		if !training[c.Name] || c.Nodes < 2 {
			continue
		}
		inst := cat.Instances[c.InstanceType]
		if !efa {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "nccl.no-efa",
				Title:  fmt.Sprintf("%s: training over %d nodes without EFA: NCCL falls back to TCP sockets on ENA", c.Name, c.Nodes),
				Detail: fmt.Sprintf("The model applies the EFA fraction to the %g Gbps ENA line rate, an upper bound: NCCL's socket transport usually reaches far less.", inst.NetworkGbps),
				Remedy: "Enable EFA (efa: true) on an EFA-capable type in one AZ."})
		}
		if len(c.AZs) > 1 {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "nccl.crosses-subnets",
				Title:  fmt.Sprintf("%s: training traffic crosses %d AZs", c.Name, len(c.AZs)),
				Detail: "Collective traffic between AZs leaves the placement group, crosses subnets (EFA cannot) and is billed as inter-AZ transfer each direction.",
				Remedy: "Keep a training cluster in one AZ."})
		}
		if c.Region != s.AWS.Region && s.Storage.FSxLustre != nil {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "storage.cross-region",
				Title:  fmt.Sprintf("%s: trains in %s but the FSx for Lustre file system is in %s", c.Name, c.Region, s.AWS.Region),
				Detail: "Training data and checkpoints would cross regions (inter-region transfer, no EFA, no Lustre client locality); the model gives this cluster no storage throughput.",
				Remedy: "Put a file system in the training cluster's region."})
		}
	}
	return out
}

func storageFindings(p *model.Plan, s model.Scenario) []model.Finding {
	var out []model.Finding
	sp := p.Storage
	f := s.Storage.FSxLustre
	if f.EFAEnabled && f.CapacityTiB < sp.MinCapacityTiB-1e-9 {
		out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "storage.fsx-efa-minimum",
			Title: fmt.Sprintf("FSx for Lustre: %g TiB is below the %g TiB minimum of an EFA-enabled PERSISTENT_2 file system at %g MB/s/TiB",
				f.CapacityTiB, sp.MinCapacityTiB, f.ThroughputMBpsPerTiB),
			Detail: "EFA-enabled file systems come in multiples of 4,800 GiB at 1000 MB/s/TiB, 9,600 at 500, 19,200 at 250 and 38,400 at 125 (FSx for Lustre User Guide).",
			Remedy: fmt.Sprintf("Use %g TiB, a higher throughput tier, or a file system without EFA.", sp.MinCapacityTiB)})
	} else if !sp.CapacityValid {
		z := model.FSxSizing{MinTiB: sp.MinCapacityTiB, IncrementTiB: sp.IncrementTiB}
		if !f.EFAEnabled && f.StorageType != "HDD" {
			z.FirstSizesTiB = []float64{1.2}
		}
		out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "storage.fsx-capacity-increment",
			Title: fmt.Sprintf("FSx for Lustre: %g TiB is not an allowed %s size (minimum %g TiB, then steps of %g TiB)",
				f.CapacityTiB, f.DeploymentType, sp.MinCapacityTiB, sp.IncrementTiB),
			Detail: "CreateFileSystem rejects other sizes.",
			Remedy: fmt.Sprintf("Use %g TiB.", round(z.RoundUp(f.CapacityTiB), 2))})
	}
	if sp.IdleFraction >= ioStallWarn {
		sev := model.SeverityWarning
		if sp.IdleFraction >= ioStallCritical {
			sev = model.SeverityCritical
		}
		out = append(out, model.Finding{Severity: sev, Code: "storage.io-stall",
			Title: fmt.Sprintf("Storage starves the GPUs %.0f%% of the time: training needs %.2f GB/s, FSx delivers %.2f GB/s",
				100*sp.IdleFraction, sp.DemandGBytesPerS, sp.ThroughputGBytesPerS),
			Detail: fmt.Sprintf("%g TiB × %g MB/s/TiB baseline; the data loader cannot prefetch faster than the file system serves.", f.CapacityTiB, f.ThroughputMBpsPerTiB),
			Remedy: ioRemedy(sp, f)})
	}
	capTB := model.TiBToTB(f.CapacityTiB)
	for _, h := range sp.Hydration {
		if !h.FitsCapacity {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "storage.dataset-exceeds-fsx",
				Title: fmt.Sprintf("Data set %s (%g TB) is larger than the %g TiB (%.1f TB) file system: it holds %.0f%% of it",
					h.Dataset, h.SizeTB, f.CapacityTiB, capTB, 100*capTB/h.SizeTB),
				Detail: "Lazy loading from the S3 data repository serves the rest at S3 speed, and evicting files needs a release policy.",
				Remedy: fmt.Sprintf("Tokenise or filter the data before loading, or size FSx to at least %g TiB.", round(model.FSxSizingFor(*f, sp.MinCapacityTiB*f.ThroughputMBpsPerTiB).RoundUp(h.SizeTB*1e12/(1000*(1<<30))), 2))})
		}
	}
	return out
}

func trainingFindings(tp *model.TrainingPlan, s model.Scenario, cat *model.Catalog, c *constants) []model.Finding {
	var out []model.Finding
	out = append(out, memoryFindings(tp, cat)...)
	out = append(out, layoutFindings(tp)...)
	if tp.ExposedCommFraction >= exposedCommWarn {
		sev := model.SeverityWarning
		if tp.ExposedCommFraction >= exposedCommCritical {
			sev = model.SeverityCritical
		}
		st := tp.Step
		out = append(out, model.Finding{Severity: sev, Code: "perf.comm-exposed",
			Title: fmt.Sprintf("%s: communication exposes %.0f%% of each step (%.2f s of %.2f s)",
				tp.Job, 100*tp.ExposedCommFraction, tp.ExposedCommS, tp.StepTimeS),
			Detail: fmt.Sprintf("Exposed per step: tensor-parallel %.2f s, pipeline sends %.2f s, expert all-to-all %.2f s, data-parallel %.2f s. "+
				"The data-parallel reduction of %.2f GB over %d ranks on %d nodes takes %.2f s (%s, %.0f GB/s bus bandwidth); %.0f%% of it can hide behind the last microbatch's backward pass.",
				st.TPCommS, st.PPSendS, st.EPCommS, st.DPExposedS,
				tp.Allreduce.MessageBytes/1e9, tp.Allreduce.Ranks, tp.Allreduce.NodesSpanned, tp.Allreduce.TimeS, tp.Allreduce.Algorithm,
				tp.Allreduce.BusBWGBytesPerS, 100*tp.Allreduce.OverlapFraction),
			Remedy: commRemedy(tp, cat)})
	}
	if tp.Checkpoint.OverheadFraction >= checkpointWarn {
		ck := tp.Checkpoint
		need := ck.SizeGB / (0.01 / 0.99 * ck.IntervalMinutes * 60)
		out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "perf.checkpoint-overhead",
			Title: fmt.Sprintf("%s: checkpoints take %.0f%% of wall time (%.0f GB every %g min, %.0f s each)",
				tp.Job, 100*ck.OverheadFraction, ck.SizeGB, ck.IntervalMinutes, ck.WriteS),
			Detail: fmt.Sprintf("%g bytes/parameter written at %.2f GB/s; training pauses while it writes.", ck.BytesPerParam, ck.WriteGBytesPerS),
			Remedy: fmt.Sprintf("Write checkpoints asynchronously, or raise FSx throughput to %.1f GB/s%s to bring the overhead under 1%%.", need, fsxFor(s, need, c))})
	}
	if tp.IOStallFraction >= ioStallWarn && s.Storage.FSxLustre == nil {
		out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "perf.io-stall", Title: fmt.Sprintf("%s: waits for data %.0f%% of each step", tp.Job, 100*tp.IOStallFraction)})
	}
	mfu := fmt.Sprintf("derived MFU %.2f", tp.Compute.MFU)
	remedy := "The step is derived term by term (docs/model.md): the largest non-compute term is where to look first. Pin mfu only with a figure measured on your own stack."
	if tp.Compute.MFUPinned {
		mfu = fmt.Sprintf("pinned MFU %.2f", tp.Compute.MFU)
		remedy = "The time scales with 1/MFU: the pinned MFU replaces the derived model (remove mfu to see the derived step)."
	}
	st := tp.Step
	out = append(out, model.Finding{Severity: model.SeverityInfo, Code: "perf.time-to-train",
		Title: fmt.Sprintf("%s: %.1f days on %d × %s (%d accelerators), %s accelerator-hours, $%s per run",
			tp.Job, tp.TimeToTrainDays, tp.Nodes, tp.InstanceType, tp.Accelerators, model.FormatUSD(tp.AcceleratorHours, 0), money(tp.RunCost.TotalUSD)),
		Detail: fmt.Sprintf("%.3g FLOPs at %s of %g TFLOPS; step %.2f s = %.2f s compute + %.2f s recompute + %.2f s TP + %.2f s bubble + %.2f s pipeline sends + %.2f s EP + %.2f s exposed DP + %.2f s I/O stall; scaling efficiency %.0f%%.",
			tp.Compute.TotalFLOPs, mfu, tp.Compute.PeakTFLOPSPerAccel, tp.StepTimeS, st.ComputeS, st.RecomputeS, st.TPCommS, st.PPBubbleS, st.PPSendS, st.EPCommS, st.DPExposedS, tp.IOStallS, 100*tp.ScalingEfficiency),
		Remedy: remedy})
	return out
}

// memoryFindings raises a critical finding when the layout used does not
// fit in HBM, with the numbers and the smallest changes that fit.
func memoryFindings(tp *model.TrainingPlan, cat *model.Catalog) []model.Finding {
	m := tp.Memory
	if m.Fits {
		return nil
	}
	var fixes []string
	for _, o := range tp.Search.FitChanges {
		fixes = append(fixes, fmt.Sprintf("%s (%.0f GiB, step %.2f s)", o.Change, o.MemoryGiB, o.StepTimeS))
	}
	if names := largerMemory(cat, tp.InstanceType, m.TotalGiB); len(names) > 0 {
		fixes = append(fixes, "an instance type with enough HBM for this layout: "+strings.Join(names, ", "))
	}
	remedy := "No layout on this cluster fits: add nodes, or choose an instance type with more HBM."
	if len(fixes) > 0 {
		remedy = "Smallest changes that fit: " + strings.Join(fixes, "; ") + "."
	}
	return []model.Finding{{Severity: model.SeverityCritical, Code: "perf.memory-does-not-fit",
		Title: fmt.Sprintf("%s: needs %.1f GiB per accelerator, %s has %.0f GiB (%s)", tp.Job, m.TotalGiB, tp.InstanceType, m.CapacityGiB, layoutName(tp.Layout)),
		Detail: fmt.Sprintf("weights %.1f + gradients %.1f + optimizer %.1f + activations %.1f + reserved %.1f GiB (mixed-precision Adam, ZeRO-%d over DP %d, %s recompute, %d microbatches in flight on the first stage).",
			m.WeightsGiB, m.GradientsGiB, m.OptimizerGiB, m.ActivationsGiB, m.ReservedGiB, tp.Layout.ZeRO, tp.Layout.DP, tp.Layout.Recompute, min(tp.Step.Microbatches, max(1, tp.Layout.PP))),
		Remedy: remedy}}
}

// largerMemory lists up to three catalog instance types, by HBM, whose
// accelerators have at least needGiB.
func largerMemory(cat *model.Catalog, instanceType string, needGiB float64) []string {
	var out []string
	for _, name := range InstanceTypes(cat) {
		in := cat.Instances[name]
		if name != instanceType && in.AcceleratorCount > 0 && in.AcceleratorMemoryGiB >= needGiB {
			out = append(out, fmt.Sprintf("%s (%.0f GiB)", name, in.AcceleratorMemoryGiB))
			if len(out) == 3 {
				break
			}
		}
	}
	return out
}

// layoutFindings report tensor parallelism across nodes and a faster
// layout that fits.
func layoutFindings(tp *model.TrainingPlan) []model.Finding {
	var out []model.Finding
	if tp.Step.TPSpansNodes {
		out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "perf.tp-across-nodes",
			Title:  fmt.Sprintf("%s: tensor parallelism of %d spans nodes: %.2f s of TP collectives per step go over EFA", tp.Job, tp.Layout.TP, tp.Step.TPCommS),
			Remedy: "Keep TP within a node (NVLink) and use pipeline parallelism across nodes."})
	}
	if b := tp.Search.Best; b != nil && b.SpeedupFraction >= 0.02 && tp.Memory.Fits {
		tight := ""
		if c := tp.Memory.CapacityGiB; c > 0 && b.MemoryGiB > 0.95*c {
			tight = fmt.Sprintf(", tight: %.0f%% of HBM, within the memory model's ±15%%", 100*b.MemoryGiB/c)
		}
		out = append(out, model.Finding{Severity: model.SeverityInfo, Code: "perf.faster-layout",
			Title:  fmt.Sprintf("%s: %s would be %.0f%% faster and fits (%.0f GiB per accelerator%s)", tp.Job, layoutName(b.Layout), 100*b.SpeedupFraction, b.MemoryGiB, tight),
			Detail: fmt.Sprintf("Change: %s. Best of %d legal layouts searched (%d fit in HBM); step %.2f s against %.2f s.", b.Change, tp.Search.Searched, tp.Search.Fitting, b.StepTimeS, tp.Step.TotalS),
			Remedy: "Set the job's tensor_parallel, pipeline_parallel, microbatch, virtual_stages, zero_stage and recompute to the layout above, or leave them unset to let the search choose."})
	}
	return out
}

// commRemedy names the algorithm that exposes least and what doubling the
// per-node EFA bandwidth would do, with the resulting exposed shares.
func commRemedy(tp *model.TrainingPlan, cat *model.Catalog) string {
	best := tp.Allreduce.Alternatives[0]
	for _, a := range tp.Allreduce.Alternatives {
		if a.ExposedS < best.ExposedS {
			best = a
		}
	}
	other := tp.StepTimeS - tp.Step.DPExposedS
	share := func(exposed float64) float64 {
		return 100 * (tp.ExposedCommS - tp.Step.DPExposedS + exposed) / (other + exposed)
	}
	// The same all-reduce with twice the inter-node bandwidth per node.
	a := tp.Allreduce
	g := model.Group{Ranks: a.Ranks, RanksPerNode: a.RanksPerNode}
	f2 := a.Fabric
	f2.InterNodeGBytesPerS *= 2
	window := (tp.Step.ComputeS + tp.Step.RecomputeS) / float64(max(1, tp.Step.Microbatches))
	doubled := model.ExposedCommSeconds(model.AllreduceSeconds(f2, g, a.Algorithm, a.MessageBytes), window, a.OverlapFraction)
	var b strings.Builder
	if best.Algorithm != tp.Allreduce.Algorithm && best.ExposedS < tp.Step.DPExposedS*0.95 {
		fmt.Fprintf(&b, "%s all-reduce cuts the exposed share to %.0f%%; ", best.Algorithm, share(best.ExposedS))
	}
	if fab, _, onprem := strings.Cut(a.Fabric.Generation, " + "); onprem && doubled < tp.Step.DPExposedS*0.95 {
		// An on-prem cluster: more or faster fabric ports, not an instance type.
		fmt.Fprintf(&b, "2× the %s bandwidth per node (more or faster ports) cuts it to %.0f%%; ", fab, share(doubled))
	} else if doubled < tp.Step.DPExposedS*0.95 {
		fmt.Fprintf(&b, "an instance type with 2× the EFA bandwidth per node cuts it to %.0f%%", share(doubled))
		if names := fasterFabrics(cat, tp.InstanceType); len(names) > 0 {
			fmt.Fprintf(&b, " (catalog types with ≥ 2× the EFA bandwidth per accelerator: %s)", strings.Join(names, ", "))
		}
		b.WriteString("; ")
	} else {
		fmt.Fprintf(&b, "the intra-node link (%.0f GB/s per accelerator), not EFA, limits the ring, so more EFA bandwidth does not help; ", a.Fabric.IntraNodeGBytesPerS)
	}
	b.WriteString("a larger global batch spreads the same gradient bytes over more compute")
	return b.String()
}

func linkFindings(links []model.LinkPlan, s model.Scenario) []model.Finding {
	var out []model.Finding
	byName := map[string]model.Link{}
	for _, l := range s.Links {
		byName[l.Name] = l
	}
	for _, lp := range links {
		l := byName[lp.Link]
		for _, t := range lp.Transfers {
			if t.WindowHours <= 0 {
				continue
			}
			if !t.MeetsWindow {
				out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "link.transfer-window",
					Title: fmt.Sprintf("%s: %g TB takes %s over %s (%.1f Gbps usable), beyond its %g h window",
						t.Dataset, t.SizeTB, duration(t.Hours), lp.Link, lp.UsableGbps, t.WindowHours),
					Detail: fmt.Sprintf("Moving it in %g h needs %.1f Gbps of line rate at %.1f%% protocol efficiency.", t.WindowHours, t.RequiredPortGbps, 100*lp.ProtocolEfficiency),
					Remedy: portRemedy(lp, l, t.RequiredPortGbps)})
			} else if lp.Redundant && t.HoursOneFailed > t.WindowHours {
				out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "link.transfer-window-one-failed",
					Title: fmt.Sprintf("%s: one connection of %s failing stretches the %g TB transfer from %s to %s, beyond its %g h window",
						t.Dataset, lp.Link, t.SizeTB, duration(t.Hours), duration(t.HoursOneFailed), t.WindowHours),
					Remedy: portRemedy(lp, l, t.RequiredPortGbps*float64(max(1, lp.Connections))/float64(max(1, lp.Connections-1)))})
			}
		}
		if l.Critical && !lp.Redundant {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "link.no-redundancy",
				Title:  fmt.Sprintf("%s carries training-critical transfers on a single connection: one failure stops them", lp.Link),
				Detail: transferSummary(lp),
				Remedy: "Add a second connection, ideally at a second Direct Connect location (AWS's high-resiliency model), or a VPN as backup."})
		} else if l.Critical && lp.Redundant {
			f := model.Finding{Severity: model.SeverityInfo, Code: "link.failover",
				Title:  fmt.Sprintf("%s: with one of %d %s down %.1f of %.1f Gbps remain", lp.Link, lp.Connections, unitName(l), lp.UsableGbpsOneFailed, lp.UsableGbps),
				Detail: transferSummary(lp)}
			if l.Type != model.LinkVPN {
				f.Remedy = "All connections terminate at one Direct Connect location (" + l.Location + "): a location outage takes them all; a second location removes that risk."
			}
			out = append(out, f)
		}
		if u := math.Max(lp.InboundUtilisation, lp.OutboundUtilisation); u >= utilisationWarn {
			sev := model.SeverityWarning
			if u > 1 {
				sev = model.SeverityCritical
			}
			out = append(out, model.Finding{Severity: sev, Code: "link.utilisation",
				Title:  fmt.Sprintf("%s: monthly traffic keeps the links %.0f%% busy on average", lp.Link, 100*u),
				Detail: fmt.Sprintf("%g TB/month in and %g TB/month out over %.1f Gbps usable across all links (730 h).", s.Traffic.OnPremToAWSTB, s.Traffic.AWSToOnPremTB, totalUsable(links)),
				Remedy: "Add capacity: peaks above the average will queue."})
		}
	}
	return out
}

func transferSummary(lp model.LinkPlan) string {
	var parts []string
	for _, t := range lp.Transfers {
		if lp.Redundant {
			parts = append(parts, fmt.Sprintf("%s (%g TB): %s, %s with one down", t.Dataset, t.SizeTB, duration(t.Hours), duration(t.HoursOneFailed)))
		} else {
			parts = append(parts, fmt.Sprintf("%s (%g TB): %s", t.Dataset, t.SizeTB, duration(t.Hours)))
		}
	}
	return strings.Join(parts, "; ")
}

// portRemedy proposes the DX port speed (or VPN change) that moves the data
// in time, keeping the connection count.
func portRemedy(lp model.LinkPlan, l model.Link, needGbps float64) string {
	switch l.Type {
	case model.LinkDXDedicated:
		per := needGbps / float64(max(1, l.Count))
		if sp := model.NextPortSpeedGbps(per, DedicatedDXSpeedsGbps); sp > 0 {
			return fmt.Sprintf("Use %d × %g Gbps dedicated ports (%.1f Gbps needed), or ship the data with AWS Snowball.", max(1, l.Count), sp, needGbps)
		}
		return fmt.Sprintf("%.1f Gbps exceeds %d × 400 Gbps: add connections or ship the data with AWS Snowball.", needGbps, max(1, l.Count))
	case model.LinkDXHosted:
		per := needGbps / float64(max(1, l.Count))
		if sp := model.NextPortSpeedGbps(per, HostedDXSpeedsGbps); sp > 0 {
			return fmt.Sprintf("Use %d × %g Gbps hosted connections (%.1f Gbps needed), or a dedicated port.", max(1, l.Count), sp, needGbps)
		}
		return fmt.Sprintf("Use dedicated Direct Connect ports: %.1f Gbps needed.", needGbps)
	}
	large := math.Ceil(needGbps / 5)
	return fmt.Sprintf("%.1f Gbps needed: %g large (5 Gbps) tunnels on a Transit Gateway with ECMP (%g VPN connections), or Direct Connect (a %g Gbps dedicated port).",
		needGbps, large, math.Ceil(large/2), model.NextPortSpeedGbps(needGbps, DedicatedDXSpeedsGbps))
}

// unitName is what a link's connections are called: tunnels for a VPN.
func unitName(l model.Link) string {
	if l.Type == model.LinkVPN {
		return "tunnels"
	}
	return "connections"
}

func totalUsable(links []model.LinkPlan) float64 {
	t := 0.0
	for _, l := range links {
		t += l.UsableGbps
	}
	return t
}

// duration formats hours as hours below two days and days above.
func duration(h float64) string {
	if h >= 48 {
		return fmt.Sprintf("%.1f days", h/24)
	}
	return fmt.Sprintf("%.1f h", h)
}

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// ioRemedy names the capacity that removes the stall at the current tier
// and, for PERSISTENT_2 below its top tier, at 1000 MB/s/TiB.
func ioRemedy(sp *model.StoragePlan, f *model.FSxLustre) string {
	r := fmt.Sprintf("Grow the file system to %g TiB at %g MB/s/TiB", round(sp.NoStallCapacityTiB, 2), f.ThroughputMBpsPerTiB)
	if f.DeploymentType == model.FSxPersistent2 && f.ThroughputMBpsPerTiB < 1000 && sp.ThroughputGBytesPerS > 0 {
		demand := sp.DemandGBytesPerS
		top := *f
		top.ThroughputMBpsPerTiB = 1000
		z := model.FSxSizingFor(top, sp.MinCapacityTiB*f.ThroughputMBpsPerTiB)
		r += fmt.Sprintf(", or %g TiB at 1000 MB/s/TiB", round(z.RoundUp(demand*1000/1000), 2))
	}
	return r + "; or pre-stage the data on local NVMe."
}

// fasterFabrics lists up to three catalog instance types with EFA and at
// least twice the network bandwidth per accelerator of instanceType.
func fasterFabrics(cat *model.Catalog, instanceType string) []string {
	cur, ok := cat.Instances[instanceType]
	if !ok || cur.AcceleratorCount == 0 {
		return nil
	}
	per := cur.NetworkGbps / float64(cur.AcceleratorCount)
	var out []string
	for _, name := range InstanceTypes(cat) {
		in := cat.Instances[name]
		if in.EFA && in.AcceleratorCount > 0 && in.NetworkGbps/float64(in.AcceleratorCount) >= 2*per {
			out = append(out, name)
			if len(out) == 3 {
				break
			}
		}
	}
	return out
}

// fsxFor names the file-system size at the current tier that delivers
// gbps, e.g. " (36 TiB of SCRATCH_2 at 200 MB/s/TiB)", or "".
func fsxFor(s model.Scenario, gbps float64, c *constants) string {
	f := s.Storage.FSxLustre
	if f == nil || f.ThroughputMBpsPerTiB <= 0 {
		return ""
	}
	z := model.FSxSizingFor(*f, c.value(cFSxEFAMin)*1024)
	return fmt.Sprintf(" (%g TiB of %s at %g MB/s/TiB)", round(z.RoundUp(gbps*1000/f.ThroughputMBpsPerTiB), 2), f.DeploymentType, f.ThroughputMBpsPerTiB)
}
