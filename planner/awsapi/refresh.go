package awsapi

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// Progress reports how far a refresh has got.
type Progress struct {
	// Step and Steps count the queries done and planned.
	Step, Steps int
	// Pages and Products count the API pages and price-list products read so far.
	Pages, Products int
	// Doing names the query under way.
	Doing string
}

// RefreshOptions choose what a refresh reads.
type RefreshOptions struct {
	// Catalog is the catalog in use; it supplies the instance types, regions,
	// FSx for Lustre options and Direct Connect port speeds to refresh.
	Catalog *model.Catalog
	// Regions to read (nil = the catalog's regions).
	Regions []string
	// InstanceTypes to read (nil = the catalog's instance types).
	InstanceTypes []string
	// Today is the read_on date written on every figure (YYYY-MM-DD).
	Today string
	// PricingRegion names the Price List Query API endpoint in sources ("" = us-east-1).
	PricingRegion string
	// Progress is called after every page (may be nil).
	Progress func(Progress)
}

// RefreshResult is what a refresh read, as a catalog overlay.
type RefreshResult struct {
	// Overlay has the structure of planner/catalog.json and only the figures read.
	Overlay map[string]any
	// Figures counts the prices and spec sets in the overlay.
	Figures int
	// Skipped lists figures the price list gave no single answer for; they
	// are left out of the overlay, so the current value stays in force.
	Skipped []string
	// Progress is the final count of pages and products.
	Progress Progress
}

