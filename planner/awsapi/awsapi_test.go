package awsapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi"
)

const today = "2026-11-23"

// testCatalog is a small catalog whose figures differ from the recorded
// responses, so every figure a refresh reads shows up as a change.
func testCatalog() *model.Catalog {
	old := model.Source{URL: "https://example.com/old", ReadOn: "2026-01-01", Confidence: model.ConfidenceThirdParty}
	price := func(usd float64) model.Price { return model.Price{USD: usd, Unit: "GB-month", Source: old} }
	return &model.Catalog{
		Version: "test", ReadOn: "2026-01-01",
		Instances: map[string]model.Instance{
			"p5.48xlarge":   {AcceleratorCount: 8, VCPUs: 1, Prices: map[string]model.InstancePrice{"us-east-1": {OnDemandUSDPerHour: 98.32, Source: old}}},
			"trn1.32xlarge": {AcceleratorCount: 16, VCPUs: 1, Prices: map[string]model.InstancePrice{"us-east-1": {OnDemandUSDPerHour: 1, Source: old}}},
		},
		Regions: map[string]model.RegionPrices{"us-east-1": {
			FSxLustre:  map[string]model.Price{"PERSISTENT_2/125": price(0.1), "PERSISTENT_2/250": price(0.2), "SCRATCH_2/200": price(0.14)},
			DXPortHour: map[string]model.Price{"10": price(2), "100": price(20)},
		}},
	}
}

func refresh(t *testing.T, c *awsapi.Clients, opt awsapi.RefreshOptions) (*awsapi.RefreshResult, error) {
	t.Helper()
	if opt.Catalog == nil {
		opt.Catalog = testCatalog()
	}
	opt.Today = today
	return awsapi.Refresh(context.Background(), c.Pricing, c.EC2, opt)
}

// get walks an overlay map along path.
func get(t *testing.T, m map[string]any, path ...string) any {
	t.Helper()
	var v any = m
	for _, k := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("overlay has no %s", strings.Join(path, "."))
		}
		v = mm[k]
	}
	return v
}

