package model

import "math"

// OnPremCluster is a GPU cluster the architect owns, in one of the sites:
// a node type (a catalog "onprem_nodes" entry such as dgx-h100, or the
// accelerator fields below), a node count, the inter-node fabric (a catalog
// "onprem_fabrics" entry such as infiniband-ndr, or its figures), the
// storage it reads from, and the owner's cost basis.
type OnPremCluster struct {
	// Name identifies the cluster; training jobs refer to it (names are
	// unique across AWS clusters and on-prem clusters).
	Name string `yaml:"name" json:"name" jsonschema:"description=Cluster name; training jobs refer to it (unique across AWS and on-prem clusters)"`
	// Node names a catalog on-prem node type (dgx-a100-320gb, dgx-a100-640gb,
	// dgx-h100, dgx-h200, dgx-b200, hgx-a100-80gb, hgx-h100).
	Node string `yaml:"node" json:"node" jsonschema:"description=On-prem node type from the catalog (dgx-a100-320gb dgx-a100-640gb dgx-h100 dgx-h200 dgx-b200 hgx-a100-80gb hgx-h100)"`
	// Nodes is the node count.
	Nodes int `yaml:"nodes" json:"nodes" jsonschema:"description=Number of nodes,minimum=1"`
	// AcceleratorsPerNode overrides the node type's accelerator count.
	AcceleratorsPerNode int `yaml:"accelerators_per_node,omitempty" json:"accelerators_per_node,omitempty" jsonschema:"description=Accelerators per node (default: the node type's),minimum=0"`
	// NVLinkGBpsPerAccel overrides the intra-node (NVLink) bandwidth of one
	// accelerator, one direction, GB/s.
	NVLinkGBpsPerAccel float64 `yaml:"nvlink_gbytes_per_s_per_accel,omitempty" json:"nvlink_gbytes_per_s_per_accel,omitempty" jsonschema:"description=Intra-node NVLink bandwidth per accelerator one direction in GB/s (default: the node type's),minimum=0"`
	// Fabric names the inter-node fabric (infiniband-hdr, infiniband-ndr,
	// infiniband-xdr, roce-200, roce-400); default: the node type's.
	Fabric string `yaml:"fabric,omitempty" json:"fabric,omitempty" jsonschema:"enum=infiniband-hdr,enum=infiniband-ndr,enum=infiniband-xdr,enum=roce-200,enum=roce-400,description=Inter-node fabric (default: the node type's compute fabric)"`
	// FabricGbpsPerNode overrides the inter-node bandwidth of one node, Gbps
	// (ports × port speed).
	FabricGbpsPerNode float64 `yaml:"fabric_gbps_per_node,omitempty" json:"fabric_gbps_per_node,omitempty" jsonschema:"description=Inter-node bandwidth per node in Gbps (default: the node type's compute ports),minimum=0"`
	// FabricEfficiency overrides the fabric's achievable fraction of line
	// rate in an all-reduce (nccl-tests bus bandwidth / line rate).
	FabricEfficiency float64 `yaml:"fabric_efficiency,omitempty" json:"fabric_efficiency,omitempty" jsonschema:"description=Achievable fraction of the fabric line rate in an all-reduce, 0-1 (default: the fabric's),minimum=0,maximum=1"`
	// StorageGBytesPerS is the shared storage's read throughput, GB/s (0 = not limiting).
	StorageGBytesPerS float64 `yaml:"storage_gbytes_per_s,omitempty" json:"storage_gbytes_per_s,omitempty" jsonschema:"description=Shared storage read/write throughput in GB/s (0 = not modelled),minimum=0"`
	// Cost is the owner's cost basis.
	Cost OnPremCost `yaml:"cost,omitempty" json:"cost,omitempty" jsonschema:"description=Owner's cost basis"`
}

