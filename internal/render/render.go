// Package render makes the site's files from the catalogue: every page
// through the html/template templates of the theme, the sitemap, feeds and
// robots.txt, and the list of static files and images to publish under
// content-hashed names. It reads no files itself: what it returns are
// descriptions of output files that the writer produces.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/tdewolff/minify/v2"

	"github.com/hagiang-ocop/ocop/internal/deps"
	"github.com/hagiang-ocop/ocop/internal/diag"
	template "github.com/hagiang-ocop/ocop/internal/htmltemplate"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/markdown"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/opendata"
	"github.com/hagiang-ocop/ocop/internal/qrcode"
)

// File is one file of the output. Exactly one of Data, Source and Render
// gives its content.
type File struct {
	// Path is where it goes, relative to the output folder.
	Path string
	// MediaType says how to minify it ("text/css", "image/svg+xml",
	// "application/xml", …); "" copies it as it is. Pages come minified
	// from Render (see minifyPage), so theirs is "".
	MediaType string
	// Data is content already in memory (static files).
	Data []byte
	// Source is a file of the site to copy (images), slash-separated.
	Source string
	// Render writes generated content (pages, sitemap, feeds).
	Render func(w io.Writer) error
	// Inputs, when not 0, sums up everything Render uses, for a file made
	// of a few values (a QR code: its address and label): the same Inputs,
	// the same bytes.
	Inputs uint64
	// Page is set for a page made from a template.
	Page *PageFile
}

// PageFile is what a page's File knows beyond its bytes: what making it
// read, so that the next build can tell whether it would come out the
// same (package deps).
type PageFile struct {
	// Reads is what rendering the page read, once Render has run without
	// error, when the Renderer records (Options.Deps).
	Reads *deps.Record
	// self makes the page's own data, as the template receives it.
	self func() any
}

// Keep reports whether the page, which read rec when the previous build
// made it, would come out the same now.
func (p *PageFile) Keep(c *deps.Checker, rec *deps.Record) bool {
	return c.Keep(rec, p.self)
}

// Renderer turns a catalogue into files. It is safe for concurrent use:
// the Render functions of its files may run in parallel.
type Renderer struct {
	cat     *model.Catalogue
	md      *markdown.Converter // stories and interface strings
	mdDesc  *markdown.Converter // descriptions in records
	strings []map[string]load.Message
	assets  map[string]string   // static name → output path
	images  map[string]*Picture // by the image's path in the site
	index   map[model.Kind][]*model.Page
	// pages[kind] is the template of a kind of page.
	pages map[string]*pageTemplate
	// cloning lets one html/template Clone run at a time (pageTemplate).
	cloning sync.Mutex
	// static are the assets and photos, by output path.
	static []File

	// partials[li] are the shared templates in language li; fragments
	// maps a fragmentKey to the index in fragmentList of its minified HTML.
	partials     []*template.Template
	making       atomic.Int64 // fragments being made now
	fragments    sync.Map
	fragmentMu   sync.RWMutex
	fragmentList []string

	min     *minify.M
	buffers sync.Pool // *bytes.Buffer

	// search[li] is language li's search index, built when first asked for.
	search []searchIndex
	qr     *qrcode.Encoder

	// funcMaps[li] are the template functions of language li, classes
	// how a page depends on each (templateFunc).
	funcMaps []template.FuncMap
	classes  map[string]deps.Class
	// deps records what each page and fragment reads; nil records
	// nothing. fragmentDeps[i] is what fragment i read.
	deps         *deps.Table
	checker      *deps.Checker
	fragmentDeps []fragmentReads
}

// fragmentReads is what making a fragment read: a group of deps in the
// table, which the pages that show the fragment read as one.
type fragmentReads struct {
	group int32
	ok    bool
}

// fragmentKey names a made fragment: a product's card, or a named
// template made for a key (the menu of a kind of page, the footer).
type fragmentKey struct {
	li      int
	name    string
	key     string
	product *model.Product
}

// Fragment is what a fragment's template receives.
type Fragment struct {
	Site *model.Catalogue
	Lang *model.Language
	// Key tells apart the versions of a fragment: for "nav", the kind of
	// page whose menu item is current.
	Key string
}

