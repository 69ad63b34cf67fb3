package export

import (
	"encoding/json"

	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/fsx"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/tags"
)

// This file adds CloudFormation resource types and properties that
// goformation v7.14.9 (2024-04, its last release) predates, as typed
// resources implementing goformation's cloudformation.Resource interface.
// Property names follow the CloudFormation resource specification
// (docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/).

// customResourceTypes are the types this file defines that goformation's
// parser does not know (or knows without the properties used here).
var customResourceTypes = map[string]bool{
	"AWS::SageMaker::Cluster":                             true,
	"AWS::DirectConnect::DirectConnectGateway":            true,
	"AWS::DirectConnect::DirectConnectGatewayAssociation": true,
	"AWS::EC2::CustomerGateway":                           true,
}

// CustomerGateway is AWS::EC2::CustomerGateway with BgpAsn able to take a
// parameter (goformation types it as an integer).
type CustomerGateway struct {
	// Type is ipsec.1.
	Type string `json:"Type"`
	// IpAddress is the on-prem device's public IPv4 address.
	IpAddress string `json:"IpAddress"`
	// BgpAsn is the on-prem BGP ASN: a number or a Ref to a Number parameter.
	BgpAsn any `json:"BgpAsn"`
	// Tags label the gateway.
	Tags []tags.Tag `json:"Tags,omitempty"`
}

// AWSCloudFormationType implements cloudformation.Resource.
func (r *CustomerGateway) AWSCloudFormationType() string { return "AWS::EC2::CustomerGateway" }

// MarshalJSON writes the resource as Type and Properties.
func (r CustomerGateway) MarshalJSON() ([]byte, error) {
	type props CustomerGateway
	return json.Marshal(struct {
		Type       string
		Properties props
	}{r.AWSCloudFormationType(), props(r)})
}

// TaggedVPCEndpoint is goformation's AWS::EC2::VPCEndpoint plus Tags, which
// its v7.14.9 type lacks.
type TaggedVPCEndpoint struct {
	ec2.VPCEndpoint
	// Tags label the endpoint.
	Tags []tags.Tag
}

// AWSCloudFormationType implements cloudformation.Resource.
func (r *TaggedVPCEndpoint) AWSCloudFormationType() string { return "AWS::EC2::VPCEndpoint" }

// MarshalJSON writes goformation's endpoint with Tags added to its
// Properties (the embedded type's own MarshalJSON would drop them).
func (r TaggedVPCEndpoint) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(&r.VPCEndpoint)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(base, &m); err != nil {
		return nil, err
	}
	if props, ok := m["Properties"].(map[string]any); ok && len(r.Tags) > 0 {
		props["Tags"] = r.Tags
	}
	return json.Marshal(m)
}

// DirectConnectGateway is AWS::DirectConnect::DirectConnectGateway: the
// global gateway private virtual interfaces attach to, associated with
// virtual private gateways in any region.
type DirectConnectGateway struct {
	// DirectConnectGatewayName names the gateway (required; not unique).
	DirectConnectGatewayName string `json:"DirectConnectGatewayName"`
	// AmazonSideAsn is the Amazon-side BGP ASN (a string).
	AmazonSideAsn *string `json:"AmazonSideAsn,omitempty"`
	// Tags label the gateway.
	Tags []tags.Tag `json:"Tags,omitempty"`
}

// AWSCloudFormationType implements cloudformation.Resource.
func (r *DirectConnectGateway) AWSCloudFormationType() string {
	return "AWS::DirectConnect::DirectConnectGateway"
}

// MarshalJSON writes the resource as Type and Properties.
func (r DirectConnectGateway) MarshalJSON() ([]byte, error) {
	type props DirectConnectGateway
	return json.Marshal(struct {
		Type       string
		Properties props
	}{r.AWSCloudFormationType(), props(r)})
}

