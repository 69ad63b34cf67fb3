package model

// Confidence levels for catalog figures. The rule (docs/catalog.md,
// "Confidence") is one ladder applied to every figure:
const (
	// ConfidenceConfirmed: AWS's (or the vendor's) own price-list, API output
	// or documentation, read directly or through a machine-generated copy whose
	// provenance (repository, file, commit or generation date) is recorded in
	// the source.
	ConfidenceConfirmed = "confirmed"
	// ConfidenceThirdParty: someone else's reading of AWS's figure (a blog, a
	// hand-made table, a transcription without recorded provenance).
	ConfidenceThirdParty = "third-party"
	// ConfidenceDerived is kept for model constants computed from other
	// sourced figures; it ranks with ConfidenceEstimate. Catalog prices and
	// specs never use it.
	ConfidenceDerived = "derived"
	// ConfidenceEstimate: ours — an assumption, an arithmetic derivation or a
	// figure assumed equal to another Region's; the note says how.
	ConfidenceEstimate = "estimate"
	// ConfidenceUser: anything a catalog overlay supplies (negotiated rates,
	// on-prem costs), including its note and source.
	ConfidenceUser = "user"
)

// Source says where a catalog figure comes from.
type Source struct {
	// URL is the public source.
	URL string `json:"source" yaml:"source"`
	// ReadOn is the date (YYYY-MM-DD) the source was read.
	ReadOn string `json:"read_on" yaml:"read_on"`
	// Confidence is confirmed, third-party, derived, estimate or user.
	Confidence string `json:"confidence" yaml:"confidence"`
	// Note explains caveats or derivations.
	Note string `json:"note,omitempty" yaml:"note,omitempty"`
}

// PrivateLinkServices lists AWS PrivateLink service-name suffixes.
type PrivateLinkServices struct {
	// Services are suffixes such as "ecr.api", "logs", "ssmmessages".
	Services []string `json:"services"`
	Source
}

// Catalog is the set of sourced facts the model needs: instance specs,
// prices and model constants. It is plain data; planner loads it.
type Catalog struct {
	// Version identifies the catalog snapshot.
	Version string `json:"version"`
	// ReadOn is the date of the snapshot (YYYY-MM-DD).
	ReadOn string `json:"read_on"`
	// Accelerators are per-accelerator-generation training figures (the
	// achievable matmul efficiency per precision), keyed by generation.
	Accelerators map[string]Accelerator `json:"accelerators"`
	// Instances are EC2 instance types by name.
	Instances map[string]Instance `json:"instances"`
	// Regions holds per-region service prices by region code.
	Regions map[string]RegionPrices `json:"regions"`
	// Constants are model constants (MFU, overlap, EFA efficiency...).
	Constants map[string]Constant `json:"constants"`
	// CapacityBlocks holds the purchase rules every EC2 Capacity Block shares
	// (durations, instances per block, upfront payment).
	CapacityBlocks CapacityBlockRules `json:"capacity_blocks"`
	// DXLocations are Direct Connect locations by location code (e.g. "EqDC2").
	DXLocations map[string]DXLocation `json:"dx_locations,omitempty"`
	// PrivateLinkServices are the AWS service-name suffixes
	// (com.amazonaws.REGION.<suffix>) an interface endpoint may name without
	// the custom: escape, with their source.
	PrivateLinkServices PrivateLinkServices `json:"privatelink_services,omitempty"`
	// DXLocationsSource is the source of the DX location table.
	DXLocationsSource Source `json:"dx_locations_source"`
	// DXPortHourByCountry holds dedicated port-hour prices for the countries
	// whose DX locations have their own rates (ISO code, e.g. "JP"), keyed by
	// speed in Gbps; other countries use the Region's dx_port_hour.
	DXPortHourByCountry map[string]map[string]Price `json:"dx_port_hour_by_country,omitempty"`
	// DXHostedPortHourByCountry holds hosted-connection port-hour prices for
	// those same countries, keyed by capacity in Gbps ("0.05" ... "25"); a
	// hosted connection at such a location without a figure here is
	// unpriced, never priced at the Region's rest-of-world rate.
	DXHostedPortHourByCountry map[string]map[string]Price `json:"dx_hosted_port_hour_by_country,omitempty"`
	// Overlays names the overlay files applied, in order.
	Overlays []string `json:"overlays,omitempty"`
	// Fabrics are per-generation collective-network figures (EFA and NVLink
	// latencies, NVLS, tree and all-to-all fits) keyed by a generation name
	// such as "h100-efa2"; each names the instance types it covers, and
	// "default" covers the rest.
	Fabrics map[string]FabricSpec `json:"fabrics,omitempty"`
	// OnPremNodes are on-prem GPU server types (DGX/HGX) by name, e.g. "dgx-h100".
	OnPremNodes map[string]OnPremNode `json:"onprem_nodes,omitempty"`
	// OnPremFabrics are on-prem inter-node fabrics by name, e.g. "infiniband-ndr".
	OnPremFabrics map[string]OnPremFabric `json:"onprem_fabrics,omitempty"`
	// Cities are named places with coordinates (sites, user populations and
	// DX locations refer to them); CitiesSource says where they come from.
	Cities       map[string]City `json:"cities,omitempty"`
	CitiesSource Source          `json:"cities_source"`
	// RegionLocations places each AWS Region at its named city.
	RegionLocations map[string]RegionLocation `json:"region_locations,omitempty"`
	// FrontDoor prices Route 53 latency-based routing and Global Accelerator.
	FrontDoor FrontDoorPrices `json:"front_door"`
	// InferenceThroughput is measured serving throughput per instance type and model size.
	InferenceThroughput []InferenceThroughput `json:"inference_throughput,omitempty"`
}

