package export

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/topoplan/topoplan/export/engine"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// TestPNGBounds (F7): a diagram whose SVG is too big, too long on a side
// or too large in area is refused with ErrDiagramTooLarge and the bound in
// the message, before the rasteriser allocates anything; the largest
// shipped diagram is far inside the bounds.
func TestPNGBounds(t *testing.T) {
	svg := func(w, h int) []byte {
		return []byte(fmt.Sprintf(`<svg width="%dpt" height="%dpt" viewBox="0.00 0.00 %d.00 %d.00" xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph" transform="translate(4 4)"></g></svg>`, w, h, w, h))
	}
	tests := []struct {
		name string
		svg  []byte
		want string
	}{
		{"long side", svg(20000, 100), "it is 20000 × 100 pt; a PNG at most 4096 px on a side cannot show more than 16384 pt"},
		{"area", svg(16000, 16000), "(or 67108864 pt² in all)"},
		{"bytes", append(svg(100, 100), []byte(strings.Repeat(" ", engine.PNGMaxSVGBytes))...), "above the 16 MB PNG bound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DiagramPNG(context.Background(), tc.svg)
			if !errors.Is(err, ErrDiagramTooLarge) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want ErrDiagramTooLarge with %q", err, tc.want)
			}
		})
	}
	if _, err := DiagramPNG(context.Background(), svg(3239, 2294)); err != nil {
		t.Errorf("a diagram the size of large-estate's is refused: %v", err)
	}
}

// BenchmarkDiagramPNGNameLength times a PNG export of a one-cluster estate
// against the length of its names, up to planner.MaxNameLen (the review's
// F7 saw time grow with the square of a name's length; validation now caps
// names, so the longest case is bounded). Run with
// go test ./export -run '^$' -bench DiagramPNGNameLength -benchtime 3x
func BenchmarkDiagramPNGNameLength(b *testing.B) {
	for _, n := range []int{8, 32, planner.MaxNameLen} {
		b.Run(fmt.Sprintf("name=%d", n), func(b *testing.B) {
			name := strings.Repeat("n", n)
			s := model.Scenario{
				Name:     name,
				AWS:      model.AWS{Region: "us-east-1", VPCCIDR: "10.0.0.0/16", AvailabilityZones: []string{"us-east-1a", "us-east-1b"}},
				Clusters: []model.Cluster{{Name: name[:min(n, 40)], InstanceType: "p4d.24xlarge", Nodes: 4, AZ: "us-east-1a"}},
			}
			in := inputFor(s, planner.DefaultCatalog())
			svg, err := DiagramSVG(context.Background(), DiagramDOT(in))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := DiagramPNG(context.Background(), svg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
