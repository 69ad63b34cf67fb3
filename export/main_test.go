package export

import (
	"os"
	"testing"

	"github.com/topoplan/topoplan/export/engine"
	"github.com/topoplan/topoplan/internal/renderer"
)

// TestMain draws this package's diagrams in-process (export/engine, the
// code the topoplan-render helper runs); internal/renderer's and
// cmd/topoplan's tests go through the helper process.
func TestMain(m *testing.M) {
	renderer.Use(engine.InProcess{})
	os.Exit(m.Run())
}
