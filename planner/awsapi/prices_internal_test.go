package awsapi

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func TestParseNetworkPerformance(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"3200 Gigabit", 3200, true},
		{"Up to 25 Gigabit", 25, true},
		{"3.2 Terabit", 3200, true},
		{"500 Megabit", 0.5, true},
		// Multi-card forms: the count multiplies (p4d.24xlarge, trn1.32xlarge).
		{"4x 100 Gigabit", 400, true},
		{"8x 100 Gigabit", 800, true},
		{"8 x 100 Gbps", 800, true},
		{"16x 100 Gigabit", 1600, true},
		{"Up to 12.5 Gbps", 12.5, true},
		{"High", 0, false},
		{"", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseNetworkPerformance(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseNetworkPerformance(%q) = %g, %v; want %g, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestSquashMatchesDeploymentNames(t *testing.T) {
	for _, s := range []string{"Persistent 2", "PERSISTENT_2", "persistent-2"} {
		if squash(s) != "persistent2" {
			t.Errorf("squash(%q) = %q", s, squash(s))
		}
	}
}

// FuzzParsePriceItem feeds arbitrary price-list documents to the parser: it
// must return an error or a product, never panic, and never a negative or non-finite price.
func FuzzParsePriceItem(f *testing.F) {
	for _, s := range []string{
		`{"product":{"attributes":{"instanceType":"p5.48xlarge"},"sku":"A"},"terms":{"OnDemand":{"A.B":{"priceDimensions":{"A.B.C":{"unit":"Hrs","pricePerUnit":{"USD":"55.04"}}}}}}}`,
		`{"product":{"attributes":{}},"terms":{}}`,
		`{"product":null}`,
		`[]`,
		`{"product":{"attributes":{}},"terms":{"OnDemand":{"A":{"priceDimensions":{"B":{"unit":"Hrs","pricePerUnit":{"USD":"NaN"}}}}}}}`,
	} {
		f.Add(s)
	}
	if data, err := os.ReadFile("../../testdata/aws/pricing/partial.json"); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePriceItem(s)
		if err != nil {
			return
		}
		for _, d := range p.OnDemand {
			if d.USD < 0 || math.IsNaN(d.USD) || math.IsInf(d.USD, 0) {
				t.Errorf("negative price %g from %q", d.USD, s)
			}
		}
	})
}

func TestUsageIs(t *testing.T) {
	tests := []struct {
		usagetype, name string
		want            bool
	}{
		// us-east-1 spells NAT gateway usage types bare (togen's copy of
		// the AmazonEC2 offer); other Regions add their code.
		{"NatGateway-Hours", "NatGateway-Hours", true},
		{"APN1-NatGateway-Hours", "NatGateway-Hours", true},
		{"EUW2-TimedStorage-ByteHrs", "TimedStorage-ByteHrs", true},
		{"EU-TimedStorage-ByteHrs", "TimedStorage-ByteHrs", true},
		// Family-mates that must not match.
		{"EUW2-Annotation-TimedStorage-ByteHrs", "TimedStorage-ByteHrs", false},
		{"Annotation-TimedStorage-ByteHrs", "TimedStorage-ByteHrs", false},
		{"USE1-TimedStorage-SIA-ByteHrs", "TimedStorage-ByteHrs", false},
		{"USE1-VpcEndpoint-GWLBE-Hours", "VpcEndpoint-Hours", false},
		{"USE1-NatGateway-Bytes", "NatGateway-Hours", false},
		{"-NatGateway-Hours", "NatGateway-Hours", false},
		{"", "NatGateway-Hours", false},
	}
	for _, tc := range tests {
		if got := usageIs(tc.usagetype, tc.name); got != tc.want {
			t.Errorf("usageIs(%q, %q) = %v, want %v", tc.usagetype, tc.name, got, tc.want)
		}
	}
}

// TestTiersOf: bounds are price-list GB, written as price-list TB of 1,024
// GB (51,200 GB = 50 TB, as the S3 offer's "first 50 TB" tier ends); tiers
// must run from 0 without gaps to "Inf".
func TestTiersOf(t *testing.T) {
	dims := func(d ...Dimension) Product { return Product{SKU: "T", OnDemand: d} }
	tests := []struct {
		name string
		p    Product
		want []model.EgressTier
		err  string
	}{
		{"three tiers, out of order", dims(
			Dimension{Unit: "GB-Mo", USD: 0.022, BeginRange: "51200", EndRange: "512000"},
			Dimension{Unit: "GB-Mo", USD: 0.023, BeginRange: "0", EndRange: "51200"},
			Dimension{Unit: "GB-Mo", USD: 0.021, BeginRange: "512000", EndRange: "Inf"},
		), []model.EgressTier{{UpToTB: 50, USDPerGB: 0.023}, {UpToTB: 500, USDPerGB: 0.022}, {UpToTB: 0, USDPerGB: 0.021}}, ""},
		{"untiered", dims(Dimension{Unit: "GB-Mo", USD: 0.025, BeginRange: "0", EndRange: "Inf"}), []model.EgressTier{{USDPerGB: 0.025}}, ""},
		{"gap", dims(
			Dimension{Unit: "GB-Mo", USD: 0.023, BeginRange: "0", EndRange: "51200"},
			Dimension{Unit: "GB-Mo", USD: 0.021, BeginRange: "512000", EndRange: "Inf"},
		), nil, "does not start where"},
		{"bounded last tier", dims(Dimension{Unit: "GB-Mo", USD: 0.023, BeginRange: "0", EndRange: "51200"}), nil, "do not end unbounded"},
		{"other unit only", dims(Dimension{Unit: "Requests", USD: 0.0004, BeginRange: "0", EndRange: "Inf"}), nil, "do not end unbounded"},
		{"bad range", dims(Dimension{Unit: "GB-Mo", USD: 0.023, BeginRange: "0", EndRange: "x"}), nil, "endRange"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tiersOf(tc.p, "GB-Mo")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("tiersOf = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
