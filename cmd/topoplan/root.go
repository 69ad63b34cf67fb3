package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
	"github.com/topoplan/topoplan/tui"
)

// globalFlags are flags every command understands.
type globalFlags struct {
	catalogs      []string
	noUserCatalog bool
}

// commands are topoplan's subcommands, in the order help lists them.
var commands = []struct {
	name  string
	build func(g *globalFlags) *cobra.Command
}{
	{"version", func(*globalFlags) *cobra.Command { return newVersionCmd() }},
	{"validate", newValidateCmd},
	{"eval", newEvalCmd},
	{"schema", func(*globalFlags) *cobra.Command { return newSchemaCmd() }},
	{"catalog", newCatalogCmd},
	{"compare", newCompareCmd},
	{"sweep", newSweepCmd},
	{"optimize", newOptimizeCmd},
	{"tornado", newTornadoCmd},
	{"subnets", newSubnetsCmd},
	{"import", newImportCmd},
	{"export", newExportCmd},
}

// newRootCmd builds the whole command tree.
func newRootCmd() *cobra.Command { return newRootCmdFor(nil) }

// newRootCmdFor builds the command tree for one command line: when its
// first word names a subcommand, only that subcommand is built (building
// all of them, with their flags and completions, is about a millisecond
// of every start); anything else (no command, a flag first, help,
// completion, a typo that needs "did you mean") gets the whole tree.
// TestRootForOneCommand checks that a command's help and flags do not
// depend on which tree it was built in.
func newRootCmdFor(args []string) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "topoplan [FILE]",
		Short: "Plan hybrid on-prem + AWS AI infrastructure",
		Long: `topoplan sizes GPU training clusters, their storage, their links to the data
centre and their subnets, and prices the whole estate from a sourced catalog.

With no FILE it opens the interactive planner on an embedded example.`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, data := "", planner.ExampleScenarioYAML()
			doc, cat, err := g.load(cmd.ErrOrStderr(), func() (string, []byte, error) {
				if len(args) == 0 {
					return planner.ExampleName, data, nil
				}
				path = args[0]
				var err error
				if data, err = planner.ReadScenarioFile(path); err != nil {
					if errors.Is(err, fs.ErrNotExist) {
						// "topoplan evall": a mistyped command, not a file.
						if hint := didYouMean(cmd, path); hint != "" {
							return "", nil, &exitError{exitInvalid, fmt.Errorf("unknown command %q for %q and no such file%s", path, cmd.CommandPath(), hint)}
						}
					}
					return "", nil, &exitError{exitInvalid, err}
				}
				return path, data, nil
			})
			if err != nil {
				return err
			}
			return tui.Run(tui.Config{Doc: doc, Path: path, Source: data, Catalog: cat, Now: time.Now()})
		},
	}
	// FILE completes as a file name, alongside the subcommand names.
	root.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveDefault
	}
	root.PersistentFlags().StringArrayVar(&g.catalogs, "catalog", nil, "catalog overlay file (JSON or YAML) applied over the embedded snapshot; repeatable")
	root.PersistentFlags().BoolVar(&g.noUserCatalog, "no-user-catalog", false, "do not load the overlay written by catalog refresh in the user config directory")
	only := ""
	if len(args) > 0 {
		for _, c := range commands {
			if c.name == args[0] {
				only = c.name
			}
		}
	}
	for _, c := range commands {
		if only == "" || c.name == only {
			root.AddCommand(c.build(g))
		}
	}
	// --version prints what `version` prints; built only when asked for
	// (the catalog is read then), so other commands do not pay for it.
	root.Version = version
	cobra.AddTemplateFunc("topoplanVersion", func() string { return readVersion().String() })
	root.SetVersionTemplate("{{topoplanVersion}}\n")
	registerOutput(root)
	registerCompletions(root, g)
	return root
}

// loadCatalog builds the catalog (a variable so that a test can make it fail).
var loadCatalog = planner.LoadCatalog