// fragment returns the placeholder of template name made for key in
// language li, making and minifying the fragment the first time only: a
// fragment is the same on every page that shows it, so a big site makes
// it once instead of on every page.
func (r *Renderer) fragment(li int, k fragmentKey, data any) (template.HTML, error) {
	k.li = li
	if i, ok := r.fragments.Load(k); ok {
		return template.HTML(placeholder(i.(int))), nil
	}
	t := r.partials[li].Lookup(k.name)
	if t == nil {
		return "", fmt.Errorf("there is no template %q", k.name)
	}
	// A fragment's template may call card or fragment in turn. One that
	// calls itself (or a chain of them that does) would go deeper until
	// the stack overflows, which crashes the program: no recover catches
	// it. Few fragments are made at once (a few per page being rendered),
	// so only past that is the stack's depth looked at.
	n := r.making.Add(1)
	defer r.making.Add(-1)
	if n > int64(8*runtime.GOMAXPROCS(0)+64) && stackDeeper(maxFrames) {
		return "", &nestingError{name: k.name}
	}
	var raw bytes.Buffer
	var rec *deps.Recorder
	if r.deps != nil {
		rec = deps.NewRecorder(r.deps, world{r}, r.cat.Languages[li].Code, nil)
	}
	if err := t.ExecuteRecorded(&raw, data, recorder(rec)); err != nil {
		var nested *nestingError
		if errors.As(err, &nested) {
			return "", nested // said once, not once for every level
		}
		return "", err
	}
	var out bytes.Buffer
	if err := r.min.Minify("text/html", &out, bytesReader(raw.Bytes())); err != nil {
		return "", err
	}
	r.fragmentMu.Lock()
	i, loaded := r.fragments.LoadOrStore(k, len(r.fragmentList))
	if !loaded {
		r.fragmentList = append(r.fragmentList, out.String())
		var fr fragmentReads
		if rec != nil {
			var ids []int32
			if ids, fr.ok = rec.IDs(); fr.ok {
				what := ""
				if k.product != nil {
					what = "product/" + k.product.Slug
				}
				fr.group = r.deps.Group(r.cat.Languages[li].Code, "fragment/"+k.name, what+"/"+k.key, ids)
			}
		}
		r.fragmentDeps = append(r.fragmentDeps, fr)
	}
	r.fragmentMu.Unlock()
	return template.HTML(placeholder(i.(int))), nil
}

// maxFrames is how deep the stack of a goroutine making fragments may go:
// about a hundred fragments inside one another, where the theme's pages
// need two (a fragment adds some 15 frames, a page about 40), and far
// from the stack that Go allows.
const maxFrames = 3000

// stackDeeper reports whether the calling goroutine's stack has more than
// n frames.
func stackDeeper(n int) bool {
	var pc [1]uintptr
	return runtime.Callers(n, pc[:]) > 0
}

// nestingError is a fragment that calls itself, or fragments nested
// deeper than any page needs.
type nestingError struct{ name string }

func (e *nestingError) Error() string {
	return fmt.Sprintf("the template %q is nested in itself too deeply: does it call card, fragment, printItem or label for what it is making?", e.name)
}

// recorder returns rec as the templates' Recorder: nil when rec is.
func recorder(rec *deps.Recorder) template.Recorder {
	if rec == nil {
		return nil
	}
	return rec
}

// fragmentHTML is the minified HTML of fragment i.
func (r *Renderer) fragmentHTML(i int) string {
	r.fragmentMu.RLock()
	defer r.fragmentMu.RUnlock()
	if i < 0 || i >= len(r.fragmentList) {
		return ""
	}
	return r.fragmentList[i]
}

// pageKinds are the templates that render pages; each file
// templates/<kind>.html defines "main" and calls the layout, "base".
var pageKinds = []string{
	string(model.HomePage), string(model.ProductPage),
	string(model.DistrictsPage), string(model.DistrictPage),
	string(model.StarsPage), string(model.StarPage),
	string(model.GroupsPage), string(model.GroupPage),
	string(model.ProducersPage), string(model.ProducerPage),
	string(model.StoriesPage), string(model.StoryPage),
	string(model.TradePage), string(model.PrintPage),
	string(model.LabelsPage), string(model.ShortlistPage),
	string(model.SearchPage),
	notFoundKind, rootKind,
}

const (
	notFoundKind = "404"
	rootKind     = "root"
)

