package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/goccy/go-graphviz"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// TestDiagramDOTGolden pins the DOT of every scenario and checks that
// go-graphviz parses and lays it out. Regenerate with
// go test ./export -run TestDiagramDOTGolden -update
func TestDiagramDOTGolden(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		t.Run(scenarioName(f), func(t *testing.T) {
			in := loadInput(t, f)
			dot := DiagramDOT(in)
			golden.RequireEqual(t, dot)
			svg, err := DiagramSVG(context.Background(), dot)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(svg, []byte(`font-family="`+DiagramFont+`"`)) {
				t.Errorf("SVG does not name the embedded font %q", DiagramFont)
			}
		})
	}
}

// TestDiagramDeterministic evaluates each scenario twice from scratch:
// the DOT must be byte-identical.
func TestDiagramDeterministic(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		a, b := DiagramDOT(loadInput(t, f)), DiagramDOT(loadInput(t, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: DOT differs between two runs", f)
		}
	}
}

// TestDiagramContent checks what the issue asks the diagram to show, on the
// pre-training scenario: one node-group box for 64 nodes, the nesting
// region → VPC → AZ → subnet, the link's bandwidth and cost, and the legend.
func TestDiagramContent(t *testing.T) {
	in := loadInput(t, "../testdata/scenarios/llm-pretraining.yaml")
	dot := string(DiagramDOT(in))
	inst := in.Catalog.Instances["p5.48xlarge"]
	// 64 nodes × accelerators per node from the catalog (8 for p5.48xlarge).
	wantGroup := "64 × p5.48xlarge, " + itoa(64*inst.AcceleratorCount) + " " + shortAccel(inst.AcceleratorModel) + ", EFA " + trimFloat(inst.NetworkGbps) + " Gbps"
	for _, want := range []string{
		wantGroup,
		`subgraph "cluster_region_us-east-1"`,
		`subgraph "cluster_vpc"`,
		`subgraph "cluster_az_us-east-1a"`,
		`subgraph "cluster_subnet_cluster-train-us-east-1a"`,
		`subgraph "cluster_dx_EqFA5"`,
		"dx-fra: 200 Gbps", // 2 × 100 Gbps ports
		"$" + model.FormatUSD(linkCostUSD(in.Plan, "dx-fra"), 0) + "/mo",
		"Scenario: hybrid-llm-pretraining",
		"Plan date: " + goldenDate,
		"Catalog: " + in.Plan.Catalog.Version,
		"FSx for Lustre",
		"S3 gateway endpoint",
		"NAT gateway",
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
	if n := strings.Count(dot, "p5.48xlarge"); n != 1 {
		t.Errorf("p5.48xlarge appears %d times; want one node-group box", n)
	}
	// The node group sits inside its cluster subnet.
	sub := dot[strings.Index(dot, `subgraph "cluster_subnet_cluster-train-us-east-1a"`):]
	sub = sub[:strings.Index(sub, "\n    }")]
	if !strings.Contains(sub, `"group_train_us-east-1a"`) {
		t.Errorf("node group not inside its subnet:\n%s", sub)
	}
}

func itoa(n int) string { return model.FormatUSD(float64(n), 0) }

// benchEstate is a 4-site, 8-cluster, 1,024-node estate.
func benchEstate(tb testing.TB) Input {
	tb.Helper()
	s := model.Scenario{
		Name: "bench-estate",
		AWS: model.AWS{Region: "us-east-1", VPCCIDR: "10.0.0.0/16", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			NATGateways: 2, InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "logs", "sts"}},
		Storage: model.Storage{FSxLustre: &model.FSxLustre{DeploymentType: model.FSxPersistent2, CapacityTiB: 96, ThroughputMBpsPerTiB: 250},
			S3: &model.S3{SizeTB: 500}},
	}
	for i := range 4 {
		name := "dc" + itoa(i+1)
		s.Sites = append(s.Sites, model.Site{Name: name, CIDRs: []string{"172." + itoa(16+i) + ".0.0/16"},
			Datasets: []model.Dataset{{Name: "corpus-" + name, SizeTB: 50}}})
		s.Links = append(s.Links, model.Link{Name: "dx-" + name, Site: name, Type: model.LinkDXDedicated, SpeedGbps: 100, Count: 2, Location: "LOC" + itoa(i%2)})
	}
	for i := range 8 {
		az := s.AWS.AvailabilityZones[i%2]
		s.Clusters = append(s.Clusters, model.Cluster{Name: "c" + itoa(i+1), InstanceType: "p4d.24xlarge", Nodes: 128, AZ: az, Orchestrator: model.OrchestratorSlurm})
	}
	cat := planner.DefaultCatalog()
	return inputFor(s, cat)
}

func TestBenchEstateSize(t *testing.T) {
	in := benchEstate(t)
	if in.Plan.Scenario.Nodes != 1024 || len(in.Scenario.Sites) != 4 || len(in.Scenario.Clusters) != 8 {
		t.Fatalf("estate: %d nodes, %d sites, %d clusters; want 1024, 4, 8", in.Plan.Scenario.Nodes, len(in.Scenario.Sites), len(in.Scenario.Clusters))
	}
	if _, err := DiagramSVG(context.Background(), DiagramDOT(in)); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkDiagramSVG renders the SVG of a 4-site, 8-cluster, 1,024-node
// estate (target: under 2 s per op). Run with
// go test ./export -run '^$' -bench DiagramSVG -benchtime 5x
func BenchmarkDiagramSVG(b *testing.B) {
	in := benchEstate(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := DiagramSVG(ctx, DiagramDOT(in)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDOTQuoting checks that names with quotes and backslashes cannot break
// out of a DOT string.
func TestDOTQuoting(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`a "b"`, `"a \"b\""`},
		{`c:\x`, `"c:\\x"`},
		{"two\nlines", `"two\nlines"`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := q(tc.in); got != tc.want {
				t.Errorf("q(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
	g, err := graphviz.ParseBytes([]byte("digraph x { " + q(`evil" ]; injected [label="x`) + " }"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if n, _ := g.NodeByName("injected"); n != nil {
		t.Error("quoting let a node be injected")
	}
}
