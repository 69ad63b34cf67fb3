package planner

import (
	"fmt"
	"math"
	"net/netip"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/internal/termsafe"
	"github.com/topoplan/topoplan/model"
)

// DedicatedDXSpeedsGbps are the Direct Connect dedicated port speeds.
// Source: https://docs.aws.amazon.com/directconnect/latest/UserGuide/lags.html
// ("a port speed of 1 Gbps, 10 Gbps, 100 Gbps, or 400 Gbps").
var DedicatedDXSpeedsGbps = []float64{1, 10, 100, 400}

// HostedDXSpeedsGbps are the hosted connection speeds.
// Source: https://docs.aws.amazon.com/directconnect/latest/APIReference/API_AllocateHostedConnection.html
var HostedDXSpeedsGbps = []float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 1, 2, 5, 10, 25}

// FSxThroughputTiers are the valid per-unit throughputs (MB/s/TiB) by deployment type and storage type.
// Source: https://docs.aws.amazon.com/fsx/latest/LustreGuide/managing-throughput-capacity.html
var FSxThroughputTiers = map[string][]float64{
	model.FSxPersistent2:          {125, 250, 500, 1000},
	model.FSxPersistent1:          {50, 100, 200},
	model.FSxPersistent1 + "/HDD": {12, 40},
	model.FSxScratch2:             {200},
}

// Validate checks a parsed scenario against the catalog and returns every
// problem at once (errors and warnings), each located in the file.
func Validate(doc *Document, cat *model.Catalog) Diagnostics {
	v := validator{doc: doc, cat: cat, s: &doc.Scenario}
	v.negatives(reflect.ValueOf(doc.Scenario), "")
	v.bounds(reflect.ValueOf(doc.Scenario), "")
	v.names()
	v.top()
	v.sites()
	v.links()
	v.clusters()
	v.onpremClusters()
	v.storage()
	v.workloads()
	v.addressing()
	v.diags.sort()
	return v.diags
}

type validator struct {
	doc   *Document
	cat   *model.Catalog
	s     *model.Scenario
	diags Diagnostics
}

func (v *validator) errorf(path, format string, args ...any) {
	v.diags = append(v.diags, v.doc.diag(SeverityError, path, format, args...))
}

func (v *validator) warnf(path, format string, args ...any) {
	v.diags = append(v.diags, v.doc.diag(SeverityWarning, path, format, args...))
}

// unknown reports a name not among the candidates, with a suggestion.
func (v *validator) unknown(path, what, got string, candidates []string) {
	msg := fmt.Sprintf("unknown %s %q", what, got)
	if s := suggest(got, candidates); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", termsafe.Clean(s))
	} else if len(candidates) > 0 && len(candidates) <= 12 {
		msg += "; expected one of " + termsafe.Clean(strings.Join(candidates, ", "))
	}
	v.errorf(path, "%s", msg)
}

func (v *validator) enum(path, what, got string, allowed []string) {
	if got != "" && !slices.Contains(allowed, got) {
		v.unknown(path, what, got, allowed)
	}
}

// negatives reports every negative number in the scenario.
func (v *validator) negatives(val reflect.Value, path string) {
	switch val.Kind() {
	case reflect.Pointer:
		if !val.IsNil() {
			v.negatives(val.Elem(), path)
		}
	case reflect.Struct:
		t := val.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			v.negatives(val.Field(i), joinPath(path, name))
		}
	case reflect.Slice:
		for i := 0; i < val.Len(); i++ {
			v.negatives(val.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Int:
		if val.Int() < 0 {
			v.errorf(path, "must not be negative (got %d)", val.Int())
		}
	case reflect.Float64:
		if f := val.Float(); f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			v.errorf(path, "must be a finite number not below zero (got %g)", f)
		}
	}
}

