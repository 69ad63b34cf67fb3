package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// evaluatePerformance fills the plan's training, link and storage figures
// and their findings. The scenario has its defaults applied; the plan's
// monthly cost is already set (run costs are shown next to it).
func evaluatePerformance(p *model.Plan, s model.Scenario, cat *model.Catalog, c *constants) {
	p.Storage = evaluateStorage(s, c)
	p.Training = make([]model.TrainingPlan, 0, len(s.Workloads.Training))
	jobsOnFSx := 0
	for _, j := range s.Workloads.Training {
		if cl, ok := clusterByName(s, j.Cluster); ok && storageServes(s, cl) {
			jobsOnFSx++
		}
	}
	var skipped []model.Finding
	var placed []placementJob
	p.OnPrem = evaluateOnPrem(s, cat, c)
	for _, j := range s.Workloads.Training {
		in, ok := newJobInputs(s, cat, c, j, jobsOnFSx)
		if !ok {
			skipped = append(skipped, model.Finding{Severity: model.SeverityWarning, Code: "perf.job-not-modelled",
				Title:  "Training job " + j.Name + " is not modelled: its cluster, instance type, accelerator peak, model size or token count is missing",
				Remedy: "Name a cluster whose instance type has a peak TFLOPS figure in the catalog, and give parameters_b and tokens_b."})
			continue
		}
		tp := in.plan(p, s, cat)
		p.Training = append(p.Training, tp)
		if j.OnPremCluster != "" && in.onprem == nil {
			oj := j
			oj.Cluster = j.OnPremCluster
			if opIn, ok := newJobInputs(s, cat, c, oj, jobsOnFSx); ok && opIn.onprem != nil {
				placed = append(placed, placementJob{aws: &in, op: &opIn, tp: tp, r: *opIn.onprem})
			}
		}
	}
	if p.Storage != nil {
		finishStorage(p.Storage, p.Training, s, c)
	}
	p.Links = evaluateLinks(s, c)
	for _, pj := range placed {
		p.Placements = append(p.Placements, evaluatePlacement(pj, p, s, cat))
	}
	if c.figuresOnly {
		return
	}
	evaluateDataPaths(p, s, cat, c)
	evaluateInference(p, s, cat, c)
	p.Findings = append(p.Findings, skipped...)
	p.Findings = append(p.Findings, placementFindings(p.Placements)...)
	p.Findings = append(p.Findings, dataPathFindings(*p)...)
	p.Findings = append(p.Findings, inferenceFindings(*p)...)
	p.Findings = append(p.Findings, performanceFindings(p, s, cat, c)...)
}

func clusterByName(s model.Scenario, name string) (model.Cluster, bool) {
	for _, c := range s.Clusters {
		if c.Name == name {
			return c, true
		}
	}
	return model.Cluster{}, false
}

// storageServes says whether the scenario's FSx for Lustre file system feeds
// a cluster: it exists and sits in the cluster's region (the home region).
func storageServes(s model.Scenario, c model.Cluster) bool {
	return s.Storage.FSxLustre != nil && s.Storage.FSxLustre.CapacityTiB > 0 && c.Region == s.AWS.Region
}

// jobInputs is everything one training job's step model needs.
type jobInputs struct {
	job     model.TrainingJob
	cluster model.Cluster
	inst    model.Instance

	tokens, batch          float64
	bytesPerToken, ckptBPP float64
	// work is the model side: shape, parameter counts, batch, precision.
	work model.Job
	// dev is the accelerator: peak, achievable efficiency, HBM.
	dev model.Device
	// layout is the layout evaluated; search what the search found.
	layout model.Layout
	search searchResult
	// pinnedMFU > 0 replaces the derived step by FLOPs / (peak × MFU).
	pinnedMFU   float64
	ov          model.Overlaps
	algorithm   string
	fabric      model.Fabric
	computeNote string
	// readGBps is this job's share of storage read throughput (0 = no limit).
	readGBps float64
	// writeGBps is the checkpoint write throughput (0 = unknown).
	writeGBps   float64
	assumptions []model.Assumption
	// onprem is the on-prem cluster the job runs on (nil on AWS).
	onprem *onprem
	// figuresOnly: plan computes only time to train and run cost (Options).
	figuresOnly bool
}

