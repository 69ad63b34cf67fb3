// Package model holds topoplan's types and formulas: the scenario an architect
// describes, the catalog of sourced facts, and the pure functions that turn
// them into costs, bandwidths, times and address plans.
//
// The package does no I/O: no files, no terminal, no network, no globals.
// Every figure carries its unit in its field or type name (GB = 1e9 bytes,
// TB = 1e12 bytes, GiB/TiB are binary; link speeds in bits per second; money
// in US dollars as float64, rounded only for display).
package model

// Scenario is one estate an architect is sizing: on-prem sites, the links
// between them and AWS, the AWS side, GPU clusters, storage, workloads and
// the traffic they move each month.
type Scenario struct {
	// Name identifies the scenario in reports and diagrams.
	Name string `yaml:"name" json:"name" jsonschema:"description=Scenario name shown in reports and diagrams"`
	// Description is free text for the review.
	Description string `yaml:"description,omitempty" json:"description,omitempty" jsonschema:"description=Free-text description"`
	// Sites are the on-prem data centres.
	Sites []Site `yaml:"sites,omitempty" json:"sites,omitempty" jsonschema:"description=On-prem sites (data centres)"`
	// Links connect a site to AWS: Direct Connect or Site-to-Site VPN.
	Links []Link `yaml:"links,omitempty" json:"links,omitempty" jsonschema:"description=Connections between a site and AWS"`
	// AWS is the cloud side: region, VPC, availability zones.
	AWS AWS `yaml:"aws" json:"aws" jsonschema:"description=The AWS side: home region and VPC"`
	// Clusters are the accelerated instance groups.
	Clusters []Cluster `yaml:"clusters,omitempty" json:"clusters,omitempty" jsonschema:"description=GPU/accelerator clusters"`
	// Storage is FSx for Lustre and the S3 data lake.
	Storage Storage `yaml:"storage,omitempty" json:"storage,omitempty" jsonschema:"description=Shared storage"`
	// Workloads are training jobs and inference services.
	Workloads Workloads `yaml:"workloads,omitempty" json:"workloads,omitempty" jsonschema:"description=Training and inference workloads"`
	// Traffic is the data moved per month.
	Traffic Traffic `yaml:"traffic,omitempty" json:"traffic,omitempty" jsonschema:"description=Data moved per month"`
}

// Site is an on-prem data centre.
type Site struct {
	// Name identifies the site; links refer to it.
	Name string `yaml:"name" json:"name" jsonschema:"description=Site name; links refer to it"`
	// CIDRs are the address blocks routed from the site (they must not overlap the VPC).
	CIDRs []string `yaml:"cidrs,omitempty" json:"cidrs,omitempty" jsonschema:"description=IPv4 CIDR blocks reachable at the site"`
	// Datasets are data sets stored at the site.
	Datasets []Dataset `yaml:"datasets,omitempty" json:"datasets,omitempty" jsonschema:"description=Data sets held at the site"`
	// GPUs is an on-prem accelerator inventory, kept as a label: it is not
	// modelled. Describe the cluster under Clusters to give it a step time and
	// a cost per accelerator-hour.
	GPUs []GPUInventory `yaml:"gpus,omitempty" json:"gpus,omitempty" jsonschema:"description=On-prem accelerator inventory (a label only; describe modelled clusters under clusters)"`
	// Clusters are the site's on-prem GPU clusters, modelled like AWS clusters.
	Clusters []OnPremCluster `yaml:"clusters,omitempty" json:"clusters,omitempty" jsonschema:"description=On-prem GPU clusters at the site (node type, count, fabric, storage, owner's cost)"`
	// City places the site at a catalog city (its coordinates give the
	// derived round-trip time to a region); Lat and Lon place it directly.
	City string   `yaml:"city,omitempty" json:"city,omitempty" jsonschema:"description=City of the site (a key of the catalog's cities table; e.g. tokyo)"`
	Lat  *float64 `yaml:"lat,omitempty" json:"lat,omitempty" jsonschema:"description=Latitude of the site in decimal degrees (with lon; overrides city),minimum=-90,maximum=90"`
	Lon  *float64 `yaml:"lon,omitempty" json:"lon,omitempty" jsonschema:"description=Longitude of the site in decimal degrees (with lat),minimum=-180,maximum=180"`
	// TCPWindowMiB is the largest TCP window the site's transfer hosts use,
	// in MiB (0 = the catalog's tcp_window_default_mib).
	TCPWindowMiB float64 `yaml:"tcp_window_mib,omitempty" json:"tcp_window_mib,omitempty" jsonschema:"description=Largest TCP window of the site's transfer hosts in MiB (default from the catalog: 4),minimum=0"`
	// ReadGbps is the rate the site's storage can be read at for a copy, in
	// Gbps (0 = not limiting).
	ReadGbps float64 `yaml:"read_gbps,omitempty" json:"read_gbps,omitempty" jsonschema:"description=Read rate of the site's source storage for copies in Gbps (0 = not limiting),minimum=0"`
	// StreamGbpsMax is the most one TCP stream (one flow) from the site's
	// transfer hosts carries, in Gbps, whatever its window (0 = the catalog's
	// single_flow_gbps_max).
	StreamGbpsMax float64 `yaml:"stream_gbps_max,omitempty" json:"stream_gbps_max,omitempty" jsonschema:"description=Most one TCP stream (one flow) carries in Gbps whatever its window (default from the catalog: 5; AWS's single-flow limit outside a cluster placement group),minimum=0"`
}

