package planner

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// OptimizeSpec is what Optimize searches and the constraints a plan must
// meet. A nil dimension means its default grid (see Optimize).
type OptimizeSpec struct {
	// Job names the training job ("" = the first).
	Job string `json:"job"`
	// DeadlineDays is the longest acceptable time to train, in days (> 0).
	DeadlineDays float64 `json:"deadline_days"`
	// BudgetRunUSD caps the cost of one run in USD (0 = no cap).
	BudgetRunUSD float64 `json:"budget_run_usd,omitempty"`
	// BudgetMonthUSD caps the monthly run-rate in USD/month (0 = no cap).
	BudgetMonthUSD float64 `json:"budget_month_usd,omitempty"`
	// InstanceTypes, Nodes, Regions and PurchaseOptions are the cluster grid.
	InstanceTypes   []string `json:"instance_types,omitempty"`
	Nodes           []int    `json:"nodes,omitempty"`
	Regions         []string `json:"regions,omitempty"`
	PurchaseOptions []string `json:"purchase_options,omitempty"`
	// FSxTiers ("DEPLOYMENT/MBps-per-TiB", e.g. "PERSISTENT_2/250") and
	// FSxSizesTiB are the storage grid.
	FSxTiers    []string  `json:"fsx_tiers,omitempty"`
	FSxSizesTiB []float64 `json:"fsx_sizes_tib,omitempty"`
	// DXSpeedsGbps and DXCounts are the Direct Connect port grid.
	DXSpeedsGbps []float64 `json:"dx_speeds_gbps,omitempty"`
	DXCounts     []int     `json:"dx_counts,omitempty"`
	// Placements lists where the job may run: aws, onprem, split (default
	// all three when the scenario has an on-prem cluster, else aws).
	Placements []string `json:"placements,omitempty"`
	// SplitBy lists the splits tried for the split placement (data,
	// pipeline; default both), each with every legal split_onprem.
	SplitBy []string `json:"split_by,omitempty"`
	// KeepLayout keeps the parallel layout choices the job fixes (else
	// every legal layout is searched).
	KeepLayout bool `json:"keep_layout,omitempty"`
	// KeepRegion, KeepStorage and KeepLinks hold those dimensions at the
	// scenario's own choice.
	KeepRegion  bool `json:"keep_region,omitempty"`
	KeepStorage bool `json:"keep_storage,omitempty"`
	KeepLinks   bool `json:"keep_links,omitempty"`
}

// Point is one candidate and its outcome.
type Point struct {
	Candidate Candidate `json:"candidate"`
	Outcome   Outcome   `json:"outcome"`
}

// OptimizeResult is the outcome of a search over the design grid.
type OptimizeResult struct {
	Spec OptimizeSpec `json:"spec"`
	// Grid is the number of candidates in the grid (every dimension's
	// values multiplied; layouts are counted in LayoutsSearched).
	Grid int `json:"grid"`
	// Evaluated counts candidates whose outcome was computed; the rest of
	// the grid was cut by Pruned's reasons before evaluation.
	Evaluated int            `json:"evaluated"`
	Pruned    map[string]int `json:"pruned"`
	// LayoutsSearched counts the parallel layouts the training model's
	// search tried over every (instance type, node count) evaluated.
	LayoutsSearched int `json:"layouts_searched"`
	// Feasible counts candidates meeting every constraint.
	Feasible int `json:"feasible"`
	// Frontier is the Pareto frontier of cost per run against time to
	// train among feasible candidates, cheapest first: each point is
	// faster than every cheaper one. Every point was verified by a full
	// evaluation of the patched scenario (valid, no critical finding).
	Frontier []Point `json:"frontier"`
	// Best is the cheapest frontier point (nil when nothing is feasible).
	Best *Point `json:"best,omitempty"`
	// Why says in one sentence why Best was chosen, with its numbers.
	Why string `json:"why"`
	// Fastest is the quickest candidate ignoring the deadline and budgets,
	// for when nothing is feasible.
	Fastest *Point `json:"fastest,omitempty"`
	// Baseline is the scenario's own design.
	Baseline Point `json:"baseline"`
	// Rejected are candidates the fast path kept but the full evaluation
	// ruled out (an address-plan critical finding, say), with the reason.
	Rejected []Point `json:"rejected,omitempty"`

	compiled *Compiled
}

// Compiled is the compiled baseline the result was searched on.
func (r OptimizeResult) Compiled() *Compiled { return r.compiled }

// Scenario is the scenario with Best applied (its layout written into the
// job); ok is false when there is no Best.
func (r OptimizeResult) Scenario() (model.Scenario, bool) {
	if r.Best == nil || r.compiled == nil {
		return model.Scenario{}, false
	}
	return r.compiled.Apply(r.Best.Candidate, r.Best.Outcome.Layout), true
}