// Refresh reads instance specs (DescribeInstanceTypes in each region), on-demand
// Linux prices of the catalog's instance types, FSx for Lustre SSD storage
// prices, dedicated Direct Connect port-hour prices and the Region service
// prices of serviceQueries — NAT gateway, interface endpoint, Transit Gateway
// and Site-to-Site VPN hours and per-GB processing, S3 Standard storage tiers
// (Pricing GetProducts) — and returns them as a catalog overlay marked
// confirmed with today's date.
// The overlay dates the catalog as a whole (top-level read_on) only when it
// covers every catalog instance type in every catalog region.
// Any failure returns an *Error and no overlay, so nothing partial is written.
func Refresh(ctx context.Context, pr PricingAPI, ec2For func(region string) EC2API, opt RefreshOptions) (*RefreshResult, error) {
	cat := opt.Catalog
	regions := opt.Regions
	if len(regions) == 0 {
		regions = planner.SortedKeys(cat.Regions)
	}
	names := opt.InstanceTypes
	if len(names) == 0 {
		names = planner.InstanceTypes(cat)
	}
	for _, n := range names {
		if _, ok := cat.Instances[n]; !ok {
			return nil, &Error{Kind: KindOther, Op: "refresh", Msg: fmt.Sprintf("instance type %q is not in the catalog (known: %s)", n, strings.Join(planner.InstanceTypes(cat), ", "))}
		}
	}
	pricingRegion := opt.PricingRegion
	if pricingRegion == "" {
		pricingRegion = DefaultPricingRegion
	}
	res := &RefreshResult{Overlay: map[string]any{"generated_by": planner.RefreshGenerator}}
	if covers(regions, planner.SortedKeys(cat.Regions)) && covers(names, planner.InstanceTypes(cat)) {
		// Only a refresh of every instance type in every catalog region
		// dates the catalog as a whole; a partial one dates its own figures.
		res.Overlay["version"] = "aws-refresh-" + opt.Today
		res.Overlay["read_on"] = opt.Today
	}
	prog := &res.Progress
	prog.Steps = len(regions) * (1 + len(names) + 2 + len(serviceQueries))
	report := func() {
		if opt.Progress != nil {
			opt.Progress(*prog)
		}
	}
	page := func(products int) {
		prog.Pages++
		prog.Products += products
		report()
	}
	step := func(doing string) {
		prog.Doing = doing
		report()
	}
	done := func() {
		prog.Step++
		report()
	}
	specsSeen := map[string]bool{}
	for _, region := range regions {
		if err := ctx.Err(); err != nil {
			return nil, explain("refresh", err)
		}
		// Without named types, a Region is asked only about the types the
		// catalog records AWS selling there, and only for the on-demand
		// prices it records: the others are not sold (asking would fail).
		here, priced := names, names
		if len(opt.InstanceTypes) == 0 {
			here, priced = nil, nil
			for _, n := range names {
				p, ok := cat.Instances[n].Prices[region]
				if !ok {
					continue
				}
				here = append(here, n)
				if p.OnDemandUSDPerHour > 0 {
					priced = append(priced, n)
				}
			}
		}
		if len(here) == 0 {
			done()
			continue
		}
		step(fmt.Sprintf("instance specs in %s", region))
		specs, err := DescribeInstanceTypes(ctx, ec2For(region), region, here, func() { page(0) })
		if err != nil {
			return nil, err
		}
		done()
		for _, n := range here {
			if specsSeen[n] {
				continue
			}
			specsSeen[n] = true
			setSpec(res.Overlay, specs[n], cat.Instances[n], region, opt.Today)
			res.Figures++
		}
		for _, n := range priced {
			step(fmt.Sprintf("price of %s in %s", n, region))
			usd, prod, err := instancePrice(ctx, pr, region, n, page)
			var ae *Error
			if err != nil && errors.As(err, &ae) && ae.Kind == KindNotOffered && soldOtherwise(cat, n, region) {
				// A named type the catalog records as sold here but not
				// on-demand (trn2.48xlarge in us-east-2, p5e.48xlarge:
				// Capacity Blocks only): the price list agreeing is no
				// failure, and nothing is written.
				res.Skipped = append(res.Skipped, fmt.Sprintf("%s in %s: no on-demand price in the price list, as the catalog records (not sold on-demand there)", n, region))
				done()
				continue
			}
			if err != nil {
				return nil, err
			}
			set(res.Overlay, map[string]any{
				"on_demand_usd_per_hour": usd,
				"source":                 fmt.Sprintf("AWS Price List Query API, pricing:GetProducts AmazonEC2 (endpoint %s, regionCode %s)", pricingRegion, region),
				"read_on":                opt.Today,
				"confidence":             model.ConfidenceConfirmed,
				"note":                   fmt.Sprintf("On-demand, Linux, shared tenancy, no pre-installed software; SKU %s, price list published %s.", prod.SKU, prod.PublicationDate),
			}, "instances", n, "prices", region)
			res.Figures++
			done()
		}
		// The Region's service prices: one query each, every figure the
		// price list gives one answer for, the others noted as skipped.
		queries := []regionQuery{
			{"FSx for Lustre prices", func() (int, []string, error) {
				return fsxPrices(ctx, pr, region, cat, res.Overlay, opt.Today, pricingRegion, page)
			}},
			{"Direct Connect port prices", func() (int, []string, error) {
				return dxPrices(ctx, pr, region, cat, res.Overlay, opt.Today, pricingRegion, page)
			}},
		}
		for _, q := range serviceQueries {
			queries = append(queries, regionQuery{q.label, func() (int, []string, error) {
				return servicePrices(ctx, pr, region, q, res.Overlay, opt.Today, pricingRegion, page)
			}})
		}
		for _, q := range queries {
			step(fmt.Sprintf("%s in %s", q.doing, region))
			n, skipped, err := q.read()
			if err != nil {
				return nil, err
			}
			res.Figures += n
			res.Skipped = append(res.Skipped, skipped...)
			done()
		}
	}
	return res, nil
}

// regionQuery is one price query of a Region's refresh: what it reads (for
// progress) and the read, which sets figures in the overlay and returns how
// many, and the figures skipped.
type regionQuery struct {
	doing string
	read  func() (int, []string, error)
}

// covers reports whether have includes every element of want.
func covers(have, want []string) bool {
	in := map[string]bool{}
	for _, h := range have {
		in[h] = true
	}
	for _, w := range want {
		if !in[w] {
			return false
		}
	}
	return true
}

// set stores v at the path in m, creating maps on the way.
func set(m map[string]any, v any, path ...string) {
	for _, k := range path[:len(path)-1] {
		sub, ok := m[k].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[k] = sub
		}
		m = sub
	}
	m[path[len(path)-1]] = v
}

