package main

import (
	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/export"
	"github.com/topoplan/topoplan/planner"
)

// newSubnetsCmd is `topoplan subnets FILE`: the address plan alone.
func newSubnetsCmd(g *globalFlags) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "subnets [FILE]",
		Short: "Print the subnet and IP address plan (table, json, markdown or csv)",
		Long: `Evaluate a scenario (or the embedded example when FILE is omitted) and print
only its address plan: every subnet with its AZ, CIDR, usable and needed IPs
and headroom, the free space left in the VPC, each cluster's per-node IP
arithmetic and any overlap with on-prem ranges.

Exit status: 0 when the subnets fit, 3 when they do not fit the VPC or
overlap an on-prem range, 2 on invalid input.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
				return err
			}
			doc, cat, err := g.loadScenario(cmd, argPath(args))
			if err != nil {
				return err
			}
			name := doc.File
			plan := planner.Evaluate(doc.Scenario, cat, planner.Options{})
			out, err := export.AddressPlan(plan, format)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			if _, err := cmd.OutOrStdout().Write(out); err != nil {
				return err
			}
			if a := plan.Addressing; a != nil && (!a.Fits || len(a.Conflicts) > 0) {
				return &exitError{exitFindings, errAddressPlan(name)}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown or csv (one row per subnet, raw numbers)")
	return cmd
}

type errAddressPlan string

func (e errAddressPlan) Error() string {
	return string(e) + ": the address plan does not fit or overlaps an on-prem range"
}
