package model

import "fmt"

// RTT sources: how a round-trip time was obtained.
const (
	RTTMeasured = "measured"
	RTTDerived  = "derived"
)

// Virtual interface types of a Direct Connect link.
const (
	VIFPrivate = "private"
	VIFTransit = "transit"
	VIFPublic  = "public"
)

// RouteHop is one hop of a data path from an on-prem site into AWS.
type RouteHop struct {
	// Name says what the hop is ("private VIF to virtual private gateway").
	Name string `json:"name"`
	// Kind is a stable tag: source, tcp, link, dx-gateway, vgw, tgw,
	// s3-interface-endpoint, s3-public-endpoint, s3, fsx.
	Kind string `json:"kind"`
	// CapacityGbps is the hop's usable capacity (0 = AWS publishes no limit
	// or the hop does not limit).
	CapacityGbps float64 `json:"capacity_gbps"`
	// USDPerGB is the hop's data-processing price (0 with Priced false = unpriced).
	USDPerGB float64 `json:"usd_per_gb"`
	// CostUSD is the price of moving the data set through the hop once.
	CostUSD float64 `json:"cost_usd"`
	// Priced says whether the hop's price is known (free hops are priced at 0).
	Priced bool `json:"priced"`
	// Source is where the capacity or price comes from.
	Source string `json:"source,omitempty"`
	// Note explains the hop.
	Note string `json:"note,omitempty"`
}

// DataPathPlan is one data set's copy from its site into AWS, end to end,
// over all of the site's links at once.
type DataPathPlan struct {
	// Dataset and Site name the copy; SizeTB is its size (1e12 bytes).
	Dataset string  `json:"dataset"`
	Site    string  `json:"site"`
	SizeTB  float64 `json:"size_tb"`
	// Links are the site's links that reach S3.
	Links []string `json:"links"`
	// Route is the hops in order from the site's storage to FSx.
	Route []RouteHop `json:"route"`
	// ReachesS3 says whether any link has a way into S3.
	ReachesS3 bool `json:"reaches_s3"`
	// S3EndpointImplied says the route uses an S3 interface endpoint the
	// scenario does not list in aws.interface_endpoints, which the
	// CloudFormation export adds for on-prem data landing in S3.
	S3EndpointImplied bool `json:"s3_endpoint_implied"`
	// Bottleneck names the hop that sets the rate.
	Bottleneck string `json:"bottleneck"`
	// RateGbps is the end-to-end copy rate (the smallest hop capacity).
	RateGbps float64 `json:"rate_gbps"`
	// Hours is the copy time at RateGbps (0 when it cannot reach S3), and
	// WindowHours the data set's deadline (0 = none).
	Hours       float64 `json:"hours"`
	WindowHours float64 `json:"window_hours"`
	// RTTMs is the round-trip time of the slowest link used, and RTTSource
	// says whether it was measured or derived.
	RTTMs     float64 `json:"rtt_ms"`
	RTTSource string  `json:"rtt_source,omitempty"`
	// WindowMiB is the TCP window of the site's hosts.
	WindowMiB float64 `json:"window_mib"`
	// InFlightBytes is the bandwidth-delay product at RateGbps: the data
	// the path holds in flight.
	InFlightBytes float64 `json:"in_flight_bytes"`
	// StreamGbps is what one stream carries at RTTMs: the smaller of
	// window / RTT and StreamCapGbps.
	StreamGbps float64 `json:"stream_gbps"`
	// StreamCapGbps is the most one stream (one flow) carries whatever its
	// window: the site's stream_gbps_max or the catalog's single_flow_gbps_max.
	StreamCapGbps float64 `json:"stream_cap_gbps"`
	// StreamsNeeded is how many parallel streams reach RateGbps; Streams is
	// what the scenario runs (0 = as many as needed).
	StreamsNeeded int `json:"streams_needed"`
	Streams       int `json:"streams"`
	// Method is the copy method (tcp-streams or datasync). With datasync,
	// Agents is the agents (one task each) the copy runs, TaskGbps the
	// measured rate of one task (0 = unknown) and TasksNeeded the tasks that
	// reach the rate of the other hops (0 when TaskGbps is unknown).
	Method      string  `json:"method"`
	Agents      int     `json:"agents,omitempty"`
	TaskGbps    float64 `json:"task_gbps,omitempty"`
	TasksNeeded int     `json:"tasks_needed,omitempty"`
	// CostUSD is the one-time per-GB charge of the copy over the priced
	// hops; Unpriced lists hops whose price the catalog lacks.
	CostUSD  float64  `json:"cost_usd"`
	Unpriced []string `json:"unpriced,omitempty"`
	// Note explains the route.
	Note string `json:"note,omitempty"`
}

// StreamCapped says whether the per-flow cap, not the window, sets what one
// stream carries (StreamGbps equals StreamCapGbps).
func (dp DataPathPlan) StreamCapped() bool {
	return dp.StreamCapGbps > 0 && dp.StreamGbps >= dp.StreamCapGbps
}

// DataSyncSummary says how a DataSync copy runs ("" for a TCP-streams copy):
// its agents, the per-task rate and the tasks that reach the rate.
func (dp DataPathPlan) DataSyncSummary() string {
	if dp.Method != MethodDataSync {
		return ""
	}
	if dp.TaskGbps <= 0 {
		return fmt.Sprintf("DataSync, %d agent(s) with one task each; per-task rate not given (datasync_task_gbps): tasks not counted", dp.Agents)
	}
	return fmt.Sprintf("DataSync, %d agent(s) × %g Gbps per task; %d task(s) reach what the other hops allow", dp.Agents, dp.TaskGbps, dp.TasksNeeded)
}