func TestRefreshReadsSpecsAndPricesAcrossPages(t *testing.T) {
	fake, srv := newFake(t, nil)
	c := load(t, srv, 3)
	var reports []awsapi.Progress
	res, err := refresh(t, c, awsapi.RefreshOptions{Progress: func(p awsapi.Progress) { reports = append(reports, p) }})
	if err != nil {
		t.Fatal(err)
	}
	over := res.Overlay
	// Figures as recorded in testdata/aws (see its README). The memory sizes
	// are MiB / 1024: 2097152 MiB = 2048 GiB; 81920 MiB = 80 GiB; 32768 MiB = 32 GiB.
	tests := []struct {
		path []string
		want any
	}{
		// Page 1 of the p5 price holds a BYOL product at 61.2 that must be ignored;
		// page 2 the Linux/Shared/No-License product at 55.04.
		{[]string{"instances", "p5.48xlarge", "prices", "us-east-1", "on_demand_usd_per_hour"}, 55.04},
		{[]string{"instances", "p5.48xlarge", "prices", "us-east-1", "confidence"}, "confirmed"},
		{[]string{"instances", "p5.48xlarge", "prices", "us-east-1", "read_on"}, today},
		// trn1.32xlarge's 21.50 USD/h is AWS's us-east-1 list price (Karpenter's
		// Price List copy, as in the catalog).
		{[]string{"instances", "trn1.32xlarge", "prices", "us-east-1", "on_demand_usd_per_hour"}, 21.5},
		{[]string{"instances", "p5.48xlarge", "vcpus"}, 192},
		{[]string{"instances", "p5.48xlarge", "memory_gib"}, 2048.0},
		{[]string{"instances", "p5.48xlarge", "accelerator_count"}, 8},
		{[]string{"instances", "p5.48xlarge", "accelerator_memory_gib"}, 80.0},
		{[]string{"instances", "p5.48xlarge", "network_gbps"}, 3200.0},
		{[]string{"instances", "p5.48xlarge", "efa"}, true},
		{[]string{"instances", "p5.48xlarge", "network_cards"}, 32},
		{[]string{"instances", "p5.48xlarge", "max_efa_interfaces"}, 32},
		{[]string{"instances", "p5.48xlarge", "max_enis"}, 64},
		{[]string{"instances", "p5.48xlarge", "ipv4_per_eni"}, 50},
		{[]string{"instances", "p5.48xlarge", "spec_source", "confidence"}, "confirmed"},
		{[]string{"instances", "trn1.32xlarge", "accelerator_count"}, 16},
		{[]string{"instances", "trn1.32xlarge", "accelerator_memory_gib"}, 32.0},
		{[]string{"instances", "trn1.32xlarge", "max_efa_interfaces"}, 8},
		// "8x 100 Gigabit", as AWS's instance-types guide spells trn1.32xlarge: 800.
		{[]string{"instances", "trn1.32xlarge", "network_gbps"}, 800.0},
		{[]string{"regions", "us-east-1", "fsx_lustre", "PERSISTENT_2/125", "usd"}, 0.145},
		{[]string{"regions", "us-east-1", "fsx_lustre", "PERSISTENT_2/250", "usd"}, 0.21},
		// Two 10G products at different locations agree on 2.25.
		{[]string{"regions", "us-east-1", "dx_port_hour", "10", "usd"}, 2.25},
		{[]string{"read_on"}, today},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.path, "."), func(t *testing.T) {
			if got := get(t, over, tc.path...); got != tc.want {
				t.Errorf("got %v (%T), want %v (%T)", got, got, tc.want, tc.want)
			}
		})
	}
	src := get(t, over, "instances", "p5.48xlarge", "prices", "us-east-1", "source").(string)
	if !strings.Contains(src, "GetProducts") || !strings.Contains(src, "us-east-1") {
		t.Errorf("source %q should name the API and the region", src)
	}
	// SCRATCH_2/200 is not in the recorded FSx answer; the two 100G products
	// disagree (22.5 vs 24): both are skipped, never guessed or averaged.
	if len(res.Skipped) != 2 || !strings.Contains(strings.Join(res.Skipped, "\n"), "SCRATCH_2/200") ||
		!strings.Contains(strings.Join(res.Skipped, "\n"), "Direct Connect 100 Gbps") {
		t.Errorf("skipped = %q", res.Skipped)
	}
	for _, path := range [][]string{{"regions", "us-east-1", "dx_port_hour", "100"}, {"regions", "us-east-1", "fsx_lustre", "SCRATCH_2/200"}} {
		if v := get(t, over, path[:len(path)-1]...).(map[string]any)[path[len(path)-1]]; v != nil {
			t.Errorf("%s should be left out of the overlay, got %v", strings.Join(path, "."), v)
		}
	}
	// Pages: EC2 2 + p5 price 2 + trn1 price 1 + FSx 1 + DX 1 + NAT 1 + VPC 1 + S3 1 = 10.
	// Products: p5 2 + trn1 1 + FSx 3 + DX 4 + NAT 2 + VPC 8 + S3 2 = 22.
	if res.Progress.Pages != 10 || res.Progress.Products != 22 {
		t.Errorf("progress %+v, want 10 pages and 22 products", res.Progress)
	}
	// Steps: specs 1 + two prices + FSx and DX 2 + NAT, VPC and S3 3 = 8.
	if last := reports[len(reports)-1]; last.Step != last.Steps || last.Steps != 1+2+2+3 {
		t.Errorf("last progress report %+v, want 8 of 8 steps", last)
	}
	if n := fake.Count("ec2 DescribeInstanceTypes"); n != 2 {
		t.Errorf("DescribeInstanceTypes called %d times, want 2 (two pages)", n)
	}
}

