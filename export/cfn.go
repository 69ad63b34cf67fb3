package export

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strings"
	"unicode"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/eks"
	"github.com/awslabs/goformation/v7/cloudformation/fsx"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/tags"

	"github.com/topoplan/topoplan/model"
)

// TagScenario is the tag key naming the scenario on every taggable resource.
const TagScenario = "topoplan:scenario"

// CloudFormation builds a CloudFormation skeleton (YAML) of the home
// region's VPC from the plan: the VPC and its secondary CIDRs, the subnets
// exactly as the address plan laid them out, route tables, an internet
// gateway and NAT gateways only where the plan has public subnets and NAT,
// the S3 gateway endpoint and the interface endpoints, a security group
// whose only rules admit itself (EFA needs all traffic to and from itself)
// plus HTTPS egress, cluster placement groups, launch templates with each
// instance type's EFA interfaces, FSx for Lustre, a virtual private gateway
// with route propagation for Direct Connect and VPN, and EKS or SageMaker
// HyperPod resources for those orchestrators. What an operator must supply
// (AMI, IAM roles, capacity reservation IDs, customer gateway addresses) are
// Parameters; no key material is embedded.
//
// It fails, naming the problem, when the plan has no address plan, when the
// subnets do not fit the VPC, or when the FSx capacity is not one FSx accepts.
// Clusters outside the home region are out of scope: the template's
// Description and an Output name them.
func CloudFormation(in Input) ([]byte, error) {
	b, err := newCFNBuilder(in)
	if err != nil {
		return nil, err
	}
	if err := b.build(); err != nil {
		return nil, err
	}
	y, err := b.t.YAML()
	if err != nil {
		return nil, fmt.Errorf("encode template: %w", err)
	}
	return y, nil
}

// cfnBuilder assembles one template.
type cfnBuilder struct {
	in Input
	t  *cloudformation.Template
	// subnet logical IDs by subnet name, and the planned subnets by purpose
	subnetIDs map[string]string
	subnets   []model.PlannedSubnet
	// private route table logical ID per AZ; public route table
	privateRT map[string]string
	publicRT  string
	azParam   map[string]string
	sg        string
	attach    string
	conds     map[string]any
}

func newCFNBuilder(in Input) (*cfnBuilder, error) {
	a := in.Plan.Addressing
	if a == nil || len(a.Subnets) == 0 {
		return nil, errors.New("the plan has no address plan: CloudFormation subnets come from it")
	}
	if !a.Fits {
		msg := "the subnets do not fit the VPC"
		if a.Error != "" {
			msg += ": " + a.Error
		}
		if a.SmallestFittingVPC != "" {
			msg += fmt.Sprintf(" (smallest VPC that fits: %s)", a.SmallestFittingVPC)
		}
		return nil, errors.New(msg)
	}
	if f := in.Scenario.Storage.FSxLustre; f != nil {
		if err := FSxCapacityError(*f); err != nil {
			return nil, err
		}
	}
	return &cfnBuilder{
		in:        in,
		t:         cloudformation.NewTemplate(),
		subnetIDs: map[string]string{},
		privateRT: map[string]string{},
		azParam:   map[string]string{},
		conds:     map[string]any{},
	}, nil
}

func (b *cfnBuilder) build() error {
	s := b.in.Scenario
	t := b.t
	t.Description = b.description()
	b.azParameters()
	b.vpc()
	if err := b.subnetsAndRoutes(); err != nil {
		return err
	}
	b.endpoints()
	b.securityGroup()
	b.hybrid()
	for _, c := range b.in.homeClusters() {
		if err := b.cluster(c); err != nil {
			return err
		}
	}
	if s.Storage.FSxLustre != nil {
		if err := b.fsx(*s.Storage.FSxLustre); err != nil {
			return err
		}
	}
	b.outputs()
	if len(b.conds) > 0 {
		t.Conditions = b.conds
	}
	return nil
}

func (b *cfnBuilder) description() string {
	s := b.in.Scenario
	d := fmt.Sprintf("topoplan skeleton for scenario %s: home VPC in %s (catalog %s).", s.Name, s.AWS.Region, b.in.Plan.Catalog.Version)
	if r := b.in.remoteClusters(); len(r) > 0 {
		var names []string
		for _, c := range r {
			names = append(names, fmt.Sprintf("%s (%s)", c.Name, c.Region))
		}
		d += " Not in this template (outside the home region): " + strings.Join(names, ", ") + "."
	}
	return d
}

// tagsFor returns the standard tags: Name and the scenario.
func (b *cfnBuilder) tagsFor(name string) []tags.Tag {
	return []tags.Tag{{Key: "Name", Value: b.in.Scenario.Name + "-" + name}, {Key: TagScenario, Value: b.in.Scenario.Name}}
}

// azParameters adds one AvailabilityZone parameter per AZ, defaulting to the
// planned AZ (so no AZ name is hard-coded in a resource).
func (b *cfnBuilder) azParameters() {
	for i, az := range b.in.Scenario.AWS.AvailabilityZones {
		id := fmt.Sprintf("AvailabilityZone%d", i+1)
		b.azParam[az] = id
		b.t.Parameters[id] = cloudformation.Parameter{
			Type:        "AWS::EC2::AvailabilityZone::Name",
			Description: ptr(fmt.Sprintf("Availability zone %d of the plan", i+1)),
			Default:     az,
		}
	}
}

