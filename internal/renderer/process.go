package renderer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
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

// Process runs the helper program, one child process per diagram. The zero
// value is ready to use; it is safe for concurrent use.
type Process struct {
	mu   sync.Mutex
	path string
}

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
	helper, err := p.helper(ctx)
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

// helper finds (or, from a source checkout, builds) the helper once.
func (p *Process) helper(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.path != "" {
		return p.path, nil
	}
	path, err := locate(ctx, notifyFrom(ctx))
	if err != nil {
		return "", err
	}
	p.path = path
	return path, nil
}

// exeName is the helper's file name on this platform.
func exeName() string {
	if runtime.GOOS == "windows" {
		return HelperName + ".exe"
	}
	return HelperName
}

// locate finds the helper in the order the package documents.
func locate(ctx context.Context, notify func(string)) (string, error) {
	if p := os.Getenv(EnvHelper); p != "" {
		if !isExecutable(p) {
			return "", fmt.Errorf("$%s is %s, which is not an executable file", EnvHelper, p)
		}
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		if p := filepath.Join(filepath.Dir(exe), exeName()); isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(exeName()); err == nil {
		return p, nil
	}
	if root := SourceRoot(); root != "" {
		return buildFromSource(ctx, root, notify)
	}
	return "", errors.New(notFound)
}

// notFound says what to do when there is no helper.
const notFound = HelperName + ` (the diagram renderer, a separate program so that topoplan starts without loading Graphviz) was not found next to topoplan, on $PATH or in $` + EnvHelper + `: install both with "go install github.com/topoplan/topoplan/cmd/..." (from a checkout: "go install ./cmd/..."), or export the diagram as DOT (-o plan.dot)`

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	if err != nil || st.IsDir() {
		return false
	}
	return runtime.GOOS == "windows" || st.Mode().Perm()&0o111 != 0
}

// SourceRoot is the root of the source checkout this program was built
// from, when it is still there (go run, go build in a checkout): the
// compiler records this file's absolute path. It is "" for a -trimpath
// build or when the checkout is gone.
func SourceRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // internal/renderer/process.go
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module github.com/topoplan/topoplan\n")) {
		return ""
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", HelperName)); err != nil {
		return ""
	}
	return root
}

// buildFromSource builds the helper from the checkout into the user cache
// directory. Go's build cache makes a build of unchanged sources a quick
// no-op (about a second), so this runs once per process rather than
// trusting an old binary; only the first build, which compiles go-graphviz
// and wazero, is announced.
func buildFromSource(ctx context.Context, root string, notify func(string)) (string, error) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New(notFound)
	}
	dir, ok := PrivateDir("bin")
	if !ok {
		d, err := os.MkdirTemp("", "topoplan-bin-")
		if err != nil {
			return "", fmt.Errorf("build %s: %w", HelperName, err)
		}
		dir = d
	}
	out := filepath.Join(dir, exeName())
	if _, err := os.Stat(out); err != nil && notify != nil {
		notify(fmt.Sprintf("building %s (the diagram renderer) from %s with go build; a first build compiles Graphviz's WebAssembly runtime and can take a minute", HelperName, root))
	}
	cmd := exec.CommandContext(ctx, gocmd, "build", "-o", out, "./cmd/"+HelperName)
	cmd.Dir = root
	var msg boundedBuffer
	msg.max = 64 << 10
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build %s from %s: %v: %s", HelperName, root, err, strings.TrimSpace(msg.String()))
	}
	return out, nil
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
	if d, ok := PrivateDir("graphviz"); ok {
		return d
	}
	return NoCacheDir
}

// PrivateDir returns os.UserCacheDir()/topoplan/name, creating it 0700,
// when it and its parent are directories (not links) owned by the current
// user and not writable by anyone else.
func PrivateDir(name string) (string, bool) {
	if runtime.GOOS == "windows" {
		return "", false
	}
	base, err := os.UserCacheDir()
	if err != nil || !filepath.IsAbs(base) {
		return "", false
	}
	parent := filepath.Join(base, "topoplan")
	d := filepath.Join(parent, name)
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
