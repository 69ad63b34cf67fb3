package planner

import (
	"fmt"

	"github.com/topoplan/topoplan/model"
)

// residencyFindings flags a training job that reads a data set outside
// where the data set may be processed (datasets[].residency): on AWS at all
// for an on-prem data set, or in another Region.
func residencyFindings(s model.Scenario) []model.Finding {
	where := map[string]string{}
	for _, site := range s.Sites {
		for _, d := range site.Datasets {
			if d.Residency != "" {
				where[d.Name] = d.Residency
			}
		}
	}
	var out []model.Finding
	for _, j := range s.Workloads.Training {
		r, ok := where[j.Dataset]
		if !ok {
			continue
		}
		c, ok := clusterByName(s, j.Cluster)
		if !ok || c.Region == r {
			continue
		}
		// Trained on-prem, or split by pipeline stages with the first
		// stages (which read the tokens) on-prem: the data set stays at
		// its site; only activations and their gradients cross the WAN.
		if r == ResidencyOnPrem && j.OnPremCluster != "" && (j.Placement == model.PlacementOnPrem || (j.Placement == model.PlacementSplit && j.SplitBy == model.SplitPipeline)) {
			continue
		}
		detail := fmt.Sprintf("Data set %s may be processed only in %s; cluster %s runs in %s, so training there copies the data out of it.", j.Dataset, r, c.Name, c.Region)
		remedy := "Move the cluster to " + r + " (topoplan optimize keeps to the residency), or change the data set's residency if the data owner allows it."
		if r == ResidencyOnPrem {
			detail = fmt.Sprintf("Data set %s must stay on-prem; job %s trains on it on AWS cluster %s (%s).", j.Dataset, j.Name, c.Name, c.Region)
			remedy = "Train on-prem, or change the data set's residency if the data owner allows it."
		}
		out = append(out, model.Finding{Severity: model.SeverityCritical, Code: "data.residency",
			Title:  fmt.Sprintf("%s reads %s outside its residency (%s)", j.Name, j.Dataset, r),
			Detail: detail, Remedy: remedy})
	}
	return out
}
