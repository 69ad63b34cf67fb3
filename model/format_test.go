package model

import "testing"

// TestFormatUnitUSD pins the one unit-price format of the CLI, the TUI and
// the exports (B19: "$22.5" in the CLI, "$22.500" in the TUI, "$15.809502"
// in the report).
func TestFormatUnitUSD(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{22.5, "22.50"},        // DX 100G port-hour: cents
		{15.809502, "15.8095"}, // at most four decimals
		{41.528, "41.528"},     // a published three-decimal price is kept
		{98.32, "98.32"},       //
		{1234.5, "1,234.50"},   // thousands separated
		{0.09, "0.09"},         // below a dollar: at least cents
		{0.1, "0.10"},          //
		{0.0225, "0.0225"},     // four significant digits
		{0.045, "0.045"},       //
		{0.000004, "0.000004"}, //
		{0.00012345678, "0.0001235"},
		{0, "0"},
		{-0.5, "-0.50"},
		{-2.25, "-2.25"},
	} {
		if got := FormatUnitUSD(tc.in); got != tc.want {
			t.Errorf("FormatUnitUSD(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestFormatUSDAndPlural covers the thousands separators and the plural helper.
func TestFormatUSDAndPlural(t *testing.T) {
	if got := FormatUSD(-1234567.891, 2); got != "-1,234,567.89" {
		t.Errorf("FormatUSD = %q", got)
	}
	if got := FormatUSD(999, 0); got != "999" {
		t.Errorf("FormatUSD = %q", got)
	}
	for n, want := range map[int]string{0: "0 clusters", 1: "1 cluster", 2: "2 clusters"} {
		if got := Plural(n, "cluster"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}
