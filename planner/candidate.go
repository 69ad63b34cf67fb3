package planner

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// PlacementAWS is the placement of a training job on its AWS cluster.
const PlacementAWS = model.PlacementAWS

// Placements lists the placements a Candidate may name: aws, onprem (the
// job's on-prem cluster) and split (both sides; Candidate.SplitBy).
var Placements = []string{model.PlacementAWS, model.PlacementOnPrem, model.PlacementSplit}

// ResidencyOnPrem is the residency value of a data set that must stay on-prem.
const ResidencyOnPrem = "on-prem"

// Candidate is one design the optimiser or a sweep tries: the choices it
// changes in a compiled baseline (Compile). A zero field keeps the
// baseline's choice; a zero Layout means "the fastest layout that fits"
// (the training model's search, under the job's fixed choices unless the
// compile was told to free them).
type Candidate struct {
	// InstanceType is the training cluster's EC2 instance type.
	InstanceType string `json:"instance_type"`
	// Nodes is the training cluster's instance count.
	Nodes int `json:"nodes"`
	// Region is the training cluster's Region. When the baseline's cluster
	// sits in the home Region, the whole estate (VPC, FSx, S3) moves with it.
	Region string `json:"region"`
	// PurchaseOption is how the instances are bought (model.Purchase*).
	PurchaseOption string `json:"purchase_option"`
	// Layout is the parallel layout (zero = searched).
	Layout model.Layout `json:"layout"`
	// FSxDeploymentType, FSxThroughputMBpsPerTiB (MB/s per TiB) and
	// FSxCapacityTiB (TiB) are the FSx for Lustre tier and size.
	FSxDeploymentType       string  `json:"fsx_deployment_type,omitempty"`
	FSxThroughputMBpsPerTiB float64 `json:"fsx_throughput_mbps_per_tib,omitempty"`
	FSxCapacityTiB          float64 `json:"fsx_capacity_tib,omitempty"`
	// DXSpeedGbps (Gbps per port) and DXCount (ports) are the Direct Connect
	// link's ports.
	DXSpeedGbps float64 `json:"dx_speed_gbps,omitempty"`
	DXCount     int     `json:"dx_count,omitempty"`
	// Placement is where the job runs: aws, onprem or split (the hybrid
	// model, docs/model.md §7.3; onprem and split need an on-prem cluster).
	Placement string `json:"placement"`
	// SplitBy (data or pipeline) and SplitOnPrem (replicas or stages
	// on-prem, 0 = half) describe a split placement.
	SplitBy     string `json:"split_by,omitempty"`
	SplitOnPrem int    `json:"split_onprem,omitempty"`
}

// Outcome is what the objective needs of one candidate, computed without
// re-evaluating the whole scenario: time to train, cost per run, monthly
// run-rate and whether a critical finding or a constraint rules it out.
type Outcome struct {
	// Feasible is false when the candidate cannot be bought, does not fit
	// in memory or has a critical finding; Reason says why.
	Feasible bool   `json:"feasible"`
	Reason   string `json:"reason,omitempty"`
	// Invalid says the patched scenario would not validate (Reason says
	// why); Critical names the first critical finding eval would report
	// ("" when none the fast path checks: the address plan is left to the
	// full evaluation).
	Invalid  bool   `json:"invalid,omitempty"`
	Critical string `json:"critical,omitempty"`
	// Accelerators is nodes × accelerators per node.
	Accelerators int `json:"accelerators"`
	// Layout is the parallel layout used (searched when the candidate left it zero).
	Layout model.Layout `json:"layout"`
	// StepS is the step time in seconds, storage stall included.
	StepS float64 `json:"step_time_s"`
	// Days is the time to train in days (checkpoint writes included).
	Days float64 `json:"time_to_train_days"`
	// RunCostUSD is the cost of one run in USD (instances, FSx and S3 for
	// the run's duration), as the plan's run cost.
	RunCostUSD float64 `json:"run_cost_usd"`
	// MonthlyUSD is the estate's monthly run-rate in USD/month.
	MonthlyUSD float64 `json:"monthly_cost_usd"`
	// UnconfirmedMonthlyUSD is the part of MonthlyUSD priced from figures
	// not confirmed against AWS's price list (estimate, third-party).
	UnconfirmedMonthlyUSD float64 `json:"unconfirmed_monthly_usd"`
	// PriceConfidence and PriceReadOn describe the instance rate used.
	PriceConfidence string `json:"price_confidence"`
	PriceReadOn     string `json:"price_read_on"`
	// AWSNodesUsed and OnPremNodes are the nodes an onprem or split
	// placement uses on each side (0 for aws: the cluster's Nodes).
	AWSNodesUsed int `json:"aws_nodes_used,omitempty"`
	OnPremNodes  int `json:"onprem_nodes,omitempty"`
	// WANSecondsPerStep is what the site ↔ AWS link adds to each step of a
	// split placement, seconds.
	WANSecondsPerStep float64 `json:"wan_seconds_per_step,omitempty"`
}