func (g *globalFlags) catalog() (*model.Catalog, error) {
	overlays, err := g.overlays()
	if err != nil {
		return nil, &exitError{exitInvalid, err}
	}
	cat, err := loadCatalog(overlays...)
	if err != nil {
		// A broken user overlay (written by catalog refresh) breaks every
		// command: say how to get past it (F20).
		if user, uerr := planner.UserOverlay(); uerr == nil && user != "" && !g.noUserCatalog {
			hint := "run with --no-user-catalog to use the embedded catalog"
			if _, serr := os.Stat(user + ".bak"); serr == nil {
				hint += ", or restore the previous overlay: mv " + user + ".bak " + user
			}
			return nil, &exitError{exitInvalid, fmt.Errorf("%w\n(the user catalog overlay %s is read by every command; %s)", err, user, hint)}
		}
		return nil, &exitError{exitInvalid, err}
	}
	return cat, nil
}

// loadValid parses and validates a scenario, printing warnings to stderr and
// returning Diagnostics when there are errors.
func loadValid(stderr io.Writer, name string, data []byte, cat *model.Catalog) (*planner.Document, error) {
	doc, err := planner.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if err := validated(stderr, doc, cat); err != nil {
		return nil, err
	}
	return doc, nil
}

// validated validates a parsed scenario, printing warnings to stderr and
// returning Diagnostics when there are errors.
func validated(stderr io.Writer, doc *planner.Document, cat *model.Catalog) error {
	diags := planner.Validate(doc, cat)
	for _, w := range diags.Warnings() {
		fmt.Fprintln(stderr, w.String())
	}
	if diags.HasErrors() {
		return diags.Errors()
	}
	return nil
}

// readScenario reads FILE, or the embedded example for "-example" or "".
func readScenario(path string) (string, []byte, error) {
	if path == "" {
		return planner.ExampleName, planner.ExampleScenarioYAML(), nil
	}
	data, err := planner.ReadScenarioFile(path)
	if err != nil {
		return "", nil, &exitError{exitInvalid, err}
	}
	return path, data, nil
}

func newValidateCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files; every problem as file:line:col: field.path: message",
		Long: `Check one or more scenario files and report every problem at once: the
YAML, unknown fields, values and their units, references between sections
(sites, links, clusters, jobs) and the catalog's instance types and limits.

validate does not evaluate the plan: sizing, capacity, subnets that do not
fit the VPC and costs are eval's findings (topoplan eval FILE, and
eval --fail-on warning to gate on them in CI).

Exit status: 0 valid (warnings allowed), 2 invalid input, 1 internal error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := g.catalog()
			if err != nil {
				return err
			}
			invalid := false
			for _, path := range args {
				name, data, err := readScenario(path)
				if err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), err)
					invalid = true
					continue
				}
				doc, err := planner.Parse(name, data)
				var diags planner.Diagnostics
				if err != nil && !errors.As(err, &diags) {
					return err
				} else if err == nil {
					diags = planner.Validate(doc, cat)
				}
				for _, d := range diags {
					fmt.Fprintln(cmd.ErrOrStderr(), d.String())
				}
				if diags.HasErrors() {
					invalid = true
					continue
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: valid file (%s); findings on the plan: topoplan eval %s\n", name, plural(len(diags), "warning"), path)
			}
			if invalid {
				return &exitError{code: exitInvalid, err: fmt.Errorf("")}
			}
			return nil
		},
	}
}

func newEvalCmd(g *globalFlags) *cobra.Command {
	var format, failOn, now string
	var tornado bool
	cmd := &cobra.Command{
		Use:   "eval [FILE]",
		Short: "Evaluate a scenario into a plan (table, json, markdown or csv)",
		Long: `Evaluate a scenario (or the embedded example when FILE is omitted) into a
plan: the monthly run-rate with every line's quantity, unit price and source,
and findings.

