package styles

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// TestPlainHasNoColour checks the NO_COLOR theme sets no foreground,
// background or border colour on any style, while the colour theme does.
func TestPlainHasNoColour(t *testing.T) {
	coloured := func(st lipgloss.Style) bool {
		_, fgNone := st.GetForeground().(lipgloss.NoColor)
		_, bgNone := st.GetBackground().(lipgloss.NoColor)
		_, bNone := st.GetBorderRightForeground().(lipgloss.NoColor)
		return !fgNone || !bgNone || !bNone
	}
	count := func(s *Styles) (n int) {
		v := reflect.ValueOf(s).Elem()
		for i := 0; i < v.NumField(); i++ {
			switch f := v.Field(i).Interface().(type) {
			case lipgloss.Style:
				if coloured(f) {
					n++
				}
			case Segment:
				if coloured(f.Style) {
					n++
				}
			case []lipgloss.Style:
				for _, st := range f {
					if coloured(st) {
						n++
					}
				}
			}
		}
		return n
	}
	if n := count(New(true)); n != 0 {
		t.Errorf("plain theme: %d styles carry a colour", n)
	}
	if n := count(New(false)); n == 0 {
		t.Error("colour theme: no style carries a colour")
	}
}

// TestSegmentGlyphsDistinct checks every stacked bar's segments have
// distinct, one-cell glyphs in both themes, so a bar reads without colour.
func TestSegmentGlyphsDistinct(t *testing.T) {
	for _, plain := range []bool{true, false} {
		s := New(plain)
		for name, segs := range map[string][]Segment{"step": s.StepSegments(), "memory": append(s.MemSegments(), s.MemFree, s.MemCapacity)} {
			seen := map[string]bool{}
			for _, g := range segs {
				if lipgloss.Width(g.Glyph) != 1 {
					t.Errorf("%s bar: glyph %q is %d cells wide", name, g.Glyph, lipgloss.Width(g.Glyph))
				}
				if seen[g.Glyph] {
					t.Errorf("%s bar: glyph %q used twice", name, g.Glyph)
				}
				seen[g.Glyph] = true
			}
		}
	}
}