// Compiled is a scenario prepared once for many candidates: defaults
// applied, validated, and every figure that does not depend on the
// candidate's choices computed. Evaluating a candidate validates only the
// fields the candidate changes (the offering, Capacity Block rules, FSx
// size rules, DX port speeds) and computes only what the objective needs.
type Compiled struct {
	cat  *model.Catalog
	s    model.Scenario // as written
	sd   model.Scenario // defaults applied
	ji   int            // training job
	ci   int            // its cluster
	li   int            // the Direct Connect link varied (-1: none)
	c    *constants
	lc   layoutConstraints
	base Candidate
	// movesHome says the cluster sits in the home Region: a Region change
	// moves the whole estate.
	movesHome bool
	home      string
	jobsOnFSx int
	residency string
	tokens    float64
	ckptIvS   float64
	s3GB      float64
	baseDisc  float64
	hoursPM   float64

	// op is the on-prem side of the job (nil: the scenario has no on-prem
	// cluster); see placement.go.
	op *onpremSide

	// fullLayouts memoises the layout searches of full checks.
	fullLayouts layoutCache
	// fsxKeys memoises the FSx price key of each file-system tier.
	fsxKeys map[fsxTier]string

	types  map[string]*typeEntry
	rest   map[string]*restEntry
	dx     map[dxKey]dxEntry
	dxPort map[dxPortKey]dxPortEntry
}

type dxPortKey struct {
	home  string
	speed float64
}

type dxPortEntry struct {
	p  model.Price
	ok bool
}

// dxPortPrice is the varied link's port-hour price at a speed with the
// estate homed in home (ok false when the catalog has none), looked up once.
func (b *Compiled) dxPortPrice(home string, speed float64) (model.Price, bool) {
	k := dxPortKey{home, speed}
	if e, ok := b.dxPort[k]; ok {
		return e.p, e.ok
	}
	l := b.sd.Links[b.li]
	l.SpeedGbps = speed
	p, _, ok := model.DXPortPrice(l, b.cat.Regions[home], b.cat)
	ok = ok && (p.URL != "" || p.Confidence == model.ConfidenceUser)
	b.dxPort[k] = dxPortEntry{p, ok}
	return p, ok
}

type typeEntry struct {
	in    jobInputs
	ok    bool
	steps map[stepKey]*stepEntry
}

type stepKey struct {
	nodes  int
	layout model.Layout
}

type stepEntry struct {
	ok     bool
	reason string
	st     step
	commS  float64
	// layouts is how many layouts the search tried; searched marks the
	// entry as counted by the optimiser.
	layouts  int
	searched bool
	// search is the layout search itself, kept to seed the full checks.
	search searchResult
}

// restEntry is the monthly run-rate of the estate in one Region without the
// parts a candidate changes (the training cluster's instances, FSx, the DX
// link's ports).
type restEntry struct {
	ok          bool
	reason      string
	usd         float64
	unconfirmed float64
	nMissing    int
}

type dxKey struct {
	speed float64
	count int
}

type dxEntry struct {
	invalid  string // the port speed is not sold at the location
	critical string // "" when no critical link finding
	// siteGbps is the on-prem site's usable capacity to AWS (Gbps).
	siteGbps float64
}