// TestRefreshOverlayLoads writes the overlay and loads it over the embedded
// snapshot: the refreshed price replaces the snapshot's and the untouched
// figures stay.
func TestRefreshOverlayLoads(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	embedded := planner.DefaultCatalog()
	res, err := refresh(t, c, awsapi.RefreshOptions{Catalog: testCatalog()})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "overlay.json")
	data, _ := json.Marshal(res.Overlay)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := planner.LoadCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	p := cat.Instances["p5.48xlarge"].Prices["us-east-1"]
	if p.OnDemandUSDPerHour != 55.04 || p.Confidence != model.ConfidenceConfirmed || p.ReadOn != today {
		t.Errorf("p5 us-east-1 after overlay: %+v", p)
	}
	if got, want := cat.Instances["p5.48xlarge"].PeakDenseBF16TFLOPS, embedded.Instances["p5.48xlarge"].PeakDenseBF16TFLOPS; got != want {
		t.Errorf("TFLOPS %g, want the snapshot's %g (refresh does not read it)", got, want)
	}
	if cat.ReadOn != today {
		t.Errorf("catalog read_on %s, want %s", cat.ReadOn, today)
	}
	// The Region service prices load too (an overlay with unknown keys
	// would be rejected): the recorded us-east-1 figures, see
	// TestRefreshServicePrices.
	r := cat.Regions["us-east-1"]
	if r.NATGatewayGB.USD != 0.045 || r.NATGatewayGB.Confidence != model.ConfidenceConfirmed || r.TransitGatewayGB.USD != 0.02 ||
		r.VPNConnectionHour.USD != 0.05 || r.InterfaceEndpointHour.Unit != "endpoint-AZ-hour" {
		t.Errorf("us-east-1 after the overlay: %+v", r)
	}
	if len(r.S3StandardTiers) != 3 || r.S3StandardTiers[1] != (model.EgressTier{UpToTB: 500, USDPerGB: 0.022}) {
		t.Errorf("S3 tiers after the overlay: %+v", r.S3StandardTiers)
	}
	// The large VPN connection is not read: the snapshot's figure stays.
	if r.VPNLargeConnectionHour != embedded.Regions["us-east-1"].VPNLargeConnectionHour {
		t.Error("the large VPN connection price changed")
	}
}

func TestRefreshFailures(t *testing.T) {
	throttle := answer{File: "pricing/throttling", Status: http.StatusBadRequest}
	tests := []struct {
		name     string
		attempts int
		override func(key string, n int) (answer, bool)
		kind     awsapi.Kind
		msg      []string
	}{
		{
			name: "access denied", attempts: 3,
			override: func(key string, n int) (answer, bool) {
				return answer{File: "pricing/access-denied", Status: http.StatusBadRequest}, strings.HasPrefix(key, "pricing")
			},
			kind: awsapi.KindAccessDenied, msg: []string{"access denied", "AccessDeniedException", "pricing:GetProducts"},
		},
		{
			name: "ec2 access denied", attempts: 3,
			override: func(key string, n int) (answer, bool) {
				return answer{File: "ec2/UnauthorizedOperation", Status: http.StatusForbidden}, strings.HasPrefix(key, "ec2")
			},
			kind: awsapi.KindAccessDenied, msg: []string{"UnauthorizedOperation", "ec2:DescribeInstanceTypes"},
		},
		{
			name: "throttled past the retry bound", attempts: 3,
			override: func(key string, n int) (answer, bool) { return throttle, strings.HasPrefix(key, "pricing") },
			kind:     awsapi.KindThrottled, msg: []string{"throttling", "ThrottlingException", "after 3 attempts"},
		},
		{
			name: "region without the instance type (EC2)", attempts: 3,
			override: func(key string, n int) (answer, bool) {
				return answer{File: "ec2/InvalidInstanceType", Status: http.StatusBadRequest}, key == "ec2 DescribeInstanceTypes"
			},
			kind: awsapi.KindNotOffered, msg: []string{"region us-east-1 does not offer trn2.48xlarge", "--instance-type"},
		},
		{
			name: "malformed price item", attempts: 3,
			override: func(key string, n int) (answer, bool) {
				return answer{File: "pricing/malformed", Status: http.StatusOK}, key == "pricing AmazonEC2-p5.48xlarge-us-east-1"
			},
			kind: awsapi.KindMalformed, msg: []string{"malformed", "not valid JSON", "page 1 item 1"},
		},
		{
			name: "partial price item", attempts: 3,
			override: func(key string, n int) (answer, bool) {
				return answer{File: "pricing/partial", Status: http.StatusOK}, key == "pricing AmazonEC2-p5.48xlarge-us-east-1"
			},
			kind: awsapi.KindMalformed, msg: []string{"partial", "no terms.OnDemand"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := newFake(t, tc.override)
			c := load(t, srv, tc.attempts)
			res, err := refresh(t, c, awsapi.RefreshOptions{})
			if err == nil || res != nil {
				t.Fatalf("want an error and no result, got %v, %v", res, err)
			}
			if k := kindOf(err); k != tc.kind {
				t.Errorf("kind %d, want %d: %v", k, tc.kind, err)
			}
			for _, m := range tc.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("message %q lacks %q", err, m)
				}
			}
		})
	}
}

