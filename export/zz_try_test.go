package export

import (
	"context"
	"os"
	"testing"
)

func TestTry(t *testing.T) {
	for _, f := range scenarioFiles(t) {
		in := loadInput(t, f)
		dot := DiagramDOT(in)
		n := scenarioName(f)
		os.WriteFile("/tmp/proto/"+n+".dot", dot, 0o644)
		svg, err := DiagramSVG(context.Background(), dot)
		if err != nil { t.Fatal(err) }
		os.WriteFile("/tmp/proto/"+n+".svg", svg, 0o644)
		png, err := DiagramPNG(svg)
		if err != nil { t.Fatal(err) }
		os.WriteFile("/tmp/proto/"+n+".png", png, 0o644)
	}
}
