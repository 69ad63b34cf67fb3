package planner

import (
	"math"
	"slices"

	"github.com/topoplan/topoplan/model"
)

// evaluatePerformance fills the plan's training, link and storage figures
// and their findings. The scenario has its defaults applied; the plan's
// monthly cost is already set (run costs are shown next to it).
func evaluatePerformance(p *model.Plan, s model.Scenario, cat *model.Catalog) {
	c := &constants{cat: cat}
	p.Storage = evaluateStorage(s, c)
	p.Training = make([]model.TrainingPlan, 0, len(s.Workloads.Training))
	jobsOnFSx := 0
	for _, j := range s.Workloads.Training {
		if cl, ok := clusterByName(s, j.Cluster); ok && storageServes(s, cl) {
			jobsOnFSx++
		}
	}
	var skipped []model.Finding
	for _, j := range s.Workloads.Training {
		in, ok := newJobInputs(s, cat, c, j, jobsOnFSx)
		if !ok {
			skipped = append(skipped, model.Finding{Severity: model.SeverityWarning, Code: "perf.job-not-modelled",
				Title:  "Training job " + j.Name + " is not modelled: its cluster, instance type, accelerator peak, model size or token count is missing",
				Remedy: "Name a cluster whose instance type has a peak TFLOPS figure in the catalog, and give parameters_b and tokens_b."})
			continue
		}
		p.Training = append(p.Training, in.plan(p, s, cat))
	}
	if p.Storage != nil {
		finishStorage(p.Storage, p.Training, s, c)
	}
	p.Links = evaluateLinks(s, c)
	p.Findings = append(p.Findings, skipped...)
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

	params, tokens, flopsRule       float64
	peakTFLOPS, mfu, overlap, batch float64
	bytesPerToken, ckptBPP          float64
	tp, pp, dp                      int
	algorithm                       string
	fabric                          model.Fabric
	computeNote                     string
	// readGBps is this job's share of storage read throughput (0 = no limit).
	readGBps float64
	// writeGBps is the checkpoint write throughput (0 = unknown).
	writeGBps   float64
	assumptions []model.Assumption
}

func newJobInputs(s model.Scenario, cat *model.Catalog, c *constants, j model.TrainingJob, jobsOnFSx int) (jobInputs, bool) {
	cl, ok := clusterByName(s, j.Cluster)
	if !ok {
		return jobInputs{}, false
	}
	inst, ok := cat.Instances[cl.InstanceType]
	if !ok || inst.AcceleratorCount <= 0 || inst.PeakDenseBF16TFLOPS <= 0 || j.ParametersB <= 0 || j.TokensB <= 0 {
		return jobInputs{}, false
	}
	in := jobInputs{job: j, cluster: cl, inst: inst,
		params: j.ParametersB * 1e9, tokens: j.TokensB * 1e9,
		tp: max(1, j.TensorParallel), pp: max(1, j.PipelineParallel),
		algorithm:   j.Algorithm,
		assumptions: make([]model.Assumption, 0, 13),
	}
	if in.algorithm == "" {
		in.algorithm = model.AlgorithmRing
	}
	prec := j.Precision
	if prec == "" {
		prec = model.PrecisionBF16
	}
	in.job.Precision = prec
	in.peakTFLOPS, in.computeNote = model.PeakTFLOPSFor(inst, prec)
	in.assumptions = append(in.assumptions, model.Assumption{Name: "peak_dense_tflops (" + cl.InstanceType + ", " + prec + ")",
		Value: in.peakTFLOPS, Unit: "TFLOPS per accelerator", Source: inst.ComputeSource.URL, ReadOn: inst.ComputeSource.ReadOn,
		Confidence: inst.ComputeSource.Confidence, Note: in.computeNote})

	in.flopsRule = model.FLOPsPerTokenPerParamDense
	if j.FLOPsPerTokenPerParam > 0 {
		in.flopsRule = j.FLOPsPerTokenPerParam
	}
	in.mfu = in.userOr(j.MFU, "mfu", c, cMFU)
	ov := -1.0
	if j.OverlapFraction != nil {
		ov = *j.OverlapFraction
	}
	if ov >= 0 {
		in.overlap = math.Min(ov, 1)
		in.assumptions = append(in.assumptions, userAssumption("overlap_fraction", ov, "fraction"))
	} else {
		in.overlap = in.fromCatalog(c, cOverlap)
	}
	in.batch = in.userOr(j.GlobalBatchTokens, "global_batch_tokens", c, cGlobalBatch)
	in.bytesPerToken = in.userOr(j.BytesPerToken, "bytes_per_token", c, cBytesPerToken)
	in.ckptBPP = in.userOr(j.CheckpointBytesPerParam, "checkpoint_bytes_per_param", c, cCkptBPP)

	efaFrac := in.fromCatalog(c, cEFAFraction)
	efaHop := in.fromCatalog(c, cEFAHop)
	nvFrac := in.fromCatalog(c, cNVFraction)
	nvHop := in.fromCatalog(c, cNVHop)
	in.fabric = model.FabricFor(inst, efaFrac, nvFrac, efaHop, nvHop)
	in.assumptions = append(in.assumptions,
		model.Assumption{Name: "network_gbps (" + cl.InstanceType + ")", Value: inst.NetworkGbps, Unit: "Gbps per node",
			Source: inst.SpecSource.URL, ReadOn: inst.SpecSource.ReadOn, Confidence: inst.SpecSource.Confidence},
		model.Assumption{Name: "intra_node_gbps_per_accel (" + cl.InstanceType + ")", Value: inst.IntraNodeGBpsPerAccel, Unit: "GB/s per accelerator, one direction",
			Source: inst.IntraNodeSource.URL, ReadOn: inst.IntraNodeSource.ReadOn, Confidence: inst.IntraNodeSource.Confidence, Note: inst.IntraNodeSource.Note})

	accel := cl.Nodes * inst.AcceleratorCount
	in.dp = j.DataParallel
	if in.dp <= 0 {
		in.dp = max(1, accel/(in.tp*in.pp))
	}
	if f := s.Storage.FSxLustre; storageServes(s, cl) {
		tput := model.FSxThroughputGBytesPerS(f.CapacityTiB, f.ThroughputMBpsPerTiB)
		in.readGBps = tput / float64(max(1, jobsOnFSx))
		in.writeGBps = tput
	}
	return in, true
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
	nodes, accel, dp                 int
	group                            model.Group
	msgBytes                         float64
	computeS, commS, exposedS, stall float64
	stepS                            float64
}

