package main

import (
	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/export"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

func renderPlan(p model.Plan, format string) ([]byte, error) {
	return export.Plan(p, format)
}

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the scenario file's JSON Schema (for editor completion and checks)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := planner.ScenarioJSONSchema()
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(b)
			return err
		},
	}
}
