package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topoplan/topoplan/internal/helperbin/helpertest"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi/awstest"
)

// TestMain gives the whole test binary an empty home and configuration
// directory, so no test (golden ones included) picks up the developer's
// catalog overlay, AWS credentials or AWS configuration.
func TestMain(m *testing.M) {
	// The test binary as topoplan itself (TestF5SecondUser runs it as
	// another user): its package inits are exactly the program's.
	if os.Getenv("TOPOPLAN_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	// Diagrams (and, without the topoplan_aws tag, the AWS commands) go
	// through the helper programs, as in the program; built before HOME
	// changes, into the real user cache (helpertest).
	helpertest.Use(testHelpers...)
	dir, err := os.MkdirTemp("", "topoplan-cmd-test-")
	if err != nil {
		panic(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		panic(err)
	}
	for k, v := range map[string]string{
		"HOME": dir, "XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"AWS_CONFIG_FILE": empty, "AWS_SHARED_CREDENTIALS_FILE": empty, "AWS_EC2_METADATA_DISABLED": "true",
	} {
		os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_PRICING",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		os.Unsetenv(k)
	}
	code := m.Run()
	os.RemoveAll(dir)
	helpertest.Cleanup()
	os.Exit(code)
}

// fakeAWS points the standard SDK configuration (AWS_ENDPOINT_URL) at a
// local server answering from testdata/aws, with static test credentials and
// a fresh configuration directory for the user overlay; it returns the
// overlay path the CLI will use.
func fakeAWS(t *testing.T) (overlay string) {
	t.Helper()
	srv := awstest.New(t, "../../testdata/aws", nil)
	awstest.Isolate(t)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTESTTESTTESTTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	p, err := planner.DefaultOverlayPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, cfg) {
		t.Fatalf("overlay path %s is not under the test's config dir %s", p, cfg)
	}
	return p
}

// refreshArgs limits the refresh to what testdata/aws has recordings for.
var refreshArgs = []string{"catalog", "refresh", "--region", "us-east-1", "--instance-type", "p5.48xlarge", "--instance-type", "trn1.32xlarge"}

func TestCatalogRefresh(t *testing.T) {
	overlay := fakeAWS(t)
	embedded := planner.DefaultCatalog()
	today := time.Now().Format("2006-01-02")

	// Not a terminal and no --yes: the changes are shown, nothing is written.
	out, errOut, code := runCLI(t, refreshArgs...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "Not written: not a terminal") {
		t.Errorf("stderr should say nothing was written:\n%s", errOut)
	}
	if _, err := os.Stat(overlay); !os.IsNotExist(err) {
		t.Fatalf("overlay written without --yes: %v", err)
	}
	// The recording restates trn1.32xlarge's us-east-1 price (21.50 USD/h,
	// the snapshot's confirmed figure): an unchanged figure is not listed.
	if embedded.Instances["trn1.32xlarge"].Prices["us-east-1"].OnDemandUSDPerHour != 21.5 {
		t.Fatal("the snapshot's trn1.32xlarge us-east-1 price is no longer the recorded 21.50")
	}
	if strings.Contains(out, "instances.trn1.32xlarge.prices.us-east-1.on_demand_usd_per_hour") {
		t.Errorf("an unchanged price is listed as a change:\n%s", out)
	}

	// --dry-run never writes, even with --yes.
	if _, errOut, code := runCLI(t, append(refreshArgs, "--dry-run", "--yes")...); code != 0 || !strings.Contains(errOut, "Dry run: nothing written") {
		t.Errorf("dry run: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(overlay); !os.IsNotExist(err) {
		t.Fatalf("overlay written by a dry run: %v", err)
	}

	// --yes writes the overlay; every later command loads it.
	if _, errOut, code := runCLI(t, append(refreshArgs, "--yes")...); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(overlay)
	if err != nil {
		t.Fatal(err)
	}
	var over map[string]any
	if err := json.Unmarshal(data, &over); err != nil {
		t.Fatalf("overlay is not JSON: %v", err)
	}
	out, errOut, code = runCLI(t, "catalog", "show", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var cat model.Catalog
	if err := json.Unmarshal([]byte(out), &cat); err != nil {
		t.Fatal(err)
	}
	// 55.04 USD/h is the recorded p5.48xlarge us-east-1 on-demand price.
	p := cat.Instances["p5.48xlarge"].Prices["us-east-1"]
	if p.OnDemandUSDPerHour != 55.04 || p.Confidence != model.ConfidenceConfirmed || p.ReadOn != today || !strings.Contains(p.URL, "GetProducts") {
		t.Errorf("p5.48xlarge us-east-1 after refresh: %+v", p)
	}
	// The recorded NAT gateway processing price restates the snapshot's
	// 0.045 USD/GB (third-party there), now read from the price list.
	if r := cat.Regions["us-east-1"].NATGatewayGB; r.USD != 0.045 || r.Confidence != model.ConfidenceConfirmed || r.ReadOn != today || !strings.Contains(r.URL, "GetProducts AmazonEC2") {
		t.Errorf("us-east-1 NAT gateway per GB after refresh: %+v", r)
	}
	if len(cat.Overlays) != 1 || cat.Overlays[0] != planner.UserOverlayName {
		t.Errorf("overlays %v, want the user overlay", cat.Overlays)
	}
	// Figures not read keep the snapshot's values.
	if got, want := cat.Instances["p5.48xlarge"].Prices["us-west-2"], embedded.Instances["p5.48xlarge"].Prices["us-west-2"]; got.OnDemandUSDPerHour != want.OnDemandUSDPerHour || got.ReadOn != want.ReadOn {
		t.Errorf("us-west-2 price changed: %+v, want %+v", got, want)
	}

	// --no-user-catalog is the escape hatch back to the embedded snapshot.
	out, _, _ = runCLI(t, "catalog", "show", "--format", "json", "--no-user-catalog")
	var plain model.Catalog
	if err := json.Unmarshal([]byte(out), &plain); err != nil {
		t.Fatal(err)
	}
	if got, want := plain.Instances["p5.48xlarge"].Prices["us-east-1"], embedded.Instances["p5.48xlarge"].Prices["us-east-1"]; got.Source != want.Source || len(plain.Overlays) != 0 {
		t.Error("--no-user-catalog still applied the user overlay")
	}

	// A second refresh keeps the first overlay as .bak.
	if _, errOut, code := runCLI(t, append(refreshArgs, "--yes")...); code != 0 || !strings.Contains(errOut, ".bak") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	bak, err := os.ReadFile(overlay + ".bak")
	if err != nil || string(bak) != string(data) {
		t.Errorf(".bak should hold the previous overlay (%v)", err)
	}
}

func TestCatalogRefreshFailureLeavesCatalog(t *testing.T) {
	overlay := fakeAWS(t)
	if err := os.MkdirAll(filepath.Dir(overlay), 0o755); err != nil {
		t.Fatal(err)
	}
	before := []byte(`{"read_on": "2026-11-01"}`)
	if err := os.WriteFile(overlay, before, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no credentials", refreshArgs, map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}, "no AWS credentials found"},
		// us-west-2 has no recorded prices: the price list answers with no product.
		{"region without the type", []string{"catalog", "refresh", "--region", "us-west-2", "--instance-type", "p5.48xlarge", "--yes"}, nil, "no on-demand Linux price for p5.48xlarge in us-west-2"},
		{"type not in the catalog", []string{"catalog", "refresh", "--instance-type", "p9.bogus", "--yes"}, nil, `instance type "p9.bogus" is not in the catalog`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			_, errOut, code := runCLI(t, tc.args...)
			if code != exitAWS || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "The current catalog is unchanged") {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, exitAWS, tc.want)
			}
			if after, _ := os.ReadFile(overlay); string(after) != string(before) {
				t.Errorf("overlay changed to %s", after)
			}
		})
	}
}

