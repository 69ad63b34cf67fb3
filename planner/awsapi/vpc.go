package awsapi

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/topoplan/topoplan/model"
)

// VPC is what an import reads about an existing VPC.
type VPC struct {
	// ID is the VPC ID.
	ID string
	// Region is the region it was read in.
	Region string
	// CIDR is the primary IPv4 CIDR.
	CIDR string
	// SecondaryCIDRs are the other associated IPv4 CIDRs, in association order.
	SecondaryCIDRs []string
	// Subnets are the VPC's IPv4 subnets, sorted by address.
	Subnets []model.ExistingSubnet
}

// ImportVPC reads a VPC's CIDRs (DescribeVpcs) and subnets (DescribeSubnets,
// every page). A VPC that does not exist in the region is a KindNotOffered error.
func ImportVPC(ctx context.Context, api EC2API, region, vpcID string, page func()) (*VPC, error) {
	if !strings.HasPrefix(vpcID, "vpc-") {
		return nil, &Error{Kind: KindOther, Op: "import vpc", Msg: fmt.Sprintf("--vpc-id %q: a VPC ID looks like vpc-0123456789abcdef0", vpcID)}
	}
	op := fmt.Sprintf("EC2 DescribeVpcs (%s in %s)", vpcID, region)
	out, err := api.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{VpcIds: []string{vpcID}})
	if err != nil {
		err = explain(op, err)
		if IsKind(err, KindNotOffered) {
			err.(*Error).Msg = fmt.Sprintf("%s: VPC %s does not exist in region %s (or this account cannot see it); check --region", op, vpcID, region)
		}
		return nil, err
	}
	if page != nil {
		page()
	}
	var v *types.Vpc
	for i := range out.Vpcs {
		if aws.ToString(out.Vpcs[i].VpcId) == vpcID {
			v = &out.Vpcs[i]
		}
	}
	if v == nil {
		return nil, &Error{Kind: KindNotOffered, Op: op, Msg: fmt.Sprintf("%s: VPC %s does not exist in region %s (or this account cannot see it); check --region", op, vpcID, region)}
	}
	res := &VPC{ID: vpcID, Region: region, CIDR: aws.ToString(v.CidrBlock)}
	if _, err := netip.ParsePrefix(res.CIDR); err != nil {
		return nil, &Error{Kind: KindMalformed, Op: op, Msg: fmt.Sprintf("%s: malformed response: primary CIDR %q: %v", op, res.CIDR, err)}
	}
	for _, a := range v.CidrBlockAssociationSet {
		c := aws.ToString(a.CidrBlock)
		if c == res.CIDR || a.CidrBlockState == nil || a.CidrBlockState.State != types.VpcCidrBlockStateCodeAssociated {
			continue
		}
		if _, err := netip.ParsePrefix(c); err != nil {
			return nil, &Error{Kind: KindMalformed, Op: op, Msg: fmt.Sprintf("%s: malformed response: secondary CIDR %q: %v", op, c, err)}
		}
		res.SecondaryCIDRs = append(res.SecondaryCIDRs, c)
	}
	op = fmt.Sprintf("EC2 DescribeSubnets (%s in %s)", vpcID, region)
	p := ec2.NewDescribeSubnetsPaginator(api, &ec2.DescribeSubnetsInput{
		Filters: []types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}},
	})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, explain(op, err)
		}
		for _, s := range out.Subnets {
			c := aws.ToString(s.CidrBlock)
			if c == "" {
				continue // IPv6-only subnet
			}
			if _, err := netip.ParsePrefix(c); err != nil {
				return nil, &Error{Kind: KindMalformed, Op: op, Msg: fmt.Sprintf("%s: malformed response: subnet %s CIDR %q: %v", op, aws.ToString(s.SubnetId), c, err)}
			}
			es := model.ExistingSubnet{CIDR: c, AZ: aws.ToString(s.AvailabilityZone), ID: aws.ToString(s.SubnetId)}
			for _, t := range s.Tags {
				if aws.ToString(t.Key) == "Name" {
					es.Name = aws.ToString(t.Value)
				}
			}
			res.Subnets = append(res.Subnets, es)
		}
		if page != nil {
			page()
		}
	}
	sort.SliceStable(res.Subnets, func(i, j int) bool {
		a, _ := netip.ParsePrefix(res.Subnets[i].CIDR)
		b, _ := netip.ParsePrefix(res.Subnets[j].CIDR)
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c < 0
		}
		return a.Bits() < b.Bits()
	})
	return res, nil
}
