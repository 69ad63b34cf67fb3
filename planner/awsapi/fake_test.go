package awsapi_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/topoplan/topoplan/planner/awsapi"
	"github.com/topoplan/topoplan/planner/awsapi/awstest"
)

// recorded is where the recorded API responses live.
const recorded = "../../testdata/aws"

type answer = awstest.Answer

func newFake(t *testing.T, override func(key string, n int) (answer, bool)) (*awstest.Server, *awstest.Server) {
	s := awstest.New(t, recorded, override)
	return s, s
}

func isolate(t *testing.T) { awstest.Isolate(t) }

// load builds real SDK clients pointed at srv with static test credentials
// and a bounded, fast retryer.
func load(t *testing.T, srv *awstest.Server, attempts int) *awsapi.Clients {
	t.Helper()
	isolate(t)
	c, err := awsapi.Load(context.Background(), awsapi.Config{
		Region: "us-east-1", EC2Endpoint: srv.URL, PricingEndpoint: srv.URL,
		MaxAttempts: attempts, MaxBackoff: time.Millisecond,
		Credentials: credentials.NewStaticCredentialsProvider("AKIDTESTTESTTESTTEST", "test-secret", ""),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// kindOf returns the Kind of an awsapi error, or -1.
func kindOf(err error) awsapi.Kind {
	var e *awsapi.Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return -1
}
