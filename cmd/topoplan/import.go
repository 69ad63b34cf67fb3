package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi"
)

func newImportCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Read existing AWS resources into a scenario",
	}
	cmd.AddCommand(newImportVPCCmd())
	return cmd
}

func newImportVPCCmd() *cobra.Command {
	var vpcID, region, profile, output, into string
	cmd := &cobra.Command{
		Use:   "vpc --vpc-id ID [--region R] [-o FILE | --into SCENARIO]",
		Short: "Read an existing VPC's CIDRs and subnets so the address plan works around them",
		Long: `Read an existing VPC's IPv4 CIDRs (DescribeVpcs) and subnets (DescribeSubnets)
with the standard AWS configuration and credential chain.

--into SCENARIO writes them into the scenario's aws.vpc_cidr,
aws.secondary_cidrs and aws.existing_subnets, editing the YAML in place so
comments and every other field survive; the file is replaced atomically and
the previous version kept as SCENARIO.bak. The region defaults to the
scenario's aws.region. Without --into the aws fragment is printed, or written
to -o FILE. Any failure writes nothing and exits with status 4.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if vpcID == "" {
				return &exitError{exitInvalid, fmt.Errorf("--vpc-id is required")}
			}
			if output != "" && into != "" {
				return &exitError{exitInvalid, fmt.Errorf("give -o FILE or --into SCENARIO, not both")}
			}
			var scenario []byte
			if into != "" {
				var err error
				if scenario, err = planner.ReadScenarioFile(into); err != nil {
					return &exitError{exitInvalid, err}
				}
				doc, err := planner.Parse(into, scenario)
				if err != nil {
					return err
				}
				if region == "" {
					region = doc.Scenario.AWS.Region
				}
			}
			ctx, stop := interruptible(cmd)
			defer stop()
			untouched := "Nothing was written."
			clients, err := awsapi.Load(ctx, withAWSLimits(awsapi.Config{Profile: profile, Region: region}))
			if err != nil {
				return awsFailure(importCredentialsError(err), untouched)
			}
			if region == "" {
				region = clients.Region()
			}
			if region == "" {
				return &exitError{exitInvalid, fmt.Errorf("no region: pass --region, set aws.region in the scenario, or set AWS_REGION")}
			}
			vpc, err := awsapi.ImportVPC(ctx, clients.EC2(region), region, vpcID, nil)
			if err != nil {
				return awsFailure(err, untouched)
			}
			imp := planner.VPCImport{ID: vpc.ID, Region: region, ReadOn: time.Now().Format("2006-01-02"),
				CIDR: vpc.CIDR, SecondaryCIDRs: vpc.SecondaryCIDRs, Subnets: vpc.Subnets}
			fmt.Fprintf(cmd.ErrOrStderr(), "VPC %s in %s: %s, %d secondary CIDRs, %d subnets.\n", vpc.ID, region, vpc.CIDR, len(vpc.SecondaryCIDRs), len(vpc.Subnets))
			if into != "" {
				out, err := planner.ApplyVPCImport(into, scenario, imp)
				if err != nil {
					return &exitError{exitInvalid, fmt.Errorf("%w; %s", err, untouched)}
				}
				perm := os.FileMode(0o644)
				if st, err := os.Stat(into); err == nil {
					perm = st.Mode().Perm()
				}
				if err := planner.WriteFileAtomic(into, out, perm, true); err != nil {
					return &exitError{exitInternal, fmt.Errorf("write %s: %w", into, err)}
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Updated %s (previous kept as %s.bak).\n", into, into)
				return nil
			}
			frag, err := vpcFragment(imp)
			if err != nil {
				return err
			}
			if output == "" {
				_, err = cmd.OutOrStdout().Write(frag)
				return err
			}
			if err := planner.WriteFileAtomic(output, frag, 0o644, true); err != nil {
				return &exitError{exitInternal, fmt.Errorf("write %s: %w", output, err)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&vpcID, "vpc-id", "", "ID of the VPC to read (vpc-...)")
	f.StringVar(&region, "region", "", "region of the VPC (default: the scenario's aws.region, else the AWS config's)")
	f.StringVar(&profile, "profile", "", "AWS shared-config profile (default: AWS_PROFILE or default)")
	f.StringVarP(&output, "output", "o", "", "write the aws fragment to FILE instead of stdout")
	f.StringVar(&into, "into", "", "scenario file to update in place")
	return cmd
}

// vpcFragment renders the imported VPC as a scenario's aws section.
func vpcFragment(imp planner.VPCImport) ([]byte, error) {
	frag := struct {
		AWS struct {
			Region          string                 `yaml:"region"`
			VPCCIDR         string                 `yaml:"vpc_cidr"`
			SecondaryCIDRs  []string               `yaml:"secondary_cidrs,omitempty"`
			ExistingSubnets []model.ExistingSubnet `yaml:"existing_subnets,omitempty"`
		} `yaml:"aws"`
	}{}
	frag.AWS.Region, frag.AWS.VPCCIDR = imp.Region, imp.CIDR
	frag.AWS.SecondaryCIDRs, frag.AWS.ExistingSubnets = imp.SecondaryCIDRs, imp.Subnets
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# VPC %s (%s), imported by `topoplan import vpc` on %s\n", imp.ID, imp.Region, imp.ReadOn)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(frag); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
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
