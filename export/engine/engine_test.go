package engine

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math"
	"strings"
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

// TestDiagramPNGDrawsStrokesAndText renders a small graph whose layout does
// not depend on its labels (fixed-size boxes), once with text and once with
// blank labels. It fails if the PNG lost box outlines or the edge (as
// go-graphviz's own PNG renderer does, goccy/go-graphviz#106) or the text.
func TestDiagramPNGDrawsStrokesAndText(t *testing.T) {
	const tmpl = `digraph t {
  graph [rankdir=TB, ranksep=1, fontname="Liberation Sans"];
  node [shape=box, fixedsize=true, width=2.5, height=0.8, fontname="Liberation Sans", fontsize=14];
  a [label="%A"];
  b [label="%B"];
  a -> b;
}`
	render := func(la, lb string) image.Image {
		dot := strings.NewReplacer("%A", la, "%B", lb).Replace(tmpl)
		svg, err := DiagramSVG(context.Background(), []byte(dot))
		if err != nil {
			t.Fatal(err)
		}
		b, err := DiagramPNG(svg)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	blank := render(" ", " ")
	text := render("EFA 3200 Gbps", "FSx for Lustre")
	if blank.Bounds() != text.Bounds() {
		t.Fatalf("layouts differ: %v vs %v", blank.Bounds(), text.Bounds())
	}
	// Box outlines: at PNGScale pixels per point·(96/72), a 2.5 in box is
	// 2.5 × 96 × 2 = 480 px wide; each box has a top and a bottom edge, so
	// at least 4 rows carry a dark run of ≥ 80% of that width.
	boxPx := int(2.5 * 96 * PNGScale)
	rows := 0
	bnd := blank.Bounds()
	for y := bnd.Min.Y; y < bnd.Max.Y; y++ {
		run, best := 0, 0
		for x := bnd.Min.X; x < bnd.Max.X; x++ {
			if dark(blank, x, y) {
				run++
				best = max(best, run)
			} else {
				run = 0
			}
		}
		if best >= boxPx*8/10 {
			rows++
		}
	}
	if rows < 4 {
		t.Errorf("only %d rows carry a box edge; want ≥ 4 (outlines missing?)", rows)
	}
	// The edge: a vertical line down the middle between the boxes. With
	// ranksep 1 in the gap is ~1 in = 192 px; count dark pixels in a
	// 7-pixel-wide central column band.
	mid := (bnd.Min.X + bnd.Max.X) / 2
	edgeRows := 0
	for y := bnd.Min.Y; y < bnd.Max.Y; y++ {
		for x := mid - 3; x <= mid+3; x++ {
			if dark(blank, x, y) {
				edgeRows++
				break
			}
		}
	}
	// Each box contributes 2 edge-rows at most near its outline crossings;
	// the edge itself spans ~ the 192 px gap.
	if edgeRows < 96*PNGScale*7/10 {
		t.Errorf("only %d rows dark in the centre column; the edge seems missing", edgeRows)
	}
	t.Logf("box-edge rows %d, centre-column rows %d", rows, edgeRows)
	// Text adds ink: two 13-character labels at 14 pt.
	inkBlank, inkText := ink(blank), ink(text)
	t.Logf("ink: blank %d, with text %d", inkBlank, inkText)
	if inkText-inkBlank < 1500 {
		t.Errorf("labels add %d dark pixels (blank %d, with text %d); text seems missing", inkText-inkBlank, inkBlank, inkText)
	}
}

func dark(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return (r+g+b)/3 < 0x8000
}

func ink(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if dark(img, x, y) {
				n++
			}
		}
	}
	return n
}

// TestDiagramSVGWithoutAGraph: input that holds no graph (empty, blank,
// only a comment) is an error, not a crash (go-graphviz returns no graph
// and no error for it).
func TestDiagramSVGWithoutAGraph(t *testing.T) {
	for _, dot := range []string{"", "   \n", "/* nothing */\n"} {
		if _, err := DiagramSVG(context.Background(), []byte(dot)); err == nil || !strings.Contains(err.Error(), "no graph") {
			t.Errorf("DiagramSVG(%q): %v, want a no-graph error", dot, err)
		}
	}
	if _, err := DiagramSVG(context.Background(), []byte("digraph { a -> b }")); err != nil {
		t.Fatal(err)
	}
}

// TestDiagramPNGIsOpaque: the PNG is written as RGB (IHDR colour type 2),
// three bytes a pixel: the partly transparent edge Graphviz's anti-aliased
// background leaves is laid over white.
func TestDiagramPNGIsOpaque(t *testing.T) {
	svg, err := DiagramSVG(context.Background(), []byte(`digraph { bgcolor=white; a -> b; b -> c }`))
	if err != nil {
		t.Fatal(err)
	}
	b, err := DiagramPNG(svg)
	if err != nil {
		t.Fatal(err)
	}
	// Bytes 8–15 are IHDR's length and type, 16–23 width and height, 24
	// bit depth, 25 colour type.
	if len(b) < 26 || string(b[12:16]) != "IHDR" || b[25] != 2 {
		t.Fatalf("PNG colour type %d, want 2 (RGB)", b[25])
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := img.(interface{ Opaque() bool }); !ok || !o.Opaque() {
		t.Fatal("decoded PNG is not opaque")
	}
}

// TestOpaqueOnWhite: premultiplied pixels over white keep what is opaque,
// turn what is transparent white, and blend what is in between.
func TestOpaqueOnWhite(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 1))
	copy(img.Pix, []byte{
		10, 20, 30, 255, // opaque: unchanged
		0, 0, 0, 0, // transparent: white
		64, 0, 32, 128, // half-covered (premultiplied): 64+127, 0+127, 32+127
	})
	opaqueOnWhite(img)
	want := []byte{10, 20, 30, 255, 255, 255, 255, 255, 191, 127, 159, 255}
	if !bytes.Equal(img.Pix, want) {
		t.Fatalf("got %v, want %v", img.Pix, want)
	}
}
