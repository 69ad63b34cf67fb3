//go:build topoplan_aws

package main

import (
	"strings"
	"testing"

	"github.com/topoplan/topoplan/internal/helperbin"
	"github.com/topoplan/topoplan/internal/renderer"
	"github.com/topoplan/topoplan/planner/awsapi"
)

// testHelpers: built with the AWS commands, this test binary runs them in
// process; diagrams still go through topoplan-render.
var testHelpers = []*helperbin.Helper{renderer.Helper}

// TestDefaultPricingRegion: the flag's default, kept out of the AWS-free
// build, is awsapi's.
func TestDefaultPricingRegion(t *testing.T) {
	if defaultPricingRegion != awsapi.DefaultPricingRegion {
		t.Errorf("defaultPricingRegion %q, awsapi.DefaultPricingRegion %q", defaultPricingRegion, awsapi.DefaultPricingRegion)
	}
}

// TestProgressView drives the progress model directly: it shows the
// queries done and the pages and products read, and disappears when done.
func TestProgressView(t *testing.T) {
	m := startProgressModel("Reading")
	next, _ := m.Update(progressMsg{Step: 2, Steps: 5, Pages: 4, Products: 120, Doing: "price of p5.48xlarge in us-east-1"})
	view := next.View()
	for _, want := range []string{"Reading", "40%", "2/5 queries · 4 pages · 120 products", "price of p5.48xlarge in us-east-1"} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	done, cmd := next.Update(progressDoneMsg{})
	if done.View() != "" || cmd == nil {
		t.Errorf("after done: view %q, cmd %v; want an empty view and tea.Quit", done.View(), cmd)
	}
	// Not a terminal: no program, and update/stop are no-ops.
	ui := startProgress(&strings.Builder{}, "Reading")
	ui.update(awsapi.Progress{Step: 1})
	ui.stop()
	if ui.prog != nil {
		t.Error("a progress display started on a non-terminal writer")
	}
}
