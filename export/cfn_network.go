package export

import (
	"fmt"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/logs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// FlowLogRetentionDays is how long the VPC Flow Logs log group keeps
// records (a value CloudWatch Logs accepts for RetentionInDays).
const FlowLogRetentionDays = 90

// flowLogs records all VPC traffic (accepted and rejected) to a CloudWatch
// Logs group with a retention period, through a role that may write only to
// that group (AWS's reference VPC templates and cdk-nag AwsSolutions-VPC7).
func (b *cfnBuilder) flowLogs() {
	t := b.t
	// Retained when the stack goes: flow logs are the audit trail.
	t.Resources["FlowLogGroup"] = &logs.LogGroup{RetentionInDays: ptr(FlowLogRetentionDays), Tags: b.tagsFor("flow-logs"),
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain")}
	t.Resources["FlowLogRole"] = &iam.Role{
		Description: ptr("Lets VPC Flow Logs write to the flow-log group of this stack"),
		AssumeRolePolicyDocument: policyDoc(map[string]any{
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
			"Action":    "sts:AssumeRole",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": cloudformation.Ref("AWS::AccountId")}},
		}),
		Policies: []iam.Role_Policy{{
			PolicyName: "write-flow-logs",
			PolicyDocument: policyDoc(map[string]any{
				"Effect":   "Allow",
				"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
				"Resource": cloudformation.GetAtt("FlowLogGroup", "Arn"),
			}),
		}},
		Tags: b.tagsFor("flow-logs"),
	}
	t.Resources["VPCFlowLog"] = &ec2.FlowLog{
		ResourceId:               cloudformation.Ref("VPC"),
		ResourceType:             "VPC",
		TrafficType:              ptr("ALL"),
		LogDestinationType:       ptr("cloud-watch-logs"),
		LogGroupName:             ptr(cloudformation.Ref("FlowLogGroup")),
		DeliverLogsPermissionArn: ptr(cloudformation.GetAtt("FlowLogRole", "Arn")),
		Tags:                     b.tagsFor("flow-logs"),
	}
}

// policyDoc is an IAM policy document with the given statements.
func policyDoc(statements ...map[string]any) map[string]any {
	st := make([]any, len(statements))
	for i, s := range statements {
		st[i] = s
	}
	return map[string]any{"Version": "2012-10-17", "Statement": st}
}

// managedPolicy is the ARN of an AWS managed policy in the stack's partition.
func managedPolicy(name string) string {
	return cloudformation.Sub("arn:${AWS::Partition}:iam::aws:policy/" + name)
}

// endpointSubnets are the subnets interface endpoints go in: the endpoint
// subnets of the address plan, else its private subnets, else one non-public
// subnet per AZ.
func (b *cfnBuilder) endpointSubnets() []string {
	subnets := b.subnetsOf(model.SubnetEndpoints, "")
	if len(subnets) == 0 {
		subnets = b.subnetsOf(model.SubnetPrivate, "")
	}
	if len(subnets) == 0 {
		seen := map[string]bool{}
		for _, sn := range b.subnets {
			if sn.Purpose != model.SubnetPublic && !seen[sn.AZ] {
				seen[sn.AZ] = true
				subnets = append(subnets, b.subnetIDs[sn.Name])
			}
		}
	}
	var refs []string
	for _, id := range subnets {
		refs = append(refs, cloudformation.Ref(id))
	}
	return refs
}

// endpoints adds the S3 gateway endpoint on every private route table, each
// interface endpoint of the scenario (HTTPS from the VPC's CIDRs only), and
// when on-prem data lands in S3 over a private link, an S3 interface
// endpoint whose security group admits HTTPS from the VPC and from the CIDRs
// of the sites that send data (an S3 gateway endpoint cannot be reached
// from on-prem).
func (b *cfnBuilder) endpoints() {
	s := b.in.Scenario
	if s.Storage.S3 != nil || len(b.in.homeClusters()) > 0 {
		b.t.Resources["S3GatewayEndpoint"] = &TaggedVPCEndpoint{VPCEndpoint: ec2.VPCEndpoint{
			VpcId:           cloudformation.Ref("VPC"),
			ServiceName:     cloudformation.Sub("com.amazonaws.${AWS::Region}.s3"),
			VpcEndpointType: ptr("Gateway"),
			RouteTableIds:   b.privateRouteTables(),
		}, Tags: b.tagsFor("s3-gateway")}
	}
	refs := b.endpointSubnets()
	if len(s.AWS.InterfaceEndpoints) > 0 {
		var in []ec2.SecurityGroup_Ingress
		for _, c := range b.vpcCIDRs() {
			in = append(in, ec2.SecurityGroup_Ingress{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(c),
				Description: ptr("HTTPS from the VPC")})
		}
		b.t.Resources["EndpointSecurityGroup"] = &ec2.SecurityGroup{
			GroupDescription:     "Interface endpoints: HTTPS from inside the VPC",
			VpcId:                ptr(cloudformation.Ref("VPC")),
			SecurityGroupIngress: in,
			SecurityGroupEgress:  noEgress(),
			Tags:                 b.tagsFor("endpoints"),
		}
		for _, svc := range s.AWS.InterfaceEndpoints {
			if svc == "s3" {
				// Built below as S3InterfaceEndpoint, with private DNS off:
				// the VPC keeps the gateway endpoint.
				continue
			}
			// An AWS service suffix goes into Fn::Sub with "${" escaped
			// ("${!"), so no name is ever substituted (F9); a "custom:"
			// service is its own full name, no Sub at all.
			name := cloudformation.Sub("com.amazonaws.${AWS::Region}." + strings.ReplaceAll(svc, "${", "${!"))
			if full, ok := strings.CutPrefix(svc, planner.CustomEndpointPrefix); ok {
				name, svc = full, full
			}
			b.t.Resources["Endpoint"+logicalID(svc)] = &TaggedVPCEndpoint{VPCEndpoint: ec2.VPCEndpoint{
				VpcId:             cloudformation.Ref("VPC"),
				ServiceName:       name,
				VpcEndpointType:   ptr("Interface"),
				PrivateDnsEnabled: ptr(true),
				SubnetIds:         refs,
				SecurityGroupIds:  []string{cloudformation.GetAtt("EndpointSecurityGroup", "GroupId")},
			}, Tags: b.tagsFor("endpoint-" + svc)}
		}
	}
	if !b.in.s3InterfaceEndpoint() || len(refs) == 0 {
		return
	}
	var in []ec2.SecurityGroup_Ingress
	for _, c := range b.vpcCIDRs() {
		in = append(in, ec2.SecurityGroup_Ingress{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(c), Description: ptr("HTTPS from the VPC")})
	}
	for _, site := range b.in.inboundSites() {
		for _, c := range site.CIDRs {
			in = append(in, ec2.SecurityGroup_Ingress{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(c),
				Description: ptr("HTTPS from an on-prem site that sends data to S3")})
		}
	}
	b.t.Resources["S3InterfaceEndpointSecurityGroup"] = &ec2.SecurityGroup{
		GroupDescription:     "S3 interface endpoint: HTTPS from the VPC and from the on-prem sites that send data",
		VpcId:                ptr(cloudformation.Ref("VPC")),
		SecurityGroupIngress: in,
		SecurityGroupEgress:  noEgress(),
		Tags:                 b.tagsFor("s3-interface-endpoint"),
	}
	// Private DNS stays off: the gateway endpoint serves the VPC, and
	// on-prem clients use the endpoint-specific DNS names (output).
	b.t.Resources["S3InterfaceEndpoint"] = &TaggedVPCEndpoint{VPCEndpoint: ec2.VPCEndpoint{
		VpcId:             cloudformation.Ref("VPC"),
		ServiceName:       cloudformation.Sub("com.amazonaws.${AWS::Region}.s3"),
		VpcEndpointType:   ptr("Interface"),
		PrivateDnsEnabled: ptr(false),
		SubnetIds:         refs,
		SecurityGroupIds:  []string{cloudformation.GetAtt("S3InterfaceEndpointSecurityGroup", "GroupId")},
	}, Tags: b.tagsFor("s3-interface")}
}

// noEgress is the egress of a security group that never initiates traffic
// (endpoints answer on established connections): a rule that matches
// nothing, replacing the default allow-all egress.
func noEgress() []ec2.SecurityGroup_Egress {
	return []ec2.SecurityGroup_Egress{{IpProtocol: "icmp", FromPort: ptr(252), ToPort: ptr(86), CidrIp: ptr("255.255.255.255/32"),
		Description: ptr("No egress: replaces the default allow-all rule")}}
}

// hybrid adds the virtual private gateway for Direct Connect and VPN links,
// route propagation and static routes for the linked sites' CIDRs into the
// private route tables; for Direct Connect links a Direct Connect gateway
// associated with the virtual private gateway (a private VIF reaches a VGW
// in another region only through one, and it is AWS's recommended way in
// every case), and for each VPN link customer gateways and VPN connections.
// Links through a Transit Gateway are noted in the outputs only.
func (b *cfnBuilder) hybrid() {
	vgwLinks := b.in.vgwLinks()
	if len(vgwLinks) == 0 {
		return
	}
	t := b.t
	t.Resources["VirtualPrivateGateway"] = &ec2.VPNGateway{Type: "ipsec.1", Tags: b.tagsFor("vgw")}
	b.attach = "VirtualPrivateGatewayAttachment"
	t.Resources[b.attach] = &ec2.VPCGatewayAttachment{VpcId: cloudformation.Ref("VPC"), VpnGatewayId: ptr(cloudformation.Ref("VirtualPrivateGateway"))}
	t.Resources["VirtualPrivateGatewayRoutePropagation"] = &ec2.VPNGatewayRoutePropagation{
		RouteTableIds:              b.privateRouteTables(),
		VpnGatewayId:               cloudformation.Ref("VirtualPrivateGateway"),
		AWSCloudFormationDependsOn: []string{b.attach},
	}
	// Static routes for the linked sites' CIDRs, so the path to on-prem
	// does not wait for the first BGP session.
	for i, az := range b.in.Scenario.AWS.AvailabilityZones {
		for j, cidr := range siteCIDRs(b.in.vgwSites()) {
			t.Resources[fmt.Sprintf("PrivateRouteTable%dOnPremRoute%d", i+1, j+1)] = &ec2.Route{
				RouteTableId: cloudformation.Ref(b.privateRT[az]), DestinationCidrBlock: ptr(cidr),
				GatewayId: ptr(cloudformation.Ref("VirtualPrivateGateway")), AWSCloudFormationDependsOn: []string{b.attach},
			}
		}
	}
	if dx := b.in.dxOnVGW(); len(dx) > 0 {
		b.param(groupHybrid, "DirectConnectGatewayAsn", cloudformation.Parameter{
			Type: "String", Default: "64513", AllowedPattern: ptr(`^[1-9][0-9]*$`),
			Description: ptr("Amazon-side BGP ASN of the Direct Connect gateway (private ASN, not the on-prem one and not the virtual private gateway's 64512)"),
		})
		t.Resources["DirectConnectGateway"] = &DirectConnectGateway{
			DirectConnectGatewayName: cloudformation.Join("-", []string{cloudformation.Ref("AWS::StackName"), "dxgw"}),
			AmazonSideAsn:            ptr(cloudformation.Ref("DirectConnectGatewayAsn")),
			Tags:                     b.tagsFor("dxgw"),
		}
		t.Resources["DirectConnectGatewayAssociation"] = &DirectConnectGatewayAssociation{
			DirectConnectGatewayId:                cloudformation.GetAtt("DirectConnectGateway", "DirectConnectGatewayId"),
			AssociatedGatewayId:                   cloudformation.Ref("VirtualPrivateGateway"),
			AllowedPrefixesToDirectConnectGateway: b.vpcCIDRs(),
			DependsOn:                             []string{b.attach},
		}
	}
	for _, l := range vgwLinks {
		if l.Type != model.LinkVPN {
			continue
		}
		// Each Site-to-Site VPN connection has two tunnels; more tunnels
		// mean more connections, each from its own on-prem device.
		conns := max(1, (l.Tunnels+1)/2)
		base := logicalID(l.Name)
		for i := 1; i <= conns; i++ {
			id, device := base, fmt.Sprintf("the on-prem VPN device for link %s (site %s)", l.Name, l.Site)
			if conns > 1 {
				id = fmt.Sprintf("%s%d", base, i)
				device = fmt.Sprintf("on-prem VPN device %d of %d for link %s (site %s)", i, conns, l.Name, l.Site)
			}
			ipParam := id + "CustomerGatewayIp"
			b.param(groupHybrid, ipParam, cloudformation.Parameter{
				Type:           "String",
				Description:    ptr("Public IPv4 address of " + device),
				AllowedPattern: ptr(`^(\d{1,3}\.){3}\d{1,3}$`),
			})
			asnParam := id + "CustomerGatewayBgpAsn"
			b.param(groupHybrid, asnParam, cloudformation.Parameter{
				Type: "Number", Default: 65000, MinValue: ptr(1.0), MaxValue: ptr(2147483647.0),
				Description: ptr("BGP ASN of " + device + " (private range 64512-65534 or 4200000000+ need BgpAsnExtended)"),
			})
			t.Resources[id+"CustomerGateway"] = &CustomerGateway{
				Type: "ipsec.1", IpAddress: cloudformation.Ref(ipParam), BgpAsn: cloudformation.Ref(asnParam), Tags: b.tagsFor(l.Name),
			}
			t.Resources[id+"VPNConnection"] = &ec2.VPNConnection{
				Type: "ipsec.1", CustomerGatewayId: cloudformation.Ref(id + "CustomerGateway"), VpnGatewayId: ptr(cloudformation.Ref("VirtualPrivateGateway")),
				StaticRoutesOnly: ptr(false), Tags: b.tagsFor(l.Name),
			}
		}
	}
}