func newJobInputs(s model.Scenario, cat *model.Catalog, c *constants, j model.TrainingJob, jobsOnFSx int) (jobInputs, bool) {
	in, ok := prepareJobInputs(s, cat, c, j)
	if !ok {
		return in, false
	}
	in.figuresOnly = c.figuresOnly
	cl := in.cluster
	in.chooseLayout(cl.Nodes*in.inst.AcceleratorCount, c.held, c.layouts)
	if op := in.onprem; op != nil && op.oc.StorageGBytesPerS > 0 {
		in.readGBps, in.writeGBps = op.oc.StorageGBytesPerS, op.oc.StorageGBytesPerS
	} else if f := s.Storage.FSxLustre; op == nil && storageServes(s, cl) {
		tput := model.FSxThroughputGBytesPerS(f.CapacityTiB, f.ThroughputMBpsPerTiB)
		in.readGBps = tput / float64(max(1, jobsOnFSx))
		in.writeGBps = tput
	}
	return in, true
}

// prepareJobInputs is everything of newJobInputs that does not depend on the
// cluster's size or storage: the model, the device, the fabric and the
// constants. The optimiser prepares it once per instance type.
func prepareJobInputs(s model.Scenario, cat *model.Catalog, c *constants, j model.TrainingJob) (jobInputs, bool) {
	cl, ok := clusterByName(s, j.Cluster)
	var op *onprem
	likeType := cl.InstanceType
	if !ok {
		site, oc, found := onpremByName(s, j.Cluster)
		if !found {
			return jobInputs{}, false
		}
		r, resolved := resolveOnPrem(cat, c, site, oc)
		if !resolved || r.inst.NetworkGbps <= 0 {
			// Without an inter-node bandwidth the cluster has no
			// step time: the job is reported as not modelled.
			return jobInputs{}, false
		}
		op, likeType = &r, r.node.LikeInstance
		cl = model.Cluster{Name: oc.Name, InstanceType: oc.Node, Nodes: oc.Nodes}
	}
	inst, ok := cat.Instances[cl.InstanceType]
	if op != nil {
		inst, ok = op.inst, true
	}
	arch := architectureFor(j, int(c.value(cSeqLen)))
	total, active := arch.Parameters()
	if !ok || inst.AcceleratorCount <= 0 || inst.PeakDenseBF16TFLOPS <= 0 || total <= 0 || j.TokensB <= 0 || arch.Layers <= 0 || arch.Hidden <= 0 {
		return jobInputs{}, false
	}
	in := jobInputs{job: j, cluster: cl, inst: inst, onprem: op,
		tokens:      j.TokensB * 1e9,
		algorithm:   j.Algorithm,
		assumptions: make([]model.Assumption, 0, 32),
	}
	if in.algorithm == "" {
		in.algorithm = model.AlgorithmAuto // what NCCL's tuner picks
	}
	prec := j.Precision
	if prec == "" {
		prec = model.PrecisionBF16
	}
	in.job.Precision = prec
	dev, eff, note := deviceFor(cat, c, likeType, inst, prec)
	in.dev, in.computeNote = dev, note
	in.assumptions = append(in.assumptions, model.Assumption{Name: "peak_dense_tflops (" + cl.InstanceType + ", " + prec + ")",
		Value: dev.PeakTFLOPS, Unit: "TFLOPS per accelerator", Source: inst.ComputeSource.URL, ReadOn: inst.ComputeSource.ReadOn,
		Confidence: inst.ComputeSource.Confidence, Note: note}, eff)
	in.assumptions = append(in.assumptions, model.Assumption{Name: "accelerator_memory_gib (" + cl.InstanceType + ")", Value: inst.AcceleratorMemoryGiB,
		Unit: "GiB per accelerator", Source: inst.SpecSource.URL, ReadOn: inst.SpecSource.ReadOn, Confidence: inst.SpecSource.Confidence})
	in.fromCatalog(c, cHBMReserved)
	if j.MFU > 0 {
		in.pinnedMFU = math.Min(j.MFU, 1)
		in.assumptions = append(in.assumptions, userAssumption("mfu", j.MFU, "fraction"))
	}
	ov := -1.0
	if j.OverlapFraction != nil {
		ov = *j.OverlapFraction
	}
	if ov >= 0 {
		in.ov.DP = math.Min(ov, 1)
		in.assumptions = append(in.assumptions, userAssumption("overlap_fraction", ov, "fraction"))
	} else {
		in.ov.DP = in.fromCatalog(c, cOverlap)
	}
	in.ov.TP = in.fromCatalog(c, cTPOverlap)
	in.batch = in.userOr(j.GlobalBatchTokens, "global_batch_tokens", c, cGlobalBatch)
	in.bytesPerToken = in.userOr(j.BytesPerToken, "bytes_per_token", c, cBytesPerToken)
	in.ckptBPP = in.userOr(j.CheckpointBytesPerParam, "checkpoint_bytes_per_param", c, cCkptBPP)
	in.work = model.Job{Arch: arch, Parameters: total, ActiveParameters: active, GlobalBatchTokens: in.batch,
		Precision: prec, FLOPsPerTokenPerParam: j.FLOPsPerTokenPerParam}
	if arch.Source != "" {
		in.assumptions = append(in.assumptions, model.Assumption{Name: "architecture (" + arch.Name + ")", Value: float64(arch.Layers),
			Unit: "layers", Source: arch.Source, Confidence: model.ConfidenceThirdParty, Note: arch.Note})
	} else if arch.Name == "default" {
		in.assumptions = append(in.assumptions, model.Assumption{Name: "architecture (default shape)", Value: float64(arch.Layers),
			Unit: "layers", Source: "docs/model.md (default shape)", Confidence: model.ConfidenceEstimate, Note: arch.Note})
	}

	var fabricAssumptions []model.Assumption
	if op != nil {
		in.fabric, fabricAssumptions = op.fabric, op.fabricA
	} else {
		in.fabric, fabricAssumptions = clusterFabric(cat, c, cl.InstanceType, inst)
	}
	in.assumptions = append(in.assumptions, fabricAssumptions...)
	in.assumptions = append(in.assumptions,
		model.Assumption{Name: "network_gbps (" + cl.InstanceType + ")", Value: inst.NetworkGbps, Unit: "Gbps per node",
			Source: inst.SpecSource.URL, ReadOn: inst.SpecSource.ReadOn, Confidence: inst.SpecSource.Confidence},
		model.Assumption{Name: "intra_node_gbps_per_accel (" + cl.InstanceType + ")", Value: inst.IntraNodeGBpsPerAccel, Unit: "GB/s per accelerator, one direction",
			Source: inst.IntraNodeSource.URL, ReadOn: inst.IntraNodeSource.ReadOn, Confidence: inst.IntraNodeSource.Confidence, Note: inst.IntraNodeSource.Note})
	return in, true
}

