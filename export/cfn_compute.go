package export

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/eks"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/tags"

	"github.com/topoplan/topoplan/model"
)

// RootVolumeGiB is the encrypted gp3 root volume of every launch template
// (Deep Learning AMIs and EKS accelerated AMIs need far more than their
// 8–20 GiB snapshots once containers and checkpoints land).
const RootVolumeGiB = 500

// HyperPodControllerType is the instance type of a HyperPod cluster's Slurm
// controller group (AWS's HyperPod Slurm examples use a general-purpose
// ml.m5 or ml.c5 instance for the head node).
const HyperPodControllerType = "ml.m5.2xlarge"

// HyperPodControllerGroup names the controller instance group; the
// lifecycle scripts find it as controller_group in
// provisioning_parameters.json.
const HyperPodControllerGroup = "controller-machine"

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
	sg := cloudformation.GetAtt(b.clusterSG[c.Name], "GroupId")
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
	nodeTags := append(b.tagsFor(c.Name), tags.Tag{Key: "topoplan:cluster", Value: cfnTagValue(c.Name)})
	data := &ec2.LaunchTemplate_LaunchTemplateData{
		InstanceType:    ptr(c.InstanceType),
		MetadataOptions: &ec2.LaunchTemplate_MetadataOptions{HttpTokens: ptr("required"), HttpEndpoint: ptr("enabled")},
		TagSpecifications: []ec2.LaunchTemplate_TagSpecification{
			{ResourceType: ptr("instance"), Tags: nodeTags},
			{ResourceType: ptr("volume"), Tags: nodeTags},
		},
	}
	if pg != "" {
		data.Placement = &ec2.LaunchTemplate_Placement{GroupName: ptr(cloudformation.Ref(pg))}
	}
	if efaOn(c) {
		data.NetworkInterfaces = efaInterfaces(c, inst, sg)
	} else {
		data.SecurityGroupIds = []string{sg}
	}
	switch c.Purchase.Option {
	case model.PurchaseCapacityBlock, model.PurchaseReserved:
		p := id + "CapacityReservationId"
		b.param(groupCompute, p, cloudformation.Parameter{
			Type:           "String",
			Description:    ptr(fmt.Sprintf("Capacity reservation (%s) for cluster %s: cr-...", c.Purchase.Option, c.Name)),
			AllowedPattern: ptr(`^cr-[0-9a-f]+$`),
		})
		data.CapacityReservationSpecification = &ec2.LaunchTemplate_CapacityReservationSpecification{
			CapacityReservationTarget: &ec2.LaunchTemplate_CapacityReservationTarget{CapacityReservationId: ptr(cloudformation.Ref(p))},
		}
		if c.Purchase.Option == model.PurchaseCapacityBlock {
			data.InstanceMarketOptions = &ec2.LaunchTemplate_InstanceMarketOptions{MarketType: ptr("capacity-block")}
		}
	}
	rootDevice := "/dev/xvda" // EKS-optimised accelerated AL2023 AMIs
	switch c.Orchestrator {
	case model.OrchestratorEKS:
		// EKS managed node groups pick the EKS-optimised accelerated AMI
		// and attach the node role's instance profile. Pods reach IMDSv2
		// through one more hop than the node (EKS's own launch templates
		// use a hop limit of 2).
		data.MetadataOptions.HttpPutResponseHopLimit = ptr(2)
	default:
		b.amiParameter()
		data.ImageId = ptr(cloudformation.Ref("AmiId"))
		b.keyParameter()
		data.KeyName = ptr(cloudformation.If("HasKeyName", cloudformation.Ref("KeyName"), cloudformation.Ref("AWS::NoValue")))
		data.IamInstanceProfile = &ec2.LaunchTemplate_IamInstanceProfile{Arn: ptr(cloudformation.GetAtt("NodeInstanceProfile", "Arn"))}
		b.param(groupCompute, "RootDeviceName", cloudformation.Parameter{
			Type: "String", Default: "/dev/sda1", AllowedValues: []any{"/dev/sda1", "/dev/xvda"},
			Description: ptr("Root device name of the AMI (/dev/sda1 for Ubuntu Deep Learning AMIs, /dev/xvda for Amazon Linux)"),
		})
		rootDevice = cloudformation.Ref("RootDeviceName")
	}
	data.BlockDeviceMappings = []ec2.LaunchTemplate_BlockDeviceMapping{{
		DeviceName: ptr(rootDevice),
		Ebs:        &ec2.LaunchTemplate_Ebs{VolumeSize: ptr(RootVolumeGiB), VolumeType: ptr("gp3"), Encrypted: ptr(true), DeleteOnTermination: ptr(true)},
	}}
	lt := id + "LaunchTemplate"
	b.t.Resources[lt] = &ec2.LaunchTemplate{
		LaunchTemplateData: data,
		TagSpecifications:  []ec2.LaunchTemplate_LaunchTemplateTagSpecification{{ResourceType: ptr("launch-template"), Tags: nodeTags}},
	}
	switch c.Orchestrator {
	case model.OrchestratorEKS:
		b.eks(c, id, lt, subnetRefs)
	case model.OrchestratorSlurm:
		b.t.Outputs[id+"Orchestrator"] = cloudformation.Output{
			Value:       fmt.Sprintf("Slurm: create an AWS Parallel Computing Service (PCS) compute node group of %d x %s from this launch template in the cluster subnet", c.Nodes, c.InstanceType),
			Description: ptr("Slurm is configured outside CloudFormation; AWS PCS node groups take a launch template (AWS ParallelCluster does not)"),
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
	if c.EFAInterfaceType == model.EFAOnly {
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
	b.param(groupCompute, "AmiId", cloudformation.Parameter{
		Type:        "AWS::EC2::Image::Id",
		Description: ptr("AMI for the GPU nodes (e.g. an AWS Deep Learning AMI with the EFA driver); the operator chooses it"),
	})
}

func (b *cfnBuilder) keyParameter() {
	b.param(groupCompute, "KeyName", cloudformation.Parameter{
		Type:        "String",
		Description: ptr("Existing EC2 key pair name for SSH (leave empty to use SSM Session Manager through the instance profile); no key material is stored in this template"),
		Default:     "",
	})
	b.conds["HasKeyName"] = cloudformation.Not([]string{cloudformation.Equals(cloudformation.Ref("KeyName"), "")})
}

const roleArnPattern = `^arn:aws[a-z-]*:iam::\d{12}:role/.+$`

// eks adds an EKS cluster and a managed node group using the launch
// template. The API endpoint is private; its security group admits HTTPS
// from the VPC and from the on-prem sites linked over Direct Connect or VPN
// (kubectl from on-prem), and the nodes admit the control plane (kubelet,
// webhooks). Control-plane logs are on, Kubernetes secrets are encrypted with
// a KMS key of the stack, the version is a parameter. A node group on a
// capacity block is CAPACITY_BLOCK and starts at 0 nodes (the block may not
// be active yet; scale it to the block's size when it is). EKS needs subnets
// in at least two AZs for its control plane: the cluster subnets plus one
// private subnet in each other AZ.
func (b *cfnBuilder) eks(c model.Cluster, id, lt string, nodeSubnets []string) {
	roleParam, nodeRoleParam := id+"EksClusterRoleArn", id+"EksNodeRoleArn"
	b.param(groupOrch, roleParam, cloudformation.Parameter{Type: "String", Description: ptr(fmt.Sprintf("IAM role ARN for the EKS control plane of cluster %s (AmazonEKSClusterPolicy)", c.Name)), AllowedPattern: ptr(roleArnPattern)})
	b.param(groupOrch, nodeRoleParam, cloudformation.Parameter{Type: "String", Description: ptr(fmt.Sprintf("IAM role ARN for the nodes of cluster %s (AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly, AmazonSSMManagedInstanceCore)", c.Name)), AllowedPattern: ptr(roleArnPattern)})
	b.param(groupOrch, "KubernetesVersion", cloudformation.Parameter{Type: "String", AllowedPattern: ptr(`^1\.\d\d$`),
		Description: ptr("Kubernetes version of the EKS clusters, e.g. 1.33 (pinned so upgrades are deliberate)")})
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
	// Control-plane security group: the way in to the private API.
	cpSG := id + "EksControlPlaneSecurityGroup"
	var in []ec2.SecurityGroup_Ingress
	for _, cidr := range b.vpcCIDRs() {
		in = append(in, ec2.SecurityGroup_Ingress{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(cidr), Description: ptr("Kubernetes API from the VPC")})
	}
	for _, cidr := range siteCIDRs(b.in.vgwSites()) {
		in = append(in, ec2.SecurityGroup_Ingress{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(cidr), Description: ptr("Kubernetes API from an on-prem site over Direct Connect or VPN")})
	}
	egress := []ec2.SecurityGroup_Egress{}
	for _, cidr := range b.vpcCIDRs() {
		egress = append(egress, ec2.SecurityGroup_Egress{IpProtocol: "-1", CidrIp: ptr(cidr), Description: ptr("Control plane to nodes and pods in the VPC")})
	}
	b.t.Resources[cpSG] = &ec2.SecurityGroup{
		GroupDescription:     fmt.Sprintf("EKS control plane of cluster %s: HTTPS from the VPC and the linked on-prem sites", c.Name),
		VpcId:                ptr(cloudformation.Ref("VPC")),
		SecurityGroupIngress: in,
		SecurityGroupEgress:  egress,
		Tags:                 b.tagsFor(c.Name + "-control-plane"),
	}
	nodeSG := b.clusterSG[c.Name]
	for _, p := range [][2]int{{443, 443}, {1025, 65535}} {
		b.t.Resources[fmt.Sprintf("%sIngressFromControlPlanePort%d", nodeSG, p[0])] = &ec2.SecurityGroupIngress{
			GroupId: ptr(cloudformation.GetAtt(nodeSG, "GroupId")), IpProtocol: "tcp", FromPort: ptr(p[0]), ToPort: ptr(p[1]),
			SourceSecurityGroupId: ptr(cloudformation.GetAtt(cpSG, "GroupId")), Description: ptr("EKS control plane to kubelet and webhooks"),
		}
	}
	key := id + "EksSecretsKey"
	b.t.Resources[key] = &kms.Key{
		Description:       ptr(fmt.Sprintf("Envelope encryption of Kubernetes secrets, EKS cluster %s", c.Name)),
		EnableKeyRotation: ptr(true),
		KeyPolicy: policyDoc(
			map[string]any{
				"Sid": "AccountAdministers", "Effect": "Allow", "Action": "kms:*", "Resource": "*",
				"Principal": map[string]any{"AWS": cloudformation.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
			},
			map[string]any{
				"Sid": "ClusterRoleEncryptsSecrets", "Effect": "Allow", "Resource": "*",
				"Action":    []string{"kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants"},
				"Principal": map[string]any{"AWS": cloudformation.Ref(roleParam)},
			},
		),
		Tags: b.tagsFor(c.Name + "-secrets"),
		// Retained: deleting the key would make the secrets in any
		// etcd backup unreadable.
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	}
	var logTypes []eks.Cluster_LoggingTypeConfig
	for _, lt := range []string{"api", "audit", "authenticator", "controllerManager", "scheduler"} {
		logTypes = append(logTypes, eks.Cluster_LoggingTypeConfig{Type: ptr(lt)})
	}
	cluster := id + "EksCluster"
	b.t.Resources[cluster] = &eks.Cluster{
		RoleArn: cloudformation.Ref(roleParam),
		Version: ptr(cloudformation.Ref("KubernetesVersion")),
		ResourcesVpcConfig: &eks.Cluster_ResourcesVpcConfig{
			SubnetIds:             cp,
			SecurityGroupIds:      []string{cloudformation.GetAtt(cpSG, "GroupId")},
			EndpointPrivateAccess: ptr(true),
			EndpointPublicAccess:  ptr(false),
		},
		AccessConfig:     &eks.Cluster_AccessConfig{AuthenticationMode: ptr("API_AND_CONFIG_MAP")},
		Logging:          &eks.Cluster_Logging{ClusterLogging: &eks.Cluster_ClusterLogging{EnabledTypes: logTypes}},
		EncryptionConfig: []eks.Cluster_EncryptionConfig{{Resources: []string{"secrets"}, Provider: &eks.Cluster_Provider{KeyArn: ptr(cloudformation.GetAtt(key, "Arn"))}}},
		Tags:             b.tagsFor(c.Name),
	}
	scaling := &eks.Nodegroup_ScalingConfig{MinSize: ptr(c.Nodes), MaxSize: ptr(c.Nodes), DesiredSize: ptr(c.Nodes)}
	capacity := "ON_DEMAND"
	if c.Purchase.Option == model.PurchaseCapacityBlock {
		capacity = "CAPACITY_BLOCK"
		scaling = &eks.Nodegroup_ScalingConfig{MinSize: ptr(0), MaxSize: ptr(c.Nodes), DesiredSize: ptr(0)}
		b.t.Outputs[id+"CapacityBlock"] = cloudformation.Output{
			Value:       fmt.Sprintf("Node group %s starts at 0 nodes: scale it to %d when the capacity block is active (EKS capacity-blocks-mng)", c.Name, c.Nodes),
			Description: ptr("Capacity block node group"),
		}
	}
	b.t.Resources[id+"EksNodegroup"] = &eks.Nodegroup{
		ClusterName:   cloudformation.Ref(cluster),
		NodeRole:      cloudformation.Ref(nodeRoleParam),
		Subnets:       nodeSubnets,
		AmiType:       ptr(eksAMIType(b.in.instance(c.InstanceType))),
		CapacityType:  ptr(capacity),
		ScalingConfig: scaling,
		LaunchTemplate: &eks.Nodegroup_LaunchTemplateSpecification{
			Id: ptr(cloudformation.Ref(lt)), Version: ptr(cloudformation.GetAtt(lt, "LatestVersionNumber")),
		},
		Tags:                       map[string]string{TagScenario: cfnTagValue(b.in.Scenario.Name), "topoplan:cluster": cfnTagValue(c.Name)},
		AWSCloudFormationDependsOn: b.egressReady(c),
	}
}

// eksAMIType is the EKS-optimised AL2023 AMI family for an instance type:
// Neuron for Trainium and Inferentia, NVIDIA otherwise.
func eksAMIType(inst model.Instance) string {
	if strings.Contains(inst.AcceleratorModel, "Trainium") || strings.Contains(inst.AcceleratorModel, "Inferentia") {
		return "AL2023_x86_64_NEURON"
	}
	return "AL2023_x86_64_NVIDIA"
}

// hyperPod adds a SageMaker HyperPod cluster (AWS::SageMaker::Cluster, a
// type goformation lacks: see cfn_resources.go) as AWS's Slurm lifecycle
// scripts expect it: a controller (head node) group and a worker group, an
// execution role with the AWS managed AmazonSageMakerClusterInstanceRolePolicy,
// the VPC network-interface permissions and read access to the
// lifecycle-script bucket only, an EBS volume per node, and creation after
// the subnet's egress (NAT route, S3 gateway endpoint) exists, since nodes
// download the lifecycle scripts from S3 while provisioning. The output
// ProvisioningParameters is the provisioning_parameters.json to upload next
// to the scripts.
//
// AWS::SageMaker::Cluster has no network-interface type, so HyperPod uses its
// default: one EFA (with an address) per network card. A subnet the address
// plan sized for efa-only interfaces would run out of addresses: that is
// refused.
func (b *cfnBuilder) hyperPod(c model.Cluster, id string, subnetRefs []string) error {
	inst := b.in.instance(c.InstanceType)
	if efaOn(c) && c.EFAInterfaceType == model.EFAOnly {
		return fmt.Errorf("cluster %s: AWS::SageMaker::Cluster cannot request efa-only interfaces, so HyperPod gives each node one address per EFA interface (%d), but the address plan sized the subnet for efa-only (1 per node); set efa_interface_type: efa",
			c.Name, max(inst.MaxEFAInterfaces, 1))
	}
	need, usable := 1, 0 // the controller's address
	if efaOn(c) {
		need += c.Nodes * max(inst.MaxEFAInterfaces, 1)
	} else {
		need += c.Nodes
	}
	for _, sn := range b.subnets {
		if sn.Purpose == model.SubnetCluster && sn.Cluster == c.Name {
			usable += sn.UsableIPs
		}
	}
	if usable < need {
		return fmt.Errorf("cluster %s: HyperPod needs %d addresses in its subnet (%d nodes with their EFA interfaces and the controller), the address plan gives %d", c.Name, need, c.Nodes, usable)
	}
	scriptsParam := id + "HyperPodLifecycleS3Uri"
	b.param(groupOrch, scriptsParam, cloudformation.Parameter{Type: "String", Description: ptr(fmt.Sprintf("S3 URI of the HyperPod lifecycle scripts of cluster %s (s3://bucket/prefix/), with provisioning_parameters.json from the outputs", c.Name)), AllowedPattern: ptr(`^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$`)})
	bucket := cloudformation.Select(2, cloudformation.Split("/", cloudformation.Ref(scriptsParam)))
	bucketArn := cloudformation.Join("", []string{"arn:", cloudformation.Ref("AWS::Partition"), ":s3:::", bucket})
	role := id + "HyperPodExecutionRole"
	b.t.Resources[role] = &iam.Role{
		Description: ptr(fmt.Sprintf("SageMaker HyperPod cluster %s: instance role, VPC interfaces, lifecycle scripts", c.Name)),
		AssumeRolePolicyDocument: policyDoc(map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole",
		}),
		ManagedPolicyArns: []string{managedPolicy("AmazonSageMakerClusterInstanceRolePolicy")},
		Policies: []iam.Role_Policy{{
			PolicyName: "vpc-and-lifecycle-scripts",
			PolicyDocument: policyDoc(
				map[string]any{"Effect": "Allow", "Resource": "*", "Action": []string{
					"ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface",
					"ec2:DeleteNetworkInterfacePermission", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs",
					"ec2:DescribeDhcpOptions", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DetachNetworkInterface"}},
				map[string]any{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": cloudformation.Sub("arn:${AWS::Partition}:ec2:*:*:network-interface/*")},
				map[string]any{"Effect": "Allow", "Action": []string{"s3:ListBucket", "s3:GetObject"},
					"Resource": []string{bucketArn, cloudformation.Join("", []string{bucketArn, "/*"})}},
			),
		}},
		Tags: b.tagsFor(c.Name + "-hyperpod"),
	}
	life := &SageMakerClusterLifeCycleConfig{SourceS3Uri: cloudformation.Ref(scriptsParam), OnCreate: "on_create.sh"}
	workers := hyperPodName(c.Name)
	if workers == HyperPodControllerGroup {
		workers += "-workers"
	}
	b.t.Resources[id+"HyperPodCluster"] = &SageMakerCluster{
		InstanceGroups: []SageMakerClusterInstanceGroup{
			{
				InstanceGroupName: HyperPodControllerGroup, InstanceType: HyperPodControllerType, InstanceCount: 1,
				ExecutionRole: cloudformation.GetAtt(role, "Arn"), LifeCycleConfig: life, ThreadsPerCore: ptr(1),
			},
			{
				InstanceGroupName: workers, InstanceType: "ml." + c.InstanceType, InstanceCount: c.Nodes,
				ExecutionRole: cloudformation.GetAtt(role, "Arn"), LifeCycleConfig: life, ThreadsPerCore: ptr(1),
				InstanceStorageConfigs: []SageMakerClusterInstanceStorage{{EbsVolumeConfig: &SageMakerClusterEbsVolume{VolumeSizeInGB: RootVolumeGiB}}},
			},
		},
		VpcConfig:    &SageMakerClusterVpcConfig{SecurityGroupIds: []string{cloudformation.GetAtt(b.clusterSG[c.Name], "GroupId")}, Subnets: subnetRefs},
		NodeRecovery: ptr("Automatic"),
		Tags:         b.tagsFor(c.Name),
		DependsOn:    b.egressReady(c),
	}
	b.t.Outputs[id+"HyperPodProvisioningParameters"] = cloudformation.Output{
		Value:       b.provisioningParameters(workers),
		Description: ptr(fmt.Sprintf("provisioning_parameters.json for the lifecycle scripts of HyperPod cluster %s (upload next to on_create.sh)", c.Name)),
	}
	return nil
}

// provisioningParameters is the provisioning_parameters.json AWS's HyperPod
// Slurm lifecycle scripts read: the controller and worker groups, and the
// FSx for Lustre DNS and mount names when the template has the file system.
func (b *cfnBuilder) provisioningParameters(workers string) string {
	doc := map[string]any{
		"version":          "1.0.0",
		"workload_manager": "slurm",
		"controller_group": HyperPodControllerGroup,
		"worker_groups":    []map[string]string{{"instance_group_name": workers, "partition_name": workers}},
	}
	j, _ := json.Marshal(doc)
	if b.in.Scenario.Storage.FSxLustre == nil {
		return string(j)
	}
	// Close the object with the file system's names, filled in by CloudFormation.
	head := strings.TrimSuffix(string(j), "}")
	return cloudformation.Join("", []string{head + `,"fsx_dns_name":"`, cloudformation.GetAtt("FSxLustre", "DNSName"),
		`","fsx_mountname":"`, cloudformation.GetAtt("FSxLustre", "LustreMountName"), `"}`})
}

// hyperPodName fits a HyperPod instance group name's pattern: ASCII letters,
// digits and single hyphens, at most 63 characters.
func hyperPodName(s string) string {
	var r []byte
	for _, c := range []byte(s) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		switch {
		case ok:
			r = append(r, c)
		case len(r) > 0 && r[len(r)-1] != '-':
			r = append(r, '-')
		}
	}
	if len(r) > 63 {
		r = r[:63]
	}
	out := strings.Trim(string(r), "-")
	if out == "" {
		return "workers"
	}
	return out
}
