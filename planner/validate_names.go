package planner

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/topoplan/topoplan/internal/termsafe"
)

// The name rule (docs/scenario.md, "Names"): names are data. Every text of
// a scenario is at most MaxNameLen bytes (MaxTextLen for a description)
// and holds no control character (ESC, CR, LF, NUL …) or bidirectional
// mark, so no export or terminal can read it as syntax (reliability review
// F9-F11). Cluster and link names become CloudFormation logical IDs (their
// ASCII letters and digits, case folded): each must keep at least one and
// no two of a kind may fold to the same ID. Availability zones are the
// region's code and one letter; interface-endpoint services are AWS
// service names (ecr.api, ssmmessages) or an explicit "custom:" full name.

// azName matches a zone of a region: the region code and one letter.
var azName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+[a-z]$`) })

// endpointService matches an AWS PrivateLink service suffix
// ("com.amazonaws.REGION." is added): lower-case words joined by dots or
// dashes.
var endpointService = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`) })

// customEndpoint matches a full endpoint service name after "custom:"
// (com.amazonaws.vpce.us-east-1.vpce-svc-0123…, aws.sagemaker.…).
var customEndpoint = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`) })

// CustomEndpointPrefix marks an interface endpoint given by its full
// service name rather than an AWS service suffix.
const CustomEndpointPrefix = "custom:"

// FoldID is the part of a name a CloudFormation logical ID keeps: its ASCII
// letters and digits, lower-cased.
func FoldID(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// names checks the name rule.
func (v *validator) names() {
	v.controls(reflect.ValueOf(*v.s), "")
	idKind := func(what, list string, names []string) {
		seen := map[string]int{}
		for i, n := range names {
			p := fmt.Sprintf("%s[%d].name", list, i)
			if n == "" {
				continue
			}
			f := FoldID(n)
			if f == "" {
				v.errorf(p, "%s name %q has no ASCII letter or digit; CloudFormation logical IDs are built from them (see docs/scenario.md, \"Names\")", what, termsafe.Clean(n))
				continue
			}
			if j, dup := seen[f]; dup && names[j] != n {
				v.errorf(p, "%s name %q gives the same CloudFormation logical ID as %q (%s[%d]): names differing only in case, spaces or punctuation collide; rename one", what, termsafe.Clean(n), termsafe.Clean(names[j]), list, j)
				continue
			}
			seen[f] = i
		}
	}
	var cl, ln []string
	for _, c := range v.s.Clusters {
		cl = append(cl, c.Name)
	}
	for _, l := range v.s.Links {
		ln = append(ln, l.Name)
	}
	idKind("cluster", "clusters", cl)
	idKind("link", "links", ln)
	seenSvc := map[string]int{}
	for i, svc := range v.s.AWS.InterfaceEndpoints {
		f := FoldID(strings.TrimPrefix(svc, CustomEndpointPrefix))
		if j, dup := seenSvc[f]; dup && f != "" && v.s.AWS.InterfaceEndpoints[j] != svc {
			v.errorf(fmt.Sprintf("aws.interface_endpoints[%d]", i), "interface endpoint %q gives the same CloudFormation logical ID as %q (aws.interface_endpoints[%d])", termsafe.Clean(svc), v.s.AWS.InterfaceEndpoints[j], j)
		}
		seenSvc[f] = i
	}

	region := v.s.AWS.Region
	az := func(p, z string) {
		if z != "" && (!azName().MatchString(z) || (region != "" && !strings.HasPrefix(z, region))) && termsafeOK(z) {
			v.errorf(p, "availability zone %q is not a zone name (the region code and one letter, e.g. %sa)", z, orDefault(region, "us-east-1"))
		}
	}
	for i, z := range v.s.AWS.AvailabilityZones {
		if azName().MatchString(z) || !termsafeOK(z) {
			continue
		}
		v.errorf(fmt.Sprintf("aws.availability_zones[%d]", i), "availability zone %q is not a zone name (the region code and one letter, e.g. %sa)", z, orDefault(region, "us-east-1"))
	}
	for i, c := range v.s.Clusters {
		if c.Region == "" || c.Region == region {
			az(fmt.Sprintf("clusters[%d].az", i), c.AZ)
		} else {
			v.realZone(fmt.Sprintf("clusters[%d].az", i), c.AZ, c.Region)
		}
	}
	for i, z := range v.s.AWS.AvailabilityZones {
		v.realZone(fmt.Sprintf("aws.availability_zones[%d]", i), z, region)
	}
	for i, svc := range v.s.AWS.InterfaceEndpoints {
		p := fmt.Sprintf("aws.interface_endpoints[%d]", i)
		if !termsafeOK(svc) {
			continue
		}
		if full, ok := strings.CutPrefix(svc, CustomEndpointPrefix); ok {
			if !customEndpoint().MatchString(full) {
				v.errorf(p, "custom endpoint service %q is not a service name (lower-case words joined by dots or dashes)", full)
			}
			continue
		}
		if !endpointService().MatchString(svc) {
			v.errorf(p, "interface endpoint %q is not an AWS service name (e.g. ecr.api, logs, ssmmessages); give a full service name as %q", svc, CustomEndpointPrefix+"com.amazonaws.vpce.REGION.vpce-svc-…")
			continue
		}
		v.privateLinkService(p, svc)
	}
}

// privateLinkService refuses an interface-endpoint service the catalog's
// PrivateLink list does not hold, suggesting the closest name and the
// custom: escape for any other service.
func (v *validator) privateLinkService(p, svc string) {
	if v.cat == nil {
		return
	}
	known := v.cat.PrivateLinkServices.Services
	if len(known) == 0 || slices.Contains(known, svc) {
		return
	}
	msg := fmt.Sprintf("interface endpoint %q is not an AWS PrivateLink service the catalog knows", svc)
	if s := suggest(svc, known); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	msg += fmt.Sprintf(" For another service give its full name as %s (source of the list: %s)", CustomEndpointPrefix+"com.amazonaws."+orDefault(v.s.AWS.Region, "REGION")+"."+svc, v.cat.PrivateLinkServices.URL)
	v.errorf(p, "%s", msg)
}

// realZone refuses a well-formed zone name of a Region whose zones the
// catalog lists (with their source) when the name is not one of them.
func (v *validator) realZone(p, z, region string) {
	if v.cat == nil || z == "" || !azName().MatchString(z) || !strings.HasPrefix(z, region) {
		return
	}
	r, ok := v.cat.Regions[region]
	if !ok || len(r.Zones) == 0 || slices.Contains(r.Zones, z) {
		return
	}
	src := r.ZonesSource
	if i := strings.Index(src, "https://"); i >= 0 {
		src = strings.TrimRight(strings.Fields(src[i:])[0], ",;")
	}
	v.errorf(p, "%s is not a zone of %s (zones: %s; %s; source %s)", z, region, strings.Join(r.Zones, ", "), r.ZonesNote, src)
}

func termsafeOK(s string) bool { _, bad := termsafe.Unsafe(s); return !bad }

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// controls reports every text holding a control character or a
// bidirectional mark.
func (v *validator) controls(val reflect.Value, path string) {
	switch val.Kind() {
	case reflect.Pointer:
		if !val.IsNil() {
			v.controls(val.Elem(), path)
		}
	case reflect.Struct:
		t := val.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			if t.Field(i).IsExported() && name != "" && name != "-" {
				v.controls(val.Field(i), joinPath(path, name))
			}
		}
	case reflect.Slice:
		for i := 0; i < val.Len(); i++ {
			v.controls(val.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.String:
		if r, bad := termsafe.Unsafe(val.String()); bad {
			v.errorf(path, "%q holds the control character %U; names and texts are data (see docs/scenario.md, \"Names\")", termsafe.Clean(val.String()), r)
		}
	}
}
