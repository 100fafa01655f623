package images

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A cache file is cacheDir/images/<key[:2]>/<key>-<width>.<ext>: the
// variant's bytes, then a trailer of trailerMagic and the SHA-256 of the
// processor's stamp, the file's name and the bytes. A file whose trailer
// does not match — truncated, damaged, renamed, or made by another version
// of this package or of Go — is made again, never served.
const trailerMagic = "ocopimg1"

const trailerLen = len(trailerMagic) + sha256.Size

// cachePath is where the cache keeps variant v of the original key.
func (p *Processor) cachePath(key string, v Variant) string {
	return filepath.Join(p.dir, "images", key[:2], v.Name(key))
}

func (p *Processor) checksum(name string, b []byte) []byte {
	h := sha256.New()
	h.Write([]byte(p.stamp))
	h.Write([]byte{0})
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write(b)
	return h.Sum(nil)
}

// readCache returns the cached bytes of variant v, or nil when they are
// not there or not sound.
func (p *Processor) readCache(key string, v Variant) []byte {
	b, err := os.ReadFile(p.cachePath(key, v))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			p.damaged.Add(1)
		}
		return nil
	}
	n := len(b) - trailerLen
	if n <= 0 || string(b[n:n+len(trailerMagic)]) != trailerMagic ||
		!bytes.Equal(b[n+len(trailerMagic):], p.checksum(v.Name(key), b[:n])) {
		p.damaged.Add(1)
		return nil
	}
	return b[:n:n]
}

// infoName is the name of the cache file keeping the Info of the original
// key, for MakeFrom: "<key>-info", beside its variants.
func infoName(key string) string { return key + "-info" }

// writeInfo keeps info in the cache, as a line of text. An error is not
// counted: MakeFrom then reads the original again.
func (p *Processor) writeInfo(key string, info Info) {
	line := fmt.Sprintf("%d %d %s %d %t %t\n", info.Width, info.Height, info.Format, info.Orientation, info.HasAlpha, info.Animated)
	path := filepath.Join(p.dir, "images", key[:2], infoName(key))
	if old, err := os.ReadFile(path); err == nil && len(old) == len(line)+trailerLen &&
		string(old[:len(line)]) == line && bytes.Equal(old[len(line)+len(trailerMagic):], p.checksum(infoName(key), []byte(line))) {
		return // there already
	}
	p.writeFile(path, infoName(key), []byte(line))
}

// readInfo returns the Info kept by writeInfo; false when it is not there
// or not sound.
func (p *Processor) readInfo(key string) (Info, bool) {
	b, err := os.ReadFile(filepath.Join(p.dir, "images", key[:2], infoName(key)))
	if err != nil {
		return Info{}, false
	}
	n := len(b) - trailerLen
	var info Info
	if n <= 0 || string(b[n:n+len(trailerMagic)]) != trailerMagic ||
		!bytes.Equal(b[n+len(trailerMagic):], p.checksum(infoName(key), b[:n])) {
		p.damaged.Add(1)
		return Info{}, false
	}
	if _, err := fmt.Sscanf(string(b[:n]), "%d %d %s %d %t %t\n", &info.Width, &info.Height, &info.Format, &info.Orientation, &info.HasAlpha, &info.Animated); err != nil ||
		info.Width <= 0 || info.Height <= 0 {
		p.damaged.Add(1)
		return Info{}, false
	}
	return info, true
}

// Cached returns the bytes of variant v of the original key from the
// cache, as Make left them there; false when they are not there, or not
// sound. A build that makes its variants first and writes them later
// reads them back here instead of holding them all in memory.
func (p *Processor) Cached(key string, v Variant) ([]byte, bool) {
	if p.dir == "" {
		return nil, false
	}
	b := p.readCache(key, v)
	return b, b != nil
}

// writeCache writes the bytes b of variant v to the cache, atomically: to
// a temporary file in the same folder, renamed into place, so that a
// reader (another build at the same time) sees the whole file or none. An
// error is counted and remembered, not returned: the cache is only a cache.
func (p *Processor) writeCache(key string, v Variant, b []byte) {
	if err := p.writeFile(p.cachePath(key, v), v.Name(key), b); err != nil {
		p.cacheErrors.Add(1)
		p.mu.Lock()
		if p.cacheErr == nil {
			p.cacheErr = err
		}
		p.mu.Unlock()
	}
}

func (p *Processor) writeFile(path, name string, b []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return err
	}
	if _, err = f.Write([]byte(trailerMagic)); err != nil {
		return err
	}
	if _, err = f.Write(p.checksum(name, b)); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// Prune removes from the cache the files of every original that this
// Processor has not returned from Make (made or found in the cache), and
// the temporary files, more than an hour old, of builds that were stopped
// while writing. Call it at the end of a whole build, so that the cache
// keeps only what the site uses now. (Another build sharing the cache
// folder at the same time loses the files of images only it has: it makes
// them again when it next needs them.) It returns how many files it
// removed; without a cache it does nothing.
func (p *Processor) Prune() (int, error) {
	if p.dir == "" {
		return 0, nil
	}
	root := filepath.Join(p.dir, "images")
	dirs, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	p.mu.Lock()
	used := make(map[string]bool, len(p.used))
	for k := range p.used {
		used[k] = true
	}
	p.mu.Unlock()
	removed := 0
	var errs []error
	for _, d := range dirs {
		if !d.IsDir() || len(d.Name()) != 2 {
			continue
		}
		dir := filepath.Join(root, d.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range files {
			name := f.Name()
			var stale bool
			if strings.HasPrefix(name, ".tmp-") {
				info, err := f.Info()
				stale = err == nil && time.Since(info.ModTime()) > time.Hour
			} else if key, _, ok := strings.Cut(name, "-"); ok && len(key) == 32 && strings.HasPrefix(key, d.Name()) {
				stale = !used[key]
			}
			if !stale {
				continue
			}
			if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			removed++
		}
		os.Remove(dir) // if now empty
	}
	return removed, errors.Join(errs...)
}
