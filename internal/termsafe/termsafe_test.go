package termsafe

import "testing"

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain 東京":              "plain 東京",
		"\x1b]0;PWNED\a\x1b[2J": `\x1b]0;PWNED\x07\x1b[2J`,
		"a\r\nb":                `a\x0d\x0ab`,
		"evil\u202eexe":         `evil\u202eexe`,
		"\u0085next line (C1)":  `\x85next line (C1)`,
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if _, bad := Unsafe("ok name"); bad {
		t.Error("a plain name is unsafe")
	}
	if r, bad := Unsafe("x\x1by"); !bad || r != 0x1b {
		t.Errorf("Unsafe: %U %v", r, bad)
	}
}
