package planner

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/topoplan/topoplan/model"
)

// Candidate is one cluster shape tried by Optimize.
type Candidate struct {
	InstanceType string  `json:"instance_type"`
	Nodes        int     `json:"nodes"`
	Accelerators int     `json:"accelerators"`
	Days         float64 `json:"time_to_train_days"`
	RunCostUSD   float64 `json:"run_cost_usd"`
	MonthlyUSD   float64 `json:"monthly_cost_usd"`
	// MeetsDeadline says Days ≤ the deadline.
	MeetsDeadline bool `json:"meets_deadline"`
	// Region and PurchaseOption say what is bought: the offering the price
	// comes from (optimize proposes only offerings the catalog records AWS selling).
	Region         string `json:"region"`
	PurchaseOption string `json:"purchase_option"`
	// PriceConfidence is the confidence of the instance price used (the
	// Capacity Block rate's own confidence for a Capacity Block).
	PriceConfidence string `json:"price_confidence"`
	// PriceReadOn is the date of the instance price used.
	PriceReadOn string `json:"price_read_on"`
	// Critical counts critical findings of the candidate's plan.
	Critical int `json:"critical_findings"`
}

// OptimizeResult is the outcome of a search for the cheapest plan.
type OptimizeResult struct {
	Job          string  `json:"job"`
	DeadlineDays float64 `json:"deadline_days"`
	// Region and PurchaseOption are the cluster's: every candidate is an
	// offering sold there under that option.
	Region         string `json:"region"`
	PurchaseOption string `json:"purchase_option"`
	// Best is the cheapest candidate that meets the deadline with no critical
	// finding (nil when none does).
	Best *Candidate `json:"best,omitempty"`
	// Fastest is the quickest candidate, for when nothing meets the deadline.
	Fastest *Candidate `json:"fastest,omitempty"`
	// Candidates are every valid shape tried, cheapest run first.
	Candidates []Candidate `json:"candidates"`
}

// Optimize finds the cheapest cluster shape (instance type × node count) that
// trains the named job within deadlineDays. It tries every accelerated
// instance type the catalog records AWS selling in the cluster's region under
// the cluster's purchase option (never one that cannot be bought), at node counts
// that are powers of two from 1 to the placement-group limit, keeping the
// job's tensor and pipeline degrees and the cluster's purchase option; a shape
// that makes the scenario invalid (parallel degrees that do not divide the
// accelerators, too many nodes) is skipped. "Cheapest" is the cost of one run
// (instances × time to train, plus storage and transfer for the run).
func Optimize(s model.Scenario, cat *model.Catalog, job string, deadlineDays float64, opt Options) (OptimizeResult, error) {
	res := OptimizeResult{Job: job, DeadlineDays: deadlineDays, Candidates: []Candidate{}}
	if deadlineDays <= 0 {
		return res, fmt.Errorf("optimize: the deadline must be above zero days")
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
		msg := fmt.Sprintf("optimize: no training job %q", job)
		if sg := suggest(job, names); sg != "" {
			msg += fmt.Sprintf("; did you mean %q?", sg)
		}
		return res, fmt.Errorf("%s", msg)
	}
	res.Job = s.Workloads.Training[ji].Name
	clusterName := s.Workloads.Training[ji].Cluster
	ci := slices.IndexFunc(s.Clusters, func(c model.Cluster) bool { return c.Name == clusterName })
	if ci < 0 {
		return res, fmt.Errorf("optimize: job %s runs on unknown cluster %q", res.Job, clusterName)
	}
	region := s.Clusters[ci].Region
	if region == "" {
		region = s.AWS.Region
	}
	maxNodes := 512
	if c, ok := cat.Constants["placement_group_max_nodes"]; ok && c.Value >= 1 {
		maxNodes = int(c.Value)
	}
	clusterPath := fmt.Sprintf("clusters[%d]", ci)
	option := s.Clusters[ci].Purchase.Option
	if option == "" {
		option = model.PurchaseOnDemand
	}
	res.Region, res.PurchaseOption = region, option
	for _, it := range InstanceTypes(cat) {
		inst := cat.Instances[it]
		offer, sold := model.Offer(inst.Prices[region], option)
		if !sold || inst.AcceleratorCount == 0 || inst.PeakDenseBF16TFLOPS == 0 {
			continue
		}
		s1, err := SetField(s, clusterPath+".instance_type", it)
		if err != nil {
			return res, err
		}
		// EFA off for types without it, so the shape stays valid.
		s1, _ = SetField(s1, clusterPath+".efa", strconv.FormatBool(inst.EFA))
		for n := 1; n <= maxNodes; n *= 2 {
			s2, _ := SetField(s1, clusterPath+".nodes", strconv.Itoa(n))
			if ValidateScenario("optimize", s2, cat).HasErrors() {
				continue
			}
			p := Evaluate(s2, cat, opt)
			tp := p.Training[ji]
			c := Candidate{InstanceType: it, Nodes: n, Accelerators: tp.Accelerators, Days: tp.TimeToTrainDays,
				RunCostUSD: tp.RunCost.TotalUSD, MonthlyUSD: p.MonthlyCost.TotalUSD, MeetsDeadline: tp.TimeToTrainDays <= deadlineDays,
				Region: region, PurchaseOption: offer.Option, PriceConfidence: offer.Source.Confidence, PriceReadOn: offer.Source.ReadOn}
			for _, f := range p.Findings {
				if f.Severity == model.SeverityCritical {
					c.Critical++
				}
			}
			res.Candidates = append(res.Candidates, c)
		}
	}
	sort.SliceStable(res.Candidates, func(i, j int) bool {
		a, b := res.Candidates[i], res.Candidates[j]
		if a.RunCostUSD != b.RunCostUSD {
			return a.RunCostUSD < b.RunCostUSD
		}
		return a.Days < b.Days
	})
	for i := range res.Candidates {
		c := &res.Candidates[i]
		if res.Best == nil && c.MeetsDeadline && c.Critical == 0 {
			res.Best = c
		}
		if res.Fastest == nil || c.Days < res.Fastest.Days {
			res.Fastest = c
		}
	}
	return res, nil
}
