package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// Report is the design-review document in Markdown: the scenario summary,
// the diagram (diagramFile, an SVG written next to the report, is embedded
// when not empty), the assumptions with their sources, the performance
// tables (step time, links, storage), the monthly cost, the address plan,
// the findings and the list of sources.
func Report(in Input, diagramFile string) []byte {
	p := in.Plan
	s := in.Scenario
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Design review: %s\n\n", p.Scenario.Name)
	if p.Scenario.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", p.Scenario.Description)
	}
	fmt.Fprintf(&b, "- Plan date: %s\n", orDash(in.Date))
	fmt.Fprintf(&b, "- Home region: %s\n", p.Scenario.Region)
	fmt.Fprintf(&b, "- Estate: %d clusters, %d nodes, %d accelerators\n", p.Scenario.Clusters, p.Scenario.Nodes, p.Scenario.Accelerators)
	fmt.Fprintf(&b, "- Monthly run-rate: $%s", usd(p.MonthlyCost.TotalUSD))
	if p.MonthlyCost.UnconfirmedUSD > 0 {
		fmt.Fprintf(&b, " ($%s of it on prices not confirmed against AWS's price list)", usd(p.MonthlyCost.UnconfirmedUSD))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- Catalog: %s (read %s)%s\n", p.Catalog.Version, p.Catalog.ReadOn, overlayNote(p.Catalog))
	fmt.Fprintf(&b, "- Findings: %s\n\n", findingCounts(p.Findings))

	if diagramFile != "" {
		fmt.Fprintf(&b, "## Diagram\n\n![%s estate diagram](%s)\n\n", mdEscape(p.Scenario.Name), diagramFile)
	}

	b.WriteString("## Scenario\n\n")
	writeEstateMarkdown(&b, in)

	b.WriteString("## Assumptions\n\n")
	writeAssumptionsMarkdown(&b, in, s)

	writePerformanceMarkdown(&b, p)

	b.WriteString("## Monthly cost\n\n")
	writeCostMarkdown(&b, p)

	writeAddressMarkdown(&b, p)

	writeFindingsMarkdown(&b, p.Findings)
	b.WriteString("## Sources of prices\n\n")
	for i, src := range sources(p) {
		fmt.Fprintf(&b, "%d. <%s>\n", i+1, src)
	}
	return b.Bytes()
}

func findingCounts(fs []model.Finding) string {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	if len(fs) == 0 {
		return "none"
	}
	var parts []string
	for _, sev := range []string{model.SeverityCritical, model.SeverityWarning, model.SeverityInfo} {
		if n[sev] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[sev], sev))
		}
	}
	return strings.Join(parts, ", ")
}

// writeEstateMarkdown lists sites, links, clusters and storage.
func writeEstateMarkdown(b *bytes.Buffer, in Input) {
	s := in.Scenario
	if len(s.Sites) > 0 {
		b.WriteString("| Site | CIDRs | Data sets |\n|---|---|---|\n")
		for _, site := range s.Sites {
			var ds []string
			for _, d := range site.Datasets {
				x := fmt.Sprintf("%s %s TB", d.Name, trimFloat(d.SizeTB))
				if d.TransferWindowHours > 0 {
					x += fmt.Sprintf(" (in %s h)", trimFloat(d.TransferWindowHours))
				}
				ds = append(ds, x)
			}
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdEscape(site.Name), strings.Join(site.CIDRs, ", "), mdEscape(strings.Join(ds, "; ")))
		}
		b.WriteString("\n")
	}
	if len(s.Links) > 0 {
		b.WriteString("| Link | Site | Type | Capacity | Monthly USD |\n|---|---|---|---:|---:|\n")
		for _, l := range s.Links {
			capText := fmt.Sprintf("%d × %s Gbps", max(l.Count, 1), trimFloat(l.SpeedGbps))
			if l.Type == model.LinkVPN {
				capText = fmt.Sprintf("%d tunnels, %s Gbps line rate", l.Tunnels, trimFloat(in.linkGbps(l)))
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | $%s |\n", mdEscape(l.Name), mdEscape(l.Site), l.Type, capText, usd(linkCostUSD(in.Plan, l.Name)))
		}
		b.WriteString("\n")
	}
	if len(s.Clusters) > 0 {
		b.WriteString("| Cluster | Region / AZ | Node group | Orchestrator | Purchase |\n|---|---|---|---|---|\n")
		for _, c := range s.Clusters {
			where := c.Region
			if azs := clusterAZs(c); len(azs) > 0 {
				where += " / " + strings.Join(azs, ", ")
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdEscape(c.Name), where, in.nodeGroupSummary(c), c.Orchestrator, c.Purchase.Option)
		}
		b.WriteString("\n")
	}
	if f := s.Storage.FSxLustre; f != nil {
		fmt.Fprintf(b, "FSx for Lustre: %s, %s TiB (%s GiB), %s MB/s/TiB, %s, in %s", f.DeploymentType, trimFloat(f.CapacityTiB),
			model.FormatUSD(float64(fsxGiB(f.CapacityTiB)), 0), trimFloat(f.ThroughputMBpsPerTiB), f.StorageType, f.AZ)
		if f.EFAEnabled {
			b.WriteString(", EFA-enabled")
		}
		b.WriteString(".\n")
		if err := FSxCapacityError(*f); err != nil {
			fmt.Fprintf(b, "\n**Capacity problem:** %s.\n", mdEscape(err.Error()))
		}
		b.WriteString("\n")
	}
	if s.Storage.S3 != nil {
		fmt.Fprintf(b, "S3 data lake: %s TB.\n\n", trimFloat(s.Storage.S3.SizeTB))
	}
}

