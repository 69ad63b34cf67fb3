package export

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// TestDiagramOverviewGolden pins the overview DOT of every scenario.
// Regenerate with go test ./export -run TestDiagramOverviewGolden -update
func TestDiagramOverviewGolden(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			golden.RequireEqual(t, DiagramOverviewDOT(loadInput(t, f)))
		})
	}
}

var (
	svgSizeRe = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)
	fontRe    = regexp.MustCompile(`<text [^>]*font-size="([0-9.]+)"[^>]*>([^<]*)<`)
)

// slideTextPt returns the SVG's size in points and the smallest text size
// once the whole diagram is scaled to fill a 16:9 slide of 1920 × 1080 px
// (960 × 540 pt), with the text it belongs to.
func slideTextPt(t *testing.T, svg []byte) (w, h, minPt float64, text string) {
	t.Helper()
	m := svgSizeRe.FindSubmatch(svg)
	if m == nil {
		t.Fatal("SVG without a size in points")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	scale := min(SlideWidthPt/w, SlideHeightPt/h)
	minPt = 1e9
	texts := fontRe.FindAllSubmatch(svg, -1)
	if len(texts) == 0 {
		t.Fatal("SVG without text")
	}
	for _, x := range texts {
		fs, _ := strconv.ParseFloat(string(x[1]), 64)
		if fs*scale < minPt {
			minPt, text = fs*scale, string(x[2])
		}
	}
	return w, h, minPt, text
}

// TestDiagramOverviewFitsSlide lays out every scenario's overview and
// checks that, scaled to fill a 1920 × 1080 slide, no text is smaller than
// SlideMinTextPt (9 pt). The large estate (4 sites, 8 clusters) is among the
// scenarios. The detail diagram is the engineering appendix: it is reported,
// not held to the slide.
func TestDiagramOverviewFitsSlide(t *testing.T) {
	ctx := context.Background()
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			in := loadInput(t, f)
			svg, err := DiagramSVG(ctx, DiagramOverviewDOT(in))
			if err != nil {
				t.Fatal(err)
			}
			w, h, pt, text := slideTextPt(t, svg)
			if pt < SlideMinTextPt {
				t.Errorf("overview %.0f × %.0f pt: %q is %.1f pt on a 16:9 slide, want ≥ %g", w, h, text, pt, SlideMinTextPt)
			}
			dsvg, err := DiagramSVG(ctx, DiagramDOT(in))
			if err != nil {
				t.Fatal(err)
			}
			dw, dh, dpt, _ := slideTextPt(t, dsvg)
			t.Logf("overview %.0f × %.0f pt, smallest text %.1f pt on the slide; detail %.0f × %.0f pt, %.1f pt", w, h, pt, dw, dh, dpt)
		})
	}
}

// TestDiagramSitesLeftOfVPC checks the reading order on the large estate:
// every on-prem site is drawn left of the VPC in both views.
func TestDiagramSitesLeftOfVPC(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/large-estate.yaml")
	ctx := context.Background()
	for name, dot := range map[string][]byte{"detail": DiagramDOT(in), "overview": DiagramOverviewDOT(in)} {
		svg, err := DiagramSVG(ctx, dot)
		if err != nil {
			t.Fatal(err)
		}
		vpcX := clusterLeftX(t, svg, "cluster_vpc")
		for _, s := range in.Scenario.Sites {
			x := nodeRightX(t, svg, siteID(s.Name))
			if x >= vpcX {
				t.Errorf("%s: site %s ends at x=%.0f, right of the VPC's left edge %.0f", name, s.Name, x, vpcX)
			}
		}
	}
}

var pointsRe = regexp.MustCompile(`(?:points|d)="([^"]+)"`)

// svgBlock returns the SVG group of a node or cluster by its <title>.
func svgBlock(t *testing.T, svg []byte, title string) string {
	t.Helper()
	s := string(svg)
	i := strings.Index(s, "<title>"+strings.ReplaceAll(title, "-", "&#45;")+"</title>")
	if i < 0 {
		t.Fatalf("no SVG element titled %s", title)
	}
	j := strings.Index(s[i:], "</g>")
	return s[i : i+j]
}

