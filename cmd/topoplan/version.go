package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/planner"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// versionInfo is what `topoplan version` and `--version` print.
type versionInfo struct {
	// Version is -ldflags' main.version, else the module version (a tagged
	// `go install`), else "dev".
	Version string `json:"version"`
	// Commit, CommitTime and Modified come from the VCS stamp of a build
	// from a git checkout.
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Modified   bool   `json:"modified,omitempty"`
	// GoVersion is the toolchain that built the binary.
	GoVersion string `json:"go_version,omitempty"`
	// Catalog and CatalogReadOn name the embedded catalog snapshot.
	Catalog       string `json:"catalog"`
	CatalogReadOn string `json:"catalog_read_on"`
}

func readVersion() versionInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	// Only the snapshot's version and date: decoding the whole catalog
	// would be most of what `version` costs after package initialisation.
	catalog, readOn := planner.EmbeddedCatalogVersion()
	return buildVersion(version, bi, catalog, readOn)
}

// buildVersion assembles the version from the link-time version, the build
// information and the catalog.
func buildVersion(linked string, bi *debug.BuildInfo, catalog, readOn string) versionInfo {
	v := versionInfo{Version: linked, Catalog: catalog, CatalogReadOn: readOn}
	if bi == nil {
		return v
	}
	v.GoVersion = bi.GoVersion
	if v.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.CommitTime = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is one line: "topoplan v1.2.0 (commit 6eee607c1a2b, 2026-12-01T…,
// modified; catalog 2026-12-02.1, read 2026-12-02; go1.26)".
func (v versionInfo) String() string {
	var parts []string
	if v.Commit != "" {
		c := "commit " + shortCommit(v.Commit)
		if v.CommitTime != "" {
			c += " of " + v.CommitTime
		}
		if v.Modified {
			c += " with uncommitted changes"
		}
		parts = append(parts, c)
	}
	parts = append(parts, fmt.Sprintf("catalog %s, read %s", v.Catalog, v.CatalogReadOn))
	if v.GoVersion != "" {
		parts = append(parts, v.GoVersion)
	}
	return fmt.Sprintf("topoplan %s (%s)", v.Version, strings.Join(parts, "; "))
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

func newVersionCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, the commit it was built from and the embedded catalog's date",
		Long: `Print the version (set at link time, else the module version of a tagged
go install, else "dev"), the VCS commit the binary was built from (with a
note when the checkout had uncommitted changes), the embedded catalog's
version and date, and the Go toolchain. --version on the root prints the
same line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := formatFor("version", format, "one record, not a table", "table", "json"); err != nil {
				return err
			}
			v := readVersion()
			if format == "json" {
				return writeJSON(cmd.OutOrStdout(), v)
			}
			fmt.Fprintln(cmd.OutOrStdout(), v.String())
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table (one line) or json")
	return cmd
}
