package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

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
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
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
			view := catalogView{region: region, typesOnly: len(types) > 0, sortBy: sortBy}
			switch format {
			case "json":
				b, err := json.MarshalIndent(cat, "", "  ")
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(append(b, '\n'))
				return err
			case "csv":
				return writeCatalogCSV(cmd.OutOrStdout(), cat, view)
			case "markdown":
				writeBlocksMarkdown(cmd.OutOrStdout(), catalogBlocks(cat, view))
				return nil
			}
			writeCatalogTable(cmd.OutOrStdout(), cat, view)
			return nil
		},
	}
	show.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json (the whole catalog, --type filtered), markdown or csv (one row per figure, raw numbers)")
	show.Flags().StringVar(&region, "region", "", "show only this Region's offerings and prices (table, markdown and csv)")
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
	writeBlocksTable(w, catalogBlocks(cat, view))
}

// catalogBlocks is what `catalog show` prints, as headed tables and lines
// that the table and Markdown formats draw.
func catalogBlocks(cat *model.Catalog, view catalogView) []block {
	var out []block
	region := view.region
	key, desc := strings.TrimPrefix(view.sortBy, "-"), strings.HasPrefix(view.sortBy, "-")
	names := naturalSorted(planner.InstanceTypes(cat))
	if key != "name" && key != "price" && key != "" {
		sortByValue(names, func(n string) float64 { return instanceSortValue(cat.Instances[n], key) }, desc)
	}
	out = append(out, block{level: 1, heading: fmt.Sprintf("Catalog %s (read %s)", cat.Version, cat.ReadOn)},
		block{heading: "Confidence: confirmed = AWS's own price list, API or docs (directly or via a recorded machine copy); third-party = someone else's reading; estimate = ours; user = an overlay (docs/catalog.md)."})
	inst := block{level: 2, heading: "Instances", header: []string{"TYPE", "ACCELERATORS", "MEMORY GIB/ACC", "MEM TB/S/ACC", "BF16 TFLOPS/ACC", "FP8 TFLOPS/ACC", "NETWORK GBPS", "EFA", "CARDS", "ENIS", "IPV4/ENI", "SPEC CONFIDENCE", "MEM BW CONFIDENCE"}}
	var unpriced []string
	for _, name := range names {
		in := cat.Instances[name]
		inst.rows = append(inst.rows, []string{name, fmt.Sprintf("%d × %s", in.AcceleratorCount, in.AcceleratorModel), fmt.Sprintf("%g", in.AcceleratorMemoryGiB),
			orUnknown(in.AcceleratorMemoryBandwidthTBps), orUnknown(in.PeakDenseBF16TFLOPS), orUnknown(in.PeakDenseFP8TFLOPS), fmt.Sprintf("%g", in.NetworkGbps), fmt.Sprint(in.EFA),
			strconv.Itoa(in.NetworkCards), strconv.Itoa(in.MaxENIs), strconv.Itoa(in.IPv4PerENI), in.SpecSource.Confidence, orDash(in.MemoryBandwidthSource.Confidence)})
		if !planner.HasOffering(in) {
			unpriced = append(unpriced, name)
		}
	}
	out = append(out, inst, block{heading: "MEM TB/S/ACC: one accelerator's peak memory bandwidth in TB/s (10^12 bytes/s), HBM (GDDR6 on g5, g6, g6e); its source is in --format json (memory_bandwidth_source)."})
	for _, name := range unpriced {
		out = append(out, block{heading: fmt.Sprintf("%s: specs only, unpriced: %s", name, planner.WhereSold(cat, name))})
	}

	offers := block{level: 2, heading: "Offerings (what AWS sells; an option not listed is not sold there or not in the catalog; savings-plan and capacity-reservation bill at the on-demand rate less your discount)",
		header: []string{"TYPE", "REGION", "OPTION", "USD/H", "RATE SEEN ON", "CONFIDENCE", "READ ON", "SOURCE"}}
	var usd []float64
	for _, o := range catalogOfferings(cat, names, region) {
		offers.rows = append(offers.rows, []string{o.typ, o.region, o.option, fmt.Sprintf("%g", o.usd), o.seen, o.src.Confidence, o.src.ReadOn, o.src.URL})
		usd = append(usd, o.usd)
	}
	if key == "price" {
		idx := make([]int, len(usd))
		for i := range idx {
			idx[i] = i
		}
		sortByValue(idx, func(i int) float64 { return usd[i] }, desc)
		rows := make([][]string, len(idx))
		for i, j := range idx {
			rows[i] = offers.rows[j]
		}
		offers.rows = rows
	}
	out = append(out, offers)
	if rules := cat.CapacityBlocks; rules.MaxDays() > 0 {
		out = append(out, block{heading: fmt.Sprintf("Capacity Blocks: 1-day increments up to %d days, 7-day increments up to %d days; up to %d instances per block, %d across blocks; %s (%s, %s)",
			rules.DailyIncrementUpToDays, rules.WeeklyIncrementUpToDays, rules.MaxInstancesPerBlock, rules.MaxInstancesTotal,
			map[bool]string{true: "paid upfront", false: "billed as used"}[rules.PaidUpfront], rules.Confidence, rules.URL)})
	}

	if view.typesOnly {
		return out
	}
	for _, r := range planner.SortedKeys(cat.Regions) {
		if region != "" && r != region {
			continue
		}
		rb := block{level: 2, heading: "Region " + r, header: []string{"ITEM", "USD", "UNIT", "CONFIDENCE", "READ ON", "SOURCE"}}
		for _, rp := range regionPrices(cat.Regions[r]) {
			if rp.p.URL == "" && rp.p.Confidence == "" {
				rb.rows = append(rb.rows, []string{rp.item, "-", "", "not in catalog", "", ""})
				continue
			}
			rb.rows = append(rb.rows, []string{rp.item, fmt.Sprintf("%g", rp.p.USD), rp.p.Unit, rp.p.Confidence, rp.p.ReadOn, rp.p.URL})
		}
		out = append(out, rb)
		var locs []string
		for _, code := range planner.SortedKeys(cat.DXLocations) {
			if cat.DXLocations[code].Region == r {
				locs = append(locs, code)
			}
		}
		if len(locs) > 0 {
			lb := block{heading: fmt.Sprintf("DX locations associated with %s (%s)", r, cat.DXLocationsSource.Confidence), indent: "  ",
				mdHeader: []string{"LOCATION", "NAME", "COUNTRY", "PORTS"}}
			for _, code := range locs {
				l := cat.DXLocations[code]
				ports := "dedicated " + strings.Join(l.PortSpeedsGbps, "/") + " Gbps"
				if pp, ok := cat.DXPortHourByCountry[l.Country]; ok {
					ports += "; " + l.Country + " port rates for " + strings.Join(sortedSpeeds(pp), "/") + " Gbps"
				}
				lb.rows = append(lb.rows, []string{code, l.Name, l.Country, ports})
			}
			out = append(out, lb)
		}
	}
	for _, byCountry := range countryPortPrices(cat) {
		for _, country := range planner.SortedKeys(byCountry.prices) {
			cb := block{level: 2, heading: fmt.Sprintf("DX %s ports at %s locations", byCountry.kind, country), header: []string{"SPEED GBPS", "USD", "UNIT", "CONFIDENCE", "READ ON", "SOURCE"}}
			for _, k := range sortedSpeeds(byCountry.prices[country]) {
				p := byCountry.prices[country][k]
				cb.rows = append(cb.rows, []string{k, fmt.Sprintf("%g", p.USD), p.Unit, p.Confidence, p.ReadOn, p.URL})
			}
			out = append(out, cb)
		}
	}
	if region != "" {
		return out
	}
	kb := block{level: 2, heading: "Constants", header: []string{"NAME", "VALUE", "UNIT", "CONFIDENCE", "SOURCE"}}
	for _, k := range planner.SortedKeys(cat.Constants) {
		c := cat.Constants[k]
		kb.rows = append(kb.rows, []string{k, fmt.Sprintf("%g", c.Value), c.Unit, c.Confidence, c.URL})
	}
	return append(out, kb)
}

