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

// TestUnsafeRune: the runes Clean escapes, one at a time, and Unsafe names
// the first of them whole (a multi-byte mark, not its first byte).
func TestUnsafeRune(t *testing.T) {
	for r, want := range map[rune]bool{'a': false, 'é': false, '東': false, '\x1b': true, '\a': true, '\u0085': true, '\u202e': true, '\u2066': true, '\u200f': true} {
		if got := UnsafeRune(r); got != want {
			t.Errorf("UnsafeRune(%U) = %v, want %v", r, got, want)
		}
	}
	if r, bad := Unsafe("東京\u202egpu"); !bad || r != '\u202e' {
		t.Errorf("Unsafe: %U %v, want U+202E true", r, bad)
	}
	if _, bad := Unsafe("東京 gpu"); bad {
		t.Error("Unsafe: clean text reported unsafe")
	}
}
