package main

import (
	"bytes"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// runMainEnv makes the test binary act as topoplan itself (arguments after
// "--"), so a test can run the CLI as a process with all its package inits.
const runMainEnv = "TOPOPLAN_TEST_RUN_MAIN"

func init() {
	if os.Getenv(runMainEnv) != "1" {
		return
	}
	if _, ok := os.LookupEnv("CI"); ok && os.Getenv("TOPOPLAN_TEST_CI_WAS_UNSET") == "1" {
		os.Stderr.WriteString("CI was left set after initialisation\n")
		os.Exit(99)
	}
	args := os.Args[1:]
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// TestNoTerminalQueryAtStart runs commands on a pseudo-terminal that never
// answers (script(1) with stdin from /dev/null, as in the new-user trial's
// B3): no command may write a terminal query (OSC 11, DSR) or wait for an
// answer (termenv waits 5 s), and the environment must be as it was.
func TestNoTerminalQueryAtStart(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("script(1) flags are util-linux's")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1) not installed")
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range []string{"version", "eval --now 2026-11-23 -f json", "validate ../../testdata/scenarios/llm-pretraining.yaml"} {
		t.Run(args, func(t *testing.T) {
			cmd := exec.Command(script, "-qec", "'"+bin+"' -- "+args, "/dev/null")
			env := []string{runMainEnv + "=1", "TOPOPLAN_TEST_CI_WAS_UNSET=1", "TERM=xterm-256color"}
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, "TERM=") && !strings.HasPrefix(kv, "TMUX") {
					env = append(env, kv)
				}
			}
			cmd.Env = env
			cmd.Stdin = nil // /dev/null: nothing ever answers a query
			start := time.Now()
			out, err := cmd.CombinedOutput()
			took := time.Since(start)
			if err != nil {
				t.Fatalf("%v after %v: %q", err, took, out)
			}
			if bytes.Contains(out, []byte("\x1b]11;")) || bytes.Contains(out, []byte("\x1b[6n")) {
				t.Errorf("the command queried the terminal: %q", out[:min(len(out), 80)])
			}
			if took > 3*time.Second {
				t.Errorf("took %v: it waited for a terminal answer", took)
			}
		})
	}
}
