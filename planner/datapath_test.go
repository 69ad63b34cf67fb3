package planner

import (
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func findHop(dp model.DataPathPlan, kind string) (model.RouteHop, bool) {
	for _, h := range dp.Route {
		if h.Kind == kind {
			return h, true
		}
	}
	return model.RouteHop{}, false
}

func TestDataPathExample(t *testing.T) {
	cat := DefaultCatalog()
	s := loadExample(t)

	// Without an S3 data lake nothing adds an S3 interface endpoint: a
	// private VIF to a VGW has no way into S3 (the gateway endpoint serves
	// the VPC only).
	noLake := loadExample(t)
	noLake.Storage.S3 = nil
	p := Evaluate(noLake, cat, Options{})
	if len(p.DataPaths) != 1 || p.DataPaths[0].ReachesS3 {
		t.Fatalf("data paths = %+v, want one that does not reach S3", p.DataPaths)
	}
	if !hasFinding(p.Findings, "datapath.no-s3-route") {
		t.Errorf("no datapath.no-s3-route finding")
	}
	if _, ok := findHop(p.DataPaths[0], "dx-gateway"); !ok {
		t.Errorf("EqFA5 (eu-central-1) to a us-east-1 VPC needs a Direct Connect gateway hop: %+v", p.DataPaths[0].Route)
	}

	// As shipped (an S3 data lake, s3 not listed): the route uses the S3
	// interface endpoint that export cfn adds, and says so. 200 TB =
	// 200,000 GB × $0.01 = $2,000 of PrivateLink processing; the links
	// (2 × 100 Gbps × 0.947 = 189.4 Gbps) are the bottleneck below the
	// endpoint's 2 AZ × 100 Gbps = 200 Gbps; 1.6e15 bit / 189.4e9 bit/s =
	// 8,448 s = 2.347 h; at the measured 92 ms a 4 MiB window carries
	// 0.3647 Gbps, so 189.4 / 0.3647 = 519.3 → 520 streams.
	for _, listed := range []bool{false, true} {
		if listed {
			s.AWS.InterfaceEndpoints = append(s.AWS.InterfaceEndpoints, "s3")
		}
		p = Evaluate(s, cat, Options{})
		dp := p.DataPaths[0]
		if !dp.ReachesS3 || math.Abs(dp.CostUSD-2000) > 1e-6 || math.Abs(dp.RateGbps-189.4) > 1e-9 {
			t.Fatalf("listed %v: reaches %v cost %g rate %g, want true, 2000, 189.4", listed, dp.ReachesS3, dp.CostUSD, dp.RateGbps)
		}
		if dp.S3EndpointImplied == listed || hasFinding(p.Findings, "datapath.s3-endpoint-implied") == listed {
			t.Errorf("listed %v: implied %v", listed, dp.S3EndpointImplied)
		}
		if ep, _ := findHop(dp, "s3-interface-endpoint"); ep.CapacityGbps != 200 {
			t.Errorf("endpoint capacity %g, want 200", ep.CapacityGbps)
		}
		if math.Abs(dp.Hours-2.3466) > 1e-3 || dp.StreamsNeeded != 520 || dp.RTTSource != model.RTTMeasured {
			t.Errorf("hours %g streams %d rtt %s, want 2.3466, 520, measured", dp.Hours, dp.StreamsNeeded, dp.RTTSource)
		}
	}
	var dp model.DataPathPlan

	// A source that reads at 40 Gbps becomes the bottleneck: 1.6e15 / 40e9 = 40,000 s = 11.11 h.
	s.Sites[0].ReadGbps = 40
	dp = Evaluate(s, cat, Options{}).DataPaths[0]
	if dp.RateGbps != 40 || math.Abs(dp.Hours-11.111) > 1e-3 {
		t.Errorf("rate %g hours %g, want 40, 11.111", dp.RateGbps, dp.Hours)
	}

	// With a 12 h window the links (2.35 h) are in time, the source is not.
	s.Sites[0].Datasets[0].TransferWindowHours = 12
	if p := Evaluate(s, cat, Options{}); hasFinding(p.Findings, "datapath.transfer-window") {
		t.Errorf("11.1 h in a 12 h window flagged")
	}
	s.Sites[0].Datasets[0].TransferWindowHours = 10
	if p := Evaluate(s, cat, Options{}); !hasFinding(p.Findings, "datapath.transfer-window") {
		t.Errorf("11.1 h in a 10 h window not flagged")
	}

	// 100 streams × 0.3647 Gbps = 36.47 Gbps cap the copy below the 40 Gbps read.
	s.Sites[0].Datasets[0].Streams = 100
	dp = Evaluate(s, cat, Options{}).DataPaths[0]
	want := 100 * 4 * float64(1<<20) * 8 / 0.092 / 1e9
	if math.Abs(dp.RateGbps-want) > 1e-9 || dp.Route[1].Kind != "tcp" || dp.Bottleneck != dp.Route[1].Name {
		t.Errorf("rate %g (bottleneck %q), want %g from the TCP hop", dp.RateGbps, dp.Bottleneck, want)
	}

	// The per-flow cap: at 92 ms a 4 MiB stream (0.3647 Gbps) is under the
	// catalog's 5 Gbps single-flow limit, so the cap does not bind; a site
	// whose hosts measure 0.2 Gbps per stream caps each stream at 0.2:
	// 100 × 0.2 = 20 Gbps through the TCP hop, and 189.4 / 0.2 = 947 streams
	// needed to fill the links.
	if dp.StreamCapGbps != 5 || math.Abs(dp.StreamGbps-0.3647) > 1e-4 {
		t.Errorf("stream cap %g per stream %g, want 5, 0.3647", dp.StreamCapGbps, dp.StreamGbps)
	}
	s.Sites[0].StreamGbpsMax = 0.2
	s.Sites[0].ReadGbps = 0
	dp = Evaluate(s, cat, Options{}).DataPaths[0]
	if math.Abs(dp.RateGbps-20) > 1e-9 || dp.StreamGbps != 0.2 || dp.StreamCapGbps != 0.2 {
		t.Errorf("capped at 0.2 Gbps: rate %g per stream %g, want 20, 0.2", dp.RateGbps, dp.StreamGbps)
	}
	s.Sites[0].Datasets[0].Streams = 0
	dp = Evaluate(s, cat, Options{}).DataPaths[0]
	if dp.StreamsNeeded != 947 {
		t.Errorf("capped at 0.2 Gbps: %d streams needed, want 947 (189.4 / 0.2)", dp.StreamsNeeded)
	}

	// A public VIF reaches S3 without the endpoint, and without its charge.
	s = loadExample(t)
	s.Links[0].VIF = model.VIFPublic
	dp = Evaluate(s, cat, Options{}).DataPaths[0]
	if !dp.ReachesS3 || dp.CostUSD != 0 {
		t.Errorf("public VIF: reaches %v cost %g, want true, 0", dp.ReachesS3, dp.CostUSD)
	}
}

// Tokyo: a transit VIF through a Transit Gateway adds $0.02/GB and the S3
// interface endpoint $0.01/GB (the catalog's third-party ap-northeast-1
// figures). Without the endpoint's per-GB price the hop is left unpriced and
// says so.
func TestDataPathTokyoPrices(t *testing.T) {
	cat := DefaultCatalog()
	doc, err := LoadFile("../testdata/scenarios/tokyo-pretraining-dx.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Scenario
	s.AWS.InterfaceEndpoints = []string{"s3"}
	s.Links[0].TransitGateway = true
	p := Evaluate(s, cat, Options{})
	dp := p.DataPaths[0]
	tgw, ok := findHop(dp, "tgw")
	// 40 TB = 40,000 GB × $0.02 = $800.
	if !ok || math.Abs(tgw.CostUSD-800) > 1e-9 {
		t.Errorf("TGW hop %+v, want $800", tgw)
	}
	// 40,000 GB × $0.01 = $400.
	if ep, ok := findHop(dp, "s3-interface-endpoint"); !ok || !ep.Priced || math.Abs(ep.CostUSD-400) > 1e-9 || len(dp.Unpriced) != 0 {
		t.Errorf("endpoint %+v, unpriced %v; want $400", ep, dp.Unpriced)
	}

	unpriced := *cat
	unpriced.Regions = maps.Clone(cat.Regions)
	rp := unpriced.Regions["ap-northeast-1"]
	rp.InterfaceEndpointGB = model.Price{}
	unpriced.Regions["ap-northeast-1"] = rp
	p = Evaluate(s, &unpriced, Options{})
	dp = p.DataPaths[0]
	if ep, _ := findHop(dp, "s3-interface-endpoint"); ep.Priced || len(dp.Unpriced) != 1 {
		t.Errorf("no endpoint price: endpoint priced %v, unpriced %v; want the endpoint unpriced", ep.Priced, dp.Unpriced)
	}
	if !hasFinding(p.Findings, "datapath.unpriced-hop") {
		t.Errorf("no datapath.unpriced-hop finding")
	}
}

// Adding a link never lengthens a transfer, with or without a stream count.
func TestAddingLinkNeverLengthens(t *testing.T) {
	cat := DefaultCatalog()
	extra := []model.Link{
		{Name: "x1", Type: model.LinkDXDedicated, SpeedGbps: 10, Count: 1, Location: "EqFA5", RTTMs: 300},
		{Name: "x2", Type: model.LinkDXDedicated, SpeedGbps: 1, Count: 1, Location: "EqDC2", RTTMs: 2},
		{Name: "x3", Type: model.LinkVPN, Tunnels: 2},
		{Name: "x4", Type: model.LinkDXHosted, SpeedGbps: 0.05, Count: 1, Location: "EqFA5", VIF: model.VIFPublic},
		{Name: "x5", Type: model.LinkDXDedicated, SpeedGbps: 400, Count: 2, Location: "EqFA5", RTTMs: 0.5},
	}
	for _, streams := range []int{0, 1, 7, 100, 3000} {
		for _, read := range []float64{0, 25} {
			s := loadExample(t)
			s.AWS.InterfaceEndpoints = append(s.AWS.InterfaceEndpoints, "s3")
			s.Sites[0].Datasets[0].Streams = streams
			s.Sites[0].ReadGbps = read
			prev := Evaluate(s, cat, Options{}).DataPaths[0].Hours
			for _, l := range extra {
				l.Site = s.Sites[0].Name
				s.Links = append(s.Links, l)
				h := Evaluate(s, cat, Options{}).DataPaths[0].Hours
				if h > prev*(1+1e-12) {
					t.Fatalf("streams %d read %g: adding %s lengthened the copy from %g h to %g h", streams, read, l.Name, prev, h)
				}
				prev = h
			}
		}
	}
}

func TestSiteRegionRTT(t *testing.T) {
	cat := DefaultCatalog()
	tokyo := model.Site{Name: "tokyo-dc", City: "tokyo"}
	near, _, ok1 := SiteRegionRTT(cat, tokyo, "ap-northeast-1")
	far, km, ok2 := SiteRegionRTT(cat, tokyo, "us-east-1")
	if !ok1 || !ok2 {
		t.Fatal("Tokyo or the regions have no coordinates in the catalog")
	}
	// Tokyo's city centre is the region's named city: 0 km, 0 ms of propagation.
	// Tokyo to Ashburn: 10,872 km → 223.6 ms (see model TestGreatCircleAndRTT).
	if near != 0 || math.Abs(far-223.6) > 0.1 || math.Abs(km-10872.2) > 0.1 {
		t.Errorf("RTT ap-northeast-1 %g, us-east-1 %g (%g km); want 0, 223.6 (10,872 km)", near, far, km)
	}
	// A site given by coordinates in Inzai: 44.7 km → 0.92 ms.
	lat, lon := 35.83, 140.15
	rtt, _, _ := SiteRegionRTT(cat, model.Site{Lat: &lat, Lon: &lon}, "ap-northeast-1")
	if math.Abs(rtt-0.92) > 0.005 {
		t.Errorf("Inzai RTT %g, want 0.92", rtt)
	}
	// A link without rtt_ms shows the derived figure over site → DX location → region.
	s := model.Scenario{Sites: []model.Site{{Name: "inzai", City: "inzai"}}, AWS: model.AWS{Region: "ap-northeast-1"}}
	l := model.Link{Name: "dx", Site: "inzai", Type: model.LinkDXDedicated, Location: "EQTY2"}
	if r, _, src := LinkRTT(cat, s, l); src != model.RTTDerived || math.Abs(r-0.92) > 0.005 {
		t.Errorf("LinkRTT = %g %s, want 0.92 derived (EQTY2 is in Tokyo)", r, src)
	}
	l.RTTMs = 2
	if r, _, src := LinkRTT(cat, s, l); src != model.RTTMeasured || r != 2 {
		t.Errorf("LinkRTT = %g %s, want 2 measured", r, src)
	}
}

// Every DX location and every priced region has coordinates.
func TestCatalogCoordinates(t *testing.T) {
	cat := DefaultCatalog()
	for code, loc := range cat.DXLocations {
		if _, ok := cat.Cities[loc.City]; !ok {
			t.Errorf("DX location %s: city %q not in the cities table", code, loc.City)
		}
	}
	for r := range cat.Regions {
		if _, ok := regionPoint(cat, r); !ok {
			t.Errorf("region %s has no coordinates", r)
		}
	}
	for _, r := range []string{"ap-northeast-3", "ap-southeast-1"} {
		if _, ok := regionPoint(cat, r); !ok {
			t.Errorf("region %s has no coordinates", r)
		}
	}
}

// Bad places, interfaces and inference fields are errors naming the file,
// the field path and the YAML line.
func TestValidateDataPathAndInference(t *testing.T) {
	site := validBase + "sites:\n  - name: dc\n"
	inf := validBase + "clusters: [{name: c, instance_type: p5.48xlarge, nodes: 1}]\nworkloads:\n  inference:\n    - name: s\n      clusters: [c]\n      requests_per_second: 10\n      tokens_out: 100\n"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"known city", site + "    city: tokyo\n", nil},
		{"unknown city", site + "    city: tokio\n", []string{"t.yaml:8:11: sites[0].city: unknown city \"tokio\"; did you mean tokyo?"}},
		{"lat without lon", site + "    lat: 35.6\n", []string{"sites[0].lat: give both lat and lon, or neither"}},
		{"latitude out of range", site + "    lat: 95\n    lon: 10\n", []string{"sites[0].lat: latitude must be between -90 and 90 degrees (got 95)"}},
		{"bad vif", site + "links:\n  - {name: dx, site: dc, type: dx-dedicated, speed_gbps: 10, location: EqDC2, vif: hosted}\n",
			[]string{"t.yaml:9:84: links[0].vif: unknown virtual interface type \"hosted\""}},
		{"public vif", site + "links:\n  - {name: dx, site: dc, type: dx-dedicated, speed_gbps: 10, location: EqDC2, vif: public}\n", nil},
		{"bad front door", inf + "      front_door: cloudfront\n", []string{"workloads.inference[0].front_door", `"cloudfront"`}},
		{"utilisation above 1", inf + "      target_utilisation: 70\n", []string{"workloads.inference[0].target_utilisation: target utilisation is a fraction between 0 and 1 (got 70)"}},
		{"fsx source without fsx", inf + "      model_source: fsx\n", []string{"workloads.inference[0].model_source: model_source fsx needs storage.fsx_lustre"}},
		{"users", inf + "      users:\n        - {name: a, city: osaka, share: 1}\n        - {name: a, city: nowhere, share: 1}\n",
			[]string{`workloads.inference[0].users[1].name: user population name "a" used twice`, "workloads.inference[0].users[1].city"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { requireDiagnostics(t, tt.src, tt.want) })
	}
}

// TestDataPathDataSync: a copy by DataSync replaces the TCP hop with the
// agents' tasks. The example's links carry 189.4 Gbps (2 × 100 × 0.947).
func TestDataPathDataSync(t *testing.T) {
	cat := DefaultCatalog()
	s := loadExample(t)
	d := &s.Sites[0].Datasets[0]
	d.Method = model.MethodDataSync

	// No per-task rate: the tasks do not limit; the hop is unpriced.
	dp := Evaluate(s, cat, Options{}).DataPaths[0]
	h, ok := findHop(dp, "datasync")
	if !ok || h.CapacityGbps != 0 || h.Priced || dp.Agents != 1 || dp.TasksNeeded != 0 || math.Abs(dp.RateGbps-189.4) > 1e-9 {
		t.Fatalf("no rate: hop %+v agents %d tasks %d rate %g, want unpriced non-limiting hop, 1 agent, 0 tasks, 189.4", h, dp.Agents, dp.TasksNeeded, dp.RateGbps)
	}
	if _, tcp := findHop(dp, "tcp"); tcp || dp.StreamsNeeded != 0 {
		t.Errorf("a DataSync copy still has a TCP hop or counts %d streams", dp.StreamsNeeded)
	}
	if !strings.Contains(strings.Join(dp.Unpriced, ","), "DataSync") {
		t.Errorf("DataSync not listed unpriced: %v", dp.Unpriced)
	}

	// 4 agents at a measured 2.5 Gbps per task: 4 × 2.5 = 10 Gbps caps the
	// copy; the links' 189.4 Gbps needs ⌈189.4 / 2.5⌉ = 76 tasks.
	d.Agents, d.DataSyncTaskGbps = 4, 2.5
	p := Evaluate(s, cat, Options{})
	dp = p.DataPaths[0]
	if dp.RateGbps != 10 || dp.TasksNeeded != 76 || !strings.HasPrefix(dp.Bottleneck, "AWS DataSync, 4 agents") {
		t.Errorf("4 × 2.5: rate %g tasks %d bottleneck %q, want 10, 76, the DataSync hop", dp.RateGbps, dp.TasksNeeded, dp.Bottleneck)
	}
	if !hasFinding(p.Findings, "datapath.datasync-tasks") || hasFinding(p.Findings, "datapath.datasync-quota") {
		t.Errorf("want datapath.datasync-tasks and no quota finding")
	}
	// At 1 Gbps per task the links need 190 tasks: over the 100-task quota.
	d.DataSyncTaskGbps = 1
	if p := Evaluate(s, cat, Options{}); !hasFinding(p.Findings, "datapath.datasync-quota") {
		t.Errorf("190 tasks not flagged against the 100-task quota")
	}
}
