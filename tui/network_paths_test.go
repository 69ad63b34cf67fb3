package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestNetworkInferenceGolden renders the Network view of the Tokyo
// inference estate: the link's derived RTT, the data path into S3 and the
// inference section with its regions and user populations.
// Regenerate with: go test ./tui -run TestNetworkInferenceGolden -update
func TestNetworkInferenceGolden(t *testing.T) {
	cfg, _ := loadScenario(t, "../testdata/scenarios/tokyo-inference-two-region.yaml")
	m := newTestModel(t, cfg, 120, 40)
	m = send(m, keys("2")...)
	view := m.View()
	for _, want := range []string{"RTT 0.92 ms derived", "Data paths", "S3 interface endpoint (PrivateLink)", "Inference · chat-70b",
		"ap-northeast-1  32 req/s → 8 × p5.48xlarge needed", "osaka 20% → ap-northeast-1 · RTT 8.2 ms derived"} {
		if !strings.Contains(view, want) {
			t.Errorf("Network view lacks %q", want)
		}
	}
	golden.RequireEqual(t, []byte(view))
}
