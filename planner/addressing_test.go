package planner

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

// testCatalog holds only what the address plan reads: a p5.48xlarge's
// network figures (32 cards, one EFA each; 64 ENIs × 50 IPv4 — EC2 User
// Guide, figures.md table 1c) and an instance without EFA.
func testCatalog() *model.Catalog {
	return &model.Catalog{Instances: map[string]model.Instance{
		"p5.48xlarge":  {AcceleratorCount: 8, EFA: true, NetworkCards: 32, MaxEFAInterfaces: 32, MaxENIs: 64, IPv4PerENI: 50},
		"g6e.48xlarge": {AcceleratorCount: 8, EFA: false, NetworkCards: 1, MaxENIs: 15, IPv4PerENI: 50},
	}}
}

// pretraining is the llm-pretraining scenario's address-relevant part:
// 64 × p5.48xlarge under Slurm in us-east-1a, 1 NAT gateway, 6 interface
// endpoints, 48 TiB of FSx for Lustre, VPC 10.64.0.0/16 over two AZs.
func pretraining() model.Scenario {
	return model.Scenario{
		Name:  "pretraining",
		Sites: []model.Site{{Name: "fra-dc1", CIDRs: []string{"10.0.0.0/14", "172.16.0.0/16"}}},
		AWS: model.AWS{Region: "us-east-1", VPCCIDR: "10.64.0.0/16", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			NATGateways: 1, InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "logs", "sts", "ssm", "ssmmessages"}},
		Clusters: []model.Cluster{{Name: "train", InstanceType: "p5.48xlarge", Nodes: 64, Orchestrator: model.OrchestratorSlurm, AZ: "us-east-1a"}},
		Storage:  model.Storage{FSxLustre: &model.FSxLustre{DeploymentType: model.FSxPersistent2, CapacityTiB: 48}},
	}
}

func addressPlan(t *testing.T, s model.Scenario) (*model.AddressPlan, []model.Finding) {
	t.Helper()
	cat := testCatalog()
	var p model.Plan
	evaluateAddressing(&p, ApplyDefaults(s, cat), cat)
	if p.Addressing == nil {
		t.Fatal("no address plan")
	}
	checkLayout(t, p.Addressing)
	return p.Addressing, p.Findings
}

// checkLayout asserts the invariants of any address plan: placed subnets lie
// inside the VPC CIDRs, are aligned, do not overlap, and their usable count
// is the block minus 5.
func checkLayout(t *testing.T, a *model.AddressPlan) {
	t.Helper()
	var vpc []netip.Prefix
	for _, c := range a.VPCCIDRs {
		vpc = append(vpc, netip.MustParsePrefix(c))
	}
	var placed []netip.Prefix
	for _, s := range a.Subnets {
		if s.CIDR == "" {
			if a.Fits {
				t.Errorf("subnet %s unplaced in a plan that fits", s.Name)
			}
			continue
		}
		p := netip.MustParsePrefix(s.CIDR)
		if p.Masked() != p {
			t.Errorf("subnet %s %s not aligned", s.Name, s.CIDR)
		}
		if s.UsableIPs != model.UsableIPs(p.Bits()) {
			t.Errorf("subnet %s: usable %d, want %d", s.Name, s.UsableIPs, model.UsableIPs(p.Bits()))
		}
		inside := false
		for _, v := range vpc {
			inside = inside || (v.Bits() <= p.Bits() && v.Contains(p.Addr()))
		}
		if !inside {
			t.Errorf("subnet %s %s outside the VPC %v", s.Name, s.CIDR, vpc)
		}
		for _, q := range placed {
			if q.Overlaps(p) {
				t.Errorf("subnet %s %s overlaps %s", s.Name, s.CIDR, q)
			}
		}
		placed = append(placed, p)
	}
}