// stepAt evaluates a step on the given number of nodes. dp < 0 keeps the
// job's data-parallel degree; otherwise the degree is the one that fills the
// nodes.
func (in *jobInputs) stepAt(nodes int, keepDP bool) step {
	st := step{nodes: nodes}
	dp := in.dp
	if !keepDP {
		dp = max(1, nodes*in.inst.AcceleratorCount/(in.tp*in.pp))
	}
	st.dp = dp
	st.accel = dp * in.tp * in.pp
	st.computeS = model.StepComputeSeconds(in.flopsRule, in.params, in.batch, st.accel, in.peakTFLOPS, in.mfu)
	st.msgBytes = model.GradientBytesPerRank(in.params, in.tp, in.pp, model.BytesPerGradElement(in.job.Precision))
	st.group = model.DataParallelGroup(dp, in.tp, in.pp, in.inst.AcceleratorCount)
	st.commS = model.AllreduceSeconds(in.fabric, st.group, in.algorithm, st.msgBytes)
	st.exposedS = model.ExposedCommSeconds(st.commS, st.computeS, in.overlap)
	if in.readGBps > 0 {
		st.stall = model.IOStallSeconds(in.batch*in.bytesPerToken, in.readGBps*1e9, st.computeS+st.exposedS)
	}
	st.stepS = st.computeS + st.exposedS + st.stall
	return st
}

// checkpoint returns the write time of one checkpoint (0 when unknown).
func (in *jobInputs) checkpointWriteS() float64 {
	if in.writeGBps <= 0 {
		return 0
	}
	return model.CheckpointWriteSeconds(model.CheckpointBytes(in.params, in.ckptBPP), in.writeGBps)
}

// timeToTrain returns training seconds, checkpoint count and total seconds.
func (in *jobInputs) timeToTrain(stepS float64) (trainS, count, totalS float64) {
	steps := math.Ceil(in.tokens / in.batch)
	trainS = steps * stepS
	if iv := in.job.CheckpointIntervalMinutes * 60; iv > 0 {
		count = math.Floor(trainS / iv)
	}
	return trainS, count, trainS + count*in.checkpointWriteS()
}

