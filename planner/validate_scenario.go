package planner

import "github.com/topoplan/topoplan/model"

// ValidateScenario checks a scenario held in memory (for example one being
// edited in the TUI) against the catalog, with the same rules as Validate.
// There is no file behind it, so diagnostics carry the field path but no line;
// file names the scenario in their text.
func ValidateScenario(file string, s model.Scenario, cat *model.Catalog) Diagnostics {
	return Validate(&Document{File: file, Scenario: s}, cat)
}