// catalogOffer is one instance offering as `catalog show` lists it.
type catalogOffer struct {
	typ, region, option string
	usd                 float64
	// seen is a Capacity Block's effective date with its earlier rates.
	seen        string
	effectiveOn string
	src         model.Source
}

// catalogOfferings lists the offerings of the named types (in that
// order), on-demand then Capacity Block, in one Region or all.
func catalogOfferings(cat *model.Catalog, names []string, region string) []catalogOffer {
	var out []catalogOffer
	for _, name := range names {
		in := cat.Instances[name]
		for _, r := range planner.SortedKeys(in.Prices) {
			if region != "" && r != region {
				continue
			}
			p := in.Prices[r]
			if o, ok := model.Offer(p, model.PurchaseOnDemand); ok {
				out = append(out, catalogOffer{typ: name, region: r, option: "on-demand", usd: o.USDPerHour, src: o.Source})
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
				out = append(out, catalogOffer{typ: name, region: r, option: opt, usd: o.USDPerHour, seen: seen, effectiveOn: cb.EffectiveOn, src: o.Source})
			}
		}
	}
	return out
}

// regionPrice is one priced item of a Region ("" URL and confidence: not
// in the catalog).
type regionPrice struct {
	item string
	p    model.Price
}

// regionPrices lists a Region's prices in the order `catalog show` prints them.
func regionPrices(rp model.RegionPrices) []regionPrice {
	var out []regionPrice
	row := func(item string, p model.Price) { out = append(out, regionPrice{item, p}) }
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
	row("VPN connection, large (5 Gbps) tunnels", rp.VPNLargeConnectionHour)
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
	return out
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

// countryPortPrices are the DX port-hour tables kept per location country
// (dedicated and hosted), for catalog show.
func countryPortPrices(cat *model.Catalog) []struct {
	kind   string
	prices map[string]map[string]model.Price
} {
	return []struct {
		kind   string
		prices map[string]map[string]model.Price
	}{{"dedicated", cat.DXPortHourByCountry}, {"hosted", cat.DXHostedPortHourByCountry}}
}
