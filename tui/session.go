package tui

import (
	"reflect"
	"time"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// session is the editable state behind the TUI: the scenario as the user
// wrote it, its diagnostics, the plan of its last valid state, the undo and
// redo stacks and the pinned baseline. It does no I/O.
type session struct {
	cat  *model.Catalog
	file string
	now  time.Time

	scen  model.Scenario
	saved model.Scenario // as last loaded or saved, for the unsaved marker
	diags planner.Diagnostics
	plan  model.Plan
	// stale is true when scen has errors: plan is then from the last valid state.
	stale bool
	dirty bool

	undo, redo []model.Scenario
	baseline   *model.Plan
	baseScen   *model.Scenario

	// gen changes whenever plan or baseline change, so views can cache.
	gen int
}

// maxUndo bounds the undo history.
const maxUndo = 500

func newSession(file string, s model.Scenario, cat *model.Catalog, now time.Time) *session {
	ss := &session{cat: cat, file: file, now: now, scen: s, saved: cloneScenario(s)}
	ss.reevaluate()
	return ss
}

// reevaluate validates the current scenario and, when it has no errors,
// evaluates it once.
func (ss *session) reevaluate() {
	ss.diags = planner.ValidateScenario(ss.file, ss.scen, ss.cat)
	ss.dirty = !reflect.DeepEqual(ss.scen, ss.saved)
	ss.gen++
	if ss.diags.HasErrors() {
		ss.stale = true
		return
	}
	ss.stale = false
	ss.plan = planner.Evaluate(ss.scen, ss.cat, planner.Options{Now: ss.now})
}

// apply replaces the scenario with next (an edited copy), recording the
// previous state for undo.
func (ss *session) apply(next model.Scenario) {
	ss.undo = append(ss.undo, ss.scen)
	if len(ss.undo) > maxUndo {
		ss.undo = ss.undo[len(ss.undo)-maxUndo:]
	}
	ss.redo = ss.redo[:0]
	ss.scen = next
	ss.reevaluate()
}

// Undo restores the state before the last edit and says what it changed;
// false when there is nothing to undo.
func (ss *session) Undo() (change, bool) {
	if len(ss.undo) == 0 {
		return change{}, false
	}
	from := ss.scen
	ss.redo = append(ss.redo, ss.scen)
	ss.scen = ss.undo[len(ss.undo)-1]
	ss.undo = ss.undo[:len(ss.undo)-1]
	ss.reevaluate()
	return describeChange(&from, &ss.scen), true
}

// Redo re-applies the last undone edit and says what it changed; false
// when there is nothing to redo.
func (ss *session) Redo() (change, bool) {
	if len(ss.redo) == 0 {
		return change{}, false
	}
	from := ss.scen
	ss.undo = append(ss.undo, ss.scen)
	ss.scen = ss.redo[len(ss.redo)-1]
	ss.redo = ss.redo[:len(ss.redo)-1]
	ss.reevaluate()
	return describeChange(&from, &ss.scen), true
}

// PinBaseline pins the current plan as the baseline every figure is compared
// with; false (and nothing pinned) when the scenario has errors.
func (ss *session) PinBaseline() bool {
	if ss.stale {
		return false
	}
	p := ss.plan
	s := cloneScenario(ss.scen)
	ss.baseline, ss.baseScen = &p, &s
	ss.gen++
	return true
}

// ClearBaseline removes the baseline.
func (ss *session) ClearBaseline() {
	ss.baseline, ss.baseScen = nil, nil
	ss.gen++
}

// markSaved records s as the state on disk.
func (ss *session) markSaved(s model.Scenario, file string) {
	ss.saved = cloneScenario(s)
	if file != "" {
		ss.file = file
	}
	ss.dirty = !reflect.DeepEqual(ss.scen, ss.saved)
}

// errorAt returns the first diagnostic (error or warning) at exactly path, if any.
func (ss *session) errorAt(path string) (planner.Diagnostic, bool) {
	for _, d := range ss.diags {
		if d.Path == path {
			return d, true
		}
	}
	return planner.Diagnostic{}, false
}

// cloneScenario deep-copies a scenario, so history entries never share
// slices or pointers with the state being edited.
func cloneScenario(s model.Scenario) model.Scenario {
	var out model.Scenario
	deepCopy(reflect.ValueOf(&out).Elem(), reflect.ValueOf(s))
	return out
}

func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		p := reflect.New(src.Type().Elem())
		deepCopy(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if dst.Field(i).CanSet() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			deepCopy(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for _, k := range src.MapKeys() {
			v := reflect.New(src.Type().Elem()).Elem()
			deepCopy(v, src.MapIndex(k))
			m.SetMapIndex(k, v)
		}
		dst.Set(m)
	default:
		dst.Set(src)
	}
}
