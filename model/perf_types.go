package model

// This file holds the performance part of a Plan: training steps, gradient
// all-reduce, links, storage and checkpoints. JSON keys are snake_case with
// the unit in the name (docs/plan-json-performance.md); they are a stable
// interface within PlanSchema's major version.

// Allreduce algorithms a training job can name.
const (
	AlgorithmRing         = "ring"
	AlgorithmTree         = "tree"
	AlgorithmHierarchical = "hierarchical"
)

// Precisions a training job can name.
const (
	PrecisionBF16 = "bf16"
	PrecisionFP16 = "fp16"
	PrecisionFP8  = "fp8"
	PrecisionFP32 = "fp32"
)

// Assumption is a model constant a plan figure rests on, with its source, so
// a reader can check or override it.
type Assumption struct {
	// Name is the catalog constant's name (or the scenario field that overrode it).
	Name string `json:"name"`
	// Value is the value used.
	Value float64 `json:"value"`
	// Unit names the value's unit.
	Unit string `json:"unit"`
	// Source, ReadOn and Confidence say where the value comes from.
	Source     string `json:"source"`
	ReadOn     string `json:"read_on,omitempty"`
	Confidence string `json:"confidence"`
	// Note explains the value or says which fallback was used.
	Note string `json:"note,omitempty"`
}

// TrainingPlan is the evaluated performance of one training job.
type TrainingPlan struct {
	// Job names the training job.
	Job string `json:"job"`
	// Cluster names the cluster it runs on.
	Cluster string `json:"cluster"`
	// InstanceType is the cluster's instance type.
	InstanceType string `json:"instance_type"`
	// Nodes and Accelerators size the cluster.
	Nodes        int `json:"nodes"`
	Accelerators int `json:"accelerators"`
	// Precision is the training precision.
	Precision string `json:"precision"`

	// Architecture is the model shape the figures rest on.
	Architecture Architecture `json:"architecture"`
	// Layout is the parallel layout evaluated: the scenario's choices, with
	// what it leaves unset filled by the layout search.
	Layout Layout `json:"layout"`
	// Step is one optimiser step, term by term (compute, recompute, TP,
	// pipeline bubble and sends, EP, exposed DP).
	Step Step `json:"step"`
	// Memory is one accelerator's HBM demand against its capacity.
	Memory Memory `json:"memory"`
	// Search is the layout search: how many layouts, the fastest that fits.
	Search LayoutSearch `json:"layout_search"`

	// Compute is the FLOPs side of a step.
	Compute ComputePlan `json:"compute"`
	// Allreduce is the gradient synchronisation of a step.
	Allreduce AllreducePlan `json:"allreduce"`

	// GlobalBatchTokens is the tokens per optimiser step.
	GlobalBatchTokens float64 `json:"global_batch_tokens"`
	// Steps is the number of optimiser steps: ceil(tokens / global batch).
	Steps float64 `json:"steps"`
	// StepTimeS is Step.TotalS + I/O stall, in seconds.
	StepTimeS float64 `json:"step_time_s"`
	// StepComputeS is the model FLOPs' compute time (Step.ComputeS);
	// ExposedCommS the exposed TP + pipeline sends + EP + DP communication;
	// OverheadS the pipeline bubble and recomputation; IOStallS the wait
	// for storage. Compute + comm + overhead + I/O = step time.
	StepComputeS float64 `json:"step_compute_s"`
	ExposedCommS float64 `json:"exposed_comm_s"`
	OverheadS    float64 `json:"overhead_s"`
	IOStallS     float64 `json:"io_stall_s"`
	// ExposedCommFraction and IOStallFraction are shares of the step time.
	ExposedCommFraction float64 `json:"exposed_comm_fraction"`
	IOStallFraction     float64 `json:"io_stall_fraction"`
	// ScalingEfficiency is step_compute_s / step_time_s: throughput relative
	// to the same accelerators with free communication, no pipeline bubble,
	// no recomputation and no storage stall.
	ScalingEfficiency float64 `json:"scaling_efficiency"`
	// TokensPerS is the training throughput in tokens per second.
	TokensPerS float64 `json:"tokens_per_s"`
	// IngestGBytesPerS is what the job reads from storage, GB/s (1e9 bytes).
	IngestGBytesPerS float64 `json:"ingest_gbytes_per_s"`
	// BytesPerToken is the data read per token.
	BytesPerToken float64 `json:"bytes_per_token"`

	// Checkpoint is the checkpoint size, write time and overhead.
	Checkpoint CheckpointPlan `json:"checkpoint"`

	// TrainHours is steps × step time, without checkpoints.
	TrainHours float64 `json:"train_hours"`
	// TimeToTrainHours adds the checkpoint writes to TrainHours.
	TimeToTrainHours float64 `json:"time_to_train_hours"`
	// TimeToTrainDays is TimeToTrainHours / 24.
	TimeToTrainDays float64 `json:"time_to_train_days"`
	// AcceleratorHours is accelerators × time to train (GPU-hours).
	AcceleratorHours float64 `json:"accelerator_hours"`

	// RunCost is the cost of one training run.
	RunCost RunCost `json:"run_cost"`

	// Scaling is step time and efficiency against node count.
	Scaling []ScalingPoint `json:"scaling"`
	// BusBandwidth is the nccl-tests-style all_reduce curve of the whole cluster.
	BusBandwidth []BusBWPoint `json:"busbw_curve"`

	// Assumptions are the constants the figures rest on.
	Assumptions []Assumption `json:"assumptions"`
}

