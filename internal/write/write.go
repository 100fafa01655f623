// Package write puts a rendered site on disk: it minifies each file by its
// media type, writes everything into a fresh folder beside the output
// folder, and only when every file is written swaps that folder in for the
// old output. A build that fails, or is killed, leaves the previous output
// as it was.
package write

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/hagiang-ocop/ocop/internal/render"
	"github.com/tdewolff/minify/v2"
)

// Marker is the file that marks a folder as ocop's output, which a build
// may replace whole. A folder without it is never replaced.
const Marker = ".ocop-output"

const markerText = "This folder is written by `ocop build`: each build replaces all of it.\n"

// Result says what was written.
type Result struct {
	Files int
	Bytes int64
	// Kept counts the files kept from the previous output, unchanged.
	Kept int
	// Manifest describes the new output.
	Manifest *Manifest
}

// Site writes files into the folder out, reading the Source of files from
// site. It checks first that out may be replaced (see CheckOut). With prev,
// the manifest of the output as it is, files that did not change are kept
// from it (hard links) instead of being made again.
func Site(ctx context.Context, out string, files []render.File, site fs.FS, prev *Manifest) (Result, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return Result{}, err
	}
	if err := checkReplaceable(out); err != nil {
		return Result{}, err
	}
	if !prev.Describes(out) {
		prev = nil
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return Result{}, fmt.Errorf("cannot create the output folder: %w", err)
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, tempPrefix(base, "new")+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return Result{}, fmt.Errorf("cannot write beside the output folder: %w", err)
	}
	res, err := writeAll(ctx, tmp, out, files, site, prev)
	if err == nil {
		err = os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText+"build: "+res.Manifest.ID+"\n"), 0o644)
	}
	if err == nil {
		err = os.Chmod(tmp, 0o755)
	}
	if err == nil {
		err = swap(tmp, out)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return Result{}, err
	}
	return res, nil
}

func tempPrefix(base, what string) string { return "." + base + ".ocop-" + what + "-" }

// CheckOut refuses output folders that a build must not replace: the root,
// the site's own folder or one that contains it, and the folders the site
// is read from.
func CheckOut(siteDir, out string) error {
	site, err := filepath.Abs(siteDir)
	if err != nil {
		return err
	}
	o, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if ev, err := filepath.EvalSymlinks(site); err == nil {
		site = ev
	}
	if ev, err := filepath.EvalSymlinks(o); err == nil {
		o = ev
	}
	switch {
	case o == filepath.Dir(o):
		return fmt.Errorf("refusing to write the site to %s, the root of the file system", out)
	case o == site:
		return fmt.Errorf("refusing to write the site to %s: it is the site's own folder", out)
	case within(site, o):
		return fmt.Errorf("refusing to write the site to %s: it contains the site's sources", out)
	}
	for _, src := range []string{"content", "templates", "static", "site.yaml"} {
		if s := filepath.Join(site, src); o == s || within(o, s) {
			return fmt.Errorf("refusing to write the site to %s: it is inside the site's %s", out, src)
		}
	}
	return nil
}

// within reports whether path is inside dir.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkReplaceable refuses to replace an existing folder that is not empty
// and is not ocop's output.
func checkReplaceable(out string) error {
	info, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("refusing to replace %s: it is a file, not a folder", out)
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("refusing to replace %s: the folder is not empty and was not written by ocop (it has no %s file); remove it or choose another output folder", out, Marker)
	}
	return nil
}

// removeStale removes the temporary folders of builds that were killed
// before they could clean up.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		for _, what := range []string{"new", "old"} {
			rest, ok := strings.CutPrefix(e.Name(), tempPrefix(base, what))
			if !ok {
				continue
			}
			pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
			if err == nil && pid != os.Getpid() && processAlive(pid) {
				continue
			}
			if err == nil && pid == os.Getpid() {
				continue
			}
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// writeAll writes the files into dir, in parallel, keeping from the
// previous output old what prev says did not change.
func writeAll(ctx context.Context, dir, old string, files []render.File, site fs.FS, prev *Manifest) (Result, error) {
	m := render.NewMinifier()
	man := &Manifest{Files: make(map[string]Entry, len(files))}
	var (
		mu     sync.Mutex
		res    Result
		errs   []error
		dirs   sync.Map
		wg     sync.WaitGroup
		next   = make(chan int)
		failed = make(chan struct{})
		once   sync.Once
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		once.Do(func() { close(failed) })
	}
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var raw, min bytes.Buffer
			for i := range next {
				f := &files[i]
				w := writer{dir: dir, old: old, site: site, min: m, raw: &raw, out: &min, dirs: &dirs}
				if prev != nil {
					w.prev, w.hasPrev = prev.Files[f.Path]
				}
				e, n, kept, err := w.write(f)
				// A big file (the open data, a whole print edition) leaves
				// big buffers: let them go rather than keep them.
				if raw.Cap() > bigBuffer {
					raw = bytes.Buffer{}
				}
				if min.Cap() > bigBuffer {
					min = bytes.Buffer{}
				}
				if err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				man.Files[f.Path] = e
				res.Files++
				res.Bytes += n
				if kept {
					res.Kept++
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-failed:
			break feed
		case <-ctx.Done():
			fail(ctx.Err())
			break feed
		}
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return Result{}, errors.Join(errs...)
	}
	man.ID = manifestID(man)
	res.Manifest = man
	return res, nil
}

