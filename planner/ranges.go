package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxRangeValues caps how many values one range may expand to.
const maxRangeValues = 10000

// ExpandValues expands a sweep's value list: comma-separated items, each a
// plain value ("p5.48xlarge", "100") or a numeric range:
//
//	a..b*k   geometric: a, a·k, a·k², … up to b (k > 1), e.g. 8..512*2
//	a..b+k   arithmetic: a, a+k, a+2k, … up to b (k > 0), e.g. 1..10+1
//	a..b     arithmetic with step 1
//
// Values keep the order written; a range includes b when a step lands on
// it (within 1e-9 relative). Numbers are printed in their shortest form.
func ExpandValues(spec string) ([]string, error) {
	var out []string
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		lo, rest, isRange := strings.Cut(item, "..")
		if !isRange {
			out = append(out, item)
			continue
		}
		hiText, stepText, op := rest, "1", byte('+')
		if i := strings.IndexAny(rest, "*+"); i > 0 {
			hiText, stepText, op = rest[:i], rest[i+1:], rest[i]
		}
		a, errA := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		b, errB := strconv.ParseFloat(strings.TrimSpace(hiText), 64)
		k, errK := strconv.ParseFloat(strings.TrimSpace(stepText), 64)
		if errA != nil || errB != nil || errK != nil {
			return nil, fmt.Errorf("range %q: write a..b*k (geometric), a..b+k (arithmetic) or a..b", item)
		}
		if b < a {
			return nil, fmt.Errorf("range %q: the end %g is below the start %g", item, b, a)
		}
		switch {
		case op == '*' && (k <= 1 || a <= 0):
			return nil, fmt.Errorf("range %q: a geometric range needs a start above 0 and a factor above 1", item)
		case op == '+' && k <= 0:
			return nil, fmt.Errorf("range %q: an arithmetic range needs a step above 0", item)
		}
		tol := 1e-9 * math.Max(1, math.Abs(b))
		for i := 0; ; i++ {
			v := a + float64(i)*k
			if op == '*' {
				v = a * math.Pow(k, float64(i))
			}
			if v > b+tol {
				break
			}
			v = math.Round(v*1e9) / 1e9
			out = append(out, strconv.FormatFloat(v, 'g', -1, 64))
			if len(out) > maxRangeValues {
				return nil, fmt.Errorf("range %q: more than %d values", item, maxRangeValues)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no values in %q", spec)
	}
	return out, nil
}
