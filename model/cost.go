package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// TierCharge is the part of a monthly volume billed in one price tier.
type TierCharge struct {
	// GB is the volume in this tier, in GB.
	GB float64
	// USDPerGB is the tier's price.
	USDPerGB float64
	// FromTB and ToTB bound the tier in price-list TB per month (1,024 GB;
	// ToTB 0 = unbounded).
	FromTB, ToTB float64
}

// TieredEgress splits a monthly volume (GB) into price tiers. The first
// freeGB each month are free; tier bounds are cumulative price-list TB per
// month of PriceListGBPerTB = 1,024 GB (the last tier's UpToTB is 0 =
// unbounded), so AWS's "first 10 TB" of internet egress ends at 10,240 GB
// (AWS price list, as billed in Infracost's data_transfer_test golden:
// 10,240 GB in the first tier). The free allowance comes off the first tier.
func TieredEgress(gb, freeGB float64, tiers []EgressTier) []TierCharge {
	var out []TierCharge
	remaining := math.Max(0, gb-freeGB)
	from := 0.0
	for i, t := range tiers {
		if remaining <= 0 {
			break
		}
		cap := math.Inf(1)
		if t.UpToTB > 0 {
			cap = (t.UpToTB - from) * PriceListGBPerTB
			if i == 0 {
				cap -= math.Min(freeGB, cap)
			}
		}
		q := math.Min(remaining, cap)
		if q > 0 {
			out = append(out, TierCharge{GB: q, USDPerGB: t.USDPerGB, FromTB: from, ToTB: t.UpToTB})
		}
		remaining -= q
		from = t.UpToTB
	}
	return out
}

