package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// SweepAxis is one swept field: its YAML path (SetField syntax) and values.
type SweepAxis struct {
	Path   string   `json:"path"`
	Values []string `json:"values"`
}

// SweepCell is one figure at one (x, y) of a two-field sweep.
type SweepCell struct {
	// Value is the figure in the grid's unit (0 when Invalid).
	Value float64 `json:"value"`
	// Critical says the point has a critical finding.
	Critical bool `json:"critical,omitempty"`
	// Invalid explains why the scenario is invalid (or cannot be timed) there.
	Invalid string `json:"invalid,omitempty"`
}

// SweepGrid is a two-field sweep of one figure: Cells[i][j] is the figure
// at X.Values[i] and Y.Values[j].
type SweepGrid struct {
	X      SweepAxis     `json:"x"`
	Y      SweepAxis     `json:"y"`
	Figure Figure        `json:"figure"`
	Cells  [][]SweepCell `json:"cells"`
	// Fast says the cells came from the candidate fast path (both fields are
	// design dimensions of the compiled baseline); the address plan is then
	// not checked, so Critical covers every critical finding but those.
	Fast bool `json:"fast"`
}

// FastSweepFigures are the figure keys the fast path computes (with the
// job's name after a dot for the first two).
var FastSweepFigures = []string{"time_to_train_days", "run_cost_usd", "monthly_cost_usd"}

// SweepGrid2 evaluates the scenario at every (x, y) pair of values and
// reports one figure (a KeyFigures key; "time_to_train_days" and
// "run_cost_usd" may omit the job, meaning the first). When both fields
// are design dimensions of the job's cluster, storage or Direct Connect
// link (see Compiled.SetField) the cells come from the candidate fast path;
// otherwise every cell is a full validation and evaluation.
func SweepGrid2(s model.Scenario, cat *model.Catalog, x, y SweepAxis, figure string, opt Options) (SweepGrid, error) {
	g := SweepGrid{X: x, Y: y}
	if len(x.Values) == 0 || len(y.Values) == 0 {
		return g, fmt.Errorf("sweep: give at least one value for each field")
	}
	for _, ax := range []SweepAxis{x, y} {
		if _, err := SetField(s, ax.Path, ax.Values[0]); err != nil {
			return g, fmt.Errorf("sweep: %w", err)
		}
	}
	job := ""
	if len(s.Workloads.Training) > 0 {
		job = s.Workloads.Training[0].Name
	}
	key := figure
	if key == "" {
		key = "run_cost_usd"
	}
	if (key == "time_to_train_days" || key == "run_cost_usd") && job != "" {
		key += "." + job
	}
	g.Cells = make([][]SweepCell, len(x.Values))
	for i := range g.Cells {
		g.Cells[i] = make([]SweepCell, len(y.Values))
	}
	if b, err := Compile(s, cat, job, false); err == nil && b.fastFigure(key) {
		base := b.Baseline()
		base.Layout = model.Layout{}
		cx, cy := base, base
		if okX, _ := b.SetField(&cx, x.Path, x.Values[0]); okX {
			if okY, _ := b.SetField(&cy, y.Path, y.Values[0]); okY {
				g.Fast = true
				g.Figure = b.figureOf(key, Outcome{})
				for i, xv := range x.Values {
					c := base
					if _, err := b.SetField(&c, x.Path, xv); err != nil {
						for j := range y.Values {
							g.Cells[i][j].Invalid = err.Error()
						}
						continue
					}
					for j, yv := range y.Values {
						cj := c
						if _, err := b.SetField(&cj, y.Path, yv); err != nil {
							g.Cells[i][j].Invalid = err.Error()
							continue
						}
						g.Cells[i][j] = b.cell(s, cat, key, cj, x, y, xv, yv, opt)
					}
				}
				return g, nil
			}
		}
	}
	for i, xv := range x.Values {
		for j, yv := range y.Values {
			g.Cells[i][j] = fullCell(s, cat, key, x.Path, xv, y.Path, yv, opt, &g.Figure)
		}
	}
	if g.Figure.Key == "" {
		return g, fmt.Errorf("sweep: no figure %q in the plans (keys as in sweep -f csv)", figure)
	}
	return g, nil
}

// cell is one fast-path cell; a candidate the fast path cannot time (a
// layout that does not fit, an offering not sold) falls back to the full
// evaluation so the cell says what eval would.
func (b *Compiled) cell(s model.Scenario, cat *model.Catalog, key string, c Candidate, x, y SweepAxis, xv, yv string, opt Options) SweepCell {
	o := b.Evaluate(c)
	switch {
	case o.Invalid:
		return SweepCell{Invalid: o.Reason}
	case o.Days > 0:
		return SweepCell{Value: b.figureOf(key, o).Value, Critical: o.Critical != ""}
	}
	var f Figure
	return fullCell(s, cat, key, x.Path, xv, y.Path, yv, opt, &f)
}

