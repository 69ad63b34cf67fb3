package planner

import (
	"slices"
	"testing"
)

func TestExpandValues(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  bool
	}{
		{"8..512*2", []string{"8", "16", "32", "64", "128", "256", "512"}, false},
		{"8..100*2", []string{"8", "16", "32", "64"}, false},
		{"1..10+1", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, false},
		{"0.1..0.5+0.1", []string{"0.1", "0.2", "0.3", "0.4", "0.5"}, false},
		{"1..3", []string{"1", "2", "3"}, false},
		{"10,100,400", []string{"10", "100", "400"}, false},
		{"p5.48xlarge, p5en.48xlarge", []string{"p5.48xlarge", "p5en.48xlarge"}, false},
		{"8..32*2,100", []string{"8", "16", "32", "100"}, false},
		{"8..2*2", nil, true},
		{"0..8*2", nil, true},
		{"1..8*1", nil, true},
		{"1..8+0", nil, true},
		{"a..b", nil, true},
		{"1..1e9+1", nil, true},
		{"", nil, true},
	} {
		got, err := ExpandValues(tc.in)
		if (err != nil) != tc.err || !tc.err && !slices.Equal(got, tc.want) {
			t.Errorf("ExpandValues(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func FuzzExpandValues(f *testing.F) {
	for _, s := range []string{"8..512*2", "1..10+1", "a,b", "0.5..2+0.25"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs, err := ExpandValues(s)
		if err == nil && (len(vs) == 0 || len(vs) > maxRangeValues) {
			t.Errorf("%q: %d values without an error", s, len(vs))
		}
	})
}
