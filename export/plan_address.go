package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/internal/termsafe"
	"github.com/topoplan/topoplan/model"
)

// AddressPlan renders just the plan's address plan in the named format
// (table, json or markdown); `topoplan subnets` prints it.
func AddressPlan(p model.Plan, format string) ([]byte, error) {
	var b bytes.Buffer
	switch format {
	case FormatTable, "":
		fmt.Fprintf(&b, "Scenario  %s (%s)\n", termsafe.Clean(p.Scenario.Name), p.Scenario.Region)
		writeAddressText(&b, p)
	case FormatMarkdown, "md":
		fmt.Fprintf(&b, "# %s: address plan\n\n", p.Scenario.Name)
		writeAddressMarkdown(&b, p)
	case FormatJSON:
		out, err := json.MarshalIndent(p.Addressing, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("encode address plan: %w", err)
		}
		return append(out, '\n'), nil
	case FormatCSV:
		return addressCSV(p)
	default:
		return nil, fmt.Errorf("unknown format %q (want table, json, markdown or csv)", format)
	}
	return safeText(b.Bytes()), nil
}

// addressCSV is the address plan's subnets as one CSV table, a row per
// subnet with raw numbers; the VPC's free space, the per-node arithmetic
// and on-prem overlaps are in json.
func addressCSV(p model.Plan) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write([]string{"name", "purpose", "az", "cidr", "prefix_bits", "cluster", "usable_ips", "needed_ips", "required_ips", "headroom_pct", "basis"})
	if a := p.Addressing; a != nil {
		for _, s := range a.Subnets {
			bits := ""
			if s.CIDR != "" {
				bits = strconv.Itoa(s.PrefixBits)
			}
			_ = cw.Write([]string{s.Name, s.Purpose, s.AZ, s.CIDR, bits, s.Cluster, strconv.Itoa(s.UsableIPs), strconv.Itoa(s.NeededIPs), strconv.Itoa(s.RequiredIPs), csvNumber(s.HeadroomPct), s.Basis})
		}
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

// headroom shows a subnet's headroom, or a dash when it needs nothing.
func headroom(s model.PlannedSubnet) string {
	if s.NeededIPs == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", s.HeadroomPct)
}

func cidrOrNone(s model.PlannedSubnet) string {
	if s.CIDR == "" {
		return "(does not fit)"
	}
	return s.CIDR
}

func count(n int) string { return model.FormatUSD(float64(n), 0) }

// writeAddressText adds the subnet table to the eval table.
func writeAddressText(b *bytes.Buffer, p model.Plan) {
	a := p.Addressing
	if a == nil {
		return
	}
	fmt.Fprintf(b, "\nAddress plan  VPC %s, headroom policy %.0f%%\n", strings.Join(a.VPCCIDRs, " + "), a.HeadroomPolicyPct)
	if !a.Fits {
		fmt.Fprintf(b, "  DOES NOT FIT: %s\n", a.Error)
	}
	t := newTextTable([]string{"SUBNET", "PURPOSE", "AZ", "CIDR", "USABLE IPS", "IPS NEEDED", "HEADROOM"}, 4, 5, 6)
	for _, s := range a.Subnets {
		t.row(s.Name, s.Purpose, s.AZ, cidrOrNone(s), count(s.UsableIPs), count(s.NeededIPs), headroom(s))
	}
	t.write(b, "  ")
	if len(a.Free) > 0 {
		fmt.Fprintf(b, "  Free: %s\n", strings.Join(a.Free, ", "))
	} else {
		b.WriteString("  Free: none\n")
	}
	for _, c := range a.Clusters {
		scope := ""
		if !c.InScope {
			scope = fmt.Sprintf(" — in %s, outside this VPC: not placed", c.Region)
		}
		fmt.Fprintf(b, "  Cluster %s: %d nodes × %d IPs = %s (%s)%s\n", c.Name, c.Nodes, c.PerNode.Total, count(c.NeededIPs), c.PerNode.Basis, scope)
	}
	if len(a.Conflicts) == 0 {
		b.WriteString("  On-prem overlap: none\n")
	}
	for _, c := range a.Conflicts {
		fmt.Fprintf(b, "  On-prem overlap: VPC %s overlaps %s %s\n", c.VPCCIDR, c.Site, c.SiteCIDR)
	}
}

// writeAddressMarkdown adds the subnet table to the Markdown plan.
func writeAddressMarkdown(b *bytes.Buffer, p model.Plan) {
	a := p.Addressing
	if a == nil {
		return
	}
	b.WriteString("## Address plan\n\n")
	fmt.Fprintf(b, "VPC %s; each subnet sized for its need plus %.0f%% headroom, 5 addresses reserved per subnet, /28 to /16.\n\n", strings.Join(a.VPCCIDRs, " + "), a.HeadroomPolicyPct)
	if !a.Fits {
		fmt.Fprintf(b, "**Does not fit:** %s\n\n", mdEscape(a.Error))
	}
	b.WriteString("| Subnet | Purpose | AZ | CIDR | Usable IPs | IPs needed | Headroom | Basis |\n")
	b.WriteString("|---|---|---|---|---:|---:|---:|---|\n")
	for _, s := range a.Subnets {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdName(s.Name), s.Purpose, s.AZ, cidrOrNone(s),
			count(s.UsableIPs), count(s.NeededIPs), headroom(s), mdEscape(s.Basis))
	}
	b.WriteString("\n")
	if len(a.Free) > 0 {
		fmt.Fprintf(b, "Free: %s.\n\n", strings.Join(a.Free, ", "))
	} else {
		b.WriteString("Free: none.\n\n")
	}
	for _, c := range a.Clusters {
		scope := ""
		if !c.InScope {
			scope = fmt.Sprintf(" In %s, outside this VPC: not placed.", c.Region)
		}
		fmt.Fprintf(b, "- Cluster %s: %d nodes × %d IPs = %s (%s).%s\n", mdName(c.Name), c.Nodes, c.PerNode.Total, count(c.NeededIPs), mdEscape(c.PerNode.Basis), scope)
	}
	if len(a.Conflicts) == 0 {
		b.WriteString("- On-prem overlap: none.\n")
	}
	for _, c := range a.Conflicts {
		fmt.Fprintf(b, "- On-prem overlap: VPC %s overlaps %s %s.\n", c.VPCCIDR, mdName(c.Site), c.SiteCIDR)
	}
	b.WriteString("\n")
}
