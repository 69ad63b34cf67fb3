package model

import (
	"math"
	"testing"
)

// p5Like carries the p5.48xlarge's network figures, written here so the test
// does not depend on the catalog snapshot: 32 network cards with one EFA
// each, 64 ENIs × 50 IPv4 addresses (EC2 User Guide, EFA and "IP addresses
// per network interface per instance type"; figures.md table 1c).
var p5Like = Instance{EFA: true, NetworkCards: 32, MaxEFAInterfaces: 32, MaxENIs: 64, IPv4PerENI: 50}

func TestUsableIPs(t *testing.T) {
	// usable = 2^(32−bits) − 5 (VPC User Guide, subnet sizing).
	tests := []struct{ bits, want int }{
		{16, 65536 - 5}, // 65,531
		{20, 4096 - 5},  // 4,091
		{24, 256 - 5},   // 251
		{28, 16 - 5},    // 11
		{30, 0},         // 4 addresses, all would be reserved
	}
	for _, tc := range tests {
		if got := UsableIPs(tc.bits); got != tc.want {
			t.Errorf("UsableIPs(/%d) = %d, want %d", tc.bits, got, tc.want)
		}
	}
}

func TestRequiredWithHeadroomAndSubnetBits(t *testing.T) {
	tests := []struct {
		name     string
		needed   int
		pct      float64
		required int
		bits     int
		ok       bool
	}{
		// 2,048 × 1.5 = 3,072: a /21 has 2,043 usable (too few), a /20 4,091.
		{"64 p5 slurm", 2048, 50, 3072, 20, true},
		// 8,256 × 1.5 = 12,384: a /19 has 8,187, a /18 16,379.
		{"64 p5 eks pd", 8256, 50, 12384, 18, true},
		// 10 × 1.1 = 11 exactly (no float creep to 12): fits a /28 (11 usable).
		{"exact fit", 10, 10, 11, 28, true},
		{"nothing needed", 0, 50, 0, 28, true},
		// 12 > 11: a /27 (27 usable).
		{"just over a /28", 12, 0, 12, 27, true},
		{"a full /16", 65531, 0, 65531, 16, true},
		{"more than a /16", 65532, 0, 65532, 16, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := RequiredWithHeadroom(tc.needed, tc.pct)
			if req != tc.required {
				t.Fatalf("RequiredWithHeadroom(%d, %g) = %d, want %d", tc.needed, tc.pct, req, tc.required)
			}
			bits, ok := SubnetBitsFor(req)
			if bits != tc.bits || ok != tc.ok {
				t.Errorf("SubnetBitsFor(%d) = /%d, %v; want /%d, %v", req, bits, ok, tc.bits, tc.ok)
			}
		})
	}
}

func TestHeadroomPct(t *testing.T) {
	// (4,091 − 2,048) / 2,048 × 100 = 99.755…%
	if got := HeadroomPct(4091, 2048); math.Abs(got-99.755859375) > 1e-9 {
		t.Errorf("HeadroomPct(4091, 2048) = %g, want 99.755859375", got)
	}
	if got := HeadroomPct(11, 0); got != 0 {
		t.Errorf("HeadroomPct with nothing needed = %g, want 0", got)
	}
}