// OnPremCost is the owner's cost basis of an on-prem cluster: every figure
// is the owner's own (confidence "user"); topoplan supplies none.
type OnPremCost struct {
	// PurchaseUSDPerNode is the purchase price of one node, USD.
	PurchaseUSDPerNode float64 `yaml:"purchase_usd_per_node,omitempty" json:"purchase_usd_per_node,omitempty" jsonschema:"description=Purchase price of one node in USD,minimum=0"`
	// AmortisationMonths is the straight-line depreciation period, months.
	AmortisationMonths float64 `yaml:"amortisation_months,omitempty" json:"amortisation_months,omitempty" jsonschema:"description=Months over which the purchase is amortised (straight line),minimum=0"`
	// PowerKWPerNode overrides the node type's maximum power draw, kW.
	PowerKWPerNode float64 `yaml:"power_kw_per_node,omitempty" json:"power_kw_per_node,omitempty" jsonschema:"description=Power per node in kW (default: the node type's maximum),minimum=0"`
	// USDPerKWh is the electricity price, USD per kWh.
	USDPerKWh float64 `yaml:"usd_per_kwh,omitempty" json:"usd_per_kwh,omitempty" jsonschema:"description=Electricity price in USD per kWh,minimum=0"`
	// PUE is the facility's power usage effectiveness (total facility power / IT power, ≥ 1).
	PUE float64 `yaml:"pue,omitempty" json:"pue,omitempty" jsonschema:"description=Power usage effectiveness of the facility (>= 1),minimum=0"`
	// SupportUSDPerNodeYear is the support contract per node per year, USD.
	SupportUSDPerNodeYear float64 `yaml:"support_usd_per_node_year,omitempty" json:"support_usd_per_node_year,omitempty" jsonschema:"description=Support per node per year in USD,minimum=0"`
	// FloorUSDPerRackMonth is floor space (colocation) per rack per month, USD.
	FloorUSDPerRackMonth float64 `yaml:"floor_usd_per_rack_month,omitempty" json:"floor_usd_per_rack_month,omitempty" jsonschema:"description=Floor space per rack per month in USD,minimum=0"`
	// NodesPerRack is how many nodes share one rack (needed with FloorUSDPerRackMonth).
	NodesPerRack int `yaml:"nodes_per_rack,omitempty" json:"nodes_per_rack,omitempty" jsonschema:"description=Nodes per rack (for floor space),minimum=0"`
}

// Priced says whether the cost basis has at least a purchase price and an
// amortisation period, the minimum for a cost per accelerator-hour.
func (c OnPremCost) Priced() bool { return c.PurchaseUSDPerNode > 0 && c.AmortisationMonths > 0 }

// OnPremCostTerms is one node's monthly cost of ownership, term by term, and
// the cost per accelerator-hour it gives. Every term is USD per node-month
// (730 h).
type OnPremCostTerms struct {
	// AmortisationUSD is purchase / months.
	AmortisationUSD float64 `json:"amortisation_usd"`
	// PowerUSD is kW × PUE × 730 h × USD/kWh.
	PowerUSD float64 `json:"power_usd"`
	// SupportUSD is support per year / 12.
	SupportUSD float64 `json:"support_usd"`
	// FloorUSD is floor space per rack-month / nodes per rack.
	FloorUSD float64 `json:"floor_usd"`
	// NodeMonthUSD is the sum.
	NodeMonthUSD float64 `json:"node_month_usd"`
	// NodeHourUSD is NodeMonthUSD / 730.
	NodeHourUSD float64 `json:"node_hour_usd"`
	// AcceleratorHourUSD is NodeHourUSD / accelerators per node.
	AcceleratorHourUSD float64 `json:"accelerator_hour_usd"`
	// PowerKW and PUE are the figures the power term used.
	PowerKW float64 `json:"power_kw"`
	PUE     float64 `json:"pue"`
}

