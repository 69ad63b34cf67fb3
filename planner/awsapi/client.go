// Package awsapi is topoplan's only door to AWS: it reads instance specs
// (EC2 DescribeInstanceTypes), on-demand prices (the Price List Query API,
// pricing GetProducts) and an existing VPC's CIDRs and subnets (DescribeVpcs,
// DescribeSubnets). Everything it needs from the SDK sits behind two small
// interfaces, EC2API and PricingAPI, so the rest of topoplan builds and runs
// with no credentials and no network, and the tests point the real SDK
// clients at a local httptest server.
package awsapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/smithy-go/logging"
)

// EC2API is the part of the EC2 client topoplan uses.
type EC2API interface {
	// DescribeInstanceTypes reads instance specs.
	DescribeInstanceTypes(ctx context.Context, in *ec2.DescribeInstanceTypesInput, opts ...func(*ec2.Options)) (*ec2.DescribeInstanceTypesOutput, error)
	// DescribeVpcs reads VPCs and their CIDR associations.
	DescribeVpcs(ctx context.Context, in *ec2.DescribeVpcsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcsOutput, error)
	// DescribeSubnets reads subnets.
	DescribeSubnets(ctx context.Context, in *ec2.DescribeSubnetsInput, opts ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
}

// PricingAPI is the part of the Price List Query API client topoplan uses.
type PricingAPI interface {
	// GetProducts lists price-list products matching filters, one page at a time.
	GetProducts(ctx context.Context, in *pricing.GetProductsInput, opts ...func(*pricing.Options)) (*pricing.GetProductsOutput, error)
}

// DefaultPricingRegion is where the Price List Query API is served from; AWS
// also serves it from eu-central-1 and ap-south-1
// (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html).
const DefaultPricingRegion = "us-east-1"

// DefaultMaxAttempts bounds the SDK's standard retryer: one call plus up to
// four retries on throttling or transient errors.
const DefaultMaxAttempts = 5

// Config says how to reach AWS. The zero value uses the standard SDK
// configuration and credential chain (environment, shared config and
// credentials files, SSO, IMDS) with its default region.
type Config struct {
	// Profile is a shared-config profile name ("" = AWS_PROFILE or default).
	Profile string
	// Region is the default region for EC2 calls ("" = from the SDK config).
	Region string
	// PricingRegion is the Price List Query API endpoint's region ("" = us-east-1).
	PricingRegion string
	// EC2Endpoint and PricingEndpoint override the service endpoints (tests,
	// VPC endpoints). The SDK also honours AWS_ENDPOINT_URL_EC2 and
	// AWS_ENDPOINT_URL_PRICING from the environment.
	EC2Endpoint, PricingEndpoint string
	// MaxAttempts bounds each call's attempts (0 = DefaultMaxAttempts).
	MaxAttempts int
	// MaxBackoff caps the retryer's wait between attempts (0 = SDK default, 20 s).
	MaxBackoff time.Duration
	// Credentials replaces the credential chain when set (tests).
	Credentials aws.CredentialsProvider
	// HTTPClient replaces the SDK's HTTP client when set (its own
	// timeouts then apply; the response-size bound still does).
	HTTPClient *http.Client
	// Logger receives the SDK's own log lines (such as its "falling back
	// to IMDSv1" warning while it looks for credentials on a machine that
	// is no EC2 instance). nil discards them: topoplan reports every
	// failure itself, as an *Error with what to do.
	Logger logging.Logger
	// HeaderTimeout, CallTimeout and MaxResponseBytes bound each attempt
	// (0 = DefaultHeaderTimeout, DefaultCallTimeout, DefaultMaxResponseBytes).
	HeaderTimeout, CallTimeout time.Duration
	MaxResponseBytes           int64
}

// Clients holds the loaded SDK configuration and builds service clients.
type Clients struct {
	cfg  aws.Config
	conf Config
	// Pricing is the Price List Query API client.
	Pricing PricingAPI
	// EC2 returns an EC2 client for a region.
	EC2 func(region string) EC2API
}

// Region is the default region of the loaded configuration.
func (c *Clients) Region() string { return c.cfg.Region }

// Load reads the standard SDK configuration, checks that credentials can be
// found (without calling any AWS API) and builds the clients. A missing
// credential is an *Error of kind KindNoCredentials.
func Load(ctx context.Context, conf Config) (*Clients, error) {
	maxAttempts := conf.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = maxAttempts
				if conf.MaxBackoff > 0 {
					o.MaxBackoff = conf.MaxBackoff
				}
			})
		}),
	}
	if conf.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(conf.Profile))
	}
	if conf.Region != "" {
		opts = append(opts, config.WithRegion(conf.Region))
	}
	if conf.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(conf.Credentials))
	}
	opts = append(opts, config.WithHTTPClient(httpClient(conf)))
	logger := conf.Logger
	if logger == nil {
		logger = logging.Nop{}
	}
	// The SDK's default logger writes to standard error (its "falling back
	// to IMDSv1" and "failed to discard remaining HTTP response body" WARN
	// lines, F20, B14): every failure is reported through Error instead.
	// ClientLogMode 0 (no request or response logging) is the SDK's
	// default, stated here so a change of default would not reach the
	// terminal either.
	opts = append(opts, config.WithLogger(logger), config.WithClientLogMode(0), config.WithLogConfigurationWarnings(false))
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, &Error{Kind: KindNoCredentials, Op: "load AWS configuration", Err: err,
			Msg: fmt.Sprintf("cannot load the AWS configuration: %v", err)}
	}
	cfg.APIOptions = append(cfg.APIOptions, limitResponses(conf.MaxResponseBytes))
	if cfg.Credentials == nil {
		return nil, noCredentials(errors.New("no credential provider"))
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, &Error{Kind: KindCanceled, Op: "find AWS credentials", Err: ctx.Err(), Msg: "interrupted while looking for AWS credentials"}
		}
		return nil, noCredentials(err)
	}
	pricingRegion := conf.PricingRegion
	if pricingRegion == "" {
		pricingRegion = DefaultPricingRegion
	}
	c := &Clients{cfg: cfg, conf: conf}
	c.Pricing = pricing.NewFromConfig(cfg, func(o *pricing.Options) {
		o.Region = pricingRegion
		if conf.PricingEndpoint != "" {
			o.BaseEndpoint = aws.String(conf.PricingEndpoint)
		}
	})
	c.EC2 = func(region string) EC2API {
		return ec2.NewFromConfig(cfg, func(o *ec2.Options) {
			if region != "" {
				o.Region = region
			}
			if conf.EC2Endpoint != "" {
				o.BaseEndpoint = aws.String(conf.EC2Endpoint)
			}
		})
	}
	return c, nil
}

func noCredentials(err error) *Error {
	return &Error{Kind: KindNoCredentials, Op: "find AWS credentials", Err: err,
		Msg: "no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`, or pass --profile; " +
			"without credentials topoplan keeps using the embedded catalog snapshot"}
}
