// Package engine draws diagrams in this process: Graphviz (compiled to
// WebAssembly, through goccy/go-graphviz: no system dot needed) lays a DOT
// graph out into SVG, and tdewolff/canvas rasterises that SVG into a PNG.
//
// It is heavy to start: go-graphviz compiles or loads its 1.5 MB
// WebAssembly Graphviz in its package init, 80-300 ms warm and over a second
// cold (performance review, finding 1), and canvas links a text-shaping
// stack. So only the diagram helper (cmd/topoplan-render) and tests import
// this package; topoplan itself reaches it through package
// internal/renderer, which runs the helper as a child process when a
// diagram is drawn.
package engine

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/goccy/go-graphviz"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"

	"github.com/topoplan/topoplan/internal/renderer"
)

// InProcess renders in this process; it implements renderer.Engine.
type InProcess struct{}

// SVG lays a DOT graph out with Graphviz and returns the SVG.
func (InProcess) SVG(ctx context.Context, dot []byte) ([]byte, error) { return DiagramSVG(ctx, dot) }

// PNG rasterises a Graphviz SVG (see DiagramPNG).
func (InProcess) PNG(_ context.Context, svg []byte) ([]byte, error) { return DiagramPNG(svg) }

// DiagramSVG lays out a DOT graph with go-graphviz (Graphviz compiled to
// WebAssembly: no system dot needed) and returns the SVG.
func DiagramSVG(ctx context.Context, dot []byte) ([]byte, error) {
	g, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("start graphviz: %w", err)
	}
	defer g.Close()
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parse DOT: %w", err)
	}
	if graph == nil {
		// go-graphviz returns no graph and no error for input that holds
		// none (empty, or only comments).
		return nil, fmt.Errorf("parse DOT: no graph in the input")
	}
	defer graph.Close()
	var buf bytes.Buffer
	if err := g.Render(ctx, graph, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("render SVG: %w", err)
	}
	return buf.Bytes(), nil
}

// PNGScale is the PNG's pixels per SVG pixel (1/96 inch): 2 gives 192 dpi,
// so 9-point edge labels stay legible. (canvas.ParseSVG sizes its canvas in
// CSS pixels, which its rasteriser treats as millimetres.)
const PNGScale = 2

// PNGMaxPixels caps the PNG's longer side: a detail diagram of a large
// estate is rendered smaller than PNGScale would make it (a 4K-wide image
// is the most a screen or slide shows), which keeps rasterising and encoding
// time and memory bounded.
const PNGMaxPixels = 4096

// PNGMaxSVGBytes bounds the SVG DiagramPNG rasterises: the shipped
// scenarios' diagrams are well under 1 MB; an SVG of this size is tens of
// thousands of elements, whose PNG could not be read anyway (reliability
// review F7: 10^5 endpoints ran the rasteriser out of memory).
const PNGMaxSVGBytes = 16 << 20

// PNGMaxDiagramSide bounds the diagram's longer side, in the SVG's own
// units (points): rasterised at most PNGMaxPixels wide, a diagram beyond it
// would shrink 14 pt labels below 4 pixels. The largest shipped scenario
// (large-estate) is 3,239 × 2,294 pt.
const PNGMaxDiagramSide = 16384

// ErrDiagramTooLarge is returned when a diagram exceeds the PNG bounds;
// the SVG (which has no such bound) is the way to export it. It is
// renderer.ErrTooLarge, so callers need not import this package to test
// for it.
var ErrDiagramTooLarge = renderer.ErrTooLarge