// MonthlyRunRate prices what a scenario provisions and moves in one month:
// instance-hours per cluster, FSx for Lustre and S3 storage, Direct Connect
// ports and data transfer out, VPN connections, internet egress by tier,
// inter-AZ and inter-region transfer, NAT gateways, interface endpoints and
// Transit Gateway. Fixed resources bill HoursPerMonth (730) hours. The
// scenario must have its defaults applied (see planner.ApplyDefaults).
func MonthlyRunRate(s Scenario, cat *Catalog) CostBreakdown {
	var b costBuilder
	home := cat.Regions[s.AWS.Region]

	for _, c := range s.Clusters {
		inst, ok := cat.Instances[c.InstanceType]
		if !ok {
			continue
		}
		price, ok := inst.Prices[c.Region]
		if !ok {
			continue
		}
		if _, sold := Offer(price, c.Purchase.Option); !sold {
			b.missing(CostEC2, fmt.Sprintf("%s: %d × %s (%s, %s)", c.Name, c.Nodes, c.InstanceType, c.Purchase.Option, c.Region),
				fmt.Sprintf("%s is not sold as %s in %s", c.InstanceType, c.Purchase.Option, c.Region))
			continue
		}
		usd, src, note := InstanceHourlyUSD(price, c.Purchase)
		hours := float64(c.Nodes) * c.HoursPerMonth
		b.add(CostEC2, fmt.Sprintf("%s: %d × %s (%s, %s)", c.Name, c.Nodes, c.InstanceType, c.Purchase.Option, c.Region),
			hours, "instance-hours", usd, src,
			JoinNote(fmt.Sprintf("%d nodes × %g h", c.Nodes, c.HoursPerMonth), note))
	}

	if f := s.Storage.FSxLustre; f != nil && f.CapacityTiB > 0 {
		key := fsxPriceKey(*f)
		if p, ok := home.FSxLustre[key]; ok {
			gb := f.CapacityTiB * 1000
			b.addPrice(CostStorage, fmt.Sprintf("FSx for Lustre %s, %g TiB", key, f.CapacityTiB), gb, "GB-month", p,
				"capacity_tib × 1,000 GiB: FSx sizes follow AWS's convention (1.2 TiB = 1,200 GiB StorageCapacity), billed per GB-month provisioned")
		} else {
			b.missing(CostStorage, "FSx for Lustre "+key, "no catalog price for this deployment type and throughput tier")
		}
	}
	if s3 := s.Storage.S3; s3 != nil && s3.SizeTB > 0 {
		gb := s3.SizeTB * GBPerTB
		switch {
		case home.S3StandardGBMonth.URL == "":
			b.missing(CostStorage, fmt.Sprintf("S3 Standard, %g TB", s3.SizeTB), "no catalog S3 Standard price for "+s.AWS.Region)
		case len(home.S3StandardTiers) == 0:
			b.addPrice(CostStorage, fmt.Sprintf("S3 Standard, %g TB", s3.SizeTB), gb, "GB-month", home.S3StandardGBMonth,
				"first-tier rate applied to the whole volume: the catalog has no further tiers for this Region")
		default:
			for _, tc := range TieredEgress(gb, 0, home.S3StandardTiers) {
				b.addPrice(CostStorage, fmt.Sprintf("S3 Standard, %g TB: %s", s3.SizeTB, tierName(tc)), tc.GB, "GB-month",
					Price{USD: tc.USDPerGB, Unit: "GB-month", Source: home.S3StandardGBMonth.Source}, "tier bounds in price-list TB of 1,024 GB")
			}
		}
	}

	hasDX := false
	tgwAttachments := 0
	for _, l := range s.Links {
		if l.TransitGateway {
			tgwAttachments++
		}
		switch l.Type {
		case LinkDXDedicated, LinkDXHosted:
			hasDX = true
			kind := "dedicated"
			if l.Type == LinkDXHosted {
				kind = "hosted"
			}
			key := strconv.FormatFloat(l.SpeedGbps, 'g', -1, 64)
			p, country, ok := DXPortPrice(l, home, cat)
			if !ok {
				if country != "" {
					b.missing(CostDirect, fmt.Sprintf("%s: %s %s Gbps port at %s", l.Name, kind, key, l.Location),
						fmt.Sprintf("no catalog %s %s port-hour price for %s Gbps (the Region's rates exclude %s)", country, kind, key, country))
				} else {
					b.missing(CostDirect, fmt.Sprintf("%s: %s %s Gbps port", l.Name, kind, key), "no catalog port-hour price for this speed")
				}
				continue
			}
			b.addPrice(CostDirect, fmt.Sprintf("%s: %d × %s Gbps %s port", l.Name, l.Count, key, kind),
				float64(l.Count)*HoursPerMonth, "port-hours", p, Plural(l.Count, "connection")+" × 730 h")
		case LinkVPN:
			conns := math.Ceil(float64(l.Tunnels) / 2)
			item := fmt.Sprintf("%s: %s", l.Name, Plural(int(conns), "Site-to-Site VPN connection"))
			price := home.VPNConnectionHour
			if l.LargeTunnels {
				// AWS prices a connection with large-bandwidth (5 Gbps)
				// tunnels apart from a standard one.
				item += ", large-bandwidth tunnels"
				price = home.VPNLargeConnectionHour
			}
			b.addPrice(CostVPN, item, conns*HoursPerMonth, "connection-hours", price,
				fmt.Sprintf("%s = %s × 730 h", Plural(l.Tunnels, "tunnel"), Plural(int(conns), "connection")))
		}
	}

	t := s.Traffic
	egressGB := t.InternetEgressTB * GBPerTB
	if t.AWSToOnPremTB > 0 {
		if hasDX {
			p, where, ok := dxTransferOutPrice(s, cat)
			if ok {
				b.addPrice(CostTransfer, "Data transfer out over Direct Connect ("+where+")", t.AWSToOnPremTB*GBPerTB, "GB", p,
					"AWS → on-prem; priced per (source Region, DX location) pair; data into AWS is free")
			} else {
				b.missing(CostTransfer, "Data transfer out over Direct Connect ("+where+")",
					"no catalog DX data-transfer-out price for this (Region, DX location) pair")
			}
		} else {
			egressGB += t.AWSToOnPremTB * GBPerTB
		}
	}
	if egressGB > 0 {
		note := "tiered; first 100 GB/month free"
		if !hasDX && t.AWSToOnPremTB > 0 {
			note += "; includes AWS → on-prem over VPN, billed as internet data transfer out"
		}
		if len(home.InternetEgress) == 0 {
			b.missing(CostTransfer, "Internet egress", "no catalog internet egress price for "+s.AWS.Region)
		}
		for _, tc := range TieredEgress(egressGB, home.InternetEgressFreeGB, home.InternetEgress) {
			item := "Internet egress " + tierName(tc) + " tier"
			b.addPrice(CostTransfer, item, tc.GB, "GB", Price{USD: tc.USDPerGB, Unit: "GB", Source: home.InternetEgressSource}, note)
		}
	}
	if t.InterAZTB > 0 {
		p := home.InterAZ
		p.USD *= 2
		b.addPrice(CostTransfer, "Inter-AZ transfer", t.InterAZTB*GBPerTB, "GB", p,
			"charged in each direction: 2 × $"+FormatUnitUSD(home.InterAZ.USD)+"/GB")
	}
	if t.InterRegionTB > 0 {
		p, note := interRegionPrice(s, home)
		b.addPrice(CostTransfer, "Inter-region transfer", t.InterRegionTB*GBPerTB, "GB", p, note)
	}

	if s.AWS.NATGateways > 0 {
		b.addPrice(CostNAT, Plural(s.AWS.NATGateways, "NAT gateway"), float64(s.AWS.NATGateways)*HoursPerMonth, "gateway-hours", home.NATGatewayHour, "")
	}
	if t.NATProcessedTB > 0 {
		b.addPrice(CostNAT, "NAT gateway data processed", t.NATProcessedTB*GBPerTB, "GB", home.NATGatewayGB, "")
	}

	if n := len(s.AWS.InterfaceEndpoints); n > 0 {
		azs := len(s.AWS.AvailabilityZones)
		b.addPrice(CostEndpoints, fmt.Sprintf("%s × %s", Plural(n, "interface endpoint"), Plural(azs, "AZ")), float64(n*azs)*HoursPerMonth, "endpoint-AZ-hours", home.InterfaceEndpointHour,
			"one ENI per endpoint per AZ")
	}
	if t.EndpointTB > 0 {
		b.addPrice(CostEndpoints, "Interface endpoint data processed", t.EndpointTB*GBPerTB, "GB", home.InterfaceEndpointGB, "")
	}
	if s.Storage.S3 != nil {
		b.lines = append(b.lines, CostLine{Category: CostEndpoints, Item: "S3 gateway endpoint", QuantityUnit: "endpoint",
			Quantity: 1, Source: "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html", ReadOn: cat.ReadOn,
			Confidence: ConfidenceConfirmed, Note: "gateway endpoints have no hourly or data charge"})
	}

	if tgwAttachments > 0 {
		att := tgwAttachments + 1 // the VPC attachment
		b.addPrice(CostTransitGW, fmt.Sprintf("%d Transit Gateway attachments", att), float64(att)*HoursPerMonth, "attachment-hours", home.TransitGatewayAttachmentHour,
			"the VPC plus each link attached through the Transit Gateway")
		if t.TransitGatewayTB > 0 {
			b.addPrice(CostTransitGW, "Transit Gateway data processed", t.TransitGatewayTB*GBPerTB, "GB", home.TransitGatewayGB, "")
		}
	}
	return b.breakdown()
}

