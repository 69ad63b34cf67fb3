package planner

import (
	"fmt"
	"math"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// inferenceRegion is one serving region of a service: a cluster there and its instance type.
type inferenceRegion struct {
	region, cluster, instanceType string
	nodes                         int
}

// serviceRegions lists a service's serving regions: its clusters' regions,
// then any listed region without a cluster (instance type unknown).
func serviceRegions(s model.Scenario, inf model.InferenceService) []inferenceRegion {
	var out []inferenceRegion
	seen := map[string]bool{}
	for _, name := range inf.Clusters {
		cl, ok := clusterByName(s, name)
		if !ok {
			continue
		}
		r := cl.Region
		if r == "" {
			r = s.AWS.Region
		}
		if seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, inferenceRegion{region: r, cluster: cl.Name, instanceType: cl.InstanceType, nodes: cl.Nodes})
	}
	for _, r := range inf.Regions {
		if !seen[r] {
			seen[r] = true
			out = append(out, inferenceRegion{region: r})
		}
	}
	return out
}

// throughputFor finds the catalog's serving figure for an instance type,
// model size and precision.
func throughputFor(cat *model.Catalog, instanceType string, paramsB float64, precision string) (model.InferenceThroughput, bool) {
	for _, t := range cat.InferenceThroughput {
		if t.InstanceType == instanceType && t.ParametersB == paramsB && t.Precision == precision {
			return t, true
		}
	}
	return model.InferenceThroughput{}, false
}

// evaluateInference sizes each inference service per region, prices it and
// works out the latency each user population sees.
func evaluateInference(p *model.Plan, s model.Scenario, cat *model.Catalog, c *constants) {
	p.Inference = []model.InferencePlan{}
	for _, inf := range s.Workloads.Inference {
		p.Inference = append(p.Inference, inferencePlan(s, cat, c, inf))
	}
}

