package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/internal/staletmp"
	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi"
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

// awsLimits bound every AWS call of refresh and import (F14): the
// command's deadline, each attempt's header wait and duration, and each
// response's size. Tests shorten them.
var awsLimits = struct {
	deadline, header, call time.Duration
	maxBytes               int64
}{awsapi.DefaultDeadline, awsapi.DefaultHeaderTimeout, awsapi.DefaultCallTimeout, awsapi.DefaultMaxResponseBytes}

// withAWSLimits sets awsLimits' per-call bounds on an awsapi.Config.
func withAWSLimits(c awsapi.Config) awsapi.Config {
	c.HeaderTimeout, c.CallTimeout, c.MaxResponseBytes = awsLimits.header, awsLimits.call, awsLimits.maxBytes
	return c
}

// interruptible returns a context cancelled by Ctrl-C or SIGTERM, or when
// the AWS deadline passes.
func interruptible(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	parent := cmd.Context()
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, awsLimits.deadline)
	return ctx, func() { cancel(); stop() }
}

// awsFailure wraps an AWS error for exit status 4, saying nothing changed.
func awsFailure(err error, untouched string) error {
	return &exitError{exitAWS, fmt.Errorf("%w\n%s", err, untouched)}
}

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
			ctx, stop := interruptible(cmd)
			defer stop()
			out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			untouched := "The current catalog is unchanged."
			target := output
			if target == "" {
				p, err := planner.DefaultOverlayPath()
				if err != nil {
					return &exitError{exitInvalid, fmt.Errorf("%w; pass --output", err)}
				}
				target = p
			}
			// What an earlier refresh to the same file, killed mid-write,
			// left next to it.
			staletmp.Clean(time.Now(), target)
			// The catalog as it stands without this run: the embedded
			// snapshot plus the overlay file being replaced.
			var previous map[string]any
			baseOverlays := []string{}
			if data, err := os.ReadFile(target); err == nil {
				if err := json.Unmarshal(data, &previous); err != nil {
					return &exitError{exitInvalid, fmt.Errorf("%s: not a catalog overlay written by refresh: %v; move it away or pass --output", target, err)}
				}
				baseOverlays = append(baseOverlays, target)
			} else if !errors.Is(err, os.ErrNotExist) {
				return &exitError{exitInvalid, err}
			}
			base, err := planner.LoadCatalog(baseOverlays...)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			region := ""
			if len(regions) > 0 {
				region = regions[0]
			}
			clients, err := awsapi.Load(ctx, withAWSLimits(awsapi.Config{Profile: profile, Region: region, PricingRegion: pricingRegion}))
			if err != nil {
				return awsFailure(err, untouched)
			}
			opt := awsapi.RefreshOptions{Catalog: base, Regions: regions, InstanceTypes: types,
				Today: time.Now().Format("2006-01-02"), PricingRegion: pricingRegion}
			ui := startProgress(errw, "Reading AWS specs and prices")
			opt.Progress = ui.update
			res, err := awsapi.Refresh(ctx, clients.Pricing, clients.EC2, opt)
			ui.stop()
			if err != nil {
				if errors.Is(ctx.Err(), context.Canceled) {
					return awsFailure(errors.New("interrupted: nothing was written"), untouched)
				}
				return awsFailure(err, untouched)
			}
			fmt.Fprintf(errw, "Read %d figures (%d pages, %d products).\n", res.Figures, res.Progress.Pages, res.Progress.Products)
			for _, s := range res.Skipped {
				fmt.Fprintln(errw, "note:", s)
			}
			merged := planner.MergeOverlays(previous, res.Overlay)
			changes, unchanged, err := planner.DiffOverlay(base, res.Overlay)
			if err != nil {
				return err
			}
			writeChanges(out, changes, unchanged)
			large := planner.LargeChanges(changes, largeChangeFactor)
			if len(large) > 0 {
				fmt.Fprintf(out, "%d figures change by more than a factor of %g; check them against AWS before accepting:\n", len(large), largeChangeFactor)
				for _, c := range large {
					fmt.Fprintf(out, "  %s: %s -> %s\n", c.Path, orNone(c.Old), c.New)
				}
			}
			if dryRun {
				fmt.Fprintln(errw, "Dry run: nothing written.")
				return nil
			}
			if len(large) > 0 && !acceptLarge {
				if !isTerminal(os.Stdin) || !isTerminal(out) {
					return &exitError{exitInvalid, fmt.Errorf("not written: %d figures change by more than a factor of %g; check them, then pass --accept-large-changes to write them; %s", len(large), largeChangeFactor, untouched)}
				}
				fmt.Fprintf(out, "Accept the %d large changes? [y/N] ", len(large))
				answer, _ := bufio.NewReader(os.Stdin).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
					fmt.Fprintln(errw, "Nothing written.")
					return nil
				}
			}
			if !yes {
				if !isTerminal(os.Stdin) || !isTerminal(out) {
					fmt.Fprintf(errw, "Not written: not a terminal, so pass --yes to replace %s.\n", target)
					return nil
				}
				fmt.Fprintf(out, "Replace %s? [y/N] ", target)
				answer, _ := bufio.NewReader(os.Stdin).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
					fmt.Fprintln(errw, "Nothing written.")
					return nil
				}
			}
			if errors.Is(ctx.Err(), context.Canceled) {
				return awsFailure(errors.New("interrupted: nothing was written"), untouched)
			} else if ctx.Err() != nil {
				return awsFailure(fmt.Errorf("the %s deadline for AWS work passed: nothing was written", awsLimits.deadline), untouched)
			}
			data, err := json.MarshalIndent(merged, "", "  ")
			if err != nil {
				return err
			}
			if err := planner.WriteFileAtomic(target, append(data, '\n'), 0o644, true); err != nil {
				return &exitError{exitInternal, fmt.Errorf("write %s: %w; %s", target, err, untouched)}
			}
			msg := "Wrote " + target
			if len(previous) > 0 {
				msg += " (previous kept as " + target + ".bak)"
			}
			fmt.Fprintln(errw, msg+".")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&regions, "region", nil, "region to read (repeatable; default: the catalog's regions)")
	f.StringArrayVar(&types, "instance-type", nil, "instance type to read (repeatable; default: the catalog's instance types)")
	f.StringVar(&profile, "profile", "", "AWS shared-config profile (default: AWS_PROFILE or default)")
	f.StringVar(&pricingRegion, "pricing-region", awsapi.DefaultPricingRegion, "Price List Query API endpoint region: us-east-1, eu-central-1 or ap-south-1")
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