func (in *jobInputs) plan(p *model.Plan, s model.Scenario, cat *model.Catalog) model.TrainingPlan {
	st := in.stepAt(in.cluster.Nodes, true)
	tp := model.TrainingPlan{
		Job: in.job.Name, Cluster: in.cluster.Name, InstanceType: in.cluster.InstanceType,
		Nodes: in.cluster.Nodes, Accelerators: in.cluster.Nodes * in.inst.AcceleratorCount,
		Precision: in.job.Precision,
		Compute: model.ComputePlan{
			Parameters: in.params, Tokens: in.tokens, FLOPsPerTokenPerParam: in.flopsRule,
			TotalFLOPs:         model.TrainingFLOPs(in.flopsRule, in.params, in.tokens),
			PeakTFLOPSPerAccel: in.peakTFLOPS, MFU: in.mfu, AchievedTFLOPSPerAccel: in.peakTFLOPS * in.mfu,
			TensorParallel: in.tp, PipelineParallel: in.pp, DataParallel: st.dp, Note: in.computeNote,
		},
		Allreduce: model.AllreducePlan{
			Algorithm: in.algorithm, MessageBytes: st.msgBytes, BytesPerGradElement: model.BytesPerGradElement(in.job.Precision),
			Ranks: st.group.Ranks, RanksPerNode: st.group.RanksPerNode, NodesSpanned: st.group.Nodes(),
			Fabric: in.fabric, TimeS: st.commS, BusBWGBytesPerS: model.BusBandwidthGBytesPerS(st.msgBytes, st.commS, st.group.Ranks),
			OverlapFraction: in.overlap, ExposedS: st.exposedS,
		},
		GlobalBatchTokens: in.batch,
		Steps:             math.Ceil(in.tokens / in.batch),
		StepTimeS:         st.stepS, StepComputeS: st.computeS, ExposedCommS: st.exposedS, IOStallS: st.stall,
		BytesPerToken: in.bytesPerToken,
		Assumptions:   in.assumptions,
	}
	for _, alg := range []string{model.AlgorithmRing, model.AlgorithmTree, model.AlgorithmHierarchical} {
		t := model.AllreduceSeconds(in.fabric, st.group, alg, st.msgBytes)
		if tp.Allreduce.Alternatives == nil {
			tp.Allreduce.Alternatives = make([]model.AlgorithmTime, 0, 3)
		}
		tp.Allreduce.Alternatives = append(tp.Allreduce.Alternatives, model.AlgorithmTime{Algorithm: alg, TimeS: t, ExposedS: model.ExposedCommSeconds(t, st.computeS, in.overlap)})
	}
	if st.stepS > 0 {
		tp.ExposedCommFraction = st.exposedS / st.stepS
		tp.IOStallFraction = st.stall / st.stepS
		tp.ScalingEfficiency = st.computeS / st.stepS
		tp.TokensPerS = in.batch / st.stepS
		tp.IngestGBytesPerS = model.IngestGBytesPerS(tp.TokensPerS, in.bytesPerToken)
	}
	trainS, count, totalS := in.timeToTrain(st.stepS)
	tp.TrainHours = trainS / 3600
	tp.TimeToTrainHours = totalS / 3600
	tp.TimeToTrainDays = tp.TimeToTrainHours / 24
	tp.AcceleratorHours = float64(tp.Accelerators) * tp.TimeToTrainHours

	ck := model.CheckpointPlan{BytesPerParam: in.ckptBPP, SizeGB: model.CheckpointBytes(in.params, in.ckptBPP) / 1e9,
		IntervalMinutes: in.job.CheckpointIntervalMinutes, Count: count, WriteGBytesPerS: in.writeGBps}
	if in.writeGBps > 0 {
		ck.WriteS = in.checkpointWriteS()
		ck.OverheadFraction = model.CheckpointOverheadFraction(ck.WriteS, ck.IntervalMinutes*60)
		ck.Note = "written to FSx for Lustre at its baseline throughput; training pauses for each write"
	} else {
		ck.Note = "no FSx for Lustre in the cluster's region: checkpoint write time not modelled"
	}
	tp.Checkpoint = ck
	tp.RunCost = runCost(tp, in, s, cat, p.MonthlyCost.TotalUSD)
	tp.Scaling = in.scaling(scalingNodes(in.cluster.Nodes, in.tp*in.pp, in.inst.AcceleratorCount))
	tp.BusBandwidth = model.BusBandwidthCurve(in.fabric, in.cluster.Nodes, in.algorithm, model.NCCLTestSizes())
	return tp
}

// runCost prices one training run: the cluster's nodes for the time to train
// at the purchase option's rate, FSx for Lustre and S3 for the same duration
// (GB-month prices × hours / 730), and the data-set transfer into AWS, which
// is free (AWS charges no data transfer in).
func runCost(tp model.TrainingPlan, in *jobInputs, s model.Scenario, cat *model.Catalog, monthly float64) model.RunCost {
	rc := model.RunCost{MonthlyRunRateUSD: monthly}
	hours := tp.TimeToTrainHours
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
		_, _, total := in.timeToTrain(st.stepS)
		pt := model.ScalingPoint{Nodes: n, StepTimeS: st.stepS, ExposedCommS: st.exposedS, TimeToTrainHours: total / 3600}
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
	minNodes := (in.tp*in.pp + in.inst.AcceleratorCount - 1) / in.inst.AcceleratorCount
	keep := make([]int, 0, len(nodes))
	for _, n := range nodes {
		if n >= minNodes && n > 0 {
			keep = append(keep, n)
		}
	}
	return in.scaling(keep)
}

// ClusterFabric is the alpha-beta fabric of an instance type from the
// catalog: its network and NVLink bandwidths times the catalog's achievable
// fractions, and the catalog's per-step latencies (model.FabricFor). ok is
// false for an unknown type.
func ClusterFabric(cat *model.Catalog, instanceType string) (f model.Fabric, ok bool) {
	inst, ok := cat.Instances[instanceType]
	if !ok {
		return model.Fabric{}, false
	}
	c := &constants{cat: cat}
	return model.FabricFor(inst, c.value(cEFAFraction), c.value(cNVFraction), c.value(cEFAHop), c.value(cNVHop)), true
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