func (b *cfnBuilder) azRef(az string) (string, error) {
	p, ok := b.azParam[az]
	if !ok {
		return "", fmt.Errorf("subnet AZ %q is not one of aws.availability_zones", az)
	}
	return cloudformation.Ref(p), nil
}

func (b *cfnBuilder) vpc() {
	s := b.in.Scenario
	cidrs := b.in.Plan.Addressing.VPCCIDRs
	if len(cidrs) == 0 {
		cidrs = append([]string{s.AWS.VPCCIDR}, s.AWS.SecondaryCIDRs...)
	}
	b.t.Resources["VPC"] = &ec2.VPC{
		CidrBlock:          ptr(cidrs[0]),
		EnableDnsHostnames: ptr(true),
		EnableDnsSupport:   ptr(true),
		Tags:               b.tagsFor("vpc"),
	}
	for i, c := range cidrs[1:] {
		b.t.Resources[fmt.Sprintf("VPCSecondaryCidr%d", i+1)] = &ec2.VPCCidrBlock{VpcId: cloudformation.Ref("VPC"), CidrBlock: ptr(c)}
	}
}

// secondaryFor returns the logical ID of the secondary CIDR block holding a
// subnet ("" when the subnet is in the primary CIDR).
func (b *cfnBuilder) secondaryFor(cidr string) string {
	cidrs := b.in.Plan.Addressing.VPCCIDRs
	for i, c := range cidrs {
		if i > 0 && cidrContains(c, cidr) {
			return fmt.Sprintf("VPCSecondaryCidr%d", i)
		}
	}
	return ""
}

func (b *cfnBuilder) subnetsAndRoutes() error {
	s := b.in.Scenario
	hasPublic := false
	for _, sn := range b.in.Plan.Addressing.Subnets {
		if sn.Purpose == model.SubnetExisting {
			continue
		}
		if sn.CIDR == "" {
			return fmt.Errorf("subnet %s has no CIDR in the address plan", sn.Name)
		}
		az, err := b.azRef(sn.AZ)
		if err != nil {
			return err
		}
		id := "Subnet" + logicalID(sn.Name)
		b.subnetIDs[sn.Name] = id
		b.subnets = append(b.subnets, sn)
		res := &ec2.Subnet{
			VpcId:               cloudformation.Ref("VPC"),
			CidrBlock:           ptr(sn.CIDR),
			AvailabilityZone:    ptr(az),
			MapPublicIpOnLaunch: ptr(false),
			Tags:                append(b.tagsFor(sn.Name), tags.Tag{Key: "topoplan:purpose", Value: sn.Purpose}),
		}
		if sec := b.secondaryFor(sn.CIDR); sec != "" {
			res.AWSCloudFormationDependsOn = []string{sec}
		}
		b.t.Resources[id] = res
		if sn.Purpose == model.SubnetPublic {
			hasPublic = true
		}
	}
	if s.AWS.NATGateways > 0 && !hasPublic {
		return errors.New("the scenario has NAT gateways but the address plan has no public subnet to put them in")
	}
	if hasPublic {
		b.t.Resources["InternetGateway"] = &ec2.InternetGateway{Tags: b.tagsFor("igw")}
		b.t.Resources["InternetGatewayAttachment"] = &ec2.VPCGatewayAttachment{VpcId: cloudformation.Ref("VPC"), InternetGatewayId: ptr(cloudformation.Ref("InternetGateway"))}
		b.publicRT = "PublicRouteTable"
		b.t.Resources[b.publicRT] = &ec2.RouteTable{VpcId: cloudformation.Ref("VPC"), Tags: b.tagsFor("public")}
		b.t.Resources["PublicDefaultRoute"] = &ec2.Route{
			RouteTableId:               cloudformation.Ref(b.publicRT),
			DestinationCidrBlock:       ptr("0.0.0.0/0"),
			GatewayId:                  ptr(cloudformation.Ref("InternetGateway")),
			AWSCloudFormationDependsOn: []string{"InternetGatewayAttachment"},
		}
	}
	// NAT gateways: one in the public subnet of each of the first N AZs.
	nat := map[string]string{}
	var natOrder []string
	for i, az := range s.AWS.AvailabilityZones {
		if i >= s.AWS.NATGateways {
			break
		}
		pub := b.firstSubnet(model.SubnetPublic, az)
		if pub == "" {
			return fmt.Errorf("NAT gateway %d: the address plan has no public subnet in %s", i+1, az)
		}
		eip := fmt.Sprintf("NatEIP%d", i+1)
		ng := fmt.Sprintf("NatGateway%d", i+1)
		b.t.Resources[eip] = &ec2.EIP{Domain: ptr("vpc"), Tags: b.tagsFor(fmt.Sprintf("nat-%d", i+1)),
			AWSCloudFormationDependsOn: []string{"InternetGatewayAttachment"}}
		b.t.Resources[ng] = &ec2.NatGateway{AllocationId: ptr(cloudformation.GetAtt(eip, "AllocationId")), SubnetId: cloudformation.Ref(pub), Tags: b.tagsFor(fmt.Sprintf("nat-%d", i+1))}
		nat[az] = ng
		natOrder = append(natOrder, ng)
	}
	// Private route tables, one per AZ; default route through the AZ's NAT
	// gateway, or the first one.
	for i, az := range s.AWS.AvailabilityZones {
		rt := fmt.Sprintf("PrivateRouteTable%d", i+1)
		b.privateRT[az] = rt
		b.t.Resources[rt] = &ec2.RouteTable{VpcId: cloudformation.Ref("VPC"), Tags: b.tagsFor("private-" + az)}
		ng := nat[az]
		if ng == "" && len(natOrder) > 0 {
			ng = natOrder[0]
		}
		if ng != "" {
			b.t.Resources[fmt.Sprintf("PrivateDefaultRoute%d", i+1)] = &ec2.Route{
				RouteTableId: cloudformation.Ref(rt), DestinationCidrBlock: ptr("0.0.0.0/0"), NatGatewayId: ptr(cloudformation.Ref(ng)),
			}
		}
	}
	for _, sn := range b.subnets {
		id := b.subnetIDs[sn.Name]
		rt := b.privateRT[sn.AZ]
		if sn.Purpose == model.SubnetPublic {
			rt = b.publicRT
		}
		b.t.Resources[id+"RouteTable"] = &ec2.SubnetRouteTableAssociation{SubnetId: cloudformation.Ref(id), RouteTableId: cloudformation.Ref(rt)}
	}
	return nil
}

