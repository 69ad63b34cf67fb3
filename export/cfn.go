package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strings"
	"unicode"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/tags"
	"github.com/awslabs/goformation/v7/intrinsics"
	"gopkg.in/yaml.v3"

	"github.com/topoplan/topoplan/model"
)

// TagScenario is the tag key naming the scenario on every taggable resource.
const TagScenario = "topoplan:scenario"

// CloudFormation builds the CloudFormation template (YAML) of the home
// region's estate from the plan, secure by default:
//
//   - network: the VPC and its secondary CIDRs, the subnets exactly as the
//     address plan laid them out (none maps public IPs), route tables, an
//     internet gateway and NAT gateways only where the plan has public
//     subnets and NAT, the S3 gateway endpoint, the interface endpoints, and
//     VPC Flow Logs to a CloudWatch log group with a retention period;
//   - hybrid: a virtual private gateway with route propagation and static
//     routes for the site CIDRs, a Direct Connect gateway associated with it
//     for Direct Connect links (their private virtual interfaces are outputs
//     saying what to ask the provider), VPN connections and customer
//     gateways, and when on-prem data moves to S3, an S3 interface endpoint
//     reachable from the sites' CIDRs;
//   - security: one security group per role (each cluster with the EFA
//     self-rules, FSx with the Lustre ports, EKS control planes, endpoints),
//     no ingress from 0.0.0.0/0, egress only what the plan's flows need;
//   - compute: cluster placement groups, launch templates with each instance
//     type's EFA interfaces, an encrypted root volume and an instance profile
//     with AWS managed policies; EKS clusters (private API reachable from the
//     sites, control-plane logs, secrets encryption) with managed node
//     groups (capacity blocks as CAPACITY_BLOCK); SageMaker HyperPod with a
//     controller group and a worker group and its execution role;
//   - storage: FSx for Lustre, linked to the S3 bucket (a parameter) when the
//     plan hydrates from S3, with automatic backups when persistent.
//
// What an operator must supply (AMI, IAM role ARNs for EKS, bucket names,
// capacity reservation IDs, customer gateway addresses) are Parameters,
// grouped by an AWS::CloudFormation::Interface; no key material is embedded;
// no resource has a fixed physical name, so a second stack does not collide.
// Resource IDs are Outputs exported as <stack name>-<output>.
//
// It fails, naming the problem, when the plan has no address plan, when the
// subnets do not fit the VPC, when the FSx capacity is not one FSx accepts,
// or when a HyperPod cluster's subnet is sized for an interface type
// CloudFormation cannot request. Clusters outside the home region are out
// of scope: the template's Description and an Output name them.
func CloudFormation(in Input) ([]byte, error) {
	b, err := newCFNBuilder(in)
	if err != nil {
		return nil, err
	}
	if err := b.build(); err != nil {
		return nil, err
	}
	y, err := templateYAML(b.t)
	if err != nil {
		return nil, fmt.Errorf("encode template: %w", err)
	}
	return y, nil
}

// Parameter groups of the AWS::CloudFormation::Interface, in display order.
const (
	groupNetwork = "Network"
	groupHybrid  = "Hybrid connectivity (Direct Connect, VPN)"
	groupCompute = "Compute nodes"
	groupOrch    = "Orchestrators (EKS, SageMaker HyperPod)"
	groupStorage = "Storage and data"
	groupLogging = "Logging"
)

var paramGroups = []string{groupNetwork, groupHybrid, groupCompute, groupOrch, groupStorage, groupLogging}

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
	// private default route (through NAT) per AZ
	privateDefault map[string]string
	azParam        map[string]string
	// security group logical IDs: per home cluster, FSx, EKS control plane per cluster
	clusterSG map[string]string
	fsxSG     string
	attach    string
	conds     map[string]any
	// parameters per interface group, in the order added
	groups map[string][]string
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
		if a.SmallestFittingVPC != "" && !strings.Contains(a.Error, a.SmallestFittingVPC) {
			// The planner's message usually names it already (B19).
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
		in:             in,
		t:              cloudformation.NewTemplate(),
		subnetIDs:      map[string]string{},
		privateRT:      map[string]string{},
		privateDefault: map[string]string{},
		azParam:        map[string]string{},
		clusterSG:      map[string]string{},
		conds:          map[string]any{},
		groups:         map[string][]string{},
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
	b.flowLogs()
	b.securityGroups()
	b.endpoints()
	b.hybrid()
	b.nodeInstanceProfile()
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
	b.parameterInterface()
	return nil
}

