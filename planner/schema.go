package planner

import (
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"

	"github.com/topoplan/topoplan/model"
)

// SchemaID is the $id of the scenario JSON Schema.
const SchemaID = "https://github.com/topoplan/topoplan/docs/scenario.schema.json"

// ScenarioJSONSchema returns the JSON Schema of the scenario file, generated
// from the model's types and their yaml tags, so it cannot drift from what the
// loader accepts. Unknown fields are rejected (additionalProperties: false).
func ScenarioJSONSchema() ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: false,
		DoNotReference:             false,
	}
	s := r.Reflect(&model.Scenario{})
	s.ID = SchemaID
	s.Title = "topoplan scenario"
	s.Description = "An estate to size: on-prem sites, links to AWS, the VPC, GPU clusters, storage, workloads and monthly traffic. See docs/scenario.md."
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return append(b, '\n'), nil
}