// setSpec writes the spec fields DescribeInstanceTypes gave. The accelerator
// model keeps the catalog's descriptive name (the API says "NVIDIA H100" for
// an 80 GB part); the API's name goes in the note.
func setSpec(over map[string]any, s InstanceSpec, cur model.Instance, region, today string) {
	fields := map[string]any{
		"vcpus":              s.VCPUs,
		"memory_gib":         s.MemoryGiB,
		"network_gbps":       s.NetworkGbps,
		"efa":                s.EFA,
		"network_cards":      s.NetworkCards,
		"max_efa_interfaces": s.MaxEFAInterfaces,
		"max_enis":           s.MaxENIs,
		"ipv4_per_eni":       s.IPv4PerENI,
	}
	note := "Read with DescribeInstanceTypes: VCpuInfo, MemoryInfo, NetworkInfo (NetworkPerformance, MaximumNetworkCards, MaximumNetworkInterfaces, Ipv4AddressesPerInterface, EfaSupported, EfaInfo.MaximumEfaInterfaces)"
	if s.AcceleratorCount > 0 {
		fields["accelerator_count"] = s.AcceleratorCount
		fields["accelerator_memory_gib"] = s.AcceleratorMemoryGiB
		note += fmt.Sprintf(", GpuInfo/NeuronInfo (%d x %s, %g GiB each)", s.AcceleratorCount, s.AcceleratorName, s.AcceleratorMemoryGiB)
	} else if cur.AcceleratorCount > 0 {
		note += "; the API reported no GPU or Neuron devices, so the accelerator figures are the snapshot's"
	}
	for k, v := range fields {
		set(over, v, "instances", s.Type, k)
	}
	set(over, map[string]any{
		"source":     fmt.Sprintf("AWS EC2 API, ec2:DescribeInstanceTypes (%s)", region),
		"read_on":    today,
		"confidence": model.ConfidenceConfirmed,
		"note":       note + ".",
	}, "instances", s.Type, "spec_source")
}

// instancePrice reads the on-demand Linux price of one instance type in one region.
func instancePrice(ctx context.Context, pr PricingAPI, region, typ string, count Counter) (float64, Product, error) {
	op := fmt.Sprintf("Pricing GetProducts (AmazonEC2 %s %s)", typ, region)
	prods, err := GetProducts(ctx, pr, op, "AmazonEC2", []Filter{
		{"instanceType", typ}, {"regionCode", region}, {"operatingSystem", "Linux"},
		{"tenancy", "Shared"}, {"preInstalledSw", "NA"}, {"capacitystatus", "Used"},
	}, count)
	if err != nil {
		return 0, Product{}, err
	}
	var keep []Product
	for _, p := range prods {
		if p.Attributes["instanceType"] != typ {
			continue
		}
		if lm := p.Attributes["licenseModel"]; lm != "" && lm != "No License required" {
			continue
		}
		if mo := p.Attributes["marketoption"]; mo != "" && mo != "OnDemand" {
			continue
		}
		keep = append(keep, p)
	}
	usd, prod, ok, err := uniquePrice(op, keep, "Hrs")
	if err != nil {
		return 0, Product{}, err
	}
	if !ok {
		return 0, Product{}, &Error{Kind: KindNotOffered, Op: op,
			Msg: fmt.Sprintf("%s: the price list has no on-demand Linux price for %s in %s (%d products read); the region does not offer it: refresh the other types with --instance-type, or drop the region", op, typ, region, len(prods))}
	}
	if usd <= 0 {
		return 0, Product{}, malformed(op, "product %s has on-demand price %g USD/hour", prod.SKU, usd)
	}
	return usd, prod, nil
}