// param adds a parameter to the template and to a group of the
// AWS::CloudFormation::Interface (once).
func (b *cfnBuilder) param(group, id string, p cloudformation.Parameter) {
	if _, ok := b.t.Parameters[id]; ok {
		return
	}
	b.t.Parameters[id] = p
	b.groups[group] = append(b.groups[group], id)
}

// parameterInterface groups the parameters for the console
// (AWS::CloudFormation::Interface ParameterGroups).
func (b *cfnBuilder) parameterInterface() {
	var pgs []any
	for _, g := range paramGroups {
		if len(b.groups[g]) == 0 {
			continue
		}
		pgs = append(pgs, map[string]any{"Label": map[string]any{"default": g}, "Parameters": b.groups[g]})
	}
	if len(pgs) == 0 {
		return
	}
	b.t.Metadata = map[string]any{"AWS::CloudFormation::Interface": map[string]any{"ParameterGroups": pgs}}
}

func (b *cfnBuilder) description() string {
	s := b.in.Scenario
	d := fmt.Sprintf("topoplan template for scenario %s: home VPC in %s (catalog %s).", s.Name, s.AWS.Region, b.in.Plan.Catalog.Version)
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
	return []tags.Tag{{Key: "Name", Value: cfnTagValue(b.in.Scenario.Name + "-" + name)}, {Key: TagScenario, Value: cfnTagValue(b.in.Scenario.Name)}}
}

// cfnTagValue fits a name to AWS's common tag-value pattern (IAM, Logs,
// FSx, SageMaker, Direct Connect …: letters, spaces, digits and
// _.:/=+-@, at most 256): any other character becomes '-' (F9:
// "My Estate (東京)" failed cfn-lint E3031). Japanese and other letters stay.
func cfnTagValue(s string) string {
	out := []rune{}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.Zs, r) || unicode.IsNumber(r) || strings.ContainsRune("_.:/=+-@", r) {
			out = append(out, r)
		} else {
			out = append(out, '-')
		}
	}
	if len(out) > 256 {
		out = out[:256]
	}
	return string(out)
}

