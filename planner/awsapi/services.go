package awsapi

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// pick applies the refresh's rule for one figure: the single on-demand price
// in unit that every matching product agrees on. why is "" when there is
// one, else says why the figure is skipped (no product, or products that
// disagree or lack a readable price); a skipped figure keeps its current value.
func pick(op string, match []Product, unit string) (usd float64, prod Product, why string) {
	usd, prod, ok, err := uniquePrice(op, match, unit)
	switch {
	case err != nil:
		return 0, Product{}, err.Error()
	case !ok:
		return 0, Product{}, "no matching product"
	}
	return usd, prod, ""
}

// priceEntry is a catalog price (model.Price's JSON) read from the price
// list of service, marked confirmed on today.
func priceEntry(usd float64, unit, service, pricingRegion, region, today, note string) map[string]any {
	return map[string]any{
		"usd": usd, "unit": unit,
		"source":     fmt.Sprintf("AWS Price List Query API, pricing:GetProducts %s (endpoint %s, regionCode %s)", service, pricingRegion, region),
		"read_on":    today,
		"confidence": model.ConfidenceConfirmed,
		"note":       note,
	}
}

// usageIs reports whether a price-list usage type is name, with or without
// one Region prefix (upper-case letters and digits): "NatGateway-Hours"
// (us-east-1 spells some usage types bare) and "APN1-NatGateway-Hours" match
// "NatGateway-Hours"; "EUW2-Annotation-TimedStorage-ByteHrs",
// "Annotation-TimedStorage-ByteHrs" and "TimedStorage-SIA-ByteHrs" do not
// match "TimedStorage-ByteHrs".
func usageIs(usagetype, name string) bool {
	if strings.EqualFold(usagetype, name) {
		return true
	}
	n := len(usagetype) - len(name) - 1
	if n <= 0 || usagetype[n] != '-' || !strings.EqualFold(usagetype[n+1:], name) {
		return false
	}
	for _, r := range usagetype[:n] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// serviceFigure is one Region figure a service query gives: the products
// whose family, usage type and attributes match, and their one price.
type serviceFigure struct {
	// key is the figure's key under regions.REGION in the catalog.
	key string
	// unit is the catalog's unit; plUnit the price list's ("Hrs", "GB", "GB-Mo").
	unit, plUnit string
	// family is product.productFamily ("" = any).
	family string
	// usage is the usage type without its Region prefix ("" = any).
	usage string
	// attrs must match exactly (case-insensitive); prefixes must begin the attribute.
	attrs, prefixes map[string]string
	// tiersKey, when set, also writes the price's tiers (model.EgressTier
	// list, bounds in price-list TB) under this key.
	tiersKey string
	// what names the figure in notes.
	what string
}

// matches reports whether a product is one of the figure's.
func (f serviceFigure) matches(p Product) bool {
	if f.family != "" && !strings.EqualFold(p.Family, f.family) {
		return false
	}
	if f.usage != "" && !usageIs(p.Attributes["usagetype"], f.usage) {
		return false
	}
	for k, v := range f.attrs {
		if !strings.EqualFold(p.Attributes[k], v) {
			return false
		}
	}
	for k, v := range f.prefixes {
		if !strings.HasPrefix(strings.ToLower(p.Attributes[k]), strings.ToLower(v)) {
			return false
		}
	}
	return true
}

// serviceQuery is one GetProducts query per Region (TERM_MATCH on
// regionCode and filters) and the figures read from its answer.
type serviceQuery struct {
	// label names the query in progress reports.
	label   string
	service string
	filters []Filter
	figures []serviceFigure
}

// serviceQueries are the Region service prices a refresh reads. The
// service codes, product families, usage types and attribute values are
// those of AWS's price list as testdata/aws/README.md records with their
// sources.
var serviceQueries = []serviceQuery{
	{label: "NAT gateway prices", service: "AmazonEC2", filters: []Filter{{"productFamily", "NAT Gateway"}}, figures: []serviceFigure{
		{key: "nat_gateway_hour", unit: "hour", plUnit: "Hrs", family: "NAT Gateway", usage: "NatGateway-Hours", what: "NAT gateway-hour"},
		{key: "nat_gateway_gb", unit: "GB", plUnit: "GB", family: "NAT Gateway", usage: "NatGateway-Bytes", what: "NAT gateway data processed"},
	}},
	{label: "endpoint, Transit Gateway and VPN prices", service: "AmazonVPC", figures: []serviceFigure{
		{key: "interface_endpoint_hour", unit: "endpoint-AZ-hour", plUnit: "Hrs", family: "VpcEndpoint", usage: "VpcEndpoint-Hours", what: "interface endpoint per AZ-hour"},
		{key: "interface_endpoint_gb", unit: "GB", plUnit: "GB", family: "VpcEndpoint", usage: "VpcEndpoint-Bytes", what: "interface endpoint data processed, first tier"},
		{key: "transit_gateway_attachment_hour", unit: "attachment-hour", plUnit: "Hrs", usage: "TransitGateway-Hours", attrs: map[string]string{"operation": "TransitGatewayVPC"}, what: "Transit Gateway VPC attachment-hour"},
		{key: "transit_gateway_gb", unit: "GB", plUnit: "GB", usage: "TransitGateway-Bytes", attrs: map[string]string{"operation": "TransitGatewayVPC"}, what: "Transit Gateway data processed (VPC attachment)"},
		{key: "vpn_connection_hour", unit: "connection-hour", plUnit: "Hrs", family: "Cloud Connectivity", prefixes: map[string]string{"vpnType": "VPN Standard"}, what: "Site-to-Site VPN standard connection-hour"},
	}},
	{label: "S3 Standard storage prices", service: "AmazonS3", filters: []Filter{{"productFamily", "Storage"}}, figures: []serviceFigure{
		{key: "s3_standard_gb_month", unit: "GB-month", plUnit: "GB-Mo", family: "Storage", usage: "TimedStorage-ByteHrs",
			attrs: map[string]string{"volumeType": "Standard", "storageClass": "General Purpose"}, tiersKey: "s3_standard_tiers", what: "S3 Standard storage"},
	}},
}

// servicePrices runs one service query in a region and sets every figure
// the price list gives one answer for; the others are returned as skipped
// and keep their current value.
func servicePrices(ctx context.Context, pr PricingAPI, region string, q serviceQuery, over map[string]any, today, pricingRegion string, count Counter) (int, []string, error) {
	op := fmt.Sprintf("Pricing GetProducts (%s %s)", q.service, region)
	prods, err := GetProducts(ctx, pr, op, q.service, append([]Filter{{"regionCode", region}}, q.filters...), count)
	if err != nil {
		return 0, nil, err
	}
	n := 0
	var skipped []string
	for _, f := range q.figures {
		var match []Product
		for _, p := range prods {
			if f.matches(p) {
				match = append(match, p)
			}
		}
		usd, prod, why := pick(op+" "+f.key, match, f.plUnit)
		var tiers []model.EgressTier
		if why == "" && f.tiersKey != "" {
			tiers, why = agreedTiers(match, f.plUnit)
		}
		if why != "" {
			skipped = append(skipped, fmt.Sprintf("%s (%s) in %s: %s; kept the current figure", f.what, f.key, region, why))
			continue
		}
		note := fmt.Sprintf("%s; %s; SKU %s, price list published %s.", f.what, describe(prod, len(match)), prod.SKU, prod.PublicationDate)
		set(over, priceEntry(usd, f.unit, q.service, pricingRegion, region, today, note), "regions", region, f.key)
		if f.tiersKey != "" {
			list := make([]any, len(tiers))
			for i, t := range tiers {
				list[i] = map[string]any{"up_to_tb": t.UpToTB, "usd_per_gb": t.USDPerGB}
			}
			set(over, list, "regions", region, f.tiersKey)
		}
		n++
	}
	return n, skipped, nil
}

// describe says which product a figure was read from.
func describe(p Product, products int) string {
	s := "usage type " + p.Attributes["usagetype"]
	if op := p.Attributes["operation"]; op != "" {
		s += ", operation " + op
	}
	if products > 1 {
		s += fmt.Sprintf("; the %d matching products agree", products)
	}
	return s
}

// agreedTiers reads the tiers of a tiered on-demand price (see tiersOf) and
// requires every product to give the same; why says otherwise.
func agreedTiers(prods []Product, unit string) ([]model.EgressTier, string) {
	var first []model.EgressTier
	for i, p := range prods {
		t, err := tiersOf(p, unit)
		if err != nil {
			return nil, err.Error()
		}
		if i == 0 {
			first = t
			continue
		}
		if fmt.Sprint(t) != fmt.Sprint(first) {
			return nil, fmt.Sprintf("products %s and %s give different tiers (%v, %v)", prods[0].SKU, p.SKU, first, t)
		}
	}
	return first, ""
}

// tiersOf reads a product's price tiers in unit: the dimensions ordered by
// beginRange, the first from 0, each starting where the one before ends, the
// last unbounded ("Inf"). Bounds are GB in the price list and price-list TB
// (model.PriceListGBPerTB) in the catalog: 51200 GB is 50 TB.
func tiersOf(p Product, unit string) ([]model.EgressTier, error) {
	type dim struct {
		begin, end float64
		usd        float64
	}
	var dims []dim
	for _, d := range p.OnDemand {
		if !strings.EqualFold(d.Unit, unit) {
			continue
		}
		b, err := strconv.ParseFloat(d.BeginRange, 64)
		if err != nil {
			return nil, fmt.Errorf("product %s: beginRange %q is not a number", p.SKU, d.BeginRange)
		}
		e := math.Inf(1)
		if d.EndRange != "Inf" {
			if e, err = strconv.ParseFloat(d.EndRange, 64); err != nil || e <= b {
				return nil, fmt.Errorf("product %s: endRange %q does not follow beginRange %q", p.SKU, d.EndRange, d.BeginRange)
			}
		}
		dims = append(dims, dim{b, e, d.USD})
	}
	sort.Slice(dims, func(i, j int) bool { return dims[i].begin < dims[j].begin })
	var out []model.EgressTier
	next := 0.0
	for _, d := range dims {
		if d.begin != next {
			return nil, fmt.Errorf("product %s: the tier from %g GB does not start where the one before ends (%g GB)", p.SKU, d.begin, next)
		}
		t := model.EgressTier{USDPerGB: d.usd}
		if !math.IsInf(d.end, 1) {
			t.UpToTB = d.end / model.PriceListGBPerTB
		}
		out = append(out, t)
		next = d.end
	}
	if len(out) == 0 || !math.IsInf(next, 1) {
		return nil, fmt.Errorf("product %s: its tiers in %s do not end unbounded (\"Inf\")", p.SKU, unit)
	}
	return out, nil
}