// OnPremNode is an on-prem GPU server type. Its accelerator figures (dense
// peak, HBM, NVLink bandwidth, matmul efficiency, the NVLink and NVLS figures
// of the fabric generation) are those of LikeInstance, the EC2 instance type
// that carries the same accelerator, so one sourced figure serves both.
type OnPremNode struct {
	// Description names the product, e.g. "NVIDIA DGX H100".
	Description string `json:"description"`
	// LikeInstance is the EC2 instance type with the same accelerator and
	// NVLink generation (e.g. p5.48xlarge for H100 SXM 80 GB).
	LikeInstance string `json:"like_instance"`
	// AcceleratorsPerNode is the accelerator count of one node.
	AcceleratorsPerNode int `json:"accelerators_per_node"`
	// NVLinkGeneration names the NVLink generation ("3", "4", "5").
	NVLinkGeneration string `json:"nvlink_generation"`
	// PowerKW is the node's maximum power draw, kW (0 = not published: the
	// scenario must give it).
	PowerKW float64 `json:"power_kw"`
	// ComputeFabricGbps is the node's compute (cluster) network, Gbps: ports × speed.
	ComputeFabricGbps float64 `json:"compute_fabric_gbps"`
	// Fabric is the default inter-node fabric (an OnPremFabrics key).
	Fabric string `json:"fabric"`
	Source
}

// OnPremFabric is an on-prem inter-node fabric (InfiniBand or RoCE).
type OnPremFabric struct {
	// Description names the fabric, e.g. "InfiniBand NDR (400 Gb/s per port)".
	Description string `json:"description"`
	// PortGbps is one port's line rate, Gbps.
	PortGbps float64 `json:"port_gbps"`
	// Values are the collective figures by name: achievable_fraction (bus
	// bandwidth / line rate), hop_latency_us, tree_base_latency_us,
	// tree_hop_latency_us; each carries its source.
	Values map[string]Constant `json:"values"`
	Source
}

