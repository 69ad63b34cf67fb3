package planner

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/invopop/jsonschema"

	"github.com/topoplan/topoplan/model"
)

// schemaFile is the generated scenario JSON Schema the program embeds.
const schemaFile = "scenario.schema.json"

// TestScenarioSchemaGenerated keeps scenario.schema.json in step with the
// model's types: the file must be what invopop/jsonschema reflects from
// model.Scenario with its yaml tags today. Regenerate with
//
//	go test ./planner -run TestScenarioSchemaGenerated -update
func TestScenarioSchemaGenerated(t *testing.T) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: false,
		DoNotReference:             false,
	}
	s := r.Reflect(&model.Scenario{})
	s.ID = SchemaID
	s.Title = "topoplan scenario"
	s.Description = "An estate to size: on-prem sites, links to AWS, the VPC, GPU clusters, storage, workloads and monthly traffic. See docs/scenario.md."
	want, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(schemaFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := ScenarioJSONSchema()
	if err != nil || !bytes.Equal(have, want) {
		t.Fatalf("%s is not what the model's types generate (%v): run go test ./planner -run TestScenarioSchemaGenerated -update", schemaFile, err)
	}
	// The schema is a JSON Schema an editor can use: it names itself and
	// rejects unknown top-level fields.
	var doc struct {
		ID   string `json:"$id"`
		Ref  string `json:"$ref"`
		Defs map[string]struct {
			AdditionalProperties *bool `json:"additionalProperties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(have, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != SchemaID || doc.Defs["Scenario"].AdditionalProperties == nil || *doc.Defs["Scenario"].AdditionalProperties {
		t.Fatalf("schema: $id %q, Scenario additionalProperties %v", doc.ID, doc.Defs["Scenario"].AdditionalProperties)
	}
}
