package awsapi_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi"
)

// s3Tiers is an overlay's s3_standard_tiers with S3 Standard's bounds (50
// and 500 price-list TB, then unbounded) and the given rates.
func s3Tiers(rates ...float64) []any {
	bounds := []float64{50, 500, 0}
	var out []any
	for i, r := range rates {
		out = append(out, map[string]any{"up_to_tb": bounds[i], "usd_per_gb": r})
	}
	return out
}

// The recorded us-east-1 service prices (testdata/aws/pricing, see its
// README) restate the catalog's us-east-1 figures: NAT gateway 0.045 USD per
// hour and per GB, interface endpoint 0.01 per AZ-hour and 0.01 per GB (first
// tier), Transit Gateway 0.05 per attachment-hour and 0.02 per GB,
// Site-to-Site VPN 0.05 per connection-hour, S3 Standard 0.023 / 0.022 /
// 0.021 per GB-month with bounds 51,200 and 512,000 GB (50 and 500
// price-list TB of 1,024 GB).
func TestRefreshServicePrices(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	res, err := refresh(t, c, awsapi.RefreshOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key, service, unit string
		usd                float64
	}{
		{"nat_gateway_hour", "AmazonEC2", "hour", 0.045},
		{"nat_gateway_gb", "AmazonEC2", "GB", 0.045},
		// The GWLB endpoint's hours (0.0125, a test figure) are another usage type.
		{"interface_endpoint_hour", "AmazonVPC", "endpoint-AZ-hour", 0.01},
		// First of three tiers (0.01 up to 1,048,576 GB, then 0.006, 0.004).
		{"interface_endpoint_gb", "AmazonVPC", "GB", 0.01},
		// The peering attachment's hours (0.055, a test invention) are another operation.
		{"transit_gateway_attachment_hour", "AmazonVPC", "attachment-hour", 0.05},
		{"transit_gateway_gb", "AmazonVPC", "GB", 0.02},
		// The "VPN Large (5 Gbps)" product at 0.60 is not the standard connection.
		{"vpn_connection_hour", "AmazonVPC", "connection-hour", 0.05},
		// Standard-Infrequent Access (0.0125, a test figure) is another usage type.
		{"s3_standard_gb_month", "AmazonS3", "GB-month", 0.023},
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			p := get(t, res.Overlay, "regions", "us-east-1", tc.key).(map[string]any)
			if p["usd"] != tc.usd || p["unit"] != tc.unit || p["confidence"] != model.ConfidenceConfirmed || p["read_on"] != today {
				t.Errorf("%s = %v", tc.key, p)
			}
			if src := p["source"].(string); !strings.Contains(src, "GetProducts "+tc.service) || !strings.Contains(src, "regionCode us-east-1") {
				t.Errorf("source %q should name the service and the region", src)
			}
		})
	}
	got := get(t, res.Overlay, "regions", "us-east-1", "s3_standard_tiers")
	if want := s3Tiers(0.023, 0.022, 0.021); !reflect.DeepEqual(got, want) {
		t.Errorf("s3_standard_tiers = %v, want %v", got, want)
	}
	// The large-tunnel VPN product's label is not verified: not read.
	if v := get(t, res.Overlay, "regions", "us-east-1").(map[string]any)["vpn_large_connection_hour"]; v != nil {
		t.Errorf("vpn_large_connection_hour written: %v", v)
	}

}