--fail-on warning|critical exits with status 3 when a finding at that level
or above exists, so the check can run in CI.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Flag values first: a refused flag prints nothing on stdout.
			if err := oneOf("format", format, "table", "json", "markdown", "csv"); err != nil {
				return err
			}
			limit := 0
			if failOn != "" {
				if limit = model.SeverityRank(failOn); limit < 1 {
					return &exitError{exitInvalid, fmt.Errorf("--fail-on: want warning or critical, got %q", failOn)}
				}
			}
			when := time.Now()
			if now != "" {
				var err error
				if when, err = parseNow(now); err != nil {
					return err
				}
			}
			doc, cat, err := g.loadScenario(cmd, argPath(args))
			if err != nil {
				return err
			}
			name := doc.File
			opt := planner.Options{Now: when}
			// The table shows time, cost and run-rate with their bands
			// (tornado.go); planner.Uncertain evaluates the plan on the way.
			var bands planner.Uncertainty
			var bandsErr error
			if format == "table" && len(doc.Scenario.Workloads.Training) > 0 {
				bands, bandsErr = planner.Uncertain(doc, cat, "", opt)
			}
			plan := bands.Plan
			if plan.Schema == "" {
				plan = planner.Evaluate(doc.Scenario, cat, opt)
			}
			if format == "json" || !isTerminal(cmd.OutOrStdout()) {
				// On a terminal the table's findings already show it.
				warnStale(cmd.ErrOrStderr(), plan)
			}
			out, err := renderPlan(plan, format)
			if err != nil {
				return &exitError{exitInvalid, err}
			}
			if _, err := cmd.OutOrStdout().Write(out); err != nil {
				return err
			}
			if bands.Plan.Schema != "" && bandsErr == nil {
				writeBands(cmd.OutOrStdout(), bands)
				if tornado {
					fmt.Fprintln(cmd.OutOrStdout())
					writeTornado(cmd.OutOrStdout(), bands)
				}
			}
			if limit > 0 {
				for _, f := range plan.Findings {
					if model.SeverityRank(f.Severity) >= limit {
						return &exitError{exitFindings, fmt.Errorf("%s: findings at level %s or above", name, failOn)}
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table, json, markdown or csv (the cost lines, raw numbers)")
	cmd.Flags().StringVar(&failOn, "fail-on", "", "exit 3 when a finding at this level (warning or critical) or above exists")
	cmd.Flags().BoolVar(&tornado, "tornado", false, "with -f table, also rank the uncertain inputs (as topoplan tornado)")
	cmd.Flags().StringVar(&now, "now", "", "evaluate as of this date (YYYY-MM-DD), for reproducible output")
	_ = cmd.Flags().MarkHidden("now")
	return cmd
}

// parseNow reads the hidden --now flag (YYYY-MM-DD).
func parseNow(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, &exitError{exitInvalid, fmt.Errorf("--now: %w", err)}
	}
	return t, nil
}

// optionsAt is the planner options for the hidden --now flag ("" = today).
func optionsAt(now string) (planner.Options, error) {
	if now == "" {
		return planner.Options{}, nil
	}
	when, err := parseNow(now)
	return planner.Options{Now: when}, err
}

// exitFindings is the exit code of eval --fail-on when findings reach the level.
const exitFindings = 3

// oneOf checks a flag's value against the values it accepts, so a command
// can refuse it (exit 2) before printing anything.
func oneOf(flag, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	what := "value"
	if flag == "format" {
		what = "format"
	}
	return &exitError{exitInvalid, fmt.Errorf("--%s: unknown %s %q (want %s)", flag, what, value, strings.Join(allowed, ", "))}
}

// outputFormats are the formats of -f across the commands that print.
var outputFormats = []string{"table", "json", "markdown", "csv"}

// formatFor checks -f for a command that prints only some of
// outputFormats: a format another command has is refused with why it does
// not apply here; anything else as unknown.
func formatFor(command, value, why string, allowed ...string) error {
	err := oneOf("format", value, allowed...)
	if err != nil && slices.Contains(outputFormats, value) {
		return &exitError{exitInvalid, fmt.Errorf("--format %s does not apply to %s (%s): use %s", value, command, why, strings.Join(allowed, " or "))}
	}
	return err
}

// plural is "1 cluster", "2 clusters".
func plural(n int, noun string) string { return model.Plural(n, noun) }
