package planner

import (
	"fmt"
	"math"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// Catalog values of an on-prem fabric entry (catalog "onprem_fabrics").
const (
	onpremFraction  = "achievable_fraction"
	onpremHop       = "hop_latency_us"
	onpremTreeBase  = "tree_base_latency_us"
	onpremTreeHop   = "tree_hop_latency_us"
	onpremUserField = "scenario (sites[].clusters[]."
)

// onprem is an on-prem cluster resolved against the catalog: the instance
// view the training model reads (accelerators from the node type's
// LikeInstance, network from the on-prem fabric), its fabric and its plan.
type onprem struct {
	site    string
	oc      model.OnPremCluster
	node    model.OnPremNode
	inst    model.Instance
	fabric  model.Fabric
	fabricA []model.Assumption
	plan    model.OnPremPlan
}

// onpremByName finds an on-prem cluster in the scenario's sites.
func onpremByName(s model.Scenario, name string) (site string, oc model.OnPremCluster, ok bool) {
	for _, st := range s.Sites {
		for _, c := range st.Clusters {
			if c.Name == name {
				return st.Name, c, true
			}
		}
	}
	return "", model.OnPremCluster{}, false
}

// resolveOnPrem builds an on-prem cluster's instance view, fabric and plan.
// ok is false when its node type (or the node's LikeInstance) is unknown.
func resolveOnPrem(cat *model.Catalog, c *constants, site string, oc model.OnPremCluster) (onprem, bool) {
	node, ok := cat.OnPremNodes[oc.Node]
	if !ok {
		return onprem{}, false
	}
	like, ok := cat.Instances[node.LikeInstance]
	if !ok || like.PeakDenseBF16TFLOPS <= 0 {
		return onprem{}, false
	}
	r := onprem{site: site, oc: oc, node: node}
	per := node.AcceleratorsPerNode
	if oc.AcceleratorsPerNode > 0 {
		per = oc.AcceleratorsPerNode
	}
	fabName := firstString(oc.Fabric, node.Fabric)
	fab := cat.OnPremFabrics[fabName]
	gbps := node.ComputeFabricGbps
	if oc.FabricGbpsPerNode > 0 {
		gbps = oc.FabricGbpsPerNode
	}
	nv := like.IntraNodeGBpsPerAccel
	if oc.NVLinkGBpsPerAccel > 0 {
		nv = oc.NVLinkGBpsPerAccel
	}
	inst := like
	inst.AcceleratorCount = per
	inst.NetworkGbps = gbps
	inst.IntraNodeGBpsPerAccel = nv
	inst.EFA = false
	inst.Prices = nil
	inst.SpecSource = node.Source
	r.inst = inst

	as := make([]model.Assumption, 0, 12)
	user := func(field string, v float64, unit string) model.Assumption {
		return model.Assumption{Name: field + " (" + oc.Name + ")", Value: v, Unit: unit, Source: onpremUserField + field + ")", Confidence: model.ConfidenceUser}
	}
	fabValue := func(key string, fallback perfConstant) (float64, model.Assumption) {
		if k, ok := fab.Values[key]; ok && k.Value > 0 {
			return k.Value, model.Assumption{Name: key + " (" + fabName + ")", Value: k.Value, Unit: k.Unit, Source: k.URL, ReadOn: k.ReadOn, Confidence: k.Confidence, Note: k.Note}
		}
		v, a := c.get(fallback)
		a.Note = strings.TrimPrefix(a.Note+"; no "+key+" for on-prem fabric "+fabName+": the EFA figure is used", "; ")
		return v, a
	}
	frac, fa := fabValue(onpremFraction, cEFAFraction)
	if oc.FabricEfficiency > 0 {
		frac, fa = oc.FabricEfficiency, user("fabric_efficiency", oc.FabricEfficiency, "fraction")
	}
	hop, ha := fabValue(onpremHop, cEFAHop)
	tb, tba := fabValue(onpremTreeBase, cTreeBase)
	th, tha := fabValue(onpremTreeHop, cTreeHop)
	as = append(as, fa, ha, tba, tha)

	// NVLink, NVLS, tree bandwidth share, LL caps and all-to-all: the
	// accelerator generation's figures (the fabrics entry of LikeInstance).
	gen, spec := fabricEntry(cat, node.LikeInstance)
	val := func(pc perfConstant, report bool) float64 {
		v, a, ok := fabricValue(c, gen, spec, pc)
		if ok && report {
			as = append(as, a)
		}
		return v
	}
	f := model.FabricFor(inst, frac, val(cNVFraction, true), hop, val(cNVHop, true))
	f.Generation = fabName + " + " + gen + " NVLink"
	f.NVLS = spec.NVLS
	if f.NVLS {
		f.NVLSBusGBytesPerS = val(cNVLSBus, true)
	}
	f.TreeBaseLatencyUs, f.TreeHopLatencyUs = tb, th
	f.TreeFraction = val(cTreeFrac, true)
	f.LLMaxBusGBytesPerS = [3]float64{val(cLL1Node, false), val(cLL2Nodes, false), val(cLL4Nodes, false)}
	f.LL128AcrossNodes = true // NCCL enables LL128 across InfiniBand/RoCE nodes
	f.AllToAllBaseUs = val(cA2ABase, false)
	f.AllToAllNodeUs = val(cA2ANode, false)
	r.fabric, r.fabricA = f, as

	pl := model.OnPremPlan{Cluster: oc.Name, Site: site, Node: oc.Node, Description: node.Description,
		Nodes: oc.Nodes, AcceleratorsPerNode: per, Accelerators: oc.Nodes * per,
		AcceleratorModel: like.AcceleratorModel, LikeInstance: node.LikeInstance,
		PeakDenseBF16TFLOPS: like.PeakDenseBF16TFLOPS, AcceleratorMemoryGiB: like.AcceleratorMemoryGiB,
		NVLinkGeneration: node.NVLinkGeneration, NVLinkGBpsPerAccel: nv,
		Fabric: fabName, FabricGbpsPerNode: gbps, FabricEfficiency: frac, FabricModel: f,
		StorageGBytesPerS: oc.StorageGBytesPerS}
	pl.Assumptions = append(pl.Assumptions,
		model.Assumption{Name: "node (" + oc.Node + ")", Value: float64(per), Unit: "accelerators per node", Source: node.URL, ReadOn: node.ReadOn, Confidence: node.Confidence, Note: node.Note},
		model.Assumption{Name: "accelerator (" + node.LikeInstance + ")", Value: like.PeakDenseBF16TFLOPS, Unit: "TFLOPS dense BF16 per accelerator",
			Source: like.ComputeSource.URL, ReadOn: like.ComputeSource.ReadOn, Confidence: like.ComputeSource.Confidence, Note: like.ComputeSource.Note})
	if oc.FabricGbpsPerNode > 0 {
		pl.Assumptions = append(pl.Assumptions, user("fabric_gbps_per_node", gbps, "Gbps per node"))
	} else {
		pl.Assumptions = append(pl.Assumptions, model.Assumption{Name: "compute_fabric_gbps (" + oc.Node + ")", Value: gbps, Unit: "Gbps per node",
			Source: node.URL, ReadOn: node.ReadOn, Confidence: node.Confidence})
	}
	pl.Assumptions = append(pl.Assumptions, as...)

	power := node.PowerKW
	if oc.Cost.PowerKWPerNode > 0 {
		power = oc.Cost.PowerKWPerNode
		pl.Assumptions = append(pl.Assumptions, user("cost.power_kw_per_node", power, "kW per node"))
	} else if power > 0 {
		pl.Assumptions = append(pl.Assumptions, model.Assumption{Name: "power_kw (" + oc.Node + ")", Value: power, Unit: "kW per node (maximum)",
			Source: node.URL, ReadOn: node.ReadOn, Confidence: node.Confidence, Note: "the node's maximum draw: a conservative figure; give cost.power_kw_per_node for your measured draw"})
	}
	pl.Cost = model.OnPremCostPerAcceleratorHour(oc.Cost, power, per)
	pl.Basis = oc.Cost
	pl.Priced = oc.Cost.Priced()
	var gaps []string
	if !pl.Priced {
		gaps = append(gaps, "no purchase price and amortisation period: cost per accelerator-hour not computed")
	}
	if power <= 0 && oc.Cost.USDPerKWh > 0 {
		gaps = append(gaps, "no power figure for this node type: give cost.power_kw_per_node")
	}
	if oc.Cost.USDPerKWh <= 0 {
		gaps = append(gaps, "no electricity price (cost.usd_per_kwh): power not priced")
	}
	if gbps <= 0 {
		gaps = append(gaps, "no inter-node bandwidth for this node type: give fabric_gbps_per_node")
	}
	if pl.Priced {
		pl.MonthlyUSD = pl.Cost.NodeMonthUSD * float64(oc.Nodes)
		for _, a := range []struct {
			f    string
			v    float64
			unit string
		}{{"cost.purchase_usd_per_node", oc.Cost.PurchaseUSDPerNode, "USD per node"}, {"cost.amortisation_months", oc.Cost.AmortisationMonths, "months"},
			{"cost.usd_per_kwh", oc.Cost.USDPerKWh, "USD per kWh"}, {"cost.pue", oc.Cost.PUE, "ratio"},
			{"cost.support_usd_per_node_year", oc.Cost.SupportUSDPerNodeYear, "USD per node-year"}, {"cost.floor_usd_per_rack_month", oc.Cost.FloorUSDPerRackMonth, "USD per rack-month"}} {
			if a.v > 0 {
				pl.Assumptions = append(pl.Assumptions, user(a.f, a.v, a.unit))
			}
		}
	}
	pl.Note = strings.Join(gaps, "; ")
	r.plan = pl
	return r, true
}

func firstString(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// evaluateOnPrem lists every on-prem cluster's plan, in scenario order.
func evaluateOnPrem(s model.Scenario, cat *model.Catalog, c *constants) []model.OnPremPlan {
	var out []model.OnPremPlan
	for _, st := range s.Sites {
		for _, oc := range st.Clusters {
			if r, ok := resolveOnPrem(cat, c, st.Name, oc); ok {
				out = append(out, r.plan)
			}
		}
	}
	return out
}

// siteRegionRTTMs is the round-trip time between a site and the home Region
// in ms: the largest of its links' RTTs, each measured (links[].rtt_ms) or
// derived from the great-circle route (LinkRTT, docs/model.md §9); 0 when
// neither is known.
func siteRegionRTTMs(s model.Scenario, cat *model.Catalog, site string) (ms float64, source string) {
	measured := false
	for _, l := range s.Links {
		if l.Site != site {
			continue
		}
		if rtt, _, src := LinkRTT(cat, s, l); src != "" && rtt > ms {
			ms, measured = rtt, src == model.RTTMeasured
		}
	}
	switch {
	case ms > 0 && measured:
		return ms, "links[].rtt_ms (measured, from the scenario)"
	case ms > 0:
		return ms, "derived from the great-circle route site → DX location → Region (docs/model.md §9); set links[].rtt_ms to a measured figure"
	}
	return 0, "not given (links[].rtt_ms) and not derivable (no site city or coordinates): the latency term is left out"
}

// siteUsableGbps is the usable capacity between a site and AWS over all its
// links, every connection up.
func siteUsableGbps(links []model.LinkPlan, site string) float64 {
	var g float64
	for _, l := range links {
		if l.Site == site {
			g += l.UsableGbps
		}
	}
	return g
}

// placementJob is a training job with an AWS cluster and an on-prem
// cluster to compare: the evaluated AWS plan and both sides' inputs.
type placementJob struct {
	aws, op *jobInputs
	tp      model.TrainingPlan
	r       onprem
}

// datasetLocation finds where a data set lives: the site holding it, else
// "aws" (an S3 data set or none named).
func datasetLocation(s model.Scenario, name string) (at string, sizeTB float64) {
	for _, st := range s.Sites {
		for _, d := range st.Datasets {
			if d.Name == name {
				return st.Name, d.SizeTB
			}
		}
	}
	return model.PlacementAWS, 0
}

// evaluatePlacement compares AWS only, on-prem only and the split of one job.
func evaluatePlacement(pj placementJob, p *model.Plan, s model.Scenario, cat *model.Catalog) model.PlacementPlan {
	j := pj.aws.job
	pp := model.PlacementPlan{Job: j.Name, Chosen: firstString(j.Placement, model.PlacementAWS), AWSCluster: pj.aws.cluster.Name,
		OnPremCluster: pj.r.oc.Name, Site: pj.r.site, SplitBy: firstString(j.SplitBy, model.SplitData)}
	pp.LinkUsableGbps = siteUsableGbps(p.Links, pj.r.site)
	pp.RTTMs, pp.RTTSource = siteRegionRTTMs(s, cat, pj.r.site)
	if j.Dataset != "" {
		pp.Dataset = j.Dataset
		pp.DatasetAt, pp.DatasetTB = datasetLocation(s, j.Dataset)
	}
	dto, dtoWhere, dtoOK := model.DXTransferOutPrice(s, cat)
	g := dataGravity{site: pj.r.site, at: pp.DatasetAt, tb: pp.DatasetTB, gbps: pp.LinkUsableGbps, dto: dto, dtoOK: dtoOK}
	move := g.move
	nodeHour := 0.0
	if pj.r.plan.Priced {
		nodeHour = pj.r.plan.Cost.NodeHourUSD
		pp.OnPremAcceleratorHourUSD = pj.r.plan.Cost.AcceleratorHourUSD
	}
	pp.AWSAcceleratorHourUSD = pj.tp.RunCost.InstanceUSDPerHour / float64(max(1, pj.aws.inst.AcceleratorCount))

	// AWS only: the job's own plan.
	a := model.PlacementOption{Placement: model.PlacementAWS, Feasible: true, Layout: layoutName(pj.tp.Layout),
		AWSNodes: pj.tp.Nodes, StepTimeS: pj.tp.StepTimeS, TimeToTrainDays: pj.tp.TimeToTrainDays,
		AWSComputeUSD: pj.tp.RunCost.InstancesUSD}
	move(&a, true, 1)
	a.Note = "the job's plan on " + pj.aws.cluster.Name
	if !pj.tp.Memory.Fits {
		a.Feasible, a.Note = false, "does not fit in HBM with this layout"
	}

	// On-prem only: the same job through the same model on the on-prem cluster.
	o := model.PlacementOption{Placement: model.PlacementOnPrem, OnPremNodes: pj.r.oc.Nodes, Feasible: true}
	st := pj.op.stepAt(pj.r.oc.Nodes, true)
	_, _, total := pj.op.timeToTrain(st.stepS, st.batch)
	o.Layout, o.StepTimeS, o.TimeToTrainDays = layoutName(st.layout), st.stepS, total/86400
	o.OnPremUSD = float64(pj.r.oc.Nodes) * total / 3600 * nodeHour
	move(&o, false, 1)
	o.Note = "the same job on " + pj.r.oc.Name
	if !st.mem.Fits {
		o.Feasible, o.Note = false, fmt.Sprintf("does not fit in HBM: %.0f GiB per accelerator needed, %.0f GiB available", st.mem.TotalGiB, st.mem.CapacityGiB)
	}

	sp := splitOption(&pp, pj, p, nodeHour)
	g.finishSplit(&sp, pp, pj.aws.tokens/pj.tp.GlobalBatchTokens)
	for _, op := range []*model.PlacementOption{&a, &o, &sp} {
		op.TotalUSD = op.AWSComputeUSD + op.OnPremUSD + op.WANTransferUSD + op.DataMoveUSD
		finiteOption(op)
	}
	pp.Options = []model.PlacementOption{a, o, sp}
	notes := []string{"same training model on both sides (on-prem fabric in place of EFA)",
		"on-prem cost = nodes × hours × the owner's node-hour cost"}
	if !pj.r.plan.Priced {
		notes = append(notes, "on-prem cost basis missing: on-prem hours unpriced")
	}
	if dtoOK {
		notes = append(notes, fmt.Sprintf("AWS → on-prem bytes at $%.3f/GB DX data transfer out (%s); data into AWS is free", dto.USD, dtoWhere))
	} else {
		notes = append(notes, "no DX data-transfer-out price for this scenario: AWS → on-prem bytes unpriced")
	}
	notes = append(notes, "DX ports are standing cost (monthly run-rate), and FSx and S3 for the run's duration are in the job's cost per run, not in these placement totals (compute, WAN transfer and data move only)")
	pp.Note = strings.Join(notes, "; ")
	return pp
}

// splitOption models the job split over the two sites with the AWS plan's
// layout: data-parallel replicas or pipeline stages on each side.
func splitOption(pp *model.PlacementPlan, pj placementJob, p *model.Plan, nodeHour float64) model.PlacementOption {
	sp := model.PlacementOption{Placement: model.PlacementSplit}
	in, op := pj.aws, pj.op
	l := pj.tp.Layout
	tp, ppd := max(1, l.TP), max(1, l.PP)
	perA, perO := max(1, in.inst.AcceleratorCount), max(1, op.inst.AcceleratorCount)
	onAccel := pj.r.oc.Nodes * perO
	if pp.LinkUsableGbps <= 0 {
		sp.Note = "no link between " + pj.r.site + " and AWS"
		return sp
	}
	m := pj.tp.Step.Microbatches
	switch pp.SplitBy {
	case model.SplitPipeline:
		k, ok := onPremShare(in.job.SplitOnPrem, ppd)
		pp.SplitTotal, pp.SplitOnPrem = ppd, k
		if !ok {
			sp.Note = fmt.Sprintf("a pipeline split needs 1 to PP−1 stages on-prem (PP %d, %d asked)", ppd, k)
			return sp
		}
		lp := l
		lp.VirtualStages = 1 // interleaving would cross the WAN 2v−1 times per microbatch
		need := k * tp * max(1, l.DP)
		sp.OnPremNodes = (need + perO - 1) / perO
		sp.AWSNodes = ((ppd-k)*tp*max(1, l.DP) + perA - 1) / perA
		sp.Layout = fmt.Sprintf("%s; stages 1-%d on-prem, %d-%d on AWS", layoutName(lp), k, k+1, ppd)
		stA := model.StepTime(in.work, lp, in.dev, in.fabric, in.ov, in.algorithm)
		stO := model.StepTime(in.work, lp, op.dev, op.fabric, in.ov, in.algorithm)
		mf := float64(max(1, stA.Microbatches))
		slot := math.Max((stA.ComputeS+stA.RecomputeS+stA.TPCommS+stA.EPCommS)/mf, (stO.ComputeS+stO.RecomputeS+stO.TPCommS+stO.EPCommS)/mf)
		bb := model.PipelineBoundaryBytes(in.work.Arch, lp, in.job.Precision)
		sp.WANSecondsPerStep = model.PipelineWANSeconds(bb, stA.Microbatches, slot, pp.LinkUsableGbps, pp.RTTMs)
		sp.WANBytesPerStep = mf * bb
		sp.StepTimeS = math.Max(stA.TotalS, stO.TotalS) + sp.WANSecondsPerStep
		sp.Feasible = need <= onAccel && model.TrainingMemory(in.work, lp, op.dev).Fits
		switch {
		case need > onAccel:
			sp.Note = fmt.Sprintf("%d stages need %d on-prem accelerators, the cluster has %d", k, need, onAccel)
		case !sp.Feasible:
			sp.Note = "the on-prem stages do not fit in HBM with this layout"
		default:
			sp.Note = fmt.Sprintf("activations forward and their gradients back cross the WAN: %s per microbatch each way over %.1f Gbps, RTT %g ms; gradient all-reduce stays within each site; the last stage's labels (token ids, kB per microbatch) are not counted",
				fmtBytes(bb), pp.LinkUsableGbps, pp.RTTMs)
		}
	default:
		dp := max(1, l.DP)
		k, ok := onPremShare(in.job.SplitOnPrem, dp)
		pp.SplitTotal, pp.SplitOnPrem = dp, k
		if !ok {
			sp.Note = fmt.Sprintf("a data-parallel split needs 1 to DP−1 replicas on-prem (DP %d, %d asked)", dp, k)
			return sp
		}
		need := k * tp * ppd
		sp.OnPremNodes = (need + perO - 1) / perO
		sp.AWSNodes = ((dp-k)*tp*ppd + perA - 1) / perA
		lo, la := l, l
		lo.DP, la.DP = k, dp-k
		for _, side := range []*model.Layout{&lo, &la} {
			if side.EP > 1 && (side.TP*side.DP)%side.EP != 0 {
				side.EP = 1
			}
		}
		sp.Layout = fmt.Sprintf("%s; %d replicas on-prem, %d on AWS", layoutName(l), k, dp-k)
		wo, wa := in.work, in.work
		wo.GlobalBatchTokens = in.work.GlobalBatchTokens * float64(k) / float64(dp)
		wa.GlobalBatchTokens = in.work.GlobalBatchTokens * float64(dp-k) / float64(dp)
		stA := model.StepTime(wa, la, in.dev, in.fabric, in.ov, in.algorithm)
		stO := model.StepTime(wo, lo, op.dev, op.fabric, in.ov, in.algorithm)
		sp.WANBytesPerStep = model.WANGradientBytes(in.work.Parameters, in.job.Precision)
		wan := model.WANExchangeSeconds(sp.WANBytesPerStep, pp.LinkUsableGbps, pp.RTTMs)
		nonDP := math.Max(stA.TotalS-stA.DPExposedS, stO.TotalS-stO.DPExposedS)
		exposed := func(st model.Step, extra float64) float64 {
			win := (st.ComputeS + st.RecomputeS) / float64(max(1, st.Microbatches))
			return model.ExposedCommSeconds(st.DPCommS+extra, win, in.ov.DP)
		}
		with := nonDP + math.Max(exposed(stA, wan), exposed(stO, wan))
		without := nonDP + math.Max(exposed(stA, 0), exposed(stO, 0))
		sp.StepTimeS, sp.WANSecondsPerStep = with, with-without
		sp.GradientSyncOverWAN = true
		sp.Feasible = need <= onAccel && model.TrainingMemory(wo, lo, op.dev).Fits
		switch {
		case need > onAccel:
			sp.Note = fmt.Sprintf("%d replicas need %d on-prem accelerators, the cluster has %d", k, need, onAccel)
		case !sp.Feasible:
			sp.Note = "the on-prem replicas do not fit in HBM with this layout"
		default:
			sp.Note = fmt.Sprintf("hierarchical: each site reduces its replicas, then the sites exchange the whole gradient (%s each way) over %.1f Gbps, RTT %g ms: %.2f s, %.2f s of it exposed",
				fmtBytes(sp.WANBytesPerStep), pp.LinkUsableGbps, pp.RTTMs, wan, sp.WANSecondsPerStep)
		}
	}
	_ = m
	_, _, total := in.timeToTrain(sp.StepTimeS, pj.tp.GlobalBatchTokens)
	sp.TimeToTrainDays = total / 86400
	hours := total / 3600
	sp.AWSComputeUSD = float64(sp.AWSNodes) * hours * pj.tp.RunCost.InstanceUSDPerHour
	sp.OnPremUSD = float64(sp.OnPremNodes) * hours * nodeHour
	return sp
}

// dataGravity is where a job's data set lives and what moving it costs:
// the site, the data set's place (a site or "aws") and size, the site's
// usable WAN capacity and the Direct Connect data-transfer-out rate.
type dataGravity struct {
	site, at string
	tb, gbps float64
	dto      model.Price
	dtoOK    bool
}

// move prices moving share of the data set to AWS (toAWS) or to the site:
// the terabytes, the hours at the site's usable capacity and, out of AWS,
// the data-transfer-out rate (data into AWS is free).
func (g dataGravity) move(o *model.PlacementOption, toAWS bool, share float64) {
	if g.tb <= 0 || share <= 0 {
		return
	}
	atSite := g.at == g.site
	if toAWS == (g.at == model.PlacementAWS) || (!toAWS && !atSite && g.at != model.PlacementAWS) {
		return // already there (or at another site: not modelled)
	}
	o.DataMoveTB = g.tb * share
	if g.gbps > 0 {
		o.DataMoveHours = o.DataMoveTB * 8e12 / (g.gbps * 1e9) / 3600
	}
	if !toAWS && g.dtoOK {
		o.DataMoveUSD = o.DataMoveTB * model.GBPerTB * g.dto.USD
	}
}

// finishSplit adds a split's data moves and WAN transfer cost (steps is
// the run's step count before rounding up).
func (g dataGravity) finishSplit(sp *model.PlacementOption, pp model.PlacementPlan, steps float64) {
	if !sp.Feasible && sp.StepTimeS <= 0 {
		return
	}
	if pp.SplitBy == model.SplitData {
		g.move(sp, true, float64(pp.SplitTotal-pp.SplitOnPrem)/float64(max(1, pp.SplitTotal)))
		g.move(sp, false, float64(pp.SplitOnPrem)/float64(max(1, pp.SplitTotal)))
	} else {
		g.move(sp, false, 1) // the first stages, on-prem, read the tokens
	}
	if sp.WANBytesPerStep > 0 && g.dtoOK {
		sp.WANTransferUSD = math.Ceil(steps) * sp.WANBytesPerStep / 1e9 * g.dto.USD
	}
}

// fmtBytes writes a byte count in GB or MB (decimal).
func fmtBytes(b float64) string {
	if b >= 1e9 {
		return fmt.Sprintf("%.1f GB", b/1e9)
	}
	return fmt.Sprintf("%.1f MB", b/1e6)
}

// placementFindings raises a critical finding when the scenario's placement
// puts gradient synchronisation across the WAN, with the numbers.
func placementFindings(pls []model.PlacementPlan) []model.Finding {
	var out []model.Finding
	for _, pp := range pls {
		if len(pp.Options) < 3 {
			continue
		}
		a, sp := pp.Options[0], pp.Options[2]
		if pp.Chosen == model.PlacementSplit && sp.GradientSyncOverWAN {
			out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "placement.gradient-sync-over-wan",
				Title: fmt.Sprintf("Training job %s synchronises gradients across the WAN: %s per step each way over %.1f Gbps adds %.2f s to every step (%.2f s vs %.2f s on AWS only)",
					pp.Job, fmtBytes(sp.WANBytesPerStep), pp.LinkUsableGbps, sp.WANSecondsPerStep, sp.StepTimeS, a.StepTimeS),
				Detail: fmt.Sprintf("The data-parallel split puts %d of %d replicas on %s: every step the two sites exchange the whole gradient (parameters × bytes per element) over the site's links at RTT %g ms (%s). Time to train %.1f d vs %.1f d on AWS only.",
					pp.SplitOnPrem, pp.SplitTotal, pp.OnPremCluster, pp.RTTMs, pp.RTTSource, sp.TimeToTrainDays, a.TimeToTrainDays),
				Remedy: "Split by pipeline stages instead (split_by: pipeline: only boundary activations cross the WAN), or run the job on one side."})
		}
		if ch := chosenOption(pp); ch != nil && !ch.Feasible {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "placement.not-feasible",
				Title:  fmt.Sprintf("Training job %s cannot run as placed (%s): %s", pp.Job, pp.Chosen, ch.Note),
				Remedy: "Choose another placement, or change the split or the layout."})
		}
	}
	return out
}