func inferencePlan(s model.Scenario, cat *model.Catalog, c *constants, inf model.InferenceService) model.InferencePlan {
	ip := model.InferencePlan{Service: inf.Name, RequestsPerSecond: inf.RequestsPerSecond, TokensIn: inf.TokensIn, TokensOut: inf.TokensOut,
		ParametersB: inf.ParametersB, Precision: inf.Precision, FrontDoor: inf.FrontDoor, Regions: []model.InferenceRegionPlan{}, Users: []model.UserLatency{}}
	if ip.Precision == "" {
		ip.Precision = "bf16"
	}
	if ip.FrontDoor == "" {
		ip.FrontDoor = "none"
	}
	ip.WeightsGB = inf.ParametersB * model.BytesPerParam(ip.Precision)
	ip.TargetUtilisation = inf.TargetUtilisation
	if ip.TargetUtilisation <= 0 {
		ip.TargetUtilisation = c.value(cInferUtil)
	}
	regions := serviceRegions(s, inf)
	var notes []string

	// Serving figures: the scenario's, else the catalog's for the first region's instance type.
	ip.TokensPerSPerInstance, ip.TTFTMs, ip.ITLMs = inf.TokensPerSPerInstance, inf.TTFTMs, inf.ITLMs
	if len(regions) > 0 {
		if t, ok := throughputFor(cat, regions[0].instanceType, inf.ParametersB, ip.Precision); ok {
			if ip.TokensPerSPerInstance <= 0 {
				ip.TokensPerSPerInstance = t.TokensPerS
			}
			if ip.TTFTMs <= 0 {
				ip.TTFTMs = t.TTFTMs
			}
			if ip.ITLMs <= 0 {
				ip.ITLMs = t.ITLMs
			}
			ip.ThroughputSource, ip.ThroughputConfidence = t.URL, t.Confidence
		}
	}
	if inf.TokensPerSPerInstance > 0 {
		ip.ThroughputSource, ip.ThroughputConfidence = "scenario (tokens_per_s_per_instance)", model.ConfidenceUser
	}
	if ip.TokensPerSPerInstance <= 0 {
		notes = append(notes, "no throughput figure for this instance type, model size and precision: give tokens_per_s_per_instance")
	}

	// Users to their lowest-latency region (Route 53 latency-based routing
	// and Global Accelerator both send a user to the closest healthy Region).
	share := map[string]float64{}
	totalShare := 0.0
	for _, u := range inf.Users {
		totalShare += u.Share
	}
	for _, u := range inf.Users {
		ul := model.UserLatency{Name: u.Name, Share: u.Share}
		if totalShare > 0 {
			ul.Share = u.Share / totalShare
		}
		best := math.Inf(1)
		for _, r := range regions {
			rtt, km, src := userRTT(cat, c, u, r.region)
			if src != "" && rtt < best {
				best, ul.Region, ul.RTTMs, ul.DistanceKm, ul.RTTSource = rtt, r.region, rtt, km, src
			}
		}
		if ul.Region == "" && len(regions) > 0 {
			ul.Region = regions[0].region
			notes = append(notes, "user population "+u.Name+" has no coordinates: sent to the first region, RTT unknown")
		}
		ul.FirstTokenMs, ul.CompleteMs = model.UserLatencyMs(ul.RTTMs, ip.TTFTMs, inf.TokensOut, ip.ITLMs)
		share[ul.Region] += ul.Share
		ip.Users = append(ip.Users, ul)
	}
	if len(inf.Users) == 0 {
		for _, r := range regions {
			share[r.region] = 1 / float64(len(regions))
		}
		if len(regions) > 1 {
			notes = append(notes, "no user populations: requests split evenly over the regions")
		}
	}

	// Per region: fleet, cost, egress, model load.
	freeLeft := -1.0 // unset until the first priced region
	for _, r := range regions {
		rp := model.InferenceRegionPlan{Region: r.region, Cluster: r.cluster, InstanceType: r.instanceType, InstancesProvisioned: r.nodes}
		rp.RequestsPerSecond = inf.RequestsPerSecond * share[r.region]
		rp.OutputTokensPerS = rp.RequestsPerSecond * inf.TokensOut
		rp.InstancesNeeded = model.InstancesNeeded(rp.RequestsPerSecond, inf.TokensOut, ip.TokensPerSPerInstance, ip.TargetUtilisation)
		if inst, ok := cat.Instances[r.instanceType]; ok {
			if pr, ok := inst.Prices[r.region]; ok && pr.OnDemandUSDPerHour > 0 {
				rp.USDPerHour = pr.OnDemandUSDPerHour
				rp.InstanceMonthlyUSD = float64(rp.InstancesNeeded) * model.HoursPerMonth * rp.USDPerHour
			} else if r.instanceType != "" {
				notes = append(notes, r.instanceType+" has no on-demand price in "+r.region+": unpriced")
			}
			rp.ModelSource, rp.LoadGbps = modelLoadRate(s, inf, inst)
			rp.ModelLoadSeconds = model.LoadSeconds(ip.WeightsGB, rp.LoadGbps)
		}
		if inf.ResponseKB > 0 {
			rp.EgressGB = rp.RequestsPerSecond * inf.ResponseKB * 1e3 * model.SecondsPerMonth / 1e9
			if reg, ok := cat.Regions[r.region]; ok && len(reg.InternetEgress) > 0 {
				// The free tier is per account across Regions: the first region uses it.
				if freeLeft < 0 {
					freeLeft = reg.InternetEgressFreeGB
				}
				free := freeLeft
				freeLeft -= math.Min(free, rp.EgressGB)
				for _, tc := range model.TieredEgress(rp.EgressGB, free, reg.InternetEgress) {
					rp.EgressMonthlyUSD += tc.GB * tc.USDPerGB
				}
			} else {
				notes = append(notes, "internet egress from "+r.region+" not in the catalog: unpriced")
			}
		}
		ip.MonthlyUSD += rp.InstanceMonthlyUSD + rp.EgressMonthlyUSD
		ip.Regions = append(ip.Regions, rp)
	}
	if inf.ResponseKB <= 0 {
		notes = append(notes, "response_kb not given: response egress not priced")
	}
	ip.FrontDoorCost, notes = frontDoorCost(cat, inf, ip, notes)
	for _, l := range ip.FrontDoorCost {
		ip.MonthlyUSD += l.MonthlyUSD
	}
	notes = append(notes, "response egress is shown here and not added to the monthly cost, which prices traffic.internet_egress_tb")
	ip.Note = strings.Join(notes, "; ")
	return ip
}

// userRTT is a population's round-trip time to a region: measured, or
// derived from its city or coordinates.
func userRTT(cat *model.Catalog, c *constants, u model.UserPopulation, region string) (rttMs, km float64, source string) {
	if u.RTTMs > 0 {
		return u.RTTMs, 0, model.RTTMeasured
	}
	up, ok1 := placePoint(cat, u.City, u.Lat, u.Lon)
	rp, ok2 := regionPoint(cat, region)
	if !ok1 || !ok2 {
		return 0, 0, ""
	}
	km = distanceKm(c, up, rp)
	return rttForKm(c, km), km, model.RTTDerived
}

// modelLoadRate is where a new instance reads the weights and how fast: the
// instance's network bandwidth from S3 (S3 publishes no per-bucket cap), or
// the smaller of that and the file system's throughput from FSx.
func modelLoadRate(s model.Scenario, inf model.InferenceService, inst model.Instance) (string, float64) {
	if inf.ModelSource == "fsx" && s.Storage.FSxLustre != nil {
		f := s.Storage.FSxLustre
		return "fsx", math.Min(inst.NetworkGbps, f.CapacityTiB*f.ThroughputMBpsPerTiB*8/1000)
	}
	return "s3", inst.NetworkGbps
}