// DXPortPrice is the port-hour price (USD per port-hour) of one connection
// of a Direct Connect link: the location's country table when the catalog
// has one for a dedicated port (never another country's rate), else the
// home Region's dedicated or hosted table. country names the country table
// used ("" for the Region's); ok is false when the speed has no price.
func DXPortPrice(l Link, home RegionPrices, cat *Catalog) (p Price, country string, ok bool) {
	table := home.DXPortHour
	if l.Type == LinkDXHosted {
		table = home.DXHostedPortHour
	}
	key := strconv.FormatFloat(l.SpeedGbps, 'g', -1, 64)
	p, ok = table[key]
	if loc, _, known := cat.LookupDXLocation(l.Location); known {
		if t, own := cat.DXPortHourByCountry[loc.Country]; own {
			// The country has its own port rates (AWS's page prices ports
			// "excluding Japan" apart): never fall back to another
			// country's. A hosted port there takes the country's hosted
			// rates, and is unpriced without one.
			if l.Type == LinkDXHosted {
				t = cat.DXHostedPortHourByCountry[loc.Country]
			}
			p, ok = t[key]
			return p, loc.Country, ok
		}
	}
	return p, "", ok
}

func fsxPriceKey(f FSxLustre) string {
	tp := f.ThroughputMBpsPerTiB
	key := f.DeploymentType + "/" + strconv.FormatFloat(tp, 'g', -1, 64)
	if f.StorageType == "HDD" {
		key = f.DeploymentType + "/HDD/" + strconv.FormatFloat(tp, 'g', -1, 64)
	}
	return key
}

type costBuilder struct {
	lines []CostLine
}

func (b *costBuilder) add(category, item string, qty float64, unit string, usd float64, src Source, note string) {
	b.lines = append(b.lines, CostLine{
		Category: category, Item: item, Quantity: qty, QuantityUnit: unit,
		UnitPriceUSD: usd, MonthlyUSD: qty * usd,
		Source: src.URL, ReadOn: src.ReadOn, Confidence: src.Confidence, Note: note,
	})
}