// DefaultPurchaseOptions are the options the optimiser buys with.
var DefaultPurchaseOptions = []string{model.PurchaseOnDemand, model.PurchaseCapacityBlock, model.PurchaseSavingsPlan}

// maxFullChecks bounds the full evaluations spent verifying frontier points.
const maxFullChecks = 4000

// Optimize searches the design grid exhaustively for the cheapest run that
// meets the deadline and budgets with no critical finding, and returns the
// Pareto frontier of cost per run against time to train. The default grid:
// every accelerated instance type the catalog can time; node counts 1, 2,
// 4 … up to the placement-group limit plus the scenario's own (a type sold
// only in UltraServers of k instances: k, 2k, 4k … in the same range); every
// catalog Region (the estate moves with the cluster when it sits in the
// home Region); on-demand, Capacity Block and Savings Plan where the catalog
// records them sold; every SSD FSx for Lustre tier at the scenario's size,
// half, double and four times it (rounded up to legal sizes); every
// dedicated port speed the DX location sells at 1 to the LAG limit of
// ports (at least 2 for a link marked critical); the placements aws, onprem
// and split when the scenario has an on-prem cluster (else aws); and, per (type, node count), the fastest
// legal layout that fits (KeepLayout keeps the job's fixed choices).
//
// Pruning, each cut sound: an offering not sold cuts its branch; a node
// count whose perfect-scaling time misses the deadline is cut before its
// layouts are searched; a (type, node count) where no layout fits in memory
// cuts every storage choice under it; the DX ports enter neither the time
// nor the cost of a run, only the monthly run-rate and the transfer-window
// check, so per Region only the cheapest port choice without a critical
// finding is kept (every other is dominated). Frontier points are then
// fully evaluated (validation, addressing, findings) and a point that fails
// is replaced by the next.
func Optimize(s model.Scenario, cat *model.Catalog, spec OptimizeSpec) (OptimizeResult, error) {
	res := OptimizeResult{Spec: spec, Pruned: map[string]int{}, Frontier: []Point{}}
	if !(spec.DeadlineDays > 0) {
		return res, fmt.Errorf("optimize: the deadline must be above zero days")
	}
	b, err := Compile(s, cat, spec.Job, !spec.KeepLayout)
	if err != nil {
		return res, fmt.Errorf("optimize: %w", err)
	}
	res.compiled = b
	res.Spec.Job = b.Job()
	bp := b.base
	// The scenario as written: its job's own layout (the layout search
	// under the job's fixed choices, as eval has it), not the freed one.
	if !spec.KeepLayout {
		if p := Evaluate(s, cat, Options{}); len(p.Training) > b.ji && p.Training[b.ji].Job == b.Job() && p.Training[b.ji].Memory.Fits {
			bp.Layout = p.Training[b.ji].Layout
		}
	}
	res.Baseline = Point{Candidate: bp, Outcome: b.Evaluate(bp)}
	res.Baseline.Candidate.Layout = model.Layout{}
	g, err := b.grid(spec)
	if err != nil {
		return res, fmt.Errorf("optimize: %w", err)
	}
	pts := b.search(g, spec, &res, spec.DeadlineDays, true)
	res.Feasible = len(pts)
	b.verifyFrontier(pts, &res)
	if len(res.Rejected) > 0 && res.Pruned[prunedDominated] > 0 {
		// A frontier point failed its full check, so a candidate cut as
		// dominated by it may belong on the frontier: search again
		// without that cut.
		rejected := res.Rejected
		res.Pruned, res.Evaluated, res.Rejected, res.Frontier, res.Best = map[string]int{}, 0, nil, []Point{}, nil
		pts = b.search(g, spec, &res, spec.DeadlineDays, false)
		res.Feasible = len(pts)
		b.verifyFrontier(pts, &res)
		if len(res.Rejected) == 0 {
			res.Rejected = rejected
		}
	}
	if res.Best == nil {
		// Nothing meets the constraints: the fastest plan at all.
		var none OptimizeResult
		none.Pruned = map[string]int{}
		all := b.search(g, OptimizeSpec{DeadlineDays: math.Inf(1)}, &none, math.Inf(1), false)
		for i := range all {
			if res.Fastest == nil || all[i].Outcome.Days < res.Fastest.Outcome.Days {
				p := all[i]
				p.Candidate.Layout = p.Outcome.Layout
				res.Fastest = &p
			}
		}
		res.Why = fmt.Sprintf("no candidate of the %s in the grid trains %s within %s days%s with no critical finding", model.FormatUSD(float64(res.Grid), 0), res.Spec.Job, deadlineText(spec.DeadlineDays), budgetText(spec))
		if b.residency == ResidencyOnPrem && b.op == nil {
			res.Why += "; its data set must stay on-prem and the scenario has no on-prem cluster to train on"
		}
		return res, nil
	}
	res.Why = b.why(res)
	return res, nil
}