// ComputePlan is the compute side of a training job.
type ComputePlan struct {
	// Parameters and Tokens are the model size and training tokens (counts).
	Parameters float64 `json:"parameters"`
	Tokens     float64 `json:"tokens"`
	// FLOPsPerTokenPerParam is the training FLOPs rule (6 for a dense transformer).
	FLOPsPerTokenPerParam float64 `json:"flops_per_token_per_param"`
	// TotalFLOPs is FLOPsPerTokenPerParam × parameters × tokens.
	TotalFLOPs float64 `json:"total_flops"`
	// PeakTFLOPSPerAccel is one accelerator's dense peak at the job's precision.
	PeakTFLOPSPerAccel float64 `json:"peak_tflops_per_accel"`
	// MFU is the model FLOPs utilisation: derived from the step model, or
	// the scenario's pinned value (MFUPinned).
	MFU       float64 `json:"mfu"`
	MFUPinned bool    `json:"mfu_pinned"`
	// MatmulEfficiency is the accelerator's achievable fraction of peak in
	// a block's kernels (catalog, per generation and precision).
	MatmulEfficiency float64 `json:"matmul_efficiency"`
	// ModelFLOPsPerToken is 6·N_active + 12·L·h·s (or the job's k·N).
	ModelFLOPsPerToken float64 `json:"model_flops_per_token"`
	// ActiveParameters is the parameters each token uses (MoE: < Parameters).
	ActiveParameters float64 `json:"active_parameters"`
	// AchievedTFLOPSPerAccel is peak × MFU.
	AchievedTFLOPSPerAccel float64 `json:"achieved_tflops_per_accel"`
	// TensorParallel, PipelineParallel and DataParallel are the parallel degrees.
	TensorParallel   int `json:"tensor_parallel"`
	PipelineParallel int `json:"pipeline_parallel"`
	DataParallel     int `json:"data_parallel"`
	// Note explains a fallback (e.g. no FP8 peak in the catalog).
	Note string `json:"note,omitempty"`
}

// LayoutSearch is the exhaustive search over legal layouts for one job.
type LayoutSearch struct {
	// Searched is the number of legal layouts evaluated; Fitting how many fit in HBM.
	Searched int `json:"searched"`
	Fitting  int `json:"fitting"`
	// Best is the fastest layout that fits (nil when none does).
	Best *LayoutOption `json:"best,omitempty"`
	// FitChanges are the smallest changes that make a layout that does not
	// fit fit (empty when it fits), fastest first.
	FitChanges []LayoutOption `json:"fit_changes,omitempty"`
	// Note says what the search held fixed.
	Note string `json:"note,omitempty"`
}

// LayoutOption is one layout with its step time and memory.
type LayoutOption struct {
	Layout Layout `json:"layout"`
	// StepTimeS is the step time (without I/O stall), seconds.
	StepTimeS float64 `json:"step_time_s"`
	// MemoryGiB is one accelerator's HBM demand.
	MemoryGiB float64 `json:"memory_gib"`
	// SpeedupFraction is how much faster than the layout used (0.14 = 14%).
	SpeedupFraction float64 `json:"speedup_fraction"`
	// Change describes the option relative to the layout used.
	Change string `json:"change"`
}