// azParameters adds one AvailabilityZone parameter per AZ, defaulting to the
// planned AZ (so no AZ name is hard-coded in a resource).
func (b *cfnBuilder) azParameters() {
	for i, az := range b.in.Scenario.AWS.AvailabilityZones {
		id := fmt.Sprintf("AvailabilityZone%d", i+1)
		b.azParam[az] = id
		b.param(groupNetwork, id, cloudformation.Parameter{
			Type:        "AWS::EC2::AvailabilityZone::Name",
			Description: ptr(fmt.Sprintf("Availability zone %d of the plan", i+1)),
			Default:     az,
		})
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
			Tags:                append(b.tagsFor(sn.Name), b.subnetTags(sn)...),
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
			b.privateDefault[az] = fmt.Sprintf("PrivateDefaultRoute%d", i+1)
			b.t.Resources[b.privateDefault[az]] = &ec2.Route{
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

// subnetTags are a subnet's tags beyond Name and scenario: its purpose, and
// the tags the AWS Load Balancer Controller reads to place load balancers
// (kubernetes.io/role/elb on public subnets, kubernetes.io/role/internal-elb
// on the subnets of EKS node groups) when the home region has EKS.
func (b *cfnBuilder) subnetTags(sn model.PlannedSubnet) []tags.Tag {
	ts := []tags.Tag{{Key: "topoplan:purpose", Value: sn.Purpose}}
	eks := false
	for _, c := range b.in.homeClusters() {
		if c.Orchestrator != model.OrchestratorEKS {
			continue
		}
		eks = true
		if sn.Purpose == model.SubnetCluster && sn.Cluster == c.Name {
			ts = append(ts, tags.Tag{Key: "kubernetes.io/role/internal-elb", Value: "1"})
		}
	}
	if eks && sn.Purpose == model.SubnetPublic {
		ts = append(ts, tags.Tag{Key: "kubernetes.io/role/elb", Value: "1"})
	}
	return ts
}

// egressReady lists what a cluster in an AZ needs before its nodes boot:
// the AZ's default route through NAT, its subnets' route-table
// associations and the S3 gateway endpoint (HyperPod and EKS nodes fetch
// lifecycle scripts, images and bootstrap files from S3 and ECR at launch).
func (b *cfnBuilder) egressReady(c model.Cluster) []string {
	var deps []string
	seen := map[string]bool{}
	for _, az := range clusterAZs(c) {
		if r := b.privateDefault[az]; r != "" && !seen[r] {
			seen[r] = true
			deps = append(deps, r)
		}
	}
	for _, sn := range b.subnetsOf(model.SubnetCluster, c.Name) {
		deps = append(deps, sn+"RouteTable")
	}
	if _, ok := b.t.Resources["S3GatewayEndpoint"]; ok {
		deps = append(deps, "S3GatewayEndpoint")
	}
	return deps
}

// vpcCIDRs are the VPC's CIDR blocks: the primary as GetAtt VPC.CidrBlock,
// the secondary ones as planned.
func (b *cfnBuilder) vpcCIDRs() []string {
	out := []string{cloudformation.GetAtt("VPC", "CidrBlock")}
	if a := b.in.Plan.Addressing; a != nil && len(a.VPCCIDRs) > 1 {
		out = append(out, a.VPCCIDRs[1:]...)
	}
	return out
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

// exported is an output of a resource ID, exported as <stack name>-<key>
// for other stacks (Fn::ImportValue).
func exported(key string, value any, desc string) cloudformation.Output {
	return cloudformation.Output{Value: value, Description: ptr(desc),
		Export: &cloudformation.Export{Name: cloudformation.Sub("${AWS::StackName}-" + key)}}
}

func (b *cfnBuilder) outputs() {
	o := b.t.Outputs
	o["VpcId"] = exported("VpcId", cloudformation.Ref("VPC"), "VPC")
	for _, sn := range b.subnets {
		id := b.subnetIDs[sn.Name]
		o[id+"Id"] = exported(id+"Id", cloudformation.Ref(id), fmt.Sprintf("%s subnet %s %s in %s", sn.Purpose, sn.Name, sn.CIDR, sn.AZ))
	}
	for _, c := range b.in.homeClusters() {
		sg := b.clusterSG[c.Name]
		o[sg+"Id"] = exported(sg+"Id", cloudformation.GetAtt(sg, "GroupId"), fmt.Sprintf("Security group of cluster %s (EFA: all traffic within itself)", c.Name))
	}
	if b.fsxSG != "" {
		o["FSxSecurityGroupId"] = exported("FSxSecurityGroupId", cloudformation.GetAtt(b.fsxSG, "GroupId"), "Security group of FSx for Lustre (Lustre ports with its clients)")
	}
	if _, ok := b.t.Resources["VirtualPrivateGateway"]; ok {
		o["VirtualPrivateGatewayId"] = exported("VirtualPrivateGatewayId", cloudformation.Ref("VirtualPrivateGateway"), "Virtual private gateway (route propagation and site routes on the private route tables)")
	}
	if _, ok := b.t.Resources["DirectConnectGateway"]; ok {
		o["DirectConnectGatewayId"] = exported("DirectConnectGatewayId", cloudformation.GetAtt("DirectConnectGateway", "DirectConnectGatewayId"), "Direct Connect gateway associated with the virtual private gateway")
		for _, l := range b.in.dxOnVGW() {
			o[logicalID(l.Name)+"PrivateVirtualInterface"] = cloudformation.Output{
				Value:       cloudformation.Join("", []string{b.vifRequest(l), cloudformation.GetAtt("DirectConnectGateway", "DirectConnectGatewayId")}),
				Description: ptr("Private virtual interface(s) of Direct Connect link " + l.Name + ": what to create or ask the provider for"),
			}
		}
	}
	if _, ok := b.t.Resources["S3InterfaceEndpoint"]; ok {
		o["S3InterfaceEndpointDnsEntries"] = cloudformation.Output{
			Value:       cloudformation.Join(",", cloudformation.GetAtt("S3InterfaceEndpoint", "DnsEntries")),
			Description: ptr("S3 interface endpoint DNS names for on-prem clients (use bucket.<name> with --endpoint-url; HTTPS from the sites' CIDRs only)"),
		}
	}
	if _, ok := b.t.Resources["FSxLustre"]; ok {
		o["FSxLustreId"] = exported("FSxLustreId", cloudformation.Ref("FSxLustre"), "FSx for Lustre file system")
		o["FSxLustreDnsName"] = exported("FSxLustreDnsName", cloudformation.GetAtt("FSxLustre", "DNSName"), "FSx for Lustre DNS name (mount: <dns>@tcp:/<mount name>)")
		o["FSxLustreMountName"] = exported("FSxLustreMountName", cloudformation.GetAtt("FSxLustre", "LustreMountName"), "FSx for Lustre mount name")
	}
	if tgw := b.in.tgwLinks(); len(tgw) > 0 {
		var names []string
		for _, l := range tgw {
			names = append(names, l.Name)
		}
		o["TransitGatewayLinks"] = cloudformation.Output{Value: strings.Join(names, ", "), Description: ptr("Links attached through a Transit Gateway: not in this template")}
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

// vifRequest is the text of a Direct Connect link's private VIF output, up
// to the Direct Connect gateway's ID that follows it.
func (b *cfnBuilder) vifRequest(l model.Link) string {
	conns := "connections"
	if max(l.Count, 1) == 1 {
		conns = "connection"
	}
	kind := "dedicated " + conns + ": create one private VIF per connection"
	if l.Type == model.LinkDXHosted {
		kind = "hosted " + conns + ": ask the partner for a hosted private VIF per connection, then accept it"
	}
	loc := l.Location
	if loc == "" {
		loc = "(location not set)"
	}
	return fmt.Sprintf("%s: %d x %s Gbps %s at %s. Per VIF: VLAN ID, BGP peer addresses, on-prem BGP ASN, BGP MD5 key, MTU 8500 (jumbo frames); advertise the site CIDRs (%s). Direct Connect gateway: ",
		l.Name, max(l.Count, 1), trimFloat(l.SpeedGbps), kind, loc, strings.Join(b.siteCIDRsOf(l.Site), ", "))
}

// siteCIDRsOf returns a site's CIDRs.
func (b *cfnBuilder) siteCIDRsOf(site string) []string {
	for _, s := range b.in.Scenario.Sites {
		if s.Name == site {
			return s.CIDRs
		}
	}
	return nil
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

// templateYAML is cloudformation.Template.YAML for a template this package
// built: the same JSON (the template's fields, intrinsics processed) turned
// into YAML the same way. It marshals the template's parts, never the
// *Template itself: a *Template (or its Resources map) handed to
// encoding/json makes the linker keep their UnmarshalJSON methods, and
// with them goformation's table of every resource type, whose 1,268
// interface tables the Go runtime registers at every start of every
// command (about 1.5 ms, and 20 MB of binary; TestTemplateYAMLMatchesGoformation
// checks the output is goformation's, .ci/startup-check.sh that the table
// stays out of topoplan).
func templateYAML(t *cloudformation.Template) ([]byte, error) {
	if t.Transform != nil || len(t.Globals) > 0 {
		return nil, errors.New("encode template: Transform and Globals (SAM) are not written by this package")
	}
	resources := make(map[string]any, len(t.Resources))
	for k, r := range t.Resources {
		resources[k] = r
	}
	doc := struct {
		AWSTemplateFormatVersion string                              `json:"AWSTemplateFormatVersion,omitempty"`
		Description              string                              `json:"Description,omitempty"`
		Metadata                 map[string]any                      `json:"Metadata,omitempty"`
		Parameters               map[string]cloudformation.Parameter `json:"Parameters,omitempty"`
		Mappings                 map[string]any                      `json:"Mappings,omitempty"`
		Conditions               map[string]any                      `json:"Conditions,omitempty"`
		Resources                map[string]any                      `json:"Resources,omitempty"`
		Outputs                  map[string]cloudformation.Output    `json:"Outputs,omitempty"`
	}{t.AWSTemplateFormatVersion, t.Description, t.Metadata, t.Parameters, t.Mappings, t.Conditions, resources, t.Outputs}
	j, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, err
	}
	if j, err = intrinsics.ProcessJSON(j, nil); err != nil {
		return nil, err
	}
	var obj any
	if err := yaml.Unmarshal(j, &obj); err != nil {
		return nil, err
	}
	return yaml.Marshal(obj)
}
