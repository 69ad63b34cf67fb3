package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// onPremRow is one on-prem cluster's table cells.
func onPremRow(o model.OnPremPlan) []string {
	cost, accel := "unpriced", "unpriced"
	if o.Priced {
		cost, accel = "$"+usd(o.Cost.NodeMonthUSD), "$"+model.FormatUSD(o.Cost.AcceleratorHourUSD, 4)
	}
	storage := "—"
	if o.StorageGBytesPerS > 0 {
		storage = num(o.StorageGBytesPerS)
	}
	return []string{o.Cluster, o.Site, fmt.Sprintf("%d × %s", o.Nodes, o.Node), fmt.Sprint(o.Accelerators),
		fmt.Sprintf("NVLink%s %s GB/s", o.NVLinkGeneration, num(o.NVLinkGBpsPerAccel)),
		fmt.Sprintf("%s %s Gbps × %s = %s GB/s", o.Fabric, num(o.FabricGbpsPerNode), num(o.FabricEfficiency), num(o.FabricModel.InterNodeGBytesPerS)),
		storage, cost, accel}
}

var onPremHeader = []string{"CLUSTER", "SITE", "NODES", "ACCEL", "INTRA-NODE", "INTER-NODE (PER NODE)", "STORAGE GB/S", "USD/NODE-MONTH", "USD/ACCEL-HOUR"}

// onPremCostLine shows every term of the cost per accelerator-hour.
func onPremCostLine(o model.OnPremPlan) string {
	if !o.Priced {
		return o.Cluster + ": " + o.Note
	}
	c, b := o.Cost, o.Basis
	s := fmt.Sprintf("%s: node-month $%s = amortisation $%s ($%s / %g months) + power $%s (%g kW × PUE %g × 730 h × $%g/kWh) + support $%s ($%s / 12) + floor $%s",
		o.Cluster, usd(c.NodeMonthUSD), usd(c.AmortisationUSD), usd(b.PurchaseUSDPerNode), b.AmortisationMonths,
		usd(c.PowerUSD), c.PowerKW, c.PUE, b.USDPerKWh, usd(c.SupportUSD), usd(b.SupportUSDPerNodeYear), usd(c.FloorUSD))
	if b.NodesPerRack > 0 {
		s += fmt.Sprintf(" ($%s per rack-month / %d nodes)", usd(b.FloorUSDPerRackMonth), b.NodesPerRack)
	}
	s += fmt.Sprintf("; ÷ 730 h = $%s per node-hour; ÷ %d = $%s per accelerator-hour; cluster $%s per month (owned: not in the AWS run-rate)",
		model.FormatUSD(c.NodeHourUSD, 4), o.AcceleratorsPerNode, model.FormatUSD(c.AcceleratorHourUSD, 4), usd(o.MonthlyUSD))
	if o.Note != "" {
		s += "; " + o.Note
	}
	return s
}

var placementHeader = []string{"PLACEMENT", "LAYOUT", "AWS NODES", "ON-PREM NODES", "STEP S", "WAN S/STEP", "DAYS", "AWS USD", "ON-PREM USD", "WAN USD", "DATA MOVE", "TOTAL USD"}

// placementRow is one placement option's cells; the scenario's choice is starred.
func placementRow(pp model.PlacementPlan, o model.PlacementOption) []string {
	name := o.Placement
	if o.Placement == pp.Chosen {
		name += " *"
	}
	if !o.Feasible {
		if o.StepTimeS <= 0 {
			return []string{name, o.Note, "", "", "", "", "", "", "", "", "", ""}
		}
		name += " (infeasible)"
	}
	move := "—"
	if o.DataMoveTB > 0 {
		move = fmt.Sprintf("%s TB, %s", num(o.DataMoveTB), hours(o.DataMoveHours))
		if o.DataMoveUSD > 0 {
			move += ", $" + model.FormatUSD(o.DataMoveUSD, 0)
		}
	}
	return []string{name, o.Layout, fmt.Sprint(o.AWSNodes), fmt.Sprint(o.OnPremNodes), secs(o.StepTimeS), secs(o.WANSecondsPerStep),
		fmt.Sprintf("%.1f", o.TimeToTrainDays), "$" + model.FormatUSD(o.AWSComputeUSD, 0), "$" + model.FormatUSD(o.OnPremUSD, 0),
		"$" + model.FormatUSD(o.WANTransferUSD, 0), move, "$" + model.FormatUSD(o.TotalUSD, 0)}
}

