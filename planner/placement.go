package planner

import (
	"fmt"
	"math"

	"github.com/topoplan/topoplan/model"
)

// onpremSide is the on-prem half of a compiled baseline: the on-prem
// cluster the job may run on or split with (the job's onprem_cluster, else
// the scenario's first on-prem cluster), its training-model inputs and the
// on-prem-only outcome, which no AWS choice changes.
type onpremSide struct {
	name, site string
	in         jobInputs
	// nodeHourUSD is the owner's cost per node-hour (0: unpriced).
	nodeHourUSD float64
	priced      bool
	// gbps0 is the site's usable capacity to AWS when no DX link is varied.
	gbps0 float64
	rttMs float64
	// datasetAt and datasetTB: where the job's data set lives and its size.
	datasetAt string
	datasetTB float64
	// The on-prem-only step, time to train (s) and whether it fits in HBM.
	st     step
	totalS float64
	dto    map[string]dtoEntry
}

type dtoEntry struct {
	p  model.Price
	ok bool
}

// compileOnPrem prepares the on-prem side for job j (defaults applied).
func (b *Compiled) compileOnPrem(j model.TrainingJob) {
	name := j.OnPremCluster
	if name == "" {
		if ns := onpremNames(b.sd); len(ns) > 0 {
			name = ns[0]
		}
	}
	if name == "" {
		return
	}
	oj := j
	oj.Cluster = name
	in, ok := newJobInputs(b.sd, b.cat, b.c, oj, b.jobsOnFSx)
	if !ok || in.onprem == nil {
		return
	}
	op := &onpremSide{name: name, site: in.onprem.site, in: in, priced: in.onprem.plan.Priced, dto: map[string]dtoEntry{}}
	if op.priced {
		op.nodeHourUSD = in.onprem.plan.Cost.NodeHourUSD
	}
	op.gbps0 = siteUsableGbps(evaluateLinks(b.sd, b.c), op.site)
	op.rttMs, _ = siteRegionRTTMs(b.sd, b.cat, op.site)
	op.datasetAt = model.PlacementAWS
	if j.Dataset != "" {
		op.datasetAt, op.datasetTB = datasetLocation(b.sd, j.Dataset)
	}
	op.st = op.in.stepAt(in.onprem.oc.Nodes, true)
	_, _, op.totalS = op.in.timeToTrain(op.st.stepS, op.st.batch)
	b.op = op
}

// HasOnPrem says whether the baseline has an on-prem cluster the job can be
// placed on (the placements onprem and split are then searched).
func (b *Compiled) HasOnPrem() bool { return b.op != nil }

// dtoFor is the Direct Connect data-transfer-out rate with the estate homed
// in the candidate's home Region, looked up once per Region.
func (b *Compiled) dtoFor(c Candidate) (model.Price, bool) {
	home := b.homeOf(c)
	if e, ok := b.op.dto[home]; ok {
		return e.p, e.ok
	}
	s := ApplyDefaults(b.apply(c, model.Layout{}), b.cat)
	p, _, ok := model.DXTransferOutPrice(s, b.cat)
	b.op.dto[home] = dtoEntry{p, ok}
	return p, ok
}

// siteGbps is the site's usable capacity to AWS with the candidate's DX ports.
func (b *Compiled) siteGbps(c Candidate) float64 {
	if b.li < 0 {
		return b.op.gbps0
	}
	return b.dxFor(c.DXSpeedGbps, c.DXCount).siteGbps
}

// storageRunUSD is S3 and FSx for the run's months, as evaluateAWS counts
// them: the estate's storage stands whichever side trains.
func (b *Compiled) storageRunUSD(c Candidate, months float64) float64 {
	hp := b.cat.Regions[b.homeOf(c)]
	usd := model.S3StandardMonthlyUSD(hp, b.s3GB) * months
	if f := b.fsxOf(c); f != nil && f.CapacityTiB > 0 && (b.movesHome || c.Region == b.home) {
		if p, ok := hp.FSxLustre[model.FSxPriceKey(*f)]; ok {
			usd += f.CapacityTiB * 1000 * p.USD * months
		}
	}
	return usd
}