// TestEvalWarnsOnStaleCatalog checks the catalog.stale finding and the stderr
// warning: the limit is the catalog's catalog_max_age_days constant (90).
func TestCatalogRefreshRejectsPricingRegion(t *testing.T) {
	fakeAWS(t)
	_, errOut, code := runCLI(t, "catalog", "refresh", "--pricing-region", "us-west-2")
	if code != exitInvalid || !strings.Contains(errOut, "served from us-east-1, eu-central-1 and ap-south-1") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestEvalWarnsOnStaleCatalog checks that eval warns, on stderr and as a
// finding, when the oldest figure the plan uses is past catalog_max_age_days,
// naming that figure; and that a user overlay's older figure counts.
func TestEvalWarnsOnStaleCatalog(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cat := planner.DefaultCatalog()
	doc, err := planner.Parse("example.yaml", planner.ExampleScenarioYAML())
	if err != nil {
		t.Fatal(err)
	}
	plan := planner.Evaluate(doc.Scenario, cat, planner.Options{})
	oldest, err := time.Parse("2006-01-02", plan.Catalog.OldestReadOn)
	if err != nil {
		t.Fatalf("the example's plan names no dated oldest figure: %+v", plan.Catalog)
	}
	limit := int(cat.Constants["catalog_max_age_days"].Value)
	if limit != 90 {
		t.Fatalf("catalog_max_age_days = %d, the issue asks for 90", limit)
	}
	day := func(d int) string { return oldest.AddDate(0, 0, d).Format("2006-01-02") }
	tests := []struct {
		name  string
		now   string
		stale bool
	}{
		{"on the day of the oldest figure", day(0), false},
		{"on the limit", day(limit), false},
		{"a day past the limit", day(limit + 1), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "eval", "--now", tc.now, "--format", "json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			warned := strings.Contains(errOut, fmt.Sprintf("warning: The oldest price this plan uses is %d days old: %s", limit+1, plan.Catalog.OldestFigure))
			finding := strings.Contains(out, `"catalog.stale"`)
			if warned != tc.stale || finding != tc.stale {
				t.Errorf("stderr warning %v, finding %v; want %v\nstderr: %s", warned, finding, tc.stale, errOut)
			}
		})
	}

	// A user overlay's figure read 200 days before the oldest embedded one
	// becomes the oldest; --no-user-catalog goes back to the snapshot.
	overlay, err := planner.DefaultOverlayPath()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(overlay), 0o755); err != nil {
		t.Fatal(err)
	}
	over := fmt.Sprintf(`{"regions": {"us-east-1": {"nat_gateway_hour": {"usd": 0.045, "unit": "hour", "read_on": %q}}}}`, day(-200))
	if err := os.WriteFile(overlay, []byte(over), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, _ := runCLI(t, "eval", "--now", day(0)); !strings.Contains(errOut, "warning: The oldest price this plan uses is 200 days old: 1 NAT gateway (read") {
		t.Errorf("old user overlay: stderr %q", errOut)
	}
	if _, errOut, _ := runCLI(t, "eval", "--now", day(0), "--no-user-catalog"); strings.Contains(errOut, "The oldest price") {
		t.Errorf("--no-user-catalog: stderr %q", errOut)
	}
}

