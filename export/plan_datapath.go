package export

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// rttCell shows a round-trip time and whether it was measured or derived.
func rttCell(ms float64, source string) string {
	if source == "" {
		return "-"
	}
	return fmt.Sprintf("%s ms %s", num(ms), source)
}

// capCell shows a hop capacity ("-" = not limiting or unpublished).
func capCell(gbps float64) string {
	if gbps <= 0 {
		return "-"
	}
	return num(gbps)
}

// hopPrice shows a hop's per-GB price and its cost for the copy.
func hopPrice(h model.RouteHop) (perGB, cost string) {
	switch {
	case !h.Priced:
		return "unpriced", "unpriced"
	case h.USDPerGB == 0:
		return "-", "-"
	}
	return "$" + unitPrice(h.USDPerGB), "$" + usd(h.CostUSD)
}

// dataPathSummary is the one-line summary of a copy.
func dataPathSummary(dp model.DataPathPlan) string {
	if !dp.ReachesS3 {
		return fmt.Sprintf("%s from %s (%s TB): NO WAY INTO S3", dp.Dataset, dp.Site, num(dp.SizeTB))
	}
	return fmt.Sprintf("%s from %s: %s TB in %s at %s Gbps; bottleneck: %s; RTT %s", dp.Dataset, dp.Site, num(dp.SizeTB),
		hours(dp.Hours), num(dp.RateGbps), dp.Bottleneck, rttCell(dp.RTTMs, dp.RTTSource))
}

// dataPathDetail lists the TCP arithmetic and the one-time cost.
func dataPathDetail(dp model.DataPathPlan) []string {
	if !dp.ReachesS3 {
		for _, h := range dp.Route {
			if h.Note == dp.Note {
				return nil // the route's last hop already says why
			}
		}
		return []string{dp.Note}
	}
	var out []string
	if dp.RTTSource == "" {
		out = append(out, dp.Note)
		return append(out, fmt.Sprintf("One-time per-GB charges: $%s", usd(dp.CostUSD)))
	}
	streams := fmt.Sprintf("%d parallel streams reach %s Gbps", dp.StreamsNeeded, num(dp.RateGbps))
	if dp.StreamsNeeded == 1 {
		streams = fmt.Sprintf("one stream reaches %s Gbps", num(dp.RateGbps))
	}
	if dp.Streams > 0 {
		streams = fmt.Sprintf("the copy runs %d streams (%d reach the rate)", dp.Streams, dp.StreamsNeeded)
	}
	if ds := dp.DataSyncSummary(); ds != "" {
		out = append(out, ds)
		c := fmt.Sprintf("One-time per-GB charges: $%s", usd(dp.CostUSD))
		if len(dp.Unpriced) > 0 {
			c += " (unpriced: " + strings.Join(dp.Unpriced, ", ") + ")"
		}
		return append(out, c)
	}
	capped := ""
	if dp.StreamCapped() {
		capped = fmt.Sprintf(" (the %s Gbps per-flow cap binds, not the window)", num(dp.StreamCapGbps))
	}
	out = append(out, fmt.Sprintf("TCP: one stream with a %s MiB window carries %s Gbps%s at %s ms; %s (%s GB in flight)",
		num(dp.WindowMiB), num(dp.StreamGbps), capped, num(dp.RTTMs), streams, num(dp.InFlightBytes/1e9)))
	c := fmt.Sprintf("One-time per-GB charges: $%s", usd(dp.CostUSD))
	if len(dp.Unpriced) > 0 {
		c += " (unpriced: " + strings.Join(dp.Unpriced, ", ") + ")"
	}
	return append(out, c)
}

// writeDataPathsText adds the data-path section to the eval table.
func writeDataPathsText(b *bytes.Buffer, p model.Plan) {
	if len(p.DataPaths) == 0 {
		return
	}
	b.WriteString("\nData paths (site to S3 and FSx over all the site's links)\n")
	for _, dp := range p.DataPaths {
		fmt.Fprintf(b, "  %s\n", dataPathSummary(dp))
		t := newTextTable([]string{"HOP", "CAPACITY GBPS", "USD/GB", "COST USD", "NOTE"}, 1, 2, 3)
		for _, h := range dp.Route {
			perGB, cost := hopPrice(h)
			t.row(h.Name, capCell(h.CapacityGbps), perGB, cost, h.Note)
		}
		t.write(b, "    ")
		for _, line := range dataPathDetail(dp) {
			fmt.Fprintf(b, "    %s\n", line)
		}
	}
}

// writeDataPathsMarkdown adds the data-path section to the Markdown plan.
func writeDataPathsMarkdown(b *bytes.Buffer, p model.Plan) {
	if len(p.DataPaths) == 0 {
		return
	}
	b.WriteString("## Data paths\n\n")
	for _, dp := range p.DataPaths {
		fmt.Fprintf(b, "**%s**\n\n", mdEscape(dataPathSummary(dp)))
		b.WriteString("| Hop | Capacity Gbps | USD/GB | Cost USD | Note |\n|---|---:|---:|---:|---|\n")
		for _, h := range dp.Route {
			perGB, cost := hopPrice(h)
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", mdEscape(h.Name), capCell(h.CapacityGbps), perGB, cost, mdEscape(h.Note))
		}
		b.WriteString("\n")
		for _, line := range dataPathDetail(dp) {
			fmt.Fprintf(b, "- %s\n", mdEscape(line))
		}
		b.WriteString("\n")
	}
}

