package load

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"strconv"
)

// Stamp sums up the site's files as they are on disk, without reading
// them: the path, size and modification time of site.yaml and of every
// file under content/, templates/ and static/ that a build reads. Two
// equal stamps mean, as far as a build can tell, the same site.
func Stamp(site fs.FS) (string, error) {
	h := fnv.New64a()
	add := func(p string, info fs.FileInfo) {
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", p, info.Size(), info.ModTime().UnixNano())
	}
	if info, err := fs.Stat(site, ConfigFile); err == nil {
		add(ConfigFile, info)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	for _, dir := range []string{contentDir, templatesDir, staticDir} {
		err := fs.WalkDir(site, dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if p == dir && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if p != dir && Ignored(path.Base(p)) {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if e.IsDir() {
				return nil
			}
			info, err := e.Info()
			if err != nil {
				return err
			}
			add(p, info)
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return strconv.FormatUint(h.Sum64(), 16), nil
}
