package main

import (
	"encoding/json"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs", Value: "git"},
		{Key: "vcs.revision", Value: "6eee607c1a2b3c4d5e6f708192a3b4c5d6e7f809"},
		{Key: "vcs.time", Value: "2026-12-01T21:04:05Z"},
		{Key: "vcs.modified", Value: "false"},
	}
	dirty := append(append([]debug.BuildSetting(nil), vcs[:3]...), debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	for _, tc := range []struct {
		name   string
		linked string
		bi     *debug.BuildInfo
		want   string
	}{
		{"no build info", "dev", nil, "topoplan dev (catalog C, read 2026-12-02)"},
		{"go test / go build without a tag", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"topoplan dev (catalog C, read 2026-12-02; go1.26.8)"},
		{"go install @v1.4.0", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			"topoplan v1.4.0 (catalog C, read 2026-12-02; go1.26.8)"},
		{"git checkout", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"topoplan dev (commit 6eee607c1a2b of 2026-12-01T21:04:05Z; catalog C, read 2026-12-02; go1.26.8)"},
		{"dirty checkout", "dev", &debug.BuildInfo{GoVersion: "go1.26.8", Settings: dirty},
			"topoplan dev (commit 6eee607c1a2b of 2026-12-01T21:04:05Z with uncommitted changes; catalog C, read 2026-12-02; go1.26.8)"},
		{"ldflags wins", "v2.0.0-rc1", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}, Settings: vcs},
			"topoplan v2.0.0-rc1 (commit 6eee607c1a2b of 2026-12-01T21:04:05Z; catalog C, read 2026-12-02; go1.26.8)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := buildVersion(tc.linked, tc.bi, "C", "2026-12-02").String(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestVersionCommand: `version`, `--version` and `version -f json` agree and
// name the embedded catalog.
func TestVersionCommand(t *testing.T) {
	line, errOut, code := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(line, "topoplan ") || !strings.Contains(line, "catalog ") {
		t.Fatalf("version: exit %d %q %s", code, line, errOut)
	}
	flag, _, code := runCLI(t, "--version")
	if code != 0 || flag != line {
		t.Errorf("--version: exit %d %q, want %q", code, flag, line)
	}
	js, _, code := runCLI(t, "version", "-f", "json")
	var v versionInfo
	if err := json.Unmarshal([]byte(js), &v); code != 0 || err != nil || v.Catalog == "" || v.CatalogReadOn == "" || !strings.Contains(line, v.Catalog) {
		t.Errorf("version -f json: exit %d, %v: %s", code, err, js)
	}
	if _, errOut, code := runCLI(t, "version", "-f", "yaml"); code != exitInvalid || !strings.Contains(errOut, "unknown format") {
		t.Errorf("version -f yaml: exit %d %s", code, errOut)
	}
}
