// Package serve is ocop's watch mode: it keeps the site built in memory,
// rebuilds what a change of the site's files affects, serves the pages
// over HTTP with a small script that reloads them when they change, and
// shows content errors over the page while the last good site stays
// served underneath.
//
// A rebuild runs the same pipeline as ocop build (build.Pipeline), which
// reads again only the changed files, and pages are made lazily, as ocop
// build makes them (write.Content): a page is made when it is asked for.
// After a rebuild each page already made is kept when it would read the
// same values as when it was made (package deps: what its rendering read
// was recorded), else made again; the browsers showing a page whose bytes
// changed reload it.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc64"
	"html"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hagiang-ocop/ocop/internal/admin"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/cms"
	"github.com/hagiang-ocop/ocop/internal/deps"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/render"
	"github.com/hagiang-ocop/ocop/internal/vntext"
	"github.com/hagiang-ocop/ocop/internal/write"
	"github.com/tdewolff/minify/v2"
)

//go:embed reload.js
var reloadSource string

// Options say what to serve.
type Options struct {
	// SiteDir is the site's folder.
	SiteDir string
	// Theme is the built-in theme.
	Theme fs.FS
	// BaseURL is the server's own address, such as http://127.0.0.1:1313/.
	BaseURL string
	// Now is the date certificates are judged on.
	Now time.Time
	// Drafts includes stories marked draft.
	Drafts bool
	// CacheDir keeps the photos' sizes between runs (as ocop build's
	// -cache); "" keeps them in memory only.
	CacheDir string
	// Lang is the language the error overlay and pages speak to the
	// editor in: "vi" or "en" ("" is English).
	Lang string
}

// Server holds the site in memory and serves it.
type Server struct {
	opt    Options
	pipe   *build.Pipeline
	site   fs.FS
	min    *minify.M
	script string // the reload script, minified

	mu    sync.RWMutex
	state *state    // the last good site; nil before the first
	errs  diag.List // the errors of the last rebuild; nil when it succeeded

	cacheMu sync.Mutex
	cache   map[string]*cached // by file path

	clientsMu sync.Mutex
	clients   map[*client]bool

	// cms answers the CMS of /admin/; nil when the site's folder cannot
	// be opened.
	cms http.Handler
}

// state is one good build of the site. It does not change once made.
type state struct {
	cat    *model.Catalogue
	r      *render.Renderer
	serial int
}

// cached is a file made for serving.
type cached struct {
	serial int // of the state it was made in
	data   []byte
	sum    uint64 // of data
	status int
	err    error
	// reads is what making a page read, in its state's table (nil for
	// other files); inputs is the file's render.File Inputs.
	reads  *deps.Record
	inputs uint64
}

// client is a browser showing a page, listening for events.
type client struct {
	path   string // the file path of the page it shows
	sum    uint64 // the sum of the page it shows
	events chan event
}

type event struct {
	name, data string
}

// New returns a Server for the site; call Rebuild(nil) to build it first.
// It also answers, at /admin/api/v1, the CMS of /admin/ (package cms):
// what the CMS saves goes into the site's content/ folder, in the style
// of the file it replaces, once the loader has found no error in it.
func New(opt Options) *Server {
	s := newServer(opt, build.SiteFS(opt.SiteDir))
	if root, err := os.OpenRoot(opt.SiteDir); err == nil {
		s.cms = cms.New(root, cms.Options{BaseURL: opt.BaseURL, Format: cms.KeepStyle, Check: s.checkRecord})
	}
	return s
}

