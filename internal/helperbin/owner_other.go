//go:build !unix

package helperbin

import "os"

// ownedByMe cannot check ownership here; PrivateDir gives no directory on
// these platforms.
func ownedByMe(os.FileInfo) bool { return false }
