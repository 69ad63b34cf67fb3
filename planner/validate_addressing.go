package planner

import (
	"fmt"
	"net/netip"

	"github.com/topoplan/topoplan/model"
)

// MaxSubnetHeadroomPct bounds aws.subnet_headroom_pct: more than ten times
// the need is almost certainly a typo for a fraction or a factor.
const MaxSubnetHeadroomPct = 1000

// addressing checks the fields the address plan rests on: the headroom
// policy, the VPC CIDRs against one another, the existing subnets against
// the VPC, and the one-AZ rule of cluster placement groups.
func (v *validator) addressing() {
	s := v.s
	if h := s.AWS.SubnetHeadroomPct; h != nil && *h > MaxSubnetHeadroomPct {
		v.errorf("aws.subnet_headroom_pct", "headroom is a percentage of the need, 0-%d (got %g); 50 means half as much again", MaxSubnetHeadroomPct, *h)
	}
	type named struct {
		path string
		p    netip.Prefix
	}
	var vpc []named
	if p, err := netip.ParsePrefix(s.AWS.VPCCIDR); err == nil && p.Addr().Is4() {
		vpc = append(vpc, named{"aws.vpc_cidr", p.Masked()})
	}
	for i, c := range s.AWS.SecondaryCIDRs {
		p, err := netip.ParsePrefix(c)
		if err != nil || !p.Addr().Is4() {
			continue // reported by top()
		}
		path := fmt.Sprintf("aws.secondary_cidrs[%d]", i)
		for _, o := range vpc {
			if o.p.Overlaps(p) {
				v.errorf(path, "CIDR %s overlaps %s (%s); a VPC's CIDR blocks must not overlap", c, o.path, o.p)
			}
		}
		vpc = append(vpc, named{path, p.Masked()})
	}
	var existing []named
	for i, e := range s.AWS.ExistingSubnets {
		p, err := netip.ParsePrefix(e.CIDR)
		if err != nil || !p.Addr().Is4() {
			continue // reported by top()
		}
		path := fmt.Sprintf("aws.existing_subnets[%d].cidr", i)
		inside := false
		for _, o := range vpc {
			if o.p.Bits() <= p.Bits() && o.p.Contains(p.Addr()) {
				inside = true
			}
		}
		if !inside && len(vpc) > 0 {
			v.errorf(path, "subnet %s is not inside the VPC's CIDR blocks", e.CIDR)
		}
		for _, o := range existing {
			if o.p.Overlaps(p) {
				v.errorf(path, "subnet %s overlaps %s (%s)", e.CIDR, o.path, o.p)
			}
		}
		existing = append(existing, named{path, p.Masked()})
	}
	for i, c := range s.Clusters {
		home := c.Region == "" || c.Region == s.AWS.Region
		if home && c.Orchestrator == model.OrchestratorEKS && len(s.AWS.AvailabilityZones) == 1 {
			v.warnf(fmt.Sprintf("clusters[%d].orchestrator", i), "an EKS cluster needs subnets in at least two availability zones for its control plane; aws.availability_zones lists one (EKS User Guide, network-reqs)")
		}
		if c.PlacementGroup != nil && *c.PlacementGroup && len(c.AZs) > 1 {
			v.errorf(fmt.Sprintf("clusters[%d].placement_group", i), "a cluster placement group sits in one availability zone; it cannot span the %d AZs in azs (EC2 User Guide, placement-strategies)", len(c.AZs))
		}
	}
}
