package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

func newCatalogCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Show the catalog of prices, specs and constants the planner uses",
	}
	var format, region string
	show := &cobra.Command{
		Use:   "show",
		Short: "Print every catalog figure with its source, date and confidence",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := g.catalog()
			if err != nil {
				return err
			}
			if region != "" {
				if _, ok := cat.Regions[region]; !ok {
					return &exitError{exitInvalid, fmt.Errorf("unknown region %q (the catalog has %s)", region, strings.Join(planner.SortedKeys(cat.Regions), ", "))}
				}
			}
			switch format {
			case "json":
				b, err := json.MarshalIndent(cat, "", "  ")
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(append(b, '\n'))
				return err
			case "table", "":
				writeCatalogTable(cmd.OutOrStdout(), cat, region)
				return nil
			}
			return &exitError{exitInvalid, fmt.Errorf("unknown format %q (want table or json)", format)}
		},
	}
	show.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	show.Flags().StringVar(&region, "region", "", "show only this Region's offerings and prices (table format)")
	cmd.AddCommand(show, newCatalogRefreshCmd(g))
	return cmd
}

func writeCatalogTable(w io.Writer, cat *model.Catalog, region string) {
	fmt.Fprintf(w, "Catalog %s (read %s)\n", cat.Version, cat.ReadOn)
	fmt.Fprintln(w, "Confidence: confirmed = AWS's own price list, API or docs (directly or via a recorded machine copy); third-party = someone else's reading; estimate = ours; user = an overlay (docs/catalog.md).")
	fmt.Fprintln(w, "\nInstances")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tACCELERATORS\tMEMORY GIB/ACC\tBF16 TFLOPS/ACC\tFP8 TFLOPS/ACC\tNETWORK GBPS\tEFA\tCARDS\tENIS\tIPV4/ENI\tSPEC CONFIDENCE")
	for _, name := range planner.InstanceTypes(cat) {
		in := cat.Instances[name]
		fmt.Fprintf(tw, "%s\t%d × %s\t%g\t%s\t%s\t%g\t%v\t%d\t%d\t%d\t%s\n", name, in.AcceleratorCount, in.AcceleratorModel, in.AcceleratorMemoryGiB,
			orUnknown(in.PeakDenseBF16TFLOPS), orUnknown(in.PeakDenseFP8TFLOPS), in.NetworkGbps, in.EFA, in.NetworkCards, in.MaxENIs, in.IPv4PerENI, in.SpecSource.Confidence)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nOfferings (what AWS sells; an option not listed is not sold there or not in the catalog; savings-plan and capacity-reservation bill at the on-demand rate less your discount)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tREGION\tOPTION\tUSD/H\tRATE SEEN ON\tCONFIDENCE\tREAD ON\tSOURCE")
	for _, name := range planner.InstanceTypes(cat) {
		in := cat.Instances[name]
		for _, r := range planner.SortedKeys(in.Prices) {
			if region != "" && r != region {
				continue
			}
			p := in.Prices[r]
			if o, ok := model.Offer(p, model.PurchaseOnDemand); ok {
				fmt.Fprintf(tw, "%s\t%s\ton-demand\t%g\t\t%s\t%s\t%s\n", name, r, o.USDPerHour, o.Source.Confidence, o.Source.ReadOn, o.Source.URL)
			}
			if o, ok := model.Offer(p, model.PurchaseCapacityBlock); ok {
				cb := o.CapacityBlock
				seen := cb.EffectiveOn
				for _, e := range cb.Earlier {
					seen += fmt.Sprintf(" (was %g on %s)", e.USDPerHour, e.EffectiveOn)
				}
				opt := "capacity-block, paid upfront"
				if cb.Location != "" {
					opt += " in " + cb.Location
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%g\t%s\t%s\t%s\t%s\n", name, r, opt, o.USDPerHour, seen, o.Source.Confidence, o.Source.ReadOn, o.Source.URL)
			}
		}
	}
	tw.Flush()
	if rules := cat.CapacityBlocks; rules.MaxDays() > 0 {
		fmt.Fprintf(w, "Capacity Blocks: 1-day increments up to %d days, 7-day increments up to %d days; up to %d instances per block, %d across blocks; %s (%s, %s)\n",
			rules.DailyIncrementUpToDays, rules.WeeklyIncrementUpToDays, rules.MaxInstancesPerBlock, rules.MaxInstancesTotal,
			map[bool]string{true: "paid upfront", false: "billed as used"}[rules.PaidUpfront], rules.Confidence, rules.URL)
	}

	for _, r := range planner.SortedKeys(cat.Regions) {
		if region != "" && r != region {
			continue
		}
		rp := cat.Regions[r]
		fmt.Fprintf(w, "\nRegion %s\n", r)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ITEM\tUSD\tUNIT\tCONFIDENCE\tREAD ON\tSOURCE")
		row := func(item string, p model.Price) {
			if p.URL == "" && p.Confidence == "" {
				fmt.Fprintf(tw, "%s\t-\t\tnot in catalog\t\t\n", item)
				return
			}
			fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\t%s\n", item, p.USD, p.Unit, p.Confidence, p.ReadOn, p.URL)
		}
		if len(rp.FSxLustre) == 0 {
			row("FSx for Lustre", model.Price{})
		}
		for _, k := range sortedTiers(rp.FSxLustre) {
			row("FSx for Lustre "+k, rp.FSxLustre[k])
		}
		for _, k := range sortedSpeeds(rp.DXPortHour) {
			row("DX dedicated "+k+" Gbps port (outside Japan)", rp.DXPortHour[k])
		}
		for _, k := range sortedSpeeds(rp.DXHostedPortHour) {
			row("DX hosted "+k+" Gbps port", rp.DXHostedPortHour[k])
		}
		if len(rp.DXDataTransferOut) == 0 {
			row("DX data transfer out", model.Price{})
		}
		for _, k := range planner.SortedKeys(rp.DXDataTransferOut) {
			row("DX data transfer out to "+k+" locations", rp.DXDataTransferOut[k])
		}
		row("VPN connection", rp.VPNConnectionHour)
		from := 0.0
		for _, t := range rp.InternetEgress {
			item := fmt.Sprintf("Internet egress %g-%g TB (TB = 1,024 GB)", from, t.UpToTB)
			if t.UpToTB == 0 {
				item = fmt.Sprintf("Internet egress over %g TB", from)
			}
			row(item, model.Price{USD: t.USDPerGB, Unit: "GB", Source: rp.InternetEgressSource})
			from = t.UpToTB
		}
		if len(rp.InternetEgress) == 0 {
			row("Internet egress", model.Price{})
		}
		row("Inter-AZ (each direction)", rp.InterAZ)
		row("Inter-region", rp.InterRegion)
		for _, k := range planner.SortedKeys(rp.InterRegionTo) {
			row("Inter-region to "+k, rp.InterRegionTo[k])
		}
		row("NAT gateway hour", rp.NATGatewayHour)
		row("NAT gateway GB", rp.NATGatewayGB)
		row("Interface endpoint hour (per AZ)", rp.InterfaceEndpointHour)
		row("Interface endpoint GB", rp.InterfaceEndpointGB)
		row("Transit Gateway attachment hour", rp.TransitGatewayAttachmentHour)
		row("Transit Gateway GB", rp.TransitGatewayGB)
		if len(rp.S3StandardTiers) == 0 {
			row("S3 Standard GB-month", rp.S3StandardGBMonth)
		}
		from = 0
		for _, t := range rp.S3StandardTiers {
			item := fmt.Sprintf("S3 Standard GB-month %g-%g TB", from, t.UpToTB)
			if t.UpToTB == 0 {
				item = fmt.Sprintf("S3 Standard GB-month over %g TB", from)
			}
			row(item, model.Price{USD: t.USDPerGB, Unit: "GB-month", Source: rp.S3StandardGBMonth.Source})
			from = t.UpToTB
		}
		tw.Flush()
		var locs []string
		for _, code := range planner.SortedKeys(cat.DXLocations) {
			if cat.DXLocations[code].Region == r {
				locs = append(locs, code)
			}
		}
		if len(locs) > 0 {
			fmt.Fprintf(w, "DX locations associated with %s (%s)\n", r, cat.DXLocationsSource.Confidence)
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			for _, code := range locs {
				l := cat.DXLocations[code]
				ports := "dedicated " + strings.Join(l.PortSpeedsGbps, "/") + " Gbps"
				if pp, ok := cat.DXPortHourByCountry[l.Country]; ok {
					ports += "; " + l.Country + " port rates for " + strings.Join(sortedSpeeds(pp), "/") + " Gbps"
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", code, l.Name, l.Country, ports)
			}
			tw.Flush()
		}
	}
	for _, country := range planner.SortedKeys(cat.DXPortHourByCountry) {
		fmt.Fprintf(w, "\nDX dedicated ports at %s locations\n", country)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SPEED GBPS\tUSD\tUNIT\tCONFIDENCE\tREAD ON\tSOURCE")
		for _, k := range sortedSpeeds(cat.DXPortHourByCountry[country]) {
			p := cat.DXPortHourByCountry[country][k]
			fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\t%s\n", k, p.USD, p.Unit, p.Confidence, p.ReadOn, p.URL)
		}
		tw.Flush()
	}
	if region != "" {
		return
	}
	fmt.Fprintln(w, "\nConstants")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVALUE\tUNIT\tCONFIDENCE\tSOURCE")
	for _, k := range planner.SortedKeys(cat.Constants) {
		c := cat.Constants[k]
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\n", k, c.Value, c.Unit, c.Confidence, c.URL)
	}
	tw.Flush()
}

// orUnknown prints a peak figure, or "unknown" for 0.
func orUnknown(v float64) string {
	if v == 0 {
		return "unknown"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// sortedSpeeds orders speed keys ("0.05" … "400") numerically.
func sortedSpeeds[V any](m map[string]V) []string {
	keys := planner.SortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool {
		a, _ := strconv.ParseFloat(keys[i], 64)
		b, _ := strconv.ParseFloat(keys[j], 64)
		return a < b
	})
	return keys
}

// sortedTiers orders FSx price keys ("PERSISTENT_2/125") by deployment
// type, then throughput tier numerically (125 before 1000).
func sortedTiers[V any](m map[string]V) []string {
	keys := planner.SortedKeys(m)
	split := func(k string) (string, float64) {
		kind, tier, _ := strings.Cut(k, "/")
		v, _ := strconv.ParseFloat(tier, 64)
		return kind, v
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ki, vi := split(keys[i])
		kj, vj := split(keys[j])
		if ki != kj {
			return ki < kj
		}
		return vi < vj
	})
	return keys
}