func subnet(t *testing.T, a *model.AddressPlan, name string) model.PlannedSubnet {
	t.Helper()
	for _, s := range a.Subnets {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no subnet %s in %+v", name, a.Subnets)
	return model.PlannedSubnet{}
}

func hasFinding(fs []model.Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

// TestAddressPlanHandCases works 64 × p5.48xlarge under Slurm and under EKS
// with prefix delegation through sizing and allocation.
func TestAddressPlanHandCases(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*model.Scenario)
		needed   int
		cidr     string
		usable   int
		headroom float64
	}{
		{
			// 64 nodes × 32 IPs (EFA with ENA on every card) = 2,048;
			// × 1.5 headroom = 3,072 → /20 (4,091 usable; a /21 has 2,043).
			// Largest first, so it takes the VPC's first /20.
			// Headroom (4,091 − 2,048) / 2,048 = 99.8 %.
			name: "slurm efa", edit: func(*model.Scenario) {},
			needed: 2048, cidr: "10.64.0.0/20", usable: 4091, headroom: 100 * float64(4091-2048) / 2048,
		},
		{
			// 64 × (1 primary + (⌈110/16⌉ + 1 warm) × 16 = 128) = 64 × 129
			// = 8,256; × 1.5 = 12,384 → /18 (16,379; a /19 has 8,187).
			name: "eks prefix delegation efa-only", edit: func(s *model.Scenario) {
				s.Clusters[0].Orchestrator = model.OrchestratorEKS
				s.Clusters[0].PrefixDelegation = true
				s.Clusters[0].EFAInterfaceType = model.EFAOnly
			},
			needed: 8256, cidr: "10.64.0.0/18", usable: 16379, headroom: 100 * float64(16379-8256) / 8256,
		},
		{
			// Headroom policy 0: 2,048 → /20 still (a /21 has 2,043 < 2,048).
			name: "no headroom", edit: func(s *model.Scenario) {
				zero := 0.0
				s.AWS.SubnetHeadroomPct = &zero
			},
			needed: 2048, cidr: "10.64.0.0/20", usable: 4091, headroom: 100 * float64(4091-2048) / 2048,
		},
		{
			// efa-only under Slurm: 64 × 1 = 64; × 1.5 = 96 → /25 (123 usable).
			name: "slurm efa-only", edit: func(s *model.Scenario) { s.Clusters[0].EFAInterfaceType = model.EFAOnly },
			needed: 64, cidr: "", usable: 123, headroom: 100 * float64(123-64) / 64,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := pretraining()
			tc.edit(&s)
			a, _ := addressPlan(t, s)
			if !a.Fits {
				t.Fatalf("does not fit: %s", a.Error)
			}
			c := subnet(t, a, "cluster-train-us-east-1a")
			if c.NeededIPs != tc.needed || c.UsableIPs != tc.usable {
				t.Errorf("needed %d usable %d, want %d and %d", c.NeededIPs, c.UsableIPs, tc.needed, tc.usable)
			}
			if tc.cidr != "" && c.CIDR != tc.cidr {
				t.Errorf("CIDR %s, want %s", c.CIDR, tc.cidr)
			}
			if d := c.HeadroomPct - tc.headroom; d > 1e-9 || d < -1e-9 {
				t.Errorf("headroom %g, want %g", c.HeadroomPct, tc.headroom)
			}
		})
	}
}

func TestAddressPlanOtherSubnets(t *testing.T) {
	a, fs := addressPlan(t, pretraining())
	tests := []struct {
		name   string
		needed int
		bits   int
	}{
		{"fsx-us-east-1a", 21, 26},      // ⌈48/2.4⌉ + 1 = 21; × 1.5 = 32 > 27 (/27) → /26
		{"public-us-east-1a", 1, 28},    // 1 NAT gateway (NATs go to AZs in order)
		{"public-us-east-1b", 0, 28},    //
		{"private-us-east-1a", 2, 28},   // Slurm head + login node (estimate)
		{"endpoints-us-east-1a", 6, 28}, // 6 endpoints × 1 ENI; × 1.5 = 9 ≤ 11
		{"endpoints-us-east-1b", 6, 28}, //
	}
	for _, tc := range tests {
		s := subnet(t, a, tc.name)
		if s.NeededIPs != tc.needed || s.PrefixBits != tc.bits {
			t.Errorf("%s: needed %d /%d, want %d /%d", tc.name, s.NeededIPs, s.PrefixBits, tc.needed, tc.bits)
		}
	}
	if len(a.Conflicts) != 0 {
		t.Errorf("10.64.0.0/16 does not overlap 10.0.0.0/14 or 172.16.0.0/16, got %+v", a.Conflicts)
	}
	if !hasFinding(fs, "addr.efa-interface-ips") {
		t.Error("no finding on the 2,048 EFA interface addresses")
	}
	// Free space: the /16 minus 4,096 + 64 + 6 × 16 = 4,256 addresses.
	var free uint64
	for _, f := range a.Free {
		free += 1 << (32 - netip.MustParsePrefix(f).Bits())
	}
	if free != 65536-4256 {
		t.Errorf("free = %d addresses, want %d", free, 65536-4256)
	}
}