// bigBuffer is the capacity past which a writer's buffer is dropped after
// use.
const bigBuffer = 4 << 20

// manifestID names a build by what it wrote.
func manifestID(m *Manifest) string {
	h := fnv.New64a()
	for _, p := range slices.Sorted(maps.Keys(m.Files)) {
		e := m.Files[p]
		fmt.Fprintf(h, "%s %x %x\n", p, e.Hash, e.FP)
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// writer writes one file of a new output.
type writer struct {
	dir, old string // the new output and the previous one
	site     fs.FS
	min      *minify.M
	raw, out *bytes.Buffer
	dirs     *sync.Map
	prev     Entry // what the previous output had at this path
	hasPrev  bool
}

// write makes f in the new output: kept from the previous one when its
// fingerprint or its bytes are the same, else written. It returns the
// file's entry, its size and whether it was kept.
func (w writer) write(f *render.File) (Entry, int64, bool, error) {
	target := filepath.Join(w.dir, filepath.FromSlash(f.Path))
	if err := makeDir(filepath.Dir(target), w.dirs); err != nil {
		return Entry{}, 0, false, err
	}
	if w.hasPrev && f.Fingerprint != 0 && f.Fingerprint == w.prev.FP {
		if n, ok := w.keep(f.Path, target); ok {
			return w.prev, n, true, nil
		}
	}
	data, err := w.content(f)
	if err != nil {
		return Entry{}, 0, false, err
	}
	e := Entry{Hash: hashBytes(data), FP: f.Fingerprint}
	if w.hasPrev && e.Hash == w.prev.Hash {
		if n, ok := w.keep(f.Path, target); ok && n == int64(len(data)) {
			return e, n, true, nil
		}
		os.Remove(target)
	}
	if err := os.WriteFile(target, data, 0o644); err != nil {
		return Entry{}, 0, false, err
	}
	return e, int64(len(data)), false, nil
}

// keep links the previous output's file at path into the new output,
// keeping its bytes and times; it reports the file's size.
func (w writer) keep(path, target string) (int64, bool) {
	old := filepath.Join(w.old, filepath.FromSlash(path))
	info, err := os.Lstat(old)
	if err != nil || !info.Mode().IsRegular() {
		return 0, false
	}
	if os.Link(old, target) != nil {
		return 0, false
	}
	return info.Size(), true
}

// content makes the bytes of f: rendered, read or given, then minified.
func (w writer) content(f *render.File) ([]byte, error) {
	w.raw.Reset()
	w.out.Reset()
	var data []byte
	switch {
	case f.Render != nil:
		if err := f.Render(w.raw); err != nil {
			return nil, err
		}
		data = w.raw.Bytes()
	case f.Source != "":
		src, err := w.site.Open(f.Source)
		if err != nil {
			return nil, err
		}
		_, err = w.raw.ReadFrom(src)
		src.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Source, err)
		}
		data = w.raw.Bytes()
	default:
		data = f.Data
	}
	if f.MediaType != "" {
		// A *bytes.Buffer is read in place (parse.NewInput), not copied.
		if err := w.min.Minify(f.MediaType, w.out, bytes.NewBuffer(data)); err != nil {
			return nil, fmt.Errorf("%s: minifying: %w", f.Path, err)
		}
		data = w.out.Bytes()
	}
	return data, nil
}

func hashBytes(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

// makeDir makes the folder d and those above it, remembering in made which
// exist: one mkdir per folder, where os.MkdirAll would stat each of a
// path's folders for every file.
func makeDir(d string, made *sync.Map) error {
	if _, ok := made.Load(d); ok {
		return nil
	}
	err := os.Mkdir(d, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err = makeDir(filepath.Dir(d), made); err == nil {
			err = os.Mkdir(d, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	made.Store(d, true)
	return nil
}