// Dataset is a named data set and its size in TB (1e12 bytes).
type Dataset struct {
	Name   string  `yaml:"name" json:"name" jsonschema:"description=Data set name"`
	SizeTB float64 `yaml:"size_tb" json:"size_tb" jsonschema:"description=Size in TB (1e12 bytes),minimum=0"`
	// TransferWindowHours is the time within which the data set must reach AWS (0 = no deadline).
	TransferWindowHours float64 `yaml:"transfer_window_hours,omitempty" json:"transfer_window_hours,omitempty" jsonschema:"description=Hours within which the data set must be copied to AWS (0 = no deadline),minimum=0"`
	// Residency says where the data set may be processed: "on-prem" (it
	// must not leave the site) or an AWS Region code (it may be copied only
	// to that Region); empty = anywhere. The optimiser keeps to it.
	Residency string `yaml:"residency,omitempty" json:"residency,omitempty" jsonschema:"description=Where the data set may be processed: on-prem or one AWS Region code (default: anywhere)"`
	// Streams is the number of parallel TCP streams the copy runs (0 = the
	// plan says how many it needs and assumes them).
	Streams int `yaml:"streams,omitempty" json:"streams,omitempty" jsonschema:"description=Parallel TCP streams the copy runs (0 = as many as the rate needs),minimum=0"`
	// Method is how the copy runs: "tcp-streams" (parallel TCP streams,
	// the default) or "datasync" (AWS DataSync agents, one task each).
	Method string `yaml:"method,omitempty" json:"method,omitempty" jsonschema:"enum=tcp-streams,enum=datasync,description=How the copy runs: tcp-streams (parallel TCP streams; default) or datasync (AWS DataSync agents with one task each)"`
	// Agents is the number of DataSync agents, each running one task in
	// parallel (method datasync; 0 = 1).
	Agents int `yaml:"agents,omitempty" json:"agents,omitempty" jsonschema:"description=DataSync agents each running one task in parallel (method datasync; default 1),minimum=0"`
	// DataSyncTaskGbps is what one DataSync task carries in Gbps as measured
	// (0 = unknown: AWS publishes no per-task rate in the pages read, so the
	// tasks do not limit the copy).
	DataSyncTaskGbps float64 `yaml:"datasync_task_gbps,omitempty" json:"datasync_task_gbps,omitempty" jsonschema:"description=Measured rate of one DataSync task in Gbps (method datasync; 0 = unknown and not limiting),minimum=0"`
}

// Copy methods of a data set (Dataset.Method).
const (
	MethodTCPStreams = "tcp-streams"
	MethodDataSync   = "datasync"
)

// GPUInventory is a count of on-prem accelerators of one model.
type GPUInventory struct {
	Model string `yaml:"model" json:"model" jsonschema:"description=Accelerator model, e.g. H100"`
	Count int    `yaml:"count" json:"count" jsonschema:"description=Number of accelerators,minimum=0"`
}

// Link types.
const (
	LinkDXDedicated = "dx-dedicated"
	LinkDXHosted    = "dx-hosted"
	LinkVPN         = "vpn"
)

