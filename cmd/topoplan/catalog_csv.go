package main

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// catalogCSVHeader is `catalog show -f csv`'s one table: every figure a
// row, raw numbers, so a spreadsheet can filter and pivot it.
var catalogCSVHeader = []string{"section", "item", "region", "option", "value", "unit", "effective_on", "confidence", "read_on", "source"}

// writeCatalogCSV writes the catalog as one long table: instance specs,
// offerings, Region prices, Direct Connect port rates by country and
// constants, with the same --type, --region and --sort selection as the
// table. A figure the catalog does not have is a row with an empty value
// and confidence "not in catalog".
func writeCatalogCSV(w io.Writer, cat *model.Catalog, view catalogView) error {
	cw := csv.NewWriter(w)
	row := func(section, item, region, option, value, unit, effectiveOn string, src model.Source) {
		_ = cw.Write([]string{section, item, region, option, value, unit, effectiveOn, src.Confidence, src.ReadOn, src.URL})
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	key, desc := strings.TrimPrefix(view.sortBy, "-"), strings.HasPrefix(view.sortBy, "-")
	names := naturalSorted(planner.InstanceTypes(cat))
	if key != "name" && key != "price" && key != "" {
		sortByValue(names, func(n string) float64 { return instanceSortValue(cat.Instances[n], key) }, desc)
	}
	_ = cw.Write(catalogCSVHeader)
	for _, n := range names {
		in := cat.Instances[n]
		spec := func(option string, v float64, unit string) {
			s := num(v)
			if v == 0 && strings.Contains(option, "tflops") {
				s = "" // unknown
			}
			row("instance", n, "", option, s, unit, "", in.SpecSource)
		}
		spec("accelerators", float64(in.AcceleratorCount), in.AcceleratorModel)
		spec("accelerator_memory_gib", in.AcceleratorMemoryGiB, "GiB per accelerator")
		spec("peak_dense_bf16_tflops", in.PeakDenseBF16TFLOPS, "TFLOPS per accelerator")
		spec("peak_dense_fp8_tflops", in.PeakDenseFP8TFLOPS, "TFLOPS per accelerator")
		spec("network_gbps", in.NetworkGbps, "Gbps")
		efa := 0.0
		if in.EFA {
			efa = 1
		}
		spec("efa", efa, "1 = supported")
		spec("network_cards", float64(in.NetworkCards), "cards")
		spec("max_enis", float64(in.MaxENIs), "ENIs")
		spec("ipv4_per_eni", float64(in.IPv4PerENI), "addresses per ENI")
	}
	offers := catalogOfferings(cat, names, view.region)
	if key == "price" {
		sortByValue(offers, func(o catalogOffer) float64 { return o.usd }, desc)
	}
	for _, o := range offers {
		row("offering", o.typ, o.region, o.option, num(o.usd), "USD per instance-hour", o.effectiveOn, o.src)
	}
	if view.typesOnly {
		cw.Flush()
		return cw.Error()
	}
	for _, r := range planner.SortedKeys(cat.Regions) {
		if view.region != "" && r != view.region {
			continue
		}
		for _, rp := range regionPrices(cat.Regions[r]) {
			if rp.p.URL == "" && rp.p.Confidence == "" {
				row("region price", rp.item, r, "", "", "", "", model.Source{Confidence: "not in catalog"})
				continue
			}
			row("region price", rp.item, r, "", num(rp.p.USD), "USD per "+rp.p.Unit, "", rp.p.Source)
		}
	}
	for _, byCountry := range countryPortPrices(cat) {
		for _, country := range planner.SortedKeys(byCountry.prices) {
			for _, k := range sortedSpeeds(byCountry.prices[country]) {
				p := byCountry.prices[country][k]
				row("dx port by country", "DX "+byCountry.kind+" "+k+" Gbps port", "", country, num(p.USD), "USD per "+p.Unit, "", p.Source)
			}
		}
	}
	if view.region == "" {
		for _, k := range planner.SortedKeys(cat.Constants) {
			c := cat.Constants[k]
			row("constant", k, "", "", num(c.Value), c.Unit, "", c.Source)
		}
	}
	cw.Flush()
	return cw.Error()
}
