//go:build !unix

package build_test

import "testing"

// inodes is the files' identities where the system has inodes; elsewhere
// the test that needs them does not run.
func inodes(t *testing.T, dir string) map[string]string {
	t.Skip("no inodes on this system")
	return nil
}
