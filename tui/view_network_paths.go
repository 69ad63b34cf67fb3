package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/topoplan/topoplan/model"
)

// linkRTT labels a link's round-trip time as measured or derived.
func linkRTT(l model.LinkPlan) string {
	if l.RTTSource == "" {
		return ""
	}
	return fmt.Sprintf(" · RTT %s ms %s", trimFloat(l.RTTMs), l.RTTSource)
}

// duration prints hours, or minutes below one hour.
func duration(h float64) string {
	if h < 1 {
		return fmt.Sprintf("%.0f min", h*60)
	}
	return fmt.Sprintf("%.1f h", h)
}

// trimFloat prints a figure with up to three significant decimals.
func trimFloat(v float64) string {
	if v >= 10 {
		return model.FormatUSD(v, 0)
	}
	return fmt.Sprintf("%.2g", v)
}

// renderDataPaths is the Network view's data-path section: each data set's
// route into S3 with the bottleneck, the streams it needs and its charges.
func renderDataPaths(c common, p model.Plan) string {
	if len(p.DataPaths) == 0 {
		return ""
	}
	s, w := c.Styles, c.Width
	var b strings.Builder
	b.WriteString("\n" + c.section("Data paths · site to S3 over all the site's links") + "\n")
	for _, dp := range p.DataPaths {
		if !dp.ReachesS3 {
			b.WriteString(truncate(fmt.Sprintf("  %s %s (%s TB at %s): no way into S3", s.Bad.Render("✗"), dp.Dataset, trimFloat(dp.SizeTB), dp.Site), w) + "\n")
			b.WriteString(s.Dim.Render(truncate("    "+dp.Note, w)) + "\n")
			continue
		}
		b.WriteString(truncate(fmt.Sprintf("  %s %s TB at %s in %s · bottleneck %s", dp.Dataset, trimFloat(dp.SizeTB),
			s.Value.Render(fmt.Sprintf("%.1f Gbps", dp.RateGbps)), s.Value.Render(duration(dp.Hours)), dp.Bottleneck), w) + "\n")
		var hops []string
		for _, h := range dp.Route {
			if h.Kind == "source" || h.Kind == "tcp" {
				continue
			}
			hops = append(hops, h.Name)
		}
		for _, line := range wrapParts(hops, " → ", w-6) {
			b.WriteString(s.Dim.Render(truncate("    "+line, w)) + "\n")
		}
		limit := fmt.Sprintf("%g MiB window", dp.WindowMiB)
		if dp.StreamCapped() {
			limit = fmt.Sprintf("%g Gbps per-flow cap", dp.StreamCapGbps)
		}
		streams := fmt.Sprintf("%s of %.2f Gbps (%s, RTT %s ms %s)", plural(dp.StreamsNeeded, "stream"), dp.StreamGbps, limit, trimFloat(dp.RTTMs), dp.RTTSource)
		if ds := dp.DataSyncSummary(); ds != "" {
			streams = ds
		} else if dp.Streams > 0 {
			streams = fmt.Sprintf("runs %d streams, %d reach the rate (%g MiB window, RTT %s ms %s)", dp.Streams, dp.StreamsNeeded, dp.WindowMiB, trimFloat(dp.RTTMs), dp.RTTSource)
		}
		cost := "$" + model.FormatUSD(dp.CostUSD, 0)
		if len(dp.Unpriced) > 0 {
			cost += " + unpriced " + strings.Join(dp.Unpriced, ", ")
		}
		if dp.RTTSource == "" {
			streams = "streams not counted: RTT unknown (give the site a city or the link rtt_ms)"
		}
		b.WriteString(truncate("    "+streams, w) + "\n")
		b.WriteString(truncate("    one-time charges "+cost, w) + "\n")
	}
	return b.String()
}

// renderInference is the Network view's inference section: per service the
// regions' fleets and the latency each user population sees.
func renderInference(c common, p model.Plan) string {
	if len(p.Inference) == 0 {
		return ""
	}
	s, w := c.Styles, c.Width
	var b strings.Builder
	for _, ip := range p.Inference {
		b.WriteString("\n" + c.section(fmt.Sprintf("Inference · %s · %s req/s, %s out tokens", ip.Service, trimFloat(ip.RequestsPerSecond), trimFloat(ip.TokensOut))) + "\n")
		if ip.TokensPerSPerInstance <= 0 {
			b.WriteString(s.Dim.Render(truncate("  not sized: no tokens/s per instance for this instance type, model size and precision", w)) + "\n")
		} else {
			b.WriteString(truncate(fmt.Sprintf("  %s tokens/s per instance (%s) at %.0f%% · TTFT %.0f ms · ITL %.1f ms · front door %s",
				model.FormatUSD(ip.TokensPerSPerInstance, 0), ip.ThroughputConfidence, 100*ip.TargetUtilisation, ip.TTFTMs, ip.ITLMs, ip.FrontDoor), w) + "\n")
		}
		for _, r := range ip.Regions {
			mark := s.Good.Render("✓")
			if r.InstancesProvisioned > 0 && r.InstancesNeeded > r.InstancesProvisioned {
				mark = s.Bad.Render("✗")
			}
			b.WriteString(truncate(fmt.Sprintf("  %s %s  %s req/s → %s × %s needed, %d in cluster · $%s/month", mark, r.Region, trimFloat(r.RequestsPerSecond),
				s.Value.Render(fmt.Sprint(r.InstancesNeeded)), r.InstanceType, r.InstancesProvisioned, model.FormatUSD(r.InstanceMonthlyUSD, 0)), w) + "\n")
		}
		for _, u := range ip.Users {
			b.WriteString(truncate(fmt.Sprintf("    %s %.0f%% → %s · RTT %s ms %s · first token %s ms · reply %s ms", u.Name, 100*u.Share, u.Region,
				trimFloat(u.RTTMs), u.RTTSource, model.FormatUSD(u.FirstTokenMs, 0), model.FormatUSD(u.CompleteMs, 0)), w) + "\n")
		}
		b.WriteString(s.Dim.Render(truncate(fmt.Sprintf("    monthly $%s (fleet needed + response egress + front door)", model.FormatUSD(ip.MonthlyUSD, 0)), w)) + "\n")
	}
	return b.String()
}

// wrapParts joins parts with sep into lines of at most width cells, breaking
// between parts (a part longer than the width gets a line of its own).
func wrapParts(parts []string, sep string, width int) []string {
	var lines []string
	cur := ""
	for _, p := range parts {
		switch {
		case cur == "":
			cur = p
		case lipgloss.Width(cur+sep+p) <= width:
			cur += sep + p
		default:
			lines = append(lines, cur+sep)
			cur = p
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
