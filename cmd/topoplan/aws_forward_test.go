//go:build !topoplan_aws

package main

import (
	"github.com/topoplan/topoplan/internal/helperbin"
	"github.com/topoplan/topoplan/internal/renderer"
)

// testHelpers: this test binary, like topoplan, runs catalog refresh and
// import vpc in topoplan-aws and draws diagrams in topoplan-render, both
// built from this checkout by TestMain.
var testHelpers = []*helperbin.Helper{renderer.Helper, awsHelper}
