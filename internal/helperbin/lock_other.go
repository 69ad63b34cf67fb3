//go:build !unix

package helperbin

// lockFile locks nothing here: two topoplan processes building the same
// helper at once may each run go build (Go's build cache keeps that safe).
func lockFile(string) (unlock func()) { return func() {} }