// DirectConnectGatewayAssociation is
// AWS::DirectConnect::DirectConnectGatewayAssociation: a Direct Connect
// gateway associated with a virtual private (or transit) gateway.
type DirectConnectGatewayAssociation struct {
	// DirectConnectGatewayId is the Direct Connect gateway's ID or ARN.
	DirectConnectGatewayId string `json:"DirectConnectGatewayId"`
	// AssociatedGatewayId is the virtual private gateway's ID.
	AssociatedGatewayId string `json:"AssociatedGatewayId"`
	// AllowedPrefixesToDirectConnectGateway are the prefixes advertised to on-prem.
	AllowedPrefixesToDirectConnectGateway []string `json:"AllowedPrefixesToDirectConnectGateway,omitempty"`

	// DependsOn lists resources created first.
	DependsOn []string `json:"-"`
}

// AWSCloudFormationType implements cloudformation.Resource.
func (r *DirectConnectGatewayAssociation) AWSCloudFormationType() string {
	return "AWS::DirectConnect::DirectConnectGatewayAssociation"
}

// MarshalJSON writes the resource as Type, Properties and DependsOn.
func (r DirectConnectGatewayAssociation) MarshalJSON() ([]byte, error) {
	type props DirectConnectGatewayAssociation
	return json.Marshal(struct {
		Type       string
		Properties props
		DependsOn  []string `json:"DependsOn,omitempty"`
	}{r.AWSCloudFormationType(), props(r), r.DependsOn})
}

// SageMakerCluster is AWS::SageMaker::Cluster, a SageMaker HyperPod cluster.
type SageMakerCluster struct {
	// ClusterName names the cluster.
	ClusterName *string `json:"ClusterName,omitempty"`
	// InstanceGroups are the cluster's instance groups.
	InstanceGroups []SageMakerClusterInstanceGroup `json:"InstanceGroups"`
	// VpcConfig puts the cluster's instances in the VPC.
	VpcConfig *SageMakerClusterVpcConfig `json:"VpcConfig,omitempty"`
	// NodeRecovery is Automatic or None.
	NodeRecovery *string `json:"NodeRecovery,omitempty"`
	// Tags label the cluster.
	Tags []tags.Tag `json:"Tags,omitempty"`

	// DependsOn lists resources created first.
	DependsOn []string `json:"-"`
}

// SageMakerClusterInstanceGroup is one HyperPod instance group.
type SageMakerClusterInstanceGroup struct {
	InstanceGroupName string `json:"InstanceGroupName"`
	// InstanceType is the SageMaker instance type, e.g. ml.p5.48xlarge.
	InstanceType    string                           `json:"InstanceType"`
	InstanceCount   int                              `json:"InstanceCount"`
	ExecutionRole   string                           `json:"ExecutionRole"`
	LifeCycleConfig *SageMakerClusterLifeCycleConfig `json:"LifeCycleConfig,omitempty"`
	ThreadsPerCore  *int                             `json:"ThreadsPerCore,omitempty"`
	// InstanceStorageConfigs adds EBS volumes to every instance of the group.
	InstanceStorageConfigs []SageMakerClusterInstanceStorage `json:"InstanceStorageConfigs,omitempty"`
}

// SageMakerClusterInstanceStorage is one storage configuration of an
// instance group (here: an EBS volume).
type SageMakerClusterInstanceStorage struct {
	EbsVolumeConfig *SageMakerClusterEbsVolume `json:"EbsVolumeConfig,omitempty"`
}

// SageMakerClusterEbsVolume is an EBS volume attached to each instance,
// mounted at /opt/sagemaker.
type SageMakerClusterEbsVolume struct {
	VolumeSizeInGB int `json:"VolumeSizeInGB"`
}

// SageMakerClusterLifeCycleConfig names the lifecycle scripts run on each node.
type SageMakerClusterLifeCycleConfig struct {
	SourceS3Uri string `json:"SourceS3Uri"`
	OnCreate    string `json:"OnCreate"`
}

// SageMakerClusterVpcConfig is the HyperPod cluster's VPC placement.
type SageMakerClusterVpcConfig struct {
	SecurityGroupIds []string `json:"SecurityGroupIds"`
	Subnets          []string `json:"Subnets"`
}

