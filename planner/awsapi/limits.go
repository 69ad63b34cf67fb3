package awsapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Bounds on every AWS call (reliability review F14): a stalled endpoint or
// an endless response ends the command with exit 4 instead of waiting or
// growing for ever.
const (
	// DefaultHeaderTimeout is how long one attempt waits for the response
	// headers once the request is sent.
	DefaultHeaderTimeout = 30 * time.Second
	// DefaultCallTimeout bounds one attempt, body included.
	DefaultCallTimeout = 2 * time.Minute
	// DefaultDeadline bounds a whole command's AWS work (every call and
	// retry of a catalog refresh or a VPC import).
	DefaultDeadline = 10 * time.Minute
	// DefaultMaxResponseBytes bounds one response body: a Price List page
	// is well under 1 MiB, a DescribeSubnets page a few hundred KiB.
	DefaultMaxResponseBytes = 64 << 20
)

// httpClient builds the HTTP client of every SDK client: the SDK's own
// buildable client (it must stay one: the SDK adds a custom CA bundle
// through it) with the per-attempt timeouts, or conf.HTTPClient when set.
func httpClient(conf Config) aws.HTTPClient {
	if conf.HTTPClient != nil {
		return conf.HTTPClient
	}
	header, call := conf.HeaderTimeout, conf.CallTimeout
	if header <= 0 {
		header = DefaultHeaderTimeout
	}
	if call <= 0 {
		call = DefaultCallTimeout
	}
	return awshttp.NewBuildableClient().WithTimeout(call).WithTransportOptions(func(t *http.Transport) {
		t.ResponseHeaderTimeout = header
	})
}

// limitResponses is an SDK middleware, closest to the transport in the
// deserialize step, that refuses response bodies above max bytes before
// the operation's deserializer reads them.
func limitResponses(max int64) func(*middleware.Stack) error {
	if max <= 0 {
		max = DefaultMaxResponseBytes
	}
	return func(s *middleware.Stack) error {
		return s.Deserialize.Add(middleware.DeserializeMiddlewareFunc("topoplanLimitResponse",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				resp, ok := out.RawResponse.(*smithyhttp.Response)
				if !ok || resp == nil || resp.Body == nil {
					return out, md, err
				}
				host := ""
				if resp.Request != nil && resp.Request.URL != nil {
					host = resp.Request.URL.Host
				}
				if resp.ContentLength > max {
					resp.Body.Close()
					return out, md, &tooLargeError{endpoint: host, max: max, size: resp.ContentLength}
				}
				resp.Body = &limitedBody{rc: resp.Body, left: max, endpoint: host, max: max, ok200: resp.StatusCode == http.StatusOK}
				return out, md, err
			}), middleware.After)
	}
}

// tooLargeError is a response above the bound; retrying cannot help.
type tooLargeError struct {
	endpoint  string
	max, size int64
}

func (e *tooLargeError) Error() string {
	if e.size > 0 {
		return fmt.Sprintf("the response from %s is %d bytes, above the %d MiB limit", e.endpoint, e.size, e.max>>20)
	}
	return fmt.Sprintf("the response from %s is above the %d MiB limit", e.endpoint, e.max>>20)
}

// RetryableError tells the SDK's retryer not to try again.
func (e *tooLargeError) RetryableError() bool { return false }

// limitedBody fails a read past the bound, names the endpoint in a read
// error, and refuses an empty 200 (F20: it read as "the region does not
// offer" the instance types).
type limitedBody struct {
	rc       io.ReadCloser
	left     int64
	endpoint string
	max      int64
	ok200    bool
	read     int64
}

// bodyReadError is a failure reading a response body from endpoint.
type bodyReadError struct {
	endpoint string
	err      error
}

func (e *bodyReadError) Error() string {
	return fmt.Sprintf("reading the response from %s: %v", e.endpoint, e.err)
}
func (e *bodyReadError) Unwrap() error { return e.err }

// errEmpty is an HTTP 200 with an empty body.
var errEmpty = errors.New("the answer was empty (HTTP 200 with no body)")

func (b *limitedBody) Read(p []byte) (n int, err error) {
	defer func() {
		b.read += int64(n)
		switch {
		case err == io.EOF && b.read == 0 && b.ok200:
			err = &bodyReadError{endpoint: b.endpoint, err: errEmpty}
		case err != nil && err != io.EOF:
			if _, ok := err.(*tooLargeError); !ok {
				err = &bodyReadError{endpoint: b.endpoint, err: err}
			}
		}
	}()
	if b.left <= 0 {
		// One more byte tells a body of exactly max bytes from a longer one.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, &tooLargeError{endpoint: b.endpoint, max: b.max}
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err = b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// asTooLarge finds a size-bound failure in err.
func asTooLarge(err error) (*tooLargeError, bool) {
	var e *tooLargeError
	return e, errors.As(err, &e)
}
