package awsapi

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// InstanceSpec is what DescribeInstanceTypes reports about one instance
// type, in the units of model.Instance. Accelerator fields are zero for a type
// with neither GPUs nor Neuron devices.
type InstanceSpec struct {
	// Type is the instance type name.
	Type string
	// AcceleratorName is the GPU or Neuron device, e.g. "NVIDIA H100" or "Trainium2".
	AcceleratorName string
	// AcceleratorCount is GpuInfo.Gpus[].Count or NeuronInfo.NeuronDevices[].Count summed.
	AcceleratorCount int
	// AcceleratorMemoryGiB is one device's memory: MemoryInfo.SizeInMiB / 1024.
	AcceleratorMemoryGiB float64
	// VCPUs is VCpuInfo.DefaultVCpus.
	VCPUs int
	// MemoryGiB is MemoryInfo.SizeInMiB / 1024.
	MemoryGiB float64
	// NetworkGbps is NetworkInfo.NetworkPerformance in Gbps ("3200 Gigabit" = 3200),
	// or the sum of the network cards' PeakBandwidthInGbps when that string has no number.
	NetworkGbps float64
	// EFA is NetworkInfo.EfaSupported.
	EFA bool
	// NetworkCards is NetworkInfo.MaximumNetworkCards.
	NetworkCards int
	// MaxEFAInterfaces is NetworkInfo.EfaInfo.MaximumEfaInterfaces.
	MaxEFAInterfaces int
	// MaxENIs is NetworkInfo.MaximumNetworkInterfaces.
	MaxENIs int
	// IPv4PerENI is NetworkInfo.Ipv4AddressesPerInterface.
	IPv4PerENI int
}

// DescribeInstanceTypes reads the specs of the given types in one region,
// following NextToken pages; page is called after each page (may be nil).
// A type the region does not offer is a KindNotOffered error naming it.
func DescribeInstanceTypes(ctx context.Context, api EC2API, region string, names []string, page func()) (map[string]InstanceSpec, error) {
	op := fmt.Sprintf("EC2 DescribeInstanceTypes (%s)", region)
	in := &ec2.DescribeInstanceTypesInput{}
	for _, n := range names {
		in.InstanceTypes = append(in.InstanceTypes, types.InstanceType(n))
	}
	out := map[string]InstanceSpec{}
	p := ec2.NewDescribeInstanceTypesPaginator(api, in)
	for p.HasMorePages() {
		res, err := p.NextPage(ctx)
		if err != nil {
			err = explain(op, err)
			if IsKind(err, KindNotOffered) {
				return nil, notOffered(region, names, err)
			}
			return nil, err
		}
		for _, it := range res.InstanceTypes {
			s := mapInstanceType(it)
			out[s.Type] = s
		}
		if page != nil {
			page()
		}
	}
	var missing []string
	for _, n := range names {
		if _, ok := out[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, &Error{Kind: KindNotOffered, Op: op,
			Msg: fmt.Sprintf("%s: region %s does not offer %s; refresh the other types with --instance-type, or drop the region", op, region, strings.Join(missing, ", "))}
	}
	return out, nil
}

var bracketList = regexp.MustCompile(`\[([^\]]*)\]`)

// notOffered rewrites EC2's InvalidInstanceType error ("The following
// supplied instance types do not exist: [p5.48xlarge]") to name the region.
func notOffered(region string, names []string, err error) error {
	e := err.(*Error)
	which := ""
	if m := bracketList.FindStringSubmatch(e.Msg); m != nil {
		which = strings.TrimSpace(m[1])
	}
	if which == "" {
		which = "one of " + strings.Join(names, ", ")
	}
	e.Msg = fmt.Sprintf("%s: region %s does not offer %s (EC2 InvalidInstanceType); refresh the other types with --instance-type, or drop the region", e.Op, region, which)
	return e
}

var gbpsRE = regexp.MustCompile(`(?i)(?:([0-9]+)\s*x\s*)?([0-9]+(?:\.[0-9]+)?)\s*(Gigabit|Terabit|Megabit|Gbps|Tbps|Mbps)`)

// parseNetworkPerformance reads DescribeInstanceTypes' NetworkPerformance
// as Gbps: "3200 Gigabit", "Up to 25 Gigabit", "3.2 Terabit", and the
// multi-card forms "4x 100 Gigabit" (p4d.24xlarge = 400) and "8 x 100 Gbps"
// (the count multiplies); ok is false when the string has no figure.
func parseNetworkPerformance(s string) (gbps float64, ok bool) {
	m := gbpsRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[2], 64)
	if err != nil {
		return 0, false
	}
	if m[1] != "" {
		n, err := strconv.Atoi(m[1])
		if err != nil || n <= 0 {
			return 0, false
		}
		v *= float64(n)
	}
	switch strings.ToLower(m[3]) {
	case "terabit", "tbps":
		v *= 1000
	case "megabit", "mbps":
		v /= 1000
	}
	return v, true
}

func mapInstanceType(it types.InstanceTypeInfo) InstanceSpec {
	s := InstanceSpec{Type: string(it.InstanceType)}
	if it.VCpuInfo != nil {
		s.VCPUs = int(aws.ToInt32(it.VCpuInfo.DefaultVCpus))
	}
	if it.MemoryInfo != nil {
		s.MemoryGiB = float64(aws.ToInt64(it.MemoryInfo.SizeInMiB)) / 1024
	}
	if g := it.GpuInfo; g != nil {
		for _, d := range g.Gpus {
			s.AcceleratorCount += int(aws.ToInt32(d.Count))
			if s.AcceleratorName == "" {
				s.AcceleratorName = strings.TrimSpace(aws.ToString(d.Manufacturer) + " " + aws.ToString(d.Name))
				if d.MemoryInfo != nil {
					s.AcceleratorMemoryGiB = float64(aws.ToInt32(d.MemoryInfo.SizeInMiB)) / 1024
				}
			}
		}
	}
	if n := it.NeuronInfo; n != nil && s.AcceleratorCount == 0 {
		for _, d := range n.NeuronDevices {
			s.AcceleratorCount += int(aws.ToInt32(d.Count))
			if s.AcceleratorName == "" {
				s.AcceleratorName = aws.ToString(d.Name)
				if d.MemoryInfo != nil {
					s.AcceleratorMemoryGiB = float64(aws.ToInt32(d.MemoryInfo.SizeInMiB)) / 1024
				}
			}
		}
	}
	if ni := it.NetworkInfo; ni != nil {
		s.EFA = aws.ToBool(ni.EfaSupported)
		s.NetworkCards = int(aws.ToInt32(ni.MaximumNetworkCards))
		s.MaxENIs = int(aws.ToInt32(ni.MaximumNetworkInterfaces))
		s.IPv4PerENI = int(aws.ToInt32(ni.Ipv4AddressesPerInterface))
		if ni.EfaInfo != nil {
			s.MaxEFAInterfaces = int(aws.ToInt32(ni.EfaInfo.MaximumEfaInterfaces))
		}
		if v, ok := parseNetworkPerformance(aws.ToString(ni.NetworkPerformance)); ok {
			s.NetworkGbps = v
		} else {
			for _, c := range ni.NetworkCards {
				s.NetworkGbps += aws.ToFloat64(c.PeakBandwidthInGbps)
			}
		}
	}
	return s
}