// DiagramPNG rasterises a Graphviz SVG into a PNG.
//
// go-graphviz's own PNG renderer drops node outlines and edges
// (goccy/go-graphviz#106), so the SVG is drawn with tdewolff/canvas instead:
// shapes through canvas.ParseSVG, text with the embedded Liberation Sans
// (canvas.ParseSVG would look text fonts up among the system's fonts, which a
// CI machine may not have), at the positions Graphviz gave each <text>.
func DiagramPNG(svg []byte) ([]byte, error) {
	if len(svg) > PNGMaxSVGBytes {
		return nil, fmt.Errorf("%w: its SVG is %d MB, above the %d MB PNG bound; export the SVG instead", ErrDiagramTooLarge, len(svg)>>20, PNGMaxSVGBytes>>20)
	}
	texts, shapes, err := splitSVGText(svg)
	if err != nil {
		return nil, err
	}
	if w, h := texts.vbW, texts.vbH; max(w, h) > PNGMaxDiagramSide || w*h > PNGMaxDiagramSide*PNGMaxDiagramSide/4 {
		return nil, fmt.Errorf("%w: it is %.0f × %.0f pt; a PNG at most %d px on a side cannot show more than %d pt (or %d pt² in all) legibly; export the SVG instead", ErrDiagramTooLarge, w, h, PNGMaxPixels, PNGMaxDiagramSide, PNGMaxDiagramSide*PNGMaxDiagramSide/4)
	}
	c, err := canvas.ParseSVG(bytes.NewReader(shapes))
	if err != nil {
		return nil, fmt.Errorf("parse SVG: %w", err)
	}
	fam, err := diagramFontFamily()
	if err != nil {
		return nil, err
	}
	ctx := canvas.NewContext(c)
	ctx.SetCoordSystem(canvas.CartesianIV)
	if texts.vbW > 0 && texts.vbH > 0 {
		ctx.SetView(canvas.Identity.Scale(c.W/texts.vbW, c.H/texts.vbH).Translate(-texts.vbX, -texts.vbY))
	}
	ctx.ComposeView(texts.transform)
	for _, t := range texts.items {
		face := fam.Face(t.size*ptPerMM, t.fill)
		align := canvas.Left
		switch t.anchor {
		case "middle":
			align = canvas.Center
		case "end":
			align = canvas.Right
		}
		ctx.DrawText(t.x, t.y, canvas.NewTextLine(face, t.text, align))
	}
	img := rasterizer.Draw(c, canvas.DPMM(pngScale(c.W, c.H)), canvas.DefaultColorSpace)
	opaqueOnWhite(img)
	var out bytes.Buffer
	// Diagrams are large flat areas: the fastest zlib level compresses them
	// nearly as well as the default at a fraction of the time.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("encode PNG: %w", err)
	}
	return out.Bytes(), nil
}

// opaqueOnWhite lays the image's partly transparent pixels over white.
// Graphviz paints a white background over the graph, but its anti-aliased
// edge leaves an edge row or column partly transparent; one such pixel makes
// image/png write four bytes a pixel (RGBA) instead of three (RGB), a third
// more to filter and compress. The diagram looks the same on white.
func opaqueOnWhite(img *image.RGBA) {
	for i := 3; i < len(img.Pix); i += 4 {
		a := img.Pix[i]
		if a == 0xff {
			continue
		}
		// Premultiplied alpha: over white, each channel gains 255 − a.
		for k := i - 3; k < i; k++ {
			img.Pix[k] += 0xff - a
		}
		img.Pix[i] = 0xff
	}
}

// pngScale is the PNG's pixels per SVG pixel for a canvas of w × h:
// PNGScale, lowered so the longer side stays within PNGMaxPixels.
func pngScale(w, h float64) float64 {
	if long := max(w, h) * PNGScale; long > PNGMaxPixels {
		return PNGScale * PNGMaxPixels / long
	}
	return PNGScale
}

var (
	fontOnce sync.Once
	fontFam  *canvas.FontFamily
	fontErr  error
)

// diagramFontFamily loads the embedded Liberation Sans once.
func diagramFontFamily() (*canvas.FontFamily, error) {
	fontOnce.Do(func() {
		fam := canvas.NewFontFamily("Liberation Sans")
		if err := fam.LoadFont(liberationsansregular.TTF, 0, canvas.FontRegular); err != nil {
			fontErr = fmt.Errorf("load embedded font: %w", err)
			return
		}
		fontFam = fam
	})
	return fontFam, fontErr
}

// svgTexts are the text elements cut out of a Graphviz SVG, with the
// viewBox and the graph group's transform they are drawn under.
type svgTexts struct {
	vbX, vbY, vbW, vbH float64
	transform          canvas.Matrix
	items              []svgText
}

