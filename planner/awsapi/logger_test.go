package awsapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/smithy-go/logging"

	"github.com/topoplan/topoplan/planner/awsapi"
)

// recorder is a logging.Logger that keeps what the SDK logs.
type recorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *recorder) Logf(c logging.Classification, format string, v ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, string(c)+" "+fmt.Sprintf(format, v...))
}

// TestSDKLogStaysOffStderr is B14: on a machine whose instance-metadata
// endpoint refuses the IMDSv2 token with 403 (as the reviewer's did), the
// SDK logs "WARN falling back to IMDSv1" while it looks for credentials.
// Load must hand that line to Config.Logger (here a recorder, to show the
// SDK does log it) and, with no Logger, write nothing to standard error;
// the no-credentials error itself is unchanged.
func TestSDKLogStaysOffStderr(t *testing.T) {
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/api/token") {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		http.NotFound(w, r) // no instance role
	}))
	defer imds.Close()
	for _, tc := range []struct {
		name string
		rec  *recorder
	}{{"to a logger", &recorder{}}, {"discarded", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
			t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
			conf := awsapi.Config{Region: "ap-northeast-1"}
			if tc.rec != nil {
				conf.Logger = tc.rec
			}
			stderr := captureStderr(t, func() {
				_, err := awsapi.Load(context.Background(), conf)
				if kindOf(err) != awsapi.KindNoCredentials {
					t.Errorf("got %v, want the no-credentials error", err)
				}
			})
			if stderr != "" {
				t.Errorf("the SDK wrote to standard error: %q", stderr)
			}
			if tc.rec != nil && !strings.Contains(strings.Join(tc.rec.lines, "\n"), "WARN falling back to IMDSv1") {
				t.Errorf("the logger got %q, want the SDK's IMDSv1 warning (else this test proves nothing)", tc.rec.lines)
			}
		})
	}
}

// captureStderr runs f with os.Stderr redirected and returns what was written.
func captureStderr(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() { os.Stderr = old }()
	f()
	w.Close()
	os.Stderr = old
	return <-done
}
