package planner

import (
	"testing"

	"github.com/topoplan/topoplan/model"
)

func TestRenameReferences(t *testing.T) {
	base := func() model.Scenario {
		return model.Scenario{
			Sites:    []model.Site{{Name: "dc", Datasets: []model.Dataset{{Name: "corpus"}}}},
			Links:    []model.Link{{Name: "dx", Site: "dc"}},
			Clusters: []model.Cluster{{Name: "train"}, {Name: "serve"}},
			Workloads: model.Workloads{
				Training:  []model.TrainingJob{{Name: "j", Cluster: "train", Dataset: "corpus"}},
				Inference: []model.InferenceService{{Name: "api", Clusters: []string{"serve", "train"}}},
			},
		}
	}
	tests := []struct {
		name   string
		edit   func(*model.Scenario)
		want   int
		verify func(model.Scenario) bool
	}{
		{"cluster renamed", func(s *model.Scenario) { s.Clusters[0].Name = "pretrain" }, 2, func(s model.Scenario) bool {
			return s.Workloads.Training[0].Cluster == "pretrain" && s.Workloads.Inference[0].Clusters[1] == "pretrain" && s.Workloads.Inference[0].Clusters[0] == "serve"
		}},
		{"site renamed", func(s *model.Scenario) { s.Sites[0].Name = "fra" }, 1, func(s model.Scenario) bool { return s.Links[0].Site == "fra" }},
		{"data set renamed", func(s *model.Scenario) { s.Sites[0].Datasets[0].Name = "web" }, 1, func(s model.Scenario) bool { return s.Workloads.Training[0].Dataset == "web" }},
		// Renaming onto another cluster's name is a clash, not a rename: references stay.
		{"clash left alone", func(s *model.Scenario) { s.Clusters[0].Name = "serve" }, 0, func(s model.Scenario) bool { return s.Workloads.Training[0].Cluster == "train" }},
		// A removed item is not a rename.
		{"removal left alone", func(s *model.Scenario) { s.Clusters = s.Clusters[1:] }, 0, func(s model.Scenario) bool { return s.Workloads.Training[0].Cluster == "train" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, after := base(), base()
			tt.edit(&after)
			if got := RenameReferences(before, &after); got != tt.want || !tt.verify(after) {
				t.Errorf("rewrote %d references (want %d): %+v", got, tt.want, after)
			}
		})
	}
}
