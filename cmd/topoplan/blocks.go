package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/topoplan/topoplan/internal/termsafe"
)

// block is one part of a command's text output: a heading (a title, a
// section heading or a line of prose) with an optional table under it.
// The table format draws blocks as aligned columns; the Markdown format as
// headings and pipe tables, so both show the same rows.
type block struct {
	// level is 1 for the title, 2 for a section heading (a blank line
	// before it in the table format), 0 for a line of prose.
	level   int
	heading string
	header  []string
	rows    [][]string
	// indent prefixes each row in the table format (a table without header).
	indent string
	// mdHeader heads a table that has no header in the table format.
	mdHeader []string
}

// writeBlocksTable draws blocks for a terminal.
func writeBlocksTable(w io.Writer, blocks []block) {
	for _, b := range blocks {
		if b.level == 2 {
			fmt.Fprintln(w)
		}
		if b.heading != "" {
			fmt.Fprintln(w, termsafe.Clean(b.heading))
		}
		if b.header == nil && b.rows == nil {
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if b.header != nil {
			fmt.Fprintln(tw, b.indent+strings.Join(cleanCells(b.header), "\t"))
		}
		for _, r := range b.rows {
			fmt.Fprintln(tw, b.indent+strings.Join(cleanCells(r), "\t"))
		}
		tw.Flush()
	}
}

// writeBlocksMarkdown draws blocks as Markdown: # title, ## sections,
// paragraphs and pipe tables (cells escaped).
func writeBlocksMarkdown(w io.Writer, blocks []block) {
	for _, b := range blocks {
		switch {
		case b.level == 1:
			fmt.Fprintf(w, "# %s\n\n", mdCell(b.heading))
		case b.level == 2:
			fmt.Fprintf(w, "## %s\n\n", mdCell(b.heading))
		case b.heading != "":
			fmt.Fprintf(w, "%s\n\n", mdCell(b.heading))
		}
		header := b.header
		if header == nil {
			header = b.mdHeader
		}
		if header == nil || len(b.rows) == 0 && b.header == nil {
			continue
		}
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(mdCells(header), " | "), strings.Repeat("---|", len(header)))
		for _, r := range b.rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(mdCells(r), " | "))
		}
		fmt.Fprintln(w)
	}
}

// cleanCells escapes control characters (a tab or newline would break the
// table; ESC would reach the terminal) in catalog and scenario text (F10).
func cleanCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = termsafe.Clean(c)
	}
	return out
}

func mdCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = mdCell(c)
	}
	return out
}