// TestRefreshS3TiersFromOfferRows reads eu-west-2 S3 Standard from the rows
// of AWS's AmazonS3 offer 20260831092225 as mooncitizen/togen's test CSV
// holds them (SKU DV3FSFEQ3QM4J6VP: 0.024 to 51,200 GB, 0.023 to 512,000 GB,
// 0.022 above; the Annotations product beside it is skipped) into a catalog
// with no tiers there: the tiers are filled.
func TestRefreshS3TiersFromOfferRows(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	cat := &model.Catalog{
		Instances: map[string]model.Instance{"p5.48xlarge": {AcceleratorCount: 8, VCPUs: 1, Prices: map[string]model.InstancePrice{
			// Recorded as sold there, not on-demand: no price query.
			"eu-west-2": {},
		}}},
		Regions: map[string]model.RegionPrices{"eu-west-2": {S3StandardGBMonth: model.Price{USD: 0.024, Unit: "GB-month"}}},
	}
	res, err := refresh(t, c, awsapi.RefreshOptions{Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	got := get(t, res.Overlay, "regions", "eu-west-2", "s3_standard_tiers")
	if want := s3Tiers(0.024, 0.023, 0.022); !reflect.DeepEqual(got, want) {
		t.Errorf("s3_standard_tiers = %v, want %v", got, want)
	}
	note := get(t, res.Overlay, "regions", "eu-west-2", "s3_standard_gb_month", "note").(string)
	if !strings.Contains(note, "DV3FSFEQ3QM4J6VP") || !strings.Contains(note, "EUW2-TimedStorage-ByteHrs") {
		t.Errorf("note %q should name the SKU and usage type", note)
	}
	// No NAT or VPC products are recorded for eu-west-2: each figure is
	// noted as skipped and nothing is written for it.
	region := get(t, res.Overlay, "regions", "eu-west-2").(map[string]any)
	for _, k := range []string{"nat_gateway_hour", "nat_gateway_gb", "interface_endpoint_hour", "interface_endpoint_gb", "transit_gateway_attachment_hour", "transit_gateway_gb", "vpn_connection_hour"} {
		if region[k] != nil {
			t.Errorf("%s written from an empty price list: %v", k, region[k])
		}
		if !strings.Contains(strings.Join(res.Skipped, "\n"), "("+k+") in eu-west-2: no matching product; kept the current figure") {
			t.Errorf("%s not noted as skipped: %q", k, res.Skipped)
		}
	}
}

// TestRefreshServiceRules: per service, products that disagree are skipped
// (not averaged) while the query's other figures are written; a price list
// with no product leaves every figure of the query out of the overlay; and a
// figure read at more than twice (or under half) the current one is flagged
// by planner.LargeChanges, as `catalog refresh` does before writing.
func TestRefreshServiceRules(t *testing.T) {
	tests := []struct {
		name, key string
		// disagree is the recording with disagreeing products; skipped the
		// figure it skips, kept one it still writes.
		disagree, skipped, kept string
		// keys are the query's figures.
		keys []string
		// cur is a current figure under half the recorded one; large its
		// path in the changes.
		cur   model.RegionPrices
		large string
	}{
		{
			name: "NAT gateway", key: "pricing AmazonEC2-NATGateway-us-east-1",
			// Two NatGateway-Hours products: 0.045 and 0.05 (a test invention).
			disagree: "pricing/disagree-AmazonEC2-NATGateway-us-east-1", skipped: "nat_gateway_hour", kept: "nat_gateway_gb",
			keys: []string{"nat_gateway_hour", "nat_gateway_gb"},
			// 0.045 / 0.02 = 2.25.
			cur: model.RegionPrices{NATGatewayHour: model.Price{USD: 0.02, Unit: "hour"}}, large: "regions.us-east-1.nat_gateway_hour.usd",
		},
		{
			name: "VPC", key: "pricing AmazonVPC-us-east-1",
			// Two VpcEndpoint-Hours products: 0.01 and 0.011 (a test invention).
			disagree: "pricing/disagree-AmazonVPC-us-east-1", skipped: "interface_endpoint_hour", kept: "transit_gateway_gb",
			keys: []string{"interface_endpoint_hour", "interface_endpoint_gb", "transit_gateway_attachment_hour", "transit_gateway_gb", "vpn_connection_hour"},
			// 0.02 / 0.05 = 0.4.
			cur: model.RegionPrices{TransitGatewayGB: model.Price{USD: 0.05, Unit: "GB"}}, large: "regions.us-east-1.transit_gateway_gb.usd",
		},
		{
			name: "S3 Standard", key: "pricing AmazonS3-Storage-us-east-1",
			// Two Standard products agree on the first tier (0.023) but not the
			// second (0.022 and 0.0215, a test invention): the whole figure is skipped.
			disagree: "pricing/disagree-AmazonS3-Storage-us-east-1", skipped: "s3_standard_gb_month",
			keys: []string{"s3_standard_gb_month", "s3_standard_tiers"},
			// Second tier 0.022 / 0.01 = 2.2.
			cur: model.RegionPrices{S3StandardGBMonth: model.Price{USD: 0.023, Unit: "GB-month"},
				S3StandardTiers: []model.EgressTier{{UpToTB: 50, USDPerGB: 0.023}, {UpToTB: 500, USDPerGB: 0.01}, {UpToTB: 0, USDPerGB: 0.021}}},
			large: "regions.us-east-1.s3_standard_tiers[1].usd_per_gb",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/disagree", func(t *testing.T) {
			_, srv := newFake(t, func(key string, n int) (answer, bool) {
				return answer{File: tc.disagree}, key == tc.key
			})
			res, err := refresh(t, load(t, srv, 3), awsapi.RefreshOptions{})
			if err != nil {
				t.Fatal(err)
			}
			region := get(t, res.Overlay, "regions", "us-east-1").(map[string]any)
			if region[tc.skipped] != nil {
				t.Errorf("%s written from disagreeing products: %v", tc.skipped, region[tc.skipped])
			}
			if !strings.Contains(strings.Join(res.Skipped, "\n"), "("+tc.skipped+") in us-east-1") {
				t.Errorf("%s not noted as skipped: %q", tc.skipped, res.Skipped)
			}
			if tc.kept != "" && region[tc.kept] == nil {
				t.Errorf("%s, which the products agree on, was not written", tc.kept)
			}
			if tc.skipped == "s3_standard_gb_month" && region["s3_standard_tiers"] != nil {
				t.Errorf("S3 tiers written from disagreeing products: %v", region["s3_standard_tiers"])
			}
		})
		t.Run(tc.name+"/missing", func(t *testing.T) {
			_, srv := newFake(t, func(key string, n int) (answer, bool) {
				// No such recording: the fake answers an empty price list.
				return answer{File: "pricing/no-such-product"}, key == tc.key
			})
			res, err := refresh(t, load(t, srv, 3), awsapi.RefreshOptions{})
			if err != nil {
				t.Fatal(err)
			}
			region := get(t, res.Overlay, "regions", "us-east-1").(map[string]any)
			for _, k := range tc.keys {
				if region[k] != nil {
					t.Errorf("%s written from an empty price list: %v", k, region[k])
				}
			}
			// Every figure is noted (the tier list goes with its first tier).
			for _, k := range tc.keys {
				if !strings.HasSuffix(k, "_tiers") && !strings.Contains(strings.Join(res.Skipped, "\n"), "("+k+") in us-east-1: no matching product; kept the current figure") {
					t.Errorf("%s not noted as skipped: %q", k, res.Skipped)
				}
			}
		})
		t.Run(tc.name+"/large change", func(t *testing.T) {
			_, srv := newFake(t, nil)
			cat := testCatalog()
			cat.Regions["us-east-1"] = tc.cur
			res, err := refresh(t, load(t, srv, 3), awsapi.RefreshOptions{Catalog: cat})
			if err != nil {
				t.Fatal(err)
			}
			changes, _, err := planner.DiffOverlay(cat, res.Overlay)
			if err != nil {
				t.Fatal(err)
			}
			var flagged []string
			for _, c := range planner.LargeChanges(changes, 2) {
				if strings.HasPrefix(c.Path, "regions.") {
					flagged = append(flagged, c.Path)
				}
			}
			if len(flagged) != 1 || flagged[0] != tc.large {
				t.Errorf("large region changes %v, want [%s]", flagged, tc.large)
			}
		})
	}
}