// checkRecord refuses a record that the CMS is about to write when the
// loader would find an error in it, or when another product already has
// its address: the form should not be able to make one, and a file that
// ocop check refuses is better not written.
func (s *Server) checkRecord(p string, data []byte) error {
	switch path.Ext(p) {
	case ".yaml", ".yml", ".md":
	default:
		return nil // a photo: its record says whether it is right
	}
	cfg, _ := load.ReadConfig(s.site)
	if cfg == nil {
		return errors.New(load.ConfigFile + " has errors: fix them first (ocop check lists them)")
	}
	_, diags := load.CheckRecord(cfg, p, data)
	errs := errorsOnly(diags)
	s.mu.RLock()
	st := s.state
	s.mu.RUnlock()
	if st != nil && strings.HasPrefix(p, "content/products/") {
		slug := vntext.Slug(strings.TrimSuffix(path.Base(p), path.Ext(p)))
		for _, other := range st.cat.Products {
			if other.Slug == slug && other.File != p {
				errs.Errorf(diag.Pos{File: p}, "duplicate-slug", "this file's name gives the same address as %s; rename one of them", other.File)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	lines := make([]string, len(errs))
	say := diag.NewPrinter(s.opt.Lang)
	for i, d := range errs {
		lines[i] = say.String(d)
	}
	return errors.New(strings.Join(lines, "\n"))
}

func newServer(opt Options, site fs.FS) *Server {
	m := render.NewMinifier()
	script, err := m.String("application/javascript", reloadSource)
	if err != nil {
		script = reloadSource
	}
	pipe := build.NewPipeline(build.Options{SiteDir: opt.SiteDir, Site: site, Theme: opt.Theme, BaseURL: opt.BaseURL,
		Now: opt.Now, Drafts: opt.Drafts, CacheDir: opt.CacheDir, Record: true})
	return &Server{
		opt:     opt,
		pipe:    pipe,
		site:    site,
		min:     m,
		script:  script,
		cache:   map[string]*cached{},
		clients: map[*client]bool{},
	}
}

// Read reports whether the site's build read the file or folder at p
// (relative to the site, slash-separated), for the watcher: a change to it
// matters whatever its name.
func (s *Server) Read(p string) bool { return s.pipe.Read(p) }

// Result says what a rebuild did.
type Result struct {
	Duration time.Duration
	// Diagnostics are the errors and warnings of the site as it now is.
	Diagnostics diag.List
	// Rendered are the pages (file paths) made again because something
	// they read changed: those served before the rebuild.
	Rendered []string
	// Reloaded counts the browsers told to reload.
	Reloaded int
	// Pages is the number of pages in the site.
	Pages int
	// Shown reports whether a good site is served (the last good one when
	// this rebuild failed).
	Shown bool
}

// Rebuild reads the changed paths again (all of the site when changed is
// nil), makes the new site current if it has no errors, makes again the
// served pages that changed and tells the browsers showing them.
func (s *Server) Rebuild(changed []string) Result {
	start := time.Now()
	s.mu.RLock()
	if s.state != nil {
		// The new state's table starts as this one's: the pages made in
		// this state keep their records if they are kept.
		s.pipe.Seed(s.state.r.Snapshot())
	}
	s.mu.RUnlock()
	st, diags := s.pipe.Run(context.Background(), changed)
	diags.Sort()
	res := Result{Diagnostics: diags}
	var next *state
	if !diags.HasErrors() && st.Renderer != nil {
		next = &state{cat: st.Catalogue, r: st.Renderer}
	}

	s.mu.Lock()
	hadErrors := s.errs != nil
	prev := s.state
	if next != nil {
		if prev != nil {
			next.serial = prev.serial + 1
		}
		s.state = next
		s.errs = nil
	} else {
		s.errs = errorsOnly(diags)
	}
	cur, errs := s.state, s.errs
	s.mu.Unlock()

	res.Shown = cur != nil
	if errs != nil {
		s.broadcast(event{"errors", s.errorsJSON(errs)})
		res.Duration = time.Since(start)
		return res
	}
	if hadErrors {
		s.broadcast(event{"ok", "{}"})
	}
	for _, n := range cur.cat.PageCount() {
		res.Pages += n
	}
	if next != nil {
		res.Rendered = s.refresh(prev, cur)
	}
	res.Reloaded = s.notify(cur, cssOnly(changed))
	res.Duration = time.Since(start)
	return res
}

// cssOnly reports whether every changed path is a stylesheet of the theme:
// then browsers swap the stylesheet instead of reloading.
func cssOnly(changed []string) bool {
	if len(changed) == 0 {
		return false
	}
	for _, p := range changed {
		if !strings.HasPrefix(p, "static/") || path.Ext(p) != ".css" {
			return false
		}
	}
	return true
}

func errorsOnly(diags diag.List) diag.List {
	var out diag.List
	for _, d := range diags {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

func (s *Server) errorsJSON(errs diag.List) string {
	p := diag.NewPrinter(s.opt.Lang)
	msgs := make([]string, len(errs))
	for i, d := range errs {
		msgs[i] = p.WithSeverity(d)
	}
	data, _ := json.Marshal(msgs)
	return string(data)
}

// refresh brings the files made in the previous state prev up to the new
// state st: a page that would read the same values is kept, as is a file
// whose Inputs are the same; other pages are made again, other files
// forgotten (made again when asked for). It returns the pages made again.
func (s *Server) refresh(prev, st *state) []string {
	s.cacheMu.Lock()
	paths := slices.Sorted(maps.Keys(s.cache))
	s.cacheMu.Unlock()
	var check *deps.Checker
	if prev != nil && prev.cat.ThemeVersion == st.cat.ThemeVersion {
		check = st.r.Checker()
	}
	var rendered []string
	for _, p := range paths {
		s.cacheMu.Lock()
		c := s.cache[p]
		s.cacheMu.Unlock()
		f, found := st.r.Lookup(p)
		switch {
		case c == nil || prev == nil || c.serial != prev.serial || !found:
			// Made for an older state, or gone.
		case c.inputs != 0 && c.inputs == f.Inputs:
			s.keep(p, c, st, c.reads)
			continue
		case c.reads != nil && f.Page != nil && check != nil:
			if f.Page.Keep(check, c.reads) {
				s.keep(p, c, st, c.reads)
				continue
			}
		}
		if c == nil || !found || f.Page == nil {
			s.cacheMu.Lock()
			delete(s.cache, p)
			s.cacheMu.Unlock()
			continue
		}
		s.render(st, p)
		rendered = append(rendered, p)
	}
	return rendered
}

// keep puts c, made in the previous state, in the cache as made in st,
// with what it read in st's table.
func (s *Server) keep(p string, c *cached, st *state, reads *deps.Record) {
	k := *c
	k.serial, k.reads = st.serial, reads
	s.cacheMu.Lock()
	s.cache[p] = &k
	s.cacheMu.Unlock()
}

// notify tells each browser whose page changed to reload it (or, when
// only stylesheets changed, to swap them).
func (s *Server) notify(st *state, css bool) int {
	s.clientsMu.Lock()
	clients := slices.Collect(maps.Keys(s.clients))
	s.clientsMu.Unlock()
	n := 0
	var cssEvent string
	if css {
		urls := map[string]string{}
		for _, a := range st.cat.Theme.Assets {
			if path.Ext(a.Name) == ".css" {
				u, _ := st.r.AssetURL(a.Name)
				urls[st.cat.BasePath+"assets/"+a.Name] = u
			}
		}
		data, _ := json.Marshal(urls)
		cssEvent = string(data)
	}
	for _, c := range clients {
		if s.file(st, c.path).sum == c.sum {
			continue
		}
		if css {
			c.send(event{"css", cssEvent})
			continue
		}
		c.send(event{"reload", ""})
		n++
	}
	return n
}

func (c *client) send(e event) {
	select {
	case c.events <- e:
	default: // a browser that does not read its events is dropped by the next ones
	}
}

func (s *Server) broadcast(e event) {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	for c := range s.clients {
		c.send(e)
	}
}

// file returns the file at p as st serves it: from the cache when it was
// made in st, else made now.
func (s *Server) file(st *state, p string) *cached {
	s.cacheMu.Lock()
	c := s.cache[p]
	s.cacheMu.Unlock()
	if c != nil && c.serial == st.serial {
		return c
	}
	return s.render(st, p)
}

// render makes the file at p in st, into the cache when it exists; a
// missing file is the 404 page.
func (s *Server) render(st *state, p string) *cached {
	c := &cached{serial: st.serial, status: http.StatusOK}
	f, found := st.r.Lookup(p)
	if !found {
		c.status = http.StatusNotFound
		f, _ = st.r.Lookup("404.html")
	}
	c.data, c.err = s.content(f)
	c.sum = crc64.Checksum(c.data, crcTable)
	if f.Page != nil {
		c.reads = f.Page.Reads
	}
	c.inputs = f.Inputs
	if found && c.err == nil {
		s.cacheMu.Lock()
		s.cache[p] = c
		s.cacheMu.Unlock()
	}
	return c
}

var crcTable = crc64.MakeTable(crc64.ECMA)

// content makes a file's bytes as ocop build writes them (write.Content).
// A panic while making them is the file's error, which the page then
// shows.
func (s *Server) content(f render.File) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("%s: ocop failed while making this file: %v", f.Path, p)
		}
	}()
	var raw, out bytes.Buffer
	data, err = write.Content(&f, s.site, s.min, &raw, &out)
	// The bytes are the buffers': keep a copy the size of the file.
	return bytes.Clone(data), err
}

// ServeHTTP serves the site, the events of the reload script, and the
// CMS's local backend.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/"+admin.APIPath {
		if s.cms == nil {
			http.Error(w, "ocop serve cannot open the site's folder for writing", http.StatusServiceUnavailable)
			return
		}
		// POST only, from this computer's own pages: package cms checks.
		s.cms.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.ContentLength != 0 {
		// A GET or HEAD has nothing to send; a body is not read.
		w.Header().Set("Connection", "close")
		http.Error(w, "a request to ocop serve has no body", http.StatusRequestEntityTooLarge)
		return
	}
	if !s.hostAllowed(r.Host) {
		http.Error(w, "ocop serve answers only to this computer: open "+s.opt.BaseURL, http.StatusForbidden)
		return
	}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.writeErrorPage(w, r, http.StatusInternalServerError, diag.List{diag.New(diag.Pos{}, diag.Error, "internal",
				diag.M("ocop failed while serving %s: %v", r.URL.Path, p))})
		}
	}()
	switch r.URL.Path {
	case "/_ocop/events":
		s.events(w, r)
		return
	case reloadPath:
		// A file, not a script inside the page: the pages' Content
		// Security Policy lets no inline script run.
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if r.Method != http.MethodHead {
			io.WriteString(w, s.script)
		}
		return
	}
	p, ok := filePath(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	s.mu.RLock()
	st, errs := s.state, s.errs
	s.mu.RUnlock()
	if st == nil {
		s.writeErrorPage(w, r, http.StatusServiceUnavailable, errs)
		return
	}
	if _, found := st.r.Lookup(p); !found && !strings.HasSuffix(p, "index.html") && path.Ext(p) == "" {
		// A page asked for without its final slash.
		if _, ok := st.r.Lookup(p + "/index.html"); ok {
			// To the cleaned path: the one asked for may start with "//",
			// which a browser would take for another site's address.
			w.Header().Set("Location", "/"+p+"/")
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
	}
	c := s.file(st, p)
	if c.err != nil {
		d := diag.Diagnostic{Severity: diag.Error, Code: "template", Message: c.err.Error()}
		if pe := (*render.PageError)(nil); errors.As(c.err, &pe) {
			d = render.TemplateDiagnostic(st.cat.Theme, pe.Err)
		}
		s.writeErrorPage(w, r, http.StatusInternalServerError, diag.List{d})
		return
	}
	ctype := contentType(p)
	if c.status == http.StatusNotFound {
		ctype = contentType("404.html")
	}
	body := c.data
	if strings.HasPrefix(ctype, "text/html") {
		body = s.inject(body, c.sum, errs)
		w.Header().Set("Cache-Control", "no-store")
	} else if strings.HasPrefix(p, "assets/") || strings.HasPrefix(p, "media/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(c.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// hostAllowed reports whether a request naming host (its Host header) may
// be answered. A server on this computer's own address answers only to
// names of this computer: a web page elsewhere whose name is made to lead
// here (DNS rebinding) cannot read the preview, drafts included. A server
// that listens on another address was meant to be reached by others.
func (s *Server) hostAllowed(host string) bool {
	if host == "" || !loopback(s.opt.BaseURL) {
		return true
	}
	return loopbackName(host)
}

// loopback reports whether the address the server is reached at is one of
// this computer's own.
func loopback(baseURL string) bool {
	u, err := url.Parse(baseURL)
	return err == nil && loopbackName(u.Host)
}

// loopbackName reports whether host (with or without a port) names this
// computer: localhost, a name under .localhost, 127.x.x.x or ::1.
func loopbackName(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Limits of the HTTP server: a request is a line and some headers, never
// a body.
const (
	MaxHeaderBytes    = 16 << 10
	ReadHeaderTimeout = 10 * time.Second
	IdleTimeout       = 2 * time.Minute
)

// HTTPServer returns an http.Server that serves s with the limits above.
// It has no write timeout: the events of the reload script stream for as
// long as a page is open.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		MaxHeaderBytes:    MaxHeaderBytes,
		ReadHeaderTimeout: ReadHeaderTimeout,
		IdleTimeout:       IdleTimeout,
	}
}

// filePath maps a URL path to the path of a file of the site. Every file
// is found by this exact path in the site's table of files, so nothing
// outside the site can be named: ".." is resolved before the lookup, and
// a NUL or a backslash is refused.
func filePath(urlPath string) (string, bool) {
	if strings.ContainsAny(urlPath, "\x00\\") || !strings.HasPrefix(urlPath, "/") {
		return "", false
	}
	clean := path.Clean(urlPath)
	p := strings.TrimPrefix(clean, "/")
	if strings.HasSuffix(urlPath, "/") || p == "" {
		if p != "" {
			p += "/"
		}
		p += "index.html"
	}
	return p, true
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".ico": "image/x-icon", ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".json": "application/json", ".webmanifest": "application/manifest+json", ".woff2": "font/woff2", ".csv": "text/csv; charset=utf-8",
}

func contentType(p string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(p))]; ok {
		return t
	}
	return "application/octet-stream"
}

