package cms

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"
)

// readFile reads the file at p (a checked path) if it is at most limit
// bytes. A missing file, or one reached through a link, is
// fs.ErrNotExist; a larger one is an *apiError.
func (h *handler) readFile(p string, limit int64) ([]byte, error) {
	if err := h.noLinks(p); err != nil {
		if errors.Is(err, errLink) {
			return nil, fmt.Errorf("%w (%v)", fs.ErrNotExist, err)
		}
		return nil, err
	}
	f, err := h.root.Open(native(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (not a file)", p, fs.ErrNotExist)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errorf(http.StatusRequestEntityTooLarge, "%s is larger than %s, the most the CMS opens", p, size(limit))
	}
	return data, nil
}

// listFiles returns the files under the folder dir (a checked path) to
// depth levels (1: the files in dir itself), sorted, whose names pass
// keep. Hidden files, links, names that no computer of an editor could
// hold and unreadable folders are left out. A missing folder has no
// files.
func (h *handler) listFiles(dir string, depth int, keep func(name string) bool) ([]string, error) {
	if err := h.noLinks(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errLink) {
			return nil, nil
		}
		return nil, err
	}
	var files []string
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		if depth <= 0 {
			return
		}
		entries, err := fs.ReadDir(h.root.FS(), dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			if nameProblem(e.Name()) != "" {
				continue
			}
			p := dir + "/" + e.Name()
			switch {
			case e.IsDir():
				walk(p, depth-1)
			case e.Type().IsRegular() && keep(e.Name()):
				files = append(files, p)
			}
		}
	}
	walk(dir, depth)
	slices.Sort(files)
	return files, nil
}

// fileID is the id the CMS keeps of a file's content, as decap-server
// gives it: the SHA-256 of its bytes, in hexadecimal.
func fileID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// write is one file to write.
type write struct {
	path string
	data []byte
}

// prepare checks that w can be written: no link on its way, no folder in
// its place, no other file whose name differs from its own only in
// capitals. With fresh set, the file must not exist yet.
func (h *handler) prepare(w write, fresh bool) error {
	err := h.noLinks(w.path)
	switch {
	case err == nil:
		info, err := h.root.Lstat(native(w.path))
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return errorf(http.StatusConflict, "%s is a folder, not a file", w.path)
		}
		if fresh {
			return errorf(http.StatusConflict, "a file is already at %s: choose another name", w.path)
		}
		return nil
	case errors.Is(err, errLink):
		return errorf(http.StatusUnprocessableEntity, "the path %q goes through a symbolic link, which the CMS does not follow", w.path)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	// A new file, perhaps in new folders: each name on the way must not
	// clash with an existing one in capitals only.
	parts := strings.Split(w.path, "/")
	for i := 1; i < len(parts); i++ {
		dir, name := strings.Join(parts[:i], "/"), parts[i]
		entries, err := fs.ReadDir(h.root.FS(), dir)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return err
		}
		found := false
		for _, e := range entries {
			if e.Name() == name {
				found = true
			} else if strings.EqualFold(e.Name(), name) {
				return errorf(http.StatusConflict, "%s differs from %s only in capital letters: on Windows and macOS they are one file; choose another name",
					w.path, path.Join(dir, e.Name()))
			}
		}
		if !found {
			break
		}
	}
	return nil
}

// writeFile writes w atomically: to a temporary file beside it, flushed
// to the disk, then renamed over it. When anything fails the temporary
// file is removed and the old file, if any, is as it was.
func (h *handler) writeFile(w write) error {
	dir := path.Dir(w.path)
	if err := h.root.MkdirAll(native(dir), 0o755); err != nil {
		return err
	}
	// Folders made now are checked too: a link could have been put in
	// the place of one.
	if err := h.noLinks(dir); err != nil {
		return err
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	// A hidden name ending in .tmp: ocop's loader and watcher pass over it.
	tmp := dir + "/.ocop-cms-" + hex.EncodeToString(rnd[:]) + ".tmp"
	f, err := h.root.OpenFile(native(tmp), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(w.data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && h.afterTemp != nil {
		err = h.afterTemp(tmp)
	}
	if err == nil {
		err = h.root.Rename(native(tmp), native(w.path))
	}
	if err != nil {
		h.root.Remove(native(tmp))
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	return nil
}

// removeFile removes the file at p (a checked path); a missing file is
// no error, as in decap-server.
func (h *handler) removeFile(p string) error {
	err := h.noLinks(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, errLink):
		return errorf(http.StatusUnprocessableEntity, "the path %q goes through a symbolic link, which the CMS does not follow", p)
	case err != nil:
		return err
	}
	info, err := h.root.Lstat(native(p))
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errorf(http.StatusUnprocessableEntity, "%s is a folder, not a file", p)
	}
	return h.root.Remove(native(p))
}

// namedBy returns the records that name the photo at p (a checked path),
// leaving out those in except: the records in p's folder and in the
// folders above it, up to content/, whose text has p's path relative to
// their folder as a whole name (as "anh.jpg" in "images: [anh.jpg]" or
// "file: anh.jpg", or "images/hoi-cho.svg" in a story's Markdown). It
// reads text, not YAML, so that it finds every mention, Markdown bodies
// included; a record it cannot read is taken to name the photo.
func (h *handler) namedBy(p string, except map[string]bool) ([]string, error) {
	var users []string
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		rel := strings.ToLower(strings.TrimPrefix(p, dir+"/"))
		records, err := h.listFiles(dir, 1, func(name string) bool { return recordExts[strings.ToLower(path.Ext(name))] })
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			if except[r] {
				continue
			}
			data, err := h.readFile(r, h.opt.MaxRecordBytes)
			if err != nil || mentions(strings.ToLower(string(data)), rel) {
				users = append(users, r)
			}
		}
		if dir == ContentDir || !strings.Contains(dir, "/") {
			return users, nil
		}
	}
}

// mentions reports whether text has name as a whole name: not as part
// of a longer one ("anh.jpg" is not in "tranh.jpg" or "x/anh.jpg"), "./"
// before it allowed.
func mentions(text, name string) bool {
	part := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 || strings.IndexByte("_-./\\", c) >= 0
	}
	for off := 0; ; {
		i := strings.Index(text[off:], name)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(name)
		before := i == 0 || !part(text[i-1]) || (i >= 2 && text[i-2:i] == "./" && (i == 2 || !part(text[i-3])))
		after := end == len(text) || !part(text[end]) || (text[end] == '.' && (end+1 == len(text) || !part(text[end+1])))
		if before && after {
			return true
		}
		off = i + 1
	}
}

// photoInUse refuses to replace (with other bytes) or remove the photo at
// p while a record other than those in except names it: with photos
// beside the records, a district's folder holds the photos of all its
// products, and the CMS would otherwise let the editor of one product
// replace, or delete, the photo of another by uploading one of the same
// name.
func (h *handler) photoInUse(p string, data []byte, except map[string]bool) error {
	if !mediaExts[strings.ToLower(path.Ext(p))] {
		return nil
	}
	if data != nil {
		old, err := h.readFile(p, h.opt.MaxMediaBytes)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && bytes.Equal(old, data)) {
			return nil
		}
	} else if _, err := h.root.Lstat(native(p)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	users, err := h.namedBy(p, except)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return nil
	}
	if data != nil {
		return errorf(http.StatusConflict, "%s is the photo of %s: give your photo another name (or change it from that record)", p, strings.Join(users, ", "))
	}
	return errorf(http.StatusConflict, "%s is the photo of %s: take it out of that record first", p, strings.Join(users, ", "))
}
