//go:build unix

package build_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// inodes returns the inode and modification time of every file in dir.
func inodes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		ino := uint64(0)
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			ino = st.Ino
		}
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%v %v", info.ModTime().UnixNano(), ino)
		return nil
	})
	return out
}
