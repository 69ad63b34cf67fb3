package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/export"
	"github.com/topoplan/topoplan/internal/atomicfile"
	"github.com/topoplan/topoplan/internal/renderer"
	"github.com/topoplan/topoplan/planner"
)

// newExportCmd is `topoplan export diagram|cfn|report|json FILE -o OUT`.
func newExportCmd(g *globalFlags) *cobra.Command {
	o := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export a plan for a design review: diagram, CloudFormation, report, JSON",
		Long: `Export an evaluated scenario:

  diagram  Graphviz diagram; -o out.svg, out.png or out.dot (format from the extension);
           --view overview fits a 16:9 slide, --view detail (default) shows
           every subnet

  cfn      CloudFormation skeleton (YAML) of the home region's VPC
  report   Markdown design review; with -o plan.md the overview diagram
           (plan.svg, embedded) and the detail diagram (plan-detail.svg,
           linked) are written next to it
  json     the plan as JSON

Without -o the output goes to stdout. Files are written atomically.`,
	}
	cmd.PersistentFlags().StringVarP(&o.out, "output", "o", "", "output file (default stdout)")
	cmd.PersistentFlags().StringVar(&o.now, "now", "", "plan date (YYYY-MM-DD) shown in the legend and report, for reproducible output")
	_ = cmd.PersistentFlags().MarkHidden("now")
	var diagramFormat, diagramView string
	diagram := &cobra.Command{
		Use:   "diagram [FILE]",
		Short: "Graphviz diagram of the estate (SVG, PNG or DOT)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := o.input(cmd, g, args)
			if err != nil {
				return err
			}
			format := diagramFormat
			if format == "" {
				format = strings.TrimPrefix(strings.ToLower(filepath.Ext(o.out)), ".")
			}
			if format == "" {
				format = "svg"
			}
			out, err := renderDiagram(renderContext(cmd), in, format, diagramView)
			if err != nil {
				return err
			}
			return o.write(cmd, out)
		},
	}
	diagram.Flags().StringVarP(&diagramFormat, "format", "f", "", "svg, png or dot (default: from the -o extension, else svg)")
	diagram.Flags().StringVar(&diagramView, "view", "detail", "detail (every subnet, engineering appendix) or overview (one box per site, link and cluster, fits a 16:9 slide)")
	cfn := &cobra.Command{
		Use:   "cfn [FILE]",
		Short: "CloudFormation skeleton (YAML) of the home region's VPC, subnets from the address plan",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := o.input(cmd, g, args)
			if err != nil {
				return err
			}
			out, err := export.CloudFormation(in)
			if err != nil {
				return &exitError{exitInvalid, fmt.Errorf("cloudformation: %w", err)}
			}
			return o.write(cmd, out)
		},
	}
	var noDiagram bool
	var baseline, reportDiagram string
	report := &cobra.Command{
		Use:   "report [FILE]",
		Short: "Markdown design review with the SVG diagram next to it",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := o.input(cmd, g, args)
			if err != nil {
				return err
			}
			if reportDiagram != "svg" && reportDiagram != "png" {
				return &exitError{exitInvalid, fmt.Errorf("--diagram-format %q: want svg or png", reportDiagram)}
			}
			opts := export.ReportOptions{}
			if o.out != "" && o.out != "-" && !noDiagram {
				base := strings.TrimSuffix(o.out, filepath.Ext(o.out))
				ext := "." + reportDiagram
				for _, v := range []struct{ path, view string }{{base + ext, "overview"}, {base + "-detail" + ext, "detail"}} {
					if err := refuseOverwritingInput(v.path, args...); err != nil {
						return err
					}
					if err := refuseOverwritingInput(v.path, baseline); err != nil {
						return err
					}
					img, err := renderDiagram(renderContext(cmd), in, reportDiagram, v.view)
					if err != nil {
						return err
					}
					if err := writeFileAtomic(v.path, img); err != nil {
						return err
					}
				}
				opts.DiagramFile = filepath.Base(base + ext)
				opts.DetailFile = filepath.Base(base + "-detail" + ext)
			}
			if baseline != "" {
				base, err := o.input(cmd, g, []string{baseline})
				if err != nil {
					return err
				}
				opts.Baseline = &base
			}
			return o.write(cmd, export.ReportWith(in, opts))
		},
	}
	report.Flags().BoolVar(&noDiagram, "no-diagram", false, "do not write and embed the SVG diagrams")
	report.Flags().StringVar(&reportDiagram, "diagram-format", "svg", "format of the diagrams written next to the report: svg, or png for tools that do not render SVG (Word, Confluence, pandoc PDF)")
	report.Flags().StringVar(&baseline, "baseline", "", "baseline scenario file: adds a \"What changed\" section against its plan")
	jsonCmd := &cobra.Command{
		Use:   "json [FILE]",
		Short: "The plan as JSON (schema in docs/plan-json.md)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := o.input(cmd, g, args)
			if err != nil {
				return err
			}
			out, err := export.PlanJSON(in.Plan)
			if err != nil {
				return err
			}
			return o.write(cmd, out)
		},
	}
	cmd.AddCommand(diagram, cfn, report, jsonCmd)
	return cmd
}