// OnPremCostPerAcceleratorHour is the owner's cost of one accelerator-hour:
//
//	node-month = P/M + kW × PUE × 730 × e + S/12 + F/r
//	accel-hour = node-month / (730 × a)
//
// P purchase USD per node, M amortisation months (straight line, no residual
// value, no cost of capital), kW the node's power, PUE the facility's power
// usage effectiveness (a PUE below 1 is taken as 1), e USD per kWh, S support
// USD per node-year, F floor USD per rack-month, r nodes per rack, a
// accelerators per node, 730 hours per month. The node is paid for every
// hour, used or not: divide by the expected utilisation for a cost per used
// hour.
func OnPremCostPerAcceleratorHour(c OnPremCost, powerKW float64, acceleratorsPerNode int) OnPremCostTerms {
	t := OnPremCostTerms{PowerKW: powerKW, PUE: math.Max(1, c.PUE)}
	if c.AmortisationMonths > 0 {
		t.AmortisationUSD = c.PurchaseUSDPerNode / c.AmortisationMonths
	}
	if c.USDPerKWh > 0 {
		t.PowerUSD = powerKW * t.PUE * HoursPerMonth * c.USDPerKWh
	}
	t.SupportUSD = c.SupportUSDPerNodeYear / 12
	if c.NodesPerRack > 0 {
		t.FloorUSD = c.FloorUSDPerRackMonth / float64(c.NodesPerRack)
	}
	t.NodeMonthUSD = t.AmortisationUSD + t.PowerUSD + t.SupportUSD + t.FloorUSD
	t.NodeHourUSD = t.NodeMonthUSD / HoursPerMonth
	t.AcceleratorHourUSD = t.NodeHourUSD / float64(max(1, acceleratorsPerNode))
	return t
}

// WANExchangeSeconds is the time to exchange bytes between two sites over a
// WAN of usableGbps (payload Gbps, every connection up) with round-trip
// time rttMs, when each site sends bytes to the other at once (full duplex):
//
//	t = RTT + 8·S / B
//
// The RTT is paid once per exchange: the two-rank ring all-reduce NCCL runs
// between the sites is a reduce-scatter and an all-gather step, each a
// one-way trip (RTT/2). The bandwidth term assumes enough parallel streams to
// fill the path (NCCL opens several per channel; a single TCP stream is
// window-bound, see the data-path model). It returns +Inf with no capacity.
func WANExchangeSeconds(bytes, usableGbps, rttMs float64) float64 {
	if bytes <= 0 {
		return 0
	}
	if usableGbps <= 0 {
		return math.Inf(1)
	}
	return rttMs/1000 + 8*bytes/(usableGbps*1e9)
}

// WANGradientBytes is what each site sends the other per step when the
// data-parallel replicas are split over two sites and reduced
// hierarchically (each site reduces its replicas locally, then the two sites
// run a two-rank all-reduce of the whole gradient, then each site
// broadcasts): a two-rank ring all-reduce moves 2(n−1)/n × S = S each way,
//
//	S = N × w
//
// N parameters, w bytes per gradient element (2 in bf16/fp16/fp8, 4 in fp32).
func WANGradientBytes(parameters float64, precision string) float64 {
	return parameters * BytesPerWeight(precision)
}

// PipelineBoundaryBytes is what crosses a pipeline-stage boundary per
// microbatch in one direction, over all data-parallel replicas: the
// activations forward (and, the other way, their gradients backward),
//
//	B = DP × b × s × h × w
//
// DP replicas, b sequences per microbatch, s tokens per sequence, h hidden
// size, w bytes per activation element (Narayanan et al. 2021, section 3.2:
// b·s·h per point-to-point send).
func PipelineBoundaryBytes(a Architecture, l Layout, precision string) float64 {
	return float64(max(1, l.DP)) * float64(max(1, l.Microbatch)) * float64(a.SeqLen) * float64(a.Hidden) * BytesPerWeight(precision)
}