// Compile prepares the scenario for candidate evaluation: job names the
// training job ("" = the first). freeLayout searches every legal layout
// instead of keeping what the job fixes. The scenario must validate.
func Compile(s model.Scenario, cat *model.Catalog, job string, freeLayout bool) (*Compiled, error) {
	if ds := ValidateScenario("scenario", s, cat).Errors(); len(ds) > 0 {
		return nil, fmt.Errorf("the scenario does not validate: %s: %s", ds[0].Path, ds[0].Message)
	}
	ji := -1
	var names []string
	for i, j := range s.Workloads.Training {
		names = append(names, j.Name)
		if j.Name == job || (job == "" && i == 0) {
			ji = i
		}
	}
	if ji < 0 {
		if len(names) == 0 {
			return nil, fmt.Errorf("the scenario has no training job")
		}
		msg := fmt.Sprintf("no training job %q", job)
		if sg := suggest(job, names); sg != "" {
			msg += fmt.Sprintf("; did you mean %q?", sg)
		}
		return nil, fmt.Errorf("%s", msg)
	}
	sd := ApplyDefaults(s, cat)
	j := sd.Workloads.Training[ji]
	ci := slices.IndexFunc(sd.Clusters, func(c model.Cluster) bool { return c.Name == j.Cluster })
	if ci < 0 {
		return nil, fmt.Errorf("job %s runs on unknown cluster %q", j.Name, j.Cluster)
	}
	b := &Compiled{cat: cat, s: s, sd: sd, ji: ji, ci: ci, li: -1, c: &constants{cat: cat},
		home: sd.AWS.Region, types: map[string]*typeEntry{}, rest: map[string]*restEntry{}, dx: map[dxKey]dxEntry{}, dxPort: map[dxPortKey]dxPortEntry{}}
	if !freeLayout {
		b.lc = constraintsOf(j)
	} else {
		b.lc = layoutConstraints{zero: -1}
	}
	cl := sd.Clusters[ci]
	b.movesHome = cl.Region == sd.AWS.Region
	b.baseDisc = cl.Purchase.DiscountPct
	b.hoursPM = cl.HoursPerMonth
	for _, jj := range sd.Workloads.Training {
		if c2, ok := clusterByName(sd, jj.Cluster); ok && storageServes(sd, c2) {
			b.jobsOnFSx++
		}
	}
	b.tokens = j.TokensB * 1e9
	b.ckptIvS = j.CheckpointIntervalMinutes * 60
	if s3 := sd.Storage.S3; s3 != nil {
		b.s3GB = s3.SizeTB * model.GBPerTB
	}
	for _, site := range sd.Sites {
		for _, d := range site.Datasets {
			if d.Name == j.Dataset && j.Dataset != "" {
				b.residency = d.Residency
			}
		}
	}
	for i, l := range sd.Links {
		if l.Type == model.LinkDXDedicated || l.Type == model.LinkDXHosted {
			b.li = i
			break
		}
	}
	b.base = Candidate{InstanceType: cl.InstanceType, Nodes: cl.Nodes, Region: cl.Region, PurchaseOption: cl.Purchase.Option,
		Placement: firstString(j.Placement, PlacementAWS)}
	if b.base.Placement == model.PlacementSplit {
		b.base.SplitBy, b.base.SplitOnPrem = firstString(j.SplitBy, model.SplitData), j.SplitOnPrem
	}
	b.compileOnPrem(j)
	if f := sd.Storage.FSxLustre; f != nil {
		b.base.FSxDeploymentType, b.base.FSxThroughputMBpsPerTiB, b.base.FSxCapacityTiB = f.DeploymentType, f.ThroughputMBpsPerTiB, f.CapacityTiB
	}
	if b.li >= 0 {
		b.base.DXSpeedGbps, b.base.DXCount = sd.Links[b.li].SpeedGbps, sd.Links[b.li].Count
	}
	return b, nil
}

// Baseline is the baseline's own design (Layout zero: searched).
func (b *Compiled) Baseline() Candidate { return b.base }

// Job is the name of the training job the candidates are judged on.
func (b *Compiled) Job() string { return b.sd.Workloads.Training[b.ji].Name }

// Scenario is the scenario the baseline was compiled from, as written.
func (b *Compiled) Scenario() model.Scenario { return b.s }

// resolve fills a candidate's zero fields from the baseline.
func (b *Compiled) resolve(c Candidate) Candidate {
	bs := b.base
	if c.InstanceType == "" {
		c.InstanceType = bs.InstanceType
	}
	if c.Nodes == 0 {
		c.Nodes = bs.Nodes
	}
	if c.Region == "" {
		c.Region = bs.Region
	}
	if c.PurchaseOption == "" {
		c.PurchaseOption = bs.PurchaseOption
	}
	if c.FSxDeploymentType == "" {
		c.FSxDeploymentType = bs.FSxDeploymentType
	}
	if c.FSxThroughputMBpsPerTiB == 0 {
		c.FSxThroughputMBpsPerTiB = bs.FSxThroughputMBpsPerTiB
	}
	if c.FSxCapacityTiB == 0 {
		c.FSxCapacityTiB = bs.FSxCapacityTiB
	}
	if c.DXSpeedGbps == 0 {
		c.DXSpeedGbps = bs.DXSpeedGbps
	}
	if c.DXCount == 0 {
		c.DXCount = bs.DXCount
	}
	if c.Placement == "" {
		c.Placement = bs.Placement
		if c.SplitBy == "" {
			c.SplitBy, c.SplitOnPrem = bs.SplitBy, bs.SplitOnPrem
		}
	}
	if c.Placement == model.PlacementSplit && c.SplitBy == "" {
		c.SplitBy = model.SplitData
	}
	return c
}

// fsxOf is the candidate's file system (nil when the baseline has none).
func (b *Compiled) fsxOf(c Candidate) *model.FSxLustre {
	f0 := b.sd.Storage.FSxLustre
	if f0 == nil {
		return nil
	}
	f := *f0
	if c.FSxDeploymentType != f.DeploymentType || c.FSxThroughputMBpsPerTiB != f.ThroughputMBpsPerTiB {
		f.DeploymentType, f.ThroughputMBpsPerTiB = c.FSxDeploymentType, c.FSxThroughputMBpsPerTiB
		if f.StorageType == "HDD" && (f.DeploymentType != model.FSxPersistent1 || !slices.Contains(FSxThroughputTiers[model.FSxPersistent1+"/HDD"], f.ThroughputMBpsPerTiB)) {
			f.StorageType = "SSD"
		}
		if f.DeploymentType != model.FSxPersistent2 {
			f.EFAEnabled = false
		}
	}
	f.CapacityTiB = c.FSxCapacityTiB
	return &f
}