// New prepares the templates, assets and images of the catalogue. The
// diagnostics are template errors; with any, the Renderer is nil.
func New(cat *model.Catalogue, opt Options) (*Renderer, diag.List) {
	r := &Renderer{
		cat:     cat,
		md:      newMarkdown(2, cat.MarkdownHTML),
		mdDesc:  newMarkdown(3, cat.MarkdownHTML),
		strings: cat.Theme.Strings,
		assets:  map[string]string{},
		images:  map[string]*Picture{},
		index:   map[model.Kind][]*model.Page{},
		pages:   map[string]*pageTemplate{},
		min:     NewMinifier(),
		search:  make([]searchIndex, len(cat.Languages)),
		qr:      qrcode.New(),
		deps:    opt.Deps,
	}
	if r.deps != nil {
		// Before anything is recorded: it compares with what the table
		// started with (the previous build's deps).
		r.checker = deps.NewChecker(world{r}, r.deps)
	}
	for li := range cat.Languages {
		fm := template.FuncMap{}
		classes := map[string]deps.Class{}
		for name, f := range r.funcs(li) {
			fm[name], classes[name] = f.fn, f.class
		}
		r.funcMaps = append(r.funcMaps, fm)
		r.classes = classes
	}
	var diags diag.List
	r.parseTemplates(&diags)
	if diags.HasErrors() {
		return nil, diags
	}
	for _, k := range []model.Kind{model.HomePage, model.DistrictsPage, model.StarsPage, model.GroupsPage, model.ProducersPage, model.StoriesPage, model.TradePage, model.ShortlistPage, model.PrintPage, model.SearchPage} {
		r.index[k] = cat.Index(k)
	}
	r.addAssets()
	r.addImages(opt.Photos)
	r.addData()
	if err := r.addAdmin(opt.Admin); err != nil {
		diags.Errorf(diag.Pos{}, "internal", "/admin/: %v", err)
		return nil, diags
	}
	return r, diags
}

// Files returns every file of the site, in a fixed order: assets, photos
// and open data, pages, the root and 404 pages, QR codes, the search
// indexes, the sitemap, robots.txt and feeds. An error is a search index
// that could not be built.
func (r *Renderer) Files() ([]File, error) {
	// The languages' search indexes build while the list is made.
	var wg sync.WaitGroup
	for li := range r.cat.Languages {
		wg.Go(func() { r.searchFiles(li) })
	}
	files := slices.Clone(r.static)
	// The print editions and label sheets first: the biggest pages, each
	// made by one worker, they had better not be the last ones left.
	big := func(p *model.Page) bool { return p.Kind == model.PrintPage || p.Kind == model.LabelsPage }
	for _, p := range r.cat.Pages {
		if big(p) {
			files = append(files, r.pageFile(p))
		}
	}
	for p := range r.cat.AllPages {
		if !big(p) {
			files = append(files, r.pageFile(p))
		}
	}
	files = append(files, r.specialFile(rootKind), r.specialFile(notFoundKind))
	files = append(files, r.qrFiles()...)
	wg.Wait()
	for li := range r.cat.Languages {
		ix, err := r.searchFiles(li)
		if err != nil {
			return nil, fmt.Errorf("search index (%s): %w", r.cat.Languages[li].Code, err)
		}
		files = append(files, ix...)
	}
	return append(files, r.xmlFiles()...), nil
}

// Lookup returns the file at path (relative to the output folder, such as
// "vi/products/che/index.html"), for serving one file without making all.
func (r *Renderer) Lookup(path string) (File, bool) {
	if p := r.PageAt(path); p != nil {
		return r.pageFile(p), true
	}
	switch path {
	case "index.html":
		return r.specialFile(rootKind), true
	case "404.html":
		return r.specialFile(notFoundKind), true
	}
	if f, ok := r.qrFileAt(path); ok {
		return f, true
	}
	if f, ok := r.searchFileAt(path); ok {
		return f, true
	}
	if i, ok := slices.BinarySearchFunc(r.static, path, func(f File, p string) int { return strings.Compare(f.Path, p) }); ok {
		return r.static[i], true
	}
	if strings.HasSuffix(path, ".xml") || path == "robots.txt" {
		for _, f := range r.xmlFiles() {
			if f.Path == path {
				return f, true
			}
		}
	}
	return File{}, false
}