// firstSubnet returns the logical ID of the first planned subnet with a
// purpose in an AZ ("" when none).
func (b *cfnBuilder) firstSubnet(purpose, az string) string {
	for _, sn := range b.subnets {
		if sn.Purpose == purpose && sn.AZ == az {
			return b.subnetIDs[sn.Name]
		}
	}
	return ""
}

// subnetsOf returns the logical IDs of the planned subnets with a purpose
// (and, for cluster subnets, a cluster), in address-plan order.
func (b *cfnBuilder) subnetsOf(purpose, cluster string) []string {
	var out []string
	for _, sn := range b.subnets {
		if sn.Purpose == purpose && (cluster == "" || sn.Cluster == cluster) {
			out = append(out, b.subnetIDs[sn.Name])
		}
	}
	return out
}

func (b *cfnBuilder) privateRouteTables() []string {
	var out []string
	for _, az := range b.in.Scenario.AWS.AvailabilityZones {
		out = append(out, cloudformation.Ref(b.privateRT[az]))
	}
	return out
}

func (b *cfnBuilder) endpoints() {
	s := b.in.Scenario
	if s.Storage.S3 != nil || len(b.in.homeClusters()) > 0 {
		b.t.Resources["S3GatewayEndpoint"] = &ec2.VPCEndpoint{
			VpcId:           cloudformation.Ref("VPC"),
			ServiceName:     cloudformation.Sub("com.amazonaws.${AWS::Region}.s3"),
			VpcEndpointType: ptr("Gateway"),
			RouteTableIds:   b.privateRouteTables(),
		}
	}
	if len(s.AWS.InterfaceEndpoints) == 0 {
		return
	}
	subnets := b.subnetsOf(model.SubnetEndpoints, "")
	if len(subnets) == 0 {
		subnets = b.subnetsOf(model.SubnetPrivate, "")
	}
	if len(subnets) == 0 {
		// One subnet per AZ from whatever private subnets the plan has.
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
	b.t.Resources["EndpointSecurityGroup"] = &ec2.SecurityGroup{
		GroupDescription: "Interface endpoints: HTTPS from inside the VPC",
		VpcId:            ptr(cloudformation.Ref("VPC")),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{{
			IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(cloudformation.GetAtt("VPC", "CidrBlock")),
			Description: ptr("HTTPS from the VPC's primary CIDR"),
		}},
		Tags: b.tagsFor("endpoints"),
	}
	for _, svc := range s.AWS.InterfaceEndpoints {
		b.t.Resources["Endpoint"+logicalID(svc)] = &ec2.VPCEndpoint{
			VpcId:             cloudformation.Ref("VPC"),
			ServiceName:       cloudformation.Sub("com.amazonaws.${AWS::Region}." + svc),
			VpcEndpointType:   ptr("Interface"),
			PrivateDnsEnabled: ptr(true),
			SubnetIds:         refs,
			SecurityGroupIds:  []string{cloudformation.Ref("EndpointSecurityGroup")},
		}
	}
}

// securityGroup adds the compute security group. EFA requires a security
// group "that allows all inbound and outbound traffic to and from the
// security group itself" (docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-start.html);
// besides that it only allows HTTPS out (package repositories and AWS APIs
// through NAT or endpoints). No ingress from anywhere else.
func (b *cfnBuilder) securityGroup() {
	if len(b.in.homeClusters()) == 0 && b.in.Scenario.Storage.FSxLustre == nil {
		return
	}
	b.sg = "ClusterSecurityGroup"
	b.t.Resources[b.sg] = &ec2.SecurityGroup{
		GroupDescription: "Compute and FSx: all traffic within the group (EFA, Lustre), HTTPS out",
		VpcId:            ptr(cloudformation.Ref("VPC")),
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{
			IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr("0.0.0.0/0"),
			Description: ptr("HTTPS to AWS APIs and package repositories"),
		}},
		Tags: b.tagsFor("cluster"),
	}
	b.t.Resources["ClusterSecurityGroupIngressSelf"] = &ec2.SecurityGroupIngress{
		GroupId: ptr(cloudformation.GetAtt(b.sg, "GroupId")), IpProtocol: "-1",
		SourceSecurityGroupId: ptr(cloudformation.GetAtt(b.sg, "GroupId")),
		Description:           ptr("All traffic from members of this group (EFA, Lustre)"),
	}
	b.t.Resources["ClusterSecurityGroupEgressSelf"] = &ec2.SecurityGroupEgress{
		GroupId: cloudformation.GetAtt(b.sg, "GroupId"), IpProtocol: "-1",
		DestinationSecurityGroupId: ptr(cloudformation.GetAtt(b.sg, "GroupId")),
		Description:                ptr("All traffic to members of this group (EFA, Lustre)"),
	}
}