// exportFlags are the flags every export subcommand shares.
type exportFlags struct {
	out string
	now string
}

// input loads, validates and evaluates the scenario into an export.Input.
func (o *exportFlags) input(cmd *cobra.Command, g *globalFlags, args []string) (export.Input, error) {
	cat, err := g.catalog()
	if err != nil {
		return export.Input{}, err
	}
	path := ""
	if len(args) == 1 {
		path = args[0]
	}
	if err := refuseOverwritingInput(o.out, path); err != nil {
		return export.Input{}, err
	}
	name, data, err := readScenario(path)
	if err != nil {
		return export.Input{}, err
	}
	doc, err := loadValid(cmd.ErrOrStderr(), name, data, cat)
	if err != nil {
		return export.Input{}, err
	}
	when := time.Now()
	opt := planner.Options{Now: when}
	if o.now != "" {
		if when, err = time.Parse("2006-01-02", o.now); err != nil {
			return export.Input{}, &exitError{exitInvalid, fmt.Errorf("--now: %w", err)}
		}
		opt = planner.Options{Now: when}
	}
	return export.Input{
		Plan:     planner.Evaluate(doc.Scenario, cat, opt),
		Scenario: planner.ApplyDefaults(doc.Scenario, cat),
		Catalog:  cat,
		Date:     when.Format("2006-01-02"),
	}, nil
}

// write sends the bytes to -o (atomically) or stdout.
func (o *exportFlags) write(cmd *cobra.Command, b []byte) error {
	if o.out == "" || o.out == "-" {
		_, err := cmd.OutOrStdout().Write(b)
		return err
	}
	return writeFileAtomic(o.out, b)
}

// renderContext is the command's context, with the diagram helper's one-off
// messages (a first build from a source checkout) going to stderr.
func renderContext(cmd *cobra.Command) context.Context {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	w := cmd.ErrOrStderr()
	return renderer.WithNotify(ctx, func(msg string) { fmt.Fprintln(w, "topoplan: "+msg) })
}

func renderDiagram(ctx context.Context, in export.Input, format, view string) ([]byte, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	var dot []byte
	switch view {
	case "detail", "":
		dot = export.DiagramDOT(in)
	case "overview":
		dot = export.DiagramOverviewDOT(in)
	default:
		return nil, &exitError{exitInvalid, fmt.Errorf("diagram view %q: want detail or overview", view)}
	}
	switch format {
	case "dot", "gv":
		return dot, nil
	case "svg", "png":
	default:
		return nil, &exitError{exitInvalid, fmt.Errorf("diagram format %q: want svg, png or dot", format)}
	}
	svg, err := export.DiagramSVG(ctx, dot)
	if err != nil {
		return nil, err
	}
	if format == "svg" {
		return svg, nil
	}
	png, err := export.DiagramPNG(ctx, svg)
	if errors.Is(err, export.ErrDiagramTooLarge) {
		return nil, &exitError{exitInvalid, err}
	}
	return png, err
}

// refuseOverwritingInput refuses an output path that is one of the input
// files (the same file through symlinks or hard links, F8): "export cfn
// s.yaml -o s.yaml" would replace the scenario with a template.
func refuseOverwritingInput(out string, inputs ...string) error {
	if out == "" || out == "-" {
		return nil
	}
	for _, in := range inputs {
		if in != "" && atomicfile.SameFile(out, in) {
			return &exitError{exitInvalid, fmt.Errorf("-o %s is the input scenario %s: choose another output file (nothing was written)", out, in)}
		}
	}
	return nil
}

// writeFileAtomic writes an export to path through topoplan's one atomic
// writer (package atomicfile: temporary file, fsync, rename, directory
// fsync; symlinks written through; an existing file keeps its mode; stale
// temporary files of earlier killed writes removed).
func writeFileAtomic(path string, data []byte) error {
	return atomicfile.Write(path, data, atomicfile.Options{})
}
