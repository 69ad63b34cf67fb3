package model

// City is a named place with its coordinates in decimal degrees.
type City struct {
	// Name is the display name, e.g. "Tokyo".
	Name string `json:"name"`
	// Country is the ISO 3166 alpha-2 code.
	Country string `json:"country"`
	// Lat and Lon are the city centre's latitude and longitude in degrees.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// RegionLocation places an AWS Region at a city. AWS does not publish
// data-centre coordinates; the city the Region is named after (or, for a
// Region named after a state, the city stated in Note) stands in for it.
type RegionLocation struct {
	// City is a key of Catalog.Cities.
	City string `json:"city"`
	Source
}

// FrontDoorPrices are the prices of the global front doors an inference
// estate can put before its regions.
type FrontDoorPrices struct {
	// Route53LatencyQueriesPerMillion is the price per million latency-based
	// routing queries (first billion a month).
	Route53LatencyQueriesPerMillion Price `json:"route53_latency_queries_per_million"`
	// Route53HostedZoneMonth is the price of one hosted zone per month.
	Route53HostedZoneMonth Price `json:"route53_hosted_zone_month"`
	// GlobalAcceleratorHour is the fixed fee per accelerator-hour.
	GlobalAcceleratorHour Price `json:"global_accelerator_hour"`
	// GlobalAcceleratorDTPremium is the data-transfer premium per GB, keyed
	// "<source area>-><destination area>" with areas NA, AP, EU (only the
	// pairs the catalog has a published figure for).
	GlobalAcceleratorDTPremium map[string]Price `json:"global_accelerator_dt_premium,omitempty"`
}

// InferenceThroughput is a measured serving figure for one instance type,
// model size and precision: aggregate output tokens per second per
// instance at a stated concurrency, with the time to first token and the
// inter-token latency a user sees at that load.
type InferenceThroughput struct {
	InstanceType string  `json:"instance_type"`
	ParametersB  float64 `json:"parameters_b"`
	Precision    string  `json:"precision"`
	// TokensPerS is aggregate output tokens per second per instance.
	TokensPerS float64 `json:"tokens_per_s"`
	// TTFTMs is the time to first token in ms at that load.
	TTFTMs float64 `json:"ttft_ms"`
	// ITLMs is the inter-token latency in ms at that load.
	ITLMs float64 `json:"itl_ms"`
	Source
}

// CityCoordinates returns a city's coordinates by key.
func (c *Catalog) CityCoordinates(key string) (lat, lon float64, ok bool) {
	city, ok := c.Cities[key]
	return city.Lat, city.Lon, ok
}
