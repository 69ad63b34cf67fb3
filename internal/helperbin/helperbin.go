// Package helperbin finds topoplan's helper programs: the parts of topoplan
// kept out of its own binary because linking them slows every command's
// start-up (Go runs every linked package's init before main).
//
//   - topoplan-render (cmd/topoplan-render) draws diagrams with go-graphviz,
//     whose package init compiles its WebAssembly Graphviz (80-400 ms);
//   - topoplan-aws (cmd/topoplan built with -tags topoplan_aws) runs the
//     commands that call AWS (catalog refresh, import vpc); the AWS SDK's
//     package inits and size cost every other command about 10 ms.
//
// A helper is found, in this order:
//
//  1. the path in its environment variable ($TOPOPLAN_RENDER, $TOPOPLAN_AWS);
//  2. next to the running executable (where `go install ./cmd/...` puts
//     topoplan-render, and the README's build line puts topoplan-aws);
//  3. on $PATH;
//  4. when topoplan runs from its source (a checkout under `go run`, or the
//     module cache after `go install ...@version`) and the go command is on
//     $PATH: built from that source into the user cache directory, once per
//     process (Go's build cache makes a build of unchanged sources a
//     no-op of about a second; only a first build is announced).
package helperbin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// Helper describes one helper program.
type Helper struct {
	// Name is the program's file name without ".exe" (topoplan-render).
	Name string
	// Env names the environment variable that may point at it.
	Env string
	// Package is the main package to build it from, relative to the module
	// root (./cmd/topoplan-render).
	Package string
	// Tags are the build tags it is built with (topoplan_aws), if any.
	Tags string
	// Purpose says in a few words what it does, for messages.
	Purpose string
	// Install is the command line that installs it, for messages.
	Install string

	mu   sync.Mutex
	path string
}

type notifyKey struct{}

// WithNotify returns a context under which a one-off step that takes
// seconds (a first build of a helper from source) is announced to notify
// first.
func WithNotify(ctx context.Context, notify func(msg string)) context.Context {
	return context.WithValue(ctx, notifyKey{}, notify)
}

func notifyFrom(ctx context.Context) func(string) {
	f, _ := ctx.Value(notifyKey{}).(func(string))
	return f
}

// Path finds (or builds) the helper once per process and returns its path.
func (h *Helper) Path(ctx context.Context) (string, error) {
	if os.Getenv(h.Env) != "" {
		return h.locate(ctx) // an explicit path is taken as it is now
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.path != "" {
		return h.path, nil
	}
	p, err := h.locate(ctx)
	if err != nil {
		return "", err
	}
	h.path = p
	return p, nil
}

// WillBuild reports whether Path would have to build the helper from
// source (nothing in the environment variable, next to the program or on
// $PATH, and no build yet in this process), so a caller can say that the
// first use takes longer.
func (h *Helper) WillBuild() bool {
	if os.Getenv(h.Env) != "" {
		return false
	}
	h.mu.Lock()
	built := h.path != ""
	h.mu.Unlock()
	if built {
		return false
	}
	if _, ok := h.installed(); ok {
		return false
	}
	return SourceRoot() != ""
}

// installed finds the helper next to the running program or on $PATH.
func (h *Helper) installed() (string, bool) {
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		if p := filepath.Join(filepath.Dir(exe), h.exeName()); isExecutable(p) {
			return p, true
		}
	}
	if p, err := exec.LookPath(h.exeName()); err == nil {
		return p, true
	}
	return "", false
}

// exeName is the helper's file name on this platform.
func (h *Helper) exeName() string {
	if runtime.GOOS == "windows" {
		return h.Name + ".exe"
	}
	return h.Name
}

func (h *Helper) locate(ctx context.Context) (string, error) {
	if p := os.Getenv(h.Env); p != "" {
		if !isExecutable(p) {
			return "", fmt.Errorf("$%s is %s, which is not an executable file", h.Env, p)
		}
		return p, nil
	}
	if p, ok := h.installed(); ok {
		return p, nil
	}
	if root := SourceRoot(); root != "" {
		if gocmd, err := exec.LookPath("go"); err == nil {
			return h.build(ctx, root, gocmd)
		}
	}
	return "", h.notFound()
}

func (h *Helper) notFound() error {
	return fmt.Errorf("%s (%s, a separate program so that topoplan starts fast) was not found next to topoplan, on $PATH or in $%s: install it with %s",
		h.Name, h.Purpose, h.Env, h.Install)
}

func (h *Helper) build(ctx context.Context, root, gocmd string) (string, error) {
	// One directory per source tree, so two checkouts never overwrite each
	// other's helper; a lock file keeps two processes of one tree from
	// building at once.
	sum := sha256.Sum256([]byte(root))
	dir, ok := PrivateDir(filepath.Join("bin", hex.EncodeToString(sum[:6])))
	if !ok {
		d, err := os.MkdirTemp("", "topoplan-bin-")
		if err != nil {
			return "", fmt.Errorf("build %s: %w", h.Name, err)
		}
		dir = d
	}
	out := filepath.Join(dir, h.exeName())
	unlock := lockFile(filepath.Join(dir, "."+h.Name+".lock"))
	defer unlock()
	if _, err := os.Stat(out); err != nil {
		if notify := notifyFrom(ctx); notify != nil {
			notify(fmt.Sprintf("building %s (%s) from %s with go build, once; a first build with an empty Go build cache compiles its dependencies and can take minutes", h.Name, h.Purpose, root))
		}
	}
	if err := h.BuildTo(ctx, root, gocmd, out); err != nil {
		return "", err
	}
	return out, nil
}

// BuildTo runs go build of the helper (its package and tags) from the
// source tree root into the file out, with the go command gocmd.
func (h *Helper) BuildTo(ctx context.Context, root, gocmd, out string) error {
	args := []string{"build"}
	if h.Tags != "" {
		args = append(args, "-tags", h.Tags)
	}
	cmd := exec.CommandContext(ctx, gocmd, append(args, "-o", out, h.Package)...)
	cmd.Dir = root
	var msg bytes.Buffer
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build %s from %s: %v: %s", h.Name, root, err, strings.TrimSpace(lastBytes(msg.Bytes(), 4096)))
	}
	return nil
}

func lastBytes(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	if err != nil || st.IsDir() {
		return false
	}
	return runtime.GOOS == "windows" || st.Mode().Perm()&0o111 != 0
}

// SourceRoot is the root of the source tree this program was built from,
// when it is still there (go run or go build in a checkout, go install from
// the module cache): the compiler records this file's absolute path. It is
// "" for a -trimpath build or when the source is gone.
func SourceRoot() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // internal/helperbin/helperbin.go
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module github.com/topoplan/topoplan\n")) {
		return ""
	}
	return root
}

// PrivateDir returns os.UserCacheDir()/topoplan/name, creating it 0700,
// when it and every directory from topoplan down to it are directories (not
// links) owned by the current user and not writable by anyone else.
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
	// Every directory from topoplan down to d (name may have several parts).
	dirs := []string{parent}
	for p := d; p != parent && p != filepath.Dir(p); p = filepath.Dir(p) {
		dirs = append(dirs, p)
	}
	for _, p := range dirs {
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
