//go:build topoplan_aws

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/internal/staletmp"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/planner/awsapi"
)

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

// runCatalogRefresh reads AWS and writes the overlay (see
// newCatalogRefreshCmd); only the topoplan-aws build links it.
func runCatalogRefresh(cmd *cobra.Command, o refreshOptions) error {
	ctx, stop := interruptible(cmd)
	defer stop()
	out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
	untouched := "The current catalog is unchanged."
	target := o.output
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
	if len(o.regions) > 0 {
		region = o.regions[0]
	}
	clients, err := awsapi.Load(ctx, withAWSLimits(awsapi.Config{Profile: o.profile, Region: region, PricingRegion: o.pricingRegion}))
	if err != nil {
		return awsFailure(err, untouched)
	}
	opt := awsapi.RefreshOptions{Catalog: base, Regions: o.regions, InstanceTypes: o.types,
		Today: time.Now().Format("2006-01-02"), PricingRegion: o.pricingRegion}
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
	if o.dryRun {
		fmt.Fprintln(errw, "Dry run: nothing written.")
		return nil
	}
	if len(large) > 0 && !o.acceptLarge {
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
	if !o.yes {
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
}