func budgetText(spec OptimizeSpec) string {
	if b := BudgetPhrase(spec); b != "" {
		return " and " + b
	}
	return ""
}

// BudgetPhrase states a search's budgets ("$3,000,000 per run and $1,000,000
// per month"), "" when it has none.
func BudgetPhrase(spec OptimizeSpec) string {
	var parts []string
	if spec.BudgetRunUSD > 0 {
		parts = append(parts, "$"+model.FormatUSD(spec.BudgetRunUSD, 0)+" per run")
	}
	if spec.BudgetMonthUSD > 0 {
		parts = append(parts, "$"+model.FormatUSD(spec.BudgetMonthUSD, 0)+" per month")
	}
	return strings.Join(parts, " and ")
}

// optGrid is the resolved grid.
type optGrid struct {
	types      []string
	nodes      []int
	regions    []string
	options    []string
	fsx        []fsxChoice // empty: the scenario has no FSx
	dx         []dxKey     // empty: no DX link varied
	placements []string
	splitBy    []string // data, pipeline
	// unitNodes are the node counts of a type sold only in UltraServers
	// (multiples of its unit) when the node grid is the default.
	unitNodes map[string][]int
}

// nodesOf is the node grid of instance type it.
func (g optGrid) nodesOf(it string) []int {
	if ns, ok := g.unitNodes[it]; ok {
		return ns
	}
	return g.nodes
}

// UltraServerNodes is how many instances one UltraServer of instance type it
// holds when the catalog sells it only that way (capacity_block
// nodes_per_unit, the largest over Regions), else 1.
func UltraServerNodes(cat *model.Catalog, it string) int {
	k := 1
	for _, p := range cat.Instances[it].Prices {
		if cb := p.CapacityBlock; cb != nil && cb.UltraServer != "" && cb.NodesPerUnit > k {
			k = cb.NodesPerUnit
		}
	}
	return k
}

type fsxChoice struct {
	dep  string
	tput float64
	cap  float64
}

func (b *Compiled) grid(spec OptimizeSpec) (optGrid, error) {
	g := optGrid{types: spec.InstanceTypes, nodes: spec.Nodes, regions: spec.Regions, options: spec.PurchaseOptions, placements: spec.Placements}
	if len(g.types) == 0 {
		for _, it := range InstanceTypes(b.cat) {
			if inst := b.cat.Instances[it]; inst.AcceleratorCount > 0 && inst.PeakDenseBF16TFLOPS > 0 {
				g.types = append(g.types, it)
			}
		}
	}
	for _, it := range g.types {
		if _, ok := b.cat.Instances[it]; !ok {
			return g, fmt.Errorf("instance type %q is not in the catalog", it)
		}
	}
	if len(g.nodes) == 0 {
		maxNodes := 512
		if c, ok := b.cat.Constants["placement_group_max_nodes"]; ok && c.Value >= 1 {
			maxNodes = int(c.Value)
		}
		for n := 1; n <= maxNodes; n *= 2 {
			g.nodes = append(g.nodes, n)
		}
		if !slices.Contains(g.nodes, b.base.Nodes) {
			g.nodes = append(g.nodes, b.base.Nodes)
			slices.Sort(g.nodes)
		}
		// A type sold only in UltraServers of k instances gets its own
		// legal counts: k × 1, 2, 4 … within the same range.
		for _, it := range g.types {
			k := UltraServerNodes(b.cat, it)
			if k <= 1 {
				continue
			}
			if g.unitNodes == nil {
				g.unitNodes = map[string][]int{}
			}
			var ns []int
			for m := 1; m*k <= maxNodes; m *= 2 {
				ns = append(ns, m*k)
			}
			if it == b.base.InstanceType && !slices.Contains(ns, b.base.Nodes) {
				ns = append(ns, b.base.Nodes)
				slices.Sort(ns)
			}
			g.unitNodes[it] = ns
		}
	}
	if spec.KeepRegion {
		g.regions = []string{b.base.Region}
	} else if len(g.regions) == 0 {
		g.regions = SortedKeys(b.cat.Regions)
	}
	for _, r := range g.regions {
		if _, ok := b.cat.Regions[r]; !ok {
			return g, fmt.Errorf("Region %q is not in the catalog", r)
		}
	}
	if len(g.options) == 0 {
		g.options = DefaultPurchaseOptions
	}
	for _, o := range g.options {
		if !slices.Contains(model.PurchaseOptions, o) {
			return g, fmt.Errorf("unknown purchase option %q (one of %s)", o, strings.Join(model.PurchaseOptions, ", "))
		}
	}
	if len(g.placements) == 0 {
		g.placements = []string{PlacementAWS}
		if b.op != nil {
			g.placements = Placements
		}
	}
	for _, p := range g.placements {
		if !slices.Contains(Placements, p) {
			return g, fmt.Errorf("unknown placement %q (one of %s)", p, strings.Join(Placements, ", "))
		}
		if p != PlacementAWS && b.op == nil {
			return g, fmt.Errorf("placement %s needs an on-prem cluster (sites[].clusters) in the scenario", p)
		}
	}
	g.splitBy = spec.SplitBy
	if len(g.splitBy) == 0 {
		g.splitBy = []string{model.SplitData, model.SplitPipeline}
	}
	for _, sb := range g.splitBy {
		if sb != model.SplitData && sb != model.SplitPipeline {
			return g, fmt.Errorf("unknown split %q (data or pipeline)", sb)
		}
	}
	if f := b.sd.Storage.FSxLustre; f != nil && f.CapacityTiB > 0 {
		var err error
		if g.fsx, err = b.fsxGrid(spec); err != nil {
			return g, err
		}
	}
	if b.li >= 0 {
		g.dx = b.dxGrid(spec)
	}
	return g, nil
}

