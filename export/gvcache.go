package export

import (
	// gvtmp's init runs before go-graphviz's and gives it a private,
	// per-user compilation cache instead of the shared $TMPDIR/go-graphviz
	// (reliability review F5; see that package).
	"cache.topoplan.internal/gvtmp"
)

// init runs after go-graphviz's (this package imports it), so its cache
// is in place: the user's TMPDIR is restored for everything else.
func init() { gvtmp.Restore() }

// GraphvizCacheDir is the directory go-graphviz compiled its WebAssembly
// into at start-up ("" when it keeps no on-disk cache).
func GraphvizCacheDir() string {
	if !gvtmp.Cached() {
		return ""
	}
	return gvtmp.Dir()
}
