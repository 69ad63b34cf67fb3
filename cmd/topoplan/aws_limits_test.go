//go:build topoplan_aws

package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/topoplan/topoplan/planner/awsapi/awstest"
)

// hostileAWS points the CLI at a local server behaving as handler, with
// short AWS limits so each case ends in a second or two.
func hostileAWS(t *testing.T, handler func(done <-chan struct{}) http.HandlerFunc) (host string) {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(handler(done))
	t.Cleanup(func() {
		close(done)
		srv.CloseClientConnections()
		srv.Close()
	})
	awstest.Isolate(t)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTESTTESTTESTTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	saved := awsLimits
	awsLimits.header, awsLimits.call, awsLimits.deadline, awsLimits.maxBytes = 300*time.Millisecond, time.Second, 4*time.Second, 1<<20
	t.Cleanup(func() { awsLimits = saved })
	return strings.TrimPrefix(srv.URL, "http://")
}

// TestF14HungSlowAndHugeAWSResponses is the review's F14: a server that
// never answers was waited on for ever, and a 2 GiB body grew memory past
// 7.6 GB. Each now ends with exit 4 naming the call and the endpoint, and
// nothing is written.
func TestF14HungSlowAndHugeAWSResponses(t *testing.T) {
	never := func(done <-chan struct{}) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-done:
			}
		}
	}
	slowBody := func(done <-chan struct{}) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			for i := 0; i < 100; i++ {
				if _, err := w.Write([]byte(" ")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-done:
					return
				case <-time.After(200 * time.Millisecond):
				}
			}
		}
	}
	huge := func(done <-chan struct{}) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(200)
			chunk := []byte(strings.Repeat("<a>x</a>", 8192))
			for i := 0; i < 1<<14; i++ { // up to 1 GiB if nothing stops it
				select {
				case <-done:
					return
				default:
				}
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}
	}
	hugeDeclared := func(<-chan struct{}) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "2147483648")
			w.WriteHeader(200)
			_, _ = w.Write([]byte("{"))
		}
	}
	for _, tc := range []struct {
		name    string
		handler func(<-chan struct{}) http.HandlerFunc
		want    string
	}{
		{"never answers", never, "did not answer in time"},
		{"answers slowly", slowBody, "did not answer in time"},
		// The EC2 decoder stops at the first element it does not expect,
		// so an endless body ends the call without reaching the bound; the
		// bound itself is TestLimitedBody's (planner/awsapi).
		{"huge body", huge, ""},
		{"huge declared length", hugeDeclared, "MiB limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := hostileAWS(t, tc.handler)
			for _, args := range [][]string{
				append(append([]string{}, refreshArgs...), "--yes"),
				{"import", "vpc", "--region", "us-east-1", "--vpc-id", "vpc-0a1b2c3d4e5f60718", "-o", filepath.Join(t.TempDir(), "frag.yaml")},
			} {
				start := time.Now()
				_, stderr, code := runCLI(t, args...)
				if code != exitAWS {
					t.Fatalf("%v: exit %d, want 4; stderr %s", args[:2], code, stderr)
				}
				if tc.want == "" {
					continue
				}
				if !strings.Contains(stderr, tc.want) && !strings.Contains(stderr, "before the deadline") {
					t.Errorf("%v: stderr %q does not say %q", args[:2], stderr, tc.want)
				}
				if !strings.Contains(stderr, host) {
					t.Errorf("%v: stderr %q does not name the endpoint %s", args[:2], stderr, host)
				}
				if !strings.Contains(stderr, "EC2 ") && !strings.Contains(stderr, "Pricing ") {
					t.Errorf("%v: stderr %q does not name the call", args[:2], stderr)
				}
				if d := time.Since(start); d > 20*time.Second {
					t.Errorf("%v took %s", args[:2], d)
				}
				if strings.Contains(stderr, "SDK ") {
					t.Errorf("SDK log line leaked: %q", stderr)
				}
			}
			if entries, _ := os.ReadDir(os.Getenv("XDG_CONFIG_HOME")); len(entries) > 0 {
				t.Errorf("something was written: %v", entries)
			}
		})
	}
}