func (b *Compiled) fsxGrid(spec OptimizeSpec) ([]fsxChoice, error) {
	f := *b.sd.Storage.FSxLustre
	if spec.KeepStorage {
		return []fsxChoice{{f.DeploymentType, f.ThroughputMBpsPerTiB, f.CapacityTiB}}, nil
	}
	type tier struct {
		dep  string
		tput float64
	}
	var tiers []tier
	if len(spec.FSxTiers) > 0 {
		for _, t := range spec.FSxTiers {
			dep, tp, ok := strings.Cut(t, "/")
			v, err := strconv.ParseFloat(tp, 64)
			if !ok || err != nil || !slices.Contains(FSxThroughputTiers[dep], v) {
				return nil, fmt.Errorf("FSx tier %q: give DEPLOYMENT/MBps-per-TiB, e.g. PERSISTENT_2/250", t)
			}
			tiers = append(tiers, tier{dep, v})
		}
	} else {
		for _, dep := range []string{model.FSxPersistent2, model.FSxPersistent1, model.FSxScratch2} {
			for _, v := range FSxThroughputTiers[dep] {
				tiers = append(tiers, tier{dep, v})
			}
		}
	}
	sizes := spec.FSxSizesTiB
	if len(sizes) == 0 {
		sizes = []float64{f.CapacityTiB / 2, f.CapacityTiB, 2 * f.CapacityTiB, 4 * f.CapacityTiB}
	}
	var out []fsxChoice
	for _, t := range tiers {
		ff := f
		ff.DeploymentType, ff.ThroughputMBpsPerTiB, ff.StorageType = t.dep, t.tput, "SSD"
		if t.dep != model.FSxPersistent2 {
			ff.EFAEnabled = false
		}
		z := model.FSxSizingFor(ff, b.c.value(cFSxEFAMin)*1024)
		var seen []float64
		for _, sz := range sizes {
			r := math.Round(z.RoundUp(sz)*1000) / 1000
			if !slices.Contains(seen, r) {
				seen = append(seen, r)
				out = append(out, fsxChoice{t.dep, t.tput, r})
			}
		}
	}
	return out, nil
}

func (b *Compiled) dxGrid(spec OptimizeSpec) []dxKey {
	l := b.sd.Links[b.li]
	if spec.KeepLinks || l.Type != model.LinkDXDedicated {
		return []dxKey{{l.SpeedGbps, l.Count}}
	}
	speeds := spec.DXSpeedsGbps
	if len(speeds) == 0 {
		if loc, _, ok := b.cat.LookupDXLocation(l.Location); ok {
			for _, sp := range loc.PortSpeedsGbps {
				if v, err := strconv.ParseFloat(sp, 64); err == nil {
					speeds = append(speeds, v)
				}
			}
		}
		if len(speeds) == 0 {
			speeds = []float64{l.SpeedGbps}
		}
	}
	var out []dxKey
	for _, sp := range speeds {
		counts := spec.DXCounts
		if len(counts) == 0 {
			// The LAG limit (Direct Connect User Guide, lags.html): 4 ports
			// below 100 Gbps, 2 at 100 and 400.
			limit := 4
			if sp >= 100 {
				limit = 2
			}
			// A link marked critical keeps a second connection: one port
			// is a single point of failure (link.no-redundancy).
			first := 1
			if l.Critical {
				first = 2
			}
			for n := first; n <= limit; n++ {
				counts = append(counts, n)
			}
		}
		for _, n := range counts {
			out = append(out, dxKey{sp, n})
		}
	}
	return out
}

