package tui

import (
	"os"
	"testing"

	"github.com/topoplan/topoplan/internal/renderer/rendertest"
)

// TestMain draws the exported diagrams through the topoplan-render helper,
// as the program does.
func TestMain(m *testing.M) {
	rendertest.UseHelper()
	code := m.Run()
	rendertest.Cleanup()
	os.Exit(code)
}
