// Package gvtmp moves go-graphviz's WebAssembly compilation cache out of the
// shared temporary directory (reliability review F5).
//
// go-graphviz v0.2.10 compiles its WebAssembly module in its package init
// (internal/wasm/bind.go, getCompilationCache) and caches the native code in
// os.TempDir()/go-graphviz, created 0755 by whoever runs it first: a second
// user then panics at start-up, and the first can plant code the second
// runs. go-graphviz has no option for the directory, so this package points
// TMPDIR, for the duration of the package inits only, at a private
// per-user directory: os.UserCacheDir()/topoplan/graphviz, created 0700,
// used only when it and its parent are directories owned by the current
// user and not writable by group or others. When no such directory can be
// had, TMPDIR points at a path that cannot be created, so go-graphviz keeps
// no on-disk cache at all (it compiles in memory; slower, never shared).
//
// Why this runs first: since Go 1.21 the spec initialises packages in
// import-path order among those whose imports are initialised. This
// package imports only what go-graphviz's internal/wasm also imports (os,
// path/filepath, runtime, syscall), so it is ready whenever that package is,
// and its path "cache.topoplan.internal/gvtmp" sorts before
// "github.com/goccy/go-graphviz/internal/wasm": its init always runs first.
// That is why it is a module of its own (wired with a replace directive):
// every package of github.com/topoplan/topoplan sorts after github.com/goccy.
//
// Restore puts the user's TMPDIR back; topoplan's export package calls it
// from its own init, which runs after go-graphviz's (it imports it).
// On Windows (no TMPDIR) nothing is changed.
package gvtmp

import (
	"os"
	"path/filepath"
	"runtime"
)

// noCache is a TMPDIR under which no directory can ever be created
// (/dev/null is not a directory): go-graphviz then keeps no cache.
const noCache = "/dev/null/topoplan-graphviz-no-cache"

var (
	saved  string
	had    bool
	active bool
	dir    string
)

func init() {
	if runtime.GOOS == "windows" {
		return
	}
	saved, had = os.LookupEnv("TMPDIR")
	d, ok := privateDir()
	if !ok {
		d = noCache
	}
	if os.Setenv("TMPDIR", d) == nil {
		active, dir = true, d
	}
}

// privateDir returns os.UserCacheDir()/topoplan/graphviz, creating it 0700,
// when it and its parent are directories (not links) owned by the current
// user and not writable by anyone else.
func privateDir() (string, bool) {
	base, err := os.UserCacheDir()
	if err != nil || !filepath.IsAbs(base) {
		return "", false
	}
	parent := filepath.Join(base, "topoplan")
	d := filepath.Join(parent, "graphviz")
	if err := os.MkdirAll(d, 0o700); err != nil {
		return "", false
	}
	for _, p := range []string{parent, d} {
		st, err := os.Lstat(p)
		if err != nil || !st.IsDir() || st.Mode().Perm()&0o022 != 0 || !ownedByMe(st) {
			return "", false
		}
	}
	if st, _ := os.Lstat(d); st.Mode().Perm()&0o077 != 0 {
		return "", false
	}
	return d, true
}

// Dir is the TMPDIR go-graphviz was given: the private cache directory, or
// a path that cannot exist when no cache is kept ("" on Windows).
func Dir() string { return dir }

// Cached reports whether go-graphviz was given a private on-disk cache.
func Cached() bool { return dir != "" && dir != noCache }

// Restore puts the user's TMPDIR back (unset if it was unset). It is
// idempotent.
func Restore() {
	if !active {
		return
	}
	active = false
	if had {
		_ = os.Setenv("TMPDIR", saved)
	} else {
		_ = os.Unsetenv("TMPDIR")
	}
}
