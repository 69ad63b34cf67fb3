package model

import (
	"fmt"
	"math"
)

// Subnet rules of Amazon VPC, with their public source.
const (
	// ReservedIPsPerSubnet is the number of addresses AWS keeps in every
	// subnet: "The first four IP addresses and the last IP address in each
	// subnet CIDR block are not available" (network, VPC router, DNS, future
	// use, broadcast). Source: VPC User Guide, subnet sizing,
	// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
	ReservedIPsPerSubnet = 5
	// SubnetLargestPrefixBits is the largest IPv4 subnet, a /16 (65,536
	// addresses): "The allowed block size is between a /28 netmask and /16
	// netmask." Source: same page.
	SubnetLargestPrefixBits = 16
	// SubnetSmallestPrefixBits is the smallest IPv4 subnet, a /28 (16
	// addresses). Source: same page.
	SubnetSmallestPrefixBits = 28
)

// Address-consumption rules of the services the plan places in subnets.
const (
	// DefaultSubnetHeadroomPct is the growth allowance added to what each
	// subnet needs before it is sized, in percent, when the scenario sets no
	// aws.subnet_headroom_pct. 50 % is topoplan's policy (an assumption, not
	// an AWS figure): a cluster can grow by half before its subnet is full.
	DefaultSubnetHeadroomPct = 50.0
	// DefaultEKSPodsPerNode is the pod count assumed per EKS node when the
	// scenario gives none: Kubernetes' scalability guidance of "No more than
	// 110 pods per node", https://kubernetes.io/docs/setup/best-practices/cluster-large/
	DefaultEKSPodsPerNode = 110
	// VPCCNIPrefixSize is the size of one VPC CNI prefix: with prefix
	// delegation "Each secondary IP will be replaced by a (/28) prefix",
	// i.e. 16 addresses (amazon-vpc-cni-k8s v1.9.0 release notes,
	// https://github.com/aws/amazon-vpc-cni-k8s/releases/tag/v1.9.0).
	VPCCNIPrefixSize = 16
	// VPCCNIWarmENIs is the default WARM_ENI_TARGET of the VPC CNI: one whole
	// spare ENI (all its addresses) is held per node in secondary-IP mode
	// ("Default: 1 ... By default, ipamd attempts to keep 1 elastic network
	// interface and all of its IP addresses available": amazon-vpc-cni-k8s
	// README, https://github.com/aws/amazon-vpc-cni-k8s#warm_eni_target).
	// Worked example in AWS's AI on EKS guide: an m5.8xlarge (30 IPv4 per
	// ENI) running 10 pods "will hold 60 IPs total (to satisfy WARM_ENI=1)",
	// https://awslabs.github.io/ai-on-eks/docs/bestpractices/networking
	VPCCNIWarmENIs = 1
	// VPCCNIWarmPrefixes is the warm pool with prefix delegation: "IPAMD will
	// keep a free prefix in warm pool" (v1.9.0 release notes, above).
	VPCCNIWarmPrefixes = 1
	// EKSControlPlaneIPsPerSubnet is what the EKS control plane needs in each
	// subnet given to the cluster: "The subnets must each have at least six
	// IP addresses for use by Amazon EKS. However, we recommend at least 16"
	// (the subnets must be in at least two AZs). Source: EKS User Guide, network
	// requirements, https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
	EKSControlPlaneIPsPerSubnet = 6
	// NATGatewayIPs is the private address of one NAT gateway in its public
	// subnet (one network interface). Source: VPC User Guide, NAT gateways,
	// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
	NATGatewayIPs = 1
	// InterfaceEndpointIPsPerAZ is the address of an interface endpoint in
	// each subnet it is given: "For each subnet that you specify, we create
	// an endpoint network interface". Source: AWS PrivateLink guide,
	// https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
	InterfaceEndpointIPsPerAZ = 1
	// LoadBalancerFreeIPsPerSubnet is the free addresses an Application Load
	// Balancer wants in each of its subnets ("at least eight free IP
	// addresses", with at least a /27). Source: ELB guide, subnets for your
	// load balancer, https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
	// ("verify that each subnet for your load balancer has a CIDR block with
	// at least a /27 bitmask ... and has at least 8 free IP addresses"; the
	// wording is quoted in many secondary sources, the current page was not
	// re-read: third-party confidence).
	LoadBalancerFreeIPsPerSubnet = 8
	// FSxLustreTiBPerIP is topoplan's ESTIMATE of FSx for Lustre's address
	// use: one network interface per 2.4 TiB storage increment (roughly one
	// per file server) plus one for metadata. AWS says only that a Lustre
	// file system "can have more than one" network interface
	// (FileSystem.NetworkInterfaceIds, FSx API); no per-size count was found.
	// UNCONFIRMED.
	FSxLustreTiBPerIP = 2.4
)