// areaOf is the Global Accelerator pricing area of a region or a country.
func areaOf(regionOrCountry string) string {
	switch {
	case strings.HasPrefix(regionOrCountry, "us-"), strings.HasPrefix(regionOrCountry, "ca-"),
		regionOrCountry == "US", regionOrCountry == "CA", regionOrCountry == "MX":
		return "NA"
	case strings.HasPrefix(regionOrCountry, "ap-"), regionOrCountry == "JP", regionOrCountry == "SG", regionOrCountry == "KR",
		regionOrCountry == "TW", regionOrCountry == "HK", regionOrCountry == "IN":
		return "AP"
	case strings.HasPrefix(regionOrCountry, "eu-"):
		return "EU"
	}
	return ""
}

// frontDoorCost prices the service's front door per month.
func frontDoorCost(cat *model.Catalog, inf model.InferenceService, ip model.InferencePlan, notes []string) ([]model.CostLine, []string) {
	fd := cat.FrontDoor
	line := func(item string, qty float64, unit string, p model.Price, note string) model.CostLine {
		return model.CostLine{Category: "Front door", Item: item, Quantity: qty, QuantityUnit: unit, UnitPriceUSD: p.USD,
			MonthlyUSD: qty * p.USD, Source: p.URL, ReadOn: p.ReadOn, Confidence: p.Confidence, Note: note}
	}
	var out []model.CostLine
	switch inf.FrontDoor {
	case "route53":
		q := inf.RequestsPerSecond * model.SecondsPerMonth / 1e6
		if fd.Route53LatencyQueriesPerMillion.USD > 0 {
			out = append(out, line("Route 53 latency-based queries", q, "million queries", fd.Route53LatencyQueriesPerMillion,
				"one query per request: an upper bound, resolvers cache answers for the record's TTL"))
		}
		if fd.Route53HostedZoneMonth.USD > 0 {
			out = append(out, line("Route 53 hosted zone", 1, "hosted zone-months", fd.Route53HostedZoneMonth, ""))
		}
	case "global-accelerator":
		if fd.GlobalAcceleratorHour.USD > 0 {
			out = append(out, line("Global Accelerator fixed fee", model.HoursPerMonth, "accelerator-hours", fd.GlobalAcceleratorHour, ""))
		}
		for _, r := range ip.Regions {
			gbByArea := map[string]float64{}
			for _, u := range ip.Users {
				if u.Region != r.Region {
					continue
				}
				country := ""
				for _, pop := range inf.Users {
					if pop.Name == u.Name {
						country = cat.Cities[pop.City].Country
					}
				}
				regShare := 0.0
				if r.RequestsPerSecond > 0 {
					regShare = u.Share * inf.RequestsPerSecond / r.RequestsPerSecond
				}
				gbByArea[areaOf(country)] += r.EgressGB * regShare
			}
			for area, gb := range gbByArea {
				key := areaOf(r.Region) + "->" + area
				if p, ok := fd.GlobalAcceleratorDTPremium[key]; ok && area != "" {
					out = append(out, line("Global Accelerator DT-Premium "+key+" ("+r.Region+")", gb, "GB", p, "on the responses, the dominant direction"))
				} else if gb > 0 {
					notes = append(notes, fmt.Sprintf("Global Accelerator DT-Premium %s not in the catalog: %.0f GB unpriced", key, gb))
				}
			}
		}
	}
	return out, notes
}

// inferenceFindings flag fleets smaller than the load needs and services
// whose throughput is unknown.
func inferenceFindings(p model.Plan) []model.Finding {
	var out []model.Finding
	for _, ip := range p.Inference {
		if ip.TokensPerSPerInstance <= 0 {
			out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "inference.no-throughput",
				Title:  "Inference service " + ip.Service + " is not sized: no tokens/s per instance for its instance type and model",
				Remedy: "give tokens_per_s_per_instance (and ttft_ms, itl_ms) from a benchmark of your model on that instance type"})
			continue
		}
		for _, r := range ip.Regions {
			if r.InstancesProvisioned > 0 && r.InstancesNeeded > r.InstancesProvisioned {
				out = append(out, model.Finding{Severity: model.SeverityWarning, Code: "inference.fleet-short",
					Title: fmt.Sprintf("%s in %s needs %d instances, the cluster has %d", ip.Service, r.Region, r.InstancesNeeded, r.InstancesProvisioned),
					Detail: fmt.Sprintf("%.0f requests/s × %.0f output tokens = %.0f tokens/s ÷ (%.0f tokens/s per instance × %.0f%% target utilisation).",
						r.RequestsPerSecond, ip.TokensOut, r.OutputTokensPerS, ip.TokensPerSPerInstance, ip.TargetUtilisation*100),
					Remedy: fmt.Sprintf("raise %s to %d nodes", r.Cluster, r.InstancesNeeded)})
			}
		}
	}
	return out
}
