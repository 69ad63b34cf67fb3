package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestSweepGolden pins sweep tables: each job's cost per run sits next to
// the monthly run-rate. Regenerate with:
// go test ./cmd/topoplan -run TestSweepGolden -update
func TestSweepGolden(t *testing.T) {
	for _, tc := range []struct{ name, file, param, values string }{
		{"nodes", "", "clusters[train].nodes", "32,64,128,0"},
		{"instance-type", "", "clusters[0].instance_type", "p5.48xlarge,p5en.48xlarge,p4d.24xlarge"},
		{"moe-nodes", "../../testdata/scenarios/moe-pretraining.yaml", "clusters[0].nodes", "16,32,64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"sweep", "--now", goldenDate, "--param", tc.param, "--values", tc.values}
			if tc.file != "" {
				args = append(args, tc.file)
			}
			out, errOut, code := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestSweepCostPerRun: the run cost column follows the run-rate, and in a
// node-count sweep it moves far less than the run-rate.
func TestSweepCostPerRun(t *testing.T) {
	out, errOut, code := runCLI(t, "sweep", "--now", goldenDate, "--param", "clusters[train].nodes", "--values", "32,64")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	header := strings.Split(out, "\n")[0]
	if !strings.Contains(header, "Monthly run-rate (USD/month)  Cost per run (llm-70b) (USD)") {
		t.Errorf("cost per run is not next to the run-rate:\n%s", header)
	}
	out, _, _ = runCLI(t, "sweep", "--now", goldenDate, "-f", "json", "--param", "clusters[train].nodes", "--values", "32,64")
	var pts []struct {
		Figures []struct {
			Key   string
			Value float64
		}
	}
	if err := json.Unmarshal([]byte(out), &pts); err != nil || len(pts) != 2 {
		t.Fatalf("json: %v (%d points)", err, len(pts))
	}
	fig := func(i int, key string) float64 {
		for _, f := range pts[i].Figures {
			if f.Key == key {
				return f.Value
			}
		}
		t.Fatalf("point %d has no %s", i, key)
		return 0
	}
	rate := fig(1, "monthly_cost_usd") / fig(0, "monthly_cost_usd")
	run := fig(1, "run_cost_usd.llm-70b") / fig(0, "run_cost_usd.llm-70b")
	if rate < 1.8 || run > 1.2 || run < 0.8 {
		t.Errorf("64 vs 32 nodes: run-rate ×%.2f, cost per run ×%.2f", rate, run)
	}
}

// TestSweepRangesGolden pins the range syntax: a geometric range of one
// field as a table and as a chart, and two fields as a heat map and CSV.
// Regenerate with: go test ./cmd/topoplan -run TestSweepRangesGolden -update
func TestSweepRangesGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"geometric-table", []string{"clusters[train].nodes=16..128*2"}},
		{"geometric-chart", []string{"clusters[train].nodes=16..256*2", "-f", "chart", "--figure", "time_to_train_days"}},
		{"heatmap", []string{"clusters[train].nodes=16..128*2", "storage.fsx_lustre.capacity_tib=2.4..19.2*2"}},
		{"heatmap-links", []string{"clusters[train].nodes=32,64", "links[0].speed_gbps=10,100,400", "--figure", "time_to_train_days"}},
		{"heatmap-csv", []string{"clusters[train].nodes=32..64*2", "storage.fsx_lustre.capacity_tib=2.4,48", "-f", "csv"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"sweep", "--now", goldenDate}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// TestSweepArgs: the old and new forms, and clear errors for the rest.
func TestSweepArgs(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"sweep"}, "name a field to sweep"},
		{[]string{"sweep", "--param", "clusters[0].nodes"}, "--param and --values go together"},
		{[]string{"sweep", "a=1", "b=2", "c=3"}, "one or two fields"},
		{[]string{"sweep", "clusters[0].nodes=8..2*2"}, "below the start"},
		{[]string{"sweep", "x.yaml", "y.yaml"}, "two scenario files"},
		{[]string{"sweep", "clusters[0].instance_type=p5.48xlarge", "-f", "chart"}, "numeric values"},
		{[]string{"sweep", "clusters[0].nodes=8,16", "clusters[0].az=x", "-f", "chart"}, "draws one field"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code == 0 || !strings.Contains(errOut, tc.wantErr) {
			t.Errorf("%v: exit %d, %q; want an error containing %q", tc.args, code, errOut, tc.wantErr)
		}
	}
	// The older form expands ranges too.
	out, _, code := runCLI(t, "sweep", "--param", "clusters[train].nodes", "--values", "16..64*2")
	if code != 0 || strings.Count(out, "\n") < 4 {
		t.Errorf("--values with a range: exit %d\n%s", code, out)
	}
}

// TestTornadoGolden pins the tornado table with ranges written in the
// scenario. Regenerate with: go test ./cmd/topoplan -run TestTornadoGolden -update
func TestTornadoGolden(t *testing.T) {
	out, errOut, code := runCLI(t, "tornado", "--now", goldenDate, "testdata/ranged.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden.RequireEqual(t, []byte(out))
	// The band always holds the typical figure, in eval as in tornado.
	out, _, code = runCLI(t, "eval", "--now", goldenDate, "--tornado", "testdata/ranged.yaml")
	if code != 0 || !strings.Contains(out, "Uncertainty (llm-70b)") || !strings.Contains(out, "Tornado for llm-70b") {
		t.Errorf("eval --tornado: exit %d\n%s", code, out)
	}
}
