// Package renderer draws diagrams (DOT to SVG, SVG to PNG) without linking
// Graphviz into topoplan.
//
// go-graphviz compiles or loads its WebAssembly Graphviz in its package
// init, for every command of any program that links it (80-300 ms warm,
// over a second cold: performance review, finding 1). So topoplan does not
// link it: a diagram is drawn by the helper program topoplan-render
// (cmd/topoplan-render, which links export/engine), run as a child process
// only when a diagram is drawn. Every other command, and the TUI's first
// frame, pay nothing for Graphviz.
//
// The helper is found, in this order:
//
//  1. the path in $TOPOPLAN_RENDER;
//  2. topoplan-render next to the running executable (where
//     `go install github.com/topoplan/topoplan/cmd/...` puts both);
//  3. topoplan-render on $PATH;
//  4. when topoplan runs from a source checkout (`go run ./cmd/topoplan`)
//     and the go command is on $PATH: built once from that checkout into
//     the user cache directory (Go's build cache makes later builds no-ops).
//
// The helper is given a private, per-user TMPDIR (the user cache
// directory's topoplan/graphviz, 0700, owned by the user) for go-graphviz's
// compilation cache, never the shared $TMPDIR/go-graphviz (reliability
// review F5).
//
// Tests and the helper itself swap the child process for an in-process
// engine with Use.
package renderer

import (
	"context"
	"errors"
	"sync"

	"github.com/topoplan/topoplan/internal/helperbin"
)

// ErrTooLarge is returned when a diagram exceeds the PNG bounds; the SVG
// (which has no such bound) is the way to export it.
var ErrTooLarge = errors.New("diagram too large for PNG")

// Engine lays out and rasterises diagrams.
type Engine interface {
	// SVG lays a Graphviz DOT graph out and returns its SVG.
	SVG(ctx context.Context, dot []byte) ([]byte, error)
	// PNG rasterises an SVG that SVG produced.
	PNG(ctx context.Context, svg []byte) ([]byte, error)
}

var (
	mu      sync.RWMutex
	current Engine = &Process{}
)

// Use makes e the engine SVG and PNG call, and returns a function that puts
// the previous one back.
func Use(e Engine) (restore func()) {
	mu.Lock()
	prev := current
	current = e
	mu.Unlock()
	return func() {
		mu.Lock()
		current = prev
		mu.Unlock()
	}
}

func engine() Engine {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// SVG lays a DOT graph out with Graphviz and returns the SVG.
func SVG(ctx context.Context, dot []byte) ([]byte, error) { return engine().SVG(ctx, dot) }

// PNG rasterises a Graphviz SVG into a PNG; a diagram beyond the PNG bounds
// gives an error wrapping ErrTooLarge.
func PNG(ctx context.Context, svg []byte) ([]byte, error) { return engine().PNG(ctx, svg) }

// WithNotify returns a context under which a one-off step that takes
// seconds (building the helper from the source checkout) is announced to
// notify first.
func WithNotify(ctx context.Context, notify func(msg string)) context.Context {
	return helperbin.WithNotify(ctx, notify)
}
