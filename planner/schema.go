package planner

import _ "embed"

// SchemaID is the $id of the scenario JSON Schema.
const SchemaID = "https://github.com/topoplan/topoplan/docs/scenario.schema.json"

// scenarioSchema is the JSON Schema of the scenario file, generated from
// the model's types and their yaml tags by TestScenarioSchemaGenerated
// (schema_test.go), which fails when the types and this file differ; the
// generator stays out of the program, whose every command would otherwise
// initialise it.
//
//go:embed scenario.schema.json
var scenarioSchema []byte

// ScenarioJSONSchema returns the JSON Schema of the scenario file, generated
// from the model's types and their yaml tags, so it cannot drift from what the
// loader accepts. Unknown fields are rejected (additionalProperties: false).
func ScenarioJSONSchema() ([]byte, error) {
	return append([]byte(nil), scenarioSchema...), nil
}