// size is the grid's candidate count for the aws placement (the onprem
// placement adds one candidate and a split its variants, counted as the
// search enumerates them).
func (g optGrid) size() int {
	if !slices.Contains(g.placements, PlacementAWS) {
		return 0
	}
	n := 0
	for _, it := range g.types {
		n += len(g.nodesOf(it))
	}
	n *= len(g.regions) * len(g.options)
	return n * max(1, len(g.fsx)) * max(1, len(g.dx))
}

// search evaluates the grid with pruning and returns the feasible points
// meeting the deadline and budgets.
//
// With domPrune, a (type, node count, Region, option) is cut before its
// layout search when a feasible point already found is cheaper than its
// cost lower bound (nodes × the perfect-scaling time × the hourly rate: the
// run pays at least that) and faster than its time lower bound: nothing in
// it can reach the frontier. Frontier points are verified afterwards; if
// one fails, Optimize searches again without this cut.
func (b *Compiled) search(g optGrid, spec OptimizeSpec, res *OptimizeResult, deadline float64, domPrune bool) []Point {
	res.Grid = g.size()
	perDX := max(1, len(g.dx))
	perFSx := max(1, len(g.fsx))
	// Points are kept in fixed chunks and joined once at the end: a search
	// keeps thousands of 440-byte points, and growing one slice copies and
	// re-zeroes them at every doubling.
	var chunks [][]Point
	cur := make([]Point, 0, pointChunk)
	collect := func() []Point {
		n := len(cur)
		for _, ch := range chunks {
			n += len(ch)
		}
		out := make([]Point, 0, n)
		for _, ch := range chunks {
			out = append(out, ch...)
		}
		return append(out, cur...)
	}
	// Per Region, the cheapest DX choice with no critical finding.
	bestDX := map[string]*dxKey{}
	for _, r := range g.regions {
		if len(g.dx) == 0 {
			continue
		}
		best, bestUSD := (*dxKey)(nil), math.Inf(1)
		for i := range g.dx {
			k := g.dx[i]
			if de := b.dxFor(k.speed, k.count); de.critical != "" || de.invalid != "" {
				continue
			}
			p, ok := b.dxPortPrice(b.homeOfRegion(r), k.speed)
			if !ok {
				continue
			}
			if usd := float64(k.count) * p.USD; usd < bestUSD {
				best, bestUSD = &g.dx[i], usd
			}
		}
		bestDX[r] = best
	}
	var front [][2]float64 // running Pareto set of (cost, days) found so far
	wantAWS := slices.Contains(g.placements, PlacementAWS)
	wantOn := slices.Contains(g.placements, model.PlacementOnPrem)
	wantSplit := slices.Contains(g.placements, model.PlacementSplit)
	keep := func(c Candidate, o Outcome) {
		res.Evaluated++
		if !o.Feasible {
			res.Pruned["infeasible: "+reasonClass(o.Reason)]++
			return
		}
		if o.Days > deadline || (spec.BudgetRunUSD > 0 && o.RunCostUSD > spec.BudgetRunUSD) || (spec.BudgetMonthUSD > 0 && o.MonthlyUSD > spec.BudgetMonthUSD) {
			res.Pruned["misses the deadline or a budget"]++
			return
		}
		if len(cur) == cap(cur) {
			chunks = append(chunks, cur)
			cur = make([]Point, 0, pointChunk)
		}
		cur = append(cur, Point{Candidate: c, Outcome: o})
		front = addToFront(front, o.RunCostUSD, o.Days)
	}
	if wantOn {
		// The on-prem placement: no AWS choice changes its time or cost
		// per run, only the DX ports (the data move), cheapest kept.
		res.Grid++
		c := b.base
		c.Placement, c.SplitBy, c.SplitOnPrem = model.PlacementOnPrem, "", 0
		if len(g.dx) > 0 {
			if k := bestDX[c.Region]; k != nil {
				c.DXSpeedGbps, c.DXCount = k.speed, k.count
			}
		}
		keep(c, b.Evaluate(c))
	}
	if !wantAWS && !wantSplit {
		return collect()
	}
	types := g.types
	if domPrune {
		types = b.cheapestFirst(g)
	}
	for _, it := range types {
		inst := b.cat.Instances[it]
		te := b.typeFor(it)
		nodes := g.nodesOf(it)
		branch := len(nodes) * perFSx * perDX
		for _, r := range g.regions {
			for _, opt := range g.options {
				if !Sold(b.cat, it, r, opt) {
					res.Pruned["not sold"] += branch
					continue
				}
				if !te.ok || inst.AcceleratorCount == 0 {
					res.Pruned["not modelled"] += branch
					continue
				}
				awsHere := wantAWS && !(b.residency == ResidencyOnPrem || (b.residency != "" && b.residency != r))
				if wantAWS && !awsHere {
					res.Pruned["data residency"] += branch
				}
				if !awsHere && !wantSplit {
					continue
				}
				if rest := b.restFor(r); !rest.ok {
					res.Pruned["Region not priced"] += branch
					continue
				}
				var dx dxKey
				if len(g.dx) > 0 {
					if bestDX[r] == nil {
						res.Pruned["no DX choice without a critical finding"] += branch
						continue
					}
					dx = *bestDX[r]
					res.Pruned["DX ports dominated"] += branch - branch/perDX
				}
				rate, _, _ := model.InstanceHourlyUSD(inst.Prices[r], b.purchase(opt))
				for _, n := range nodes {
					if domPrune && !wantSplit && len(front) > 0 {
						if lb, ok := b.LowerBoundDays(it, n); ok && dominatedBy(front, float64(n)*lb*24*rate, lb) {
							res.Pruned[prunedDominated] += perFSx
							continue
						}
					}
					// The perfect-scaling bound holds for the AWS cluster
					// alone; a split's on-prem side may be faster.
					if lb, ok := b.LowerBoundDays(it, n); ok && lb > deadline && !wantSplit {
						res.Pruned["cannot meet the deadline even with perfect scaling"] += perFSx
						continue
					}
					se := b.stepFor(te, n, model.Layout{})
					if !se.searched {
						se.searched = true
						res.LayoutsSearched += se.layouts
					}
					if !se.ok {
						res.Pruned["no layout fits in memory"] += perFSx
						continue
					}
					var splits []Candidate
					if wantSplit {
						var cut int
						splits, cut = b.splitVariants(se.st.layout, g.splitBy)
						res.Grid += (len(splits) + cut) * perFSx * perDX
						res.Pruned["split: too few on-prem accelerators"] += cut * perFSx
						res.Pruned["DX ports dominated"] += (len(splits) + cut) * perFSx * (perDX - 1)
					}
					c := Candidate{InstanceType: it, Nodes: n, Region: r, PurchaseOption: opt, Placement: PlacementAWS, DXSpeedGbps: dx.speed, DXCount: dx.count}
					for fi := 0; fi < perFSx; fi++ {
						if len(g.fsx) > 0 {
							f := g.fsx[fi]
							c.FSxDeploymentType, c.FSxThroughputMBpsPerTiB, c.FSxCapacityTiB = f.dep, f.tput, f.cap
						}
						if awsHere {
							keep(c, b.Evaluate(c))
						}
						for _, sv := range splits {
							cs := c
							cs.Placement, cs.SplitBy, cs.SplitOnPrem = sv.Placement, sv.SplitBy, sv.SplitOnPrem
							keep(cs, b.Evaluate(cs))
						}
					}
				}
			}
		}
	}
	return collect()
}

