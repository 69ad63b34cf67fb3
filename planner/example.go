package planner

import _ "embed"

// ExampleName is the file name shown for the embedded example scenario.
const ExampleName = "example:llm-pretraining.yaml"

//go:embed examples/llm-pretraining.yaml
var exampleScenario []byte

// ExampleScenarioYAML returns the embedded example scenario (a copy of
// testdata/scenarios/llm-pretraining.yaml; a test keeps the two identical).
func ExampleScenarioYAML() []byte { return append([]byte(nil), exampleScenario...) }
