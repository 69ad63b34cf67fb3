package export

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/fsx"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/topoplan/topoplan/model"
)

// FSxBackupRetentionDays is how long automatic daily backups of a
// persistent FSx for Lustre file system are kept.
const FSxBackupRetentionDays = 7

// CFNLintMaxFSxGiB is the largest StorageCapacity cfn-lint 1.51 accepts on
// any AWS::FSx::FileSystem: its schema patch caps every file system at the
// Windows limit of 65,536 GiB (E3034), a false positive for Lustre fixed
// upstream (aws-cloudformation/cfn-lint#4706, PR #4708, per-type bounds).
const CFNLintMaxFSxGiB = 65536

// fsx adds FSx for Lustre in the storage subnet of its AZ (or the cluster
// subnet there), with the planned deployment type, capacity and per-unit
// throughput, its own security group, automatic daily backups when
// persistent, and the link to the S3 data lake (bucket name a parameter)
// when the plan hydrates from S3: a data repository association with
// automatic import and export on PERSISTENT_2, import and export paths on
// SCRATCH_2. Above 65,536 GiB the resource carries a cfn-lint Metadata entry
// ignoring E3034 (see CFNLintMaxFSxGiB) with the reason beside it.
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
		cfg.AutomaticBackupRetentionDays = ptr(FSxBackupRetentionDays)
		cfg.DailyAutomaticBackupStartTime = ptr("03:00")
		cfg.CopyTagsToBackups = ptr(true)
	}
	if f.StorageType == "HDD" {
		cfg.DriveCacheType = ptr("NONE")
	}
	repo := b.in.fsxRepository()
	if repo == fsxRepoImport {
		bucket := "s3://" + "${" + b.dataBucketParam() + "}"
		cfg.ImportPath = ptr(cloudformation.Sub(bucket))
		cfg.ExportPath = ptr(cloudformation.Sub(bucket + "/fsx-export"))
		cfg.AutoImportPolicy = ptr("NEW_CHANGED_DELETED")
	}
	gib := fsxGiB(f.CapacityTiB)
	var meta map[string]any
	if gib > CFNLintMaxFSxGiB {
		meta = map[string]any{
			"cfn-lint": map[string]any{"config": map[string]any{"ignore_checks": []string{"E3034"}}},
			"topoplan": map[string]any{"E3034": fmt.Sprintf("StorageCapacity %d GiB is valid for FSx for Lustre; cfn-lint before aws-cloudformation/cfn-lint PR #4708 caps every FSx file system at 65,536 GiB (the Windows limit). Only E3034 is ignored, and only on this resource; topoplan's own check (FSxCapacityError) validated the capacity.", gib)},
		}
	}
	sg := []string{cloudformation.GetAtt(b.fsxSG, "GroupId")}
	if f.EFAEnabled {
		b.t.Resources["FSxLustre"] = &LustreFileSystem{
			FileSystemType: "LUSTRE", FileSystemTypeVersion: ptr("2.15"), StorageCapacity: ptr(gib), StorageType: ptr(f.StorageType),
			SubnetIds: []string{cloudformation.Ref(sub)}, SecurityGroupIds: sg,
			LustreConfiguration: &LustreConfigurationV2{FileSystem_LustreConfiguration: cfg, EfaEnabled: ptr(true),
				MetadataConfiguration: &LustreMetadataConfig{Mode: "AUTOMATIC"}},
			Tags:           b.tagsFor("fsx"),
			DeletionPolicy: policies.DeletionPolicy("Retain"), UpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
			Metadata: meta,
		}
	} else {
		b.t.Resources["FSxLustre"] = &fsx.FileSystem{
			FileSystemType: "LUSTRE", FileSystemTypeVersion: ptr("2.15"), StorageCapacity: ptr(gib), StorageType: ptr(f.StorageType),
			SubnetIds: []string{cloudformation.Ref(sub)}, SecurityGroupIds: sg,
			LustreConfiguration:                  &cfg,
			Tags:                                 b.tagsFor("fsx"),
			AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
			AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
			AWSCloudFormationMetadata:            meta,
		}
	}
	if repo == fsxRepoDRA {
		events := []string{"NEW", "CHANGED", "DELETED"}
		b.t.Resources["FSxDataRepositoryAssociation"] = &fsx.DataRepositoryAssociation{
			FileSystemId:                cloudformation.Ref("FSxLustre"),
			FileSystemPath:              "/data",
			DataRepositoryPath:          cloudformation.Sub("s3://${" + b.dataBucketParam() + "}"),
			BatchImportMetaDataOnCreate: ptr(true),
			S3: &fsx.DataRepositoryAssociation_S3{
				AutoImportPolicy: &fsx.DataRepositoryAssociation_AutoImportPolicy{Events: events},
				AutoExportPolicy: &fsx.DataRepositoryAssociation_AutoExportPolicy{Events: events},
			},
			Tags: b.tagsFor("fsx-s3"),
		}
	}
	return nil
}