// AllreducePlan is the data-parallel gradient all-reduce of one step.
type AllreducePlan struct {
	// Algorithm is auto (NCCL's choice), ring, tree, nvls, nvls_tree or hierarchical.
	Algorithm string `json:"algorithm"`
	// Picked is what NCCL's tuner would run for this all-reduce with
	// algorithm auto, as "algorithm/protocol" (e.g. "tree/simple").
	Picked string `json:"picked,omitempty"`
	// MessageBytes is the gradient bytes each data-parallel rank reduces per step:
	// parameters / (tensor × pipeline) × bytes per gradient element.
	MessageBytes float64 `json:"message_bytes"`
	// BytesPerGradElement is 2 for bf16/fp16/fp8 (gradients reduced in 16 bits), 4 for fp32.
	BytesPerGradElement float64 `json:"bytes_per_grad_element"`
	// Ranks is the data-parallel group size.
	Ranks int `json:"ranks"`
	// RanksPerNode is how many ranks of one group share a node.
	RanksPerNode int `json:"ranks_per_node"`
	// NodesSpanned is the number of nodes one group spans.
	NodesSpanned int `json:"nodes_spanned"`
	// Fabric is the per-instance α and β the times come from.
	Fabric Fabric `json:"fabric"`
	// TimeS is the all-reduce time of one step with Algorithm.
	TimeS float64 `json:"time_s"`
	// BusBWGBytesPerS is the bus bandwidth of that all-reduce (nccl-tests definition).
	BusBWGBytesPerS float64 `json:"busbw_gbytes_per_s"`
	// OverlapFraction is the share of communication hidden behind backward compute.
	OverlapFraction float64 `json:"overlap_fraction"`
	// ExposedS is the part of TimeS not hidden behind compute.
	ExposedS float64 `json:"exposed_s"`
	// Alternatives are the same all-reduce (one all-reduce of the whole
	// gradient, ZeRO-0) with each algorithm.
	Alternatives []AlgorithmTime `json:"alternatives"`
}

// AlgorithmTime is one all-reduce algorithm's time and exposed time.
type AlgorithmTime struct {
	// Algorithm is ring, tree or hierarchical.
	Algorithm string `json:"algorithm"`
	// TimeS is the all-reduce time per step, seconds.
	TimeS float64 `json:"time_s"`
	// ExposedS is the part not hidden behind compute, seconds.
	ExposedS float64 `json:"exposed_s"`
}

// Fabric is the alpha-beta description of one instance type's collective
// network: achievable bandwidths and per-step latencies. See FabricFor.
type Fabric struct {
	// AccelsPerNode is the accelerator count of one node.
	AccelsPerNode int `json:"accels_per_node"`
	// InterNodeGBytesPerS is the achievable inter-node (EFA) bandwidth of one
	// node, one direction, GB/s: network Gbps / 8 × achievable fraction.
	InterNodeGBytesPerS float64 `json:"inter_node_gbytes_per_s"`
	// IntraNodeGBytesPerS is the achievable NVLink/NeuronLink bandwidth of one
	// accelerator, one direction, GB/s.
	IntraNodeGBytesPerS float64 `json:"intra_node_gbytes_per_s"`
	// InterHopLatencyUs is α for a step that crosses the network, µs.
	InterHopLatencyUs float64 `json:"inter_hop_latency_us"`
	// IntraHopLatencyUs is α for a step inside a node, µs.
	IntraHopLatencyUs float64 `json:"intra_hop_latency_us"`

	// Generation names the catalog fabric entry the figures below come from
	// (e.g. "h100-efa2").
	Generation string `json:"generation,omitempty"`
	// NVLS says whether the node's NVSwitch does NVLink SHARP (in-switch
	// reduction): H100, H200 and B200/B300 HGX nodes.
	NVLS bool `json:"nvls,omitempty"`
	// NVLSBusGBytesPerS is the bus bandwidth (nccl-tests definition) of a
	// large single-node NVLS all-reduce over all the node's accelerators, GB/s.
	NVLSBusGBytesPerS float64 `json:"nvls_busbw_gbytes_per_s,omitempty"`
	// TreeBaseLatencyUs is the fixed latency of a multi-node tree all-reduce
	// with the Simple protocol (pipeline fill and launch), µs.
	TreeBaseLatencyUs float64 `json:"tree_base_latency_us,omitempty"`
	// TreeHopLatencyUs is the latency of one inter-node tree level with the
	// Simple protocol, µs; a tree pays it 2⌈log2 m⌉ times.
	TreeHopLatencyUs float64 `json:"tree_hop_latency_us,omitempty"`
	// TreeFraction is the share of β_inter a tree all-reduce achieves per
	// node (each node sends S once on two nodes, 2S beyond).
	TreeFraction float64 `json:"tree_fraction,omitempty"`
	// LLMaxBusGBytesPerS caps the LL protocol's bus bandwidth on 1, 2 and
	// 3+ nodes, GB/s (NCCL's llMaxBws); 0 = no cap.
	LLMaxBusGBytesPerS [3]float64 `json:"ll_max_busbw_gbytes_per_s"`
	// LL128AcrossNodes says whether NCCL enables the LL128 protocol for
	// rings and trees that cross the network (false on EFA).
	LL128AcrossNodes bool `json:"ll128_across_nodes,omitempty"`
	// AllToAllBaseUs and AllToAllNodeUs are the latency of an all-to-all:
	// AllToAllBaseUs + (m−1) · AllToAllNodeUs on m nodes, µs.
	AllToAllBaseUs float64 `json:"all_to_all_base_us,omitempty"`
	AllToAllNodeUs float64 `json:"all_to_all_node_us,omitempty"`
}

