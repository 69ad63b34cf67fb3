package planner

import (
	"fmt"
	"math"
	"reflect"
	"strings"
)

// Bounds on every number, text and list a scenario can carry.
//
// Each figure the model computes is a product or a quotient of a few scenario
// numbers; keeping every input between MinPositiveFloat and its maximum keeps
// every figure finite (float64 carries up to 1.8e308) and every integer
// product within int64 (reliability review F2, F3). Counts of AWS resources
// stay within AWS's own quotas, cited per field. New scenario fields adopt a
// bound by adding a line to fieldBounds (the default applies otherwise).

// Bound is the allowed range of one scenario field.
type Bound struct {
	// Max is the largest value accepted (a count, or the field's unit).
	Max float64
	// MinPositive is the smallest value above zero accepted (floats only;
	// zero itself means "not given" for most fields and stays allowed).
	MinPositive float64
	// Why says where the bound comes from (an AWS quota page, or the
	// model's range).
	Why string
}

// Default bounds for fields without their own line in fieldBounds.
const (
	// DefaultMaxInt is the largest whole number a field accepts: 2^20,
	// so a product of three such counts stays below 2^63.
	DefaultMaxInt = 1 << 20
	// DefaultMaxFloat is the largest decimal a field accepts (1e12 in the
	// field's unit: TB, billions of parameters, hours, requests/s ...).
	DefaultMaxFloat = 1e12
	// MinPositiveFloat is the smallest non-zero decimal a field accepts;
	// smaller values (1e-320) divide to +Inf.
	MinPositiveFloat = 1e-9
	// MaxNameLen is the longest name (scenario, site, link, cluster, data
	// set, job, service, AZ, endpoint) in bytes: CloudFormation's
	// LaunchTemplateName allows 128 characters and topoplan prefixes it with
	// the scenario name, so each stays at 63 (docs/scenario.md, "Names").
	MaxNameLen = 63
	// MaxTextLen is the longest free text (description, notes) in bytes.
	MaxTextLen = 4096
	// MaxListLen is the longest list of any kind without its own bound.
	MaxListLen = 1000
)

const (
	quotaVPC         = "Amazon VPC quotas, https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html"
	quotaPrivateLink = "AWS PrivateLink quotas, https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"
	quotaVPN         = "Site-to-Site VPN quotas, https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html"
	modelRange       = "the range topoplan's model carries"
)

// fieldBounds are the bounds of fields that differ from the defaults, by
// field path without list indexes ("links.tunnels").
var fieldBounds = map[string]Bound{
	// 50 Site-to-Site VPN connections per Region (default quota), two tunnels each.
	"links.tunnels": {Max: 100, Why: "50 Site-to-Site VPN connections per Region × 2 tunnels (" + quotaVPN + ")"},
	// Dedicated connections in a LAG: at most 4 (100 Gbps: 2).
	"links.count":                                   {Max: 4, Why: "a link aggregation group holds at most 4 connections (https://docs.aws.amazon.com/directconnect/latest/UserGuide/lags.html)"},
	"aws.nat_gateways":                              {Max: 5 * 6, Why: "5 NAT gateways per Availability Zone (" + quotaVPC + ") × 6 AZs"},
	"aws.interface_endpoints":                       {Max: 50, Why: "50 interface endpoints per VPC, the default quota (" + quotaPrivateLink + ")"},
	"aws.secondary_cidrs":                           {Max: 49, Why: "50 IPv4 CIDR blocks per VPC including the primary, the quota's maximum (" + quotaVPC + ")"},
	"aws.availability_zones":                        {Max: 6, Why: "the most Availability Zones any Region has"},
	"aws.existing_subnets":                          {Max: 200, Why: "200 subnets per VPC, the default quota (" + quotaVPC + ")"},
	"clusters":                                      {Max: 100, Why: modelRange},
	"clusters.pods_per_node":                        {Max: 737, Why: "the largest max-pods EKS computes for any instance type (https://github.com/awslabs/amazon-eks-ami/blob/main/templates/shared/runtime/eni-max-pods.txt)"},
	"clusters.hours_per_month":                      {Max: 744, Why: "31 days × 24 h"},
	"clusters.purchase.discount_pct":                {Max: 100, Why: "a percentage"},
	"aws.subnet_headroom_pct":                       {Max: 1000, Why: "a percentage of the need"},
	"sites":                                         {Max: 100, Why: modelRange},
	"links":                                         {Max: 100, Why: modelRange},
	"workloads.training.tensor_parallel":            {Max: 1 << 16, Why: modelRange},
	"workloads.training.pipeline_parallel":          {Max: 1 << 16, Why: modelRange},
	"workloads.training.expert_parallel":            {Max: 1 << 16, Why: modelRange},
	"workloads.training.virtual_stages":             {Max: 1 << 10, Why: modelRange},
	"workloads.training.mfu":                        {Max: 1, MinPositive: 1e-4, Why: "a fraction; below 0.01% the job would never finish"},
	"workloads.training.overlap_fraction":           {Max: 1, Why: "a fraction"},
	"workloads.training.parameters_b":               {Max: 1e6, Why: modelRange},
	"workloads.training.active_parameters_b":        {Max: 1e6, Why: modelRange},
	"workloads.training.tokens_b":                   {Max: 1e9, Why: modelRange},
	"workloads.training.bytes_per_token":            {Max: 1e9, Why: modelRange},
	"workloads.training.checkpoint_bytes_per_param": {Max: 1e3, Why: modelRange},
	"workloads.training.flops_per_token_per_param":  {Max: 1e3, Why: modelRange},
	"storage.fsx_lustre.capacity_tib":               {Max: 1e6, Why: modelRange},
	"storage.fsx_lustre.throughput_mbps_per_tib":    {Max: 1e4, Why: modelRange},
}