// space is the layout search's view of this job on accel accelerators.
func (in *jobInputs) space(accel int) *searchSpace {
	return &searchSpace{job: in.work, dev: in.dev, fabric: in.fabric, ov: in.ov, alg: in.algorithm, accel: accel}
}

// chooseLayout searches the layouts: the scenario's fixed choices with the
// rest searched give the layout used; the unconstrained search the best.
// When nothing under the scenario's constraints fits, the layout used is
// the one with the least memory (reported as not fitting).
//
// held is searched first and never written; cache memoises the rest (either
// may be nil).
func (in *jobInputs) chooseLayout(accel int, held, cache layoutCache) {
	lc := constraintsOf(in.job)
	search := func(keepAll bool) searchResult {
		k := layoutCacheKey{in.job.Name, in.cluster.InstanceType, accel, lc, keepAll}
		if r, ok := held[k]; ok {
			return r
		}
		if cache == nil {
			return memoSearch(in.space(accel), lc, keepAll)
		}
		r, ok := cache[k]
		if !ok {
			r = searchLayouts(in.space(accel), lc, keepAll)
			cache[k] = r
		}
		return r
	}
	in.search = search(false)
	switch {
	case in.search.used.found || in.search.used.seen:
		in.layout = in.search.used.layout()
	default:
		in.layout = fixedLayout(lc, accel)
	}
	if !in.search.used.found {
		// The layout used does not fit: search again keeping every fitting
		// candidate, for the smallest changes that fit.
		in.search.candidates = search(true).candidates
	}
}