// parseCIDR checks an IPv4 CIDR; it reports problems at path and returns ok.
func (v *validator) parseCIDR(path, s string, minBits, maxBits int) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil && strings.Contains(s, ":") {
		v.errorf(path, "invalid CIDR %q: an IPv6 address; topoplan plans IPv4 CIDRs (a.b.c.d/n)", s)
		return netip.Prefix{}, false
	}
	if err != nil {
		addr, bits, found := strings.Cut(s, "/")
		if n, aerr := strconv.Atoi(bits); found && aerr == nil && (n < 0 || n > 32) {
			v.errorf(path, "invalid CIDR %q: prefix length /%d is outside /0-/32", s, n)
		} else if _, aerr := netip.ParseAddr(addr); aerr != nil {
			v.errorf(path, "invalid CIDR %q: %q is not an IPv4 address", s, addr)
		} else {
			v.errorf(path, "invalid CIDR %q (expected a.b.c.d/n)", s)
		}
		return netip.Prefix{}, false
	}
	if !p.Addr().Is4() {
		v.errorf(path, "invalid CIDR %q: only IPv4 is planned", s)
		return netip.Prefix{}, false
	}
	if p.Masked() != p {
		v.errorf(path, "CIDR %q has host bits set; did you mean %s?", s, p.Masked())
		return netip.Prefix{}, false
	}
	if p.Bits() < minBits || p.Bits() > maxBits {
		v.errorf(path, "CIDR %q: prefix length must be between /%d and /%d", s, minBits, maxBits)
		return p, false
	}
	return p, true
}

func (v *validator) top() {
	s := v.s
	if strings.TrimSpace(s.Name) == "" {
		v.errorf("name", "a scenario needs a name")
	}
	regions := SortedKeys(v.cat.Regions)
	if s.AWS.Region == "" {
		v.errorf("aws.region", "the home region is required (e.g. us-east-1)")
	} else if _, ok := v.cat.Regions[s.AWS.Region]; !ok {
		v.unknown("aws.region", "region (no prices in the catalog for it)", s.AWS.Region, regions)
	}
	if s.AWS.VPCCIDR == "" {
		v.errorf("aws.vpc_cidr", "the VPC CIDR is required (e.g. 10.0.0.0/16)")
	} else {
		// VPC CIDR blocks: between /16 and /28 (VPC User Guide, vpc-cidr-blocks).
		v.parseCIDR("aws.vpc_cidr", s.AWS.VPCCIDR, 16, 28)
	}
	for i, c := range s.AWS.SecondaryCIDRs {
		v.parseCIDR(fmt.Sprintf("aws.secondary_cidrs[%d]", i), c, 16, 28)
	}
	if len(s.AWS.AvailabilityZones) == 0 {
		v.errorf("aws.availability_zones", "list at least one availability zone")
	}
	seen := map[string]bool{}
	for i, az := range s.AWS.AvailabilityZones {
		p := fmt.Sprintf("aws.availability_zones[%d]", i)
		if seen[az] {
			v.errorf(p, "availability zone %q listed twice", az)
		}
		seen[az] = true
		if s.AWS.Region != "" && !strings.HasPrefix(az, s.AWS.Region) {
			v.errorf(p, "availability zone %q is not in region %s", az, s.AWS.Region)
		}
	}
	for i, e := range s.AWS.ExistingSubnets {
		v.parseCIDR(fmt.Sprintf("aws.existing_subnets[%d].cidr", i), e.CIDR, 16, 28)
	}
}

// uniqueName reports a missing or repeated name and records it in seen.
func (v *validator) uniqueName(seen map[string]bool, path, what, name string) {
	if name == "" {
		v.errorf(path, "a %s needs a name", what)
	} else if seen[name] {
		v.errorf(path, "%s name %q used twice", what, name)
	}
	seen[name] = true
}