// homeOf is the home Region once the candidate is applied.
func (b *Compiled) homeOf(c Candidate) string {
	if b.movesHome {
		return c.Region
	}
	return b.home
}

// Evaluate computes a candidate's outcome. Fields it does not change are
// taken as validated by Compile; the fields it changes are checked here.
func (b *Compiled) Evaluate(c Candidate) Outcome {
	c = b.resolve(c)
	var o Outcome
	if c.Placement != PlacementAWS {
		return b.evaluatePlaced(c)
	}
	switch {
	case b.residency == ResidencyOnPrem:
		o.Reason = "the job's data set must stay on-prem"
		return o
	case b.residency != "" && b.residency != c.Region:
		o.Reason = "the job's data set must stay in " + b.residency
		return o
	}
	return b.evaluateAWS(c)
}

// evaluateAWS is Evaluate of the job on its AWS cluster, residency aside.
func (b *Compiled) evaluateAWS(c Candidate) Outcome {
	var o Outcome
	inst, known := b.cat.Instances[c.InstanceType]
	if !known {
		o.Reason = c.InstanceType + " is not in the catalog"
		o.Invalid = true
		return o
	}
	price, inRegion := inst.Prices[c.Region]
	offer, sold := model.Offer(price, c.PurchaseOption)
	if !inRegion || !sold {
		o.Reason = fmt.Sprintf("%s is not sold %s in %s", c.InstanceType, optionNames[c.PurchaseOption], c.Region)
		o.Invalid = true
		return o
	}
	o.PriceConfidence, o.PriceReadOn = offer.Source.Confidence, offer.Source.ReadOn
	if c.Nodes < 1 {
		o.Reason = "a cluster needs at least one node"
		o.Invalid = true
		return o
	}
	if c.PurchaseOption == model.PurchaseCapacityBlock {
		rules := b.cat.CapacityBlocks
		if rules.MaxInstancesTotal > 0 && c.Nodes > rules.MaxInstancesTotal {
			o.Reason = fmt.Sprintf("%d nodes exceeds the %d instances one account may hold across Capacity Blocks", c.Nodes, rules.MaxInstancesTotal)
			o.Invalid = true
			return o
		}
		if cb := price.CapacityBlock; cb != nil && cb.UltraServer != "" && cb.NodesPerUnit > 1 && c.Nodes%cb.NodesPerUnit != 0 {
			o.Reason = fmt.Sprintf("%s is bought as UltraServers of %d instances", c.InstanceType, cb.NodesPerUnit)
			o.Invalid = true
			return o
		}
	}
	if b.li >= 0 {
		if de := b.dxFor(c.DXSpeedGbps, c.DXCount); de.invalid != "" {
			o.Reason, o.Invalid = de.invalid, true
			return o
		}
	}
	rest := b.restFor(c.Region)
	if !rest.ok {
		o.Reason = rest.reason
		return o
	}
	te := b.typeFor(c.InstanceType)
	if !te.ok {
		o.Reason = "the training model cannot model " + c.InstanceType
		return o
	}
	se := b.stepFor(te, c.Nodes, c.Layout)
	o.Accelerators = c.Nodes * te.in.inst.AcceleratorCount
	if !se.ok {
		o.Reason = se.reason
		return o
	}
	st := &se.st
	o.Layout = st.layout
	home := b.homeOf(c)
	hp := b.cat.Regions[home]

	// Storage: throughput feeds the stall and the checkpoint writes.
	var readGBps, writeGBps, fsxGBMonthUSD float64
	fsxPriced := true
	var fsxPrice model.Price
	f := b.fsxOf(c)
	if f != nil && f.CapacityTiB > 0 {
		key := FSxThroughputTiers[fsxTierKey(*f)]
		if !slices.Contains(key, f.ThroughputMBpsPerTiB) {
			o.Reason = fmt.Sprintf("FSx %s offers no %g MB/s/TiB tier", f.DeploymentType, f.ThroughputMBpsPerTiB)
			o.Invalid = true
			return o
		}
		z := model.FSxSizingFor(*f, b.c.value(cFSxEFAMin)*1024)
		if !z.Valid(f.CapacityTiB) {
			o.Reason = fmt.Sprintf("FSx %g TiB is not an allowed %s size", f.CapacityTiB, f.DeploymentType)
			return o
		}
		fsxPrice, fsxPriced = hp.FSxLustre[b.fsxPriceKey(f)]
		fsxGBMonthUSD = fsxPrice.USD
		if b.movesHome || c.Region == b.home {
			tput := model.FSxThroughputGBytesPerS(f.CapacityTiB, f.ThroughputMBpsPerTiB)
			readGBps, writeGBps = tput/float64(max(1, b.jobsOnFSx)), tput
		}
	}
	in := &te.in
	stall := 0.0
	if readGBps > 0 {
		stall = model.IOStallSeconds(st.batch*in.bytesPerToken, readGBps*1e9, st.terms.TotalS)
	}
	stepS := st.terms.TotalS + stall
	o.StepS = stepS
	trainS := math.Ceil(b.tokens/st.batch) * stepS
	totalS := trainS
	if b.ckptIvS > 0 && writeGBps > 0 {
		count := math.Floor(trainS / b.ckptIvS)
		totalS += count * model.CheckpointWriteSeconds(model.CheckpointBytes(in.work.Parameters, in.ckptBPP), writeGBps)
	}
	hours := totalS / 3600
	// Critical conditions found once the run is timed: the figures are
	// still computed (sweeps show them), the candidate is infeasible.
	crit, evalCrit := "", ""
	if stepS > 0 {
		switch {
		case se.commS/stepS >= exposedCommCritical:
			crit = fmt.Sprintf("communication exposes %.0f%% of each step", 100*se.commS/stepS)
		case stall/stepS >= ioStallCritical:
			crit = fmt.Sprintf("storage starves the accelerators %.0f%% of the time", 100*stall/stepS)
		}
		evalCrit = crit
	}
	if crit == "" && c.PurchaseOption == model.PurchaseCapacityBlock && b.cat.CapacityBlocks.MaxDays() > 0 {
		if sp := model.SpanCapacityBlocks(hours, b.cat.CapacityBlocks); sp.Blocks > 1 {
			crit = fmt.Sprintf("%.0f days is longer than one Capacity Block (%d days)", hours/24, b.cat.CapacityBlocks.MaxDays())
		}
	}
	var dxUSD float64
	if b.li >= 0 {
		if de := b.dxFor(c.DXSpeedGbps, c.DXCount); de.critical != "" {
			if crit == "" {
				crit = de.critical
			}
			if evalCrit == "" {
				evalCrit = de.critical
			}
		}
		p, ok := b.dxPortPrice(home, c.DXSpeedGbps)
		if !ok {
			if c.DXSpeedGbps != b.base.DXSpeedGbps {
				o.Reason = fmt.Sprintf("no catalog port price for %g Gbps Direct Connect", c.DXSpeedGbps)
				return o
			}
		} else {
			dxUSD = float64(c.DXCount) * model.HoursPerMonth * p.USD
			if !confirmed(p.Confidence) {
				o.UnconfirmedMonthlyUSD += dxUSD
			}
		}
	}
	rate, _, _ := model.InstanceHourlyUSD(price, b.purchase(c.PurchaseOption))
	months := hours / model.HoursPerMonth
	o.RunCostUSD = float64(c.Nodes)*hours*rate + model.S3StandardMonthlyUSD(hp, b.s3GB)*months
	var fsxMonthly float64
	if f != nil && f.CapacityTiB > 0 && fsxPriced {
		if b.movesHome || c.Region == b.home {
			o.RunCostUSD += f.CapacityTiB * 1000 * fsxGBMonthUSD * months
		}
		if fsxPrice.URL != "" || fsxPrice.Confidence == model.ConfidenceUser {
			fsxMonthly = f.CapacityTiB * 1000 * fsxGBMonthUSD
			if !confirmed(fsxPrice.Confidence) {
				o.UnconfirmedMonthlyUSD += fsxMonthly
			}
		}
	} else if f != nil && f.CapacityTiB > 0 && (c.FSxDeploymentType != b.base.FSxDeploymentType || c.FSxThroughputMBpsPerTiB != b.base.FSxThroughputMBpsPerTiB) {
		o.Reason = "no catalog price for FSx " + model.FSxPriceKey(*f) + " in " + home
		return o
	}
	ec2 := float64(c.Nodes) * b.hoursPM * rate
	if !confirmed(offer.Source.Confidence) {
		o.UnconfirmedMonthlyUSD += ec2
	}
	o.MonthlyUSD = rest.usd + ec2 + fsxMonthly + dxUSD
	o.UnconfirmedMonthlyUSD += rest.unconfirmed
	o.Days = hours / 24
	o.Feasible, o.Reason, o.Critical = crit == "", crit, evalCrit
	return o
}