// reloadPath is where served pages load the reload script from.
const reloadPath = "/_ocop/reload.js"

// inject adds the reload script, with the sum of the page's bytes and the
// current errors, before </body>.
func (s *Server) inject(page []byte, sum uint64, errs diag.List) []byte {
	var b bytes.Buffer
	b.WriteString(`<script data-fp="` + strconv.FormatUint(sum, 10) + `" data-lang="` + diag.NewPrinter(s.opt.Lang).Lang() + `"`)
	if errs != nil {
		b.WriteString(` data-errors="` + html.EscapeString(s.errorsJSON(errs)) + `"`)
	}
	b.WriteString(` src="` + reloadPath + `"></script>`)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(slices.Clone(page), b.Bytes()...)
	}
	out := make([]byte, 0, len(page)+b.Len())
	out = append(out, page[:i]...)
	out = append(out, b.Bytes()...)
	return append(out, page[i:]...)
}

// writeErrorPage answers with a page that lists errors, for when there is
// no good site yet or a page's template fails.
func (s *Server) writeErrorPage(w http.ResponseWriter, r *http.Request, status int, errs diag.List) {
	var b bytes.Buffer
	p := diag.NewPrinter(s.opt.Lang)
	b.WriteString(`<!DOCTYPE html><html lang="` + p.Lang() + `"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>` +
		html.EscapeString(p.Sprintf("ocop: errors")) + `</title></head><body><main><h1>` + html.EscapeString(p.Sprintf("The site cannot be shown yet")) +
		`</h1><p>` + html.EscapeString(p.Sprintf("Fix these problems; this page updates by itself.")) + `</p><ul>`)
	for _, d := range errs {
		b.WriteString("<li><code>" + html.EscapeString(p.WithSeverity(d)) + "</code></li>")
	}
	b.WriteString("</ul></main></body></html>")
	body := s.inject(b.Bytes(), 0, errs)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// events streams server-sent events to the reload script of one page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	p, ok := filePath(r.URL.Query().Get("path"))
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	sum, _ := strconv.ParseUint(r.URL.Query().Get("fp"), 10, 64)
	c := &client{path: p, sum: sum, events: make(chan event, 16)}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "retry: 500\n\n")

	s.clientsMu.Lock()
	s.clients[c] = true
	s.clientsMu.Unlock()
	defer func() {
		s.clientsMu.Lock()
		delete(s.clients, c)
		s.clientsMu.Unlock()
	}()

	// Catch up: a page loaded before a rebuild, or from before a restart.
	s.mu.RLock()
	st, errs := s.state, s.errs
	s.mu.RUnlock()
	if errs != nil {
		c.send(event{"errors", s.errorsJSON(errs)})
	} else if st != nil {
		if s.file(st, p).sum != sum {
			c.send(event{"reload", ""})
		}
	}
	flusher.Flush()

	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c.events:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			flusher.Flush()
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
			flusher.Flush()
		}
	}
}

// Clients returns the number of browsers listening for events.
func (s *Server) Clients() int {
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	return len(s.clients)
}
