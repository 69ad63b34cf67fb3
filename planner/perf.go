package planner

import "github.com/topoplan/topoplan/model"

// evaluatePerformance fills the plan's training, link and storage figures
// and their findings. (The performance model fills this in.)
func evaluatePerformance(p *model.Plan, s model.Scenario, cat *model.Catalog) {
	p.Training = []model.TrainingPlan{}
	p.Links = []model.LinkPlan{}
}
