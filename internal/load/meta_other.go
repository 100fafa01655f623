//go:build !linux && !darwin

package load

// inode reports that the change time of a file's inode is not known:
// elsewhere than Linux and macOS a file read is always read again to tell
// whether it changed (Meta.Full is false).
func inode(sys any) (change int64, ino, dev uint64, ok bool) { return 0, 0, 0, false }
