package awsapi

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestLimitedBody: a body above the bound fails the read with the bound
// and the endpoint (F14: a 2 GiB Price List page grew memory past 7.6 GB),
// a body of exactly the bound reads whole, and an empty 200 is an error
// naming the endpoint (F20: it read as "the region does not offer").
func TestLimitedBody(t *testing.T) {
	body := func(s string, max int64, ok200 bool) error {
		b := &limitedBody{rc: io.NopCloser(strings.NewReader(s)), left: max, max: max, endpoint: "pricing.example", ok200: ok200}
		_, err := io.ReadAll(b)
		return err
	}
	if err := body(strings.Repeat("x", 2<<20), 1<<20, true); err == nil || !strings.Contains(err.Error(), "1 MiB limit") || !strings.Contains(err.Error(), "pricing.example") {
		t.Errorf("2 MiB through a 1 MiB bound: %v", err)
	}
	if err := body(strings.Repeat("x", 1<<20), 1<<20, true); err != nil {
		t.Errorf("exactly the bound: %v", err)
	}
	if err := body("", 1<<20, true); !errors.Is(err, errEmpty) {
		t.Errorf("empty 200: %v", err)
	}
	if err := body("", 1<<20, false); err != nil {
		t.Errorf("empty non-200 (an error document may be empty): %v", err)
	}
	e := explain("Pricing GetProducts (x)", &bodyReadError{endpoint: "pricing.example", err: errEmpty})
	if !IsKind(e, KindMalformed) || !strings.Contains(e.Error(), "pricing.example") || !strings.Contains(e.Error(), "empty") {
		t.Errorf("explain empty: %v", e)
	}
}
