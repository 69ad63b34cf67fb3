package planner

import (
	"math"

	"github.com/topoplan/topoplan/model"
)

// evaluateLinks computes each link's usable capacity, its capacity with one
// connection down, its steady-state utilisation and the transfer time of its
// site's data sets.
func evaluateLinks(s model.Scenario, c *constants) []model.LinkPlan {
	out := make([]model.LinkPlan, 0, len(s.Links))
	total := 0.0
	linksPerSite := map[string]int{}
	for _, l := range s.Links {
		lp := linkCapacity(l, c)
		lp.RTTMs, lp.DistanceKm, lp.RTTSource = LinkRTT(c.cat, s, l)
		lp.VIF = linkVIF(l)
		total += lp.UsableGbps
		linksPerSite[l.Site]++
		out = append(out, lp)
	}
	for i := range out {
		lp := &out[i]
		// Monthly traffic is estate-wide; links share it in proportion to
		// capacity, so every link runs at the same utilisation.
		lp.InboundUtilisation = model.MonthlyUtilisation(s.Traffic.OnPremToAWSTB, total)
		lp.OutboundUtilisation = model.MonthlyUtilisation(s.Traffic.AWSToOnPremTB, total)
		if linksPerSite[lp.Site] > 1 {
			lp.Note = model.JoinNote(lp.Note, "the site has other links: transfer times here use this link alone")
		}
		for _, site := range s.Sites {
			if site.Name != lp.Site {
				continue
			}
			for _, d := range site.Datasets {
				lp.Transfers = append(lp.Transfers, transferPlan(d, *lp))
			}
		}
		if lp.Transfers == nil {
			lp.Transfers = []model.TransferPlan{}
		}
	}
	return out
}

func linkCapacity(l model.Link, c *constants) model.LinkPlan {
	lp := model.LinkPlan{Link: l.Name, Site: l.Site, Type: l.Type}
	switch l.Type {
	case model.LinkVPN:
		capGbps := c.value(cVPNStd)
		if l.LargeTunnels {
			capGbps = c.value(cVPNLarge)
		}
		eff := c.value(cVPNEfficiency)
		active := model.VPNActiveTunnels(l.Tunnels, l.TransitGateway)
		lp.Connections = l.Tunnels
		lp.ProtocolEfficiency = eff
		lp.LineRateGbps = float64(active) * capGbps
		if l.SpeedGbps > 0 {
			lp.LineRateGbps = math.Min(lp.LineRateGbps, l.SpeedGbps)
		}
		lp.UsableGbps = model.VPNUsableGbps(active, capGbps, l.SpeedGbps, eff)
		lp.UsableGbpsOneFailed = model.VPNUsableGbps(model.VPNActiveTunnels(l.Tunnels-1, l.TransitGateway), capGbps, l.SpeedGbps, eff)
		if l.TransitGateway {
			lp.Note = "Transit Gateway: ECMP spreads traffic over every tunnel"
		} else {
			lp.Note = "virtual private gateway: one tunnel per VPN connection carries traffic, the other stands by"
		}
		if l.SpeedGbps > 0 && float64(active)*capGbps > l.SpeedGbps {
			lp.Note = model.JoinNote(lp.Note, "the on-prem uplink limits the tunnels")
		}
	default:
		eff := c.value(cDXEfficiency)
		lp.Connections = l.Count
		lp.ProtocolEfficiency = eff
		lp.LineRateGbps = l.SpeedGbps * float64(l.Count)
		lp.UsableGbps = model.DXUsableGbps(l.SpeedGbps, l.Count, eff)
		lp.UsableGbpsOneFailed = model.DXUsableGbps(l.SpeedGbps, l.Count-1, eff)
	}
	lp.Redundant = lp.UsableGbpsOneFailed > 0
	return lp
}

func transferPlan(d model.Dataset, lp model.LinkPlan) model.TransferPlan {
	t := model.TransferPlan{Dataset: d.Name, SizeTB: d.SizeTB, WindowHours: d.TransferWindowHours, MeetsWindow: true}
	t.Hours = finite(model.TransferHours(d.SizeTB, lp.UsableGbps))
	if lp.UsableGbpsOneFailed > 0 {
		t.HoursOneFailed = model.TransferHours(d.SizeTB, lp.UsableGbpsOneFailed)
	}
	if d.TransferWindowHours > 0 {
		t.RequiredPortGbps = model.RequiredLineRateGbps(d.SizeTB, d.TransferWindowHours, lp.ProtocolEfficiency)
		t.MeetsWindow = lp.UsableGbps > 0 && t.Hours <= d.TransferWindowHours
	}
	return t
}

// finite maps ±Inf and NaN to 0 so the plan stays valid JSON; callers check
// the capacity that made it infinite.
func finite(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0
	}
	return f
}