// cheapestFirst orders the grid's types by their lowest cost per unit of
// work at the perfect-scaling bound (hourly rate per node over the node's
// achievable FLOP rate, the cheapest sold Region and option), so that the
// dominance cut meets good points early. The order changes which candidates
// are cut, never the frontier.
func (b *Compiled) cheapestFirst(g optGrid) []string {
	key := map[string]float64{}
	for _, it := range g.types {
		k := math.Inf(1)
		if d, ok := b.LowerBoundDays(it, 1); ok {
			for _, r := range g.regions {
				for _, opt := range g.options {
					if Sold(b.cat, it, r, opt) {
						rate, _, _ := model.InstanceHourlyUSD(b.cat.Instances[it].Prices[r], b.purchase(opt))
						k = math.Min(k, rate*d)
					}
				}
			}
		}
		key[it] = k
	}
	out := slices.Clone(g.types)
	sort.SliceStable(out, func(i, j int) bool { return key[out[i]] < key[out[j]] })
	return out
}

// prunedDominated is the pruning reason of the dominance cut.
const prunedDominated = "dominated (lower bounds of time and cost)"

// addToFront adds (cost, days) to a running Pareto set, dropping the points
// it dominates; a dominated point is not added.
func addToFront(front [][2]float64, cost, days float64) [][2]float64 {
	for _, p := range front {
		if p[0] <= cost && p[1] <= days {
			return front
		}
	}
	out := front[:0]
	for _, p := range front {
		if !(cost <= p[0] && days <= p[1]) {
			out = append(out, p)
		}
	}
	return append(out, [2]float64{cost, days})
}

