package model

// AddressPlan is the VPC's subnet layout and the hybrid address checks.
type AddressPlan struct {
	// VPCCIDRs are the VPC's primary and secondary CIDRs.
	VPCCIDRs []string `json:"vpc_cidrs"`
	// Subnets are the planned (and existing) subnets, in address order.
	Subnets []PlannedSubnet `json:"subnets"`
	// Free are the CIDR blocks left unallocated in the VPC.
	Free []string `json:"free"`
	// Conflicts are overlaps between VPC ranges and on-prem site CIDRs.
	Conflicts []AddressConflict `json:"conflicts"`
	// Fits is false when the subnets do not fit the VPC; Error then explains.
	Fits bool `json:"fits"`
	// Error explains why the layout does not fit (empty when it fits).
	Error string `json:"error,omitempty"`
	// SmallestFittingVPC is the smallest VPC prefix that would fit, when it does not.
	SmallestFittingVPC string `json:"smallest_fitting_vpc,omitempty"`
	// HeadroomPolicyPct is the growth allowance applied when sizing subnets,
	// in percent (aws.subnet_headroom_pct, default DefaultSubnetHeadroomPct).
	HeadroomPolicyPct float64 `json:"headroom_policy_pct"`
	// Clusters is each cluster's per-node address count, and whether the
	// cluster is in this VPC's region at all.
	Clusters []ClusterAddressing `json:"clusters"`
}

// ClusterAddressing is one cluster's address consumption.
type ClusterAddressing struct {
	// Name is the cluster's name.
	Name string `json:"name"`
	// Region is the cluster's region.
	Region string `json:"region"`
	// InScope is false for a cluster outside the home region: its subnets
	// belong to another VPC and are not planned here.
	InScope bool `json:"in_scope"`
	// Nodes is the instance count.
	Nodes int `json:"nodes"`
	// PerNode is the addresses one node takes, by cause.
	PerNode NodeIPs `json:"per_node"`
	// NeededIPs is Nodes × PerNode.Total.
	NeededIPs int `json:"needed_ips"`
}

// Subnet purposes.
const (
	SubnetPublic    = "public"
	SubnetPrivate   = "private"
	SubnetCluster   = "cluster"
	SubnetEndpoints = "endpoints"
	SubnetStorage   = "storage"
	SubnetExisting  = "existing"
)

// PlannedSubnet is one subnet of the address plan.
type PlannedSubnet struct {
	// Name identifies the subnet, e.g. "cluster-train-us-east-1a".
	Name string `json:"name"`
	// Purpose is public, private, cluster, endpoints, storage or existing.
	Purpose string `json:"purpose"`
	// AZ is the subnet's availability zone.
	AZ string `json:"az"`
	// CIDR is the allocated block ("" when it did not fit).
	CIDR string `json:"cidr"`
	// Cluster names the cluster whose nodes it holds (cluster subnets).
	Cluster string `json:"cluster,omitempty"`
	// UsableIPs is the block size minus the 5 addresses AWS reserves.
	UsableIPs int `json:"usable_ips"`
	// NeededIPs is what the plan consumes in it, before headroom.
	NeededIPs int `json:"needed_ips"`
	// HeadroomPct is (usable − needed) / needed × 100 (0 when nothing is needed).
	HeadroomPct float64 `json:"headroom_pct"`
	// RequiredIPs is NeededIPs with the headroom policy applied: the usable
	// addresses the subnet was sized to cover.
	RequiredIPs int `json:"required_ips"`
	// PrefixBits is the subnet's prefix length (16–28).
	PrefixBits int `json:"prefix_bits"`
	// Basis explains how NeededIPs was counted.
	Basis string `json:"basis,omitempty"`
}

// AddressConflict is an overlap between a VPC range and an on-prem range.
type AddressConflict struct {
	// VPCCIDR is the VPC (or subnet) block.
	VPCCIDR string `json:"vpc_cidr"`
	// Site names the on-prem site.
	Site string `json:"site"`
	// SiteCIDR is the overlapping on-prem block.
	SiteCIDR string `json:"site_cidr"`
}
