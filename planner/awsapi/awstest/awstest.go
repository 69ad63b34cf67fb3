// Package awstest serves recorded AWS API responses from a local httptest
// server, so tests run the real SDK clients without reaching AWS: the Price
// List Query API (JSON 1.1) and the EC2 query API (XML), answered from
// testdata/aws. It is for tests only.
package awstest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Answer is a canned reply: a file under the recordings directory, without
// its extension, and an HTTP status.
type Answer struct {
	File   string
	Status int
}

// Server answers like the Price List Query API (JSON 1.1, X-Amz-Target
// AWSPriceListService.GetProducts) and the EC2 query API (form-encoded
// Action=..., XML replies) from the recorded responses. Each request gets a
// key ("pricing AmazonEC2-p5.48xlarge-us-east-1": the service code and the
// instanceType, productFamily (without spaces) and regionCode filters;
// "ec2 DescribeSubnets")
// plus the page token; override may replace the answer to the nth call
// (1-based) with that key.
type Server struct {
	// URL is the base URL of the server, for BaseEndpoint or AWS_ENDPOINT_URL.
	URL      string
	dir      string
	t        *testing.T
	mu       sync.Mutex
	calls    map[string]int
	override func(key string, n int) (Answer, bool)
}

// New starts a server answering from the recordings in dir (testdata/aws);
// override (may be nil) replaces the answer to the nth call with a key. The
// server stops when the test ends.
func New(t *testing.T, dir string, override func(key string, n int) (Answer, bool)) *Server {
	f := &Server{dir: dir, t: t, calls: map[string]int{}, override: override}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// Count is the number of calls made with a key.
func (f *Server) Count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[key]
}

// ServeHTTP answers one request.
func (f *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("Authorization") == "" {
		f.t.Errorf("request without a SigV4 Authorization header")
	}
	var key, token, file string
	var status int
	jsonAPI := r.Header.Get("X-Amz-Target") != ""
	if jsonAPI {
		if got := r.Header.Get("X-Amz-Target"); got != "AWSPriceListService.GetProducts" {
			f.t.Errorf("X-Amz-Target %q", got)
		}
		var in struct {
			ServiceCode string
			Filters     []struct{ Type, Field, Value string }
			NextToken   string
		}
		if err := json.Unmarshal(body, &in); err != nil {
			f.t.Errorf("pricing request body: %v", err)
		}
		parts := []string{in.ServiceCode}
		for _, want := range []string{"instanceType", "productFamily", "regionCode"} {
			for _, fl := range in.Filters {
				if fl.Field == want {
					if fl.Type != "TERM_MATCH" {
						f.t.Errorf("filter type %q", fl.Type)
					}
					// "NAT Gateway" names its file AmazonEC2-NATGateway-REGION.
					parts = append(parts, strings.ReplaceAll(fl.Value, " ", ""))
				}
			}
		}
		key, token = "pricing "+strings.Join(parts, "-"), in.NextToken
		file = "pricing/" + strings.Join(parts, "-")
	} else {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			f.t.Errorf("ec2 request body: %v", err)
		}
		key, token = "ec2 "+form.Get("Action"), form.Get("NextToken")
		file = "ec2/" + form.Get("Action")
	}
	f.mu.Lock()
	f.calls[key]++
	n := f.calls[key]
	f.mu.Unlock()
	if f.override != nil {
		if a, ok := f.override(key, n); ok {
			file, status = a.File, a.Status
		}
	}
	if status == 0 {
		status = http.StatusOK
		switch {
		case token != "":
			file += "." + token
		case exists(f.dir, file+".page1"):
			file += ".page1"
		}
	}
	ext := ".xml"
	ctype := "text/xml;charset=UTF-8"
	if jsonAPI {
		ext, ctype = ".json", "application/x-amz-json-1.1"
	}
	data, err := os.ReadFile(filepath.Join(f.dir, file+ext))
	if err != nil {
		if !jsonAPI || status != http.StatusOK {
			f.t.Errorf("no recorded response %s%s for %s", file, ext, key)
		}
		// The price list has no such product: an empty page.
		data = []byte(`{"FormatVersion":"aws_v1","PriceList":[]}`)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Amzn-Requestid", "test-request")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func exists(dir, file string) bool {
	for _, ext := range []string{".json", ".xml"} {
		if _, err := os.Stat(filepath.Join(dir, file+ext)); err == nil {
			return true
		}
	}
	return false
}

// Isolate keeps the developer's own AWS configuration, credentials and
// instance metadata out of a test.
func Isolate(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", empty)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", empty)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, v := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_PRICING",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_MAX_ATTEMPTS"} {
		t.Setenv(v, "")
	}
}
