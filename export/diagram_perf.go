package export

import (
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// This file holds the diagram's readings of the performance model's figures
// (Plan.Links, Plan.Storage, Plan.Training): edge labels, node-group
// performance lines and the top bottleneck.

// linkPlan returns the performance model's figures for a link (nil without).
func (in Input) linkPlan(name string) *model.LinkPlan {
	for i := range in.Plan.Links {
		if in.Plan.Links[i].Link == name {
			return &in.Plan.Links[i]
		}
	}
	return nil
}

// trainingFor returns the training plans of jobs running on a cluster.
func (in Input) trainingFor(cluster string) []model.TrainingPlan {
	var out []model.TrainingPlan
	for _, t := range in.Plan.Training {
		if t.Cluster == cluster {
			out = append(out, t)
		}
	}
	return out
}

// linkEdgeLabel labels a site-to-AWS link: line rate, usable throughput
// (and with one connection down), the data-set transfer times against their
// windows, and the monthly port or connection cost.
func (d *diagram) linkEdgeLabel(l model.Link) string {
	lines := []string{fmt.Sprintf("%s: %s Gbps line rate", l.Name, trimFloat(d.in.linkGbps(l)))}
	if rtt := d.linkRTTLine(l); rtt != "" {
		lines[0] += ", " + rtt
	}
	if v := d.vifLine(l); v != "" {
		lines = append(lines, v)
	}
	if lp := d.in.linkPlan(l.Name); lp != nil {
		u := fmt.Sprintf("%s Gbps usable", oneDecimal(lp.UsableGbps))
		if lp.Connections > 1 {
			u += fmt.Sprintf(" (%s with one down)", oneDecimal(lp.UsableGbpsOneFailed))
		}
		lines = append(lines, u)
		for _, t := range lp.Transfers {
			x := fmt.Sprintf("%s %s TB in %s h", t.Dataset, trimFloat(t.SizeTB), oneDecimal(t.Hours))
			if t.WindowHours > 0 {
				x += fmt.Sprintf(" (window %s h)", trimFloat(t.WindowHours))
			}
			lines = append(lines, x)
		}
	}
	if c := linkCostUSD(d.in.Plan, l.Name); c > 0 {
		lines = append(lines, "$"+model.FormatUSD(c, 0)+"/mo")
	}
	return strings.Join(lines, "\n")
}

// storageEdgeLabel is the file system's baseline throughput (capacity ×
// per-unit throughput) and what the jobs on cluster c read from it (none for
// the zero cluster), shown in the FSx box.
func (d *diagram) storageEdgeLabel(c model.Cluster) string {
	var lines []string
	if sp := d.in.Plan.Storage; sp != nil {
		lines = append(lines, fmt.Sprintf("%s GB/s baseline", sig3(sp.ThroughputGBytesPerS)))
	} else if f := d.in.Scenario.Storage.FSxLustre; f != nil {
		lines = append(lines, fmt.Sprintf("%s GB/s baseline", sig3(f.CapacityTiB*f.ThroughputMBpsPerTiB/1000)))
	}
	ingest := 0.0
	for _, t := range d.in.trainingFor(c.Name) {
		ingest += t.IngestGBytesPerS
	}
	if ingest > 0 {
		lines = append(lines, "reads "+rate(ingest))
	}
	return strings.Join(lines, "\n")
}

// readLine is what a cluster's jobs read from FSx ("reads 1.2 GB/s from
// FSx"), on its node-group box so no label floats on the FSx edges.
func (d *diagram) readLine(c model.Cluster) string {
	if d.fsx == "" && d.in.Scenario.Storage.FSxLustre == nil || !d.in.fsxClient(c) {
		return ""
	}
	ingest := 0.0
	for _, t := range d.in.trainingFor(c.Name) {
		ingest += t.IngestGBytesPerS
	}
	if ingest <= 0 {
		return ""
	}
	return "reads " + rate(ingest) + " from FSx"
}

// groupPerfLines are the performance lines of a node-group box: the EFA
// fabric's achievable bandwidth and per-hop latency, and each job's step
// time with its communication and I/O shares.
func (d *diagram) groupPerfLines(c model.Cluster) []string {
	var lines []string
	for i, t := range d.in.trainingFor(c.Name) {
		if i == 0 && t.Allreduce.Fabric.InterNodeGBytesPerS > 0 {
			lines = append(lines, fmt.Sprintf("fabric %s GB/s/node, hop latency %s µs", sig3(t.Allreduce.Fabric.InterNodeGBytesPerS), sig3(t.Allreduce.Fabric.InterHopLatencyUs)))
		}
		lines = append(lines, fmt.Sprintf("%s: step %s s (comm %s%%, I/O %s%%)", t.Job, sig3(t.StepTimeS),
			percent(t.ExposedCommFraction), percent(t.IOStallFraction)))
	}
	return lines
}

// bottleneckEdge names the edge the plan flags as its top bottleneck.
type bottleneckEdge struct {
	key  string
	why  string
	load float64
}

// bottleneck picks the most loaded edge from the plan's figures, loads being
// comparable shares of capacity:
//
//	link:   max(transfer hours / window hours, inbound or outbound utilisation)
//	FSx:    demand GB/s / baseline GB/s (the jobs' unstalled read rate)
//
// The edge with the highest load wins (ties: the first in drawing order);
// none when every load is zero or the plan has no performance figures.
func (d *diagram) bottleneck() bottleneckEdge {
	if d.bneck != nil {
		return *d.bneck
	}
	best, load := bottleneckEdge{}, 0.0
	consider := func(key string, l float64, why string) {
		if l > load {
			best, load = bottleneckEdge{key: key, why: why, load: l}, l
		}
	}
	for _, l := range d.in.Scenario.Links {
		lp := d.in.linkPlan(l.Name)
		if lp == nil {
			continue
		}
		for _, t := range lp.Transfers {
			if t.WindowHours > 0 {
				consider("link:"+l.Name, t.Hours/t.WindowHours, fmt.Sprintf("%s: %s moves in %s h of its %s h window, %s%%",
					l.Name, t.Dataset, oneDecimal(t.Hours), trimFloat(t.WindowHours), percent(t.Hours/t.WindowHours)))
			}
		}
		u := max(lp.InboundUtilisation, lp.OutboundUtilisation)
		consider("link:"+l.Name, u, fmt.Sprintf("%s: monthly traffic uses %s%% of usable capacity", l.Name, percent(u)))
	}
	if sp := d.in.Plan.Storage; sp != nil && sp.ThroughputGBytesPerS > 0 {
		for _, c := range d.in.homeClusters() {
			if !d.in.fsxClient(c) {
				continue
			}
			u := sp.DemandGBytesPerS / sp.ThroughputGBytesPerS
			consider("fsx:"+c.Name, u, fmt.Sprintf("FSx: jobs would read %s of %s baseline, %s%%",
				rate(sp.DemandGBytesPerS), rate(sp.ThroughputGBytesPerS), percent(u)))
			break
		}
	}
	d.bneck = &best
	return best
}

func oneDecimal(v float64) string { return trimFloat(float64(int64(v*10+0.5)) / 10) }

// percent formats a fraction as a percentage with up to one decimal ("3.3", "0.1", "<0.1").
func percent(f float64) string {
	p := 100 * f
	if p > 0 && p < 0.05 {
		return "<0.1"
	}
	return oneDecimal(p)
}

// sig3 prints a positive figure with three significant digits at most.
func sig3(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 100:
		return model.FormatUSD(v, 0)
	case v >= 10:
		return trimFloat(float64(int64(v*10+0.5)) / 10)
	case v >= 1:
		return trimFloat(float64(int64(v*100+0.5)) / 100)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3g", v), "0"), ".")
}

// rate prints a throughput given in GB/s, in MB/s below 1 GB/s.
func rate(gbps float64) string {
	if gbps > 0 && gbps < 1 {
		return sig3(gbps*1000) + " MB/s"
	}
	return sig3(gbps) + " GB/s"
}
