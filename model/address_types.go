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
	// HeadroomPct is (usable − needed) / needed × 100.
	HeadroomPct float64 `json:"headroom_pct"`
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