// FabricSpec is one fabric generation's sourced collective figures. Source
// is the entry's own (the generation facts: NVLS, which types); every value
// carries its own source, and its note says whether it was fitted to a
// measurement (and to which) or is an estimate.
type FabricSpec struct {
	// InstanceTypes are the EC2 instance types the entry covers.
	InstanceTypes []string `json:"instance_types"`
	// NVLS says whether the nodes do NVLink SHARP (NVSwitch in-network reduction).
	NVLS bool `json:"nvls"`
	// Values are the figures by name: efa_hop_latency_us,
	// nvlink_hop_latency_us, efa_achievable_fraction,
	// nvlink_achievable_fraction, nvls_busbw_gbytes_per_s,
	// tree_base_latency_us, tree_hop_latency_us, tree_bandwidth_fraction,
	// ll_max_busbw_{1node,2nodes,4nodes}_gbytes_per_s, all_to_all_base_us,
	// all_to_all_node_us.
	Values map[string]Constant `json:"values"`
	Source
}

// Accelerator is one accelerator generation's training figures.
type Accelerator struct {
	// InstanceTypes are the instance types that carry this accelerator.
	InstanceTypes []string `json:"instance_types"`
	// MatmulEfficiency is the achievable fraction of the dense peak in a
	// transformer block's kernels, by precision ("bf16", "fp8"): compute
	// only, without communication, pipeline bubbles or recomputation. Each
	// value carries the measurement it was fitted on (docs/model.md).
	MatmulEfficiency map[string]Constant `json:"matmul_efficiency"`
}

// AcceleratorFor returns the generation name and figures of the accelerator
// an instance type carries.
func (c *Catalog) AcceleratorFor(instanceType string) (string, Accelerator, bool) {
	for name, a := range c.Accelerators {
		for _, t := range a.InstanceTypes {
			if t == instanceType {
				return name, a, true
			}
		}
	}
	return "", Accelerator{}, false
}

// Instance is an EC2 instance type's specs and prices.
type Instance struct {
	// AcceleratorModel names the accelerator, e.g. "NVIDIA H100".
	AcceleratorModel string `json:"accelerator_model"`
	// AcceleratorCount is the number of GPUs or Trainium chips.
	AcceleratorCount int `json:"accelerator_count"`
	// AcceleratorMemoryGiB is the memory of one accelerator in GiB (2^30
	// bytes), as DescribeInstanceTypes reports it (SizeInMiB / 1024).
	AcceleratorMemoryGiB float64 `json:"accelerator_memory_gib"`
	// AcceleratorMemoryBandwidthTBps is one accelerator's peak memory (HBM,
	// or GDDR for the g-family) bandwidth in TB/s (10^12 bytes per second);
	// 0 = not in the catalog.
	AcceleratorMemoryBandwidthTBps float64 `json:"accelerator_memory_bandwidth_tbps,omitempty"`
	// MemoryBandwidthSource is the source of AcceleratorMemoryBandwidthTBps
	// (an NVIDIA datasheet figure or AWS's Neuron docs, as read).
	MemoryBandwidthSource Source `json:"memory_bandwidth_source"`
	// VCPUs is the vCPU count.
	VCPUs int `json:"vcpus"`
	// MemoryGiB is the host memory in GiB.
	MemoryGiB float64 `json:"memory_gib"`
	// NetworkGbps is the aggregate network bandwidth in Gbps.
	NetworkGbps float64 `json:"network_gbps"`
	// EFA says whether the type supports Elastic Fabric Adapter.
	EFA bool `json:"efa"`
	// NetworkCards is the number of network cards.
	NetworkCards int `json:"network_cards"`
	// MaxEFAInterfaces is the maximum number of EFA interfaces (one per network card).
	MaxEFAInterfaces int `json:"max_efa_interfaces"`
	// MaxENIs is the maximum number of network interfaces.
	MaxENIs int `json:"max_enis"`
	// IPv4PerENI is the IPv4 addresses per interface.
	IPv4PerENI int `json:"ipv4_per_eni"`
	// SpecSource is the source of the specs above.
	SpecSource Source `json:"spec_source"`
	// PeakDenseBF16TFLOPS is one accelerator's peak dense BF16 TFLOPS.
	PeakDenseBF16TFLOPS float64 `json:"peak_dense_bf16_tflops"`
	// PeakDenseFP8TFLOPS is one accelerator's peak dense FP8 TFLOPS (0 = unsupported).
	PeakDenseFP8TFLOPS float64 `json:"peak_dense_fp8_tflops,omitempty"`
	// ComputeSource is the source of the TFLOPS figures.
	ComputeSource Source `json:"compute_source"`
	// IntraNodeGBpsPerAccel is the NVLink/NeuronLink bandwidth per accelerator, one direction, in GB/s.
	IntraNodeGBpsPerAccel float64 `json:"intra_node_gbps_per_accel"`
	// IntraNodeSource is the source of the intra-node figure.
	IntraNodeSource Source `json:"intra_node_source"`
	// Prices are on-demand and other prices by region code.
	Prices map[string]InstancePrice `json:"prices"`
}

