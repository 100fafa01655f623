package load

import "syscall"

// inode returns the change time and identity of a file's inode from its
// status, where Linux gives them.
func inode(sys any) (change int64, ino, dev uint64, ok bool) {
	st, ok := sys.(*syscall.Stat_t)
	if !ok {
		return 0, 0, 0, false
	}
	return st.Ctim.Sec*1e9 + st.Ctim.Nsec, st.Ino, uint64(st.Dev), true
}
