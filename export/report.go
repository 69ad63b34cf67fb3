package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// ReportOptions are the report's companions: the diagram files written
// next to it and an optional baseline plan to compare against.
type ReportOptions struct {
	// DiagramFile is the overview diagram embedded as the design (empty:
	// no diagram).
	DiagramFile string
	// DetailFile is the detail diagram linked from the design section.
	DetailFile string
	// Baseline, when set, adds a "What changed" section against it.
	Baseline *Input
}

// Report is the design-review document in Markdown with the overview
// diagram embedded (diagramFile, an SVG written next to the report; a detail
// diagram is linked when it follows the naming of `topoplan export report`,
// <name>-detail.svg). See ReportWith.
func Report(in Input, diagramFile string) []byte {
	o := ReportOptions{DiagramFile: diagramFile}
	if strings.HasSuffix(diagramFile, ".svg") {
		o.DetailFile = strings.TrimSuffix(diagramFile, ".svg") + "-detail.svg"
	}
	return ReportWith(in, o)
}

// ReportWith is the design-review document a review board decides on:
// an executive summary (what is decided, cost, time, the top three risks),
// the design in one diagram, the data path from on-prem into AWS, security
// (what the template enforces, who can reach what, encryption over Direct
// Connect), resilience (a Direct Connect location down, an AZ lost,
// checkpoint recovery), cost with its assumptions and their confidence, what
// the CloudFormation template covers and what stays manual, open questions
// and next steps, what changed against a baseline when one is given; then
// the annex with every figure and its source (estate, assumptions,
// performance, cost lines, address plan, findings, price sources).
func ReportWith(in Input, o ReportOptions) []byte {
	p := in.Plan
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Design review: %s\n\n", mdText(p.Scenario.Name))
	if p.Scenario.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", mdText(p.Scenario.Description))
	}
	fmt.Fprintf(&b, "Plan date %s · catalog %s (read %s)%s · findings: %s\n\n", orDash(in.Date), p.Catalog.Version, p.Catalog.ReadOn,
		overlayNote(p.Catalog), findingCounts(p.Findings))

	writeExecutiveSummary(&b, in)
	b.WriteString("## Design\n\n")
	if o.DiagramFile != "" {
		fmt.Fprintf(&b, "![%s: overview](%s)\n\n", mdText(p.Scenario.Name), o.DiagramFile)
		if o.DetailFile != "" {
			fmt.Fprintf(&b, "Every subnet, endpoint and gateway: [detail diagram](%s).\n\n", o.DetailFile)
		}
	}
	writeDesignSummary(&b, in)
	writeDataPath(&b, in)
	writeSecurity(&b, in)
	writeResilience(&b, in)
	writeCostSummary(&b, in)
	writeCoverage(&b, in)
	writeOpenQuestions(&b, in)
	if o.Baseline != nil {
		writeChanges(&b, *o.Baseline, in)
	}

	b.WriteString("# Annex: every figure and its source\n\n")
	b.WriteString("## Estate\n\n")
	writeEstateMarkdown(&b, in)
	b.WriteString("## Assumptions\n\n")
	writeAssumptionsMarkdown(&b, in, in.Scenario)
	writePerformanceMarkdown(&b, p)
	b.WriteString("## Monthly cost\n\n")
	writeCostMarkdown(&b, p)
	writeAddressMarkdown(&b, p)
	writeReportFindings(&b, p.Findings)
	b.WriteString("## Sources of prices\n\n")
	for i, src := range sources(p) {
		fmt.Fprintf(&b, "%d. %s\n", i+1, mdSource(src))
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
			fmt.Fprintf(b, "| %s | %s | %s |\n", mdName(site.Name), strings.Join(site.CIDRs, ", "), mdName(strings.Join(ds, "; ")))
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
			fmt.Fprintf(b, "| %s | %s | %s | %s | $%s |\n", mdName(l.Name), mdName(l.Site), l.Type, capText, usd(linkCostUSD(in.Plan, l.Name)))
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
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdName(c.Name), where, in.nodeGroupSummary(c), c.Orchestrator, c.Purchase.Option)
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

// constantRelevant reports whether a catalog constant bears on this design:
// VPN figures only with a VPN link, Direct Connect figures only with Direct
// Connect, EFA figures only with EFA, training defaults only with training
// jobs; the catalog's own age policy is not a design assumption.
func constantRelevant(in Input, key string) bool {
	s := in.Scenario
	hasLink := func(vpn bool) bool {
		for _, l := range s.Links {
			if (l.Type == model.LinkVPN) == vpn {
				return true
			}
		}
		return false
	}
	efa := false
	for _, c := range s.Clusters {
		efa = efa || efaOn(c)
	}
	switch {
	case key == "catalog_max_age_days":
		return false
	case strings.HasPrefix(key, "vpn_"):
		return hasLink(true)
	case strings.HasPrefix(key, "dx_"):
		return hasLink(false)
	case strings.HasPrefix(key, "fsx_persistent2_efa"):
		return s.Storage.FSxLustre != nil && s.Storage.FSxLustre.EFAEnabled
	case strings.HasPrefix(key, "efa_"), key == "placement_group_max_nodes":
		return efa
	case strings.HasSuffix(key, "_default"), strings.HasPrefix(key, "nvlink_"), key == "checkpoint_bytes_per_param":
		return len(s.Workloads.Training) > 0
	}
	return true
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
		if shown[k] || !constantRelevant(in, k) {
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
		if strings.Contains(strings.ToLower(s.Note), "recollection") {
			r += " **UNVERIFIED:**"
		}
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
		fmt.Fprintf(b, "| %s | %s | %s %s | $%s | $%s | %s | %s |\n", l.Category, mdName(l.Item), qty(l.Quantity), l.QuantityUnit,
			unitPrice(l.UnitPriceUSD), usd(l.MonthlyUSD), l.Confidence, ref)
	}
	b.WriteString("\n")
}