// inferenceSummary is the serving figures of a service in one line.
func inferenceSummary(ip model.InferencePlan) string {
	s := fmt.Sprintf("%s: %s requests/s, %s in / %s out tokens, %sB %s (%s GB of weights)", ip.Service, num(ip.RequestsPerSecond),
		num(ip.TokensIn), num(ip.TokensOut), num(ip.ParametersB), ip.Precision, num(ip.WeightsGB))
	if ip.TokensPerSPerInstance > 0 {
		s += fmt.Sprintf("; %s tokens/s per instance (%s), TTFT %s ms, ITL %s ms, target utilisation %s",
			model.FormatUSD(ip.TokensPerSPerInstance, 0), ip.ThroughputConfidence, num(ip.TTFTMs), num(ip.ITLMs), pct(ip.TargetUtilisation))
	}
	return s
}

func inferenceRegionRow(ip model.InferencePlan, r model.InferenceRegionPlan) []string {
	rate := "unpriced"
	if r.USDPerHour > 0 {
		rate = "$" + unitPrice(r.USDPerHour)
	}
	return []string{r.Region, r.Cluster, r.InstanceType, num(r.RequestsPerSecond), model.FormatUSD(r.OutputTokensPerS, 0),
		fmt.Sprint(r.InstancesNeeded), fmt.Sprint(r.InstancesProvisioned), rate, "$" + usd(r.InstanceMonthlyUSD),
		num(r.EgressGB), "$" + usd(r.EgressMonthlyUSD), fmt.Sprintf("≥ %s s from %s", num(r.ModelLoadSeconds), r.ModelSource)}
}

func userRow(u model.UserLatency) []string {
	return []string{u.Name, pct(u.Share), u.Region, model.FormatUSD(u.DistanceKm, 0), rttCell(u.RTTMs, u.RTTSource),
		model.FormatUSD(u.FirstTokenMs, 0), model.FormatUSD(u.CompleteMs, 0)}
}

// writeInferenceText adds the inference section to the eval table.
func writeInferenceText(b *bytes.Buffer, p model.Plan) {
	if len(p.Inference) == 0 {
		return
	}
	b.WriteString("\nInference\n")
	for _, ip := range p.Inference {
		fmt.Fprintf(b, "  %s\n", inferenceSummary(ip))
		t := newTextTable([]string{"REGION", "CLUSTER", "INSTANCE", "REQ/S", "OUT TOKENS/S", "NEEDED", "HAVE", "USD/H", "FLEET USD/MONTH", "EGRESS GB", "EGRESS USD", "MODEL LOAD"}, 3, 4, 5, 6, 7, 8, 9, 10)
		for _, r := range ip.Regions {
			t.row(inferenceRegionRow(ip, r)...)
		}
		t.write(b, "    ")
		if len(ip.Users) > 0 {
			t = newTextTable([]string{"USERS", "SHARE", "REGION", "KM", "RTT", "FIRST TOKEN MS", "COMPLETE MS"}, 1, 3, 5, 6)
			for _, u := range ip.Users {
				t.row(userRow(u)...)
			}
			t.write(b, "    ")
		}
		for _, l := range ip.FrontDoorCost {
			fmt.Fprintf(b, "    front door: %s %s %s × $%s = $%s (%s)\n", l.Item, qty(l.Quantity), l.QuantityUnit, unitPrice(l.UnitPriceUSD), usd(l.MonthlyUSD), l.Confidence)
		}
		fmt.Fprintf(b, "    monthly $%s (fleet needed + response egress + front door, front door %s)\n", usd(ip.MonthlyUSD), ip.FrontDoor)
		if ip.ThroughputSource != "" {
			fmt.Fprintf(b, "    throughput source: %s\n", ip.ThroughputSource)
		}
		if ip.Note != "" {
			fmt.Fprintf(b, "    %s\n", ip.Note)
		}
	}
}

// writeInferenceMarkdown adds the inference section to the Markdown plan.
func writeInferenceMarkdown(b *bytes.Buffer, p model.Plan) {
	if len(p.Inference) == 0 {
		return
	}
	b.WriteString("## Inference\n\n")
	for _, ip := range p.Inference {
		fmt.Fprintf(b, "**%s**\n\n", mdEscape(inferenceSummary(ip)))
		b.WriteString("| Region | Cluster | Instance | Req/s | Out tokens/s | Needed | Have | USD/h | Fleet USD/month | Egress GB | Egress USD | Model load |\n")
		b.WriteString("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
		for _, r := range ip.Regions {
			cells := inferenceRegionRow(ip, r)
			cells[1] = mdName(cells[1])
			fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
		}
		b.WriteString("\n")
		if len(ip.Users) > 0 {
			b.WriteString("| Users | Share | Region | km | RTT | First token ms | Complete ms |\n|---|---:|---|---:|---|---:|---:|\n")
			for _, u := range ip.Users {
				cells := userRow(u)
				cells[0] = mdName(cells[0])
				fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
			}
			b.WriteString("\n")
		}
		for _, l := range ip.FrontDoorCost {
			fmt.Fprintf(b, "- Front door: %s %s %s × $%s = $%s (%s)\n", mdEscape(l.Item), qty(l.Quantity), l.QuantityUnit, unitPrice(l.UnitPriceUSD), usd(l.MonthlyUSD), l.Confidence)
		}
		fmt.Fprintf(b, "- Monthly $%s (fleet needed + response egress + front door %s)\n", usd(ip.MonthlyUSD), ip.FrontDoor)
		if strings.HasPrefix(ip.ThroughputSource, "http") {
			fmt.Fprintf(b, "- Throughput source: <%s>\n", ip.ThroughputSource)
		}
		if ip.Note != "" {
			fmt.Fprintf(b, "- %s\n", mdEscape(ip.Note))
		}
		b.WriteString("\n")
	}
}