func TestAddressPlanRefusesWithSmallestVPC(t *testing.T) {
	s := pretraining()
	// A /20 VPC (4,096 addresses) cannot hold the /20 cluster subnet plus the
	// /26 FSx and six /28s: 4,096 + 64 + 96 = 4,256 → the next power of two
	// is 8,192, a /19.
	s.AWS.VPCCIDR = "10.64.0.0/20"
	a, fs := addressPlan(t, s)
	if a.Fits {
		t.Fatal("a /20 VPC should not fit 4,256 addresses of subnets")
	}
	if a.SmallestFittingVPC != "10.64.0.0/19" {
		t.Errorf("smallest fitting VPC %q, want 10.64.0.0/19", a.SmallestFittingVPC)
	}
	if !strings.Contains(a.Error, "/19") || !hasFinding(fs, "addr.vpc-too-small") {
		t.Errorf("error %q / findings do not explain the refusal", a.Error)
	}
}

func TestAddressPlanTooLargeForAnyVPC(t *testing.T) {
	s := pretraining()
	// EKS secondary IPs, efa-only: 64 × 200 = 12,800; × 1.5 = 19,200 >
	// 16,379 (/18) → /17 (32,763). Two such clusters fill a /16 (2 × 32,768
	// = 65,536) with no room left for the other subnets: more than a /16.
	s.Clusters[0].Orchestrator = model.OrchestratorEKS
	s.Clusters[0].EFAInterfaceType = model.EFAOnly
	c := s.Clusters[0]
	c.Name = "b"
	s.Clusters = append(s.Clusters, c)
	a, _ := addressPlan(t, s)
	if a.Fits || a.SmallestFittingVPC != "" || !strings.Contains(a.Error, "more than one VPC CIDR can hold") {
		t.Errorf("fits=%v smallest=%q error=%q", a.Fits, a.SmallestFittingVPC, a.Error)
	}
	// Adding a secondary /16 makes room.
	s.AWS.SecondaryCIDRs = []string{"100.64.0.0/16"}
	if a, _ := addressPlan(t, s); !a.Fits {
		t.Errorf("with a secondary /16: %s", a.Error)
	}
}

func TestAddressPlanSubnetLargerThan16(t *testing.T) {
	s := pretraining()
	// 2,100 × 32 = 67,200 > 65,531 usable in a /16.
	s.Clusters[0].Nodes = 2100
	_, fs := addressPlan(t, s)
	if !hasFinding(fs, "addr.subnet-too-large") {
		t.Error("no finding for a cluster subnet larger than a /16")
	}
}

func TestAddressPlanOnPremConflict(t *testing.T) {
	s := pretraining()
	s.Sites[0].CIDRs = []string{"10.0.0.0/8", "192.168.0.0/16"}
	a, fs := addressPlan(t, s)
	want := model.AddressConflict{VPCCIDR: "10.64.0.0/16", Site: "fra-dc1", SiteCIDR: "10.0.0.0/8"}
	if len(a.Conflicts) != 1 || a.Conflicts[0] != want {
		t.Errorf("conflicts = %+v, want [%+v]", a.Conflicts, want)
	}
	if !hasFinding(fs, "addr.onprem-overlap") {
		t.Error("no critical finding for the overlap")
	}
}