// CheckpointPlan is a training job's checkpoint size and write cost.
type CheckpointPlan struct {
	// BytesPerParam is the checkpoint bytes per parameter (16 for mixed-precision Adam).
	BytesPerParam float64 `json:"bytes_per_param"`
	// SizeGB is the checkpoint size in GB (1e9 bytes).
	SizeGB float64 `json:"size_gb"`
	// WriteGBytesPerS is the write throughput assumed, GB/s.
	WriteGBytesPerS float64 `json:"write_gbytes_per_s"`
	// WriteS is the time to write one checkpoint.
	WriteS float64 `json:"write_s"`
	// IntervalMinutes is the time between checkpoints (0 = none).
	IntervalMinutes float64 `json:"interval_minutes"`
	// OverheadFraction is write_s / (interval + write_s): the share of wall time spent writing.
	OverheadFraction float64 `json:"overhead_fraction"`
	// Count is the number of checkpoints written during the run.
	Count float64 `json:"count"`
	// Note says where the write throughput comes from.
	Note string `json:"note,omitempty"`
}

// RunCost is the cost of one training run, next to the monthly run-rate.
type RunCost struct {
	// InstancesUSD is nodes × time to train × hourly rate.
	InstancesUSD float64 `json:"instances_usd"`
	// StorageUSD is FSx for Lustre and S3 storage for the run's duration.
	StorageUSD float64 `json:"storage_usd"`
	// TransferUSD is the data-set transfer into AWS (inbound is free).
	TransferUSD float64 `json:"transfer_usd"`
	// TotalUSD is the sum.
	TotalUSD float64 `json:"total_usd"`
	// InstanceUSDPerHour is the per-node hourly rate used.
	InstanceUSDPerHour float64 `json:"instance_usd_per_hour"`
	// MonthlyRunRateUSD is the plan's monthly run-rate, for comparison.
	MonthlyRunRateUSD float64 `json:"monthly_run_rate_usd"`
	// Note explains the arithmetic.
	Note string `json:"note,omitempty"`
}

// ScalingPoint is one node count on a scaling curve.
type ScalingPoint struct {
	// Nodes is the cluster size.
	Nodes int `json:"nodes"`
	// StepTimeS is the step time at that size, seconds.
	StepTimeS float64 `json:"step_time_s"`
	// ExposedCommS is the exposed all-reduce time per step, seconds.
	ExposedCommS float64 `json:"exposed_comm_s"`
	// Efficiency is compute time / step time, in (0, 1].
	Efficiency float64 `json:"efficiency"`
	// TimeToTrainHours is the run's duration at that size.
	TimeToTrainHours float64 `json:"time_to_train_hours"`
}

// BusBWPoint is one message size on an all-reduce bus-bandwidth curve.
type BusBWPoint struct {
	// MessageBytes is the all-reduce size per rank, bytes.
	MessageBytes float64 `json:"message_bytes"`
	// TimeUs is the modelled all-reduce time, µs.
	TimeUs float64 `json:"time_us"`
	// AlgBWGBytesPerS is message bytes / time, GB/s.
	AlgBWGBytesPerS float64 `json:"algbw_gbytes_per_s"`
	// BusBWGBytesPerS is algbw × 2(n−1)/n, GB/s.
	BusBWGBytesPerS float64 `json:"busbw_gbytes_per_s"`
}