// PageAt returns the page whose file is path, if any.
func (r *Renderer) PageAt(path string) *model.Page {
	dir, ok := strings.CutSuffix(path, "index.html")
	if !ok || dir == "" {
		return nil
	}
	return r.cat.PageAt(dir)
}

func (r *Renderer) parseTemplates(diags *diag.List) {
	byName := map[string]load.Template{}
	common := template.New("").Funcs(r.funcMaps[0])
	for _, t := range r.cat.Theme.Templates {
		byName[t.Name] = t
		if t.Name == "base.html" || strings.HasPrefix(t.Name, "partials/") {
			if _, err := common.New(t.File).Parse(t.Text); err != nil {
				*diags = append(*diags, TemplateDiagnostic(r.cat.Theme, err))
			}
		}
	}
	if diags.HasErrors() {
		return
	}
	for _, kind := range pageKinds {
		t, ok := byName[kind+".html"]
		if !ok {
			diags.Errorf(diag.Pos{File: "templates/" + kind + ".html"}, "template", "the template for %s pages is missing", kind)
			continue
		}
		// Parsed alone here, for its errors; with the shared templates
		// when first used (ocop serve shows a few kinds of page).
		if _, err := template.New(t.File).Funcs(r.funcMaps[0]).Parse(t.Text); err != nil {
			*diags = append(*diags, TemplateDiagnostic(r.cat.Theme, err))
			continue
		}
		r.pages[kind] = &pageTemplate{common: common, mu: &r.cloning, name: t.File, text: t.Text, langs: make([]langTemplate, len(r.cat.Languages))}
	}
	// The shared templates alone, for the fragments made once and reused on
	// many pages (cards, the header's menu, the footer).
	for li := range r.cat.Languages {
		p, err := common.Clone() // before any goroutine: r.cloning is not needed
		if err != nil {
			*diags = append(*diags, TemplateDiagnostic(r.cat.Theme, err))
			return
		}
		r.partials = append(r.partials, p.Funcs(r.funcMaps[li]))
	}
}

// pageTemplate is the template of a kind of page: parsed with the shared
// templates when first used, and copied for a language, with the
// language's functions, when first used in that language. (ocop serve
// makes a Renderer on every change, and shows a few kinds of page.)
type pageTemplate struct {
	common     *template.Template // the shared templates, never executed
	mu         *sync.Mutex        // html/template's Clone of one source, one at a time (Renderer.cloning)
	name, text string
	once       sync.Once
	set        *template.Template // common and this one, never executed: the source of the copies
	err        error
	langs      []langTemplate
}

type langTemplate struct {
	once sync.Once
	t    *template.Template
	err  error
}

// page returns the template of kind for language li.
func (r *Renderer) page(kind string, li int) (*template.Template, error) {
	pt := r.pages[kind]
	if pt == nil {
		return nil, fmt.Errorf("there is no template for %s pages", kind)
	}
	pt.once.Do(func() {
		pt.mu.Lock()
		defer pt.mu.Unlock()
		set, err := pt.common.Clone()
		if err == nil {
			_, err = set.New(pt.name).Parse(pt.text)
		}
		pt.set, pt.err = set, err
	})
	if pt.err != nil {
		return nil, pt.err
	}
	lt := &pt.langs[li]
	lt.once.Do(func() {
		pt.mu.Lock()
		c, err := pt.set.Clone()
		pt.mu.Unlock()
		if err != nil {
			lt.err = err
			return
		}
		lt.t = c.Funcs(r.funcMaps[li]).Lookup(pt.name)
	})
	return lt.t, lt.err
}

// hashName inserts a short content hash before a name's extension:
// "css/style.css" → "css/style.1a2b3c4d5e.css".
func hashName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
}

// mediaTypes maps extensions to the media types the writer minifies.
var mediaTypes = map[string]string{
	".html": "text/html", ".css": "text/css", ".js": "application/javascript",
	".svg": "image/svg+xml", ".json": "application/json", ".xml": "application/xml",
	".webmanifest": "application/json",
}

func (r *Renderer) addAssets() {
	for _, a := range r.cat.Theme.Assets {
		out := "assets/" + hashName(a.Name, a.Data)
		r.assets[a.Name] = out
		r.static = append(r.static, File{Path: out, MediaType: mediaTypes[strings.ToLower(path.Ext(a.Name))], Data: a.Data})
	}
}