// Link connects an on-prem site to AWS.
type Link struct {
	// Name identifies the link.
	Name string `yaml:"name" json:"name" jsonschema:"description=Link name"`
	// Site is the name of the on-prem site this link leaves from.
	Site string `yaml:"site" json:"site" jsonschema:"description=Name of the on-prem site"`
	// Type is dx-dedicated, dx-hosted or vpn.
	Type string `yaml:"type" json:"type" jsonschema:"enum=dx-dedicated,enum=dx-hosted,enum=vpn,description=Connection type"`
	// SpeedGbps is the port speed of one connection in Gbps (DX) or, for VPN, the
	// on-prem internet uplink that carries the tunnels (0 = not limiting).
	SpeedGbps float64 `yaml:"speed_gbps,omitempty" json:"speed_gbps,omitempty" jsonschema:"description=Port speed per connection in Gbps (dedicated: 1/10/100/400; hosted: 0.05-25),minimum=0"`
	// Count is the number of connections (redundancy or LAG); default 1.
	Count int `yaml:"count,omitempty" json:"count,omitempty" jsonschema:"description=Number of connections (redundancy/LAG); default 1,minimum=0"`
	// Location is the Direct Connect location.
	Location string `yaml:"location,omitempty" json:"location,omitempty" jsonschema:"description=Direct Connect location code"`
	// Tunnels is the number of IPsec tunnels for a VPN (default 2 per connection).
	Tunnels int `yaml:"tunnels,omitempty" json:"tunnels,omitempty" jsonschema:"description=VPN tunnels in use (default 2 = one VPN connection),minimum=0"`
	// LargeTunnels selects 5 Gbps large-bandwidth VPN tunnels (Transit Gateway only).
	LargeTunnels bool `yaml:"large_tunnels,omitempty" json:"large_tunnels,omitempty" jsonschema:"description=Use large-bandwidth (5 Gbps) tunnels; requires a Transit Gateway"`
	// TransitGateway attaches the link through a Transit Gateway instead of a virtual private gateway.
	TransitGateway bool `yaml:"transit_gateway,omitempty" json:"transit_gateway,omitempty" jsonschema:"description=Attach through a Transit Gateway"`
	// RTTMs is the round-trip time between the site and the region in
	// milliseconds, as the user measured it (0 = not given). It labels the
	// link; AWS publishes no figure for it (it depends on distance and path).
	RTTMs float64 `yaml:"rtt_ms,omitempty" json:"rtt_ms,omitempty" jsonschema:"description=Measured round-trip time site to region in ms (0 = not given),minimum=0"`
	// VIF is the Direct Connect virtual interface type: private (to a
	// virtual private gateway or a Direct Connect gateway), transit (a
	// Direct Connect gateway to a Transit Gateway) or public (AWS public
	// endpoints, S3 included). Default: transit with transit_gateway,
	// else private. Ignored for VPN.
	VIF string `yaml:"vif,omitempty" json:"vif,omitempty" jsonschema:"enum=private,enum=transit,enum=public,description=Direct Connect virtual interface type (default transit with transit_gateway else private)"`
	// Critical marks a link that carries training-critical transfers.
	Critical bool `yaml:"critical,omitempty" json:"critical,omitempty" jsonschema:"description=The link carries training-critical transfers"`
}

// AWS is the cloud side of the estate.
type AWS struct {
	// Region is the home region, e.g. us-east-1.
	Region string `yaml:"region" json:"region" jsonschema:"description=Home AWS region"`
	// VPCCIDR is the primary VPC IPv4 CIDR (/16 to /28).
	VPCCIDR string `yaml:"vpc_cidr" json:"vpc_cidr" jsonschema:"description=Primary VPC IPv4 CIDR (/16 to /28)"`
	// SecondaryCIDRs are additional VPC IPv4 CIDRs.
	SecondaryCIDRs []string `yaml:"secondary_cidrs,omitempty" json:"secondary_cidrs,omitempty" jsonschema:"description=Secondary VPC IPv4 CIDRs"`
	// AvailabilityZones lists the AZs the VPC spans.
	AvailabilityZones []string `yaml:"availability_zones" json:"availability_zones" jsonschema:"description=Availability zones the VPC spans"`
	// NATGateways is the number of NAT gateways (0 = none; typical 1 per AZ).
	NATGateways int `yaml:"nat_gateways,omitempty" json:"nat_gateways,omitempty" jsonschema:"description=NAT gateways provisioned,minimum=0"`
	// InterfaceEndpoints are the interface VPC endpoints (service names such as ecr.api), each in every AZ.
	InterfaceEndpoints []string `yaml:"interface_endpoints,omitempty" json:"interface_endpoints,omitempty" jsonschema:"description=Interface VPC endpoint services (one ENI per AZ each)"`
	// ExistingSubnets are subnets that already exist in the VPC (e.g. imported); the address plan works around them.
	ExistingSubnets []ExistingSubnet `yaml:"existing_subnets,omitempty" json:"existing_subnets,omitempty" jsonschema:"description=Subnets that already exist in the VPC"`
	// SubnetHeadroomPct is the growth allowance, in percent, added to what each planned subnet needs before it is sized (nil = DefaultSubnetHeadroomPct, 50).
	SubnetHeadroomPct *float64 `yaml:"subnet_headroom_pct,omitempty" json:"subnet_headroom_pct,omitempty" jsonschema:"description=Growth allowance in percent added to each planned subnet's IP need before sizing (default 50),minimum=0,maximum=1000"`
}

// ExistingSubnet is a subnet already present in the VPC.
type ExistingSubnet struct {
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	CIDR string `yaml:"cidr" json:"cidr"`
	AZ   string `yaml:"az,omitempty" json:"az,omitempty"`
	ID   string `yaml:"id,omitempty" json:"id,omitempty"`
}

// Orchestrators.
const (
	OrchestratorNone     = "none"
	OrchestratorSlurm    = "slurm"
	OrchestratorEKS      = "eks"
	OrchestratorHyperPod = "hyperpod"
)

