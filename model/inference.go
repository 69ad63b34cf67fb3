package model

import "math"

// InferencePlan is one inference service's fleet sizing, cost and the
// latency its users see.
type InferencePlan struct {
	// Service names the service.
	Service string `json:"service"`
	// RequestsPerSecond is the peak request rate over all regions.
	RequestsPerSecond float64 `json:"requests_per_second"`
	// TokensIn and TokensOut are per request.
	TokensIn  float64 `json:"tokens_in"`
	TokensOut float64 `json:"tokens_out"`
	// ParametersB and Precision describe the served model; WeightsGB is its size.
	ParametersB float64 `json:"parameters_b"`
	Precision   string  `json:"precision"`
	WeightsGB   float64 `json:"weights_gb"`
	// TokensPerSPerInstance, TTFTMs and ITLMs are the serving figures used,
	// and ThroughputSource where they come from ("" = none known).
	TokensPerSPerInstance float64 `json:"tokens_per_s_per_instance"`
	TTFTMs                float64 `json:"ttft_ms"`
	ITLMs                 float64 `json:"itl_ms"`
	ThroughputSource      string  `json:"throughput_source,omitempty"`
	ThroughputConfidence  string  `json:"throughput_confidence,omitempty"`
	// TargetUtilisation is the share of an instance's throughput planned for.
	TargetUtilisation float64 `json:"target_utilisation"`
	// Regions are the serving regions with their load and fleet.
	Regions []InferenceRegionPlan `json:"regions"`
	// Users are the user populations with the region serving them and the latency they see.
	Users []UserLatency `json:"users"`
	// FrontDoor is none, route53 or global-accelerator; FrontDoorCost its priced lines.
	FrontDoor     string     `json:"front_door"`
	FrontDoorCost []CostLine `json:"front_door_cost,omitempty"`
	// MonthlyUSD is the fleet (instances needed) + response egress + front door.
	MonthlyUSD float64 `json:"monthly_usd"`
	// Note explains gaps (unpriced items, missing figures).
	Note string `json:"note,omitempty"`
}

// InferenceRegionPlan is one serving region of an inference service.
type InferenceRegionPlan struct {
	Region       string `json:"region"`
	Cluster      string `json:"cluster,omitempty"`
	InstanceType string `json:"instance_type"`
	// RequestsPerSecond is the region's share of the peak (its users' shares).
	RequestsPerSecond float64 `json:"requests_per_second"`
	// OutputTokensPerS is RequestsPerSecond × output tokens per request.
	OutputTokensPerS float64 `json:"output_tokens_per_s"`
	// InstancesNeeded is ⌈output tokens/s ÷ (tokens/s per instance × target utilisation)⌉
	// (0 when the throughput is unknown); InstancesProvisioned is the cluster's node count.
	InstancesNeeded      int `json:"instances_needed"`
	InstancesProvisioned int `json:"instances_provisioned"`
	// USDPerHour is the on-demand rate in the region (0 = not sold or not in the catalog).
	USDPerHour float64 `json:"usd_per_hour"`
	// InstanceMonthlyUSD is InstancesNeeded × 730 h × USDPerHour.
	InstanceMonthlyUSD float64 `json:"instance_monthly_usd"`
	// EgressGB is the responses' internet egress per month and
	// EgressMonthlyUSD its tiered price.
	EgressGB         float64 `json:"egress_gb"`
	EgressMonthlyUSD float64 `json:"egress_monthly_usd"`
	// ModelLoadSeconds is the time a new instance takes to read the
	// weights from ModelSource (s3 or fsx) at LoadGbps: a lower bound, as
	// LoadGbps is the instance's published network bandwidth (or the file
	// system's throughput) and one client rarely fills it.
	ModelLoadSeconds float64 `json:"model_load_seconds"`
	ModelSource      string  `json:"model_source"`
	LoadGbps         float64 `json:"load_gbps"`
}

// UserLatency is one user population's latency to its serving region.
type UserLatency struct {
	Name   string  `json:"name"`
	Share  float64 `json:"share"`
	Region string  `json:"region"`
	// RTTMs is the network round trip to the region; RTTSource measured or derived.
	RTTMs      float64 `json:"rtt_ms"`
	RTTSource  string  `json:"rtt_source"`
	DistanceKm float64 `json:"distance_km,omitempty"`
	// FirstTokenMs is RTT + TTFT; CompleteMs adds output tokens × ITL.
	FirstTokenMs float64 `json:"first_token_ms"`
	CompleteMs   float64 `json:"complete_ms"`
}

// InstancesNeeded is the instance count that serves a request rate:
//
//	n = ⌈ requests/s × output tokens per request ÷ (tokens/s per instance × target utilisation) ⌉
//
// It is 0 when the throughput or the utilisation is not positive.
func InstancesNeeded(requestsPerS, tokensOut, tokensPerSPerInstance, utilisation float64) int {
	if tokensPerSPerInstance <= 0 || utilisation <= 0 || requestsPerS <= 0 || tokensOut <= 0 {
		return 0
	}
	return int(math.Ceil(requestsPerS*tokensOut/(tokensPerSPerInstance*utilisation) - 1e-9))
}

// UserLatencyMs is the time a user waits for a response of tokensOut tokens:
//
//	first token [ms] = RTT + TTFT
//	complete [ms]    = RTT + TTFT + tokensOut × ITL
//
// (the connection's own handshakes are left out).
func UserLatencyMs(rttMs, ttftMs, tokensOut, itlMs float64) (firstMs, completeMs float64) {
	firstMs = rttMs + ttftMs
	return firstMs, firstMs + tokensOut*itlMs
}

// BytesPerParam is the weight size of a serving precision in bytes per
// parameter: fp32 4, bf16/fp16 2, fp8/int8 1, int4 0.5 (default 2).
func BytesPerParam(precision string) float64 {
	switch precision {
	case "fp32":
		return 4
	case "fp8", "int8":
		return 1
	case "int4":
		return 0.5
	}
	return 2
}

// LoadSeconds is the time to read sizeGB (1e9 bytes) at gbps:
// GB × 8 / Gbps (0 without a rate).
func LoadSeconds(sizeGB, gbps float64) float64 {
	if gbps <= 0 {
		return 0
	}
	return sizeGB * 8 / gbps
}
