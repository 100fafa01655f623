//go:build !linux

package write

import (
	"errors"
	"io/fs"
	"os"
)

// swap puts the folder tmp in place of out: the old output is renamed
// aside, the new one into place, and the old one removed.
func swap(tmp, out string) error {
	if _, err := os.Stat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	return swapByRenames(tmp, out)
}
