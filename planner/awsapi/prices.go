package awsapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	ptypes "github.com/aws/aws-sdk-go-v2/service/pricing/types"
)

// Product is one price-list product with its on-demand price dimensions.
type Product struct {
	// SKU is the product's stock-keeping unit.
	SKU string
	// Family is product.productFamily, e.g. "Compute Instance".
	Family string
	// Attributes are product.attributes (instanceType, regionCode, ...).
	Attributes map[string]string
	// PublicationDate is the price list's publication date.
	PublicationDate string
	// OnDemand holds the terms.OnDemand price dimensions; nil when the
	// product has no OnDemand term.
	OnDemand []Dimension
	// problem says why the on-demand price could not be read ("" = none).
	problem string
}

// Dimension is one on-demand price dimension.
type Dimension struct {
	// Unit is the billing unit as the price list spells it ("Hrs", "GB-Mo", "GB").
	Unit string
	// USD is pricePerUnit.USD.
	USD float64
	// BeginRange and EndRange bound a tier ("0" and "Inf" when untiered).
	BeginRange, EndRange string
	// Description is AWS's description of the rate.
	Description string
}

// priceItem is the JSON document in each PriceList string (format aws_v1).
type priceItem struct {
	Product *struct {
		ProductFamily string            `json:"productFamily"`
		Attributes    map[string]string `json:"attributes"`
		SKU           string            `json:"sku"`
	} `json:"product"`
	Terms struct {
		OnDemand map[string]struct {
			PriceDimensions map[string]struct {
				Unit         string            `json:"unit"`
				PricePerUnit map[string]string `json:"pricePerUnit"`
				BeginRange   string            `json:"beginRange"`
				EndRange     string            `json:"endRange"`
				Description  string            `json:"description"`
			} `json:"priceDimensions"`
		} `json:"OnDemand"`
	} `json:"terms"`
	PublicationDate string `json:"publicationDate"`
}

// parsePriceItem decodes one PriceList entry. A document that is not JSON
// or has no product is an error; a missing or unreadable on-demand price is
// recorded on the product and reported only if the product is used.
func parsePriceItem(s string) (Product, error) {
	var it priceItem
	if err := json.Unmarshal([]byte(s), &it); err != nil {
		return Product{}, fmt.Errorf("price item is not valid JSON: %v", err)
	}
	if it.Product == nil || it.Product.Attributes == nil {
		return Product{}, fmt.Errorf("price item has no product attributes")
	}
	p := Product{SKU: it.Product.SKU, Family: it.Product.ProductFamily, Attributes: it.Product.Attributes, PublicationDate: it.PublicationDate}
	if len(it.Terms.OnDemand) == 0 {
		p.problem = "no terms.OnDemand"
		return p, nil
	}
	for _, term := range it.Terms.OnDemand {
		for _, d := range term.PriceDimensions {
			raw, ok := d.PricePerUnit["USD"]
			if !ok {
				p.problem = "a price dimension has no pricePerUnit.USD"
				continue
			}
			v, err := strconv.ParseFloat(raw, 64)
			if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				p.problem = fmt.Sprintf("pricePerUnit.USD %q is not a price", raw)
				continue
			}
			p.OnDemand = append(p.OnDemand, Dimension{Unit: d.Unit, USD: v, BeginRange: d.BeginRange, EndRange: d.EndRange, Description: d.Description})
		}
	}
	if len(p.OnDemand) == 0 && p.problem == "" {
		p.problem = "terms.OnDemand has no price dimensions"
	}
	sort.Slice(p.OnDemand, func(i, j int) bool { return p.OnDemand[i].BeginRange < p.OnDemand[j].BeginRange })
	return p, nil
}

// Filter is one TERM_MATCH filter on a price-list attribute.
type Filter struct{ Field, Value string }

// Counter receives one call per page read with the products on it.
type Counter func(products int)

// GetProducts reads every page of a GetProducts query. op names the query
// in errors; count (may be nil) is called after each page.
func GetProducts(ctx context.Context, api PricingAPI, op, service string, filters []Filter, count Counter) ([]Product, error) {
	in := &pricing.GetProductsInput{ServiceCode: aws.String(service), FormatVersion: aws.String("aws_v1"), MaxResults: aws.Int32(100)}
	for _, f := range filters {
		in.Filters = append(in.Filters, ptypes.Filter{Type: ptypes.FilterTypeTermMatch, Field: aws.String(f.Field), Value: aws.String(f.Value)})
	}
	var out []Product
	p := pricing.NewGetProductsPaginator(api, in)
	for page := 1; p.HasMorePages(); page++ {
		res, err := p.NextPage(ctx)
		if err != nil {
			return nil, explain(op, err)
		}
		if res.FormatVersion != nil && *res.FormatVersion != "aws_v1" {
			return nil, malformed(op, "page %d has format version %q, want aws_v1", page, *res.FormatVersion)
		}
		for i, s := range res.PriceList {
			prod, err := parsePriceItem(s)
			if err != nil {
				return nil, malformed(op, "page %d item %d: %v", page, i+1, err)
			}
			out = append(out, prod)
		}
		if count != nil {
			count(len(res.PriceList))
		}
	}
	return out, nil
}

// uniquePrice returns the single on-demand USD price, in unit, shared by the
// products (first tier of a tiered price). ok is false when there is no
// product; an error when products disagree or lack a readable price.
func uniquePrice(op string, prods []Product, unit string) (usd float64, prod Product, ok bool, err error) {
	prices := map[float64]Product{}
	for _, p := range prods {
		if p.problem != "" && len(p.OnDemand) == 0 {
			return 0, Product{}, false, malformed(op, "product %s: %s", p.SKU, p.problem)
		}
		found := false
		for _, d := range p.OnDemand {
			if strings.EqualFold(d.Unit, unit) && (d.BeginRange == "" || d.BeginRange == "0") {
				prices[d.USD] = p
				found = true
				break
			}
		}
		if !found {
			return 0, Product{}, false, malformed(op, "product %s has no on-demand price per %s", p.SKU, unit)
		}
	}
	switch len(prices) {
	case 0:
		return 0, Product{}, false, nil
	case 1:
		for v, p := range prices {
			return v, p, true, nil
		}
	}
	var vs []string
	for v, p := range prices {
		vs = append(vs, fmt.Sprintf("%g (SKU %s)", v, p.SKU))
	}
	sort.Strings(vs)
	return 0, Product{}, false, &Error{Kind: KindMalformed, Op: op, Msg: fmt.Sprintf("%s: the price list gives %d different prices: %s", op, len(prices), strings.Join(vs, ", "))}
}
