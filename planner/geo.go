package planner

import (
	"github.com/topoplan/topoplan/model"
)

// Latency and data-path constants (catalog "constants"; docs/model.md).
var (
	cEarthRadius   = perfConstant{"earth_radius_km", "km", 6371.0088}
	cFibreSpeed    = perfConstant{"fibre_km_per_s", "km/s", 204218}
	cInflation     = perfConstant{"route_inflation_factor", "ratio", 2.1}
	cTCPWindow     = perfConstant{"tcp_window_default_mib", "MiB", 4}
	cEndpointPerAZ = perfConstant{"vpc_endpoint_gbps_per_az", "Gbps", 100}
	cInferUtil     = perfConstant{"inference_target_utilisation_default", "fraction", 0.7}
	cSingleFlow    = perfConstant{"single_flow_gbps_max", "Gbps", 5}
)

// geoPoint is a place on Earth in decimal degrees.
type geoPoint struct{ lat, lon float64 }

// sitePoint places a site: lat/lon when both are given, else its city.
func sitePoint(cat *model.Catalog, s model.Site) (geoPoint, bool) {
	return placePoint(cat, s.City, s.Lat, s.Lon)
}

func placePoint(cat *model.Catalog, city string, lat, lon *float64) (geoPoint, bool) {
	if lat != nil && lon != nil {
		return geoPoint{*lat, *lon}, true
	}
	if city == "" {
		return geoPoint{}, false
	}
	la, lo, ok := cat.CityCoordinates(city)
	return geoPoint{la, lo}, ok
}

// regionPoint places a region at its catalog city.
func regionPoint(cat *model.Catalog, region string) (geoPoint, bool) {
	rl, ok := cat.RegionLocations[region]
	if !ok {
		return geoPoint{}, false
	}
	la, lo, ok := cat.CityCoordinates(rl.City)
	return geoPoint{la, lo}, ok
}

// dxPoint places a Direct Connect location at its catalog city.
func dxPoint(cat *model.Catalog, code string) (geoPoint, bool) {
	loc, _, ok := cat.LookupDXLocation(code)
	if !ok || loc.City == "" {
		return geoPoint{}, false
	}
	la, lo, ok := cat.CityCoordinates(loc.City)
	return geoPoint{la, lo}, ok
}

// distanceKm is the great-circle distance between two points.
func distanceKm(c *constants, a, b geoPoint) float64 {
	return model.GreatCircleKm(a.lat, a.lon, b.lat, b.lon, c.value(cEarthRadius))
}

// rttForKm is the derived round-trip time over a routed distance.
func rttForKm(c *constants, km float64) float64 {
	return model.FibreRTTMs(km, c.value(cInflation), c.value(cFibreSpeed))
}

// SiteRegionRTT is the derived round-trip time in ms between a site and a
// region (great-circle distance × route inflation ÷ speed of light in
// fibre, there and back), with the distance it used. ok is false when the
// site or the region has no coordinates.
func SiteRegionRTT(cat *model.Catalog, site model.Site, region string) (rttMs, km float64, ok bool) {
	c := &constants{cat: cat}
	sp, ok1 := sitePoint(cat, site)
	rp, ok2 := regionPoint(cat, region)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	km = distanceKm(c, sp, rp)
	return rttForKm(c, km), km, true
}

// CityRegionRTT is the derived round-trip time in ms between a catalog city
// and a region, with the distance.
func CityRegionRTT(cat *model.Catalog, city, region string) (rttMs, km float64, ok bool) {
	return SiteRegionRTT(cat, model.Site{City: city}, region)
}

// LinkRTT is a link's round-trip time site to region: the scenario's
// measured rtt_ms when given, else derived over site → DX location → region
// (site → region for a VPN or a DX link without a known location). source
// is model.RTTMeasured, model.RTTDerived or "" (unknown).
func LinkRTT(cat *model.Catalog, s model.Scenario, l model.Link) (rttMs, km float64, source string) {
	if l.RTTMs > 0 {
		return l.RTTMs, 0, model.RTTMeasured
	}
	c := &constants{cat: cat}
	var site model.Site
	for _, st := range s.Sites {
		if st.Name == l.Site {
			site = st
		}
	}
	sp, ok1 := sitePoint(cat, site)
	rp, ok2 := regionPoint(cat, s.AWS.Region)
	if !ok1 || !ok2 {
		return 0, 0, ""
	}
	if l.Type != model.LinkVPN {
		if dp, ok := dxPoint(cat, l.Location); ok {
			km = distanceKm(c, sp, dp) + distanceKm(c, dp, rp)
			return rttForKm(c, km), km, model.RTTDerived
		}
	}
	km = distanceKm(c, sp, rp)
	return rttForKm(c, km), km, model.RTTDerived
}

// linkVIF is the link's virtual interface type with its default: transit
// when the link attaches through a Transit Gateway, else private; "" for a VPN.
func linkVIF(l model.Link) string {
	if l.Type == model.LinkVPN {
		return ""
	}
	if l.VIF != "" {
		return l.VIF
	}
	if l.TransitGateway {
		return model.VIFTransit
	}
	return model.VIFPrivate
}