// EFA interface types (scenario clusters[].efa_interface_type).
const (
	// EFAWithENA is an EFA interface that also carries an ENA device and so
	// one private IPv4 address (the "efa" type).
	EFAWithENA = "efa"
	// EFAOnly is an EFA-only interface: "You can't assign an IP address to
	// an EFA-only network interface." Source: EC2 User Guide, create-efa,
	// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/create-efa.html
	EFAOnly = "efa-only"
)

// BlockAddresses is the number of addresses in a /bits IPv4 block: 2^(32−bits).
func BlockAddresses(bits int) int {
	if bits < 0 || bits > 32 {
		return 0
	}
	return 1 << (32 - bits)
}

// UsableIPs is the number of addresses a /bits subnet offers:
// 2^(32−bits) − 5 reserved (ReservedIPsPerSubnet); /24 → 251, /28 → 11,
// /16 → 65,531. It is 0 for blocks of 5 addresses or fewer.
func UsableIPs(bits int) int {
	return max(BlockAddresses(bits)-ReservedIPsPerSubnet, 0)
}

// RequiredWithHeadroom is the usable addresses a subnet must offer for
// neededIPs with headroomPct percent of growth: ⌈needed × (1 + pct/100)⌉.
func RequiredWithHeadroom(neededIPs int, headroomPct float64) int {
	if neededIPs <= 0 {
		return 0
	}
	return int(math.Ceil(float64(neededIPs) * (1 + headroomPct/100) * (1 - 1e-12)))
}

// SubnetBitsFor is the smallest subnet (largest prefix length, /28 at most)
// whose usable addresses cover requiredIPs. ok is false when even a /16
// (65,531 usable) is too small; bits is then 16.
func SubnetBitsFor(requiredIPs int) (bits int, ok bool) {
	for b := SubnetSmallestPrefixBits; b >= SubnetLargestPrefixBits; b-- {
		if UsableIPs(b) >= requiredIPs {
			return b, true
		}
	}
	return SubnetLargestPrefixBits, false
}

// HeadroomPct is the spare share of a subnet: (usable − needed) / needed ×
// 100, in percent. It is 0 when nothing is needed (no ratio to report).
func HeadroomPct(usableIPs, neededIPs int) float64 {
	if neededIPs <= 0 {
		return 0
	}
	return 100 * float64(usableIPs-neededIPs) / float64(neededIPs)
}

// NodeIPs is the private IPv4 addresses one node of a cluster takes from its
// subnet, by cause.
type NodeIPs struct {
	// InterfaceIPs are the addresses of the node's network interfaces: the
	// primary ENI plus each additional EFA-with-ENA interface.
	InterfaceIPs int `json:"interface_ips"`
	// EFAInterfaces is the number of EFA interfaces attached (one per
	// network card), whether or not they carry an address.
	EFAInterfaces int `json:"efa_interfaces"`
	// PodIPs are the addresses the EKS VPC CNI holds for pods (0 off EKS).
	PodIPs int `json:"pod_ips"`
	// Total is InterfaceIPs + PodIPs.
	Total int `json:"total"`
	// Basis explains the arithmetic in one line.
	Basis string `json:"basis"`
}

// InterfaceIPsPerNode counts the addresses of a node's network interfaces.
//
// Without EFA a node has its primary ENI: 1 address. With EFA, one EFA
// interface is attached per network card up to inst.MaxEFAInterfaces ("one
// EFA per network card", EC2 User Guide efa.html; a p5.48xlarge has 32):
//   - "efa" (EFA with ENA): every interface, the primary included, is an
//     EFA with an ENA device and one address (eksctl's efaEnabled and
//     Karpenter configure "all interfaces" as type EFA: EKS User Guide,
//     https://docs.aws.amazon.com/eks/latest/userguide/device-management-efa.html),
//     so the node takes MaxEFAInterfaces addresses. AWS confirms the figure
//     for p5: "each P5 instance can create 32 IP addresses (one per network
//     card)" (SageMaker HyperPod prerequisites, Slurm-orchestrated clusters,
//     https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-hyperpod-prerequisites.html).
//     This is how p5 clusters exhaust their subnets.
//   - "efa-only": the primary is an ENA interface (an EFA-only interface
//     cannot be primary and "You can't assign an IP address to an EFA-only
//     network interface": EC2 User Guide create-efa and efa-acc-inst-types),
//     so the node takes 1 address.
//
// It returns the addresses and the EFA interface count.
func InterfaceIPsPerNode(inst Instance, efa bool, interfaceType string) (ips, efaInterfaces int) {
	if !efa {
		return 1, 0
	}
	efaInterfaces = max(inst.MaxEFAInterfaces, 1)
	if interfaceType == EFAOnly {
		return 1, efaInterfaces
	}
	return efaInterfaces, efaInterfaces
}

