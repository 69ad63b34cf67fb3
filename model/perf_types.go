package model

// TrainingPlan is the evaluated performance of one training job.
// (Filled in by the performance model.)
type TrainingPlan struct {
	// Job names the training job.
	Job string `json:"job"`
	// Cluster names the cluster it runs on.
	Cluster string `json:"cluster"`
}

// LinkPlan is the evaluated capacity of one site-to-AWS link.
// (Filled in by the performance model.)
type LinkPlan struct {
	// Link names the link.
	Link string `json:"link"`
}

// StoragePlan is the evaluated FSx for Lustre throughput and checkpoint figures.
// (Filled in by the performance model.)
type StoragePlan struct{}
