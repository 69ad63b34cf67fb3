package planner

import (
	"strings"
	"testing"
)

// TestZonesOfRegion: a well-formed zone name that the Region does not offer
// is refused with the Region's zones and their source; every catalog zone
// is accepted. The zone lists are the AZ counts on AWS's "AWS Availability
// Zones" page (us-east-1: use1-az1…az6 → a–f; us-west-2: four → a–d;
// ap-northeast-1: apne1-az1, az2, az4 → a, c, d).
func TestZonesOfRegion(t *testing.T) {
	scen := func(region, azs string) string {
		return "name: t\naws:\n  region: " + region + "\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: [" + azs + "]\n"
	}
	tests := []struct {
		name, src, want string
	}{
		{"us-east-1g", scen("us-east-1", "us-east-1a, us-east-1g"),
			"aws.availability_zones[1]: us-east-1g is not a zone of us-east-1 (zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f;"},
		{"us-east-1f is a zone", scen("us-east-1", "us-east-1a, us-east-1f"), ""},
		{"us-west-2e", scen("us-west-2", "us-west-2e"), "us-west-2e is not a zone of us-west-2 (zones: us-west-2a, us-west-2b, us-west-2c, us-west-2d;"},
		{"Tokyo b refused", scen("ap-northeast-1", "ap-northeast-1a, ap-northeast-1b"),
			"aws.availability_zones[1]: ap-northeast-1b is not a zone of ap-northeast-1 (zones: ap-northeast-1a, ap-northeast-1c, ap-northeast-1d; apne1-az1"},
		{"Tokyo a c d", scen("ap-northeast-1", "ap-northeast-1a, ap-northeast-1c, ap-northeast-1d"), ""},
		{"eu-north-1d", scen("eu-north-1", "eu-north-1d"), "eu-north-1d is not a zone of eu-north-1 (zones: eu-north-1a, eu-north-1b, eu-north-1c;"},
		{"source named", scen("us-east-2", "us-east-2z"), "source https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := validate(t, tc.src)
			text := got.Error()
			if tc.want == "" {
				if strings.Contains(text, "is not a zone of") {
					t.Errorf("want no zone error, got:\n%s", text)
				}
				return
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, text)
			}
		})
	}
	// A cluster in a second Region is checked against that Region's zones.
	src := scen("us-east-1", "us-east-1a") + "clusters:\n  - {name: c, instance_type: p5.48xlarge, nodes: 2, region: us-west-2, az: us-west-2f}\n"
	if text := validate(t, src).Error(); !strings.Contains(text, "clusters[0].az: us-west-2f is not a zone of us-west-2") {
		t.Errorf("cluster in a second Region: got\n%s", text)
	}
}

// TestCatalogZonesSourced: every Region that lists zones names their source,
// and each zone is the Region code and one letter.
func TestCatalogZonesSourced(t *testing.T) {
	for code, r := range DefaultCatalog().Regions {
		if len(r.Zones) == 0 {
			continue
		}
		if !strings.Contains(r.ZonesSource, "https://") || r.ZonesNote == "" {
			t.Errorf("%s: zones without a source or note", code)
		}
		for _, z := range r.Zones {
			if !strings.HasPrefix(z, code) || len(z) != len(code)+1 || !azName().MatchString(z) {
				t.Errorf("%s: zone %q is not the Region code and one letter", code, z)
			}
		}
	}
}

// TestPrivateLinkServices: an interface endpoint outside the catalog's
// PrivateLink list is refused with the closest name and the custom: form;
// the list's names and custom: names pass.
func TestPrivateLinkServices(t *testing.T) {
	tests := []struct {
		svc, want string
	}{
		{"ecr.api", ""},
		{"ssmmessages", ""},
		{"bedrock-runtime", ""},
		{"custom:com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ""},
		{"log", `aws.interface_endpoints[0]: interface endpoint "log" is not an AWS PrivateLink service the catalog knows; did you mean logs? For another service give its full name as custom:com.amazonaws.us-east-1.log`},
		{"sagemaker-api", "did you mean sagemaker.api?"},
		{"ecr-dkr", "did you mean ecr.dkr?"},
		{"ssmmesages", "did you mean ssmmessages?"},
		{"quantum-annealer", "custom:com.amazonaws.us-east-1.quantum-annealer (source of the list: https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html)"},
	}
	for _, tc := range tests {
		t.Run(tc.svc, func(t *testing.T) {
			text := validate(t, validBase+"  interface_endpoints: [\""+tc.svc+"\"]\n").Error()
			if tc.want == "" {
				if strings.Contains(text, "interface_endpoints") {
					t.Errorf("want %s accepted, got:\n%s", tc.svc, text)
				}
				return
			}
			if !strings.Contains(text, tc.want) {
				t.Errorf("want %q in:\n%s", tc.want, text)
			}
		})
	}
	if len(DefaultCatalog().PrivateLinkServices.Services) == 0 || DefaultCatalog().PrivateLinkServices.URL == "" {
		t.Error("catalog has no sourced PrivateLink service list")
	}
}