// evaluatePlaced evaluates an onprem or split placement (docs/model.md
// §7.3 and §8.1): the AWS side through evaluateAWS (the monthly run-rate of
// the estate as written, the AWS layout and rate), the on-prem side through
// the same training model on the on-prem cluster, the WAN over the site's
// links with the candidate's DX ports. Cost per run = the placement's
// total (AWS node-hours used, on-prem node-hours at the owner's rate, AWS →
// on-prem WAN bytes at the DX data-transfer-out rate, moving the data set)
// + S3 and FSx for the run's months.
func (b *Compiled) evaluatePlaced(c Candidate) Outcome {
	var o Outcome
	if b.op == nil {
		o.Reason, o.Invalid = "placement "+c.Placement+" needs an on-prem cluster (sites[].clusters)", true
		return o
	}
	if c.Placement != model.PlacementOnPrem && c.Placement != model.PlacementSplit {
		o.Reason, o.Invalid = "unknown placement "+c.Placement, true
		return o
	}
	switch {
	case b.residency != "" && b.residency != ResidencyOnPrem:
		o.Reason = "the job's data set must stay in " + b.residency
		return o
	case b.residency == ResidencyOnPrem && c.Placement == model.PlacementSplit && c.SplitBy != model.SplitPipeline:
		o.Reason = "the job's data set must stay on-prem: a data split reads it on AWS too"
		return o
	}
	if !b.op.priced {
		o.Reason = "on-prem cluster " + b.op.name + " has no cost basis (sites[].clusters[].cost): its hours cannot be priced"
		return o
	}
	ac := c
	ac.Placement = PlacementAWS
	a := b.evaluateAWS(ac)
	if a.Invalid || (a.MonthlyUSD == 0 && a.Reason != "") {
		return a
	}
	o.MonthlyUSD, o.UnconfirmedMonthlyUSD = a.MonthlyUSD, a.UnconfirmedMonthlyUSD
	o.PriceConfidence, o.PriceReadOn = a.PriceConfidence, a.PriceReadOn
	gbps := b.siteGbps(c)
	dto, dtoOK := b.dtoFor(c)
	g := dataGravity{site: b.op.site, at: b.op.datasetAt, tb: b.op.datasetTB, gbps: gbps, dto: dto, dtoOK: dtoOK}
	var opt model.PlacementOption
	if c.Placement == model.PlacementOnPrem {
		op := b.op
		opt = model.PlacementOption{Placement: model.PlacementOnPrem, OnPremNodes: op.in.onprem.oc.Nodes, Feasible: op.st.mem.Fits,
			StepTimeS: op.st.stepS, TimeToTrainDays: op.totalS / 86400}
		opt.OnPremUSD = float64(opt.OnPremNodes) * op.totalS / 3600 * op.nodeHourUSD
		g.move(&opt, false, 1)
		o.Layout = op.st.layout
		o.Accelerators = opt.OnPremNodes * op.in.inst.AcceleratorCount
		if !opt.Feasible {
			opt.Note = fmt.Sprintf("does not fit in HBM on %s: %.0f GiB per accelerator needed, %.0f GiB available", op.name, op.st.mem.TotalGiB, op.st.mem.CapacityGiB)
		}
	} else {
		if !a.Feasible && a.Layout.TP == 0 {
			return a // no AWS layout to split
		}
		te := b.typeFor(c.InstanceType)
		se := b.stepFor(te, c.Nodes, c.Layout)
		in := te.in
		in.layout = se.st.layout
		in.job.SplitBy, in.job.SplitOnPrem = c.SplitBy, c.SplitOnPrem
		in.readGBps, in.writeGBps = 0, 0
		if f := b.fsxOf(c); f != nil && f.CapacityTiB > 0 && (b.movesHome || c.Region == b.home) {
			in.writeGBps = model.FSxThroughputGBytesPerS(f.CapacityTiB, f.ThroughputMBpsPerTiB)
		}
		price := b.cat.Instances[c.InstanceType].Prices[c.Region]
		rate, _, _ := model.InstanceHourlyUSD(price, b.purchase(c.PurchaseOption))
		tp := model.TrainingPlan{Nodes: c.Nodes, Layout: se.st.layout, Step: se.st.terms, GlobalBatchTokens: se.st.batch}
		tp.RunCost.InstanceUSDPerHour = rate
		pp := model.PlacementPlan{SplitBy: c.SplitBy, LinkUsableGbps: gbps, RTTMs: b.op.rttMs}
		pj := placementJob{aws: &in, op: &b.op.in, tp: tp, r: *b.op.in.onprem}
		opt = splitOption(&pp, pj, nil, b.op.nodeHourUSD)
		g.finishSplit(&opt, pp, in.tokens/tp.GlobalBatchTokens)
		o.Layout = se.st.layout
		o.Accelerators = opt.AWSNodes*in.inst.AcceleratorCount + opt.OnPremNodes*b.op.in.inst.AcceleratorCount
		o.WANSecondsPerStep = opt.WANSecondsPerStep
	}
	opt.TotalUSD = opt.AWSComputeUSD + opt.OnPremUSD + opt.WANTransferUSD + opt.DataMoveUSD
	finiteOption(&opt)
	o.AWSNodesUsed, o.OnPremNodes = opt.AWSNodes, opt.OnPremNodes
	o.StepS, o.Days = opt.StepTimeS, opt.TimeToTrainDays
	months := o.Days * 24 / model.HoursPerMonth
	o.RunCostUSD = opt.TotalUSD + b.storageRunUSD(c, months)
	if !opt.Feasible {
		o.Reason = opt.Note
		return o
	}
	// Critical conditions: what eval reports of the job's plan on its AWS
	// cluster (it is still evaluated), gradient sync over the WAN, and a
	// split's AWS side longer than one Capacity Block.
	crit := a.Critical
	if opt.GradientSyncOverWAN {
		crit = fmt.Sprintf("placement.gradient-sync-over-wan: %s per step each way over %.1f Gbps adds %.2f s to every step", fmtBytes(opt.WANBytesPerStep), gbps, opt.WANSecondsPerStep)
	}
	o.Critical = crit
	if crit == "" && c.Placement == model.PlacementSplit && c.PurchaseOption == model.PurchaseCapacityBlock && b.cat.CapacityBlocks.MaxDays() > 0 {
		if sp := model.SpanCapacityBlocks(o.Days*24, b.cat.CapacityBlocks); sp.Blocks > 1 {
			crit = fmt.Sprintf("%.0f days is longer than one Capacity Block (%d days)", o.Days, b.cat.CapacityBlocks.MaxDays())
		}
	}
	o.Feasible, o.Reason = crit == "", crit
	if math.IsNaN(o.RunCostUSD) || math.IsInf(o.RunCostUSD, 0) {
		o.Feasible, o.Reason = false, "the run cost cannot be computed"
	}
	return o
}

// splitVariants lists the split placements to try with the AWS layout l:
// by data (1 … DP−1 replicas on-prem) and by pipeline (1 … PP−1 stages),
// keeping only those whose on-prem share fits the on-prem cluster's
// accelerators (the rest are infeasible: cut is the count left out).
func (b *Compiled) splitVariants(l model.Layout, by []string) (out []Candidate, cut int) {
	onAccel := b.op.in.onprem.oc.Nodes * max(1, b.op.in.inst.AcceleratorCount)
	tp, pp, dp := max(1, l.TP), max(1, l.PP), max(1, l.DP)
	for _, sb := range by {
		total, per := dp, tp*pp
		if sb == model.SplitPipeline {
			total, per = pp, tp*dp
		}
		for k := 1; k < total; k++ {
			if k*per > onAccel {
				cut += total - k
				break
			}
			out = append(out, Candidate{Placement: model.PlacementSplit, SplitBy: sb, SplitOnPrem: k})
		}
	}
	return out, cut
}
