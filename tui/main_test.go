package tui

import (
	"os"
	"testing"

	"github.com/topoplan/topoplan/internal/helperbin/helpertest"
	"github.com/topoplan/topoplan/internal/renderer"
)

// TestMain draws the exported diagrams through the topoplan-render helper,
// as the program does.
func TestMain(m *testing.M) {
	helpertest.Use(renderer.Helper)
	code := m.Run()
	helpertest.Cleanup()
	os.Exit(code)
}