// placementLines explain a comparison: the split, the link, data gravity and notes.
func placementLines(pp model.PlacementPlan) []string {
	unit := "replicas"
	if pp.SplitBy == model.SplitPipeline {
		unit = "pipeline stages"
	}
	out := []string{fmt.Sprintf("%s on AWS cluster %s or on-prem cluster %s (%s); split by %s: %d of %d %s on-prem; * = the scenario's placement",
		pp.Job, pp.AWSCluster, pp.OnPremCluster, pp.Site, pp.SplitBy, pp.SplitOnPrem, pp.SplitTotal, unit),
		fmt.Sprintf("WAN %s ↔ AWS: %s Gbps usable, RTT %g ms (%s)", pp.Site, num(pp.LinkUsableGbps), pp.RTTMs, pp.RTTSource)}
	if pp.OnPremAcceleratorHourUSD > 0 {
		out = append(out, fmt.Sprintf("per accelerator-hour: AWS $%s (%s at its purchase option), on-prem $%s (owner's cost, every hour owned)",
			model.FormatUSD(pp.AWSAcceleratorHourUSD, 4), pp.AWSCluster, model.FormatUSD(pp.OnPremAcceleratorHourUSD, 4)))
	}
	if pp.Dataset != "" {
		at := pp.DatasetAt
		if at == model.PlacementAWS {
			at = "AWS (S3)"
		}
		out = append(out, fmt.Sprintf("data gravity: %s (%s TB) lives at %s", pp.Dataset, num(pp.DatasetTB), at))
	}
	for _, o := range pp.Options {
		if o.Note != "" {
			out = append(out, o.Placement+": "+o.Note)
		}
	}
	if pp.Note != "" {
		out = append(out, pp.Note)
	}
	return out
}

// writeOnPremText adds the on-prem clusters and placement comparisons to the eval table.
func writeOnPremText(b *bytes.Buffer, p model.Plan) {
	if len(p.OnPrem) > 0 {
		b.WriteString("\nOn-prem clusters (owner's cost)\n")
		t := newTextTable(onPremHeader, 3, 6, 7, 8)
		for _, o := range p.OnPrem {
			t.row(onPremRow(o)...)
		}
		t.write(b, "  ")
		for _, o := range p.OnPrem {
			fmt.Fprintf(b, "  %s\n", onPremCostLine(o))
		}
	}
	for _, pp := range p.Placements {
		fmt.Fprintf(b, "\nPlacement: %s (aws / onprem / split)\n", pp.Job)
		t := newTextTable(placementHeader, 2, 3, 4, 5, 6, 7, 8, 9, 11)
		for _, o := range pp.Options {
			t.row(placementRow(pp, o)...)
		}
		t.write(b, "  ")
		for _, line := range placementLines(pp) {
			fmt.Fprintf(b, "  %s\n", line)
		}
	}
}

// writeOnPremMarkdown adds the same sections to the Markdown plan.
func writeOnPremMarkdown(b *bytes.Buffer, p model.Plan) {
	row := func(cells []string) {
		for i := range cells {
			cells[i] = mdEscape(cells[i])
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
	}
	header := func(h []string, right ...int) {
		cells := h
		align := make([]string, len(h))
		for i := range h {
			align[i] = "---"
		}
		for _, r := range right {
			align[r] = "---:"
		}
		fmt.Fprintf(b, "| %s |\n|%s|\n", strings.Join(cells, " | "), strings.Join(align, "|"))
	}
	if len(p.OnPrem) > 0 {
		b.WriteString("## On-prem clusters\n\n")
		header([]string{"Cluster", "Site", "Nodes", "Accelerators", "Intra-node", "Inter-node (per node)", "Storage GB/s", "USD per node-month", "USD per accelerator-hour"}, 3, 6, 7, 8)
		for _, o := range p.OnPrem {
			row(onPremRow(o))
		}
		b.WriteString("\n")
		for _, o := range p.OnPrem {
			fmt.Fprintf(b, "- %s\n", mdEscape(onPremCostLine(o)))
		}
		b.WriteString("\n")
	}
	for _, pp := range p.Placements {
		fmt.Fprintf(b, "## Placement: %s\n\n", mdName(pp.Job))
		header([]string{"Placement", "Layout", "AWS nodes", "On-prem nodes", "Step s", "WAN s per step", "Days", "AWS USD", "On-prem USD", "WAN USD", "Data move", "Total USD"}, 2, 3, 4, 5, 6, 7, 8, 9, 11)
		for _, o := range pp.Options {
			row(placementRow(pp, o))
		}
		b.WriteString("\n")
		for _, line := range placementLines(pp) {
			fmt.Fprintf(b, "- %s\n", mdEscape(line))
		}
		b.WriteString("\n")
	}
}
