package export

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/topoplan/topoplan/model"
)

// lustrePorts are the TCP port ranges Lustre (LNet) uses between clients and
// FSx for Lustre servers: 988 and 1018–1023 (FSx for Lustre User Guide,
// limit-access-security-groups).
var lustrePorts = [][2]int{{988, 988}, {1018, 1023}}

// securityGroups adds one security group per role:
//
//   - per home cluster, <Cluster>SecurityGroup: all traffic to and from
//     itself (EFA requires "all inbound and outbound traffic to and from the
//     security group itself", EC2 User Guide efa-start), HTTPS and HTTP out
//     (AWS APIs through NAT or endpoints, package mirrors), and all traffic
//     to the sites the plan sends data back to; no ingress from any CIDR;
//   - FSxSecurityGroup: the Lustre ports (all traffic when EFA-enabled, as
//     FSx requires) between the file system, itself and the clusters that
//     mount it, HTTPS out for its S3 data repository; and when on-prem data
//     lands on FSx directly (no S3 data lake), the Lustre ports from the
//     sites that send it.
//
// EKS control planes and endpoints get their own groups where they are built.
func (b *cfnBuilder) securityGroups() {
	t := b.t
	out := siteCIDRs(b.in.outboundSites())
	for _, c := range b.in.homeClusters() {
		id := logicalID(c.Name) + "SecurityGroup"
		b.clusterSG[c.Name] = id
		egress := []ec2.SecurityGroup_Egress{
			{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr("0.0.0.0/0"), Description: ptr("HTTPS to AWS APIs (endpoints, NAT) and registries")},
			{IpProtocol: "tcp", FromPort: ptr(80), ToPort: ptr(80), CidrIp: ptr("0.0.0.0/0"), Description: ptr("HTTP to package mirrors through NAT")},
		}
		for _, cidr := range out {
			egress = append(egress, ec2.SecurityGroup_Egress{IpProtocol: "-1", CidrIp: ptr(cidr), Description: ptr("To an on-prem site the plan sends data to")})
		}
		t.Resources[id] = &ec2.SecurityGroup{
			GroupDescription:    fmt.Sprintf("Cluster %s: all traffic within the group (EFA), HTTPS/HTTP out, on-prem where the plan sends data", c.Name),
			VpcId:               ptr(cloudformation.Ref("VPC")),
			SecurityGroupEgress: egress,
			Tags:                b.tagsFor(c.Name),
		}
		b.selfRules(id, "-1", 0, 0, "All traffic from members of this group (EFA)", "All traffic to members of this group (EFA)")
	}
	f := b.in.Scenario.Storage.FSxLustre
	if f == nil {
		return
	}
	b.fsxSG = "FSxSecurityGroup"
	t.Resources[b.fsxSG] = &ec2.SecurityGroup{
		GroupDescription: "FSx for Lustre: Lustre traffic with its clients only, HTTPS out to its S3 data repository",
		VpcId:            ptr(cloudformation.Ref("VPC")),
		SecurityGroupEgress: []ec2.SecurityGroup_Egress{{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr("0.0.0.0/0"),
			Description: ptr("HTTPS to S3 (data repository)")}},
		Tags: b.tagsFor("fsx"),
	}
	if f.EFAEnabled {
		b.selfRules(b.fsxSG, "-1", 0, 0, "All traffic within the file system (EFA-enabled)", "All traffic within the file system (EFA-enabled)")
	} else {
		for _, p := range lustrePorts {
			b.selfRules(b.fsxSG, "tcp", p[0], p[1], "Lustre between file servers", "Lustre between file servers")
		}
	}
	for _, c := range b.in.homeClusters() {
		if !b.in.fsxClient(c) {
			continue
		}
		sg := b.clusterSG[c.Name]
		if f.EFAEnabled {
			b.peerRules(b.fsxSG, sg, "-1", 0, 0, "All traffic with cluster "+c.Name+" (EFA-enabled FSx)")
			continue
		}
		for _, p := range lustrePorts {
			b.peerRules(b.fsxSG, sg, "tcp", p[0], p[1], "Lustre with cluster "+c.Name)
		}
	}
	if b.in.Scenario.Storage.S3 == nil {
		for i, cidr := range siteCIDRs(b.in.inboundSites()) {
			for _, p := range lustrePorts {
				t.Resources[fmt.Sprintf("FSxSecurityGroupIngressOnPrem%dPort%d", i+1, p[0])] = &ec2.SecurityGroupIngress{
					GroupId: ptr(cloudformation.GetAtt(b.fsxSG, "GroupId")), IpProtocol: "tcp", FromPort: ptr(p[0]), ToPort: ptr(p[1]),
					CidrIp: ptr(cidr), Description: ptr("Lustre from an on-prem site that copies data to FSx"),
				}
			}
		}
	}
}