// hybrid adds the virtual private gateway for Direct Connect and VPN links,
// route propagation into the private route tables, and for each VPN link a
// customer gateway and VPN connection whose public IP and ASN the operator
// supplies. Links through a Transit Gateway are noted in the outputs only.
func (b *cfnBuilder) hybrid() {
	s := b.in.Scenario
	var vgwLinks []model.Link
	for _, l := range s.Links {
		if !l.TransitGateway {
			vgwLinks = append(vgwLinks, l)
		}
	}
	if len(vgwLinks) == 0 {
		return
	}
	b.t.Resources["VirtualPrivateGateway"] = &ec2.VPNGateway{Type: "ipsec.1", Tags: b.tagsFor("vgw")}
	b.attach = "VirtualPrivateGatewayAttachment"
	b.t.Resources[b.attach] = &ec2.VPCGatewayAttachment{VpcId: cloudformation.Ref("VPC"), VpnGatewayId: ptr(cloudformation.Ref("VirtualPrivateGateway"))}
	b.t.Resources["VirtualPrivateGatewayRoutePropagation"] = &ec2.VPNGatewayRoutePropagation{
		RouteTableIds:              b.privateRouteTables(),
		VpnGatewayId:               cloudformation.Ref("VirtualPrivateGateway"),
		AWSCloudFormationDependsOn: []string{b.attach},
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
			b.t.Parameters[ipParam] = cloudformation.Parameter{
				Type:           "String",
				Description:    ptr("Public IPv4 address of " + device),
				AllowedPattern: ptr(`^(\d{1,3}\.){3}\d{1,3}$`),
			}
			// goformation types BgpAsn as an integer, so it cannot take a
			// parameter; 65000 (private ASN range) is a placeholder the outputs flag.
			b.t.Resources[id+"CustomerGateway"] = &ec2.CustomerGateway{
				Type: "ipsec.1", IpAddress: cloudformation.Ref(ipParam), BgpAsn: ptr(65000), Tags: b.tagsFor(l.Name),
			}
			b.t.Outputs[id+"CustomerGatewayAsn"] = cloudformation.Output{Value: "65000",
				Description: ptr("BGP ASN assumed for " + device + ": edit the template if yours differs")}
			b.t.Resources[id+"VPNConnection"] = &ec2.VPNConnection{
				Type: "ipsec.1", CustomerGatewayId: cloudformation.Ref(id + "CustomerGateway"), VpnGatewayId: ptr(cloudformation.Ref("VirtualPrivateGateway")),
				StaticRoutesOnly: ptr(false), Tags: b.tagsFor(l.Name),
			}
		}
	}
}