// Purchase options.
const (
	PurchaseOnDemand      = "on-demand"
	PurchaseCapacityBlock = "capacity-block"
	PurchaseSavingsPlan   = "savings-plan"
	PurchaseReserved      = "capacity-reservation"
)

// Cluster is a group of identical accelerated instances.
type Cluster struct {
	// Name identifies the cluster; workloads refer to it.
	Name string `yaml:"name" json:"name" jsonschema:"description=Cluster name; workloads refer to it"`
	// InstanceType is an EC2 instance type from the catalog, e.g. p5.48xlarge.
	InstanceType string `yaml:"instance_type" json:"instance_type" jsonschema:"description=EC2 instance type from the catalog"`
	// Nodes is the instance count.
	Nodes int `yaml:"nodes" json:"nodes" jsonschema:"description=Number of instances,minimum=1"`
	// Region overrides the home region for this cluster (e.g. a second inference region).
	Region string `yaml:"region,omitempty" json:"region,omitempty" jsonschema:"description=Region of this cluster (default: aws.region)"`
	// AZ is the availability zone (one AZ for an EFA cluster).
	AZ string `yaml:"az,omitempty" json:"az,omitempty" jsonschema:"description=Availability zone (default: first of aws.availability_zones)"`
	// AZs spreads the cluster over several AZs (not allowed with EFA).
	AZs []string `yaml:"azs,omitempty" json:"azs,omitempty" jsonschema:"description=Spread the cluster over these AZs (not with EFA)"`
	// Orchestrator is none, slurm, eks or hyperpod.
	Orchestrator string `yaml:"orchestrator,omitempty" json:"orchestrator,omitempty" jsonschema:"enum=none,enum=slurm,enum=eks,enum=hyperpod,description=Orchestrator (default none)"`
	// Purchase is how the instances are bought.
	Purchase Purchase `yaml:"purchase,omitempty" json:"purchase,omitempty" jsonschema:"description=Purchase option"`
	// EFA enables Elastic Fabric Adapter interfaces (default true where the type supports it).
	EFA *bool `yaml:"efa,omitempty" json:"efa,omitempty" jsonschema:"description=Use EFA (default: true where the instance type supports it)"`
	// EFAInterfaceType is efa (EFA with ENA, takes an IP each) or efa-only (no IP).
	EFAInterfaceType string `yaml:"efa_interface_type,omitempty" json:"efa_interface_type,omitempty" jsonschema:"enum=efa,enum=efa-only,description=EFA interface type (efa takes an IP address per interface; efa-only takes none). Default efa"`
	// PlacementGroup requests a cluster placement group (default true with EFA).
	PlacementGroup *bool `yaml:"placement_group,omitempty" json:"placement_group,omitempty" jsonschema:"description=Cluster placement group (default: true with EFA unless capacity blocks)"`
	// HoursPerMonth is how many hours per month the nodes run (default 730 = always on).
	HoursPerMonth float64 `yaml:"hours_per_month,omitempty" json:"hours_per_month,omitempty" jsonschema:"description=Hours per month the nodes run (default 730),minimum=0,maximum=744"`
	// PodsPerNode is the EKS pod count per node used for IP planning (EKS only).
	PodsPerNode int `yaml:"pods_per_node,omitempty" json:"pods_per_node,omitempty" jsonschema:"description=EKS pods per node for IP planning (default 110),minimum=0"`
	// PrefixDelegation selects VPC CNI /28 prefix delegation (EKS only).
	PrefixDelegation bool `yaml:"prefix_delegation,omitempty" json:"prefix_delegation,omitempty" jsonschema:"description=EKS VPC CNI /28 prefix delegation"`
}

// Purchase says how a cluster's instances are bought.
type Purchase struct {
	// Option is on-demand, capacity-block, savings-plan or capacity-reservation.
	Option string `yaml:"option,omitempty" json:"option,omitempty" jsonschema:"enum=on-demand,enum=capacity-block,enum=savings-plan,enum=capacity-reservation,description=Purchase option (default on-demand)"`
	// DiscountPct is the discount off on-demand, in percent (savings plans, negotiated rates).
	DiscountPct float64 `yaml:"discount_pct,omitempty" json:"discount_pct,omitempty" jsonschema:"description=Discount off the on-demand rate in percent,minimum=0,maximum=100"`
}

// Storage is the scenario's shared storage.
type Storage struct {
	// FSxLustre is an FSx for Lustre file system (nil = none).
	FSxLustre *FSxLustre `yaml:"fsx_lustre,omitempty" json:"fsx_lustre,omitempty" jsonschema:"description=FSx for Lustre file system"`
	// S3 is the S3 data lake.
	S3 *S3 `yaml:"s3,omitempty" json:"s3,omitempty" jsonschema:"description=S3 data lake"`
}