func fullCell(s model.Scenario, cat *model.Catalog, key, px, vx, py, vy string, opt Options, fig *Figure) SweepCell {
	s2, err := SetField(s, px, vx)
	if err == nil {
		s2, err = SetField(s2, py, vy)
	}
	if err != nil {
		return SweepCell{Invalid: err.Error()}
	}
	if ds := ValidateScenario("sweep", s2, cat).Errors(); len(ds) > 0 {
		return SweepCell{Invalid: ds[0].Path + ": " + ds[0].Message}
	}
	p := Evaluate(s2, cat, opt)
	cell := SweepCell{Invalid: "no figure " + key}
	for _, f := range KeyFigures(p) {
		if f.Key == key {
			cell = SweepCell{Value: f.Value}
			if fig.Key == "" {
				*fig = f
				fig.Value = 0
			}
		}
	}
	for _, f := range p.Findings {
		cell.Critical = cell.Critical || f.Severity == model.SeverityCritical
	}
	return cell
}

func (b *Compiled) fastFigure(key string) bool {
	job := b.Job()
	return key == "monthly_cost_usd" || key == "time_to_train_days."+job || key == "run_cost_usd."+job
}

func (b *Compiled) figureOf(key string, o Outcome) Figure {
	job := b.Job()
	switch key {
	case "monthly_cost_usd":
		return Figure{Key: key, Label: "Monthly run-rate", Value: o.MonthlyUSD, Unit: "USD/month", LowerIsBetter: true}
	case "time_to_train_days." + job:
		return Figure{Key: key, Label: "Time to train (" + job + ")", Value: o.Days, Unit: "days", LowerIsBetter: true}
	}
	return Figure{Key: key, Label: "Cost per run (" + job + ")", Value: o.RunCostUSD, Unit: "USD", LowerIsBetter: true}
}

// SetField sets one field of a candidate from its scenario path, when the
// path is one of the compiled baseline's design dimensions:
// clusters[C].instance_type, .nodes, .region and .purchase.option for the
// job's cluster C; storage.fsx_lustre.deployment_type,
// .throughput_mbps_per_tib and .capacity_tib; links[L].speed_gbps and
// .count for the Direct Connect link L. ok is false for any other path
// (use the full evaluation); err reports a bad value.
func (b *Compiled) SetField(c *Candidate, path, value string) (ok bool, err error) {
	segs, err := splitPath(path)
	if err != nil {
		return false, err
	}
	value = strings.TrimSpace(value)
	num := func() (float64, error) {
		v, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%s: expected a number, got %q", path, value)
		}
		return v, nil
	}
	switch {
	case len(segs) >= 2 && segs[0].field == "clusters" && b.isIndex(segs[0].index, b.ci, b.s.Clusters[b.ci].Name):
		rest := segs[1].field
		if len(segs) == 3 && rest == "purchase" && segs[2].field == "option" && segs[2].index == "" {
			c.PurchaseOption = value
			return true, nil
		}
		if len(segs) != 2 || segs[1].index != "" {
			return false, nil
		}
		switch rest {
		case "instance_type":
			c.InstanceType = value
		case "region":
			c.Region = value
		case "nodes":
			n, err := strconv.Atoi(value)
			if err != nil {
				return true, fmt.Errorf("%s: expected a whole number, got %q", path, value)
			}
			if n < 1 {
				return true, fmt.Errorf("%s: a cluster needs at least one node", path)
			}
			c.Nodes = n
		default:
			return false, nil
		}
		return true, nil
	case len(segs) == 3 && segs[0].field == "storage" && segs[1].field == "fsx_lustre" && b.sd.Storage.FSxLustre != nil:
		switch segs[2].field {
		case "deployment_type":
			c.FSxDeploymentType = value
		case "throughput_mbps_per_tib":
			v, err := num()
			c.FSxThroughputMBpsPerTiB = v
			return true, err
		case "capacity_tib":
			v, err := num()
			if err == nil && v <= 0 {
				err = fmt.Errorf("%s: capacity must be above zero", path)
			}
			c.FSxCapacityTiB = v
			return true, err
		default:
			return false, nil
		}
		return true, nil
	case len(segs) == 2 && segs[0].field == "links" && b.li >= 0 && b.isIndex(segs[0].index, b.li, b.s.Links[b.li].Name):
		switch segs[1].field {
		case "speed_gbps":
			v, err := num()
			if err == nil && v <= 0 {
				err = fmt.Errorf("%s: a port speed must be above zero", path)
			}
			c.DXSpeedGbps = v
			return true, err
		case "count":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return true, fmt.Errorf("%s: expected a whole number above 0, got %q", path, value)
			}
			c.DXCount = n
			return true, nil
		}
	}
	return false, nil
}

func (b *Compiled) isIndex(idx string, i int, name string) bool {
	if n, err := strconv.Atoi(idx); err == nil {
		return n == i
	}
	return idx != "" && idx == name
}