// InstancePrice is what AWS sells of an instance type in one Region: its
// offerings. An option that is absent is not sold there (or not sourced):
// nothing falls back to another option.
//
//   - on-demand: OnDemandUSDPerHour > 0, sourced by the embedded Source.
//   - capacity-reservation and savings-plan bill at the on-demand rate less
//     the scenario's discount, so they are offered exactly where on-demand is.
//   - capacity-block: CapacityBlock != nil.
type InstancePrice struct {
	// OnDemandUSDPerHour is the Linux on-demand price in USD per instance-hour
	// (0 = not sold on demand in this Region).
	OnDemandUSDPerHour float64 `json:"on_demand_usd_per_hour,omitempty"`
	// Source is the source of the on-demand price (empty when not sold on demand).
	Source
	// CapacityBlock is the EC2 Capacity Block offering (nil = not sold as a Capacity Block here).
	CapacityBlock *CapacityBlockOffer `json:"capacity_block,omitempty"`
}

// CapacityBlockOffer is an EC2 Capacity Block for ML offering in one Region.
// Capacity Block rates change over time (AWS's page lists the current rate
// only), so the rate carries the date it was seen in effect and the earlier
// rates seen.
type CapacityBlockOffer struct {
	// USDPerHour is the effective price in USD per instance-hour (reservation fee).
	USDPerHour float64 `json:"usd_per_hour"`
	// EffectiveOn is the date (YYYY-MM-DD) this rate was seen in effect.
	EffectiveOn string `json:"effective_on"`
	// Location is the Local Zone that sells the block when it is not the
	// Region itself (e.g. "us-east-1-dfw-2a"); empty = the Region.
	Location string `json:"location,omitempty"`
	// UltraServer names the UltraServer bought as one unit (e.g.
	// "u-p6e-gb200x72"); empty = single instances.
	UltraServer string `json:"ultraserver,omitempty"`
	// NodesPerUnit is how many instances one UltraServer holds (1 when empty).
	NodesPerUnit int `json:"nodes_per_unit,omitempty"`
	// Earlier lists rates seen before EffectiveOn, newest first.
	Earlier []DatedRate `json:"earlier,omitempty"`
	Source
}

// DatedRate is a price seen in effect on a date.
type DatedRate struct {
	// USDPerHour is the price in USD per instance-hour.
	USDPerHour float64 `json:"usd_per_hour"`
	// EffectiveOn is the date (YYYY-MM-DD) it was seen in effect.
	EffectiveOn string `json:"effective_on"`
}