func TestImportVPC(t *testing.T) {
	fakeAWS(t)
	src, err := os.ReadFile("../../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "scenario.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, "import", "vpc", "--vpc-id", "vpc-0a1b2c3d4e5f60718", "--into", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, _ := os.ReadFile(file)
	for _, want := range []string{
		"# Hybrid LLM pre-training", // comments survive
		"secondary_cidrs: [100.64.0.0/16]",
		"- {name: private-a, cidr: 10.64.0.0/20, az: us-east-1a, id: subnet-0b1c2d3e4f5a60002}",
		"- {name: pods-a, cidr: 100.64.0.0/18, az: us-east-1a, id: subnet-0b1c2d3e4f5a60003}",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("scenario lacks %q:\n%s", want, got)
		}
	}
	if bak, _ := os.ReadFile(file + ".bak"); string(bak) != string(src) {
		t.Error("the previous scenario was not kept as .bak")
	}
	if out, errOut, code := runCLI(t, "validate", file); code != 0 {
		t.Errorf("imported scenario does not validate: %s %s", out, errOut)
	}

	// Without --into the aws fragment goes to stdout.
	out, errOut, code := runCLI(t, "import", "vpc", "--vpc-id", "vpc-0a1b2c3d4e5f60718", "--region", "us-east-1")
	if code != 0 || !strings.Contains(out, "vpc_cidr: 10.64.0.0/16") || !strings.Contains(out, "existing_subnets:") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// A failure writes nothing.
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	before, _ := os.ReadFile(file)
	_, errOut, code = runCLI(t, "import", "vpc", "--vpc-id", "vpc-0a1b2c3d4e5f60718", "--into", file)
	if after, _ := os.ReadFile(file); code != exitAWS || !strings.Contains(errOut, "no AWS credentials found") || string(after) != string(before) {
		t.Errorf("exit %d, stderr %q, file changed %v", code, errOut, string(after) != string(before))
	}
	// B14: the message is about the import, not the catalog.
	if !strings.Contains(errOut, "ec2:DescribeVpcs") || strings.Contains(errOut, "catalog") {
		t.Errorf("import vpc's no-credentials message talks about the catalog or not the import: %q", errOut)
	}
}