func (v *validator) sites() {
	names := map[string]bool{}
	for i, site := range v.s.Sites {
		p := fmt.Sprintf("sites[%d]", i)
		v.uniqueName(names, p+".name", "site", site.Name)
		for j, c := range site.CIDRs {
			v.parseCIDR(fmt.Sprintf("%s.cidrs[%d]", p, j), c, 0, 32)
		}
		for j, d := range site.Datasets {
			if d.Name == "" {
				v.errorf(fmt.Sprintf("%s.datasets[%d].name", p, j), "a data set needs a name")
			}
			if d.Method != "" {
				v.enum(fmt.Sprintf("%s.datasets[%d].method", p, j), "copy method", d.Method, []string{model.MethodTCPStreams, model.MethodDataSync})
			}
			if d.Method != model.MethodDataSync && (d.Agents > 0 || d.DataSyncTaskGbps > 0) {
				v.warnf(fmt.Sprintf("%s.datasets[%d].agents", p, j), "agents and datasync_task_gbps apply to method: datasync only: ignored")
			}
			if r := d.Residency; r != "" && r != ResidencyOnPrem {
				if _, ok := v.cat.Regions[r]; !ok {
					v.unknown(fmt.Sprintf("%s.datasets[%d].residency", p, j), "residency (on-prem or a catalog Region)", r, append([]string{ResidencyOnPrem}, SortedKeys(v.cat.Regions)...))
				}
			}
		}
		v.place(p, site.City, site.Lat, site.Lon)
	}
}

// place checks a city key or a latitude/longitude pair.
func (v *validator) place(p, city string, lat, lon *float64) {
	if (lat == nil) != (lon == nil) {
		v.errorf(p+".lat", "give both lat and lon, or neither")
	}
	if lat != nil && (*lat < -90 || *lat > 90) {
		v.errorf(p+".lat", "latitude must be between -90 and 90 degrees (got %g)", *lat)
	}
	if lon != nil && (*lon < -180 || *lon > 180) {
		v.errorf(p+".lon", "longitude must be between -180 and 180 degrees (got %g)", *lon)
	}
	if city != "" {
		if _, ok := v.cat.Cities[city]; !ok {
			v.unknown(p+".city", "city", city, SortedKeys(v.cat.Cities))
		}
	}
}

func (v *validator) siteNames() []string {
	out := make([]string, 0, len(v.s.Sites))
	for _, s := range v.s.Sites {
		out = append(out, s.Name)
	}
	return out
}

func (v *validator) links() {
	sites := v.siteNames()
	for i, l := range v.s.Links {
		p := fmt.Sprintf("links[%d]", i)
		if l.Name == "" {
			v.errorf(p+".name", "a link needs a name")
		}
		if l.Site == "" {
			v.errorf(p+".site", "name the on-prem site this link leaves from")
		} else if !slices.Contains(sites, l.Site) {
			v.unknown(p+".site", "site", l.Site, sites)
		}
		switch l.Type {
		case model.LinkDXDedicated:
			if !slices.Contains(DedicatedDXSpeedsGbps, l.SpeedGbps) {
				v.errorf(p+".speed_gbps", "dedicated Direct Connect ports are 1, 10, 100 or 400 Gbps (got %g)", l.SpeedGbps)
			}
			v.lagCount(p, l)
		case model.LinkDXHosted:
			if !slices.Contains(HostedDXSpeedsGbps, l.SpeedGbps) {
				v.errorf(p+".speed_gbps", "hosted Direct Connect connections are 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 1, 2, 5, 10 or 25 Gbps (got %g)", l.SpeedGbps)
			}
		case model.LinkVPN:
			if l.LargeTunnels && !l.TransitGateway {
				v.errorf(p+".large_tunnels", "large-bandwidth (5 Gbps) VPN tunnels need a Transit Gateway attachment (set transit_gateway: true)")
			}
			if l.Tunnels%2 == 1 {
				v.warnf(p+".tunnels", "a Site-to-Site VPN connection has two tunnels; %d tunnels means a connection with an idle tunnel", l.Tunnels)
			}
		case "":
			v.errorf(p+".type", "link type is required: dx-dedicated, dx-hosted or vpn")
			continue
		default:
			v.unknown(p+".type", "link type", l.Type, []string{model.LinkDXDedicated, model.LinkDXHosted, model.LinkVPN})
		}
		v.dxLocation(p, l)
		if l.VIF != "" {
			if l.Type == model.LinkVPN {
				v.warnf(p+".vif", "a VPN has no virtual interface: vif is ignored")
			}
			v.enum(p+".vif", "virtual interface type", l.VIF, []string{model.VIFPrivate, model.VIFTransit, model.VIFPublic})
			if l.VIF == model.VIFTransit && !l.TransitGateway {
				v.warnf(p+".vif", "a transit VIF lands on a Transit Gateway through a Direct Connect gateway: the plan assumes one (set transit_gateway: true)")
			}
		}
	}
}