func confirmed(conf string) bool {
	return conf == model.ConfidenceConfirmed || conf == model.ConfidenceUser
}

// fsxTier is what an FSx price key depends on.
type fsxTier struct {
	deployment, storage string
	mbpsPerTiB          float64
}

// fsxPriceKey is model.FSxPriceKey, built once per tier (the optimiser
// asks for it on every candidate).
func (b *Compiled) fsxPriceKey(f *model.FSxLustre) string {
	t := fsxTier{f.DeploymentType, f.StorageType, f.ThroughputMBpsPerTiB}
	if k, ok := b.fsxKeys[t]; ok {
		return k
	}
	if b.fsxKeys == nil {
		b.fsxKeys = map[fsxTier]string{}
	}
	k := model.FSxPriceKey(*f)
	b.fsxKeys[t] = k
	return k
}

func fsxTierKey(f model.FSxLustre) string {
	if f.StorageType == "HDD" {
		return f.DeploymentType + "/HDD"
	}
	return f.DeploymentType
}

// purchase is the cluster's purchase for an option: the baseline's
// discount applies only to the baseline's own option (a negotiated
// on-demand discount says nothing of a Capacity Block's rate).
func (b *Compiled) purchase(option string) model.Purchase {
	p := model.Purchase{Option: option}
	if option == b.base.PurchaseOption {
		p.DiscountPct = b.baseDisc
	}
	return p
}