func (b *costBuilder) addPrice(category, item string, qty float64, unit string, p Price, note string) {
	if p.URL == "" && p.Confidence != ConfidenceUser {
		b.missing(category, item, "no catalog price for this Region")
		return
	}
	b.add(category, item, qty, unit, p.USD, p.Source, JoinNote(note, p.Note))
}

func (b *costBuilder) missing(category, item, why string) {
	b.lines = append(b.lines, CostLine{Category: category, Item: item, Confidence: ConfidenceEstimate, Note: why + "; not priced"})
}

func (b *costBuilder) breakdown() CostBreakdown {
	out := CostBreakdown{Lines: b.lines}
	idx := map[string]int{}
	for _, l := range b.lines {
		out.TotalUSD += l.MonthlyUSD
		if l.Confidence != ConfidenceConfirmed && l.Confidence != ConfidenceUser {
			out.UnconfirmedUSD += l.MonthlyUSD
		}
		i, ok := idx[l.Category]
		if !ok {
			i = len(out.ByCategory)
			idx[l.Category] = i
			out.ByCategory = append(out.ByCategory, CategoryTotal{Category: l.Category})
		}
		out.ByCategory[i].MonthlyUSD += l.MonthlyUSD
	}
	if out.Lines == nil {
		out.Lines = []CostLine{}
	}
	return out
}

// JoinNote joins two notes with "; ", dropping empty ones.
func JoinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// tierName names a price tier: "0-10 TB", "over 150 TB".
func tierName(tc TierCharge) string {
	if tc.ToTB == 0 {
		return fmt.Sprintf("over %g TB", tc.FromTB)
	}
	return fmt.Sprintf("%g-%g TB", tc.FromTB, tc.ToTB)
}

// dxTransferOutPrice is the per-GB price of data transfer out over Direct
// Connect from the home Region to the scenario's DX locations: AWS prices it
// per (source Region, DX location) pair
// (https://aws.amazon.com/directconnect/pricing/). where names the pair.
// With DX links at several locations the dearest pair is used, so the figure
// is never too low; if any pair has no catalog price, none is used (ok is
// false and where names that pair) rather than pricing its traffic at
// another pair's rate.
func dxTransferOutPrice(s Scenario, cat *Catalog) (p Price, where string, ok bool) {
	home := cat.Regions[s.AWS.Region]
	for _, l := range s.Links {
		if l.Type != LinkDXDedicated && l.Type != LinkDXHosted {
			continue
		}
		w := s.AWS.Region + " → " + l.Location
		loc, _, known := cat.LookupDXLocation(l.Location)
		if !known {
			return Price{}, w + " (location not in the catalog)", false
		}
		w += " (" + loc.Area + ")"
		q, has := home.DXDataTransferOut[loc.Area]
		if !has {
			return Price{}, w, false
		}
		if !ok || q.USD > p.USD {
			p, where, ok = q, w, true
		}
	}
	return p, where, ok
}

// interRegionPrice is the per-GB price of data sent from the home Region to
// the other Regions the scenario uses (clusters and inference Regions).
// Where every destination has the same pair price (e.g. us-east-1 →
// us-east-2 at $0.01/GB) that price is used; otherwise the dearest of the
// destinations, so the figure is never too low.
func interRegionPrice(s Scenario, home RegionPrices) (Price, string) {
	dests := map[string]bool{}
	for _, c := range s.Clusters {
		if c.Region != "" && c.Region != s.AWS.Region {
			dests[c.Region] = true
		}
	}
	for _, inf := range s.Workloads.Inference {
		for _, r := range inf.Regions {
			if r != s.AWS.Region {
				dests[r] = true
			}
		}
	}
	if len(dests) == 0 {
		return home.InterRegion, ""
	}
	var best Price
	var names []string
	for d := range dests {
		p, ok := home.InterRegionTo[d]
		if !ok {
			p = home.InterRegion
		}
		if best.URL == "" || p.USD > best.USD {
			best = p
		}
		names = append(names, d)
	}
	slices.Sort(names)
	return best, "to " + strings.Join(names, ", ")
}

// DXTransferOutPrice is the per-GB price of data transfer out over Direct
// Connect from the home Region to the scenario's DX locations (the dearest
// pair; see dxTransferOutPrice). ok is false when a pair has no price.
func DXTransferOutPrice(s Scenario, cat *Catalog) (p Price, where string, ok bool) {
	return dxTransferOutPrice(s, cat)
}