type svgText struct {
	x, y, size float64
	anchor     string
	fill       canvas.Paint
	text       string
}

// splitSVGText returns the SVG's text elements and the SVG without them.
// Graphviz puts the only transform on the top-level graph group and never
// nests text, which is what this relies on.
func splitSVGText(svg []byte) (svgTexts, []byte, error) {
	out := svgTexts{transform: canvas.Identity}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	var shapes bytes.Buffer
	last := int64(0)
	depthGroups := 0
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, nil, fmt.Errorf("read SVG: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "svg":
			if vb := attr(se, "viewBox"); vb != "" {
				f := strings.Fields(vb)
				if len(f) == 4 {
					out.vbX, _ = strconv.ParseFloat(f[0], 64)
					out.vbY, _ = strconv.ParseFloat(f[1], 64)
					w, _ := strconv.ParseFloat(f[2], 64)
					h, _ := strconv.ParseFloat(f[3], 64)
					out.vbW, out.vbH = w-out.vbX, h-out.vbY
				}
			}
		case "g":
			depthGroups++
			if attr(se, "id") == "graph0" {
				out.transform = parseTransform(attr(se, "transform"))
			}
		case "text":
			var body struct {
				Inner string `xml:",chardata"`
			}
			if err := dec.DecodeElement(&body, &se); err != nil {
				return out, nil, fmt.Errorf("read SVG text: %w", err)
			}
			end := dec.InputOffset()
			shapes.Write(svg[last:start])
			last = end
			t := svgText{anchor: attr(se, "text-anchor"), text: body.Inner, size: 14, fill: canvas.Paint{Color: canvas.Black}}
			t.x, _ = strconv.ParseFloat(attr(se, "x"), 64)
			t.y, _ = strconv.ParseFloat(attr(se, "y"), 64)
			if v, err := strconv.ParseFloat(attr(se, "font-size"), 64); err == nil {
				t.size = v
			}
			if f := attr(se, "fill"); f != "" {
				if col, ok := svgColour(f); ok {
					t.fill = canvas.Paint{Color: col}
				}
			}
			if strings.TrimSpace(t.text) != "" {
				out.items = append(out.items, t)
			}
		}
	}
	shapes.Write(svg[last:])
	return out, shapes.Bytes(), nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// parseTransform reads Graphviz's "scale(s s) rotate(r) translate(x y)".
func parseTransform(v string) canvas.Matrix {
	m := canvas.Identity
	for _, part := range strings.Split(v, ")") {
		name, args, ok := strings.Cut(strings.TrimSpace(part), "(")
		if !ok {
			continue
		}
		var nums []float64
		for _, f := range strings.FieldsFunc(args, func(r rune) bool { return r == ' ' || r == ',' }) {
			n, err := strconv.ParseFloat(f, 64)
			if err == nil {
				nums = append(nums, n)
			}
		}
		switch strings.TrimSpace(name) {
		case "scale":
			if len(nums) == 1 {
				m = m.Scale(nums[0], nums[0])
			} else if len(nums) == 2 {
				m = m.Scale(nums[0], nums[1])
			}
		case "rotate":
			if len(nums) >= 1 {
				m = m.Rotate(nums[0])
			}
		case "translate":
			if len(nums) == 2 {
				m = m.Translate(nums[0], nums[1])
			}
		}
	}
	return m
}

// svgColour parses the colours Graphviz writes: #rrggbb or a few names.
func svgColour(s string) (color.RGBA, bool) {
	if strings.HasPrefix(s, "#") && len(s) == 7 {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err != nil {
			return canvas.Black, false
		}
		return canvas.RGB(uint8(v>>16), uint8(v>>8), uint8(v)), true
	}
	switch s {
	case "black":
		return canvas.Black, true
	case "red":
		return canvas.Red, true
	case "white":
		return canvas.White, true
	}
	return canvas.Black, false
}

// ptPerMM converts millimetres to points (72 / 25.4), the factor canvas's
// own SVG reader applies to font sizes given in SVG user units.
const ptPerMM = 72.0 / 25.4
