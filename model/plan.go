package model

// PlanSchema is the version of the plan's JSON form; docs/plan-json.md
// documents it. Keys are stable within a major version.
const PlanSchema = "topoplan.plan/v1"

// Plan is a scenario evaluated against a catalog: every figure the tool
// reports, with the findings drawn from them.
type Plan struct {
	// Schema is PlanSchema.
	Schema string `json:"schema"`
	// Scenario summarises the evaluated scenario.
	Scenario ScenarioSummary `json:"scenario"`
	// Catalog says which catalog snapshot priced the plan.
	Catalog CatalogInfo `json:"catalog"`
	// MonthlyCost is the monthly run-rate of what the scenario provisions and moves.
	MonthlyCost CostBreakdown `json:"monthly_cost"`
	// Training is the performance of each training job (compute, allreduce,
	// I/O, checkpoints, time to train); see perf_types.go.
	Training []TrainingPlan `json:"training"`
	// Links is the capacity of each site-to-AWS link and the data-set transfer times.
	Links []LinkPlan `json:"links"`
	// DataPaths is each data set's route from its site into S3 and FSx,
	// with every hop's capacity and cost and the TCP streams it needs.
	DataPaths []DataPathPlan `json:"data_paths"`
	// Inference is each inference service's fleet, cost and user latency.
	Inference []InferencePlan `json:"inference"`
	// Storage is FSx for Lustre throughput against what the GPUs ingest.
	Storage *StoragePlan `json:"storage,omitempty"`
	// Addressing is the subnet and IP address plan; see address_types.go.
	Addressing *AddressPlan `json:"addressing,omitempty"`
	// OnPrem is each on-prem cluster with its fabric and cost per
	// accelerator-hour (not part of MonthlyCost, the AWS run-rate).
	OnPrem []OnPremPlan `json:"onprem_clusters,omitempty"`
	// Placements compares AWS, on-prem and split placements of the training
	// jobs that name an on-prem cluster.
	Placements []PlacementPlan `json:"placements,omitempty"`
	// Findings are bottlenecks and risks, most severe first.
	Findings []Finding `json:"findings"`
}

// ScenarioSummary identifies the scenario a plan was made from.
type ScenarioSummary struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Region      string `json:"region"`
	Clusters    int    `json:"clusters"`
	Nodes       int    `json:"nodes"`
	// Accelerators is the total GPU/Trainium count over all clusters.
	Accelerators int `json:"accelerators"`
}

// CatalogInfo identifies the catalog used.
type CatalogInfo struct {
	Version string `json:"version"`
	ReadOn  string `json:"read_on"`
	// AgeDays is the snapshot's age in days when the plan was made (0 when the
	// plan is made for a golden test with a fixed clock).
	AgeDays  int      `json:"age_days"`
	Overlays []string `json:"overlays,omitempty"`
	// OldestFigure names the cost line priced with the oldest figure, and
	// OldestReadOn its date (YYYY-MM-DD): staleness is judged on it, not on
	// the snapshot's date.
	OldestFigure string `json:"oldest_figure,omitempty"`
	OldestReadOn string `json:"oldest_read_on,omitempty"`
}

// Cost categories.
const (
	CostEC2          = "EC2"
	CostStorage      = "Storage"
	CostDirect       = "Direct Connect"
	CostVPN          = "VPN"
	CostTransfer     = "Data transfer"
	CostNAT          = "NAT gateway"
	CostEndpoints    = "VPC endpoints"
	CostTransitGW    = "Transit Gateway"
	CostCategoryNone = ""
)

// CostLine is one priced item: quantity × unit price = monthly subtotal.
type CostLine struct {
	// Category groups lines (EC2, Storage, Direct Connect, ...).
	Category string `json:"category"`
	// Item names what is priced.
	Item string `json:"item"`
	// Quantity is how many units are bought per month.
	Quantity float64 `json:"quantity"`
	// QuantityUnit names the unit of Quantity ("instance-hours", "GB", "GB-month").
	QuantityUnit string `json:"quantity_unit"`
	// UnitPriceUSD is the price in USD per unit (after discounts).
	UnitPriceUSD float64 `json:"unit_price_usd"`
	// MonthlyUSD is Quantity × UnitPriceUSD.
	MonthlyUSD float64 `json:"monthly_usd"`
	// Source, ReadOn and Confidence describe where the unit price comes from.
	Source     string `json:"source"`
	ReadOn     string `json:"read_on"`
	Confidence string `json:"confidence"`
	// Note explains the arithmetic or a caveat.
	Note string `json:"note,omitempty"`
}

// CategoryTotal is the monthly total of one cost category.
type CategoryTotal struct {
	Category   string  `json:"category"`
	MonthlyUSD float64 `json:"monthly_usd"`
}

// CostBreakdown is a set of cost lines and their totals.
type CostBreakdown struct {
	Lines      []CostLine      `json:"lines"`
	ByCategory []CategoryTotal `json:"by_category"`
	// TotalUSD is the sum of every line's MonthlyUSD.
	TotalUSD float64 `json:"total_usd"`
	// UnconfirmedUSD is the part of TotalUSD priced from figures not confirmed
	// against a primary source (third-party, estimate).
	UnconfirmedUSD float64 `json:"unconfirmed_usd"`
}

// Finding severities, least to most severe.
const (
	SeverityInfo     = "info"
	SeverityWarning  = "warning"
	SeverityCritical = "critical"
)

// SeverityRank orders severities: info 0, warning 1, critical 2 (-1 unknown).
func SeverityRank(s string) int {
	switch s {
	case SeverityInfo:
		return 0
	case SeverityWarning:
		return 1
	case SeverityCritical:
		return 2
	}
	return -1
}

// Finding is a bottleneck or risk with the numbers behind it and a remedy.
type Finding struct {
	// Severity is info, warning or critical.
	Severity string `json:"severity"`
	// Code is a stable identifier, e.g. "cost.unconfirmed-price".
	Code string `json:"code"`
	// Title is one line with the numbers.
	Title string `json:"title"`
	// Detail explains the figures behind the title.
	Detail string `json:"detail,omitempty"`
	// Remedy is a concrete change that removes the problem.
	Remedy string `json:"remedy,omitempty"`
}
