package planner

import (
	"math"
	"testing"

	"github.com/topoplan/topoplan/model"
)

func loadTokyoInference(t testing.TB) model.Scenario {
	t.Helper()
	doc, err := LoadFile("../testdata/scenarios/tokyo-inference-two-region.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return doc.Scenario
}

func TestInferenceTokyoTwoRegion(t *testing.T) {
	cat := DefaultCatalog()
	p := Evaluate(loadTokyoInference(t), cat, Options{})
	if len(p.Inference) != 1 {
		t.Fatalf("inference plans = %d, want 1", len(p.Inference))
	}
	ip := p.Inference[0]
	// Latency-based routing: Tokyo, Osaka and Singapore are closest to
	// ap-northeast-1 (0, 396 and 5,317 km), San Francisco to us-west-2 (862 km).
	want := map[string]string{"tokyo": "ap-northeast-1", "osaka": "ap-northeast-1", "singapore": "ap-northeast-1", "us-west": "us-west-2"}
	for _, u := range ip.Users {
		if u.Region != want[u.Name] {
			t.Errorf("%s served from %s, want %s", u.Name, u.Region, want[u.Name])
		}
	}
	// Tokyo gets 0.5 + 0.2 + 0.1 = 0.8 of 40 rps = 32 rps × 500 tokens =
	// 16,000 tokens/s ÷ (3,257.48 × 0.7 = 2,280.24) = 7.02 → 8 instances;
	// Oregon 8 rps → 4,000 ÷ 2,280.24 = 1.75 → 2.
	// 8 × 730 h × $68.80 (p5.48xlarge on demand, Tokyo) = $401,792.
	tokyo, oregon := ip.Regions[0], ip.Regions[1]
	if tokyo.InstancesNeeded != 8 || oregon.InstancesNeeded != 2 {
		t.Errorf("instances %d, %d; want 8, 2", tokyo.InstancesNeeded, oregon.InstancesNeeded)
	}
	if math.Abs(tokyo.InstanceMonthlyUSD-401792) > 1e-6 {
		t.Errorf("Tokyo fleet $%g, want $401,792", tokyo.InstanceMonthlyUSD)
	}
	// Responses: 32 rps × 4 KB × 2,628,000 s = 336.384 GB; the account's free
	// 100 GB goes to the first region: 236.384 GB × $0.114 = $26.95.
	if math.Abs(tokyo.EgressGB-336.384) > 1e-6 || math.Abs(tokyo.EgressMonthlyUSD-236.384*0.114) > 1e-6 {
		t.Errorf("Tokyo egress %g GB $%g", tokyo.EgressGB, tokyo.EgressMonthlyUSD)
	}
	// Osaka's users: 8.15 ms RTT + 834.51 ms TTFT = 842.66 ms to the first token.
	for _, u := range ip.Users {
		if u.Name == "osaka" && math.Abs(u.FirstTokenMs-842.66) > 0.01 {
			t.Errorf("Osaka first token %g ms, want 842.66", u.FirstTokenMs)
		}
	}
	// Route 53: 40 rps × 2,628,000 s = 105.12 M queries × $0.60 = $63.07 (+ $0.50 zone).
	if len(ip.FrontDoorCost) != 2 || math.Abs(ip.FrontDoorCost[0].MonthlyUSD-63.072) > 1e-9 {
		t.Errorf("front door %+v", ip.FrontDoorCost)
	}
	// 70 GB of FP8 weights over 3,200 Gbps from S3: 0.175 s at the instance's line rate.
	if math.Abs(tokyo.ModelLoadSeconds-0.175) > 1e-12 {
		t.Errorf("load %g s, want 0.175", tokyo.ModelLoadSeconds)
	}
}

// More traffic never lowers the instance count in any region.
func TestInferenceMoreTrafficNeverFewerInstances(t *testing.T) {
	cat := DefaultCatalog()
	s := loadTokyoInference(t)
	prev := map[string]int{}
	for rps := 1.0; rps <= 400; rps *= 1.37 {
		s.Workloads.Inference[0].RequestsPerSecond = rps
		for _, r := range Evaluate(s, cat, Options{}).Inference[0].Regions {
			if r.InstancesNeeded < prev[r.Region] {
				t.Fatalf("%s: %d instances at %g rps, fewer than before (%d)", r.Region, r.InstancesNeeded, rps, prev[r.Region])
			}
			prev[r.Region] = r.InstancesNeeded
		}
	}
	if prev["ap-northeast-1"] <= 8 {
		t.Errorf("400 rps should need more than the 40 rps fleet, got %d", prev["ap-northeast-1"])
	}
}

func TestInferenceFindings(t *testing.T) {
	cat := DefaultCatalog()
	// The catalog has no serving figure for g6e.48xlarge: not sized, said so.
	doc, err := LoadFile("../testdata/scenarios/inference-two-region.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p := Evaluate(doc.Scenario, cat, Options{}); !hasFinding(p.Findings, "inference.no-throughput") {
		t.Errorf("no inference.no-throughput finding for g6e.48xlarge")
	}
	// Double the traffic: Tokyo needs 16 (> 8 nodes).
	s := loadTokyoInference(t)
	s.Workloads.Inference[0].RequestsPerSecond = 80
	if p := Evaluate(s, cat, Options{}); !hasFinding(p.Findings, "inference.fleet-short") {
		t.Errorf("no inference.fleet-short finding at 80 rps")
	}
}

// Global Accelerator: $0.025 × 730 h = $18.25 fixed; DT-Premium on the
// responses by (region area → users' area): Tokyo's 336.384 GB all go to
// Japanese and Singaporean users (AP→AP $0.010/GB) = $3.36384; Oregon's
// 84.096 GB to US users (NA→NA $0.015/GB) = $1.26144.
func TestInferenceGlobalAccelerator(t *testing.T) {
	cat := DefaultCatalog()
	s := loadTokyoInference(t)
	s.Workloads.Inference[0].FrontDoor = "global-accelerator"
	ip := Evaluate(s, cat, Options{}).Inference[0]
	got := map[string]float64{}
	for _, l := range ip.FrontDoorCost {
		got[l.Item] = l.MonthlyUSD
	}
	want := map[string]float64{
		"Global Accelerator fixed fee":                          18.25,
		"Global Accelerator DT-Premium AP->AP (ap-northeast-1)": 3.36384,
		"Global Accelerator DT-Premium NA->NA (us-west-2)":      1.26144,
	}
	for item, usd := range want {
		if math.Abs(got[item]-usd) > 1e-9 {
			t.Errorf("%s = $%g, want $%g (all lines %v)", item, got[item], usd, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("front door lines %v, want %v", got, want)
	}
}