// cluster adds a home-region cluster: placement group, launch template and
// the orchestrator's resources.
func (b *cfnBuilder) cluster(c model.Cluster) error {
	id := logicalID(c.Name)
	inst := b.in.instance(c.InstanceType)
	subnets := b.subnetsOf(model.SubnetCluster, c.Name)
	if len(subnets) == 0 {
		return fmt.Errorf("cluster %s: the address plan has no cluster subnet for it", c.Name)
	}
	var subnetRefs []string
	for _, sn := range subnets {
		subnetRefs = append(subnetRefs, cloudformation.Ref(sn))
	}
	if c.Orchestrator == model.OrchestratorHyperPod {
		// HyperPod launches and places its own instances: no launch
		// template or placement group.
		return b.hyperPod(c, id, subnetRefs)
	}
	pg := ""
	if c.PlacementGroup != nil && *c.PlacementGroup {
		pg = id + "PlacementGroup"
		b.t.Resources[pg] = &ec2.PlacementGroup{Strategy: ptr("cluster"), Tags: b.tagsFor(c.Name)}
	}
	data := &ec2.LaunchTemplate_LaunchTemplateData{
		InstanceType:    ptr(c.InstanceType),
		MetadataOptions: &ec2.LaunchTemplate_MetadataOptions{HttpTokens: ptr("required"), HttpEndpoint: ptr("enabled")},
		TagSpecifications: []ec2.LaunchTemplate_TagSpecification{{
			ResourceType: ptr("instance"),
			Tags:         append(b.tagsFor(c.Name), tags.Tag{Key: "topoplan:cluster", Value: c.Name}),
		}},
	}
	if pg != "" {
		data.Placement = &ec2.LaunchTemplate_Placement{GroupName: ptr(cloudformation.Ref(pg))}
	}
	if efaOn(c) {
		data.NetworkInterfaces = efaInterfaces(c, inst, cloudformation.GetAtt(b.sg, "GroupId"))
	} else {
		data.SecurityGroupIds = []string{cloudformation.GetAtt(b.sg, "GroupId")}
	}
	switch c.Purchase.Option {
	case model.PurchaseCapacityBlock, model.PurchaseReserved:
		p := id + "CapacityReservationId"
		b.t.Parameters[p] = cloudformation.Parameter{
			Type:           "String",
			Description:    ptr(fmt.Sprintf("Capacity reservation (%s) for cluster %s: cr-...", c.Purchase.Option, c.Name)),
			AllowedPattern: ptr(`^cr-[0-9a-f]+$`),
		}
		data.CapacityReservationSpecification = &ec2.LaunchTemplate_CapacityReservationSpecification{
			CapacityReservationTarget: &ec2.LaunchTemplate_CapacityReservationTarget{CapacityReservationId: ptr(cloudformation.Ref(p))},
		}
		if c.Purchase.Option == model.PurchaseCapacityBlock {
			data.InstanceMarketOptions = &ec2.LaunchTemplate_InstanceMarketOptions{MarketType: ptr("capacity-block")}
		}
	}
	switch c.Orchestrator {
	case model.OrchestratorEKS:
		// EKS managed node groups pick the EKS-optimised accelerated AMI.
	default:
		b.amiParameter()
		data.ImageId = ptr(cloudformation.Ref("AmiId"))
		b.keyParameter()
		data.KeyName = ptr(cloudformation.If("HasKeyName", cloudformation.Ref("KeyName"), cloudformation.Ref("AWS::NoValue")))
	}
	lt := id + "LaunchTemplate"
	b.t.Resources[lt] = &ec2.LaunchTemplate{
		LaunchTemplateName: ptr(b.in.Scenario.Name + "-" + c.Name),
		LaunchTemplateData: data,
	}
	if c.Orchestrator == model.OrchestratorEKS {
		b.eks(c, id, lt, subnetRefs)
	}
	if c.Orchestrator == model.OrchestratorSlurm {
		b.t.Outputs[id+"Orchestrator"] = cloudformation.Output{
			Value:       fmt.Sprintf("Slurm: launch %d nodes of %s with this launch template in the cluster subnet (e.g. AWS ParallelCluster)", c.Nodes, c.InstanceType),
			Description: ptr("Slurm is configured outside CloudFormation"),
		}
	}
	return nil
}

// efaInterfaces lists a launch template's network interfaces for an EFA
// cluster: one EFA per network card, as many as the instance type allows
// (catalog max_efa_interfaces), each carrying the security group (launch
// templates with network interfaces take groups per interface, not
// SecurityGroupIds). With interface type "efa" (EFA with ENA) card 0 device
// 0 is the primary and every other card's EFA is device 1, as in the AWS PCS
// launch-template example (docs.aws.amazon.com/pcs/latest/userguide/
// working-with_networking_efa_create-lt.html); with "efa-only", card 0
// device 0 is an ENA interface (an EFA-only interface cannot be primary),
// card 0 device 1 EFA-only and every other card device 0 EFA-only, as the
// EC2 User Guide recommends (docs.aws.amazon.com/AWSEC2/latest/UserGuide/
// efa-acc-inst-types.html).
func efaInterfaces(c model.Cluster, inst model.Instance, sg string) []ec2.LaunchTemplate_NetworkInterface {
	n := max(inst.MaxEFAInterfaces, 1)
	var out []ec2.LaunchTemplate_NetworkInterface
	ni := func(card, dev int, typ string) ec2.LaunchTemplate_NetworkInterface {
		return ec2.LaunchTemplate_NetworkInterface{
			NetworkCardIndex: ptr(card), DeviceIndex: ptr(dev), InterfaceType: ptr(typ),
			Groups: []string{sg}, DeleteOnTermination: ptr(true),
		}
	}
	if c.EFAInterfaceType == "efa-only" {
		out = append(out, ni(0, 0, "interface"), ni(0, 1, "efa-only"))
		for card := 1; card < n; card++ {
			out = append(out, ni(card, 0, "efa-only"))
		}
		return out
	}
	out = append(out, ni(0, 0, "efa"))
	for card := 1; card < n; card++ {
		out = append(out, ni(card, 1, "efa"))
	}
	return out
}