// CapacityBlockRules are the purchase rules of EC2 Capacity Blocks.
type CapacityBlockRules struct {
	// DailyIncrementUpToDays: durations are bought in 1-day increments up to this many days (14).
	DailyIncrementUpToDays int `json:"daily_increment_up_to_days"`
	// WeeklyIncrementUpToDays: beyond that, in 7-day increments up to this many days (182).
	WeeklyIncrementUpToDays int `json:"weekly_increment_up_to_days"`
	// MaxInstancesPerBlock is the most instances one block holds (64).
	MaxInstancesPerBlock int `json:"max_instances_per_block"`
	// MaxInstancesTotal is the most instances across a customer's blocks (256).
	MaxInstancesTotal int `json:"max_instances_total"`
	// PaidUpfront says the block's whole price is charged when it is bought.
	PaidUpfront bool `json:"paid_upfront"`
	Source
}

// MaxDays is the longest Capacity Block AWS sells, in days (0 when the rules are absent).
func (r CapacityBlockRules) MaxDays() int {
	return max(r.DailyIncrementUpToDays, r.WeeklyIncrementUpToDays)
}

// DXLocation is a Direct Connect location.
type DXLocation struct {
	// Name is the facility, e.g. "Equinix TY2, Tokyo".
	Name string `json:"name"`
	// Country is the ISO 3166 alpha-2 code of the location's country ("US", "JP").
	Country string `json:"country"`
	// Area groups locations the way DX data-transfer-out is priced (the
	// country code, "US", "JP"...): the key of RegionPrices.DXDataTransferOut.
	Area string `json:"area"`
	// Region is the AWS Region the location is associated with.
	Region string `json:"region"`
	// PortSpeedsGbps lists the dedicated port speeds sold there ("1", "10", "100", "400").
	PortSpeedsGbps []string `json:"port_speeds_gbps,omitempty"`
	// City is the key of the location's city in Catalog.Cities (for its
	// coordinates); empty when unknown.
	City string `json:"city,omitempty"`
}

// Price is one sourced unit price.
type Price struct {
	// USD is the price in US dollars per Unit.
	USD float64 `json:"usd"`
	// Unit names what one USD figure buys, e.g. "GB-month", "hour", "GB".
	Unit string `json:"unit"`
	Source
}

// EgressTier is one tier of a tiered per-GB price (internet data transfer
// out, S3 Standard storage).
type EgressTier struct {
	// UpToTB is the tier's cumulative upper bound in price-list TB per month
	// (1 TB = 1,024 GB, PriceListGBPerTB; 0 = unbounded).
	UpToTB float64 `json:"up_to_tb"`
	// USDPerGB is the price in USD per GB within the tier.
	USDPerGB float64 `json:"usd_per_gb"`
}