// VPCCNISecondaryIPs is the addresses the Amazon VPC CNI holds for pods on a
// node in secondary-IP mode (the default), beyond the primary ENI's own
// address. Each ENI has ipv4PerENI addresses of which the first is the ENI's
// primary and not given to pods (awslabs/amazon-eks-ami eni-max-pods.txt:
// max pods = ENIs × (IPv4 per ENI − 1) + 2). The CNI attaches
// ⌈pods / (ipv4PerENI − 1)⌉ ENIs plus VPCCNIWarmENIs spare, capped at
// maxENIs, and fills each: held = ENIs × ipv4PerENI − 1.
// Check: m5.8xlarge (30 per ENI), 10 pods: 2 ENIs × 30 − 1 = 59, + the
// primary = 60, AWS's worked example.
func VPCCNISecondaryIPs(pods, ipv4PerENI, maxENIs int) int {
	if pods <= 0 || ipv4PerENI < 2 {
		return 0
	}
	enis := (pods+ipv4PerENI-2)/(ipv4PerENI-1) + VPCCNIWarmENIs
	if maxENIs > 0 {
		enis = min(enis, maxENIs)
	}
	return enis*ipv4PerENI - 1
}

// VPCCNIPrefixIPs is the addresses the VPC CNI holds for pods on a node with
// prefix delegation: ⌈pods / 16⌉ /28 prefixes plus VPCCNIWarmPrefixes spare,
// 16 addresses each. Prefixes need contiguous, aligned /28 blocks free in the
// subnet (EKS User Guide, cni-increase-ip-addresses-procedure).
// Example: 110 pods → 7 + 1 = 8 prefixes = 128 addresses.
func VPCCNIPrefixIPs(pods int) int {
	if pods <= 0 {
		return 0
	}
	prefixes := (pods+VPCCNIPrefixSize-1)/VPCCNIPrefixSize + VPCCNIWarmPrefixes
	return prefixes * VPCCNIPrefixSize
}

// ClusterNodeIPs counts the addresses one node of cluster c takes: its
// interfaces (InterfaceIPsPerNode) and, under EKS, its pods
// (VPCCNISecondaryIPs or VPCCNIPrefixIPs; pods_per_node defaults to
// DefaultEKSPodsPerNode). Slurm, HyperPod and unorchestrated nodes take only
// their interface addresses: orchestrator "hyperpod" is the Slurm-orchestrated
// HyperPod, for which AWS gives 32 per p5 (one per network card, see
// InterfaceIPsPerNode). For EKS-orchestrated HyperPod AWS gives 81 per p5
// ("50 from the primary card plus one from each of the remaining 31"), which
// is this function's EKS count without the VPC CNI's warm ENI: 32 + 49; use
// orchestrator eks for it (the count here is then higher by the warm ENI).
// efa is the cluster's effective EFA setting.
func ClusterNodeIPs(c Cluster, inst Instance, efa bool) NodeIPs {
	var n NodeIPs
	n.InterfaceIPs, n.EFAInterfaces = InterfaceIPsPerNode(inst, efa, c.EFAInterfaceType)
	switch {
	case !efa:
		n.Basis = "1 primary ENI"
	case c.EFAInterfaceType == EFAOnly:
		n.Basis = fmt.Sprintf("1 primary ENA + %d EFA-only interfaces × 0 IP", n.EFAInterfaces)
	default:
		n.Basis = fmt.Sprintf("%d EFA-with-ENA interfaces × 1 IP, primary included", n.EFAInterfaces)
	}
	if c.Orchestrator == OrchestratorEKS {
		pods := c.PodsPerNode
		if pods == 0 {
			pods = DefaultEKSPodsPerNode
		}
		if c.PrefixDelegation {
			n.PodIPs = VPCCNIPrefixIPs(pods)
			n.Basis += fmt.Sprintf(" + %d pods: %d /28 prefixes (1 warm) = %d", pods, n.PodIPs/VPCCNIPrefixSize, n.PodIPs)
		} else {
			n.PodIPs = VPCCNISecondaryIPs(pods, inst.IPv4PerENI, inst.MaxENIs)
			n.Basis += fmt.Sprintf(" + %d pods: secondary IPs on ENIs of %d (1 warm ENI) = %d", pods, inst.IPv4PerENI, n.PodIPs)
		}
	}
	n.Total = n.InterfaceIPs + n.PodIPs
	return n
}

// FSxLustreIPs is the ESTIMATED addresses an FSx for Lustre file system of
// capacityTiB takes in its subnet: ⌈capacity / FSxLustreTiBPerIP⌉ + 1
// (UNCONFIRMED, see FSxLustreTiBPerIP). 48 TiB → 20 + 1 = 21.
func FSxLustreIPs(capacityTiB float64) int {
	if capacityTiB <= 0 {
		return 0
	}
	return int(math.Ceil(capacityTiB/FSxLustreTiBPerIP*(1-1e-12))) + 1
}
