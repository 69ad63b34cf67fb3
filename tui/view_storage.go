package tui

import (
	"fmt"
	"strings"
)

// storage shows FSx for Lustre throughput against GPU demand and the
// checkpoint timings.
type storage struct{}

func (storage) Title() string { return "Storage" }

func (storage) Render(c common, ss *session) string {
	var b strings.Builder
	b.WriteString(c.section("FSx for Lustre") + "\n")
	if f := ss.scen.Storage.FSxLustre; f != nil {
		b.WriteString(fmt.Sprintf("  %s · %g TiB · %g MB/s/TiB\n", f.DeploymentType, f.CapacityTiB, f.ThroughputMBpsPerTiB))
	} else {
		b.WriteString(c.Styles.Dim.Render("  none") + "\n")
	}
	b.WriteString(c.Styles.Dim.Render("  throughput vs demand: the performance model is not in this build") + "\n")
	return b.String()
}
