package planner

import (
	"fmt"
	"sort"

	"github.com/topoplan/topoplan/model"
)

// PriceFigure is one sourced catalog price: where it sits in the catalog, its
// value and its source.
type PriceFigure struct {
	// Path is the figure's place in the catalog, e.g.
	// "instances.p5.48xlarge.prices.us-east-1.capacity_block".
	Path string
	// USD is the price in USD per its unit.
	USD float64
	// Source is where the figure comes from.
	Source model.Source
}

// CatalogPrices lists every price in the catalog with its source: instance
// offerings (on-demand, Capacity Block), each Region's service prices and
// tiers, and the country DX port rates; sorted by path.
func CatalogPrices(cat *model.Catalog) []PriceFigure {
	var out []PriceFigure
	add := func(path string, usd float64, s model.Source) {
		out = append(out, PriceFigure{Path: path, USD: usd, Source: s})
	}
	for name, in := range cat.Instances {
		for r, p := range in.Prices {
			base := fmt.Sprintf("instances.%s.prices.%s", name, r)
			if p.OnDemandUSDPerHour != 0 || p.URL != "" {
				add(base+".on_demand_usd_per_hour", p.OnDemandUSDPerHour, p.Source)
			}
			if cb := p.CapacityBlock; cb != nil {
				add(base+".capacity_block", cb.USDPerHour, cb.Source)
			}
		}
	}
	for r, rp := range cat.Regions {
		base := "regions." + r + "."
		prices := map[string]model.Price{
			"vpn_connection_hour": rp.VPNConnectionHour, "vpn_large_connection_hour": rp.VPNLargeConnectionHour, "inter_az": rp.InterAZ, "inter_region": rp.InterRegion,
			"nat_gateway_hour": rp.NATGatewayHour, "nat_gateway_gb": rp.NATGatewayGB,
			"interface_endpoint_hour": rp.InterfaceEndpointHour, "interface_endpoint_gb": rp.InterfaceEndpointGB,
			"transit_gateway_attachment_hour": rp.TransitGatewayAttachmentHour, "transit_gateway_gb": rp.TransitGatewayGB,
			"s3_standard_gb_month": rp.S3StandardGBMonth,
		}
		for k, p := range prices {
			if p.URL != "" || p.USD != 0 || p.Confidence != "" {
				add(base+k, p.USD, p.Source)
			}
		}
		for group, m := range map[string]map[string]model.Price{"fsx_lustre": rp.FSxLustre, "dx_port_hour": rp.DXPortHour,
			"dx_hosted_port_hour": rp.DXHostedPortHour, "dx_data_transfer_out": rp.DXDataTransferOut, "inter_region_to": rp.InterRegionTo} {
			for k, p := range m {
				add(base+group+"."+k, p.USD, p.Source)
			}
		}
		for i, t := range rp.InternetEgress {
			add(fmt.Sprintf("%sinternet_egress[%d]", base, i), t.USDPerGB, rp.InternetEgressSource)
		}
		for i, t := range rp.S3StandardTiers {
			add(fmt.Sprintf("%ss3_standard_tiers[%d]", base, i), t.USDPerGB, rp.S3StandardGBMonth.Source)
		}
	}
	for country, m := range cat.DXPortHourByCountry {
		for k, p := range m {
			add("dx_port_hour_by_country."+country+"."+k, p.USD, p.Source)
		}
	}
	for country, m := range cat.DXHostedPortHourByCountry {
		for k, p := range m {
			add("dx_hosted_port_hour_by_country."+country+"."+k, p.USD, p.Source)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