// lagCount checks the LAG size rule: at most 4 connections below 100 Gbps,
// at most 2 at 100 or 400 Gbps (Direct Connect User Guide, lags.html). More
// connections are allowed as separate (non-LAG) links, so this is a warning.
func (v *validator) lagCount(p string, l model.Link) {
	limit := 4
	if l.SpeedGbps >= 100 {
		limit = 2
	}
	if l.Count > limit {
		v.warnf(p+".count", "%d × %g Gbps exceeds the %d-connection LAG limit at this speed; they will be separate connections, not one LAG", l.Count, l.SpeedGbps, limit)
	}
}

func (v *validator) clusters() {
	types := InstanceTypes(v.cat)
	names := map[string]bool{}
	azs := v.s.AWS.AvailabilityZones
	maxNodes := 0
	if c, ok := v.cat.Constants["placement_group_max_nodes"]; ok {
		maxNodes = int(c.Value)
	}
	if len(v.s.Clusters) == 0 && !hasOnPremClusters(*v.s) {
		v.warnf("clusters", "no clusters: only network and storage costs will be planned")
	}
	for i, c := range v.s.Clusters {
		p := fmt.Sprintf("clusters[%d]", i)
		v.uniqueName(names, p+".name", "cluster", c.Name)
		inst, known := v.cat.Instances[c.InstanceType]
		switch {
		case c.InstanceType == "":
			v.errorf(p+".instance_type", "instance type is required (e.g. p5.48xlarge)")
		case !known:
			v.unknown(p+".instance_type", "instance type", c.InstanceType, types)
		}
		if c.Nodes < 1 {
			v.errorf(p+".nodes", "a cluster needs at least one node")
		}
		region := c.Region
		if region == "" {
			region = v.s.AWS.Region
		}
		if c.Region != "" {
			if _, ok := v.cat.Regions[c.Region]; !ok {
				v.unknown(p+".region", "region (no prices in the catalog for it)", c.Region, SortedKeys(v.cat.Regions))
			}
		}
		homeRegion := c.Region == "" || c.Region == v.s.AWS.Region
		if c.AZ != "" && homeRegion && !slices.Contains(azs, c.AZ) {
			v.unknown(p+".az", "availability zone (not in aws.availability_zones)", c.AZ, azs)
		}
		for j, az := range c.AZs {
			if homeRegion && !slices.Contains(azs, az) {
				v.unknown(fmt.Sprintf("%s.azs[%d]", p, j), "availability zone (not in aws.availability_zones)", az, azs)
			}
		}
		efa := known && inst.EFA
		if c.EFA != nil {
			if *c.EFA && known && !inst.EFA {
				v.errorf(p+".efa", "%s does not support EFA", c.InstanceType)
			}
			efa = *c.EFA && efa
		}
		if efa && len(c.AZs) > 1 {
			v.errorf(p+".azs", "an EFA cluster must sit in one availability zone: EFA traffic is not routable across subnets and a cluster placement group cannot span AZs (EC2 User Guide, efa.md and placement-groups.md)")
		}
		if c.AZ != "" && len(c.AZs) > 0 {
			v.errorf(p+".azs", "give either az or azs, not both")
		}
		if maxNodes > 0 && c.Nodes > maxNodes {
			// A warning, as the catalog's note says: AWS publishes no maximum
			// number of instances in a cluster placement group (its rules
			// limit only the number of groups), capacity is the real limit.
			v.warnf(p+".nodes", "%d nodes exceeds the placement-group sanity limit of %d nodes per cluster in one AZ; AWS publishes no hard maximum, but capacity for this many nodes in one AZ should be reserved with AWS (capacity reservations, UltraClusters), or split the cluster", c.Nodes, maxNodes)
		}
		v.enum(p+".orchestrator", "orchestrator", c.Orchestrator, []string{model.OrchestratorNone, model.OrchestratorSlurm, model.OrchestratorEKS, model.OrchestratorHyperPod})
		v.enum(p+".purchase.option", "purchase option", c.Purchase.Option, []string{model.PurchaseOnDemand, model.PurchaseCapacityBlock, model.PurchaseSavingsPlan, model.PurchaseReserved})
		if c.Purchase.DiscountPct > 100 {
			v.errorf(p+".purchase.discount_pct", "a discount above 100%% is impossible (got %g)", c.Purchase.DiscountPct)
		}
		v.enum(p+".efa_interface_type", "EFA interface type", c.EFAInterfaceType, []string{"efa", "efa-only"})
		if c.HoursPerMonth > 744 {
			v.errorf(p+".hours_per_month", "a month has at most 744 hours (got %g)", c.HoursPerMonth)
		}
		if (c.PrefixDelegation || c.PodsPerNode > 0) && c.Orchestrator != model.OrchestratorEKS {
			v.warnf(p+".pods_per_node", "pods_per_node and prefix_delegation apply only to EKS clusters")
		}
		if known {
			v.offering(p, c, region)
		}
	}
}

