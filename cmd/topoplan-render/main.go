// Command topoplan-render draws topoplan's diagrams: topoplan runs it as a
// child process when a diagram is exported, so that topoplan itself never
// links Graphviz (go-graphviz compiles its WebAssembly Graphviz in its
// package init, which would slow every command; see internal/renderer).
//
// It is not a user command. Its protocol (internal/renderer.Protocol):
//
//	topoplan-render -protocol 1 svg < graph.dot > graph.svg
//	topoplan-render -protocol 1 png < graph.svg > graph.png
//
// Exit status: 0 done; 2 usage (unknown protocol or format, or not started
// by topoplan); 3 the diagram is too large for a PNG (export the SVG); 1 any
// other failure, described on stderr.
//
// topoplan starts it with TMPDIR set to a private per-user directory, where
// go-graphviz keeps its compilation cache (reliability review F5).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/topoplan/topoplan/export/engine"
	"github.com/topoplan/topoplan/internal/renderer"
)

// maxInputBytes bounds the DOT or SVG read from stdin (the largest shipped
// scenario's DOT is 24 kB; engine.PNGMaxSVGBytes bounds SVG further).
const maxInputBytes = 64 << 20

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(renderer.HelperName, flag.ContinueOnError)
	fs.SetOutput(stderr)
	protocol := fs.String("protocol", "", "protocol version topoplan speaks (this helper speaks "+renderer.Protocol+")")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if os.Getenv(renderer.EnvChild) != "1" {
		fmt.Fprintf(stderr, "%s draws diagrams for topoplan and is not run by hand: use \"topoplan export diagram FILE -o plan.svg\"\n", renderer.HelperName)
		return 2
	}
	if *protocol != renderer.Protocol || fs.NArg() != 1 {
		fmt.Fprintf(stderr, "%s speaks protocol %s (\"-protocol %s svg|png\"); got -protocol %q %q: install topoplan and %s from the same version\n",
			renderer.HelperName, renderer.Protocol, renderer.Protocol, *protocol, fs.Args(), renderer.HelperName)
		return 2
	}
	in, err := io.ReadAll(io.LimitReader(stdin, maxInputBytes+1))
	if err != nil {
		fmt.Fprintf(stderr, "read input: %v\n", err)
		return 1
	}
	if len(in) > maxInputBytes {
		fmt.Fprintf(stderr, "input above %d MB\n", maxInputBytes>>20)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var out []byte
	switch fs.Arg(0) {
	case "svg":
		out, err = engine.DiagramSVG(ctx, in)
	case "png":
		out, err = engine.DiagramPNG(in)
	default:
		fmt.Fprintf(stderr, "format %q: want svg or png\n", fs.Arg(0))
		return 2
	}
	if errors.Is(err, renderer.ErrTooLarge) {
		fmt.Fprintln(stderr, err)
		return renderer.ExitTooLarge
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "write output: %v\n", err)
		return 1
	}
	return 0
}