// typeFor prepares the training model's inputs for an instance type once.
func (b *Compiled) typeFor(it string) *typeEntry {
	if te, ok := b.types[it]; ok {
		return te
	}
	s := b.sd
	s.Clusters = slices.Clone(s.Clusters)
	s.Clusters[b.ci].InstanceType = it
	in, ok := prepareJobInputs(s, b.cat, b.c, s.Workloads.Training[b.ji])
	te := &typeEntry{in: in, ok: ok, steps: map[stepKey]*stepEntry{}}
	b.types[it] = te
	return te
}

// stepFor times the step on nodes nodes with the given layout (zero = the
// fastest that fits under the compile's constraints), once per (nodes, layout).
func (b *Compiled) stepFor(te *typeEntry, nodes int, l model.Layout) *stepEntry {
	k := stepKey{nodes: nodes, layout: l}
	if se, ok := te.steps[k]; ok {
		return se
	}
	se := &stepEntry{}
	te.steps[k] = se
	in := te.in // a copy: the layout is per entry
	accel := nodes * in.inst.AcceleratorCount
	lc := b.lc
	if l.TP > 0 {
		lc = layoutConstraints{tp: l.TP, pp: max(1, l.PP), dp: l.DP, ep: max(1, l.EP), mb: max(1, l.Microbatch), v: max(1, l.VirtualStages), zero: l.ZeRO, recompute: l.Recompute}
	}
	res := searchLayouts(in.space(accel), lc, false)
	se.layouts, se.search = res.searched, res
	if !res.used.found {
		se.reason = fmt.Sprintf("no layout fits in %g GiB of HBM on %d accelerators", in.dev.MemoryGiB, accel)
		if !lc.free() {
			se.reason += " keeping " + lc.describe()
		}
		return se
	}
	in.layout = res.used.l
	in.readGBps = 0
	se.st = in.stepAt(nodes, true)
	se.commS = se.st.commS
	se.ok = true
	return se
}

// LowerBoundDays is the time to train on nodes of instance type it with
// perfect scaling: the model FLOPs at the accelerator's achievable rate
// (peak × matmul efficiency, or the pinned MFU), no communication, no
// bubble, no storage. No layout trains faster (StepTime's compute term alone
// is at least this), so a node count whose bound misses a deadline is cut
// before its layouts are searched. ok is false for a type the model cannot time.
func (b *Compiled) LowerBoundDays(it string, nodes int) (days float64, ok bool) {
	te := b.typeFor(it)
	if !te.ok {
		return 0, false
	}
	in := &te.in
	eff := in.dev.MatmulEfficiency
	if in.pinnedMFU > 0 {
		eff = in.pinnedMFU
	}
	rate := float64(nodes*in.inst.AcceleratorCount) * in.dev.PeakTFLOPS * 1e12 * eff
	if rate <= 0 {
		return 0, false
	}
	return b.tokens * in.work.ModelFLOPsPerToken() / rate / 86400, true
}