// fixedLayout is the scenario's layout as written (defaults for what it
// leaves out) when the search admits none of it, e.g. a TP that does not
// divide the heads.
func fixedLayout(lc layoutConstraints, accel int) model.Layout {
	l := model.Layout{TP: max(1, lc.tp), PP: max(1, lc.pp), EP: max(1, lc.ep), Microbatch: max(1, lc.mb), VirtualStages: max(1, lc.v),
		ZeRO: max(0, lc.zero), Recompute: lc.recompute}
	if l.Recompute == "" {
		l.Recompute = model.RecomputeSelective
	}
	l.DP = lc.dp
	if l.DP <= 0 {
		l.DP = max(1, accel/(l.TP*l.PP))
	}
	return l
}

// userOr returns the scenario's value when set (recording it as a user
// assumption) or the catalog constant.
func (in *jobInputs) userOr(v float64, field string, c *constants, pc perfConstant) float64 {
	if v > 0 {
		in.assumptions = append(in.assumptions, userAssumption(field, v, pc.unit))
		return v
	}
	return in.fromCatalog(c, pc)
}

func (in *jobInputs) fromCatalog(c *constants, pc perfConstant) float64 {
	v, a := c.get(pc)
	in.assumptions = append(in.assumptions, a)
	return v
}

func userAssumption(field string, v float64, unit string) model.Assumption {
	return model.Assumption{Name: field, Value: v, Unit: unit, Source: "scenario (workloads.training[]." + field + ")", Confidence: model.ConfidenceUser}
}

// step is one optimiser step at a given node count.
type step struct {
	nodes, accel int
	layout       model.Layout
	terms        model.Step
	mem          model.Memory
	// computeS is the model-FLOPs compute; commS the exposed communication;
	// overheadS bubble + recompute; stall the storage wait.
	computeS, commS, overheadS, stall float64
	stepS                             float64
	// batch is the tokens one step processes (whole microbatches).
	batch float64
}

// stepAt evaluates a step on the given number of nodes with the job's
// layout; at another node count the data-parallel degree fills the nodes
// (keepDP false) and the rest of the layout is kept.
func (in *jobInputs) stepAt(nodes int, keepDP bool) step {
	l := in.layout
	if !keepDP {
		l.DP = max(1, nodes*in.inst.AcceleratorCount/(max(1, l.TP)*max(1, l.PP)))
		if l.EP > 1 && l.DP%l.EP != 0 {
			l.EP = 1
		}
	}
	st := step{nodes: nodes, layout: l, accel: l.Accelerators()}
	st.terms = model.StepTime(in.work, l, in.dev, in.fabric, in.ov, in.algorithm)
	// The step processes whole microbatches: m × DP × microbatch sequences.
	st.batch = float64(st.terms.Microbatches*max(1, l.DP)*max(1, l.Microbatch)) * float64(in.work.Arch.SeqLen)
	st.mem = model.TrainingMemory(in.work, l, in.dev)
	if in.pinnedMFU > 0 {
		// The pinned MFU absorbs TP, pipeline, EP and recomputation.
		t := &st.terms
		t.ComputeS = in.work.ModelFLOPsPerToken() * st.batch / (float64(st.accel) * in.dev.PeakTFLOPS * 1e12 * in.pinnedMFU)
		t.RecomputeS, t.TPCommS, t.PPBubbleS, t.PPSendS, t.EPCommS = 0, 0, 0, 0, 0
		t.DPExposedS = model.ExposedCommSeconds(t.DPCommS, t.ComputeS/float64(max(1, t.Microbatches)), in.ov.DP)
		t.TotalS = t.ComputeS + t.DPExposedS
	}
	t := st.terms
	st.computeS = t.ComputeS
	st.commS = t.TPCommS + t.PPSendS + t.EPCommS + t.DPExposedS
	st.overheadS = t.PPBubbleS + t.RecomputeS
	if in.readGBps > 0 {
		st.stall = model.IOStallSeconds(st.batch*in.bytesPerToken, in.readGBps*1e9, t.TotalS)
	}
	st.stepS = t.TotalS + st.stall
	return st
}