// addData adds the open data (package opendata). Its files are written as
// they are made: already compact, and the JSON minifier would rewrite
// whole numbers such as 250000 as 25e4.
func (r *Renderer) addData() {
	opt := opendata.Options{ImagePath: func(img *load.Image) string { return r.images[img.Path].Largest }}
	for _, f := range opendata.Files(r.cat, opt) {
		r.static = append(r.static, File{Path: f.Path, Render: f.Render})
	}
	slices.SortFunc(r.static, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
}

func (r *Renderer) pageFile(p *model.Page) File {
	pf := &PageFile{self: func() any { return r.data(p) }}
	return File{
		Path: p.Path + "index.html",
		Render: func(w io.Writer) error {
			t, err := r.page(string(p.Kind), p.Lang.Index)
			if err != nil {
				return &PageError{URL: r.cat.BasePath + p.Path, Err: err}
			}
			rec, err := r.execute(w, t, r.data(p))
			pf.Reads = rec
			return err
		},
		Page: pf,
	}
}

// specialFile is the root page, which leads to the default language, or
// the 404 page.
func (r *Renderer) specialFile(kind string) File {
	def := r.cat.Languages[0]
	home := r.index[model.HomePage][0]
	name := "index.html"
	if kind == notFoundKind {
		name = "404.html"
	}
	pf := &PageFile{self: func() any { return r.special(def, home, kind) }}
	return File{Path: name, Render: func(w io.Writer) error {
		t, err := r.page(kind, 0)
		if err != nil {
			return &PageError{URL: r.cat.BasePath + name, Err: err}
		}
		rec, err := r.execute(w, t, r.special(def, home, kind))
		pf.Reads = rec
		return err
	}, Page: pf}
}

// execute runs a page's template and writes the page, minified, to w;
// when the Renderer records, it returns what the page read. A panic on
// the way (text/template turns those of template functions into errors,
// but not all) is the page's error too.
func (r *Renderer) execute(w io.Writer, t *template.Template, data *Data) (rec *deps.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			rec, err = nil, &PageError{URL: data.URL, Err: fmt.Errorf("ocop failed while rendering the page: %v", p)}
		}
	}()
	raw, out := r.buffer(), r.buffer()
	defer r.putBuffer(raw)
	defer r.putBuffer(out)
	var recorder *deps.Recorder
	if r.deps != nil {
		recorder = deps.NewRecorder(r.deps, world{r}, data.Lang.Code, data)
		err = t.ExecuteRecorded(raw, data, recorder)
	} else {
		err = t.Execute(raw, data)
	}
	if err != nil {
		return nil, &PageError{URL: data.URL, Err: err}
	}
	if err := r.minifyPage(w, raw.Bytes(), out); err != nil {
		return nil, err
	}
	if recorder != nil {
		rec = recorder.Record()
	}
	return rec, nil
}

// Checker returns the Checker that tells which pages of the previous
// build, whose deps the Renderer's table started with (Options.Deps), are
// unchanged in this one; nil when the Renderer does not record.
func (r *Renderer) Checker() *deps.Checker { return r.checker }

// SaveDeps returns what the pages read (records, which it renumbers), for
// the next build; nil when the Renderer does not record.
func (r *Renderer) SaveDeps(records []*deps.Record) *deps.Saved {
	if r.deps == nil {
		return nil
	}
	return r.deps.Save(records)
}

// Snapshot returns the Renderer's table as it is, for the next state of
// ocop serve to start from; nil when the Renderer does not record.
func (r *Renderer) Snapshot() *deps.Saved {
	if r.deps == nil {
		return nil
	}
	return r.deps.Snapshot()
}

// world is the Renderer as the deps.World of its build.
type world struct{ r *Renderer }

func (w world) Key(x any) (string, bool) { return model.Key(x) }

func (w world) Object(key string) (any, bool) { return w.r.cat.Object(key) }

func (w world) Func(lang, name string) (any, deps.Class) {
	if strings.HasPrefix(name, "_html_template_") {
		// html/template's escapers.
		return nil, deps.Pure
	}
	for li, l := range w.r.cat.Languages {
		if l.Code == lang {
			return w.r.funcMaps[li][name], w.r.classes[name]
		}
	}
	return nil, deps.Unknown
}