func (b *cfnBuilder) amiParameter() {
	if _, ok := b.t.Parameters["AmiId"]; ok {
		return
	}
	b.t.Parameters["AmiId"] = cloudformation.Parameter{
		Type:        "AWS::EC2::Image::Id",
		Description: ptr("AMI for the GPU nodes (e.g. an AWS Deep Learning AMI with the EFA driver); the operator chooses it"),
	}
}

func (b *cfnBuilder) keyParameter() {
	if _, ok := b.t.Parameters["KeyName"]; ok {
		return
	}
	b.t.Parameters["KeyName"] = cloudformation.Parameter{
		Type:        "String",
		Description: ptr("Existing EC2 key pair name for SSH (leave empty to use SSM Session Manager); no key material is stored in this template"),
		Default:     "",
	}
	b.conds["HasKeyName"] = cloudformation.Not([]string{cloudformation.Equals(cloudformation.Ref("KeyName"), "")})
}

// eks adds an EKS cluster with a private API endpoint and a managed node
// group using the launch template. EKS needs subnets in at least two AZs
// for its control plane: the cluster subnets plus one private subnet in
// each other AZ.
func (b *cfnBuilder) eks(c model.Cluster, id, lt string, nodeSubnets []string) {
	roleParam, nodeRoleParam := id+"EksClusterRoleArn", id+"EksNodeRoleArn"
	b.t.Parameters[roleParam] = cloudformation.Parameter{Type: "String", Description: ptr(fmt.Sprintf("IAM role ARN for the EKS control plane of cluster %s", c.Name)), AllowedPattern: ptr(`^arn:aws[a-z-]*:iam::\d{12}:role/.+$`)}
	b.t.Parameters[nodeRoleParam] = cloudformation.Parameter{Type: "String", Description: ptr(fmt.Sprintf("IAM role ARN for the nodes of cluster %s", c.Name)), AllowedPattern: ptr(`^arn:aws[a-z-]*:iam::\d{12}:role/.+$`)}
	cp := append([]string(nil), nodeSubnets...)
	azs := map[string]bool{}
	for _, sn := range b.subnets {
		if sn.Purpose == model.SubnetCluster && sn.Cluster == c.Name {
			azs[sn.AZ] = true
		}
	}
	for _, az := range b.in.Scenario.AWS.AvailabilityZones {
		if azs[az] {
			continue
		}
		for _, purpose := range []string{model.SubnetPrivate, model.SubnetEndpoints, model.SubnetStorage, model.SubnetCluster} {
			if sn := b.firstSubnet(purpose, az); sn != "" {
				cp = append(cp, cloudformation.Ref(sn))
				azs[az] = true
				break
			}
		}
	}
	cluster := id + "EksCluster"
	b.t.Resources[cluster] = &eks.Cluster{
		RoleArn: cloudformation.Ref(roleParam),
		ResourcesVpcConfig: &eks.Cluster_ResourcesVpcConfig{
			SubnetIds:             cp,
			SecurityGroupIds:      []string{cloudformation.GetAtt(b.sg, "GroupId")},
			EndpointPrivateAccess: ptr(true),
			EndpointPublicAccess:  ptr(false),
		},
		Tags: b.tagsFor(c.Name),
	}
	b.t.Resources[id+"EksNodegroup"] = &eks.Nodegroup{
		ClusterName: cloudformation.Ref(cluster),
		NodeRole:    cloudformation.Ref(nodeRoleParam),
		Subnets:     nodeSubnets,
		AmiType:     ptr("AL2023_x86_64_NVIDIA"),
		ScalingConfig: &eks.Nodegroup_ScalingConfig{
			MinSize: ptr(c.Nodes), MaxSize: ptr(c.Nodes), DesiredSize: ptr(c.Nodes),
		},
		LaunchTemplate: &eks.Nodegroup_LaunchTemplateSpecification{
			Id: ptr(cloudformation.Ref(lt)), Version: ptr(cloudformation.GetAtt(lt, "LatestVersionNumber")),
		},
		Tags: map[string]string{TagScenario: b.in.Scenario.Name, "topoplan:cluster": c.Name},
	}
}

