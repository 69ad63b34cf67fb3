// Package termsafe makes user text safe to print on a terminal: C0 and C1
// control characters (ESC, BEL, CR, LF, NUL …) and the bidirectional
// override and isolate marks are shown escaped (\x1b, \u202e) instead of
// being sent raw, so a scenario name cannot move the cursor, change the
// window title (OSC) or reorder a line (reliability review F10).
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// unsafe reports a rune a terminal would act on rather than print.
func unsafe(r rune) bool {
	if unicode.IsControl(r) {
		return true
	}
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// Clean returns s with every unsafe rune escaped; s itself when it has none.
func Clean(s string) string {
	if strings.IndexFunc(s, unsafe) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafe(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// Unsafe returns the first unsafe rune of s and whether there is one.
func Unsafe(s string) (rune, bool) {
	if i := strings.IndexFunc(s, unsafe); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return r, true
	}
	return 0, false
}

// UnsafeRune reports whether a terminal would act on r rather than print
// it (what Clean escapes).
func UnsafeRune(r rune) bool {
	return unsafe(r)
}
