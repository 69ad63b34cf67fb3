package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// FormatUSD formats a number (dollars, or any quantity) with thousands
// separators and the given number of decimals: FormatUSD(1234.5, 2) = "1,234.50".
func FormatUSD(v float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, v)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac {
		return groupThousands(intPart) + "." + frac
	}
	return groupThousands(intPart)
}

// FormatUnitUSD formats a unit price in dollars (per hour, per GB, per
// GB-month…) the one way the CLI, the TUI and the exports show it: from a
// dollar up, cents plus up to two more decimals when the price has them
// (22.5 → "22.50", 41.528 → "41.528", 15.809502 → "15.8095", 1234.5 →
// "1,234.50"); below a dollar, four significant digits and at least cents
// (0.09 → "0.09", 0.0225 → "0.0225", 0.000004 → "0.000004"). Zero is "0".
// Four decimals keep quantity × unit price within a cent per 100 units of
// the monthly figure shown beside it.
func FormatUnitUSD(v float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	decimals := 4
	if a < 1 {
		// Four significant digits: the first is at decimal place -floor(log10 a).
		decimals = 3 - int(math.Floor(math.Log10(a)))
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); i < 0 {
		s += ".00"
	} else if len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	intPart, frac, _ := strings.Cut(s, ".")
	return groupThousands(intPart) + "." + frac
}

// groupThousands puts separators into a string of digits (with an optional sign).
func groupThousands(digits string) string {
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

// Plural counts a noun with a regular plural: Plural(1, "cluster") = "1
// cluster", Plural(2, "cluster") = "2 clusters".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
