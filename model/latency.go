package model

import "math"

// GreatCircleKm is the great-circle distance in km between two points given
// in decimal degrees, by the haversine formula:
//
//	a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2)
//	d = 2 R · atan2(√a, √(1−a))
//
// R is the Earth's radius in km (catalog earth_radius_km: the IUGG mean
// radius, 6,371.0088 km). The sphere is within about 0.5% of the ellipsoid,
// far inside the uncertainty of the route-inflation factor.
func GreatCircleKm(lat1, lon1, lat2, lon2, radiusKm float64) float64 {
	const rad = math.Pi / 180
	p1, p2 := lat1*rad, lat2*rad
	dp, dl := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	a = math.Min(1, math.Max(0, a))
	return 2 * radiusKm * math.Atan2(math.Sqrt(a), math.Sqrt(1-a))
}

// FibreRTTMs is the round-trip time in ms over fibre for a great-circle
// distance:
//
//	RTT [ms] = 2 × distanceKm × inflation / fibreKmPerS × 1000
//
// fibreKmPerS is the speed of light in silica fibre (c / group index ≈
// 299,792 / 1.468 ≈ 204,000 km/s, about 4.9 µs per km one way; catalog
// fibre_km_per_s). inflation is the ratio of the routed path to the great
// circle (catalog route_inflation_factor: 2.1, the rule of thumb from
// Internet latency measurement campaigns quoted by Bozkurt et al., 2018).
// It excludes queueing, serialisation and processing delay.
func FibreRTTMs(distanceKm, inflation, fibreKmPerS float64) float64 {
	if fibreKmPerS <= 0 || distanceKm <= 0 {
		return 0
	}
	return 2 * distanceKm * math.Max(1, inflation) / fibreKmPerS * 1000
}

// BandwidthDelayBytes is the data a path holds in flight at a rate:
//
//	BDP [bytes] = rateGbps × 1e9 / 8 × RTT [ms] / 1000
func BandwidthDelayBytes(rateGbps, rttMs float64) float64 {
	return rateGbps * 1e9 / 8 * rttMs / 1000
}

// StreamGbps is the most one TCP stream carries when its window, not the
// link, limits it (window-limited throughput):
//
//	rate [Gbps] = window [bytes] × 8 / RTT [s] / 1e9
//
// It is +Inf at zero RTT (the window never binds).
func StreamGbps(windowBytes, rttMs float64) float64 {
	if rttMs <= 0 {
		return math.Inf(1)
	}
	return windowBytes * 8 / (rttMs / 1000) / 1e9
}

// StreamGbpsCapped is what one TCP stream carries when both its window and a
// per-flow cap limit it: min(window × 8 / RTT, capGbps) in Gbps. A capGbps of
// 0 or less means no cap (StreamGbps).
func StreamGbpsCapped(windowBytes, rttMs, capGbps float64) float64 {
	per := StreamGbps(windowBytes, rttMs)
	if capGbps > 0 && capGbps < per {
		return capGbps
	}
	return per
}

// StreamsNeeded is how many parallel TCP streams reach rateGbps when each is
// window-limited: ⌈rate / (window × 8 / RTT)⌉ (at least 1 for any positive
// rate; 1 when the window never binds; 0 without a window).
func StreamsNeeded(rateGbps, windowBytes, rttMs float64) int {
	return StreamsNeededCapped(rateGbps, windowBytes, rttMs, 0)
}

// StreamsNeededCapped is how many parallel TCP streams reach rateGbps when
// each carries min(window × 8 / RTT, capGbps):
// ⌈rate / min(window × 8 / RTT, cap)⌉ (at least 1 for any positive rate; 0
// without a window). A capGbps of 0 or less means no cap.
func StreamsNeededCapped(rateGbps, windowBytes, rttMs, capGbps float64) int {
	if rateGbps <= 0 {
		return 0
	}
	if windowBytes <= 0 {
		return 0
	}
	per := StreamGbpsCapped(windowBytes, rttMs, capGbps)
	if math.IsInf(per, 1) {
		return 1
	}
	// A tiny tolerance keeps an exact multiple from rounding up.
	return max(1, int(math.Ceil(rateGbps/per-1e-9)))
}
