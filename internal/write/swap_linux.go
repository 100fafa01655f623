package write

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// swap puts the folder tmp in place of out in one atomic step
// (renameat2 with RENAME_EXCHANGE) and removes the old output.
func swap(tmp, out string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	if err != nil {
		// A file system without RENAME_EXCHANGE: fall back to two renames.
		return swapByRenames(tmp, out)
	}
	// tmp now holds the old output. The new one is in place whatever
	// happens next: a folder that cannot be removed now is left for the
	// next build to remove (see removeStale).
	removeTree(tmp)
	return nil
}