// dominatedBy says whether some point of the set is strictly cheaper than
// cost and strictly faster than days.
func dominatedBy(front [][2]float64, cost, days float64) bool {
	for _, p := range front {
		if p[0] < cost && p[1] < days {
			return true
		}
	}
	return false
}

// homeOfRegion is the home Region when the cluster moves to r.
func (b *Compiled) homeOfRegion(r string) string {
	if b.movesHome {
		return r
	}
	return b.home
}

// reasonClass groups infeasibility reasons for the pruning summary.
func reasonClass(r string) string {
	switch {
	case strings.Contains(r, "gradient-sync-over-wan"):
		return "gradient sync over the WAN (critical)"
	case strings.Contains(r, "Capacity Block"):
		return "Capacity Block rules"
	case strings.Contains(r, "communication exposes"):
		return "communication exposes ≥ 30% of the step"
	case strings.Contains(r, "storage starves"):
		return "storage stall ≥ 20%"
	case strings.Contains(r, "FSx"):
		return "FSx size or tier"
	case strings.Contains(r, "UltraServer"):
		return "UltraServer multiples"
	}
	return r
}

// Frontier returns the Pareto frontier of points (cost per run against time
// to train), cheapest first: a point is kept when it is strictly faster than
// every cheaper-or-equal point. No kept point is dominated by any point.
func Frontier(pts []Point) []Point {
	idx := make([]int, len(pts))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, c int) bool {
		pa, pc := pts[idx[a]].Outcome, pts[idx[c]].Outcome
		if pa.RunCostUSD != pc.RunCostUSD {
			return pa.RunCostUSD < pc.RunCostUSD
		}
		return pa.Days < pc.Days
	})
	var out []Point
	best := math.Inf(1)
	for _, i := range idx {
		if d := pts[i].Outcome.Days; d < best {
			out = append(out, pts[i])
			best = d
		}
	}
	return out
}

// verifyFrontier fully evaluates frontier points; a point with a
// validation error or a critical finding is dropped and the frontier
// recomputed, until every frontier point holds.
func (b *Compiled) verifyFrontier(pts []Point, res *OptimizeResult) {
	verified := map[Candidate]bool{}
	checks := 0
	for {
		fr := Frontier(pts)
		bad := -1
		for _, p := range fr {
			if verified[p.Candidate] {
				continue
			}
			if checks >= maxFullChecks {
				res.Pruned["not verified (full-evaluation limit)"] += len(fr)
				res.Frontier = nil
				return
			}
			checks++
			if why := b.fullCheck(p); why != "" {
				p.Outcome.Feasible, p.Outcome.Reason = false, why
				res.Rejected = append(res.Rejected, p)
				bad = slices.IndexFunc(pts, func(q Point) bool { return q.Candidate == p.Candidate })
				break
			}
			verified[p.Candidate] = true
		}
		if bad < 0 {
			for i := range fr {
				fr[i].Candidate.Layout = fr[i].Outcome.Layout // the layout searched, for the record
			}
			res.Frontier = fr
			if res.Frontier == nil {
				res.Frontier = []Point{}
			}
			if len(fr) > 0 {
				p := fr[0]
				res.Best = &p
			}
			res.Feasible = len(pts)
			return
		}
		pts = slices.Delete(pts, bad, bad+1)
	}
}

// fullCheck evaluates the patched scenario in full: "" when it validates
// with no critical finding, else the first problem.
func (b *Compiled) fullCheck(p Point) string {
	s := b.Apply(p.Candidate, p.Outcome.Layout)
	if ds := ValidateScenario("candidate", s, b.cat).Errors(); len(ds) > 0 {
		return ds[0].Path + ": " + ds[0].Message
	}
	if b.fullLayouts == nil {
		b.fullLayouts = layoutCache{}
	}
	if seedFullChecks {
		b.seedFullCheck(p, s)
	}
	plan := Evaluate(s, b.cat, Options{layouts: b.fullLayouts})
	for _, f := range plan.Findings {
		if f.Severity == model.SeverityCritical {
			return f.Code + ": " + f.Title
		}
	}
	return ""
}

// deadlineText is a deadline as the user wrote it (30, 12.5) or, for a
// computed one (the TUI's "as fast as now"), to two decimals.
func deadlineText(d float64) string {
	if d*10 == math.Trunc(d*10) {
		return strconv.FormatFloat(d, 'g', -1, 64)
	}
	return strconv.FormatFloat(d, 'f', 2, 64)
}

// pointChunk is how many points the search keeps per chunk.
const pointChunk = 256

// seedFullChecks lets a full check reuse the optimiser's own layout search
// (off only in the test that proves it changes nothing).
var seedFullChecks = true