func chosenOption(pp model.PlacementPlan) *model.PlacementOption {
	for i := range pp.Options {
		if pp.Options[i].Placement == pp.Chosen {
			return &pp.Options[i]
		}
	}
	return nil
}

func hasOnPremClusters(s model.Scenario) bool { return len(onpremNames(s)) > 0 }

// onpremNames lists the on-prem clusters' names in scenario order.
func onpremNames(s model.Scenario) []string {
	var out []string
	for _, st := range s.Sites {
		for _, c := range st.Clusters {
			out = append(out, c.Name)
		}
	}
	return out
}

// finiteOption zeroes figures that cannot be computed (a quantity with no
// capacity behind it is 0 in the plan, never infinite) and marks the
// placement infeasible.
func finiteOption(o *model.PlacementOption) {
	bad := false
	for _, v := range []*float64{&o.StepTimeS, &o.TimeToTrainDays, &o.WANBytesPerStep, &o.WANSecondsPerStep, &o.AWSComputeUSD,
		&o.OnPremUSD, &o.WANTransferUSD, &o.DataMoveUSD, &o.TotalUSD, &o.DataMoveTB, &o.DataMoveHours} {
		if math.IsInf(*v, 0) || math.IsNaN(*v) {
			*v, bad = 0, true
		}
	}
	if bad {
		o.Feasible = false
		o.Note = strings.TrimPrefix(o.Note+"; some figures cannot be computed (no capacity): shown as 0", "; ")
	}
}

// onPremShare is how many of a split's total pipeline stages or data-parallel
// replicas run on-prem: the job's split_onprem, else half; ok when both
// sides keep at least one.
func onPremShare(asked, total int) (k int, ok bool) {
	k = asked
	if k <= 0 {
		k = total / 2
	}
	return k, total >= 2 && k >= 1 && k < total
}