// hyperPod adds a SageMaker HyperPod cluster (AWS::SageMaker::Cluster, a
// type goformation lacks: see cfn_resources.go) with one instance group.
func (b *cfnBuilder) hyperPod(c model.Cluster, id string, subnetRefs []string) error {
	roleParam, scriptsParam := id+"HyperPodExecutionRoleArn", id+"HyperPodLifecycleS3Uri"
	b.t.Parameters[roleParam] = cloudformation.Parameter{Type: "String", Description: ptr(fmt.Sprintf("IAM execution role ARN for the HyperPod instance group of cluster %s", c.Name)), AllowedPattern: ptr(`^arn:aws[a-z-]*:iam::\d{12}:role/.+$`)}
	b.t.Parameters[scriptsParam] = cloudformation.Parameter{Type: "String", Description: ptr("S3 URI of the HyperPod lifecycle scripts (s3://bucket/prefix/)"), AllowedPattern: ptr(`^s3://.+$`)}
	b.t.Resources[id+"HyperPodCluster"] = &SageMakerCluster{
		ClusterName: ptr(hyperPodName(b.in.Scenario.Name + "-" + c.Name)),
		InstanceGroups: []SageMakerClusterInstanceGroup{{
			InstanceGroupName: c.Name,
			InstanceType:      "ml." + c.InstanceType,
			InstanceCount:     c.Nodes,
			ExecutionRole:     cloudformation.Ref(roleParam),
			LifeCycleConfig:   &SageMakerClusterLifeCycleConfig{SourceS3Uri: cloudformation.Ref(scriptsParam), OnCreate: "on_create.sh"},
			ThreadsPerCore:    ptr(1),
		}},
		VpcConfig:    &SageMakerClusterVpcConfig{SecurityGroupIds: []string{cloudformation.GetAtt(b.sg, "GroupId")}, Subnets: subnetRefs},
		NodeRecovery: ptr("Automatic"),
		Tags:         b.tagsFor(c.Name),
	}
	return nil
}

// hyperPodName fits a HyperPod cluster name's pattern: letters, digits and
// hyphens, at most 63 characters.
func hyperPodName(s string) string {
	var r []rune
	for _, c := range s {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			r = append(r, c)
		} else {
			r = append(r, '-')
		}
	}
	if len(r) > 63 {
		r = r[:63]
	}
	return strings.Trim(string(r), "-")
}

// fsx adds FSx for Lustre in the storage subnet of its AZ (or the cluster
// subnet there), with the planned deployment type, capacity and per-unit
// throughput.
func (b *cfnBuilder) fsx(f model.FSxLustre) error {
	sub := ""
	for _, p := range []string{model.SubnetStorage, model.SubnetCluster, model.SubnetPrivate} {
		if sub = b.firstSubnet(p, f.AZ); sub != "" {
			break
		}
	}
	if sub == "" {
		return fmt.Errorf("FSx for Lustre: the address plan has no storage, cluster or private subnet in %s", f.AZ)
	}
	cfg := fsx.FileSystem_LustreConfiguration{DeploymentType: ptr(f.DeploymentType), DataCompressionType: ptr("LZ4")}
	if f.DeploymentType != model.FSxScratch2 {
		cfg.PerUnitStorageThroughput = ptr(int(f.ThroughputMBpsPerTiB))
	}
	if f.StorageType == "HDD" {
		cfg.DriveCacheType = ptr("NONE")
	}
	gib := fsxGiB(f.CapacityTiB)
	if f.EFAEnabled {
		b.t.Resources["FSxLustre"] = &LustreFileSystem{
			FileSystemType: "LUSTRE", FileSystemTypeVersion: ptr("2.15"), StorageCapacity: ptr(gib), StorageType: ptr(f.StorageType),
			SubnetIds: []string{cloudformation.Ref(sub)}, SecurityGroupIds: []string{cloudformation.GetAtt(b.sg, "GroupId")},
			LustreConfiguration: &LustreConfigurationV2{FileSystem_LustreConfiguration: cfg, EfaEnabled: ptr(true),
				MetadataConfiguration: &LustreMetadataConfig{Mode: "AUTOMATIC"}},
			Tags:           b.tagsFor("fsx"),
			DeletionPolicy: policies.DeletionPolicy("Retain"), UpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
		}
		return nil
	}
	b.t.Resources["FSxLustre"] = &fsx.FileSystem{
		FileSystemType: "LUSTRE", FileSystemTypeVersion: ptr("2.15"), StorageCapacity: ptr(gib), StorageType: ptr(f.StorageType),
		SubnetIds: []string{cloudformation.Ref(sub)}, SecurityGroupIds: []string{cloudformation.GetAtt(b.sg, "GroupId")},
		LustreConfiguration:                  &cfg,
		Tags:                                 b.tagsFor("fsx"),
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	}
	return nil
}