func (v *validator) storage() {
	f := v.s.Storage.FSxLustre
	if f == nil {
		return
	}
	p := "storage.fsx_lustre"
	types := []string{model.FSxScratch2, model.FSxPersistent1, model.FSxPersistent2}
	if f.DeploymentType == "" {
		v.errorf(p+".deployment_type", "deployment type is required: %s", strings.Join(types, ", "))
	} else {
		v.enum(p+".deployment_type", "FSx for Lustre deployment type", f.DeploymentType, types)
	}
	if f.CapacityTiB <= 0 {
		v.errorf(p+".capacity_tib", "capacity must be above zero")
	}
	v.enum(p+".storage_type", "storage type", f.StorageType, []string{"SSD", "HDD"})
	if f.StorageType == "HDD" && f.DeploymentType != model.FSxPersistent1 {
		v.errorf(p+".storage_type", "HDD storage exists only for PERSISTENT_1")
	}
	key := f.DeploymentType
	if f.StorageType == "HDD" {
		key += "/HDD"
	}
	if tiers, ok := FSxThroughputTiers[key]; ok && f.ThroughputMBpsPerTiB != 0 && !slices.Contains(tiers, f.ThroughputMBpsPerTiB) {
		v.errorf(p+".throughput_mbps_per_tib", "%s offers %s MB/s/TiB (got %g)", key, joinFloats(tiers), f.ThroughputMBpsPerTiB)
	}
	if f.EFAEnabled && f.DeploymentType != model.FSxPersistent2 {
		v.errorf(p+".efa_enabled", "EFA-enabled file systems are PERSISTENT_2 only")
	}
	if f.AZ != "" && !slices.Contains(v.s.AWS.AvailabilityZones, f.AZ) {
		v.unknown(p+".az", "availability zone", f.AZ, v.s.AWS.AvailabilityZones)
	}
}