// PipelineWANSeconds is the time a pipeline whose stages straddle two sites
// adds per step: the link is one more stage in the pipeline (forward
// activations one way, backward gradients the other, full duplex). It adds
// its fill and drain (one crossing each way: RTT, plus one transfer each
// way), and when a microbatch's transfer t_w takes longer than a stage's
// per-microbatch work t_slot, the link paces every microbatch:
//
//	added = RTT + 2·t_w + m · max(0, t_w − t_slot),  t_w = 8·B / bps
//
// B = PipelineBoundaryBytes, m microbatches per step. It returns +Inf with no
// capacity.
func PipelineWANSeconds(boundaryBytes float64, microbatches int, slotS, usableGbps, rttMs float64) float64 {
	if usableGbps <= 0 {
		return math.Inf(1)
	}
	tw := 8 * boundaryBytes / (usableGbps * 1e9)
	return rttMs/1000 + 2*tw + float64(max(1, microbatches))*math.Max(0, tw-slotS)
}

// Placements of a training job.
const (
	PlacementAWS    = "aws"
	PlacementOnPrem = "onprem"
	PlacementSplit  = "split"
	// SplitData puts data-parallel replicas on each side; SplitPipeline
	// puts pipeline stages on each side.
	SplitData     = "data"
	SplitPipeline = "pipeline"
)

// OnPremPlan is an evaluated on-prem cluster: what it is, the fabric the
// training model uses for it, and its owner's cost per accelerator-hour.
type OnPremPlan struct {
	// Cluster and Site name it; Node is the catalog node type.
	Cluster string `json:"cluster"`
	Site    string `json:"site"`
	Node    string `json:"node"`
	// Description names the product.
	Description string `json:"description,omitempty"`
	// Nodes, AcceleratorsPerNode and Accelerators count it.
	Nodes               int `json:"nodes"`
	AcceleratorsPerNode int `json:"accelerators_per_node"`
	Accelerators        int `json:"accelerators"`
	// AcceleratorModel names the accelerator (from LikeInstance).
	AcceleratorModel string `json:"accelerator_model"`
	// LikeInstance is the EC2 type whose accelerator figures are used.
	LikeInstance string `json:"like_instance"`
	// PeakDenseBF16TFLOPS and AcceleratorMemoryGiB are one accelerator's.
	PeakDenseBF16TFLOPS  float64 `json:"peak_dense_bf16_tflops"`
	AcceleratorMemoryGiB float64 `json:"accelerator_memory_gib"`
	// NVLinkGeneration and NVLinkGBpsPerAccel (one direction) are the intra-node fabric.
	NVLinkGeneration   string  `json:"nvlink_generation"`
	NVLinkGBpsPerAccel float64 `json:"nvlink_gbytes_per_s_per_accel"`
	// Fabric names the inter-node fabric; FabricGbpsPerNode its line rate per
	// node; FabricEfficiency the achievable fraction; Fabric figures feed the
	// same collective model as EFA.
	Fabric            string  `json:"fabric"`
	FabricGbpsPerNode float64 `json:"fabric_gbps_per_node"`
	FabricEfficiency  float64 `json:"fabric_efficiency"`
	// FabricModel is the alpha-beta fabric the training model uses.
	FabricModel Fabric `json:"fabric_model"`
	// StorageGBytesPerS is the shared storage throughput (0 = not modelled).
	StorageGBytesPerS float64 `json:"storage_gbytes_per_s"`
	// Priced says whether the cost basis gives a cost per accelerator-hour.
	Priced bool `json:"priced"`
	// Cost is one node's monthly cost, term by term, and the hourly rates.
	Cost OnPremCostTerms `json:"cost"`
	// Basis is the owner's cost basis the terms come from.
	Basis OnPremCost `json:"cost_basis"`
	// MonthlyUSD is the whole cluster's cost of ownership per month (not
	// part of the AWS monthly run-rate).
	MonthlyUSD float64 `json:"monthly_usd"`
	// Assumptions are the figures behind it, with sources.
	Assumptions []Assumption `json:"assumptions"`
	// Note explains gaps (e.g. no purchase price given).
	Note string `json:"note,omitempty"`
}

