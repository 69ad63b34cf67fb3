package tui

import (
	"strings"
	"testing"
)

// TestPluralsAndUnitPrices is the new-user trial's B19 in the TUI: counts
// read "1 cluster" / "2 connections" (never "cluster(s)"), and unit prices
// are model.FormatUnitUSD's, as in the CLI and the exports: cents plus up to
// two more decimals from a dollar up, four significant digits below.
func TestPluralsAndUnitPrices(t *testing.T) {
	for _, tt := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "error", "0 errors"}, {1, "cluster", "1 cluster"}, {2, "connection", "2 connections"},
	} {
		if got := plural(tt.n, tt.noun); got != tt.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{22.5, "22.50"}, {15.809502, "15.8095"}, {21.091826, "21.0918"}, {1234.5, "1,234.50"},
		{0.02, "0.02"}, {0.000123456, "0.0001235"}, {0, "0"},
	} {
		if got := trimPrice(tt.v); got != tt.want {
			t.Errorf("trimPrice(%g) = %q, want %q", tt.v, got, tt.want)
		}
	}
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	// Cost line labels ("1 NAT gateway") are the planner's, drawn on the Cost view.
	for _, view := range []string{"1", "2", "4"} {
		v := send(m, keys(view)...).View()
		if strings.Contains(v, "(s)") {
			t.Errorf("view %s has a \"(s)\" plural:\n%s", view, v)
		}
	}
	if v := m.View(); !strings.Contains(v, "1 cluster · 64 nodes · 512 accelerators") {
		t.Errorf("Overview estate line:\n%s", v)
	}
}

// TestSubnetsDoNotFitSaysTheSmallestVPCOnce is B19's repeated advice in the
// Subnets view: the smallest VPC that fits is named once.
func TestSubnetsDoNotFitSaysTheSmallestVPCOnce(t *testing.T) {
	cfg, _ := loadScenario(t, scenarioA)
	m := newTestModel(t, cfg, 120, 40)
	m = focusField(t, m, "aws.vpc_cidr")
	m = send(m, keys("enter")...)
	m = send(m, clearInput()...)
	m = send(m, keys("10.64.0.0/22", "enter", "esc", "5")...)
	a := m.Plan().Addressing
	if a == nil || a.Fits || a.SmallestFittingVPC == "" {
		t.Fatalf("want a /22 VPC the subnets do not fit, got %+v", a)
	}
	if n := strings.Count(strings.Join(strings.Fields(m.View()), " "), a.SmallestFittingVPC); n != 1 {
		t.Errorf("the smallest fitting VPC %s is named %d times:\n%s", a.SmallestFittingVPC, n, m.View())
	}
}