// restFor is the monthly run-rate of the estate moved to region, less the
// parts a candidate changes. A Region where something the baseline prices
// has no catalog price is ruled out rather than priced low.
func (b *Compiled) restFor(region string) *restEntry {
	if r, ok := b.rest[region]; ok {
		return r
	}
	r := &restEntry{}
	b.rest[region] = r
	if _, ok := b.cat.Regions[region]; !ok {
		r.reason = "no catalog prices for Region " + region
		return r
	}
	if region != b.base.Region && b.movesHome && len(b.sd.AWS.ExistingSubnets) > 0 {
		r.reason = "the VPC has existing subnets: the estate cannot move to " + region
		return r
	}
	c := b.base
	c.Region = region
	s := ApplyDefaults(b.apply(c, model.Layout{}), b.cat)
	bd := model.MonthlyRunRate(s, b.cat)
	missing := countUnpriced(bd)
	r.usd, r.unconfirmed = bd.TotalUSD, bd.UnconfirmedUSD
	// Take out the cluster's instances, FSx and the DX ports as priced there.
	cl := s.Clusters[b.ci]
	if inst, ok := b.cat.Instances[cl.InstanceType]; ok {
		if p, ok := inst.Prices[cl.Region]; ok {
			if o, sold := model.Offer(p, cl.Purchase.Option); sold {
				usd, _, _ := model.InstanceHourlyUSD(p, cl.Purchase)
				r.usd -= float64(cl.Nodes) * cl.HoursPerMonth * usd
				if !confirmed(o.Source.Confidence) {
					r.unconfirmed -= float64(cl.Nodes) * cl.HoursPerMonth * usd
				}
			} else {
				missing--
			}
		}
	}
	hp := b.cat.Regions[s.AWS.Region]
	if f := s.Storage.FSxLustre; f != nil && f.CapacityTiB > 0 {
		if p, ok := hp.FSxLustre[model.FSxPriceKey(*f)]; ok && (p.URL != "" || p.Confidence == model.ConfidenceUser) {
			r.usd -= f.CapacityTiB * 1000 * p.USD
			if !confirmed(p.Confidence) {
				r.unconfirmed -= f.CapacityTiB * 1000 * p.USD
			}
		} else {
			missing--
		}
	}
	if b.li >= 0 {
		l := s.Links[b.li]
		if p, _, ok := model.DXPortPrice(l, hp, b.cat); ok && (p.URL != "" || p.Confidence == model.ConfidenceUser) {
			r.usd -= float64(l.Count) * model.HoursPerMonth * p.USD
			if !confirmed(p.Confidence) {
				r.unconfirmed -= float64(l.Count) * model.HoursPerMonth * p.USD
			}
		} else {
			missing--
		}
	}
	if region != b.base.Region {
		if missing > b.restFor(b.base.Region).missing() {
			r.reason = "something the baseline prices has no catalog price in " + region
			return r
		}
	}
	r.ok = true
	r.nMissing = missing
	return r
}

func (r *restEntry) missing() int { return r.nMissing }

func countUnpriced(bd model.CostBreakdown) int {
	n := 0
	for _, l := range bd.Lines {
		if strings.HasSuffix(l.Note, "not priced") {
			n++
		}
	}
	return n
}

// dxFor checks the links with the varied link at speed × count: a
// data set that misses its transfer window, or monthly traffic beyond the
// links, is a critical finding.
func (b *Compiled) dxFor(speed float64, count int) dxEntry {
	k := dxKey{speed, count}
	if e, ok := b.dx[k]; ok {
		return e
	}
	var e dxEntry
	s := b.sd
	s.Links = slices.Clone(s.Links)
	l := &s.Links[b.li]
	l.SpeedGbps, l.Count = speed, count
	if l.Type == model.LinkDXDedicated {
		if loc, _, ok := b.cat.LookupDXLocation(l.Location); ok && len(loc.PortSpeedsGbps) > 0 && !slices.Contains(loc.PortSpeedsGbps, fmt.Sprintf("%g", speed)) {
			e.invalid = fmt.Sprintf("%s sells no %g Gbps dedicated port", l.Location, speed)
		}
	}
	if e.invalid == "" {
		lp := evaluateLinks(s, b.c)
		if b.op != nil {
			e.siteGbps = siteUsableGbps(lp, b.op.site)
		}
		for _, f := range linkFindings(lp, s) {
			if f.Severity == model.SeverityCritical {
				e.critical = f.Title
				break
			}
		}
	}
	b.dx[k] = e
	return e
}

// Apply returns the scenario as written with the candidate's choices
// patched in, layout l written into the job (zero = left as the scenario
// has it). Moving the estate to another Region renames its availability
// zones by their letter (us-east-1a → ap-northeast-1a); check the zone
// exists in the account.
func (b *Compiled) Apply(c Candidate, l model.Layout) model.Scenario {
	return b.apply(b.resolve(c), l)
}