func TestPartialRefreshDoesNotDateTheCatalog(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	res, err := refresh(t, c, awsapi.RefreshOptions{InstanceTypes: []string{"p5.48xlarge"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := res.Overlay["read_on"]; ok {
		t.Errorf("a refresh of one of two types set the catalog's read_on to %v", v)
	}
	if got := get(t, res.Overlay, "instances", "p5.48xlarge", "prices", "us-east-1", "read_on"); got != today {
		t.Errorf("the figure's own read_on is %v, want %s", got, today)
	}
}

func TestRefreshPriceListLacksType(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	// The recordings hold no us-west-2 prices, so the fake answers the
	// p5.48xlarge us-west-2 query with an empty price-list page, as the real
	// API does for a type the region does not offer.
	cat := testCatalog()
	_, err := awsapi.Refresh(context.Background(), c.Pricing, c.EC2, awsapi.RefreshOptions{
		Catalog: cat, Regions: []string{"us-west-2"}, InstanceTypes: []string{"p5.48xlarge", "trn1.32xlarge"}, Today: today})
	if kindOf(err) != awsapi.KindNotOffered || !strings.Contains(err.Error(), "no on-demand Linux price for p5.48xlarge in us-west-2") {
		t.Fatalf("got %v", err)
	}
}

func TestRefreshThrottledThenSucceeds(t *testing.T) {
	throttled := map[string]int{"pricing AmazonEC2-p5.48xlarge-us-east-1": 2, "ec2 DescribeInstanceTypes": 1}
	fake, srv := newFake(t, func(key string, n int) (answer, bool) {
		if n <= throttled[key] {
			if strings.HasPrefix(key, "ec2") {
				return answer{File: "ec2/RequestLimitExceeded", Status: http.StatusServiceUnavailable}, true
			}
			return answer{File: "pricing/throttling", Status: http.StatusBadRequest}, true
		}
		return answer{}, false
	})
	c := load(t, srv, 5)
	res, err := refresh(t, c, awsapi.RefreshOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := get(t, res.Overlay, "instances", "p5.48xlarge", "prices", "us-east-1", "on_demand_usd_per_hour"); got != 55.04 {
		t.Errorf("price %v after retries, want 55.04", got)
	}
	// p5 price: 2 throttled + page 1 + page 2 = 4 calls; EC2: 1 throttled + 2 pages = 3.
	if n := fake.Count("pricing AmazonEC2-p5.48xlarge-us-east-1"); n != 4 {
		t.Errorf("p5 price calls %d, want 4", n)
	}
	if n := fake.Count("ec2 DescribeInstanceTypes"); n != 3 {
		t.Errorf("DescribeInstanceTypes calls %d, want 3", n)
	}
}

func TestRefreshCanceled(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := awsapi.Refresh(ctx, c.Pricing, c.EC2, awsapi.RefreshOptions{Catalog: testCatalog(), Today: today})
	if res != nil || kindOf(err) != awsapi.KindCanceled {
		t.Fatalf("got %v, %v; want a cancellation", res, err)
	}
}

func TestLoadWithoutCredentials(t *testing.T) {
	isolate(t)
	_, err := awsapi.Load(context.Background(), awsapi.Config{Region: "us-east-1"})
	if kindOf(err) != awsapi.KindNoCredentials || !strings.Contains(err.Error(), "no AWS credentials found") {
		t.Fatalf("got %v", err)
	}
}

func TestImportVPC(t *testing.T) {
	fake, srv := newFake(t, nil)
	c := load(t, srv, 3)
	v, err := awsapi.ImportVPC(context.Background(), c.EC2("us-east-1"), "us-east-1", "vpc-0a1b2c3d4e5f60718", nil)
	if err != nil {
		t.Fatal(err)
	}
	// From testdata/aws/ec2/DescribeVpcs.xml: 10.65.0.0/16 is disassociated.
	if v.CIDR != "10.64.0.0/16" || len(v.SecondaryCIDRs) != 1 || v.SecondaryCIDRs[0] != "100.64.0.0/16" {
		t.Errorf("CIDRs %s %v", v.CIDR, v.SecondaryCIDRs)
	}
	// Three subnets over two pages, sorted by address.
	want := []model.ExistingSubnet{
		{Name: "private-a", CIDR: "10.64.0.0/20", AZ: "us-east-1a", ID: "subnet-0b1c2d3e4f5a60002"},
		{Name: "private-b", CIDR: "10.64.16.0/20", AZ: "us-east-1b", ID: "subnet-0b1c2d3e4f5a60001"},
		{Name: "pods-a", CIDR: "100.64.0.0/18", AZ: "us-east-1a", ID: "subnet-0b1c2d3e4f5a60003"},
	}
	if len(v.Subnets) != len(want) {
		t.Fatalf("subnets %+v", v.Subnets)
	}
	for i := range want {
		if v.Subnets[i] != want[i] {
			t.Errorf("subnet %d = %+v, want %+v", i, v.Subnets[i], want[i])
		}
	}
	if n := fake.Count("ec2 DescribeSubnets"); n != 2 {
		t.Errorf("DescribeSubnets calls %d, want 2 pages", n)
	}
}

func TestImportVPCFailures(t *testing.T) {
	tests := []struct {
		name, vpc string
		ans       answer
		kind      awsapi.Kind
		msg       string
	}{
		{"not found", "vpc-0ffffffffffffffff", answer{File: "ec2/InvalidVpcID.NotFound", Status: http.StatusBadRequest}, awsapi.KindNotOffered, "does not exist in region us-east-1"},
		{"access denied", "vpc-0a1b2c3d4e5f60718", answer{File: "ec2/UnauthorizedOperation", Status: http.StatusForbidden}, awsapi.KindAccessDenied, "ec2:DescribeVpcs"},
		{"bad id", "subnet-123", answer{}, awsapi.KindOther, "a VPC ID looks like"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := newFake(t, func(key string, n int) (answer, bool) { return tc.ans, tc.ans.File != "" })
			c := load(t, srv, 2)
			_, err := awsapi.ImportVPC(context.Background(), c.EC2("us-east-1"), "us-east-1", tc.vpc, nil)
			if kindOf(err) != tc.kind || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got kind %d %v; want kind %d containing %q", kindOf(err), err, tc.kind, tc.msg)
			}
		})
	}
}

// TestDescribeInstanceTypesMultiCardNetwork reads the recorded answer for
// p4d.24xlarge ("4x 100 Gigabit") and trn1.32xlarge ("8x 100 Gigabit"): the
// card count multiplies, so a refresh keeps 400 and 800 Gbps.
func TestDescribeInstanceTypesMultiCardNetwork(t *testing.T) {
	srv, _ := newFake(t, func(key string, n int) (answer, bool) {
		return answer{File: "ec2/DescribeInstanceTypes.multicard"}, key == "ec2 DescribeInstanceTypes"
	})
	c := load(t, srv, 1)
	specs, err := awsapi.DescribeInstanceTypes(context.Background(), c.EC2("us-east-1"), "us-east-1", []string{"p4d.24xlarge", "trn1.32xlarge"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		typ      string
		gbps     float64
		memGiB   float64
		accelCnt int
	}{
		{"p4d.24xlarge", 400, 40, 8},
		{"trn1.32xlarge", 800, 32, 16},
	}
	for _, tt := range tests {
		s := specs[tt.typ]
		if s.NetworkGbps != tt.gbps || s.AcceleratorMemoryGiB != tt.memGiB || s.AcceleratorCount != tt.accelCnt {
			t.Errorf("%s: %g Gbps, %g GiB × %d; want %g Gbps, %g GiB × %d", tt.typ, s.NetworkGbps, s.AcceleratorMemoryGiB, s.AcceleratorCount, tt.gbps, tt.memGiB, tt.accelCnt)
		}
	}
}

// TestRefreshFillsFSxInARegionWithoutOptions: a Region the catalog prices
// no FSx for Lustre option in is asked for every option the catalog prices
// elsewhere, and gets the ones the price list has one price for (here
// us-east-1's recording, with the catalog's options moved to another
// Region); the ones it lacks are noted as left unpriced.
func TestRefreshFillsFSxInARegionWithoutOptions(t *testing.T) {
	_, srv := newFake(t, nil)
	c := load(t, srv, 3)
	cat := testCatalog()
	opts := cat.Regions["us-east-1"]
	opts.FSxLustre["PERSISTENT_1/50"] = opts.FSxLustre["PERSISTENT_2/125"] // an option the recording lacks
	cat.Regions["eu-west-2"] = model.RegionPrices{FSxLustre: opts.FSxLustre}
	opts.FSxLustre = nil
	cat.Regions["us-east-1"] = opts
	res, err := refresh(t, c, awsapi.RefreshOptions{Catalog: cat, Regions: []string{"us-east-1"}, InstanceTypes: []string{"p5.48xlarge"}})
	if err != nil {
		t.Fatal(err)
	}
	// The recording's figures, as TestRefreshReadsSpecsAndPricesAcrossPages reads them.
	for key, want := range map[string]float64{"PERSISTENT_2/125": 0.145, "PERSISTENT_2/250": 0.21} {
		if got := get(t, res.Overlay, "regions", "us-east-1", "fsx_lustre", key, "usd"); got != want {
			t.Errorf("us-east-1 FSx %s = %v, want %v", key, got, want)
		}
	}
	noted := false
	for _, s := range res.Skipped {
		noted = noted || strings.Contains(s, "FSx for Lustre PERSISTENT_1/50 in us-east-1") && strings.Contains(s, "left unpriced")
	}
	if !noted {
		t.Errorf("the option the price list lacks is not noted as left unpriced: %q", res.Skipped)
	}
	// A Region price the catalog lacks is listed as new, not as a change.
	changes, _, err := planner.DiffOverlay(cat, res.Overlay)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		if strings.Contains(ch.Path, "fsx_lustre") && ch.Old != "" {
			t.Errorf("%s listed as a change from %s", ch.Path, ch.Old)
		}
	}
}