// PlacementPlan compares where a training job runs: AWS only, on-prem only,
// or split over both sites, side by side.
type PlacementPlan struct {
	// Job names the job; Chosen is the scenario's placement.
	Job    string `json:"job"`
	Chosen string `json:"chosen"`
	// AWSCluster and OnPremCluster are the two candidate clusters; Site is
	// the on-prem cluster's site.
	AWSCluster    string `json:"aws_cluster"`
	OnPremCluster string `json:"onprem_cluster"`
	Site          string `json:"site"`
	// SplitBy is data or pipeline; SplitOnPrem the replicas or stages on-prem
	// and SplitTotal the job's total replicas or stages.
	SplitBy     string `json:"split_by"`
	SplitOnPrem int    `json:"split_onprem"`
	SplitTotal  int    `json:"split_total"`
	// LinkUsableGbps is the usable site ↔ AWS capacity (every connection
	// up) over the site's links; RTTMs their round-trip time and RTTSource
	// where it comes from.
	LinkUsableGbps float64 `json:"link_usable_gbps"`
	RTTMs          float64 `json:"rtt_ms"`
	RTTSource      string  `json:"rtt_source"`
	// Dataset is the job's data set, DatasetTB its size and DatasetAt where
	// it lives (a site name, or "aws" for S3).
	Dataset   string  `json:"dataset,omitempty"`
	DatasetTB float64 `json:"dataset_tb,omitempty"`
	DatasetAt string  `json:"dataset_at,omitempty"`
	// AWSAcceleratorHourUSD is the AWS cluster's hourly rate per
	// accelerator (its purchase option); OnPremAcceleratorHourUSD the
	// owner's (0 = unpriced).
	AWSAcceleratorHourUSD    float64 `json:"aws_accelerator_hour_usd"`
	OnPremAcceleratorHourUSD float64 `json:"onprem_accelerator_hour_usd"`
	// Options are aws, onprem and split, in that order.
	Options []PlacementOption `json:"options"`
	// Note explains the modelling choices.
	Note string `json:"note,omitempty"`
}

// PlacementOption is one placement's step time, time to train and cost.
type PlacementOption struct {
	// Placement is aws, onprem or split.
	Placement string `json:"placement"`
	// Layout describes the layout on each side.
	Layout string `json:"layout"`
	// AWSNodes and OnPremNodes are the nodes used on each side.
	AWSNodes    int `json:"aws_nodes"`
	OnPremNodes int `json:"onprem_nodes"`
	// Feasible is false when the placement cannot run (no link, too few
	// accelerators, does not fit in HBM); Note says why.
	Feasible bool `json:"feasible"`
	// StepTimeS is one optimiser step, seconds; TimeToTrainDays the run.
	StepTimeS       float64 `json:"step_time_s"`
	TimeToTrainDays float64 `json:"time_to_train_days"`
	// WANBytesPerStep is what crosses the WAN per step, each direction;
	// WANSecondsPerStep what the WAN adds to a step (exposed).
	WANBytesPerStep   float64 `json:"wan_bytes_per_step"`
	WANSecondsPerStep float64 `json:"wan_seconds_per_step"`
	// GradientSyncOverWAN says the gradient all-reduce crosses the WAN.
	GradientSyncOverWAN bool `json:"gradient_sync_over_wan"`
	// AWSComputeUSD is AWS nodes × hours × hourly rate; OnPremUSD on-prem
	// nodes × hours × the owner's node-hour cost; WANTransferUSD the AWS →
	// on-prem bytes of the run at the Direct Connect data-transfer-out rate;
	// DataMoveUSD moving the data set to where it is read.
	AWSComputeUSD  float64 `json:"aws_compute_usd"`
	OnPremUSD      float64 `json:"onprem_usd"`
	WANTransferUSD float64 `json:"wan_transfer_usd"`
	DataMoveUSD    float64 `json:"data_move_usd"`
	// TotalUSD is the sum.
	TotalUSD float64 `json:"total_usd"`
	// DataMoveTB and DataMoveHours are the data set moved before training
	// and the time it takes over the links.
	DataMoveTB    float64 `json:"data_move_tb"`
	DataMoveHours float64 `json:"data_move_hours"`
	// Note explains the figures.
	Note string `json:"note,omitempty"`
}
