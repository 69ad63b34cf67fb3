package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
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
	var format, region, sortBy string
	var types []string
	show := &cobra.Command{
		Use:   "show",
		Short: "Print every catalog figure with its source, date and confidence",
		Long: `Print every catalog figure with its source, date and confidence.

--type GLOB (repeatable or comma-separated: 'p5*', trn2.48xlarge) keeps only
matching instance types and their offerings. --region R keeps one Region's
offerings and prices. --sort orders instances and offerings by a numeric
column (price, accelerators, memory, bf16, fp8, network; ascending, or
descending with a leading '-') instead of by type name; type names sort
numerically (p5.4xlarge before p5.48xlarge).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := oneOf("format", format, "table", "json"); err != nil {
				return err
			}
			if err := oneOf("sort", strings.TrimPrefix(sortBy, "-"), catalogSortKeys...); err != nil {
				return err
			}
			for _, t := range types {
				if _, err := path.Match(t, ""); err != nil {
					return &exitError{exitInvalid, fmt.Errorf("--type %q: %w", t, err)}
				}
			}
			cat, err := g.catalog()
			if err != nil {
				return err
			}
			names := matchTypes(cat, types)
			if len(types) > 0 && len(names) == 0 {
				return &exitError{exitInvalid, fmt.Errorf("--type %s matches no instance type (the catalog has %s)", strings.Join(types, ","), strings.Join(naturalSorted(planner.InstanceTypes(cat)), ", "))}
			}
			if region != "" {
				if _, ok := cat.Regions[region]; !ok {
					return &exitError{exitInvalid, fmt.Errorf("unknown region %q (the catalog has %s)", region, strings.Join(planner.SortedKeys(cat.Regions), ", "))}
				}
			}
			if len(types) > 0 {
				c := *cat
				c.Instances = map[string]model.Instance{}
				for _, n := range names {
					c.Instances[n] = cat.Instances[n]
				}
				cat = &c
			}
			switch format {
			case "json":
				b, err := json.MarshalIndent(cat, "", "  ")
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(append(b, '\n'))
				return err
			}
			writeCatalogTable(cmd.OutOrStdout(), cat, catalogView{region: region, typesOnly: len(types) > 0, sortBy: sortBy})
			return nil
		},
	}
	show.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	show.Flags().StringVar(&region, "region", "", "show only this Region's offerings and prices (table format)")
	show.Flags().StringSliceVarP(&types, "type", "t", nil, "show only instance types matching this glob (p5*, trn2.48xlarge); repeatable")
	show.Flags().StringVar(&sortBy, "sort", "name", "order instances and offerings by: "+strings.Join(catalogSortKeys, ", ")+" (numeric; '-' prefix for descending)")
	cmd.AddCommand(show, newCatalogRefreshCmd(g))
	return cmd
}

// catalogView is what `catalog show` prints.
type catalogView struct {
	region string
	// typesOnly prints only the instance and offering tables (--type).
	typesOnly bool
	sortBy    string
}

var catalogSortKeys = []string{"name", "price", "accelerators", "memory", "hbm", "bf16", "fp8", "network"}

// matchTypes lists the catalog's instance types matching any glob (all for
// none), in natural order.
func matchTypes(cat *model.Catalog, globs []string) []string {
	var out []string
	for _, n := range naturalSorted(planner.InstanceTypes(cat)) {
		if len(globs) == 0 {
			out = append(out, n)
			continue
		}
		for _, g := range globs {
			if ok, _ := path.Match(g, n); ok {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// naturalSorted orders names with their digit runs compared as numbers:
// p5.4xlarge before p5.48xlarge, trn1 before trn2.
func naturalSorted(names []string) []string {
	out := append([]string(nil), names...)
	sort.SliceStable(out, func(i, j int) bool { return naturalLess(out[i], out[j]) })
	return out
}

func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitPrefix(a), digitPrefix(b)
		if da != "" && db != "" {
			na, _ := strconv.ParseUint(da, 10, 64)
			nb, _ := strconv.ParseUint(db, 10, 64)
			if na != nb {
				return na < nb
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// instanceSortValue is an instance's figure for --sort (0 for name).
func instanceSortValue(in model.Instance, key string) float64 {
	switch key {
	case "accelerators":
		return float64(in.AcceleratorCount)
	case "memory":
		return in.AcceleratorMemoryGiB
	case "hbm":
		return in.AcceleratorMemoryBandwidthTBps
	case "bf16":
		return in.PeakDenseBF16TFLOPS
	case "fp8":
		return in.PeakDenseFP8TFLOPS
	case "network":
		return in.NetworkGbps
	}
	return 0
}

// sortByValue orders items by value (stable, so ties keep name order),
// descending when desc.
func sortByValue[T any](items []T, value func(T) float64, desc bool) {
	sort.SliceStable(items, func(i, j int) bool {
		if desc {
			return value(items[i]) > value(items[j])
		}
		return value(items[i]) < value(items[j])
	})
}

func writeCatalogTable(w io.Writer, cat *model.Catalog, view catalogView) {
	region := view.region
	key, desc := strings.TrimPrefix(view.sortBy, "-"), strings.HasPrefix(view.sortBy, "-")
	names := naturalSorted(planner.InstanceTypes(cat))
	if key != "name" && key != "price" && key != "" {
		sortByValue(names, func(n string) float64 { return instanceSortValue(cat.Instances[n], key) }, desc)
	}
	fmt.Fprintf(w, "Catalog %s (read %s)\n", cat.Version, cat.ReadOn)
	fmt.Fprintln(w, "Confidence: confirmed = AWS's own price list, API or docs (directly or via a recorded machine copy); third-party = someone else's reading; estimate = ours; user = an overlay (docs/catalog.md).")
	fmt.Fprintln(w, "\nInstances")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tACCELERATORS\tMEMORY GIB/ACC\tMEM TB/S/ACC\tBF16 TFLOPS/ACC\tFP8 TFLOPS/ACC\tNETWORK GBPS\tEFA\tCARDS\tENIS\tIPV4/ENI\tSPEC CONFIDENCE\tMEM BW CONFIDENCE")
	var unpriced []string
	for _, name := range names {
		in := cat.Instances[name]
		fmt.Fprintf(tw, "%s\t%d × %s\t%g\t%s\t%s\t%s\t%g\t%v\t%d\t%d\t%d\t%s\t%s\n", name, in.AcceleratorCount, in.AcceleratorModel, in.AcceleratorMemoryGiB,
			orUnknown(in.AcceleratorMemoryBandwidthTBps), orUnknown(in.PeakDenseBF16TFLOPS), orUnknown(in.PeakDenseFP8TFLOPS), in.NetworkGbps, in.EFA, in.NetworkCards, in.MaxENIs, in.IPv4PerENI,
			in.SpecSource.Confidence, orDash(in.MemoryBandwidthSource.Confidence))
		if !planner.HasOffering(in) {
			unpriced = append(unpriced, name)
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "MEM TB/S/ACC: one accelerator's peak memory bandwidth in TB/s (10^12 bytes/s), HBM (GDDR6 on g5, g6, g6e); its source is in --format json (memory_bandwidth_source).")
	for _, name := range unpriced {
		fmt.Fprintf(w, "%s: specs only, unpriced: %s\n", name, planner.WhereSold(cat, name))
	}

	fmt.Fprintln(w, "\nOfferings (what AWS sells; an option not listed is not sold there or not in the catalog; savings-plan and capacity-reservation bill at the on-demand rate less your discount)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tREGION\tOPTION\tUSD/H\tRATE SEEN ON\tCONFIDENCE\tREAD ON\tSOURCE")
	type offering struct {
		usd  float64
		line string
	}
	var offers []offering
	for _, name := range names {
		in := cat.Instances[name]
		for _, r := range planner.SortedKeys(in.Prices) {
			if region != "" && r != region {
				continue
			}
			p := in.Prices[r]
			if o, ok := model.Offer(p, model.PurchaseOnDemand); ok {
				offers = append(offers, offering{o.USDPerHour, fmt.Sprintf("%s\t%s\ton-demand\t%g\t\t%s\t%s\t%s\n", name, r, o.USDPerHour, o.Source.Confidence, o.Source.ReadOn, o.Source.URL)})
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
				if cb.UltraServer != "" && cb.NodesPerUnit > 1 {
					opt += fmt.Sprintf(", %s = %d nodes ($%s/h)", cb.UltraServer, cb.NodesPerUnit, model.FormatUSD(o.USDPerHour*float64(cb.NodesPerUnit), 3))
				}
				offers = append(offers, offering{o.USDPerHour, fmt.Sprintf("%s\t%s\t%s\t%g\t%s\t%s\t%s\t%s\n", name, r, opt, o.USDPerHour, seen, o.Source.Confidence, o.Source.ReadOn, o.Source.URL)})
			}
		}
	}
	if key == "price" {
		sortByValue(offers, func(o offering) float64 { return o.usd }, desc)
	}
	for _, o := range offers {
		fmt.Fprint(tw, o.line)
	}
	tw.Flush()
	if rules := cat.CapacityBlocks; rules.MaxDays() > 0 {
		fmt.Fprintf(w, "Capacity Blocks: 1-day increments up to %d days, 7-day increments up to %d days; up to %d instances per block, %d across blocks; %s (%s, %s)\n",
			rules.DailyIncrementUpToDays, rules.WeeklyIncrementUpToDays, rules.MaxInstancesPerBlock, rules.MaxInstancesTotal,
			map[bool]string{true: "paid upfront", false: "billed as used"}[rules.PaidUpfront], rules.Confidence, rules.URL)
	}

	if view.typesOnly {
		return
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
			row("DX hosted "+k+" Gbps port (outside Japan)", rp.DXHostedPortHour[k])
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

// orDash is s, or "-" when empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
