package export

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/tdewolff/canvas"
)

// TestSplitSVGText checks the text cut out of a Graphviz SVG: position,
// anchor, size and colour come through, the text element is gone from the
// shapes, and the graph group's transform is read.
func TestSplitSVGText(t *testing.T) {
	svg := []byte(`<svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 46)">
<polygon fill="white" stroke="none" points="-4,4 -4,-46 96,-46 96,4 -4,4"/>
<text text-anchor="middle" x="20.5" y="-10" font-family="Liberation Sans" font-size="9.00" fill="#d62728">a &amp; b</text>
</g>
</svg>`)
	texts, shapes, err := splitSVGText(svg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(shapes, []byte("<text")) || !bytes.Contains(shapes, []byte("<polygon")) {
		t.Errorf("shapes: %s", shapes)
	}
	if len(texts.items) != 1 {
		t.Fatalf("%d texts, want 1", len(texts.items))
	}
	it := texts.items[0]
	if it.text != "a & b" || it.anchor != "middle" || it.x != 20.5 || it.y != -10 || it.size != 9 {
		t.Errorf("text %+v", it)
	}
	if r, g, b, _ := it.fill.Color.RGBA(); r>>8 != 0xd6 || g>>8 != 0x27 || b>>8 != 0x28 {
		t.Errorf("fill %v, want #d62728", it.fill.Color)
	}
	// translate(4 46): a point at the origin lands at (4, 46).
	p := texts.transform.Dot(canvas.Point{X: 0, Y: 0})
	if math.Abs(p.X-4) > 1e-9 || math.Abs(p.Y-46) > 1e-9 {
		t.Errorf("transform maps origin to %v, want (4, 46)", p)
	}
	if texts.vbW != 100 || texts.vbH != 50 {
		t.Errorf("viewBox %v × %v", texts.vbW, texts.vbH)
	}
}

// FuzzSplitSVGText: arbitrary input never panics; well-formed SVG from
// Graphviz keeps every shape.
func FuzzSplitSVGText(f *testing.F) {
	svg, err := DiagramSVG(context.Background(), []byte(`digraph { a -> b [label="x"] }`))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(svg)
	f.Add([]byte(`<svg><text>unterminated`))
	f.Add([]byte(`<g id="graph0" transform="scale(">`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = splitSVGText(b)
		_ = parseTransform(string(b))
	})
}

// TestPNGScale: PNGScale pixels per SVG pixel, lowered so that the longer
// side stays within PNGMaxPixels.
func TestPNGScale(t *testing.T) {
	for _, tc := range []struct {
		name       string
		w, h, want float64
	}{
		{"small diagram keeps 192 dpi", 1000, 500, PNGScale},
		{"wide diagram capped", 4096, 1000, 1},
		{"tall diagram capped", 1000, 8192, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := pngScale(tc.w, tc.h)
			if math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("pngScale(%g, %g) = %g, want %g", tc.w, tc.h, got, tc.want)
			}
			if long := max(tc.w, tc.h) * got; long > PNGMaxPixels+1e-9 {
				t.Errorf("longer side %g px exceeds %d", long, PNGMaxPixels)
			}
		})
	}
}