// seedFullCheck gives the full check of an AWS point the layout search the
// optimiser already ran for its instance type and accelerator count: with
// the search freed, that search's fastest fitting layout is the point's
// layout, which the patched scenario pins. Searching again under the pinned
// layout visits the same legal grid (same count, same fastest layout) and
// times one layout that keeps it, the same one; so the pinned search's
// result is the free one with the pinned layout as the least-memory
// match. Anything else (constraints kept, a split or on-prem point, a key
// the full evaluation builds differently) is left to search in full.
func (b *Compiled) seedFullCheck(p Point, s model.Scenario) {
	if !b.lc.free() || p.Candidate.Placement != "" && p.Candidate.Placement != PlacementAWS {
		return
	}
	te, ok := b.types[p.Candidate.InstanceType]
	if !ok || !te.ok {
		return
	}
	se, ok := te.steps[stepKey{nodes: p.Candidate.Nodes}]
	if !ok || !se.ok || !se.search.used.found || se.search.used.l != p.Outcome.Layout {
		return
	}
	j := s.Workloads.Training[b.ji]
	k := layoutCacheKey{j.Name, p.Candidate.InstanceType, p.Candidate.Nodes * te.in.inst.AcceleratorCount, constraintsOf(j), false}
	if !k.lc.matches(se.search.used.l) {
		return
	}
	if _, done := b.fullLayouts[k]; done {
		return
	}
	r := se.search
	r.used.minMemory, r.used.minMemGiB = r.used.l, r.used.mem.TotalGiB
	b.fullLayouts[k] = r
}

// Describe is a one-line description of a candidate, e.g.
// "64 × p5.48xlarge, capacity-block in us-east-1, TP8 PP4 DP16 mb1 ZeRO-1 selective, FSx PERSISTENT_2/250 48 TiB, DX 2 × 100 Gbps".
func Describe(c Candidate, o Outcome) string {
	switch c.Placement {
	case model.PlacementOnPrem:
		s := fmt.Sprintf("on-prem: %d nodes", o.OnPremNodes)
		if o.Layout.TP > 0 {
			s += ", " + layoutName(o.Layout)
		}
		return s
	case model.PlacementSplit:
		unit := "replicas"
		if c.SplitBy == model.SplitPipeline {
			unit = "stages"
		}
		s := fmt.Sprintf("split by %s (%d %s on-prem): %d on-prem nodes + %d of %d × %s, %s in %s", c.SplitBy, c.SplitOnPrem, unit, o.OnPremNodes, o.AWSNodesUsed, c.Nodes, c.InstanceType, c.PurchaseOption, c.Region)
		if o.Layout.TP > 0 {
			s += ", " + layoutName(o.Layout)
		}
		return s
	}
	s := fmt.Sprintf("%d × %s, %s in %s", c.Nodes, c.InstanceType, c.PurchaseOption, c.Region)
	if o.Layout.TP > 0 {
		s += ", " + layoutName(o.Layout)
	}
	if c.FSxDeploymentType != "" {
		s += fmt.Sprintf(", FSx %s/%g %g TiB", c.FSxDeploymentType, c.FSxThroughputMBpsPerTiB, c.FSxCapacityTiB)
	}
	if c.DXCount > 0 {
		s += fmt.Sprintf(", DX %d × %g Gbps", c.DXCount, c.DXSpeedGbps)
	}
	return s
}

// why is the one-sentence reason for the choice, with its numbers.
func (b *Compiled) why(res OptimizeResult) string {
	p := res.Best
	o := p.Outcome
	s := fmt.Sprintf("%s trains %s in %.1f days for $%s per run ($%s per month): the cheapest of %s feasible candidates (of %s in the grid) within %s days%s with no critical finding",
		Describe(p.Candidate, o), res.Spec.Job, o.Days, model.FormatUSD(o.RunCostUSD, 0), model.FormatUSD(o.MonthlyUSD, 0),
		model.FormatUSD(float64(res.Feasible), 0), model.FormatUSD(float64(res.Grid), 0), deadlineText(res.Spec.DeadlineDays), budgetText(res.Spec))
	if len(res.Frontier) > 1 {
		n := res.Frontier[1].Outcome
		s += fmt.Sprintf("; the next frontier plan is %.1f days faster for $%s more per run", o.Days-n.Days, model.FormatUSD(n.RunCostUSD-o.RunCostUSD, 0))
	}
	if bo := res.Baseline.Outcome; bo.Feasible {
		s += fmt.Sprintf("; the scenario as written takes %.1f days for $%s per run", bo.Days, model.FormatUSD(bo.RunCostUSD, 0))
	}
	if !confirmed(o.PriceConfidence) {
		s += fmt.Sprintf(" (the instance rate is %s, not confirmed against AWS's price list)", o.PriceConfidence)
	}
	return s + "."
}
