package planner

import "github.com/topoplan/topoplan/model"

// evaluateAddressing fills the plan's address plan and its findings.
// (The subnet planner fills this in.)
func evaluateAddressing(p *model.Plan, s model.Scenario, cat *model.Catalog) {}