// ruleSuffix names a rule by protocol and first port.
func ruleSuffix(proto string, from int) string {
	if proto == "-1" {
		return "All"
	}
	return fmt.Sprintf("Port%d", from)
}

// selfRules adds an ingress and an egress rule of a group to itself.
func (b *cfnBuilder) selfRules(sg, proto string, from, to int, inDesc, outDesc string) {
	gid := cloudformation.GetAtt(sg, "GroupId")
	in := &ec2.SecurityGroupIngress{GroupId: ptr(gid), IpProtocol: proto, SourceSecurityGroupId: ptr(gid), Description: ptr(inDesc)}
	out := &ec2.SecurityGroupEgress{GroupId: gid, IpProtocol: proto, DestinationSecurityGroupId: ptr(gid), Description: ptr(outDesc)}
	if proto != "-1" {
		in.FromPort, in.ToPort, out.FromPort, out.ToPort = ptr(from), ptr(to), ptr(from), ptr(to)
	}
	sfx := ruleSuffix(proto, from)
	if proto == "-1" {
		sfx = ""
	}
	b.t.Resources[sg+"IngressSelf"+sfx] = in
	b.t.Resources[sg+"EgressSelf"+sfx] = out
}

// peerRules adds the four rules letting two groups exchange traffic on a
// protocol and port range: each admits the other and may send to it.
func (b *cfnBuilder) peerRules(a, c, proto string, from, to int, desc string) {
	for _, pair := range [][2]string{{a, c}, {c, a}} {
		self, peer := cloudformation.GetAtt(pair[0], "GroupId"), cloudformation.GetAtt(pair[1], "GroupId")
		in := &ec2.SecurityGroupIngress{GroupId: ptr(self), IpProtocol: proto, SourceSecurityGroupId: ptr(peer), Description: ptr(desc)}
		out := &ec2.SecurityGroupEgress{GroupId: self, IpProtocol: proto, DestinationSecurityGroupId: ptr(peer), Description: ptr(desc)}
		if proto != "-1" {
			in.FromPort, in.ToPort, out.FromPort, out.ToPort = ptr(from), ptr(to), ptr(from), ptr(to)
		}
		sfx := ruleSuffix(proto, from)
		b.t.Resources[pair[0]+"IngressFrom"+pair[1]+sfx] = in
		b.t.Resources[pair[0]+"EgressTo"+pair[1]+sfx] = out
	}
}

// dataBucketParam adds the S3 data lake's bucket name parameter.
func (b *cfnBuilder) dataBucketParam() string {
	b.param(groupStorage, "DataBucketName", cloudformation.Parameter{
		Type:           "String",
		Description:    ptr("Name of the existing S3 bucket holding the data lake (FSx data repository, node read/write)"),
		AllowedPattern: ptr(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`),
	})
	return "DataBucketName"
}

// nodeInstanceProfile adds the instance profile of the EC2 launch templates
// (Slurm and unorchestrated clusters; EKS node groups take the node role,
// HyperPod its execution role): AWS managed policies for Session Manager
// (AmazonSSMManagedInstanceCore), the CloudWatch agent
// (CloudWatchAgentServerPolicy) and image pulls
// (AmazonEC2ContainerRegistryReadOnly), and read/write on the data lake
// bucket only.
func (b *cfnBuilder) nodeInstanceProfile() {
	need := false
	for _, c := range b.in.homeClusters() {
		if c.Orchestrator != model.OrchestratorEKS && c.Orchestrator != model.OrchestratorHyperPod {
			need = true
		}
	}
	if !need {
		return
	}
	role := &iam.Role{
		Description: ptr("GPU nodes: Session Manager, CloudWatch agent, ECR pulls and the data lake bucket"),
		AssumeRolePolicyDocument: policyDoc(map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole",
		}),
		ManagedPolicyArns: []string{
			managedPolicy("AmazonSSMManagedInstanceCore"),
			managedPolicy("CloudWatchAgentServerPolicy"),
			managedPolicy("AmazonEC2ContainerRegistryReadOnly"),
		},
		Tags: b.tagsFor("nodes"),
	}
	if b.in.Scenario.Storage.S3 != nil {
		bucket := b.dataBucketParam()
		role.Policies = []iam.Role_Policy{{
			PolicyName: "data-lake-bucket",
			PolicyDocument: policyDoc(
				map[string]any{"Effect": "Allow", "Action": []string{"s3:ListBucket"},
					"Resource": cloudformation.Sub("arn:${AWS::Partition}:s3:::${" + bucket + "}")},
				map[string]any{"Effect": "Allow", "Action": []string{"s3:GetObject", "s3:PutObject"},
					"Resource": cloudformation.Sub("arn:${AWS::Partition}:s3:::${" + bucket + "}/*")},
			),
		}}
	}
	b.t.Resources["NodeInstanceRole"] = role
	b.t.Resources["NodeInstanceProfile"] = &iam.InstanceProfile{Roles: []string{cloudformation.Ref("NodeInstanceRole")}}
}