// RegionPrices are one region's service prices.
type RegionPrices struct {
	// FSxLustre prices per GB-month keyed by "DEPLOYMENT_TYPE/throughput", e.g. "PERSISTENT_2/250".
	FSxLustre map[string]Price `json:"fsx_lustre"`
	// DXPortHour is the dedicated Direct Connect port-hour price keyed by speed in Gbps ("1", "10", "100", "400").
	DXPortHour map[string]Price `json:"dx_port_hour"`
	// DXHostedPortHour is the hosted connection port-hour price keyed by speed in Gbps ("0.05" ... "25").
	DXHostedPortHour map[string]Price `json:"dx_hosted_port_hour,omitempty"`
	// DXDataTransferOut is the data transfer out over Direct Connect per GB
	// from this Region, keyed by the DX location's area (DXLocation.Area).
	DXDataTransferOut map[string]Price `json:"dx_data_transfer_out,omitempty"`
	// VPNConnectionHour is the Site-to-Site VPN connection-hour price
	// (standard tunnels, up to 1.25 Gbps each).
	VPNConnectionHour Price `json:"vpn_connection_hour"`
	// VPNLargeConnectionHour is the Site-to-Site VPN connection-hour price
	// of a connection with large-bandwidth (5 Gbps) tunnels, which AWS
	// prices apart; empty when not sourced, and then such a connection is
	// unpriced (never priced at the standard rate).
	VPNLargeConnectionHour Price `json:"vpn_large_connection_hour"`
	// InternetEgress is the tiered internet data transfer out price.
	InternetEgress []EgressTier `json:"internet_egress"`
	// Zones are the Availability Zone names an account can choose in this
	// Region (Region code and letter), from ZonesSource; empty when not
	// sourced, and then only a zone name's form is checked.
	Zones []string `json:"zones,omitempty"`
	// ZonesSource is where Zones come from, with the date read.
	ZonesSource string `json:"zones_source,omitempty"`
	// ZonesNote gives the AZ IDs behind Zones and any zone some accounts
	// see and others do not.
	ZonesNote string `json:"zones_note,omitempty"`
	// InternetEgressFreeGB is the monthly free allowance in GB.
	InternetEgressFreeGB float64 `json:"internet_egress_free_gb"`
	// InternetEgressSource is the source of the egress tiers.
	InternetEgressSource Source `json:"internet_egress_source"`
	// InterAZ is the per-GB price each direction between AZs.
	InterAZ Price `json:"inter_az"`
	// InterRegion is the per-GB price for data sent to another region.
	InterRegion Price `json:"inter_region"`
	// InterRegionTo overrides InterRegion for particular destination Regions
	// (e.g. us-east-1 → us-east-2 at $0.01/GB).
	InterRegionTo map[string]Price `json:"inter_region_to,omitempty"`
	// NATGatewayHour and NATGatewayGB are the NAT gateway hourly and processing prices.
	NATGatewayHour Price `json:"nat_gateway_hour"`
	NATGatewayGB   Price `json:"nat_gateway_gb"`
	// InterfaceEndpointHour is per endpoint per AZ per hour; InterfaceEndpointGB per GB processed.
	InterfaceEndpointHour Price `json:"interface_endpoint_hour"`
	InterfaceEndpointGB   Price `json:"interface_endpoint_gb"`
	// TransitGatewayAttachmentHour and TransitGatewayGB are Transit Gateway prices.
	TransitGatewayAttachmentHour Price `json:"transit_gateway_attachment_hour"`
	TransitGatewayGB             Price `json:"transit_gateway_gb"`
	// S3StandardGBMonth is S3 Standard storage per GB-month, first tier.
	S3StandardGBMonth Price `json:"s3_standard_gb_month"`
	// S3StandardTiers are the S3 Standard storage tiers (cumulative TB per
	// month in price-list TB of 1,024 GB; last UpToTB 0 = unbounded); their
	// source is S3StandardGBMonth's.
	S3StandardTiers []EgressTier `json:"s3_standard_tiers,omitempty"`
}

// Constant is a sourced model constant (an assumption the user may override).
type Constant struct {
	// Value is the constant's value in Unit.
	Value float64 `json:"value"`
	// Low and High bound an uncertain figure, in Unit (both 0: no range of
	// its own; topoplan then applies its default band by confidence).
	Low  float64 `json:"low,omitempty"`
	High float64 `json:"high,omitempty"`
	// RangeSource is the public source of Low and High when it differs
	// from the value's; RangeNote says how they were read or worked out.
	RangeSource string `json:"range_source,omitempty"`
	RangeNote   string `json:"range_note,omitempty"`
	// Unit names the unit ("fraction", "µs", ...).
	Unit string `json:"unit"`
	Source
}

// HoursPerMonth is the number of hours AWS bills in a month: 730 = 8760 / 12.
const HoursPerMonth = 730.0

// GBPerTB converts decimal terabytes to gigabytes.
const GBPerTB = 1000.0

// PriceListGBPerTB is the TB of AWS's price-list tier bounds: 1,024 GB
// (the "first 10 TB" of internet egress ends at 10,240 GB; the first 50 TB of
// S3 Standard at 51,200 GB).
const PriceListGBPerTB = 1024.0
