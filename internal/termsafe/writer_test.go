package termsafe

import (
	"bytes"
	"testing"
)

func TestWriter(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"plain text and layout kept", []string{"a\tb\nc — 東京\n"}, "a\tb\nc — 東京\n"},
		{"OSC title and CSI escaped", []string{"\x1b]0;PWNED\a\x1b[2Jx\n"}, `\x1b]0;PWNED\x07\x1b[2Jx` + "\n"},
		{"CR and bidi override escaped", []string{"a\rb\u202ec"}, `a\x0db\u202ec`},
		{"rune split across writes", []string{"東"[:2], "東"[2:] + "\n"}, "東\n"},
		{"invalid UTF-8 shown as bytes", []string{"a\xffb"}, `a\xffb`},
		{"C1 control split across writes", []string{"\xc2", "\x9b31m"}, `\x9b31m`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w := NewWriter(&b)
			for _, s := range tc.writes {
				if n, err := w.Write([]byte(s)); err != nil || n != len(s) {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			if b.String() != tc.want {
				t.Errorf("got %q, want %q", b.String(), tc.want)
			}
		})
	}
}