func (v *validator) workloads() {
	clusters := make([]string, 0, len(v.s.Clusters))
	byName := map[string]model.Cluster{}
	for _, c := range v.s.Clusters {
		clusters = append(clusters, c.Name)
		byName[c.Name] = c
	}
	var datasets []string
	for _, s := range v.s.Sites {
		for _, d := range s.Datasets {
			datasets = append(datasets, d.Name)
		}
	}
	for i, j := range v.s.Workloads.Training {
		p := fmt.Sprintf("workloads.training[%d]", i)
		c, ok := byName[j.Cluster]
		_, _, onprem := onpremByName(*v.s, j.Cluster)
		if j.Cluster == "" {
			v.errorf(p+".cluster", "name the cluster this job runs on")
		} else if !ok && !onprem {
			v.unknown(p+".cluster", "cluster", j.Cluster, append(slices.Clone(clusters), onpremNames(*v.s)...))
		}
		v.placement(p, j, ok)
		_, preset := model.Preset(j.Model)
		if j.Model != "" && !preset {
			v.unknown(p+".model", "model preset", j.Model, model.PresetNames())
		}
		shaped := j.Layers > 0 && j.Hidden > 0 && j.Heads > 0
		if j.ParametersB <= 0 && !preset && !shaped {
			v.errorf(p+".parameters_b", "model size must be above zero (billions of parameters), or name a model preset, or give layers, hidden and heads")
		}
		v.trainingShape(p, j)
		if j.TokensB <= 0 {
			v.errorf(p+".tokens_b", "training tokens must be above zero (billions)")
		}
		v.enum(p+".precision", "precision", j.Precision, []string{"bf16", "fp16", "fp8", "fp32"})
		v.enum(p+".allreduce", "allreduce algorithm", j.Algorithm, []string{model.AlgorithmAuto, model.AlgorithmRing, model.AlgorithmTree,
			model.AlgorithmNVLS, model.AlgorithmNVLSTree, model.AlgorithmHierarchical})
		v.enum(p+".recompute", "recomputation", j.Recompute, []string{model.RecomputeNone, model.RecomputeSelective, model.RecomputeFull})
		if j.MFU > 1 {
			v.errorf(p+".mfu", "MFU is a fraction between 0 and 1 (got %g)", j.MFU)
		}
		if j.OverlapFraction != nil && *j.OverlapFraction > 1 {
			v.errorf(p+".overlap_fraction", "overlap is a fraction between 0 and 1 (got %g)", *j.OverlapFraction)
		}
		if j.Dataset != "" && !slices.Contains(datasets, j.Dataset) {
			v.unknown(p+".dataset", "data set", j.Dataset, datasets)
		}
		if inst, known := v.cat.Instances[c.InstanceType]; ok && known {
			accel := mulSat(c.Nodes, inst.AcceleratorCount)
			tp, pp := max(j.TensorParallel, 1), max(j.PipelineParallel, 1)
			tpp := mulSat(tp, pp)
			if tpp > accel {
				v.errorf(p+".tensor_parallel", "tensor × pipeline = %s exceeds the cluster's %d accelerators", satString(tpp), accel)
			} else if j.DataParallel > 0 && mulSat(j.DataParallel, tpp) > accel {
				v.errorf(p+".data_parallel", "data × tensor × pipeline = %s exceeds the cluster's %d accelerators", satString(mulSat(j.DataParallel, tpp)), accel)
			} else if accel%tpp != 0 {
				v.warnf(p+".tensor_parallel", "tensor × pipeline = %d does not divide the cluster's %d accelerators", tpp, accel)
			}
			if tp > inst.AcceleratorCount && inst.AcceleratorCount > 0 {
				v.warnf(p+".tensor_parallel", "tensor parallelism of %d crosses nodes (%d accelerators per node): its traffic leaves NVLink", tp, inst.AcceleratorCount)
			}
		}
	}
	regions := SortedKeys(v.cat.Regions)
	for i, inf := range v.s.Workloads.Inference {
		p := fmt.Sprintf("workloads.inference[%d]", i)
		if inf.Name == "" {
			v.errorf(p+".name", "an inference service needs a name")
		}
		for k, c := range inf.Clusters {
			if _, ok := byName[c]; !ok {
				v.unknown(fmt.Sprintf("%s.clusters[%d]", p, k), "cluster", c, clusters)
			}
		}
		for k, r := range inf.Regions {
			if _, ok := v.cat.Regions[r]; !ok {
				v.unknown(fmt.Sprintf("%s.regions[%d]", p, k), "region", r, regions)
			}
		}
		v.enum(p+".precision", "precision", inf.Precision, []string{"bf16", "fp16", "fp8", "int8", "int4", "fp32"})
		v.enum(p+".model_source", "model source", inf.ModelSource, []string{"s3", "fsx"})
		v.enum(p+".front_door", "front door", inf.FrontDoor, []string{"none", "route53", "global-accelerator"})
		if inf.TargetUtilisation > 1 {
			v.errorf(p+".target_utilisation", "target utilisation is a fraction between 0 and 1 (got %g)", inf.TargetUtilisation)
		}
		if inf.RequestsPerSecond > 0 && inf.TokensOut <= 0 && (len(inf.Users) > 0 || inf.TokensIn > 0) {
			v.warnf(p+".tokens_out", "output tokens per request not given: the fleet cannot be sized")
		}
		if inf.ModelSource == "fsx" && v.s.Storage.FSxLustre == nil {
			v.errorf(p+".model_source", "model_source fsx needs storage.fsx_lustre")
		}
		users := map[string]bool{}
		for k, u := range inf.Users {
			up := fmt.Sprintf("%s.users[%d]", p, k)
			v.uniqueName(users, up+".name", "user population", u.Name)
			v.place(up, u.City, u.Lat, u.Lon)
			if u.City == "" && u.Lat == nil && u.RTTMs <= 0 {
				v.warnf(up+".city", "give a city, lat/lon or rtt_ms: without them the latency to the region is unknown")
			}
		}
	}
}