// LinkPlan is the evaluated capacity of one site-to-AWS link.
type LinkPlan struct {
	// Link names the link; Site and Type describe it.
	Link string `json:"link"`
	Site string `json:"site"`
	Type string `json:"type"`
	// Connections is the number of connections (DX ports) or VPN tunnels in use.
	Connections int `json:"connections"`
	// LineRateGbps is the sum of the connections' nominal rates.
	LineRateGbps float64 `json:"line_rate_gbps"`
	// ProtocolEfficiency is payload / wire bytes.
	ProtocolEfficiency float64 `json:"protocol_efficiency"`
	// UsableGbps is the TCP payload throughput with every connection up.
	UsableGbps float64 `json:"usable_gbps"`
	// UsableGbpsOneFailed is the throughput with one connection down (0 = none left).
	UsableGbpsOneFailed float64 `json:"usable_gbps_one_failed"`
	// Redundant says whether one failure leaves capacity.
	Redundant bool `json:"redundant"`
	// InboundUtilisation and OutboundUtilisation are the steady-state shares
	// of usable capacity taken by the monthly traffic (this link's share).
	InboundUtilisation  float64 `json:"inbound_utilisation"`
	OutboundUtilisation float64 `json:"outbound_utilisation"`
	// Transfers are the site's data sets moved over this link.
	Transfers []TransferPlan `json:"transfers"`
	// RTTMs is the round-trip time site to region in ms; RTTSource says
	// whether the scenario measured it or it was derived from distance
	// ("" when neither is possible); DistanceKm is the great-circle path
	// (site to DX location to region) it was derived from.
	RTTMs      float64 `json:"rtt_ms"`
	RTTSource  string  `json:"rtt_source,omitempty"`
	DistanceKm float64 `json:"distance_km,omitempty"`
	// VIF is the Direct Connect virtual interface type used (DX only).
	VIF string `json:"vif,omitempty"`
	// Note explains the capacity arithmetic.
	Note string `json:"note,omitempty"`
}

// TransferPlan is one data set moved over a link.
type TransferPlan struct {
	// Dataset names the data set; SizeTB is its size in TB.
	Dataset string  `json:"dataset"`
	SizeTB  float64 `json:"size_tb"`
	// Hours is the transfer time with every connection up.
	Hours float64 `json:"hours"`
	// HoursOneFailed is the time with one connection down (0 = impossible).
	HoursOneFailed float64 `json:"hours_one_failed"`
	// WindowHours is the deadline the scenario gives (0 = none).
	WindowHours float64 `json:"window_hours"`
	// RequiredPortGbps is the total line rate that moves the set within the window.
	RequiredPortGbps float64 `json:"required_port_gbps"`
	// MeetsWindow says whether Hours ≤ WindowHours (true without a window).
	MeetsWindow bool `json:"meets_window"`
}

// StoragePlan is the evaluated FSx for Lustre throughput and checkpoint figures.
type StoragePlan struct {
	// DeploymentType, StorageType, CapacityTiB, ThroughputMBpsPerTiB and
	// EFAEnabled repeat the scenario's file system (defaults applied).
	DeploymentType       string  `json:"deployment_type"`
	StorageType          string  `json:"storage_type"`
	CapacityTiB          float64 `json:"capacity_tib"`
	ThroughputMBpsPerTiB float64 `json:"throughput_mbps_per_tib"`
	EFAEnabled           bool    `json:"efa_enabled"`
	// ThroughputGBytesPerS is capacity × per-unit throughput, GB/s (baseline).
	ThroughputGBytesPerS float64 `json:"throughput_gbytes_per_s"`
	// MinCapacityTiB and IncrementTiB are the deployment type's sizing rules.
	MinCapacityTiB float64 `json:"min_capacity_tib"`
	IncrementTiB   float64 `json:"increment_tib"`
	// CapacityValid says whether the capacity is an allowed size.
	CapacityValid bool `json:"capacity_valid"`
	// IngestGBytesPerS is what all training jobs read together, GB/s, at
	// their modelled (possibly storage-bound) speed.
	IngestGBytesPerS float64 `json:"ingest_gbytes_per_s"`
	// DemandGBytesPerS is what the jobs would read if storage never stalled
	// them: global batch × bytes per token / (compute + exposed comm).
	DemandGBytesPerS float64 `json:"demand_gbytes_per_s"`
	// IdleFraction is the share of GPU time spent waiting for storage.
	IdleFraction float64 `json:"idle_fraction"`
	// NoStallCapacityTiB is the smallest allowed capacity at this tier that
	// serves the ingest (equals capacity when it already does).
	NoStallCapacityTiB float64 `json:"no_stall_capacity_tib"`
	// Hydration is the S3 → FSx import time of each data set the jobs read.
	Hydration []HydrationPlan `json:"hydration"`
	// Note explains the rules applied.
	Note string `json:"note,omitempty"`
}

// HydrationPlan is one data set's S3 → FSx for Lustre import.
type HydrationPlan struct {
	// Dataset names the data set; SizeTB is its size in TB.
	Dataset string  `json:"dataset"`
	SizeTB  float64 `json:"size_tb"`
	// Hours is the import time at the file system's baseline throughput.
	Hours float64 `json:"hours"`
	// FitsCapacity says whether the data set fits in the file system.
	FitsCapacity bool `json:"fits_capacity"`
}