// FSx for Lustre deployment types.
const (
	FSxScratch2    = "SCRATCH_2"
	FSxPersistent1 = "PERSISTENT_1"
	FSxPersistent2 = "PERSISTENT_2"
)

// FSxLustre is an FSx for Lustre file system.
type FSxLustre struct {
	// DeploymentType is SCRATCH_2, PERSISTENT_1 or PERSISTENT_2.
	DeploymentType string `yaml:"deployment_type" json:"deployment_type" jsonschema:"enum=SCRATCH_2,enum=PERSISTENT_1,enum=PERSISTENT_2,description=FSx for Lustre deployment type"`
	// CapacityTiB is the storage capacity in TiB.
	CapacityTiB float64 `yaml:"capacity_tib" json:"capacity_tib" jsonschema:"description=Storage capacity in TiB,minimum=0"`
	// ThroughputMBpsPerTiB is the per-unit storage throughput in MB/s per TiB.
	ThroughputMBpsPerTiB float64 `yaml:"throughput_mbps_per_tib,omitempty" json:"throughput_mbps_per_tib,omitempty" jsonschema:"description=Per-unit storage throughput in MB/s per TiB (PERSISTENT_2: 125/250/500/1000; PERSISTENT_1 SSD: 50/100/200; SCRATCH_2: 200)"`
	// StorageType is SSD (default) or HDD (PERSISTENT_1 only).
	StorageType string `yaml:"storage_type,omitempty" json:"storage_type,omitempty" jsonschema:"enum=SSD,enum=HDD,description=Storage type (default SSD)"`
	// EFAEnabled enables EFA on the file system (PERSISTENT_2).
	EFAEnabled bool `yaml:"efa_enabled,omitempty" json:"efa_enabled,omitempty" jsonschema:"description=EFA-enabled file system (PERSISTENT_2)"`
	// AZ is the file system's availability zone (default: the training cluster's AZ).
	AZ string `yaml:"az,omitempty" json:"az,omitempty" jsonschema:"description=Availability zone"`
}

// S3 is the S3 data lake.
type S3 struct {
	// SizeTB is the stored size in TB.
	SizeTB float64 `yaml:"size_tb" json:"size_tb" jsonschema:"description=Stored data in TB (1e12 bytes),minimum=0"`
}

// Workloads are the training jobs and inference services.
type Workloads struct {
	Training  []TrainingJob      `yaml:"training,omitempty" json:"training,omitempty" jsonschema:"description=Training jobs"`
	Inference []InferenceService `yaml:"inference,omitempty" json:"inference,omitempty" jsonschema:"description=Inference services"`
}