func (w world) Fragment(result reflect.Value) ([]int32, bool) {
	if result.Kind() != reflect.String {
		return nil, false
	}
	s := result.String()
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, string(placeholderStart)), string(placeholderEnd)))
	if err != nil || placeholder(n) != s {
		return nil, false
	}
	w.r.fragmentMu.RLock()
	defer w.r.fragmentMu.RUnlock()
	if n < 0 || n >= len(w.r.fragmentDeps) {
		return nil, false
	}
	f := w.r.fragmentDeps[n]
	return []int32{f.group}, f.ok
}

// putBuffer returns b to the pool, unless a big page (a whole print
// edition) made it big.
func (r *Renderer) putBuffer(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		r.buffers.Put(b)
	}
}

func (r *Renderer) buffer() *bytes.Buffer {
	if b, ok := r.buffers.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// PageError is a template that failed on a page.
type PageError struct {
	URL string
	Err error
}

func (e *PageError) Error() string { return e.URL + ": " + templateError(e.Err) }

func (e *PageError) Unwrap() error { return e.Err }

// Problem is the template's error alone, the same on every page it fails on.
func (e *PageError) Problem() string { return templateError(e.Err) }

// templateError is the message of a template error, which names the file
// and line itself ("templates/home.html:17: …").
func templateError(err error) string {
	return strings.TrimPrefix(err.Error(), "template: ")
}

// TemplateDiagnostic is the error of a template (one that cannot be
// parsed, or fails on a page: PageError.Err) at its place in the site.
func TemplateDiagnostic(theme *load.Theme, err error) diag.Diagnostic {
	pos, msg := TemplateProblem(theme, templateError(err))
	return diag.New(pos, diag.Error, "template", diag.M("in the template: %s", msg))
}

// TemplateProblem splits the message of a template error into where it is
// in a site's template and the rest. Go's message names the place
// ("templates/home.html:17:5: …", the column when executing), and, for
// an error inside a template called by a function (a card, a fragment),
// the inner template's place after the outer's: the innermost is where
// the mistake is, and what follows it the message. Go counts the column
// in bytes from 0; it is given in characters from 1, as every position in
// the site. A message about a built-in template, or with no position, is
// returned whole.
func TemplateProblem(theme *load.Theme, msg string) (diag.Pos, string) {
	msg = strings.TrimPrefix(msg, "html/template:")
	var pos diag.Pos
	rest := msg
	for i := 0; ; {
		j := strings.Index(msg[i:], "templates/")
		if j < 0 {
			break
		}
		i += j
		if i == 0 || strings.HasSuffix(msg[:i], "template: ") || strings.HasSuffix(msg[:i], "html/template:") {
			if p, r, ok := templatePlace(theme, msg[i:]); ok {
				pos, rest = p, r
			}
		}
		i += len("templates/")
	}
	if pos.Line == 0 {
		return diag.Pos{}, msg
	}
	return pos, rest
}

// templatePlace reads "templates/x.html:line[:col]: rest".
func templatePlace(theme *load.Theme, s string) (diag.Pos, string, bool) {
	file, rest, ok := strings.Cut(s, ":")
	if !ok || strings.ContainsAny(file, " \"") {
		return diag.Pos{}, "", false
	}
	pos := diag.Pos{File: file}
	num, rest, ok := strings.Cut(rest, ":")
	if pos.Line, _ = strconv.Atoi(num); !ok || pos.Line < 1 {
		return diag.Pos{}, "", false
	}
	if num, after, ok := strings.Cut(rest, ":"); ok {
		if col, err := strconv.Atoi(num); err == nil && col >= 0 {
			pos.Col, rest = charColumn(theme, file, pos.Line, col), after
		}
	}
	return pos, strings.TrimSpace(rest), true
}

// charColumn turns a 0-based byte offset in a line of a template into a
// 1-based count of characters.
func charColumn(theme *load.Theme, file string, line, byteCol int) int {
	for _, t := range theme.Templates {
		if t.File != file {
			continue
		}
		lines := strings.Split(t.Text, "\n")
		if line > len(lines) || byteCol > len(lines[line-1]) {
			break
		}
		return utf8.RuneCountInString(lines[line-1][:byteCol]) + 1
	}
	return byteCol + 1
}