// writeAssumptionsMarkdown lists the catalog figures the plan rests on:
// the specs of each instance type used and the model constants (those the
// performance sections do not already list), each with its source, date
// and confidence.
func writeAssumptionsMarkdown(b *bytes.Buffer, in Input, s model.Scenario) {
	if in.Catalog == nil {
		b.WriteString("No catalog given.\n\n")
		return
	}
	b.WriteString("| Assumption | Value | Confidence | Source (read on) |\n|---|---|---|---|\n")
	seen := map[string]bool{}
	for _, c := range s.Clusters {
		if seen[c.InstanceType] {
			continue
		}
		seen[c.InstanceType] = true
		inst, ok := in.Catalog.Instances[c.InstanceType]
		if !ok {
			continue
		}
		fmt.Fprintf(b, "| %s specs | %d × %s, %s Gbps network, %d network cards, EFA %s | %s | %s |\n", c.InstanceType,
			inst.AcceleratorCount, inst.AcceleratorModel, trimFloat(inst.NetworkGbps), inst.NetworkCards, efaText(inst.EFA),
			inst.SpecSource.Confidence, srcRef(inst.SpecSource))
		if inst.PeakDenseBF16TFLOPS > 0 {
			fmt.Fprintf(b, "| %s peak dense BF16 | %s TFLOPS per accelerator | %s | %s |\n", c.InstanceType,
				trimFloat(inst.PeakDenseBF16TFLOPS), inst.ComputeSource.Confidence, srcRef(inst.ComputeSource))
		}
	}
	// Constants the performance sections already list with their sources
	// are not repeated.
	shown := map[string]bool{}
	for _, t := range in.Plan.Training {
		for _, a := range t.Assumptions {
			shown[a.Name] = true
		}
	}
	for _, k := range sortedKeys(in.Catalog.Constants) {
		if shown[k] {
			continue
		}
		c := in.Catalog.Constants[k]
		fmt.Fprintf(b, "| %s | %s %s | %s | %s |\n", k, trimFloat(c.Value), mdEscape(c.Unit), c.Confidence, srcRef(c.Source))
	}
	b.WriteString("\n")
}

func srcRef(s model.Source) string {
	r := s.URL
	switch {
	case r == "":
		r = "—"
	case strings.HasPrefix(r, "http://") || strings.HasPrefix(r, "https://"):
		r = "<" + r + ">"
	default:
		r = mdEscape(r)
	}
	if s.ReadOn != "" {
		r += " (" + s.ReadOn + ")"
	}
	if s.Note != "" {
		r += " " + mdEscape(s.Note)
	}
	return r
}

func efaText(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// writeCostMarkdown is the cost table by category, then every line.
func writeCostMarkdown(b *bytes.Buffer, p model.Plan) {
	b.WriteString("| Category | Monthly USD | Share |\n|---|---:|---:|\n")
	for _, c := range p.MonthlyCost.ByCategory {
		share := 0.0
		if p.MonthlyCost.TotalUSD > 0 {
			share = 100 * c.MonthlyUSD / p.MonthlyCost.TotalUSD
		}
		fmt.Fprintf(b, "| %s | $%s | %.1f%% |\n", c.Category, usd(c.MonthlyUSD), share)
	}
	fmt.Fprintf(b, "| **Total** | **$%s** | |\n\n", usd(p.MonthlyCost.TotalUSD))
	idx := map[string]int{}
	for i, s := range sources(p) {
		idx[s] = i + 1
	}
	b.WriteString("| Category | Item | Quantity | Unit price | Monthly USD | Confidence | Source |\n|---|---|---:|---:|---:|---|---|\n")
	for _, l := range p.MonthlyCost.Lines {
		ref := ""
		if n, ok := idx[l.Source]; ok {
			ref = fmt.Sprintf("[%d]", n)
		}
		fmt.Fprintf(b, "| %s | %s | %s %s | $%s | $%s | %s | %s |\n", l.Category, mdEscape(l.Item), qty(l.Quantity), l.QuantityUnit,
			unitPrice(l.UnitPriceUSD), usd(l.MonthlyUSD), l.Confidence, ref)
	}
	b.WriteString("\n")
}