// TrainingJob is a training run on one cluster.
type TrainingJob struct {
	Name string `yaml:"name" json:"name" jsonschema:"description=Job name"`
	// Cluster is the name of the cluster the job runs on.
	Cluster string `yaml:"cluster" json:"cluster" jsonschema:"description=Cluster the job runs on"`
	// ParametersB is the model size in billions of parameters.
	ParametersB float64 `yaml:"parameters_b,omitempty" json:"parameters_b" jsonschema:"description=Model parameters in billions,minimum=0"`
	// TokensB is the number of training tokens in billions.
	TokensB float64 `yaml:"tokens_b" json:"tokens_b" jsonschema:"description=Training tokens in billions,minimum=0"`
	// Precision is bf16, fp16, fp8 or fp32.
	Precision string `yaml:"precision,omitempty" json:"precision,omitempty" jsonschema:"enum=bf16,enum=fp16,enum=fp8,enum=fp32,description=Training precision (default bf16)"`
	// DataParallel, TensorParallel and PipelineParallel are the parallel degrees.
	DataParallel     int `yaml:"data_parallel,omitempty" json:"data_parallel,omitempty" jsonschema:"description=Data-parallel degree (default: accelerators / (tensor x pipeline)),minimum=0"`
	TensorParallel   int `yaml:"tensor_parallel,omitempty" json:"tensor_parallel,omitempty" jsonschema:"description=Tensor-parallel degree (default 1),minimum=0"`
	PipelineParallel int `yaml:"pipeline_parallel,omitempty" json:"pipeline_parallel,omitempty" jsonschema:"description=Pipeline-parallel degree (default 1),minimum=0"`
	// GlobalBatchTokens is the number of tokens per optimiser step.
	GlobalBatchTokens float64 `yaml:"global_batch_tokens,omitempty" json:"global_batch_tokens,omitempty" jsonschema:"description=Tokens per optimiser step (default 4194304 = 4M),minimum=0"`
	// CheckpointIntervalMinutes is the time between checkpoints.
	CheckpointIntervalMinutes float64 `yaml:"checkpoint_interval_minutes,omitempty" json:"checkpoint_interval_minutes,omitempty" jsonschema:"description=Minutes between checkpoints (0 = none),minimum=0"`
	// Dataset names the data set the job reads.
	Dataset string `yaml:"dataset,omitempty" json:"dataset,omitempty" jsonschema:"description=Name of the data set the job reads"`
	// MFU pins the model FLOPs utilisation (0-1) instead of deriving it;
	// tensor/pipeline/expert communication, bubbles and recomputation are
	// then taken as absorbed in it.
	MFU float64 `yaml:"mfu,omitempty" json:"mfu,omitempty" jsonschema:"description=Pin model FLOPs utilisation, 0-1 (default: derived from the training model),minimum=0,maximum=1"`
	// FLOPsPerTokenPerParam overrides the 6 FLOPs per parameter per token rule.
	FLOPsPerTokenPerParam float64 `yaml:"flops_per_token_per_param,omitempty" json:"flops_per_token_per_param,omitempty" jsonschema:"description=Training FLOPs per parameter per token (default 6),minimum=0"`
	// Algorithm is the data-parallel all-reduce algorithm: auto (NCCL's
	// choice), ring, tree, nvls, nvls_tree or hierarchical.
	Algorithm string `yaml:"allreduce,omitempty" json:"allreduce,omitempty" jsonschema:"enum=auto,enum=ring,enum=tree,enum=nvls,enum=nvls_tree,enum=hierarchical,description=Data-parallel all-reduce algorithm (default auto: what NCCL picks)"`
	// OverlapFraction is the share of communication hidden behind compute (0-1).
	OverlapFraction *float64 `yaml:"overlap_fraction,omitempty" json:"overlap_fraction,omitempty" jsonschema:"description=Fraction of gradient communication hidden behind backward compute, 0-1 (default from the catalog),minimum=0,maximum=1"`
	// BytesPerToken is the data read per training token (default 2 bytes: uint16 token ids).
	BytesPerToken float64 `yaml:"bytes_per_token,omitempty" json:"bytes_per_token,omitempty" jsonschema:"description=Bytes read from storage per training token (default 2),minimum=0"`
	// CheckpointBytesPerParam overrides the 16 bytes/parameter checkpoint size (mixed-precision Adam).
	CheckpointBytesPerParam float64 `yaml:"checkpoint_bytes_per_param,omitempty" json:"checkpoint_bytes_per_param,omitempty" jsonschema:"description=Checkpoint bytes per parameter (default 16: mixed-precision Adam),minimum=0"`

	// Model names a preset architecture (llama3-8b, llama3-70b, llama3-405b,
	// mixtral-8x7b, mixtral-8x22b, deepseek-v3, qwen3-235b-a22b); the shape fields below
	// override parts of it.
	Model string `yaml:"model,omitempty" json:"model,omitempty" jsonschema:"description=Preset model architecture (llama3-8b llama3-70b llama3-405b mixtral-8x7b mixtral-8x22b deepseek-v3 qwen3-235b-a22b)"`
	// Layers, Hidden, Heads, KVHeads, FFNHidden, SeqLen and Vocab give the transformer's shape.
	Layers    int `yaml:"layers,omitempty" json:"layers,omitempty" jsonschema:"description=Transformer blocks,minimum=0"`
	Hidden    int `yaml:"hidden,omitempty" json:"hidden,omitempty" jsonschema:"description=Model width (hidden size),minimum=0"`
	Heads     int `yaml:"heads,omitempty" json:"heads,omitempty" jsonschema:"description=Attention heads,minimum=0"`
	KVHeads   int `yaml:"kv_heads,omitempty" json:"kv_heads,omitempty" jsonschema:"description=Key/value heads (grouped-query attention; default = heads),minimum=0"`
	FFNHidden int `yaml:"ffn_hidden,omitempty" json:"ffn_hidden,omitempty" jsonschema:"description=Feed-forward inner width (per expert for MoE; default 4 x hidden),minimum=0"`
	SeqLen    int `yaml:"seq_len,omitempty" json:"seq_len,omitempty" jsonschema:"description=Training sequence length in tokens (default from the preset or the catalog),minimum=0"`
	Vocab     int `yaml:"vocab,omitempty" json:"vocab,omitempty" jsonschema:"description=Vocabulary size,minimum=0"`
	// Experts, ExpertsPerToken and ActiveParametersB describe a mixture-of-experts model.
	Experts           int     `yaml:"experts,omitempty" json:"experts,omitempty" jsonschema:"description=Routed experts per MoE layer (0 = dense),minimum=0"`
	ExpertsPerToken   int     `yaml:"experts_per_token,omitempty" json:"experts_per_token,omitempty" jsonschema:"description=Experts each token is routed to (top-k),minimum=0"`
	ActiveParametersB float64 `yaml:"active_parameters_b,omitempty" json:"active_parameters_b,omitempty" jsonschema:"description=Parameters active per token in billions (MoE),minimum=0"`
	// ExpertParallel is the expert-parallel degree (divides tensor × data parallel).
	ExpertParallel int `yaml:"expert_parallel,omitempty" json:"expert_parallel,omitempty" jsonschema:"description=Expert-parallel degree (default: searched),minimum=0"`
	// Microbatch is sequences per microbatch.
	Microbatch int `yaml:"microbatch,omitempty" json:"microbatch,omitempty" jsonschema:"description=Sequences per microbatch (default: searched),minimum=0"`
	// VirtualStages is the interleaved pipeline schedule's chunks per stage.
	VirtualStages int `yaml:"virtual_stages,omitempty" json:"virtual_stages,omitempty" jsonschema:"description=Model chunks per pipeline stage, interleaved 1F1B (default: searched),minimum=0"`
	// ZeROStage is the optimizer sharding stage (0-3; 3 = FSDP); nil = searched.
	ZeROStage *int `yaml:"zero_stage,omitempty" json:"zero_stage,omitempty" jsonschema:"description=ZeRO stage 0-3 over the data-parallel group; 3 = FSDP (default: searched),minimum=0,maximum=3"`
	// Recompute is none, selective or full activation recomputation.
	Recompute string `yaml:"recompute,omitempty" json:"recompute,omitempty" jsonschema:"enum=none,enum=selective,enum=full,description=Activation recomputation (default: searched)"`

	// Placement is where the plan runs the job: aws (the AWS cluster named by
	// Cluster), onprem (OnPremCluster) or split (both; SplitBy says how).
	// With an OnPremCluster the three are compared side by side.
	Placement string `yaml:"placement,omitempty" json:"placement,omitempty" jsonschema:"enum=aws,enum=onprem,enum=split,description=Where the job runs: aws, onprem or split (default aws; compared side by side when onprem_cluster is set)"`
	// OnPremCluster names an on-prem cluster (sites[].clusters[]) for the
	// placement comparison.
	OnPremCluster string `yaml:"onprem_cluster,omitempty" json:"onprem_cluster,omitempty" jsonschema:"description=On-prem cluster (sites[].clusters[].name) compared with or split with the AWS cluster"`
	// SplitBy is data (data-parallel replicas on each side) or pipeline
	// (pipeline stages on each side).
	SplitBy string `yaml:"split_by,omitempty" json:"split_by,omitempty" jsonschema:"enum=data,enum=pipeline,description=How a split placement divides the job: data (replicas) or pipeline (stages); default data"`
	// SplitOnPrem is how many data-parallel replicas (split_by data) or
	// pipeline stages (split_by pipeline) run on-prem; 0 = half.
	SplitOnPrem int `yaml:"split_onprem,omitempty" json:"split_onprem,omitempty" jsonschema:"description=Replicas (split_by data) or pipeline stages (split_by pipeline) placed on-prem (default half),minimum=0"`
}

