package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// importOptions are import vpc's flags, and the scenario --into names.
type importOptions struct {
	vpcID, region, profile, output, into string
	scenario                             []byte
}

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
			return runImportVPC(cmd, importOptions{vpcID: vpcID, region: region, profile: profile, output: output, into: into, scenario: scenario})
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