// TestCatalogRefreshLargeChangeNeedsConfirmation replays a DescribeInstanceTypes
// answer that reports 512 GiB per Trainium2 device (as SkyPilot's mirror of
// the API does) against the catalog's 96 GiB: the refresh shows the jump and
// writes nothing until --accept-large-changes.
func TestCatalogRefreshLargeChangeNeedsConfirmation(t *testing.T) {
	srv := awstest.New(t, "../../testdata/aws", func(key string, n int) (awstest.Answer, bool) {
		return awstest.Answer{File: "ec2/DescribeInstanceTypes.trn2-neuron-512GiB"}, key == "ec2 DescribeInstanceTypes"
	})
	awstest.Isolate(t)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTESTTESTTESTTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	overlay, err := planner.DefaultOverlayPath()
	if err != nil {
		t.Fatal(err)
	}
	// us-east-2 is where AWS sells trn2.48xlarge (Capacity Blocks only): the
	// recorded price list there has no on-demand product, which is no failure.
	args := []string{"catalog", "refresh", "--region", "us-east-2", "--instance-type", "trn2.48xlarge", "--yes"}
	out, errOut, code := runCLI(t, args...)
	want := "instances.trn2.48xlarge.accelerator_memory_gib: 96 -> 512"
	if code != exitInvalid || !strings.Contains(out, "change by more than a factor of 2") || !strings.Contains(out, want) ||
		!strings.Contains(errOut, "--accept-large-changes") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if _, err := os.Stat(overlay); err == nil {
		t.Fatal("a refresh with an unconfirmed large change wrote the overlay")
	}
	if _, errOut, code := runCLI(t, append(args, "--accept-large-changes")...); code != 0 {
		t.Fatalf("with --accept-large-changes: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(overlay)
	if err != nil {
		t.Fatalf("accepted refresh did not write the overlay: %v", err)
	}
	// Nothing on-demand is invented for a type AWS sells only as Capacity Blocks.
	if strings.Contains(string(data), "on_demand_usd_per_hour") {
		t.Errorf("the overlay prices trn2.48xlarge on-demand:\n%s", data)
	}
}
