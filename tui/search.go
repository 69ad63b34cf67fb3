package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/topoplan/topoplan/model"
)

// hitKind says where a search match lives, and so where enter jumps.
type hitKind int

const (
	hitField hitKind = iota
	hitFinding
	hitAssumption
	hitCost
	hitInstance
)

// searchHit is one searchable thing: its row, the text matched against, and
// where it is.
type searchHit struct {
	kind  hitKind
	index int    // position within its list (findings, cost lines, assumptions, instance types)
	path  string // editor field path (hitField)
	item  drillItem
	text  string // lower-case haystack
}

// search is the / prompt: a query typed in the footer, the matches listed in
// the content area as the query changes; ↑/↓ select and enter jumps.
type search struct {
	input textinput.Model
	all   []searchHit
	hits  []searchHit
	list  drill
}

// newSearch indexes what can be searched in the session: editor fields,
// findings, assumptions, cost lines and the catalog's instance types.
func newSearch(c common, ss *session) search {
	in := newTextInput("/", 200)
	in.Focus()
	s := search{input: in}
	p := ss.plan
	for _, f := range scenarioFields(&ss.scen) {
		v, _ := f.Value(&ss.scen)
		line := c.Styles.Dim.Render("FIELD   ") + " " + f.Path + " = " + v
		s.all = append(s.all, searchHit{kind: hitField, path: f.Path, item: drillItem{Line: line}, text: strings.Join([]string{f.Path, v, f.Group, f.Doc}, " ")})
	}
	for i, it := range c.findingItems(p.Findings) {
		f := p.Findings[i]
		s.all = append(s.all, searchHit{kind: hitFinding, index: i, item: it, text: strings.Join([]string{f.Severity, f.Code, f.Title, f.Detail, f.Remedy}, " ")})
	}
	for i, it := range c.assumptionItems(p) {
		s.all = append(s.all, searchHit{kind: hitAssumption, index: i, item: it, text: ansi.Strip(it.Line) + " " + strings.Join(it.Detail, " ")})
	}
	for i, it := range c.costItems(p.MonthlyCost.Lines) {
		l := p.MonthlyCost.Lines[i]
		line := c.Styles.Dim.Render("COST    ") + " " + it.Line
		s.all = append(s.all, searchHit{kind: hitCost, index: i, item: drillItem{Line: line, Detail: it.Detail}, text: strings.Join([]string{l.Category, l.Item, l.QuantityUnit, l.Source, l.Note}, " ")})
	}
	for i, it := range c.instanceItems(ss.cat, ss.scen.AWS.Region) {
		s.all = append(s.all, searchHit{kind: hitInstance, index: i, item: it, text: ansi.Strip(it.Line) + " " + strings.Join(it.Detail, " ")})
	}
	for i := range s.all {
		s.all[i].text = strings.ToLower(s.all[i].text)
	}
	s.filter()
	return s
}

// filter keeps the entries holding every word of the query (any case).
func (s *search) filter() {
	words := strings.Fields(strings.ToLower(s.input.Value()))
	s.hits = s.hits[:0:0]
	if len(words) > 0 {
		for _, h := range s.all {
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(h.text, w)
			}
			if ok {
				s.hits = append(s.hits, h)
			}
		}
	}
	items := make([]drillItem, len(s.hits))
	for i, h := range s.hits {
		items[i] = h.item
	}
	title := "Search fields, findings, assumptions, cost lines and instance types"
	if len(words) > 0 {
		title = fmt.Sprintf("Matches of %q", s.input.Value())
	}
	s.list = drill{title: title, items: items, hint: "  ↑/↓ select · enter jump · esc cancel"}
}

// Update handles a key while the prompt is open. It returns the hit to jump
// to (enter), or done when esc cancelled.
func (s search) Update(msg tea.KeyMsg, c common, height int) (search, *searchHit, bool, tea.Cmd) {
	k := c.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		return s, nil, true, nil
	case key.Matches(msg, k.Jump):
		if len(s.hits) == 0 {
			return s, nil, false, nil
		}
		h := s.hits[s.list.cursor]
		return s, &h, true, nil
	case key.Matches(msg, k.PrevMatch):
		s.list, _ = s.list.Update(tea.KeyMsg{Type: tea.KeyUp}, c, height)
		return s, nil, false, nil
	case key.Matches(msg, k.NextMatch):
		s.list, _ = s.list.Update(tea.KeyMsg{Type: tea.KeyDown}, c, height)
		return s, nil, false, nil
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		s.filter()
	}
	return s, nil, false, cmd
}

// instanceItems are the catalog's instance types by name: accelerators,
// memory and network, and the on-demand price in the region with its source.
func (c common) instanceItems(cat *model.Catalog, region string) []drillItem {
	if cat == nil {
		return nil
	}
	names := make([]string, 0, len(cat.Instances))
	for n := range cat.Instances {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]drillItem, 0, len(names))
	for _, n := range names {
		in := cat.Instances[n]
		acc := fmt.Sprintf("%d × %s %s GiB", in.AcceleratorCount, in.AcceleratorModel, formatFloat(in.AcceleratorMemoryGiB))
		if in.AcceleratorCount == 0 {
			acc = "no accelerators"
		}
		it := drillItem{Line: c.Styles.Dim.Render("CATALOG ") + " " + n + " · " + acc}
		it.Detail = append(it.Detail,
			"Accelerators: "+acc,
			fmt.Sprintf("Host: %d vCPUs, %s GiB memory", in.VCPUs, formatFloat(in.MemoryGiB)),
			fmt.Sprintf("Network: %s Gbps, %d network cards, EFA %v (up to %d interfaces)", formatFloat(in.NetworkGbps), in.NetworkCards, in.EFA, in.MaxEFAInterfaces),
			fmt.Sprintf("Peak dense BF16: %s TFLOPS per accelerator", formatFloat(in.PeakDenseBF16TFLOPS)))
		if in.AcceleratorMemoryBandwidthTBps > 0 {
			it.Detail = append(it.Detail, fmt.Sprintf("Memory bandwidth: %s TB/s per accelerator (%s)", formatFloat(in.AcceleratorMemoryBandwidthTBps), in.MemoryBandwidthSource.Confidence))
		}
		it.Detail = append(it.Detail, "")
		if pr, ok := in.Prices[region]; ok && pr.OnDemandUSDPerHour > 0 {
			it.Detail = append(it.Detail, fmt.Sprintf("On demand in %s: $%s per instance-hour", region, trimPrice(pr.OnDemandUSDPerHour)))
			it.Detail = append(it.Detail, sourceLines(pr.Confidence, pr.ReadOn, pr.URL, pr.Note)...)
		} else {
			it.Detail = append(it.Detail, "On demand in "+region+": not sold")
		}
		if in.SpecSource.URL != "" {
			it.Detail = append(it.Detail, "", "Specification: "+in.SpecSource.URL)
		}
		out = append(out, it)
	}
	return out
}
