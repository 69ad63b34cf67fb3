package planner

import "github.com/topoplan/topoplan/model"

// RenameReferences follows renames from before to after: a cluster, site or
// data set whose name changed at the same list position (and whose new name
// is not taken by another item) has every reference to its old name
// rewritten in after — training jobs' cluster and dataset, inference
// services' clusters, links' site. It returns the number of references
// rewritten. Lists whose length changed are left alone (an item was added or
// removed, not renamed).
func RenameReferences(before model.Scenario, after *model.Scenario) int {
	n := 0
	renames := func(old, cur []string) map[string]string {
		if len(old) != len(cur) {
			return nil
		}
		count := map[string]int{}
		for _, c := range cur {
			count[c]++
		}
		out := map[string]string{}
		for i := range old {
			if old[i] != "" && cur[i] != "" && old[i] != cur[i] && count[cur[i]] == 1 && count[old[i]] == 0 {
				out[old[i]] = cur[i]
			}
		}
		return out
	}
	swap := func(ref *string, m map[string]string) {
		if to, ok := m[*ref]; ok {
			*ref, n = to, n+1
		}
	}
	clusters := renames(names(before.Clusters, func(c model.Cluster) string { return c.Name }),
		names(after.Clusters, func(c model.Cluster) string { return c.Name }))
	sites := renames(names(before.Sites, func(s model.Site) string { return s.Name }),
		names(after.Sites, func(s model.Site) string { return s.Name }))
	datasets := renames(datasetNames(before), datasetNames(*after))
	for i := range after.Workloads.Training {
		j := &after.Workloads.Training[i]
		swap(&j.Cluster, clusters)
		swap(&j.Dataset, datasets)
	}
	for i := range after.Workloads.Inference {
		for k := range after.Workloads.Inference[i].Clusters {
			swap(&after.Workloads.Inference[i].Clusters[k], clusters)
		}
	}
	for i := range after.Links {
		swap(&after.Links[i].Site, sites)
	}
	return n
}

func names[T any](items []T, name func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = name(it)
	}
	return out
}

// datasetNames lists every site's data sets in order (site by site).
func datasetNames(s model.Scenario) []string {
	var out []string
	for _, site := range s.Sites {
		for _, d := range site.Datasets {
			out = append(out, d.Name)
		}
	}
	return out
}