// checkpoint returns the write time of one checkpoint (0 when unknown).
func (in *jobInputs) checkpointWriteS() float64 {
	if in.writeGBps <= 0 {
		return 0
	}
	return model.CheckpointWriteSeconds(model.CheckpointBytes(in.work.Parameters, in.ckptBPP), in.writeGBps)
}

// timeToTrain returns training seconds, checkpoint count and total seconds.
func (in *jobInputs) timeToTrain(stepS, batch float64) (trainS, count, totalS float64) {
	steps := math.Ceil(in.tokens / batch)
	trainS = steps * stepS
	if iv := in.job.CheckpointIntervalMinutes * 60; iv > 0 {
		count = math.Floor(trainS / iv)
	}
	return trainS, count, trainS + count*in.checkpointWriteS()
}

func (in *jobInputs) plan(p *model.Plan, s model.Scenario, cat *model.Catalog) model.TrainingPlan {
	st := in.stepAt(in.cluster.Nodes, true)
	l := st.layout
	accel := in.cluster.Nodes * in.inst.AcceleratorCount
	grad := model.BytesPerWeight(in.job.Precision)
	ne, ex := model.ParamsPerDevice(in.work, l)
	group := model.DataParallelGroup(l.DP, l.TP, 1, in.inst.AcceleratorCount)
	mfu := model.MFU(in.work.ModelFLOPsPerToken(), st.batch, st.accel, in.dev.PeakTFLOPS, st.stepS)
	flopsPerToken := in.work.ModelFLOPsPerToken()
	tp := model.TrainingPlan{
		Job: in.job.Name, Cluster: in.cluster.Name, InstanceType: in.cluster.InstanceType,
		Nodes: in.cluster.Nodes, Accelerators: accel,
		Precision:    in.job.Precision,
		Architecture: in.work.Arch, Layout: l, Step: st.terms, Memory: st.mem,
		Compute: model.ComputePlan{
			Parameters: in.work.Parameters, ActiveParameters: in.work.ActiveParameters, Tokens: in.tokens,
			FLOPsPerTokenPerParam: flopsPerToken / in.work.ActiveParameters, ModelFLOPsPerToken: flopsPerToken,
			TotalFLOPs:         flopsPerToken * in.tokens,
			PeakTFLOPSPerAccel: in.dev.PeakTFLOPS, MFU: mfu, MFUPinned: in.pinnedMFU > 0, MatmulEfficiency: in.dev.MatmulEfficiency,
			AchievedTFLOPSPerAccel: in.dev.PeakTFLOPS * mfu,
			TensorParallel:         l.TP, PipelineParallel: l.PP, DataParallel: l.DP, Note: in.computeNote,
		},
		Allreduce: model.AllreducePlan{
			Algorithm: in.algorithm, MessageBytes: (ne + ex) * grad, BytesPerGradElement: grad,
			Ranks: group.Ranks, RanksPerNode: group.RanksPerNode, NodesSpanned: group.Nodes(),
			Fabric: in.fabric, TimeS: st.terms.DPCommS, BusBWGBytesPerS: model.BusBandwidthGBytesPerS((ne+ex)*grad, st.terms.DPCommS, group.Ranks),
			OverlapFraction: in.ov.DP, ExposedS: st.terms.DPExposedS,
		},
		GlobalBatchTokens: st.batch,
		Steps:             math.Ceil(in.tokens / st.batch),
		StepTimeS:         st.stepS, StepComputeS: st.computeS, ExposedCommS: st.commS, OverheadS: st.overheadS, IOStallS: st.stall,
		BytesPerToken: in.bytesPerToken,
		Assumptions:   in.assumptions,
	}
	if in.pinnedMFU > 0 {
		tp.Compute.Note = strings.TrimPrefix(tp.Compute.Note+"; MFU pinned by the scenario: tensor/pipeline/expert communication, bubble and recomputation are taken as absorbed in it", "; ")
	}
	if !in.figuresOnly {
		tp.Search = in.searchSummary(st)
	}
	if math.Abs(st.batch-in.batch) > 0.5 {
		tp.Compute.Note = strings.TrimPrefix(tp.Compute.Note+fmt.Sprintf("; the requested %.0f-token batch is %.0f whole microbatches: %.0f tokens per step (%d × DP %d × microbatch %d × %d tokens)",
			in.batch, in.batch/float64(in.work.Arch.SeqLen*max(1, l.DP)*max(1, l.Microbatch)), st.batch, st.terms.Microbatches, l.DP, l.Microbatch, in.work.Arch.SeqLen), "; ")
	}
	if in.algorithm == model.AlgorithmAuto {
		pick := model.PickAllreduce(in.fabric, group, tp.Allreduce.MessageBytes)
		tp.Allreduce.Picked = pick.Algorithm + "/" + pick.Protocol
	}
	if !in.figuresOnly {
		in.allreduceAlternatives(&tp, st, group)
	}
	if st.stepS > 0 {
		tp.ExposedCommFraction = st.commS / st.stepS
		tp.IOStallFraction = st.stall / st.stepS
		tp.ScalingEfficiency = st.computeS / st.stepS
		tp.TokensPerS = st.batch / st.stepS
		tp.IngestGBytesPerS = model.IngestGBytesPerS(tp.TokensPerS, in.bytesPerToken)
	}
	trainS, count, totalS := in.timeToTrain(st.stepS, st.batch)
	tp.TrainHours = trainS / 3600
	tp.TimeToTrainHours = totalS / 3600
	tp.TimeToTrainDays = tp.TimeToTrainHours / 24
	tp.AcceleratorHours = float64(tp.Accelerators) * tp.TimeToTrainHours

	ck := model.CheckpointPlan{BytesPerParam: in.ckptBPP, SizeGB: model.CheckpointBytes(in.work.Parameters, in.ckptBPP) / 1e9,
		IntervalMinutes: in.job.CheckpointIntervalMinutes, Count: count, WriteGBytesPerS: in.writeGBps}
	if in.writeGBps > 0 {
		ck.WriteS = in.checkpointWriteS()
		ck.OverheadFraction = model.CheckpointOverheadFraction(ck.WriteS, ck.IntervalMinutes*60)
		ck.Note = "written to FSx for Lustre at its baseline throughput; training pauses for each write"
		if in.onprem != nil {
			ck.Note = "written to the site's storage at storage_gbytes_per_s; training pauses for each write"
		}
	} else if in.onprem != nil {
		ck.Note = "no storage_gbytes_per_s on the on-prem cluster: checkpoint write time not modelled"
	} else {
		ck.Note = "no FSx for Lustre in the cluster's region: checkpoint write time not modelled"
	}
	tp.Checkpoint = ck
	tp.RunCost = runCost(tp, in, s, cat, p.MonthlyCost.TotalUSD)
	if in.figuresOnly {
		return tp
	}
	tp.Scaling = in.scaling(scalingNodes(in.cluster.Nodes, l.TP*l.PP, in.inst.AcceleratorCount))
	// The curve is what all_reduce_perf reports: NCCL's own choice unless the
	// job names an algorithm (as NCCL_ALGO would).
	curveAlg := in.job.Algorithm
	if curveAlg == "" {
		curveAlg = model.AlgorithmAuto
	}
	tp.BusBandwidth = model.BusBandwidthCurve(in.fabric, in.cluster.Nodes, curveAlg, model.NCCLTestSizes())
	return tp
}