func TestVPCCNISecondaryIPs(t *testing.T) {
	tests := []struct {
		name                  string
		pods, perENI, maxENIs int
		want                  int
	}{
		// AWS AI on EKS guide: m5.8xlarge (8 ENIs × 30) with 10 pods holds
		// 60 IPs: ⌈10/29⌉ = 1 ENI + 1 warm = 2 × 30 = 60, minus the primary
		// address counted with the interfaces = 59.
		{"m5.8xlarge 10 pods", 10, 30, 8, 59},
		// Same guide: an m5.16xlarge (15 ENIs × 50) holds 100: 2 × 50 − 1.
		{"m5.16xlarge 10 pods", 10, 50, 15, 99},
		// p5: 110 pods → ⌈110/49⌉ = 3 ENIs + 1 warm = 4 × 50 − 1 = 199.
		{"p5 110 pods", 110, 50, 64, 199},
		// Capped by the instance's ENIs: 4 × 10 − 1 = 39.
		{"capped", 1000, 10, 4, 39},
		{"no pods", 0, 50, 64, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := VPCCNISecondaryIPs(tc.pods, tc.perENI, tc.maxENIs); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestVPCCNIPrefixIPs(t *testing.T) {
	tests := []struct{ pods, want int }{
		{110, (7 + 1) * 16}, // ⌈110/16⌉ = 7 prefixes + 1 warm = 128
		{16, (1 + 1) * 16},  // 32
		{17, (2 + 1) * 16},  // 48
		{0, 0},
	}
	for _, tc := range tests {
		if got := VPCCNIPrefixIPs(tc.pods); got != tc.want {
			t.Errorf("VPCCNIPrefixIPs(%d) = %d, want %d", tc.pods, got, tc.want)
		}
	}
}

// TestClusterNodeIPs works the hand cases: 64 × p5.48xlarge with 32
// EFA interfaces under Slurm against EKS with prefix delegation.
func TestClusterNodeIPs(t *testing.T) {
	tests := []struct {
		name    string
		c       Cluster
		inst    Instance
		efa     bool
		perNode int
		total64 int // 64 nodes × perNode
	}{
		// Slurm, EFA with ENA on all 32 cards: 32 addresses per node;
		// 64 × 32 = 2,048 — the subnet-exhausting case.
		{"slurm efa", Cluster{Orchestrator: OrchestratorSlurm, EFAInterfaceType: EFAWithENA}, p5Like, true, 32, 2048},
		// Slurm, EFA-only: primary ENA only, 64 × 1 = 64.
		{"slurm efa-only", Cluster{Orchestrator: OrchestratorSlurm, EFAInterfaceType: EFAOnly}, p5Like, true, 1, 64},
		// EKS + prefix delegation, efa-only, 110 pods: 1 + 8 × 16 = 129;
		// 64 × 129 = 8,256.
		{"eks pd efa-only", Cluster{Orchestrator: OrchestratorEKS, EFAInterfaceType: EFAOnly, PrefixDelegation: true}, p5Like, true, 129, 8256},
		// EKS + prefix delegation, EFA with ENA: 32 + 128 = 160; 64 × 160 = 10,240.
		{"eks pd efa", Cluster{Orchestrator: OrchestratorEKS, EFAInterfaceType: EFAWithENA, PrefixDelegation: true}, p5Like, true, 160, 10240},
		// EKS secondary IPs, efa-only, 110 pods: 1 + 199 = 200; 64 × 200 = 12,800.
		{"eks secondary efa-only", Cluster{Orchestrator: OrchestratorEKS, EFAInterfaceType: EFAOnly}, p5Like, true, 200, 12800},
		// EKS, 40 pods with prefixes, no EFA: 1 + (3 + 1) × 16 = 65.
		{"eks pd 40 pods no efa", Cluster{Orchestrator: OrchestratorEKS, PodsPerNode: 40, PrefixDelegation: true}, p5Like, false, 65, 64 * 65},
		// EKS secondary IPs, EFA with ENA, 30 pods: 32 + (⌈30/49⌉ + 1 warm)
		// × 50 − 1 = 32 + 99 = 131. AWS's HyperPod-on-EKS figure for a p5 is
		// 81 = 50 on the primary card + 31; the difference is the CNI's
		// default warm ENI (50 addresses).
		{"eks secondary efa 30 pods", Cluster{Orchestrator: OrchestratorEKS, EFAInterfaceType: EFAWithENA, PodsPerNode: 30}, p5Like, true, 81 + 50, 64 * 131},
		// Slurm-orchestrated HyperPod: AWS says 32 per p5, one per card.
		{"hyperpod efa", Cluster{Orchestrator: OrchestratorHyperPod, EFAInterfaceType: EFAWithENA}, p5Like, true, 32, 2048},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := ClusterNodeIPs(tc.c, tc.inst, tc.efa)
			if n.Total != tc.perNode || n.InterfaceIPs+n.PodIPs != n.Total {
				t.Fatalf("per node = %+v, want total %d", n, tc.perNode)
			}
			if 64*n.Total != tc.total64 {
				t.Errorf("64 nodes = %d, want %d", 64*n.Total, tc.total64)
			}
			if n.Basis == "" {
				t.Error("no basis given")
			}
		})
	}
}

func TestFSxLustreIPs(t *testing.T) {
	tests := []struct {
		tib  float64
		want int
	}{
		{48, 20 + 1}, // 48 / 2.4 = 20 ENIs + 1
		{1.2, 1 + 1}, // ⌈0.5⌉ = 1 + 1
		{2.4, 1 + 1}, // exactly one increment
		{2.5, 2 + 1}, // ⌈1.04⌉ = 2 + 1
		{0, 0},
	}
	for _, tc := range tests {
		if got := FSxLustreIPs(tc.tib); got != tc.want {
			t.Errorf("FSxLustreIPs(%g) = %d, want %d", tc.tib, got, tc.want)
		}
	}
}