func TestAddressPlanOutOfRegionCluster(t *testing.T) {
	s := pretraining()
	s.Clusters = append(s.Clusters, model.Cluster{Name: "serve-west", InstanceType: "g6e.48xlarge", Nodes: 8, Region: "us-west-2", Orchestrator: model.OrchestratorEKS})
	a, fs := addressPlan(t, s)
	for _, sn := range a.Subnets {
		if sn.Cluster == "serve-west" {
			t.Errorf("out-of-region cluster placed: %+v", sn)
		}
	}
	if len(a.Clusters) != 2 || a.Clusters[1].InScope || a.Clusters[1].Region != "us-west-2" {
		t.Errorf("clusters = %+v", a.Clusters)
	}
	if !hasFinding(fs, "addr.out-of-scope") {
		t.Error("no out-of-scope finding")
	}
}

func TestAddressPlanAroundExistingSubnets(t *testing.T) {
	s := pretraining()
	s.AWS.ExistingSubnets = []model.ExistingSubnet{{Name: "legacy", CIDR: "10.64.0.0/20", AZ: "us-east-1a", ID: "subnet-0abc"}}
	a, _ := addressPlan(t, s)
	if !a.Fits {
		t.Fatal(a.Error)
	}
	if c := subnet(t, a, "cluster-train-us-east-1a"); c.CIDR != "10.64.16.0/20" {
		t.Errorf("cluster subnet %s, want the next /20 10.64.16.0/20", c.CIDR)
	}
	if e := subnet(t, a, "legacy"); e.Purpose != model.SubnetExisting || e.CIDR != "10.64.0.0/20" {
		t.Errorf("existing subnet %+v", e)
	}
}

func TestAddressPlanMultiAZCluster(t *testing.T) {
	s := pretraining()
	// 13 nodes without EFA over two AZs: 7 + 6.
	s.Clusters[0] = model.Cluster{Name: "serve", InstanceType: "g6e.48xlarge", Nodes: 13, AZs: []string{"us-east-1a", "us-east-1b"}}
	a, _ := addressPlan(t, s)
	if n := subnet(t, a, "cluster-serve-us-east-1a").NeededIPs; n != 7 {
		t.Errorf("1a needs %d, want 7", n)
	}
	if n := subnet(t, a, "cluster-serve-us-east-1b").NeededIPs; n != 6 {
		t.Errorf("1b needs %d, want 6", n)
	}
}

// FuzzAddressPlan evaluates the address plan for random VPC CIDRs, existing
// subnets, cluster sizes and settings: it never panics, and whatever it
// places stays inside the VPC without overlap (checkLayout).
func FuzzAddressPlan(f *testing.F) {
	f.Add(uint32(0x0a400000), uint8(16), uint16(64), uint8(0), uint8(50), uint32(0x0a400000), uint8(20))
	f.Add(uint32(0x0a140000), uint8(20), uint16(4), uint8(3), uint8(0), uint32(0), uint8(0))
	f.Add(uint32(0xc0a80000), uint8(28), uint16(2100), uint8(5), uint8(255), uint32(0xc0a80000), uint8(28))
	f.Fuzz(func(t *testing.T, vpcAddr uint32, vpcBits uint8, nodes uint16, mode uint8, headroom uint8, exAddr uint32, exBits uint8) {
		s := pretraining()
		vb := 16 + int(vpcBits)%13 // /16 … /28
		vpc := block{start: uint64(vpcAddr) &^ (1<<(32-vb) - 1), bits: vb}.prefix()
		s.AWS.VPCCIDR = vpc.String()
		s.Clusters[0].Nodes = int(nodes)
		s.Clusters[0].EFAInterfaceType = []string{model.EFAWithENA, model.EFAOnly}[mode%2]
		if mode&2 != 0 {
			s.Clusters[0].Orchestrator = model.OrchestratorEKS
			s.Clusters[0].PrefixDelegation = mode&4 != 0
		}
		h := float64(headroom)
		s.AWS.SubnetHeadroomPct = &h
		if exBits != 0 {
			eb := 16 + int(exBits)%13
			ex := block{start: uint64(exAddr) &^ (1<<(32-eb) - 1), bits: eb}.prefix()
			if vpc.Bits() <= ex.Bits() && vpc.Contains(ex.Addr()) {
				s.AWS.ExistingSubnets = []model.ExistingSubnet{{Name: "ex", CIDR: ex.String()}}
			}
		}
		a, _ := addressPlan(t, s)
		if a.Fits == (a.Error != "") {
			t.Errorf("fits=%v but error %q", a.Fits, a.Error)
		}
	})
}