// allreduceAlternatives times the data-parallel allreduce with each
// algorithm the fabric offers, for the plan's comparison.
func (in *jobInputs) allreduceAlternatives(tp *model.TrainingPlan, st step, group model.Group) {
	algs := []string{model.AlgorithmRing, model.AlgorithmTree, model.AlgorithmHierarchical}
	if in.fabric.NVLS {
		algs = append(algs, model.AlgorithmNVLSTree)
	}
	tp.Allreduce.Alternatives = make([]model.AlgorithmTime, 0, len(algs))
	window := (st.terms.ComputeS + st.terms.RecomputeS) / float64(max(1, st.terms.Microbatches))
	for _, alg := range algs {
		t := model.AllreduceSeconds(in.fabric, group, alg, tp.Allreduce.MessageBytes)
		tp.Allreduce.Alternatives = append(tp.Allreduce.Alternatives, model.AlgorithmTime{Algorithm: alg, TimeS: t,
			ExposedS: model.ExposedCommSeconds(t, window, in.ov.DP)})
	}
}

// searchSummary reports the layout search: the best layout when it beats
// the one used, and the smallest changes that fit when the one used does not.
func (in *jobInputs) searchSummary(used step) model.LayoutSearch {
	r := in.search
	ls := model.LayoutSearch{Searched: r.searched, Fitting: r.fitting}
	if lc := constraintsOf(in.job); lc.free() {
		ls.Note = "layout chosen by the search: the fastest legal layout that fits in HBM"
	} else {
		ls.Note = "the scenario fixes " + lc.describe() + "; the rest of the layout used was searched"
	}
	if in.pinnedMFU > 0 {
		ls.Note += "; with MFU pinned, layouts are compared by the derived model"
	}
	if r.best.found {
		// The step already timed, unless a pinned MFU replaced it: layouts are
		// compared by the derived model.
		own := used.terms.TotalS
		if in.pinnedMFU > 0 {
			own = model.StepTime(in.work, used.layout, in.dev, in.fabric, in.ov, in.algorithm).TotalS
		}
		b := model.LayoutOption{Layout: r.best.l, StepTimeS: r.best.step.TotalS, MemoryGiB: r.best.mem.TotalGiB, Change: layoutChange(used.layout, r.best.l)}
		if own > 0 && !math.IsInf(own, 0) {
			b.SpeedupFraction = 1 - r.best.step.TotalS/own
		}
		ls.Best = &b
	}
	if !used.mem.Fits {
		ls.FitChanges = fitChanges(used.layout, r.candidates)
	}
	return ls
}

