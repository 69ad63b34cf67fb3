package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/topoplan/topoplan/planner"
)

// goldenDate fixes the evaluation date so catalog-age findings are stable.
const goldenDate = "2026-11-23"

func scenarios(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/scenarios/*.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("want at least 3 scenarios in testdata/scenarios, got %d (%v)", len(files), err)
	}
	return files
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

// TestEvalGolden pins the eval output of every shipped scenario in each
// format. Regenerate with: go test ./cmd/topoplan -run TestEvalGolden -update
func TestEvalGolden(t *testing.T) {
	for _, f := range scenarios(t) {
		for _, format := range []string{"table", "json", "markdown"} {
			t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml")+"/"+format, func(t *testing.T) {
				out, errOut, code := runCLI(t, "eval", "--now", goldenDate, "--format", format, f)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

func TestValidateShippedScenarios(t *testing.T) {
	for _, f := range scenarios(t) {
		out, errOut, code := runCLI(t, "validate", f)
		if code != 0 || !strings.Contains(out, "valid") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", f, code, out, errOut)
		}
	}
}

func TestValidateBrokenScenario(t *testing.T) {
	f := "../../testdata/invalid/typos.yaml"
	_, errOut, code := runCLI(t, "validate", f)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	// Every deliberate mistake is reported at once, with its line and column.
	want := []string{
		f + ":7:13: sites[0].cidrs[0]: invalid CIDR \"10.0.0.0/33\": prefix length /33 is outside /0-/32",
		f + ":10:18: sites[0].datasets[0].size_tb: must be a finite number not below zero (got -5)",
		f + ":13:11: links[0].site: unknown site \"dc1\"; did you mean dc?",
		f + ":15:17: links[0].speed_gbps: dedicated Direct Connect ports are 1, 10, 100 or 400 Gbps (got 40)",
		f + ":22:20: clusters[0].instance_type: unknown instance type \"p5.48xl\"; did you mean p5.48xlarge?",
		f + ":28:10: clusters[1].azs: an EFA cluster must sit in one availability zone",
		f + ":33:30: storage.fsx_lustre.throughput_mbps_per_tib: PERSISTENT_2 offers 125/250/500/1000 MB/s/TiB (got 300)",
	}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("missing diagnostic:\n  %s\nin:\n%s", w, errOut)
		}
	}
}

func TestValidateUnknownField(t *testing.T) {
	f := "../../testdata/invalid/unknown-field.yaml"
	_, errOut, code := runCLI(t, "validate", f)
	want := f + `:9:5: clusters[0].node_count: unknown field "node_count"`
	if code != exitInvalid || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, want)
	}
}

func TestMissingFileIsInvalidInput(t *testing.T) {
	_, errOut, code := runCLI(t, "eval", "does-not-exist.yaml")
	if code != exitInvalid || !strings.Contains(errOut, "does-not-exist.yaml") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestEmbeddedExampleMatchesTestdata(t *testing.T) {
	a, err := os.ReadFile("../../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../planner/examples/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("planner/examples/llm-pretraining.yaml must be a copy of testdata/scenarios/llm-pretraining.yaml")
	}
}

func TestEvalEmbeddedExampleAndFailOn(t *testing.T) {
	out, errOut, code := runCLI(t, "eval", "--now", goldenDate)
	if code != 0 || !strings.Contains(out, "hybrid-llm-pretraining") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "eval", "--fail-on", "bogus"); code != exitInvalid {
		t.Errorf("--fail-on bogus: exit %d (%s), want %d", code, errOut, exitInvalid)
	}
}

func TestSchemaIsJSON(t *testing.T) {
	out, _, code := runCLI(t, "schema")
	if code != 0 || !strings.Contains(out, `"instance_type"`) || !strings.Contains(out, `"additionalProperties": false`) {
		t.Errorf("exit %d; schema lacks fields or additionalProperties:false", code)
	}
}

func TestSweepAndCompare(t *testing.T) {
	out, errOut, code := runCLI(t, "sweep", "--param", "clusters[train].nodes", "--values", "32,64,0")
	if code != 0 {
		t.Fatalf("sweep exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[1], "32 ") || !strings.HasSuffix(lines[3], "invalid (1)") ||
		lines[5] != "(1) clusters[train].nodes = 0: clusters[0].nodes: a cluster needs at least one node" {
		t.Errorf("sweep output:\n%s", out)
	}
	if _, errOut, code := runCLI(t, "sweep", "--param", "clusters[nope].nodes", "--values", "1"); code != exitInvalid || !strings.Contains(errOut, `no item named "nope"`) {
		t.Errorf("bad sweep path: exit %d, %s", code, errOut)
	}
	a := "../../testdata/scenarios/llm-pretraining.yaml"
	out, errOut, code = runCLI(t, "compare", a, a)
	if code != 0 || !strings.Contains(out, "Monthly run-rate") || strings.Contains(out, "▲") || strings.Contains(out, "▼") {
		t.Errorf("comparing a scenario with itself must show no change: exit %d %s\n%s", code, errOut, out)
	}
}

func TestOptimizeCommand(t *testing.T) {
	out, errOut, code := runCLI(t, "optimize", "--deadline-days", "30")
	if code != 0 || !strings.Contains(out, "Chosen: ") || !strings.Contains(out, "★") || !strings.Contains(out, "Pareto frontier") {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	// An impossible deadline exits 3 and names the fastest shape.
	out, _, code = runCLI(t, "optimize", "--deadline-days", "0.01")
	if code != exitFindings || !strings.Contains(out, "Fastest") {
		t.Errorf("impossible deadline: exit %d\n%s", code, out)
	}
}

// TestCatalogShowGolden pins `catalog show --region R` for every catalog
// Region: the offerings sold there with their dates and confidence, the
// Region's service prices (or "not in catalog"), and its DX locations.
// Regenerate with: go test ./cmd/topoplan -run TestCatalogShowGolden -update
func TestCatalogShowGolden(t *testing.T) {
	for _, r := range []string{"us-east-1", "us-east-2", "us-west-2", "ap-northeast-1", "eu-north-1", "eu-west-2"} {
		t.Run(r, func(t *testing.T) {
			out, errOut, code := runCLI(t, "catalog", "show", "--no-user-catalog", "--region", r)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
	t.Run("unknown region", func(t *testing.T) {
		_, errOut, code := runCLI(t, "catalog", "show", "--region", "ap-northeast-9")
		if code != exitInvalid || !strings.Contains(errOut, "ap-northeast-1") {
			t.Errorf("exit %d, stderr %q", code, errOut)
		}
	})
}

// TestOptimizeWrite: --write saves the chosen plan with the original's
// comments, the saved file validates and evaluates to the chosen figures'
// instance type and node count, and the input is never overwritten without
// --force.
func TestOptimizeWrite(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../testdata/scenarios/llm-pretraining.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.yaml")
	if err := os.WriteFile(in, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "plan.yaml")
	args := []string{"optimize", in, "--deadline-days", "30", "--keep-region", "--types", "p5.48xlarge,p5en.48xlarge", "--write", out}
	stdout, errOut, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, stdout)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"# Hybrid LLM pre-training", "# measured Frankfurt DC -> us-east-1 round trip", "# Llama 3 70B's shape"} {
		if !strings.Contains(string(got), c) {
			t.Errorf("comment %q lost in the written plan:\n%s", c, got)
		}
	}
	if _, errOut, code := runCLI(t, "validate", out); code != 0 {
		t.Errorf("written plan does not validate: %s", errOut)
	}
	if stdout, _, _ := runCLI(t, "eval", out); !strings.Contains(stdout, "p5") {
		t.Errorf("written plan evaluates oddly:\n%s", stdout)
	}
	// The input is refused without --force, and left as it was.
	_, errOut, code = runCLI(t, "optimize", in, "--deadline-days", "30", "--keep-region", "--write", in)
	if code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("overwriting the input: exit %d, %s", code, errOut)
	}
	if now, _ := os.ReadFile(in); string(now) != string(src) {
		t.Error("the input changed without --force")
	}
	if _, errOut, code = runCLI(t, "optimize", in, "--deadline-days", "30", "--keep-region", "--types", "p5.48xlarge", "--write", in, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errOut)
	}
}

// TestOptimizeWriteHybrid: --write on the hybrid scenario (an on-prem
// cluster, a split placement) keeps the file's comments, writes the chosen
// split (placement, split_by, split_onprem, the on-prem cluster) and
// nothing the original left to a preset (no parameters_b: 0), and the
// written file validates and times the split exactly as the optimiser did.
func TestOptimizeWriteHybrid(t *testing.T) {
	dir := t.TempDir()
	in := "../../testdata/scenarios/onprem-burst-split.yaml"
	out := filepath.Join(dir, "plan.yaml")
	stdout, errOut, code := runCLI(t, "optimize", in, "--deadline-days", "120", "--placements", "split", "--types", "p5.48xlarge", "--keep-region", "-f", "json", "--write", out)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, stdout)
	}
	var res struct {
		Best struct {
			Candidate struct {
				Nodes       int    `json:"nodes"`
				Placement   string `json:"placement"`
				SplitBy     string `json:"split_by"`
				SplitOnPrem int    `json:"split_onprem"`
			} `json:"candidate"`
			Outcome struct {
				Days float64 `json:"time_to_train_days"`
			} `json:"outcome"`
		} `json:"best"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Best.Candidate.Placement != "split" {
		t.Fatalf("optimize json: %v, best %+v", err, res.Best)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"# On-prem + burst training split", "# same metro: Ashburn DC -> EqDC2 -> us-east-1", "# Over a private VIF S3 is reachable"} {
		if !strings.Contains(string(got), c) {
			t.Errorf("comment %q lost in the written plan:\n%s", c, got)
		}
	}
	if strings.Contains(string(got), "parameters_b") {
		t.Errorf("the written plan adds parameters_b, which the original leaves to its model preset:\n%s", got)
	}
	if _, errOut, code := runCLI(t, "validate", out); code != 0 {
		t.Fatalf("written plan does not validate: %s", errOut)
	}
	doc, err := planner.Parse(out, got)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Scenario
	j := s.Workloads.Training[0]
	c := res.Best.Candidate
	if j.Placement != "split" || j.SplitBy != c.SplitBy || j.SplitOnPrem != c.SplitOnPrem || j.OnPremCluster != "dgx" || s.Clusters[0].Nodes != c.Nodes {
		t.Errorf("written job %+v, cluster nodes %d; chosen %+v", j, s.Clusters[0].Nodes, c)
	}
	p := planner.Evaluate(s, planner.DefaultCatalog(), planner.Options{})
	if len(p.Placements) == 0 {
		t.Fatal("the written plan compares no placements")
	}
	for _, o := range p.Placements[0].Options {
		if o.Placement == "split" && math.Abs(o.TimeToTrainDays-res.Best.Outcome.Days) > 1e-6*res.Best.Outcome.Days {
			t.Errorf("written split trains in %.3f days, the optimiser said %.3f", o.TimeToTrainDays, res.Best.Outcome.Days)
		}
	}
}