// FSxCapacityError checks a file system's capacity against the increments
// FSx for Lustre accepts (capacity_tib uses FSx's convention, 1.2 TiB =
// 1,200 GiB): SSD 1,200 or 2,400 GiB, then multiples of 2,400 GiB; HDD
// multiples of 6,000 GiB at 12 MB/s/TiB and 1,800 GiB at 40 MB/s/TiB;
// EFA-enabled PERSISTENT_2 multiples of 4,800 / 9,600 / 19,200 / 38,400 GiB
// at 1000 / 500 / 250 / 125 MB/s/TiB. Sources: FSx for Lustre User Guide,
// managing-storage-capacity and getting-started (the EFA increments are
// third-party quotes of it, UNCONFIRMED; see shared/reference/figures.md §3a).
func FSxCapacityError(f model.FSxLustre) error {
	gib := f.CapacityTiB * 1000
	if gib <= 0 || math.Abs(gib-math.Round(gib)) > 1e-6 {
		return fmt.Errorf("FSx for Lustre capacity %g TiB is not a whole number of GiB (%g GiB)", f.CapacityTiB, gib)
	}
	g := int(math.Round(gib))
	step, first := 2400, []int{1200}
	what := "SSD: 1,200 or 2,400 GiB, then multiples of 2,400 GiB"
	switch {
	case f.StorageType == "HDD" && f.ThroughputMBpsPerTiB == 12:
		step, first, what = 6000, nil, "HDD at 12 MB/s/TiB: multiples of 6,000 GiB"
	case f.StorageType == "HDD":
		step, first, what = 1800, nil, "HDD at 40 MB/s/TiB: multiples of 1,800 GiB"
	case f.EFAEnabled && f.DeploymentType == model.FSxPersistent2:
		per := map[float64]int{1000: 4800, 500: 9600, 250: 19200, 125: 38400}[f.ThroughputMBpsPerTiB]
		if per == 0 {
			return fmt.Errorf("FSx for Lustre: EFA-enabled PERSISTENT_2 offers 125/250/500/1000 MB/s/TiB (got %g)", f.ThroughputMBpsPerTiB)
		}
		step, first, what = per, nil, fmt.Sprintf("EFA-enabled PERSISTENT_2 at %g MB/s/TiB: multiples of %s GiB", f.ThroughputMBpsPerTiB, model.FormatUSD(float64(per), 0))
	}
	for _, v := range first {
		if g == v {
			return nil
		}
	}
	if g%step == 0 {
		return nil
	}
	lo := g / step * step
	sugg := []string{}
	if lo > 0 {
		sugg = append(sugg, fmt.Sprintf("%g", float64(lo)/1000))
	}
	sugg = append(sugg, fmt.Sprintf("%g", float64(lo+step)/1000))
	return fmt.Errorf("FSx for Lustre capacity %g TiB (%s GiB) is not one FSx accepts (%s); use capacity_tib %s",
		f.CapacityTiB, model.FormatUSD(float64(g), 0), what, strings.Join(sugg, " or "))
}

func (b *cfnBuilder) outputs() {
	o := b.t.Outputs
	o["VpcId"] = cloudformation.Output{Value: cloudformation.Ref("VPC"), Description: ptr("VPC")}
	for _, sn := range b.subnets {
		id := b.subnetIDs[sn.Name]
		o[id+"Id"] = cloudformation.Output{Value: cloudformation.Ref(id), Description: ptr(fmt.Sprintf("%s subnet %s %s in %s", sn.Purpose, sn.Name, sn.CIDR, sn.AZ))}
	}
	if b.sg != "" {
		o["ClusterSecurityGroupId"] = cloudformation.Output{Value: cloudformation.GetAtt(b.sg, "GroupId"), Description: ptr("Security group for nodes and FSx (self-referencing, EFA)")}
	}
	if _, ok := b.t.Resources["VirtualPrivateGateway"]; ok {
		var dx []string
		for _, l := range b.in.Scenario.Links {
			if l.Type != model.LinkVPN && !l.TransitGateway {
				dx = append(dx, l.Name)
			}
		}
		desc := "Virtual private gateway (route propagation on the private route tables)"
		if len(dx) > 0 {
			desc = "Attach the private virtual interface of Direct Connect link(s) " + strings.Join(dx, ", ") + " to this virtual private gateway"
		}
		o["VirtualPrivateGatewayId"] = cloudformation.Output{Value: cloudformation.Ref("VirtualPrivateGateway"), Description: ptr(desc)}
	}
	if _, ok := b.t.Resources["FSxLustre"]; ok {
		o["FSxLustreId"] = cloudformation.Output{Value: cloudformation.Ref("FSxLustre"), Description: ptr("FSx for Lustre file system")}
	}
	var tgw []string
	for _, l := range b.in.Scenario.Links {
		if l.TransitGateway {
			tgw = append(tgw, l.Name)
		}
	}
	if len(tgw) > 0 {
		o["TransitGatewayLinks"] = cloudformation.Output{Value: strings.Join(tgw, ", "), Description: ptr("Links attached through a Transit Gateway: not in this template")}
	}
	if r := b.in.remoteClusters(); len(r) > 0 {
		var names []string
		for _, c := range r {
			names = append(names, fmt.Sprintf("%s (%s, %d x %s)", c.Name, c.Region, c.Nodes, c.InstanceType))
		}
		sort.Strings(names)
		o["ClustersOutsideHomeRegion"] = cloudformation.Output{Value: strings.Join(names, "; "), Description: ptr("Clusters outside the home region are not in this template")}
	}
}

// logicalID turns a name into a CloudFormation logical ID fragment:
// "cluster-train-us-east-1a" → "ClusterTrainUsEast1a".
func logicalID(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if up {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(r)
			}
			up = false
			continue
		}
		up = true
	}
	return b.String()
}

// cidrContains reports whether block holds sub (both IPv4 CIDRs).
func cidrContains(block, sub string) bool {
	bp, err1 := parsePrefix(block)
	sp, err2 := parsePrefix(sub)
	if err1 != nil || err2 != nil {
		return false
	}
	return bp.Bits() <= sp.Bits() && bp.Contains(sp.Addr())
}

func ptr[T any](v T) *T { return &v }

func parsePrefix(s string) (netip.Prefix, error) { return netip.ParsePrefix(s) }
