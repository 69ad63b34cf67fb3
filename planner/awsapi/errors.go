package awsapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// Kind classifies a failure so the CLI can say precisely what went wrong.
type Kind int

// Failure kinds.
const (
	// KindOther is any failure not listed below (network, endpoint, service error).
	KindOther Kind = iota
	// KindNoCredentials: the credential chain found nothing usable.
	KindNoCredentials
	// KindAccessDenied: AWS rejected the credentials or the IAM policy lacks the action.
	KindAccessDenied
	// KindThrottled: AWS kept throttling after the retryer's bounded attempts.
	KindThrottled
	// KindNotOffered: the region does not offer an instance type, or the VPC does not exist there.
	KindNotOffered
	// KindMalformed: a response could not be read, or lacked a figure it must carry.
	KindMalformed
	// KindCanceled: the user interrupted (Ctrl-C) or the context ended.
	KindCanceled
	// KindTimeout: an endpoint did not answer in time, or the command's
	// deadline passed.
	KindTimeout
	// KindTooLarge: a response was above DefaultMaxResponseBytes.
	KindTooLarge
)

// Error is a failure talking to AWS, with a message written for the user.
type Error struct {
	// Kind classifies the failure.
	Kind Kind
	// Op names the call, e.g. "Pricing GetProducts (AmazonEC2 p5.48xlarge us-east-1)".
	Op string
	// Msg is the user-facing explanation.
	Msg string
	// Err is the underlying error.
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

var accessDeniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"AuthFailure": true, "UnrecognizedClientException": true, "InvalidClientTokenId": true,
	"ExpiredToken": true, "ExpiredTokenException": true, "SignatureDoesNotMatch": true,
	"OptInRequired": true,
}

var throttleCodes = map[string]bool{
	"Throttling": true, "ThrottlingException": true, "ThrottledException": true,
	"RequestLimitExceeded": true, "RequestThrottled": true, "RequestThrottledException": true,
	"TooManyRequestsException": true, "SlowDown": true,
}

// action names the IAM action an operation needs.
func action(op string) string {
	switch {
	case strings.HasPrefix(op, "Pricing GetProducts"):
		return "pricing:GetProducts"
	case strings.HasPrefix(op, "EC2 DescribeInstanceTypes"):
		return "ec2:DescribeInstanceTypes"
	case strings.HasPrefix(op, "EC2 DescribeVpcs"):
		return "ec2:DescribeVpcs"
	case strings.HasPrefix(op, "EC2 DescribeSubnets"):
		return "ec2:DescribeSubnets"
	}
	return op
}

// explain turns an SDK error from operation op into an *Error.
func explain(op string, err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	endpoint := endpointOf(err)
	if tl, ok := asTooLarge(err); ok {
		return &Error{Kind: KindTooLarge, Op: op, Err: err, Msg: fmt.Sprintf("%s: %v", op, tl)}
	}
	var br *bodyReadError
	if errors.As(err, &br) {
		var ne net.Error
		switch {
		case errors.Is(br.err, errEmpty):
			return &Error{Kind: KindMalformed, Op: op, Err: err, Msg: fmt.Sprintf("%s: %s", op, br)}
		case errors.Is(err, net.ErrClosed) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
			return &Error{Kind: KindTimeout, Op: op, Err: err,
				Msg: fmt.Sprintf("%s: %s did not answer in time (the response was still arriving when the %s limit per attempt passed)", op, br.endpoint, DefaultCallTimeout)}
		}
		return &Error{Kind: KindMalformed, Op: op, Err: err, Msg: fmt.Sprintf("%s: %s", op, br)}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Kind: KindTimeout, Op: op, Err: err,
			Msg: fmt.Sprintf("%s: no complete answer from %s before the deadline (%s for the whole command)", op, endpoint, DefaultDeadline)}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Kind: KindTimeout, Op: op, Err: err,
			Msg: fmt.Sprintf("%s: %s did not answer in time (%s for the headers, %s per attempt): %v", op, endpoint, DefaultHeaderTimeout, DefaultCallTimeout, ne)}
	}
	if errors.Is(err, context.Canceled) {
		return &Error{Kind: KindCanceled, Op: op, Err: err, Msg: fmt.Sprintf("%s: interrupted; nothing was written", op)}
	}
	attempts := 0
	var mae *retry.MaxAttemptsError
	if errors.As(err, &mae) {
		attempts = mae.Attempt
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		code := api.ErrorCode()
		switch {
		case accessDeniedCodes[code]:
			return &Error{Kind: KindAccessDenied, Op: op, Err: err,
				Msg: fmt.Sprintf("%s: access denied (%s: %s); the credentials need the IAM action %s",
					op, code, api.ErrorMessage(), action(op))}
		case throttleCodes[code]:
			n := ""
			if attempts > 0 {
				n = fmt.Sprintf(" after %d attempts", attempts)
			}
			return &Error{Kind: KindThrottled, Op: op, Err: err,
				Msg: fmt.Sprintf("%s: AWS is throttling requests (%s) and the call still failed%s; wait a minute and run again", op, code, n)}
		case code == "InvalidInstanceType":
			return &Error{Kind: KindNotOffered, Op: op, Err: err,
				Msg: fmt.Sprintf("%s: %s", op, api.ErrorMessage())}
		case strings.HasPrefix(code, "InvalidVpcID"):
			return &Error{Kind: KindNotOffered, Op: op, Err: err,
				Msg: fmt.Sprintf("%s: %s (%s)", op, api.ErrorMessage(), code)}
		}
		if status, ok := httpStatus(err); ok && (code == "UnknownError" || code == "") {
			// Not an AWS error document (F20): a proxy's HTML page, a 5xx.
			return &Error{Kind: KindOther, Op: op, Err: err,
				Msg: fmt.Sprintf("%s: HTTP %d %s from %s, with no AWS error in the body (a proxy or a network problem?)", op, status, http.StatusText(status), endpoint)}
		}
		return &Error{Kind: KindOther, Op: op, Err: err, Msg: fmt.Sprintf("%s: %s: %s", op, code, api.ErrorMessage())}
	}
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		return &Error{Kind: KindMalformed, Op: op, Err: err, Msg: fmt.Sprintf("%s: malformed response: %v", op, de.Err)}
	}
	return &Error{Kind: KindOther, Op: op, Err: err, Msg: fmt.Sprintf("%s: %v", op, err)}
}

// endpointOf is the host a failed call was sent to ("the endpoint" when
// the error does not say).
func endpointOf(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Host
		}
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil && re.Response.Request != nil && re.Response.Request.URL != nil {
		return re.Response.Request.URL.Host
	}
	return "the endpoint"
}

// httpStatus is the HTTP status of a failed response.
func httpStatus(err error) (int, bool) {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode(), true
	}
	return 0, false
}

// malformed builds a KindMalformed error.
func malformed(op, format string, args ...any) error {
	return &Error{Kind: KindMalformed, Op: op, Msg: op + ": malformed or partial price response: " + fmt.Sprintf(format, args...)}
}
