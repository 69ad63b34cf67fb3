package tui

import (
	"fmt"
	"strings"

	"github.com/NimbleMarkets/ntcharts/barchart"
)

// storage shows FSx for Lustre throughput against what the GPUs read, the
// capacity checks, hydration from S3 and each job's checkpoint timings.
type storage struct{}

func (storage) Title() string { return "Storage" }

func (storage) Render(c common, ss *session) string {
	p, base := ss.plan, ss.baseline
	s := c.Styles
	w := c.Width
	var b strings.Builder
	b.WriteString(c.section("FSx for Lustre") + "\n")
	st := p.Storage
	if st == nil {
		b.WriteString(s.Dim.Render("  no FSx for Lustre file system (add one in the editor: Storage › fsx_lustre)") + "\n")
	} else {
		hasBase := base != nil && base.Storage != nil
		d := func(cur, old float64, bt better) string {
			if !hasBase {
				return ""
			}
			return " " + c.delta(cur, old, bt, nil)
		}
		b.WriteString(truncate(fmt.Sprintf("  %s %s · %g TiB × %g MB/s/TiB", st.DeploymentType, st.StorageType, st.CapacityTiB, st.ThroughputMBpsPerTiB), w) + "\n")
		gbps := func(v float64) string {
			if v < 0.1 {
				return fmt.Sprintf("%.4f GB/s", v)
			}
			return fmt.Sprintf("%.2f GB/s", v)
		}
		var oldT, oldI float64
		if hasBase {
			oldT, oldI = base.Storage.ThroughputGBytesPerS, base.Storage.IngestGBytesPerS
		}
		bars := []hbar{
			{Label: "  throughput", Segments: []barchart.BarValue{{Name: "fsx", Value: st.ThroughputGBytesPerS, Style: s.Good}}, Suffix: gbps(st.ThroughputGBytesPerS) + d(st.ThroughputGBytesPerS, oldT, higherIsBetter)},
			{Label: "  GPU demand", Segments: []barchart.BarValue{{Name: "ingest", Value: st.IngestGBytesPerS, Style: s.IO}}, Suffix: gbps(st.IngestGBytesPerS) + d(st.IngestGBytesPerS, oldI, neutral)},
		}
		b.WriteString(c.hbars(bars, w, max(st.ThroughputGBytesPerS, st.IngestGBytesPerS)) + "\n")
		if st.IngestGBytesPerS > st.ThroughputGBytesPerS {
			b.WriteString(s.Bad.Render(truncate(fmt.Sprintf("  ✗ the GPUs read faster than the file system serves: %.0f%% of each step waits on I/O; %.1f TiB would not stall", 100*st.IdleFraction, st.NoStallCapacityTiB), w)) + "\n")
		} else {
			b.WriteString(s.Good.Render("  ✓ throughput covers what the GPUs read") + "\n")
		}
		if !st.CapacityValid {
			b.WriteString(s.Bad.Render(truncate(fmt.Sprintf("  ✗ %g TiB is not an allowed size (minimum %g TiB, steps of %g TiB)", st.CapacityTiB, st.MinCapacityTiB, st.IncrementTiB), w)) + "\n")
		}
		for _, h := range st.Hydration {
			hd := ""
			if hasBase {
				for _, old := range base.Storage.Hydration {
					if old.Dataset == h.Dataset {
						hd = " " + c.delta(h.Hours, old.Hours, lowerIsBetter, nil)
					}
				}
			}
			mark := s.Good.Render("✓")
			note := ""
			if !h.FitsCapacity {
				mark, note = s.Bad.Render("✗"), " (larger than the file system)"
			}
			b.WriteString(truncate(fmt.Sprintf("  %s hydrate %s (%g TB) from S3 in %.1f h%s%s", mark, h.Dataset, h.SizeTB, h.Hours, hd, note), w) + "\n")
		}
		if st.Note != "" {
			b.WriteString(s.Dim.Render(truncate("  "+st.Note, w)) + "\n")
		}
	}
	for _, t := range p.Training {
		bt, hasBase := baseJob(base, t.Job)
		ck := t.Checkpoint
		b.WriteString("\n" + c.section("Checkpoints · "+t.Job) + "\n")
		if ck.IntervalMinutes == 0 {
			b.WriteString(s.Dim.Render("  no checkpoints (checkpoint_interval_minutes is 0)") + "\n")
			continue
		}
		row := func(label, value, delta string) {
			line := "  " + padRight(label, 20) + padLeft(s.Value.Render(value), 12)
			if delta != "" {
				line += "  " + delta
			}
			b.WriteString(truncate(line, w) + "\n")
		}
		dd := func(cur, old float64, bb better) string {
			if !hasBase {
				return ""
			}
			return c.delta(cur, old, bb, nil)
		}
		row("size", fmt.Sprintf("%.0f GB", ck.SizeGB), dd(ck.SizeGB, bt.Checkpoint.SizeGB, lowerIsBetter))
		row("write speed", fmt.Sprintf("%.2f GB/s", ck.WriteGBytesPerS), dd(ck.WriteGBytesPerS, bt.Checkpoint.WriteGBytesPerS, higherIsBetter))
		row("write time", secs(ck.WriteS), dd(ck.WriteS, bt.Checkpoint.WriteS, lowerIsBetter))
		row("every", fmt.Sprintf("%g min", ck.IntervalMinutes), "")
		row("overhead", fmt.Sprintf("%.2f%%", 100*ck.OverheadFraction), dd(ck.OverheadFraction, bt.Checkpoint.OverheadFraction, lowerIsBetter))
		row("per run", fmt.Sprintf("%.0f", ck.Count), "")
		if ck.Note != "" {
			b.WriteString(s.Dim.Render(truncate("  "+ck.Note, w)) + "\n")
		}
	}
	return b.String()
}
