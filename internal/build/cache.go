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

// cache is what a build knows of the last build of the same output: its
// manifest, and whether it may be reused.
type cache struct {
	file   string // where the manifest is kept; "" when there is no cache
	out    string
	prev   *write.Manifest
	reuse  string // the build's reuse key
	inputs string // the site's stamp
	now    string
}

// summary is what a build said, kept to say it again when nothing changed.
type summary struct {
	Diagnostics       diag.List
	Pages             []LangPages
	Products, Current int
	Files             int
	Bytes             int64
}

func openCache(opt Options, site fs.FS) *cache {
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
	c.file = filepath.Join(opt.CacheDir, fmt.Sprintf("build-%016x.gob", h.Sum64()))
	c.reuse = reuseKey(opt)
	if c.inputs, err = load.Stamp(site); err != nil {
		c.inputs = ""
	}
	c.prev = write.ReadManifest(c.file)
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

// reusable returns the last build's manifest when its files may be reused.
func (c *cache) reusable() *write.Manifest {
	if c.prev == nil || c.prev.Reuse != c.reuse || c.reuse == "" {
		return nil
	}
	return c.prev
}

// unchanged reports whether the output is the last build's, made from the
// same site with the same program, options and date.
func (c *cache) unchanged() bool {
	p := c.reusable()
	return p != nil && c.inputs != "" && p.Inputs == c.inputs && p.Now == c.now && p.Describes(c.out)
}

// replay says again what the last build said.
func (c *cache) replay(rep *Report) {
	var s summary
	if gob.NewDecoder(bytes.NewReader(c.prev.Notes)).Decode(&s) != nil {
		return
	}
	rep.Diagnostics, rep.Pages = s.Diagnostics, s.Pages
	rep.Products, rep.Current, rep.Files, rep.Bytes = s.Products, s.Current, s.Files, s.Bytes
	rep.Kept = s.Files
}

// save keeps the new output's manifest for the next build.
func (c *cache) save(m *write.Manifest, rep *Report) error {
	if c.file == "" || m == nil {
		return nil
	}
	m.Reuse, m.Inputs, m.Now = c.reuse, c.inputs, c.now
	var buf bytes.Buffer
	s := summary{Diagnostics: rep.Diagnostics, Pages: rep.Pages, Products: rep.Products, Current: rep.Current, Files: rep.Files, Bytes: rep.Bytes}
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		return err
	}
	m.Notes = buf.Bytes()
	return m.Save(c.file)
}
