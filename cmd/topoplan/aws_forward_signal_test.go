//go:build !topoplan_aws && unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while a child writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestForwardAWSPassesSignalsOn: catalog refresh runs in topoplan-aws with
// the same command line; a SIGTERM sent to topoplan alone reaches the
// helper, and topoplan exits with the helper's status.
func TestForwardAWSPassesSignalsOn(t *testing.T) {
	dir := t.TempDir()
	helper := filepath.Join(dir, "topoplan-aws")
	script := "#!/bin/sh\ntrap 'echo stopped; exit 5' TERM\necho \"args: $*\"\nwhile :; do sleep 0.05; done\n"
	if err := os.WriteFile(helper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TOPOPLAN_AWS", helper)
	var out, errb lockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- run([]string{"catalog", "refresh", "--dry-run", "--region", "ap-northeast-1"}, &out, &errb)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "args:") {
		if time.Now().After(deadline) {
			t.Fatalf("the helper did not start: %q %q", out.String(), errb.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := out.String(); !strings.Contains(got, "args: catalog refresh --dry-run --region ap-northeast-1") {
		t.Errorf("the helper got %q, want the same command line", got)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != 5 || !strings.Contains(out.String(), "stopped") {
			t.Errorf("exit %d, output %q; want the helper's exit 5 after it stopped", c, out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("topoplan did not return after SIGTERM")
	}
}