// withoutIndexes drops the list indexes from a field path:
// "clusters[2].nodes" is "clusters.nodes". A bracket that does not hold
// only digits stays.
func withoutIndexes(path string) string {
	if !strings.Contains(path, "[") {
		return path
	}
	var b strings.Builder
	b.Grow(len(path))
	for {
		i := strings.IndexByte(path, '[')
		if i < 0 {
			break
		}
		j := strings.IndexByte(path[i:], ']')
		if j < 2 || strings.Trim(path[i+1:i+j], "0123456789") != "" {
			b.WriteString(path[:i+1])
			path = path[i+1:]
			continue
		}
		b.WriteString(path[:i])
		path = path[i+j+1:]
	}
	b.WriteString(path)
	return b.String()
}

// BoundOf returns the bound of the field at path (list indexes ignored;
// "clusters[2].nodes" is "clusters.nodes") and whether the field is a whole
// number, for callers that step values (the TUI) to stop at it.
func BoundOf(path string, integer bool) Bound {
	if b, ok := fieldBounds[withoutIndexes(path)]; ok {
		if b.MinPositive == 0 && !integer {
			b.MinPositive = MinPositiveFloat
		}
		return b
	}
	if integer {
		return Bound{Max: DefaultMaxInt, Why: modelRange}
	}
	return Bound{Max: DefaultMaxFloat, MinPositive: MinPositiveFloat, Why: modelRange}
}

// textFields are the free-text fields (longer than a name).
var textFields = map[string]bool{"description": true, "note": true, "notes": true}

// bounds reports every number, text and list of the scenario outside its
// bound (negative numbers and NaN are reported by negatives).
func (v *validator) bounds(val reflect.Value, path string) {
	switch val.Kind() {
	case reflect.Pointer:
		if !val.IsNil() {
			v.bounds(val.Elem(), path)
		}
	case reflect.Struct:
		t := val.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			if name == "-" || name == "" {
				continue
			}
			v.bounds(val.Field(i), joinPath(path, name))
		}
	case reflect.Slice:
		b := Bound{Max: MaxListLen, Why: modelRange}
		if fb, ok := fieldBounds[withoutIndexes(path)]; ok {
			b = fb
		}
		if n := val.Len(); float64(n) > b.Max {
			v.errorf(path, "%d entries exceed the limit of %s (%s)", n, fmtBound(b.Max), b.Why)
			return
		}
		for i := 0; i < val.Len(); i++ {
			v.bounds(val.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Map:
		if val.Len() > MaxListLen {
			v.errorf(path, "%d entries exceed the limit of %d (%s)", val.Len(), MaxListLen, modelRange)
		}
	case reflect.String:
		s := val.String()
		limit, what := MaxNameLen, "a name"
		if textFields[lastSegment(path)] {
			limit, what = MaxTextLen, "a text"
		}
		if len(s) > limit {
			v.errorf(path, "%s of %d bytes is too long (at most %d; see docs/scenario.md, \"Names\")", what, len(s), limit)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n := val.Int()
		b := BoundOf(path, true)
		if n > 0 && float64(n) > b.Max {
			v.errorf(path, "%d is above the limit of %s (%s)", n, fmtBound(b.Max), b.Why)
		}
	case reflect.Float64:
		f := val.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
			return
		}
		b := BoundOf(path, false)
		switch {
		case f > b.Max:
			v.errorf(path, "%g is above the limit of %s (%s)", f, fmtBound(b.Max), b.Why)
		case f < b.MinPositive:
			v.errorf(path, "%g is below the smallest value above zero, %g (%s)", f, b.MinPositive, b.Why)
		}
	}
}

func fmtBound(x float64) string {
	if x == math.Trunc(x) && x < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%g", x)
}

func lastSegment(path string) string {
	path = withoutIndexes(path)
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// mulSat multiplies non-negative whole numbers, saturating at math.MaxInt
// instead of wrapping (F3: tensor × pipeline wrapped to 0 and divided by it).
func mulSat(xs ...int) int {
	p := 1
	for _, x := range xs {
		if x <= 0 {
			return 0
		}
		if p > math.MaxInt/x {
			return math.MaxInt
		}
		p *= x
	}
	return p
}

// satString prints a saturated product as "more than 2^63" rather than the
// saturation value.
func satString(n int) string {
	if n == math.MaxInt {
		return "more than 9.2e18"
	}
	return fmt.Sprint(n)
}