// InferenceService is an inference fleet serving requests.
type InferenceService struct {
	Name string `yaml:"name" json:"name" jsonschema:"description=Service name"`
	// Clusters are the clusters that serve the service.
	Clusters []string `yaml:"clusters,omitempty" json:"clusters,omitempty" jsonschema:"description=Clusters serving the service"`
	// Regions are the regions the service runs in.
	Regions []string `yaml:"regions,omitempty" json:"regions,omitempty" jsonschema:"description=Regions the service runs in"`
	// RequestsPerSecond is the peak request rate.
	RequestsPerSecond float64 `yaml:"requests_per_second,omitempty" json:"requests_per_second,omitempty" jsonschema:"description=Peak requests per second,minimum=0"`
	// ParametersB is the served model's size in billions of parameters.
	ParametersB float64 `yaml:"parameters_b,omitempty" json:"parameters_b,omitempty" jsonschema:"description=Served model parameters in billions,minimum=0"`
	// ResponseKB is the average response size in KB, for egress.
	ResponseKB float64 `yaml:"response_kb,omitempty" json:"response_kb,omitempty" jsonschema:"description=Average response size in KB (1e3 bytes),minimum=0"`
	// TokensIn and TokensOut are the prompt and response tokens per request.
	TokensIn  float64 `yaml:"tokens_in,omitempty" json:"tokens_in,omitempty" jsonschema:"description=Prompt tokens per request,minimum=0"`
	TokensOut float64 `yaml:"tokens_out,omitempty" json:"tokens_out,omitempty" jsonschema:"description=Output tokens per request,minimum=0"`
	// Precision is the serving precision (bf16, fp8...), used to pick the
	// catalog's throughput figure and the weight size.
	Precision string `yaml:"precision,omitempty" json:"precision,omitempty" jsonschema:"enum=bf16,enum=fp16,enum=fp8,enum=int8,enum=int4,description=Serving precision (default bf16)"`
	// TokensPerSPerInstance overrides the catalog's output tokens per second per instance.
	TokensPerSPerInstance float64 `yaml:"tokens_per_s_per_instance,omitempty" json:"tokens_per_s_per_instance,omitempty" jsonschema:"description=Output tokens per second one instance sustains (default from the catalog),minimum=0"`
	// TTFTMs and ITLMs override the time to first token and the
	// inter-token latency in ms.
	TTFTMs float64 `yaml:"ttft_ms,omitempty" json:"ttft_ms,omitempty" jsonschema:"description=Time to first token in ms (default from the catalog),minimum=0"`
	ITLMs  float64 `yaml:"itl_ms,omitempty" json:"itl_ms,omitempty" jsonschema:"description=Inter-token latency in ms (default from the catalog),minimum=0"`
	// TargetUtilisation is the share of measured throughput the fleet is sized to use (0-1).
	TargetUtilisation float64 `yaml:"target_utilisation,omitempty" json:"target_utilisation,omitempty" jsonschema:"description=Share of an instance's throughput to plan for, 0-1 (default from the catalog),minimum=0,maximum=1"`
	// ModelSource is where a new instance loads the weights from: s3 or fsx.
	ModelSource string `yaml:"model_source,omitempty" json:"model_source,omitempty" jsonschema:"enum=s3,enum=fsx,description=Where a scaled-out instance loads the weights from (default s3)"`
	// FrontDoor is none, route53 (latency-based routing) or global-accelerator.
	FrontDoor string `yaml:"front_door,omitempty" json:"front_door,omitempty" jsonschema:"enum=none,enum=route53,enum=global-accelerator,description=Global front door (default none)"`
	// Users are the populations the service answers, each routed to its
	// lowest-latency region.
	Users []UserPopulation `yaml:"users,omitempty" json:"users,omitempty" jsonschema:"description=User populations (default: all requests from the first region's city)"`
}

