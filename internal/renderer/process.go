package renderer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/topoplan/topoplan/internal/helperbin"
)

// HelperName is the helper program's name (without ".exe").
const HelperName = "topoplan-render"

// EnvHelper names the environment variable that points at the helper.
const EnvHelper = "TOPOPLAN_RENDER"

// EnvChild is set (to "1") in the helper's environment; the helper refuses
// to run without it (it is not a user command).
const EnvChild = "TOPOPLAN_RENDER_CHILD"

// Protocol is the version of the helper's command line
// ("topoplan-render -protocol 1 svg|png", input on stdin, output on stdout;
// exit 3 means ErrTooLarge). A helper that does not speak it exits 2.
const Protocol = "1"

// ExitTooLarge is the helper's exit status for ErrTooLarge.
const ExitTooLarge = 3

// MaxOutputBytes bounds what the helper may write back: the largest PNG is
// 4096 px on a side (a few tens of MB at most), the largest shipped SVG a
// few hundred kB.
const MaxOutputBytes = 256 << 20

// Helper is the topoplan-render program (see package helperbin for how it
// is found).
var Helper = &helperbin.Helper{
	Name: HelperName, Env: EnvHelper, Package: "./cmd/" + HelperName,
	Purpose: "the diagram renderer, which links Graphviz",
	Install: `"go install github.com/topoplan/topoplan/cmd/..." (from a checkout: "go install ./cmd/..."), or export the diagram as DOT (-o plan.dot)`,
}

// Process runs the helper program, one child process per diagram. The zero
// value is ready to use; it is safe for concurrent use.
type Process struct{}

// SVG runs "topoplan-render svg" on the DOT.
func (p *Process) SVG(ctx context.Context, dot []byte) ([]byte, error) {
	return p.run(ctx, "svg", dot)
}

// PNG runs "topoplan-render png" on the SVG.
func (p *Process) PNG(ctx context.Context, svg []byte) ([]byte, error) {
	return p.run(ctx, "png", svg)
}

func (p *Process) run(ctx context.Context, format string, in []byte) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	helper, err := Helper.Path(ctx)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, helper, "-protocol", Protocol, format)
	cmd.Env = childEnv()
	cmd.Stdin = bytes.NewReader(in)
	var out boundedBuffer
	out.max = MaxOutputBytes
	var stderr boundedBuffer
	stderr.max = 64 << 10
	cmd.Stdout, cmd.Stderr = &out, &stderr
	cmd.WaitDelay = 5 * time.Second
	err = cmd.Run()
	msg := strings.TrimSpace(stderr.String())
	var exit *exec.ExitError
	switch {
	case err == nil && out.overflow:
		return nil, fmt.Errorf("%s %s: output above %d MB", helper, format, MaxOutputBytes>>20)
	case err == nil:
		return out.Bytes(), nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%s %s: %w", HelperName, format, ctx.Err())
	case errors.As(err, &exit) && exit.ExitCode() == ExitTooLarge:
		return nil, fmt.Errorf("%w: %s", ErrTooLarge, strings.TrimPrefix(msg, ErrTooLarge.Error()+": "))
	case msg != "":
		return nil, fmt.Errorf("%s (%s): %s", HelperName, helper, msg)
	default:
		return nil, fmt.Errorf("%s (%s): %w", HelperName, helper, err)
	}
}

// childEnv is this process's environment with TMPDIR pointing at the
// private graphviz cache (or at a path that cannot exist, so go-graphviz
// keeps no on-disk cache), and EnvChild set.
func childEnv() []string {
	tmp := GraphvizCacheDir()
	env := make([]string, 0, len(os.Environ())+2)
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TMPDIR=") || strings.HasPrefix(kv, EnvChild+"=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TMPDIR="+tmp, EnvChild+"=1")
}

// NoCacheDir is a TMPDIR under which no directory can ever be created
// (/dev/null is not a directory): go-graphviz then keeps no cache.
const NoCacheDir = "/dev/null/topoplan-graphviz-no-cache"

// GraphvizCacheDir is the TMPDIR the helper gets: the private per-user
// directory for go-graphviz's compilation cache, or NoCacheDir when none
// can be had.
func GraphvizCacheDir() string {
	if d, ok := helperbin.PrivateDir("graphviz"); ok {
		return d
	}
	return NoCacheDir
}

// boundedBuffer keeps at most max bytes and notes an overflow.
type boundedBuffer struct {
	bytes.Buffer
	max      int
	overflow bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		b.overflow = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

var _ io.Writer = (*boundedBuffer)(nil)
