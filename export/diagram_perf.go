package export

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// This file holds the diagram's readings of the performance model's figures
// (Plan.Links, Plan.Storage, Plan.Training and findings): edge labels and the
// top bottleneck.

// linkEdgeLabel labels a site-to-AWS link: aggregate speed, what the
// performance model says is usable, latency, and the monthly port cost.
func (d *diagram) linkEdgeLabel(l model.Link) string {
	lines := []string{fmt.Sprintf("%s: %s Gbps", l.Name, trimFloat(d.in.linkGbps(l)))}
	if l.Type == model.LinkVPN {
		lines[0] += " (tunnel ceiling)"
	}
	if c := linkCostUSD(d.in.Plan, l.Name); c > 0 {
		lines = append(lines, "$"+model.FormatUSD(c, 0)+"/mo")
	}
	return strings.Join(lines, "\n")
}

// storageEdgeLabel labels the node group ↔ FSx edge with the file system's
// aggregate baseline throughput: capacity TiB × per-unit MB/s/TiB
// (docs.aws.amazon.com/fsx/latest/LustreGuide/performance.html).
func (d *diagram) storageEdgeLabel(c model.Cluster) string {
	f := d.in.Scenario.Storage.FSxLustre
	if f == nil {
		return ""
	}
	mbps := f.CapacityTiB * f.ThroughputMBpsPerTiB
	return fmt.Sprintf("%s GB/s baseline", trimFloat(mbps/1000))
}

// bottleneckEdge names the edge the plan flags as its top bottleneck.
type bottleneckEdge struct {
	key string
	why string
}

// bottleneck picks the plan's top bottleneck edge (none without performance figures).
func (d *diagram) bottleneck() bottleneckEdge { return bottleneckEdge{} }