func xsOf(block string) []float64 {
	var xs []float64
	for _, m := range pointsRe.FindAllStringSubmatch(block, -1) {
		for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ' ' || r == 'M' || r == 'C' || r == 'L' || r == 'Z' }) {
			if x, err := strconv.ParseFloat(strings.Split(f, ",")[0], 64); err == nil && strings.Contains(f, ",") {
				xs = append(xs, x)
			}
		}
	}
	sort.Float64s(xs)
	return xs
}

func clusterLeftX(t *testing.T, svg []byte, id string) float64 {
	xs := xsOf(svgBlock(t, svg, id))
	if len(xs) == 0 {
		t.Fatalf("%s has no outline", id)
	}
	return xs[0]
}

func nodeRightX(t *testing.T, svg []byte, id string) float64 {
	xs := xsOf(svgBlock(t, svg, id))
	if len(xs) == 0 {
		t.Fatalf("%s has no outline", id)
	}
	return xs[len(xs)-1]
}

// TestDiagramBottleneckThreshold: the most loaded edge is red only when its
// load reaches BottleneckThreshold. The pre-training link moves its corpus in
// 3% of its window (not red); shrinking the window to 3 h makes it 77% (red).
func TestDiagramBottleneckThreshold(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	if dot := string(DiagramDOT(in)); strings.Contains(dot, colourBottleneck) {
		t.Error("an edge at 3% of capacity is drawn red")
	}
	doc, err := planner.LoadFile("../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Scenario
	s.Sites = append([]model.Site(nil), s.Sites...)
	s.Sites[0].Datasets = []model.Dataset{{Name: "web-corpus", SizeTB: 200, TransferWindowHours: 3}}
	tight := inputFor(s, planner.DefaultCatalog())
	dot := string(DiagramDOT(tight))
	if !strings.Contains(dot, `"link_dx-fra" -> "dx_gateway" [color="`+colourBottleneck) {
		t.Errorf("the constrained link is not red:\n%s", dot)
	}
	if !strings.Contains(string(DiagramOverviewDOT(tight)), colourBottleneck) {
		t.Error("the overview does not show the constrained link red")
	}
}

// dotNodes lists the node IDs a DOT graph declares.
func dotNodes(dot []byte) map[string]bool {
	re := regexp.MustCompile(`(?m)^\s*"([^"]+)" \[label=`)
	out := map[string]bool{}
	for _, m := range re.FindAllSubmatch(dot, -1) {
		out[string(m[1])] = true
	}
	return out
}

// TestDiagramMatchesTemplate checks, for every scenario, that what the
// detail diagram draws exists in the CloudFormation template and vice
// versa: gateways (virtual private, Direct Connect, internet, NAT, a Transit
// Gateway only as an output), the S3 gateway and interface endpoints, the
// interface endpoints per AZ, FSx and its S3 link (data repository
// association or import path), every home cluster's node group, every
// planned subnet, and every VPN connection's link.
func TestDiagramMatchesTemplate(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			in, doc := readCFN(t, f)
			dot := DiagramDOT(in)
			nodes := dotNodes(dot)
			has := func(typ string) int { return len(doc.ofType(typ)) }
			pair := func(what string, drawn bool, built bool) {
				if drawn != built {
					t.Errorf("%s: drawn %v, in the template %v", what, drawn, built)
				}
			}
			pair("virtual private gateway", nodes["vgw"], has("AWS::EC2::VPNGateway") == 1)
			pair("Direct Connect gateway", nodes["dx_gateway"], has("AWS::DirectConnect::DirectConnectGateway") == 1)
			_, tgwOut := doc.Outputs["TransitGatewayLinks"]
			pair("Transit Gateway (output only)", nodes["tgw"], tgwOut)
			pair("internet gateway", nodes["igw"], has("AWS::EC2::InternetGateway") == 1)
			nats := 0
			for n := range nodes {
				if strings.HasPrefix(n, "nat_") {
					nats++
				}
			}
			if nats != has("AWS::EC2::NatGateway") {
				t.Errorf("%d NAT gateways drawn, %d in the template", nats, has("AWS::EC2::NatGateway"))
			}
			_, s3gw := doc.Resources["S3GatewayEndpoint"]
			pair("S3 gateway endpoint", nodes["s3_gateway_endpoint"], s3gw)
			_, s3ie := doc.Resources["S3InterfaceEndpoint"]
			pair("S3 interface endpoint", nodes["s3_interface_endpoint"], s3ie)
			eps := 0
			for n := range nodes {
				if strings.HasPrefix(n, "endpoints_") {
					eps++
				}
			}
			ifaces := 0
			for _, id := range doc.ofType("AWS::EC2::VPCEndpoint") {
				if doc.Resources[id].Properties["VpcEndpointType"] == "Interface" && id != "S3InterfaceEndpoint" {
					ifaces++
				}
			}
			pair("interface endpoints", eps > 0, ifaces > 0)
			pair("FSx for Lustre", nodes["fsx"], has("AWS::FSx::FileSystem") == 1)
			link := strings.Contains(string(dot), `"fsx" -> "s3"`)
			built := has("AWS::FSx::DataRepositoryAssociation") == 1
			if fs, ok := doc.Resources["FSxLustre"]; ok {
				lc, _ := fs.Properties["LustreConfiguration"].(map[string]any)
				built = built || lc["ImportPath"] != nil
			}
			pair("FSx ↔ S3 link", link, built)
			for _, c := range in.homeClusters() {
				id := logicalID(c.Name)
				_, lt := doc.Resources[id+"LaunchTemplate"]
				_, hp := doc.Resources[id+"HyperPodCluster"]
				drawn := len(groupsOf(nodes, c.Name)) > 0
				pair("cluster "+c.Name, drawn, lt || hp)
			}
			for _, id := range doc.ofType("AWS::EC2::Subnet") {
				name := strings.TrimPrefix(tagValue(doc.Resources[id].Properties, "Name"), in.Scenario.Name+"-")
				if !strings.Contains(string(dot), `"cluster_subnet_`+name+`"`) && !strings.Contains(string(dot), name+" ") {
					t.Errorf("subnet %s is in the template but not drawn", name)
				}
			}
			for _, sn := range in.Plan.Addressing.Subnets {
				if sn.Purpose == model.SubnetExisting {
					continue
				}
				if _, ok := doc.Resources["Subnet"+logicalID(sn.Name)]; !ok {
					t.Errorf("subnet %s drawn but not in the template", sn.Name)
				}
			}
			for _, l := range in.Scenario.Links {
				_, vpn := doc.Resources[logicalID(l.Name)+"VPNConnection"]
				_, vpn1 := doc.Resources[logicalID(l.Name)+"1VPNConnection"]
				_, vif := doc.Outputs[logicalID(l.Name)+"PrivateVirtualInterface"]
				built := vpn || vpn1 || vif || l.TransitGateway
				pair("link "+l.Name, nodes[linkID(l.Name)], built)
				if !l.TransitGateway && strings.Contains(string(dot), fmt.Sprintf("%q -> %q", linkID(l.Name), "tgw")) {
					t.Errorf("link %s on the VGW is drawn into the Transit Gateway", l.Name)
				}
			}
		})
	}
}

func groupsOf(nodes map[string]bool, cluster string) []string {
	var out []string
	for n := range nodes {
		if strings.HasPrefix(n, "group_"+cluster+"_") {
			out = append(out, n)
		}
	}
	return out
}

func tagValue(props map[string]any, key string) string {
	ts, _ := props["Tags"].([]any)
	for _, x := range ts {
		m := x.(map[string]any)
		if m["Key"] == key {
			s, _ := m["Value"].(string)
			return s
		}
	}
	return ""
}