// AWSCloudFormationType implements cloudformation.Resource.
func (r *SageMakerCluster) AWSCloudFormationType() string { return "AWS::SageMaker::Cluster" }

// MarshalJSON writes the resource as Type, Properties and DependsOn.
func (r SageMakerCluster) MarshalJSON() ([]byte, error) {
	type props SageMakerCluster
	return json.Marshal(struct {
		Type       string
		Properties props
		DependsOn  []string `json:"DependsOn,omitempty"`
	}{r.AWSCloudFormationType(), props(r), r.DependsOn})
}

// LustreFileSystem is AWS::FSx::FileSystem for FSx for Lustre with the
// properties goformation's FileSystem_LustreConfiguration lacks: EfaEnabled
// and MetadataConfiguration. It is used only when the file system is
// EFA-enabled; otherwise goformation's own fsx.FileSystem is emitted.
type LustreFileSystem struct {
	FileSystemType        string                 `json:"FileSystemType"`
	FileSystemTypeVersion *string                `json:"FileSystemTypeVersion,omitempty"`
	StorageCapacity       *int                   `json:"StorageCapacity,omitempty"`
	StorageType           *string                `json:"StorageType,omitempty"`
	SubnetIds             []string               `json:"SubnetIds"`
	SecurityGroupIds      []string               `json:"SecurityGroupIds,omitempty"`
	LustreConfiguration   *LustreConfigurationV2 `json:"LustreConfiguration,omitempty"`
	Tags                  []tags.Tag             `json:"Tags,omitempty"`

	DeletionPolicy      policies.DeletionPolicy      `json:"-"`
	UpdateReplacePolicy policies.UpdateReplacePolicy `json:"-"`
	// Metadata is the resource's Metadata section (cfn-lint configuration).
	Metadata map[string]any `json:"-"`
}

// LustreConfigurationV2 is goformation's Lustre configuration plus
// EfaEnabled and MetadataConfiguration.
type LustreConfigurationV2 struct {
	fsx.FileSystem_LustreConfiguration
	EfaEnabled            *bool                 `json:"EfaEnabled,omitempty"`
	MetadataConfiguration *LustreMetadataConfig `json:"MetadataConfiguration,omitempty"`
}

// MarshalJSON merges the embedded goformation configuration with the added
// properties (the embedded type's own MarshalJSON would hide them).
func (c LustreConfigurationV2) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(c.FileSystem_LustreConfiguration)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(base, &m); err != nil {
		return nil, err
	}
	if c.EfaEnabled != nil {
		m["EfaEnabled"] = *c.EfaEnabled
	}
	if c.MetadataConfiguration != nil {
		m["MetadataConfiguration"] = c.MetadataConfiguration
	}
	return json.Marshal(m)
}

// LustreMetadataConfig is the PERSISTENT_2 metadata configuration (Mode
// AUTOMATIC or USER_PROVISIONED with Iops).
type LustreMetadataConfig struct {
	Mode string `json:"Mode"`
	Iops *int   `json:"Iops,omitempty"`
}

// AWSCloudFormationType implements cloudformation.Resource.
func (r *LustreFileSystem) AWSCloudFormationType() string { return "AWS::FSx::FileSystem" }

// MarshalJSON writes the resource with its deletion policies.
func (r LustreFileSystem) MarshalJSON() ([]byte, error) {
	type props LustreFileSystem
	return json.Marshal(struct {
		Type                string
		Properties          props
		DeletionPolicy      policies.DeletionPolicy      `json:"DeletionPolicy,omitempty"`
		UpdateReplacePolicy policies.UpdateReplacePolicy `json:"UpdateReplacePolicy,omitempty"`
		Metadata            map[string]any               `json:"Metadata,omitempty"`
	}{r.AWSCloudFormationType(), props(r), r.DeletionPolicy, r.UpdateReplacePolicy, r.Metadata})
}