// runCost prices one training run: the cluster's nodes for the time to train
// at the purchase option's rate, FSx for Lustre and S3 for the same duration
// (GB-month prices × hours / 730), and the data-set transfer into AWS, which
// is free (AWS charges no data transfer in).
func runCost(tp model.TrainingPlan, in *jobInputs, s model.Scenario, cat *model.Catalog, monthly float64) model.RunCost {
	rc := model.RunCost{MonthlyRunRateUSD: monthly}
	hours := tp.TimeToTrainHours
	if op := in.onprem; op != nil {
		rc.InstanceUSDPerHour = op.plan.Cost.NodeHourUSD
		rc.InstancesUSD = float64(in.cluster.Nodes) * hours * rc.InstanceUSDPerHour
		rc.TotalUSD = rc.InstancesUSD
		rc.Note = "on-prem: nodes × time to train × the owner's node-hour cost (amortisation, power, support, floor)"
		if !op.plan.Priced {
			rc.InstanceUSDPerHour, rc.InstancesUSD, rc.TotalUSD = 0, 0, 0
			rc.Note = "on-prem cluster without a cost basis: not priced"
		}
		return rc
	}
	if price, ok := in.inst.Prices[in.cluster.Region]; ok {
		rc.InstanceUSDPerHour, _, _ = model.InstanceHourlyUSD(price, in.cluster.Purchase)
		rc.InstancesUSD = float64(in.cluster.Nodes) * hours * rc.InstanceUSDPerHour
	}
	home := cat.Regions[s.AWS.Region]
	months := hours / model.HoursPerMonth
	if f := s.Storage.FSxLustre; f != nil && storageServes(s, in.cluster) {
		if pr, ok := home.FSxLustre[model.FSxPriceKey(*f)]; ok {
			rc.StorageUSD += f.CapacityTiB * 1000 * pr.USD * months
		}
	}
	if s3 := s.Storage.S3; s3 != nil {
		rc.StorageUSD += model.S3StandardMonthlyUSD(home, s3.SizeTB*model.GBPerTB) * months
	}
	rc.TotalUSD = rc.InstancesUSD + rc.StorageUSD + rc.TransferUSD
	rc.Note = "nodes × time to train × hourly rate; FSx and S3 for the run's duration; data transfer into AWS is free"
	return rc
}

