package planner

import "github.com/topoplan/topoplan/model"

// performanceFigures lists the plan's performance headline numbers (time to
// train, step time, per-run cost...). Filled in with the performance model.
func performanceFigures(p model.Plan) []Figure { return nil }
