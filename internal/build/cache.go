package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/write"
)

// cache is what a build knows of the last build of the same output. It is
// kept in two files in the cache folder: a small head, which says what the
// last build read (every observation of its load.Tracker) and what it
// said, enough to tell that nothing changed without reading the rest; and
// the manifest of the output (write.Manifest), with what each page read.
type cache struct {
	head, body string // the files; "" when there is no cache
	out        string
	prev       *head
	reuse      string // the build's reuse key
	now        string
}

// head is the small file of the cache.
type head struct {
	// Reuse, Now and Manifest say what the output was made with, and
	// which manifest describes it.
	Reuse    string
	Now      string
	Manifest string
	// Reads are what the build read from the site.
	Reads []load.Observation
	// Images are the images it measured: the next build takes an
	// unchanged one from here rather than read it again.
	Images []load.KnownImage
	// Said is what the build said, to say it again when nothing changed.
	Said summary
}

// summary is what a build said.
type summary struct {
	Diagnostics       diag.List
	Pages             []LangPages
	Products, Current int
	Files             int
	Bytes             int64
}

func openCache(opt Options) *cache {
	c := &cache{out: opt.Out, now: opt.Now.Format(time.DateOnly)}
	if opt.CacheDir == "" {
		return c
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return c
	}
	h := fnv.New64a()
	io.WriteString(h, out)
	name := fmt.Sprintf("build-%016x", h.Sum64())
	c.head = filepath.Join(opt.CacheDir, name+".head")
	c.body = filepath.Join(opt.CacheDir, name+".gob")
	c.reuse = reuseKey(opt)
	c.prev = readHead(c.head)
	return c
}

// reuseKey names what decides whether a build's files can be reused: the
// ocop program itself (its templates, its code), the address and drafts.
func reuseKey(opt Options) string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			io.Copy(h, f)
			f.Close()
		}
	}
	fmt.Fprintf(h, "\x00%s\x00%v", opt.BaseURL, opt.Drafts)
	return hex.EncodeToString(h.Sum(nil))
}

func readHead(path string) *head {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var h head
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&h) != nil {
		return nil
	}
	return &h
}

// usable reports whether the last build was made with the same program
// and options, so that its files may be reused.
func (c *cache) usable() bool {
	return c.prev != nil && c.reuse != "" && c.prev.Reuse == c.reuse
}

// knownImages returns the images the last build measured (nil when its
// cache cannot be used).
func (c *cache) knownImages() []load.KnownImage {
	if !c.usable() {
		return nil
	}
	return c.prev.Images
}

// unchanged reports whether the output is the last build's, made from a
// site that reads the same, with the same program, options and date.
func (c *cache) unchanged(site fs.FS) bool {
	if !c.usable() || c.prev.Now != c.now || write.OutputID(c.out) != c.prev.Manifest {
		return false
	}
	same, _ := load.Unchanged(site, c.prev.Reads)
	return same
}

// reusable returns the last build's manifest when its files may be reused.
func (c *cache) reusable() *write.Manifest {
	if !c.usable() {
		return nil
	}
	m := write.ReadManifest(c.body)
	if m == nil || m.ID != c.prev.Manifest {
		return nil
	}
	return m
}

// replay says again what the last build said.
func (c *cache) replay(rep *Report) {
	s := c.prev.Said
	rep.Diagnostics, rep.Pages = s.Diagnostics, s.Pages
	rep.Products, rep.Current, rep.Files, rep.Bytes = s.Products, s.Current, s.Files, s.Bytes
	rep.Kept = s.Files
}

// save keeps the new output's manifest and what the build read, for the
// next build: the manifest first, the head that names it last.
func (c *cache) save(m *write.Manifest, reads []load.Observation, images []load.KnownImage, rep *Report) error {
	if c.head == "" || m == nil {
		return nil
	}
	if err := m.Save(c.body); err != nil {
		return err
	}
	h := head{Reuse: c.reuse, Now: c.now, Manifest: m.ID, Reads: reads, Images: images,
		Said: summary{Diagnostics: rep.Diagnostics, Pages: rep.Pages, Products: rep.Products, Current: rep.Current, Files: rep.Files, Bytes: rep.Bytes}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(h); err != nil {
		return err
	}
	tmp := c.head + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, c.head)
}
