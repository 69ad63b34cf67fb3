package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/internal/staletmp"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// exitAWS is the exit code when AWS could not be read (no credentials,
// access denied, throttling, a region without a type, a malformed answer).
const exitAWS = 4

// overlays returns the overlay files in force: the user's refresh overlay
// (unless --no-user-catalog), then every --catalog in order.
func (g *globalFlags) overlays() ([]string, error) {
	// What a catalog refresh killed mid-write left next to the overlay.
	if p, err := planner.DefaultOverlayPath(); err == nil {
		staletmp.Clean(time.Now(), p)
	}
	if g.noUserCatalog {
		return g.catalogs, nil
	}
	p, err := planner.UserOverlay()
	if err != nil {
		return nil, err
	}
	if p == "" {
		return g.catalogs, nil
	}
	return append([]string{p}, g.catalogs...), nil
}

// warnStale prints the catalog.stale finding on stderr, one line, so a stale
// catalog is seen even when stdout goes to a file or a pipe (eval skips it
// when a table goes to a terminal, whose findings already show it).
func warnStale(w io.Writer, p model.Plan) {
	for _, f := range p.Findings {
		if f.Code == "catalog.stale" {
			fmt.Fprintf(w, "warning: %s. %s\n", f.Title, f.Remedy)
		}
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	w = rawWriter(w)
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// rawWriter is the writer under a termsafe wrapper (for terminal detection
// and the progress display's own escape sequences), or w itself.
func rawWriter(w any) any {
	for {
		u, ok := w.(interface{ Unwrap() io.Writer })
		if !ok {
			return w
		}
		w = u.Unwrap()
	}
}

// refreshOptions are catalog refresh's flags.
type refreshOptions struct {
	regions, types                 []string
	profile, pricingRegion, output string
	yes, dryRun, acceptLarge       bool
}

// defaultPricingRegion is the Price List Query API endpoint refresh uses
// by default (awsapi.DefaultPricingRegion; a test keeps them equal).
const defaultPricingRegion = "us-east-1"

func newCatalogRefreshCmd(g *globalFlags) *cobra.Command {
	var (
		regions, types                 []string
		profile, pricingRegion, output string
		yes, dryRun, acceptLarge       bool
	)
	cmd := &cobra.Command{
		Use:   "refresh",
		Short: "Read today's specs and prices from AWS into the user catalog overlay",
		Long: `Read instance specs (EC2 DescribeInstanceTypes) and on-demand prices (the
Price List Query API: EC2 instances, FSx for Lustre storage, dedicated Direct
Connect ports) with the standard AWS configuration and credential chain, and
write them as a catalog overlay, each figure marked confirmed with its API,
region and today's date.

The overlay goes to ` + "`" + `<user config dir>/topoplan/catalog-overlay.json` + "`" + ` (or --output),
replaced atomically; the previous file is kept as .bak. Figures the overlay
already held and this run did not read are kept. Every other command loads
that overlay automatically (--no-user-catalog turns it off).

Before writing, the figures that change are listed old -> new. On a terminal
you are asked to confirm (--yes skips the question). When stdin or stdout is
not a terminal the list is printed and nothing is written unless --yes is
given. Ctrl-C stops the refresh with nothing written. Any failure leaves the
current catalog untouched and exits with status 4.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch pricingRegion {
			case "us-east-1", "eu-central-1", "ap-south-1":
			default:
				return &exitError{exitInvalid, fmt.Errorf("--pricing-region %q: the Price List Query API is served from us-east-1, eu-central-1 and ap-south-1", pricingRegion)}
			}
			return runCatalogRefresh(cmd, refreshOptions{regions: regions, types: types, profile: profile,
				pricingRegion: pricingRegion, output: output, yes: yes, dryRun: dryRun, acceptLarge: acceptLarge})
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&regions, "region", nil, "region to read (repeatable; default: the catalog's regions)")
	f.StringArrayVar(&types, "instance-type", nil, "instance type to read (repeatable; default: the catalog's instance types)")
	f.StringVar(&profile, "profile", "", "AWS shared-config profile (default: AWS_PROFILE or default)")
	f.StringVar(&pricingRegion, "pricing-region", defaultPricingRegion, "Price List Query API endpoint region: us-east-1, eu-central-1 or ap-south-1")
	f.StringVarP(&output, "output", "o", "", "overlay file to write (default: <user config dir>/topoplan/catalog-overlay.json)")
	f.BoolVarP(&yes, "yes", "y", false, "write without asking, also when not on a terminal")
	f.BoolVar(&dryRun, "dry-run", false, "show what would change and write nothing")
	f.BoolVar(&acceptLarge, "accept-large-changes", false, "write figures that change by more than a factor of 2 (otherwise they are shown and must be confirmed)")
	return cmd
}

// largeChangeFactor is the factor beyond which a refreshed figure is shown
// apart and must be confirmed before it is written.
const largeChangeFactor = 2.0

// orNone prints an absent old value as "(none)".
func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// writeChanges prints the figures a refresh changes, old -> new.
func writeChanges(w io.Writer, changes []planner.Change, unchanged int) {
	if len(changes) == 0 {
		fmt.Fprintf(w, "No changes (%d figures re-confirmed).\n", unchanged)
		return
	}
	fmt.Fprintf(w, "%d changes, old -> new (%d figures unchanged):\n", len(changes), unchanged)
	for _, c := range changes {
		old := c.Old
		if old == "" {
			old = "(none)"
		}
		fmt.Fprintf(w, "  %s: %s -> %s\n", c.Path, old, c.New)
	}
}