var leadingNumber = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)`)

func number(s string) (float64, bool) {
	m := leadingNumber.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil
}

// squash lower-cases and drops everything but letters and digits, so
// "Persistent 2", "PERSISTENT_2" and "Persistent-2" compare equal.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fsxPrices reads FSx for Lustre SSD storage prices (per GB-month) in one
// region and sets every catalog option the price list gives one price for:
// product attributes fileSystemType=Lustre, storageType=SSD, deploymentOption
// matching the catalog key's deployment type and throughputCapacity its
// MB/s/TiB. The options are the Region's own, or, for a Region the catalog
// prices no FSx option in, every option the catalog prices anywhere (so a
// refresh fills the Regions the snapshot could not price). Options with no
// single match are returned as skipped.
func fsxPrices(ctx context.Context, pr PricingAPI, region string, cat *model.Catalog, over map[string]any, today, pricingRegion string, count Counter) (int, []string, error) {
	keys := planner.SortedKeys(cat.Regions[region].FSxLustre)
	kept := "kept the current figure"
	if len(keys) == 0 {
		all := map[string]bool{}
		for _, r := range cat.Regions {
			for k := range r.FSxLustre {
				all[k] = true
			}
		}
		keys = planner.SortedKeys(all)
		kept = "left unpriced"
	}
	if len(keys) == 0 {
		return 0, nil, nil
	}
	op := fmt.Sprintf("Pricing GetProducts (AmazonFSx Lustre %s)", region)
	prods, err := GetProducts(ctx, pr, op, "AmazonFSx", []Filter{{"regionCode", region}, {"fileSystemType", "Lustre"}}, count)
	if err != nil {
		return 0, nil, err
	}
	n := 0
	var skipped []string
	for _, key := range keys {
		dep, tput, _ := strings.Cut(key, "/")
		want, _ := strconv.ParseFloat(tput, 64)
		var match []Product
		for _, p := range prods {
			a := p.Attributes
			got, ok := number(a["throughputCapacity"])
			if strings.EqualFold(a["storageType"], "SSD") && squash(a["deploymentOption"]) == squash(dep) && ok && got == want {
				match = append(match, p)
			}
		}
		usd, prod, why := pick(op+" "+key, match, "GB-Mo")
		if why != "" {
			skipped = append(skipped, fmt.Sprintf("FSx for Lustre %s in %s: %s; %s", key, region, why, kept))
			continue
		}
		set(over, priceEntry(usd, "GB-month", "AmazonFSx", pricingRegion, region, today,
			fmt.Sprintf("Lustre SSD storage, %s; SKU %s, price list published %s.", key, prod.SKU, prod.PublicationDate)),
			"regions", region, "fsx_lustre", key)
		n++
	}
	return n, skipped, nil
}

// dxPrices reads dedicated Direct Connect port-hour prices in one region:
// product attributes connectionType=Dedicated and capacity "1G", "10G",
// "100G", "400G". Port prices depend on the DX location; a speed whose
// products in the region disagree is skipped, not averaged.
func dxPrices(ctx context.Context, pr PricingAPI, region string, cat *model.Catalog, over map[string]any, today, pricingRegion string, count Counter) (int, []string, error) {
	speeds := planner.SortedKeys(cat.Regions[region].DXPortHour)
	if len(speeds) == 0 {
		return 0, nil, nil
	}
	op := fmt.Sprintf("Pricing GetProducts (AWSDirectConnect %s)", region)
	prods, err := GetProducts(ctx, pr, op, "AWSDirectConnect", []Filter{{"regionCode", region}, {"connectionType", "Dedicated"}}, count)
	if err != nil {
		return 0, nil, err
	}
	n := 0
	var skipped []string
	for _, sp := range speeds {
		var match []Product
		for _, p := range prods {
			if strings.EqualFold(p.Attributes["capacity"], sp+"G") && strings.EqualFold(p.Attributes["connectionType"], "Dedicated") {
				match = append(match, p)
			}
		}
		usd, prod, why := pick(op+" "+sp+"G", match, "Hrs")
		if why != "" {
			skipped = append(skipped, fmt.Sprintf("Direct Connect %s Gbps dedicated port in %s: %s; kept the current figure", sp, region, why))
			continue
		}
		set(over, priceEntry(usd, "port-hour", "AWSDirectConnect", pricingRegion, region, today,
			fmt.Sprintf("Dedicated %sG port-hour; every matching product in the region agrees; SKU %s, price list published %s.", sp, prod.SKU, prod.PublicationDate)),
			"regions", region, "dx_port_hour", sp)
		n++
	}
	sort.Strings(skipped)
	return n, skipped, nil
}

// soldOtherwise reports whether the catalog records an instance type as
// sold in a Region under some option, but not on-demand.
func soldOtherwise(cat *model.Catalog, it, region string) bool {
	p, ok := cat.Instances[it].Prices[region]
	return ok && p.OnDemandUSDPerHour <= 0 && len(model.OfferedOptions(p)) > 0
}
