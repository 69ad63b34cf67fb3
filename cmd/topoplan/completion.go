package main

import (
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

// flagValues are the fixed values of flags, by command path below the root
// ("" for every command) and flag name, for shell completion.
var flagValues = map[string]map[string][]string{
	"eval":           {"format": {"table", "json", "markdown", "csv"}, "fail-on": {model.SeverityWarning, model.SeverityCritical}},
	"subnets":        {"format": {"table", "json", "markdown", "csv"}},
	"compare":        {"format": {"table", "json", "markdown", "csv"}, "fail-on-increase": {"10%", "$5000"}},
	"sweep":          {"format": {"table", "json", "markdown", "csv"}},
	"optimize":       {"format": {"table", "json", "markdown", "csv"}},
	"version":        {"format": {"table", "json"}},
	"catalog show":   {"format": {"table", "json", "markdown", "csv"}, "sort": catalogSortKeys},
	"export diagram": {"format": {"svg", "png", "dot"}, "view": {"detail", "overview"}},
}

// scenarioCommands take scenario files as arguments: they complete .yaml
// and .yml files.
var scenarioCommands = map[string]bool{"validate": true, "eval": true, "subnets": true, "compare": true, "sweep": true, "optimize": true}

// registerCompletions adds value completion to the command tree: fixed
// values, catalog regions and instance types, field paths for --param and
// job names for --job (from the scenario given as argument, else the
// embedded example), and scenario files as arguments.
func registerCompletions(root *cobra.Command, g *globalFlags) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), root.Name()), " ")
		for name, values := range flagValues[path] {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fixedValues(values))
			}
		}
		if c.Flags().Lookup("region") != nil {
			_ = c.RegisterFlagCompletionFunc("region", func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				return withPrefix(planner.SortedKeys(completionCatalog(g).Regions), toComplete), cobra.ShellCompDirectiveNoFileComp
			})
		}
		for _, name := range []string{"type", "instance-type"} {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
					return withPrefix(naturalSorted(planner.InstanceTypes(completionCatalog(g))), toComplete), cobra.ShellCompDirectiveNoFileComp
				})
			}
		}
		if c.Flags().Lookup("param") != nil {
			_ = c.RegisterFlagCompletionFunc("param", func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				return withPrefix(FieldPaths(completionScenario(args)), toComplete), cobra.ShellCompDirectiveNoFileComp
			})
		}
		if c.Flags().Lookup("job") != nil {
			_ = c.RegisterFlagCompletionFunc("job", func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				var jobs []string
				for _, j := range completionScenario(args).Workloads.Training {
					jobs = append(jobs, j.Name)
				}
				return withPrefix(jobs, toComplete), cobra.ShellCompDirectiveNoFileComp
			})
		}
		if scenarioCommands[path] && c.ValidArgsFunction == nil {
			max := 1
			switch path {
			case "compare":
				max = 2
			case "validate":
				max = -1
			}
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				if max >= 0 && len(args) >= max {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func fixedValues(values []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(values, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func withPrefix(values []string, prefix string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// completionCatalog is the catalog with the command line's overlays, or the
// embedded one when an overlay does not load: completion never fails.
func completionCatalog(g *globalFlags) *model.Catalog {
	if cat, err := g.catalog(); err == nil {
		return cat
	}
	return planner.DefaultCatalog()
}

// completionScenario is the scenario named by the last argument, or the
// embedded example when there is none or it does not parse.
func completionScenario(args []string) model.Scenario {
	name, data := planner.ExampleName, planner.ExampleScenarioYAML()
	if len(args) > 0 {
		if b, err := os.ReadFile(args[len(args)-1]); err == nil {
			name, data = args[len(args)-1], b
		}
	}
	doc, err := planner.Parse(name, data)
	if err != nil && name != planner.ExampleName {
		doc, err = planner.Parse(planner.ExampleName, planner.ExampleScenarioYAML())
	}
	if err != nil || doc == nil {
		return model.Scenario{}
	}
	return doc.Scenario
}

// FieldPaths lists the scalar fields sweep --param can set in s, as YAML
// paths: list items by name where they have one ("clusters[train].nodes"),
// else by index; nested groups that are unset are listed too, since setting
// one creates it. Names themselves are left out: renaming breaks references.
func FieldPaths(s model.Scenario) []string {
	var out []string
	var walk func(v reflect.Value, t reflect.Type, at string, depth int)
	walk = func(v reflect.Value, t reflect.Type, at string, depth int) {
		if depth > 8 {
			return
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
			if v.IsValid() && !v.IsNil() {
				v = v.Elem()
			} else {
				v = reflect.Value{}
			}
		}
		switch t.Kind() {
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
				if key == "" || key == "-" || !f.IsExported() || key == "name" {
					continue
				}
				var fv reflect.Value
				if v.IsValid() {
					fv = v.Field(i)
				}
				walk(fv, f.Type, joinKey(at, key), depth+1)
			}
		case reflect.Slice:
			if !v.IsValid() {
				return
			}
			for i := 0; i < v.Len(); i++ {
				e := v.Index(i)
				idx := strconv.Itoa(i)
				if e.Kind() == reflect.Struct {
					if nf := e.FieldByName("Name"); nf.IsValid() && nf.Kind() == reflect.String && nf.String() != "" {
						idx = nf.String()
					}
				}
				walk(e, t.Elem(), at+"["+idx+"]", depth+1)
			}
		case reflect.String, reflect.Int, reflect.Float64, reflect.Bool:
			out = append(out, at)
		}
	}
	walk(reflect.ValueOf(s), reflect.TypeOf(s), "", 0)
	sort.Strings(out)
	return out
}

func joinKey(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}
