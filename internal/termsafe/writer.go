package termsafe

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// Writer escapes every unsafe rune written through it, as Clean does,
// except the newline and the tab that lay out text. The CLI wraps its
// standard output and error with it when they are terminals, so no string
// from a scenario, a catalog overlay or AWS reaches the terminal raw
// whichever printer formats it.
type Writer struct {
	w       io.Writer
	pending []byte // an incomplete UTF-8 sequence held for the next Write
}

// NewWriter returns a Writer that writes the escaped text to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Unwrap returns the underlying writer (for terminal detection and for
// the progress display, which draws with its own escape sequences).
func (s *Writer) Unwrap() io.Writer { return s.w }

// Write escapes p and writes it; it reports len(p) on success.
func (s *Writer) Write(p []byte) (int, error) {
	buf := append(s.pending, p...)
	s.pending = nil
	out := make([]byte, 0, len(buf))
	for i := 0; i < len(buf); {
		r, n := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && n <= 1 && !utf8.FullRune(buf[i:]) {
			s.pending = append([]byte(nil), buf[i:]...)
			break
		}
		switch {
		case r == '\n' || r == '\t':
			out = append(out, byte(r))
		case r == utf8.RuneError && n == 1:
			out = fmt.Appendf(out, `\x%02x`, buf[i])
		case unsafe(r):
			out = append(out, Clean(string(r))...)
		default:
			out = append(out, buf[i:i+n]...)
		}
		i += n
	}
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