// scalingNodes picks the node counts of a scaling curve: the cluster's size
// × 1/16 … 4 in factors of two, keeping counts that hold at least one
// tensor × pipeline replica.
func scalingNodes(nodes, shard, accelsPerNode int) []int {
	minNodes := max(1, (shard+accelsPerNode-1)/max(1, accelsPerNode))
	out := make([]int, 0, 7)
	for _, f := range []float64{1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1, 2, 4} {
		n := float64(nodes) * f
		if n != math.Trunc(n) || int(n) < minNodes {
			continue
		}
		if len(out) == 0 || out[len(out)-1] != int(n) {
			out = append(out, int(n))
		}
	}
	if !slices.Contains(out, nodes) {
		out = append(out, nodes)
		slices.Sort(out)
	}
	return out
}

func (in *jobInputs) scaling(nodes []int) []model.ScalingPoint {
	out := make([]model.ScalingPoint, 0, len(nodes))
	for _, n := range nodes {
		st := in.stepAt(n, n == in.cluster.Nodes)
		_, _, total := in.timeToTrain(st.stepS, st.batch)
		pt := model.ScalingPoint{Nodes: n, StepTimeS: st.stepS, ExposedCommS: st.commS, TimeToTrainHours: total / 3600}
		if st.stepS > 0 {
			pt.Efficiency = st.computeS / st.stepS
		}
		out = append(out, pt)
	}
	return out
}

// ScalingCurve is the step time, efficiency and time to train of a training
// job against node count: the job re-evaluated with its cluster resized to
// each count (data-parallel degree = accelerators / (tensor × pipeline)).
// It returns nil when the job or its cluster is unknown. Counts that cannot
// hold one tensor × pipeline replica are skipped.
func ScalingCurve(s model.Scenario, cat *model.Catalog, job string, nodes []int) []model.ScalingPoint {
	sd := ApplyDefaults(s, cat)
	c := &constants{cat: cat}
	jobsOnFSx := 0
	var target *model.TrainingJob
	for i, j := range sd.Workloads.Training {
		if cl, ok := clusterByName(sd, j.Cluster); ok && storageServes(sd, cl) {
			jobsOnFSx++
		}
		if j.Name == job {
			target = &sd.Workloads.Training[i]
		}
	}
	if target == nil {
		return nil
	}
	in, ok := newJobInputs(sd, cat, c, *target, jobsOnFSx)
	if !ok {
		return nil
	}
	shard := max(1, in.layout.TP) * max(1, in.layout.PP)
	minNodes := (shard + in.inst.AcceleratorCount - 1) / in.inst.AcceleratorCount
	keep := make([]int, 0, len(nodes))
	for _, n := range nodes {
		if n >= minNodes && n > 0 {
			keep = append(keep, n)
		}
	}
	return in.scaling(keep)
}

// ClusterFabric is the collective fabric of an instance type from the
// catalog: its network and NVLink bandwidths times the achievable fractions,
// and the per-generation latencies, NVLS and tree figures of its "fabrics"
// entry (clusterFabric). ok is false for an unknown type.
func ClusterFabric(cat *model.Catalog, instanceType string) (f model.Fabric, ok bool) {
	inst, ok := cat.Instances[instanceType]
	if !ok {
		return model.Fabric{}, false
	}
	f, _ = clusterFabric(cat, &constants{cat: cat}, instanceType, inst)
	return f, true
}

// BusBandwidthCurve is what nccl-tests all_reduce_perf would report on nodes
// instances of instanceType (one rank per accelerator) for each message size
// (nil sizes = model.NCCLTestSizes, 1 KiB to 16 GiB): the chart of bus
// bandwidth against message size. It returns nil for an unknown type.
func BusBandwidthCurve(cat *model.Catalog, instanceType string, nodes int, algorithm string, sizes []float64) []model.BusBWPoint {
	f, ok := ClusterFabric(cat, instanceType)
	if !ok {
		return nil
	}
	if sizes == nil {
		sizes = model.NCCLTestSizes()
	}
	return model.BusBandwidthCurve(f, nodes, algorithm, sizes)
}