// SortedKeys returns a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func joinFloats(fs []float64) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strings.Join(parts, "/")
}

// trainingShape checks a training job's architecture and layout fields
// against each other: heads divide the width, KV heads divide the heads,
// top-k within the experts, the expert-parallel degree divides the experts,
// ZeRO 0-3, and a tensor-parallel degree that divides the heads.
func (v *validator) trainingShape(p string, j model.TrainingJob) {
	a, _ := model.Preset(j.Model)
	pick := func(own, preset int) int {
		if own > 0 {
			return own
		}
		return preset
	}
	hidden, heads, kv := pick(j.Hidden, a.Hidden), pick(j.Heads, a.Heads), pick(j.KVHeads, a.KVHeads)
	layers, experts, topk := pick(j.Layers, a.Layers), pick(j.Experts, a.Experts), pick(j.ExpertsPerToken, a.ExpertsPerToken)
	if heads > 0 && hidden > 0 && hidden%heads != 0 {
		v.errorf(p+".heads", "%d heads do not divide the hidden size %d", heads, hidden)
	}
	if kv > 0 && heads > 0 && heads%kv != 0 {
		v.errorf(p+".kv_heads", "%d key/value heads do not divide the %d attention heads", kv, heads)
	}
	if topk > 0 && experts > 0 && topk > experts {
		v.errorf(p+".experts_per_token", "each token cannot visit %d of %d experts", topk, experts)
	}
	if j.ExpertParallel > 1 && (experts <= 1 || experts%j.ExpertParallel != 0) {
		v.errorf(p+".expert_parallel", "expert parallelism of %d needs a mixture-of-experts model whose expert count (%d) it divides", j.ExpertParallel, experts)
	}
	if j.ZeROStage != nil && (*j.ZeROStage < 0 || *j.ZeROStage > 3) {
		v.errorf(p+".zero_stage", "ZeRO stage is 0, 1, 2 or 3 (3 = FSDP), got %d", *j.ZeROStage)
	}
	if j.TensorParallel > 1 && heads > 0 && heads%j.TensorParallel != 0 {
		v.warnf(p+".tensor_parallel", "tensor parallelism of %d does not divide the %d attention heads", j.TensorParallel, heads)
	}
	if j.PipelineParallel > 1 && layers > 0 && j.PipelineParallel > layers {
		v.errorf(p+".pipeline_parallel", "%d pipeline stages for %d layers", j.PipelineParallel, layers)
	}
	if j.VirtualStages > 1 && j.PipelineParallel <= 1 {
		v.warnf(p+".virtual_stages", "virtual stages interleave a pipeline: set pipeline_parallel above 1")
	}
}
