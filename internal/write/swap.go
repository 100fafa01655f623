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
	removeTree(old)
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return err
	}
	removeTree(old) // else the next build removes it (see removeStale)
	return nil
}
