package export

import (
	"context"

	"github.com/topoplan/topoplan/internal/renderer"
)

// DiagramSVG lays out a DOT graph with Graphviz and returns the SVG. The
// layout runs in the topoplan-render helper (see internal/renderer), so
// that topoplan does not load Graphviz's WebAssembly at start-up.
func DiagramSVG(ctx context.Context, dot []byte) ([]byte, error) {
	return renderer.SVG(ctx, dot)
}

// DiagramPNG rasterises a Graphviz SVG into a PNG (192 dpi, at most 4,096
// px on a side; see export/engine). A diagram too large for a legible PNG
// gives an error wrapping ErrDiagramTooLarge.
func DiagramPNG(ctx context.Context, svg []byte) ([]byte, error) {
	return renderer.PNG(ctx, svg)
}

// ErrDiagramTooLarge is returned when a diagram exceeds the PNG bounds;
// the SVG (which has no such bound) is the way to export it.
var ErrDiagramTooLarge = renderer.ErrTooLarge
