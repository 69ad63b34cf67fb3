//go:build topoplan_aws

package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi"
)

// runImportVPC reads the VPC from AWS (see newImportVPCCmd); only the
// topoplan-aws build links it.
func runImportVPC(cmd *cobra.Command, o importOptions) error {
	region := o.region
	ctx, stop := interruptible(cmd)
	defer stop()
	untouched := "Nothing was written."
	clients, err := awsapi.Load(ctx, withAWSLimits(awsapi.Config{Profile: o.profile, Region: region}))
	if err != nil {
		return awsFailure(importCredentialsError(err), untouched)
	}
	if region == "" {
		region = clients.Region()
	}
	if region == "" {
		return &exitError{exitInvalid, fmt.Errorf("no region: pass --region, set aws.region in the scenario, or set AWS_REGION")}
	}
	vpc, err := awsapi.ImportVPC(ctx, clients.EC2(region), region, o.vpcID, nil)
	if err != nil {
		return awsFailure(err, untouched)
	}
	imp := planner.VPCImport{ID: vpc.ID, Region: region, ReadOn: time.Now().Format("2006-01-02"),
		CIDR: vpc.CIDR, SecondaryCIDRs: vpc.SecondaryCIDRs, Subnets: vpc.Subnets}
	fmt.Fprintf(cmd.ErrOrStderr(), "VPC %s in %s: %s, %d secondary CIDRs, %d subnets.\n", vpc.ID, region, vpc.CIDR, len(vpc.SecondaryCIDRs), len(vpc.Subnets))
	if o.into != "" {
		out, err := planner.ApplyVPCImport(o.into, o.scenario, imp)
		if err != nil {
			return &exitError{exitInvalid, fmt.Errorf("%w; %s", err, untouched)}
		}
		perm := os.FileMode(0o644)
		if st, err := os.Stat(o.into); err == nil {
			perm = st.Mode().Perm()
		}
		if err := planner.WriteFileAtomic(o.into, out, perm, true); err != nil {
			return &exitError{exitInternal, fmt.Errorf("write %s: %w", o.into, err)}
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "Updated %s (previous kept as %s.bak).\n", o.into, o.into)
		return nil
	}
	frag, err := vpcFragment(imp)
	if err != nil {
		return err
	}
	if o.output == "" {
		_, err = cmd.OutOrStdout().Write(frag)
		return err
	}
	if err := planner.WriteFileAtomic(o.output, frag, 0o644, true); err != nil {
		return &exitError{exitInternal, fmt.Errorf("write %s: %w", o.output, err)}
	}
	return nil
}

// importCredentialsError words a missing-credentials failure for import vpc:
// what to set and what the import reads, without awsapi's remark about the
// catalog snapshot (which is refresh's concern). Other errors pass through.
func importCredentialsError(err error) error {
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Kind != awsapi.KindNoCredentials || ae.Op != "find AWS credentials" {
		return err
	}
	return &awsapi.Error{Kind: ae.Kind, Op: ae.Op, Err: ae.Err,
		Msg: "no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`, or pass --profile; " +
			"import vpc reads the VPC and its subnets (ec2:DescribeVpcs, ec2:DescribeSubnets)"}
}
