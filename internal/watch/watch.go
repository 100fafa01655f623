// Package watch reports changes to a site's files: site.yaml and
// everything under content/, templates/ and static/. It watches every
// folder there with fsnotify (adding folders as they are created), drops
// the temporary files that editors write while saving, and gathers a burst
// of events into one batch of changed paths.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/hagiang-ocop/ocop/internal/load"
)

// Options tune the batching.
type Options struct {
	// Quiet is how long no event must arrive before a batch is sent
	// (default 10 ms): a save is several events within a millisecond or two.
	Quiet time.Duration
	// Longest is the longest a batch waits under a stream of events
	// (default 300 ms).
	Longest time.Duration
	// Read, when set, reports whether the site's build read the file at
	// a path (relative to the site, slash-separated): a change to it is
	// reported even when its name is one that editors' temporary files
	// have (a photo named .jpg, say).
	Read func(path string) bool
}

// Watcher watches one site.
type Watcher struct {
	dir  string
	w    *fsnotify.Watcher
	opt  Options
	out  chan []string
	errs chan error
}

// roots are the names at the top of a site that matter.
var roots = []string{"site.yaml", "content", "templates", "static"}

// New starts watching the site in dir.
func New(dir string, opt Options) (*Watcher, error) {
	if opt.Quiet == 0 {
		opt.Quiet = 10 * time.Millisecond
	}
	if opt.Longest == 0 {
		opt.Longest = 300 * time.Millisecond
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{dir: abs, w: fw, opt: opt, out: make(chan []string), errs: make(chan error, 1)}
	if err := fw.Add(abs); err != nil {
		fw.Close()
		return nil, err
	}
	for _, r := range roots[1:] {
		w.addTree(filepath.Join(abs, r))
	}
	return w, nil
}

// Batches delivers the changed paths of each batch: relative to the site,
// slash-separated, sorted, each once. A path may be a file or a folder,
// created, written, renamed or removed.
func (w *Watcher) Batches() <-chan []string { return w.out }

// Errors delivers errors of the underlying watcher (such as too many
// folders for the system's limit); watching goes on.
func (w *Watcher) Errors() <-chan error { return w.errs }

// addTree watches dir and every folder under it, and returns the paths of
// the files and folders found (for a folder that appeared, its contents
// may have been written before the watch began).
func (w *Watcher) addTree(dir string) []string {
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != dir && load.Ignored(d.Name()) && !d.IsDir() {
			// Folders with such names are watched all the same: a record
			// may name a photo in one.
			return nil
		}
		if d.IsDir() {
			if err := w.w.Add(p); err != nil {
				w.report(err)
			}
		}
		found = append(found, p)
		return nil
	})
	return found
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// rel returns the path of p relative to the site, or "" when p is not one
// the site is made of.
func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.dir, p)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return ""
	}
	r = filepath.ToSlash(r)
	parts := strings.Split(r, "/")
	if !slices.Contains(roots, parts[0]) || (parts[0] == "site.yaml" && len(parts) > 1) {
		return ""
	}
	if w.opt.Read != nil && w.opt.Read(r) {
		return r
	}
	for _, part := range parts {
		if load.Ignored(part) {
			return ""
		}
	}
	return r
}

// Run watches until ctx ends, sending batches on Batches.
//
// It reads the system's events all the time, also while the last batch
// waits to be taken: a reader that stopped while the site is rebuilt
// would let the system's queue of events overflow under a burst of saves.
// When it overflows all the same, events are lost, so the next batch
// names the whole site (site.yaml and the folders), to be read again.
func (w *Watcher) Run(ctx context.Context) error {
	defer w.w.Close()
	defer close(w.out)
	// pending are the paths changed and not yet taken; batch, when not
	// nil, is the batch on offer, made of some of them.
	pending := map[string]bool{}
	var batch []string
	// Since Go 1.23 a stopped or reset timer never delivers a stale tick.
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	longest := time.NewTimer(time.Hour)
	longest.Stop()
	add := func(r string) {
		if len(pending) == 0 {
			longest.Reset(w.opt.Longest)
		}
		pending[r] = true
		quiet.Reset(w.opt.Quiet)
	}
	ready := func() {
		quiet.Stop()
		if len(pending) > 0 {
			batch = slices.Sorted(maps.Keys(pending))
		}
	}
	for {
		var out chan<- []string
		if batch != nil {
			out = w.out
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case out <- batch:
			// The paths changed again since the batch was made are read
			// by its taker, which reads them after this: they are done.
			for _, p := range batch {
				delete(pending, p)
			}
			batch = nil
			longest.Stop()
			if len(pending) > 0 {
				longest.Reset(w.opt.Longest)
				quiet.Reset(w.opt.Quiet)
			}
		case err, ok := <-w.w.Errors:
			if !ok {
				return errors.New("watch: the watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost, new folders among them perhaps:
				// watch every folder again and read the whole site.
				for _, r := range roots[1:] {
					w.addTree(filepath.Join(w.dir, r))
				}
				for _, r := range roots {
					add(r)
				}
				err = ErrOverflow
			}
			w.report(err)
		case ev, ok := <-w.w.Events:
			if !ok {
				return errors.New("watch: the watcher stopped")
			}
			r := w.rel(ev.Name)
			if r == "" || ev.Op == fsnotify.Chmod {
				continue
			}
			add(r)
			if ev.Op.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					// A new folder: watch it, and count what is already in it.
					for _, p := range w.addTree(ev.Name) {
						if r := w.rel(p); r != "" {
							pending[r] = true
						}
					}
				}
			}
			if ev.Op.Has(fsnotify.Remove) || ev.Op.Has(fsnotify.Rename) {
				// A folder moved away would keep its watch under its old name.
				w.w.Remove(ev.Name)
			}
		case <-quiet.C:
			ready()
		case <-longest.C:
			ready()
		}
	}
}

// ErrOverflow is reported when the system dropped events: the next batch
// names the whole site.
var ErrOverflow = errors.New("too many changes at once for the system to report each; the whole site is read again")