// UserPopulation is a group of users in one place sending a share of a
// service's requests.
type UserPopulation struct {
	Name string `yaml:"name" json:"name" jsonschema:"description=Population name"`
	// City or Lat/Lon place the population.
	City string   `yaml:"city,omitempty" json:"city,omitempty" jsonschema:"description=City (a key of the catalog's cities table)"`
	Lat  *float64 `yaml:"lat,omitempty" json:"lat,omitempty" jsonschema:"description=Latitude in decimal degrees,minimum=-90,maximum=90"`
	Lon  *float64 `yaml:"lon,omitempty" json:"lon,omitempty" jsonschema:"description=Longitude in decimal degrees,minimum=-180,maximum=180"`
	// Share is the fraction of the service's requests from this population
	// (shares are normalised to sum to 1).
	Share float64 `yaml:"share" json:"share" jsonschema:"description=Share of the requests (normalised over the populations),minimum=0"`
	// RTTMs overrides the derived round-trip time to every region, in ms.
	RTTMs float64 `yaml:"rtt_ms,omitempty" json:"rtt_ms,omitempty" jsonschema:"description=Measured round-trip time to the serving region in ms (0 = derive from distance),minimum=0"`
}

// Traffic is the data moved per month, in TB (1e12 bytes).
type Traffic struct {
	InternetEgressTB float64 `yaml:"internet_egress_tb,omitempty" json:"internet_egress_tb,omitempty" jsonschema:"description=Data out to the internet per month in TB,minimum=0"`
	OnPremToAWSTB    float64 `yaml:"onprem_to_aws_tb,omitempty" json:"onprem_to_aws_tb,omitempty" jsonschema:"description=On-prem to AWS per month in TB (free inbound),minimum=0"`
	AWSToOnPremTB    float64 `yaml:"aws_to_onprem_tb,omitempty" json:"aws_to_onprem_tb,omitempty" jsonschema:"description=AWS to on-prem per month in TB (DX or VPN data transfer out),minimum=0"`
	InterAZTB        float64 `yaml:"inter_az_tb,omitempty" json:"inter_az_tb,omitempty" jsonschema:"description=Data crossing AZs per month in TB (charged each direction),minimum=0"`
	InterRegionTB    float64 `yaml:"inter_region_tb,omitempty" json:"inter_region_tb,omitempty" jsonschema:"description=Data between regions per month in TB,minimum=0"`
	NATProcessedTB   float64 `yaml:"nat_processed_tb,omitempty" json:"nat_processed_tb,omitempty" jsonschema:"description=Data processed by NAT gateways per month in TB,minimum=0"`
	EndpointTB       float64 `yaml:"endpoint_processed_tb,omitempty" json:"endpoint_processed_tb,omitempty" jsonschema:"description=Data processed by interface endpoints per month in TB,minimum=0"`
	TransitGatewayTB float64 `yaml:"transit_gateway_tb,omitempty" json:"transit_gateway_tb,omitempty" jsonschema:"description=Data processed by a Transit Gateway per month in TB,minimum=0"`
}
