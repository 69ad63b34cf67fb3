package keymap

import "testing"

// TestNoClashes checks that within each mode's help every binding has help
// text and no key does two things.
func TestNoClashes(t *testing.T) {
	k := Default()
	for name, h := range map[string]Help{"browse": k.Browse(), "editing": k.Editing(), "typing": k.Typing(), "dialog": k.Dialog(), "confirm": k.Confirm(), "drill": k.Drill(), "searching": k.Searching(), "sweep": k.SweepOne(), "heatmap": k.SweepTwo()} {
		t.Run(name, func(t *testing.T) {
			seen := map[string]string{}
			for _, col := range h.FullHelp() {
				for _, b := range col {
					if b.Help().Key == "" || b.Help().Desc == "" {
						t.Errorf("binding %v has no help text", b.Keys())
					}
					for _, key := range b.Keys() {
						if prev, ok := seen[key]; ok && prev != b.Help().Desc {
							t.Errorf("key %q does both %q and %q", key, prev, b.Help().Desc)
						}
						seen[key] = b.Help().Desc
					}
				}
			}
			for _, b := range h.ShortHelp() {
				if _, ok := seen[b.Keys()[0]]; !ok {
					t.Errorf("short help shows %q, missing from the full help", b.Help().Key)
				}
			}
		})
	}
}