func (b *Compiled) apply(c Candidate, l model.Layout) model.Scenario {
	s := b.s
	s.Clusters = slices.Clone(s.Clusters)
	cl := &s.Clusters[b.ci]
	if cl.InstanceType != c.InstanceType {
		cl.InstanceType = c.InstanceType
		if inst := b.cat.Instances[c.InstanceType]; cl.EFA != nil && *cl.EFA && !inst.EFA {
			f := false
			cl.EFA = &f
		}
	}
	cl.Nodes = c.Nodes
	if c.PurchaseOption != b.base.PurchaseOption {
		cl.Purchase = model.Purchase{Option: c.PurchaseOption}
		if cl.PlacementGroup != nil && *cl.PlacementGroup && (c.PurchaseOption == model.PurchaseCapacityBlock || c.PurchaseOption == model.PurchaseReserved) {
			f := false
			cl.PlacementGroup = &f
		}
	}
	if c.Region != b.base.Region {
		if b.movesHome {
			old := s.AWS.Region
			ren := zoneMover(b.cat, old, c.Region, s.AWS.AvailabilityZones)
			s.AWS.Region = c.Region
			s.AWS.AvailabilityZones = slices.Clone(s.AWS.AvailabilityZones)
			for i, az := range s.AWS.AvailabilityZones {
				s.AWS.AvailabilityZones[i] = ren(az)
			}
			for i := range s.Clusters {
				k := &s.Clusters[i]
				if k.Region == "" || k.Region == old {
					if k.Region != "" {
						k.Region = c.Region
					}
					k.AZ = ren(k.AZ)
					if len(k.AZs) > 0 {
						k.AZs = slices.Clone(k.AZs)
						for j, az := range k.AZs {
							k.AZs[j] = ren(az)
						}
					}
				}
			}
			if f := s.Storage.FSxLustre; f != nil && f.AZ != "" {
				fc := *f
				fc.AZ = ren(f.AZ)
				s.Storage.FSxLustre = &fc
			}
		} else {
			cl.Region = c.Region
			cl.AZ, cl.AZs = "", nil
		}
	}
	if s.Storage.FSxLustre != nil {
		f0 := *s.Storage.FSxLustre
		nf := b.fsxOf(c)
		f0.DeploymentType, f0.ThroughputMBpsPerTiB, f0.CapacityTiB, f0.EFAEnabled = nf.DeploymentType, nf.ThroughputMBpsPerTiB, nf.CapacityTiB, nf.EFAEnabled
		if nf.StorageType != b.sd.Storage.FSxLustre.StorageType {
			f0.StorageType = nf.StorageType
		}
		if c.FSxDeploymentType == b.base.FSxDeploymentType && c.FSxThroughputMBpsPerTiB == b.base.FSxThroughputMBpsPerTiB {
			f0.ThroughputMBpsPerTiB = s.Storage.FSxLustre.ThroughputMBpsPerTiB // keep an omitted default omitted
		}
		s.Storage.FSxLustre = &f0
	}
	if b.li >= 0 {
		s.Links = slices.Clone(s.Links)
		lk := &s.Links[b.li]
		if lk.SpeedGbps != c.DXSpeedGbps || b.sd.Links[b.li].Count != c.DXCount {
			lk.SpeedGbps, lk.Count = c.DXSpeedGbps, c.DXCount
		}
	}
	if c.Placement != b.base.Placement || c.SplitBy != b.base.SplitBy || c.SplitOnPrem != b.base.SplitOnPrem {
		s.Workloads.Training = slices.Clone(s.Workloads.Training)
		j := &s.Workloads.Training[b.ji]
		j.Placement, j.SplitBy, j.SplitOnPrem = c.Placement, c.SplitBy, c.SplitOnPrem
		if c.Placement == PlacementAWS && b.s.Workloads.Training[b.ji].Placement == "" {
			j.Placement = "" // keep an omitted default omitted
		}
		if c.Placement != PlacementAWS && j.OnPremCluster == "" && b.op != nil {
			j.OnPremCluster = b.op.name
		}
	}
	if l.TP > 0 && c.Placement != model.PlacementOnPrem {
		s.Workloads.Training = slices.Clone(s.Workloads.Training)
		j := &s.Workloads.Training[b.ji]
		j.TensorParallel, j.PipelineParallel, j.Microbatch, j.VirtualStages, j.Recompute = l.TP, l.PP, l.Microbatch, l.VirtualStages, l.Recompute
		if j.DataParallel > 0 {
			j.DataParallel = l.DP
		}
		if j.ExpertParallel > 0 || l.EP > 1 {
			j.ExpertParallel = l.EP
		}
		z := l.ZeRO
		j.ZeROStage = &z
	}
	return s
}

// zoneMover renames the zones of Region from to Region to. Where the
// catalog lists to's zones, the k-th zone of the scenario's list becomes
// to's k-th zone (us-west-2b → ap-northeast-1c, as Tokyo offers a, c, d);
// otherwise, and for a zone beyond them, the letter is kept.
func zoneMover(cat *model.Catalog, from, to string, listed []string) func(string) string {
	mapped := map[string]string{}
	var zones []string
	if cat != nil {
		zones = cat.Regions[to].Zones
	}
	k := 0
	for _, az := range listed {
		if _, done := mapped[az]; done || !strings.HasPrefix(az, from) {
			continue
		}
		if k < len(zones) {
			mapped[az] = zones[k]
			k++
		}
	}
	return func(az string) string {
		if z, ok := mapped[az]; ok {
			return z
		}
		if strings.HasPrefix(az, from) {
			return to + strings.TrimPrefix(az, from)
		}
		return az
	}
}
