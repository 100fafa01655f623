package write

import (
	"os"
	"path/filepath"
	"strconv"
)

// swapByRenames replaces out by tmp with two renames; between them there
// is a moment without an output folder, but never a partial one.
func swapByRenames(tmp, out string) error {
	old := filepath.Join(filepath.Dir(out), tempPrefix(filepath.Base(out), "old")+strconv.Itoa(os.Getpid()))
	os.RemoveAll(old)
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}
