package load

import (
	"errors"
	"hash/fnv"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/markdown"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

const (
	contentDir   = "content"
	producersDir = "content/producers"
	productsDir  = "content/products"
	storiesDir   = "content/stories"
	// MaxRecordBytes is the largest record or story file accepted.
	MaxRecordBytes = 2 << 20
)

// Ignored reports whether a file or folder name is left out of the site:
// hidden files and the temporary files that editors save beside the real
// ones (vim's .swp and 4913, backups ending in ~, Emacs's #…#, JetBrains'
// ___jb_tmp___, Kate's .kate-swp, …).
func Ignored(name string) bool {
	if strings.HasPrefix(name, ".") || name == "4913" || (strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) {
		return true
	}
	for _, suffix := range []string{"~", ".swp", ".swx", ".swo", ".tmp", ".bak", "___jb_tmp___", "___jb_old___", ".kate-swp", ".crswap"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

type loader struct {
	site, builtin fs.FS
	diags         *diag.List
	cfg           *Config
	langs         []string
	images        map[string]imageResult // by path
	// known are the images a previous build measured, by path (Remember).
	known map[string]KnownImage
	// md checks the Markdown texts of records and stories.
	md *markdown.Checker
	// kinds are the declarations records are read by.
	kinds *Kinds
}

// Load reads the site in site, with builtin as the theme under the site's
// own templates, strings and static files (builtin may be nil). It returns
// every problem it finds; the Source is nil when site.yaml cannot be read,
// and incomplete when the list holds errors.
func Load(site, builtin fs.FS) (*Source, diag.List) {
	return NewLoader(site, builtin).Load()
}

// ReadConfig reads site.yaml alone.
func ReadConfig(site fs.FS) (*Config, diag.List) {
	var diags diag.List
	l := &loader{site: site, diags: &diags, kinds: Declarations()}
	cfg, _ := l.config()
	diags.Sort()
	return cfg, diags
}

// config reads site.yaml and returns it with a hash of its bytes.
func (l *loader) config() (*Config, uint64) {
	if _, err := fs.Stat(l.site, ConfigFile); errors.Is(err, fs.ErrNotExist) {
		l.diags.Errorf(diag.Pos{File: ConfigFile}, "missing-file", "there is no site.yaml: is this the site's folder?")
		return nil, 0
	}
	if symlink(l.site, ConfigFile) {
		l.diags.Errorf(diag.Pos{File: ConfigFile}, "symlink", "site.yaml is a symbolic link, which ocop does not follow; copy the file here instead")
		return nil, 0
	}
	data, ok := readLimited(l.site, ConfigFile, MaxRecordBytes, l.diags)
	if !ok {
		return nil, 0
	}
	d := &decoder{file: ConfigFile, diags: l.diags, md: l.md}
	return decodeConfig(d, data, l.kinds.Site), hashBytes(data)
}

// Loader reads a site and, after some of its files change, reads it again
// doing only the work the changes need: a changed record is decoded again,
// a changed template or static file reloads the theme, a changed site.yaml
// everything. A Loader is not safe for concurrent use.
type Loader struct {
	loader
	cfgDiags   diag.List // site.yaml's
	cfgVersion uint64
	theme      *Theme
	themeDiags diag.List
	// entries are the files under content/, by path: records and stories,
	// and files in the wrong place (with their diagnostics).
	entries map[string]*entry
	// files are the regular files under content/, by path, and folded
	// the same paths by their lower-case form: names that differ only in
	// capital letters are one file on Windows and macOS, two on Linux.
	files  map[string]bool
	folded map[string][]string
	// clashes are the folded paths of two files or more.
	clashes map[string]bool
	// order are the entries by path; nil after entries were added or
	// removed.
	order []*entry
}

// contentFile is a record or story file to decode.
type contentFile struct {
	path     string
	kind     int // producerFile, productFile, storyFile or placesFile
	slug     string
	district string
	lang     int
}

const (
	producerFile = iota
	productFile
	storyFile
	placesFile
)

// entry is one file under content/ and what became of it.
type entry struct {
	file contentFile
	// duplicateOf is the file that gives this record's address first.
	duplicateOf string
	record      bool // a record or story, to decode; else only its diagnostics count
	diags       diag.List
	decoded     decoded
}

// NewLoader returns a Loader for the site in site over the theme builtin.
func NewLoader(site, builtin fs.FS) *Loader {
	return &Loader{loader: loader{site: site, builtin: builtin, md: markdown.NewChecker(), kinds: Declarations()}}
}

// KnownImage is an image a build measured, and the file it measured as
// the site's Tracker saw it: a later build given it (Remember) takes the
// image as it is from it, without reading the file, when the file's status
// is unchanged (Tracker.Trust).
type KnownImage struct {
	Image Image
	Meta  Meta
	Sum   uint64
}

// Remember gives the loader the images a previous build measured
// (KnownImages), for the next Load. They are used only when the site is
// read through a Tracker, which decides whether each is unchanged.
func (l *Loader) Remember(images []KnownImage) {
	l.known = make(map[string]KnownImage, len(images))
	for _, k := range images {
		l.known[k.Image.Path] = k
	}
}

// KnownImages returns the images the last Load or Update measured, as
// read through the site's Tracker (none without one), for Remember.
func (l *Loader) KnownImages() []KnownImage {
	t, ok := l.site.(*Tracker)
	if !ok {
		return nil
	}
	var out []KnownImage
	for p, r := range l.images {
		if r.img == nil {
			continue
		}
		if o, ok := t.Seen(p); ok {
			img := *r.img
			img.Alt, img.Pos = Text{}, diag.Pos{}
			out = append(out, KnownImage{Image: img, Meta: o.Meta, Sum: o.Sum})
		}
	}
	slices.SortFunc(out, func(a, b KnownImage) int { return strings.Compare(a.Image.Path, b.Image.Path) })
	return out
}

// Load reads the whole site.
func (l *Loader) Load() (*Source, diag.List) {
	l.images = map[string]imageResult{}
	l.cfgDiags = nil
	l.diags = &l.cfgDiags
	var cfgVersion uint64
	l.cfg, cfgVersion = l.config()
	l.cfgVersion = cfgVersion
	l.langs = nil
	l.entries = nil
	l.order = nil
	l.theme = nil
	if l.cfg == nil {
		return nil, l.cfgDiags
	}
	for _, lang := range l.cfg.Languages {
		l.langs = append(l.langs, lang.Code)
	}
	l.loadThemeOnly()
	l.entries = map[string]*entry{}
	l.files, l.folded, l.clashes = map[string]bool{}, map[string][]string{}, map[string]bool{}
	l.scan(contentDir)
	var todo []*entry
	for _, p := range slices.Sorted(maps.Keys(l.entries)) {
		if e := l.entries[p]; e.record {
			todo = append(todo, e)
		}
	}
	l.decodeEntries(todo)
	return l.assemble()
}

// Update reads again what the files at the changed paths (slash-separated,
// relative to the site; files or folders, created, written or removed)
// affect, and returns the whole site as it now is.
func (l *Loader) Update(changed []string) (*Source, diag.List) {
	if l.cfg == nil || l.entries == nil || slices.Contains(changed, ConfigFile) {
		return l.Load()
	}
	themeChanged := false
	var todo []*entry
	for _, p := range changed {
		switch {
		case p == templatesDir || p == staticDir || strings.HasPrefix(p, templatesDir+"/") || strings.HasPrefix(p, staticDir+"/"):
			themeChanged = true
		case p == contentDir || strings.HasPrefix(p, contentDir+"/"):
			// The images at p or under it (a folder of photos moved
			// away) are measured again.
			for q := range l.images {
				if q == p || strings.HasPrefix(q, p+"/") {
					delete(l.images, q)
				}
			}
			// Forget what was under p, then look again.
			var gone []string
			if _, ok := l.entries[p]; ok {
				gone = append(gone, p)
				delete(l.entries, p)
			} else {
				for q := range l.entries {
					if strings.HasPrefix(q, p+"/") {
						gone = append(gone, q)
						delete(l.entries, q)
					}
				}
			}
			found := l.scan(p)
			for _, q := range found {
				if e := l.entries[q]; e.record {
					todo = append(todo, e)
				}
			}
			slices.Sort(gone)
			if !slices.Equal(gone, found) {
				l.order = nil // files came or went
			} else if l.order != nil {
				// The same files, read again: put their new entries in place.
				for _, q := range found {
					i, ok := slices.BinarySearchFunc(l.order, q, func(e *entry, q string) int { return strings.Compare(e.path(), q) })
					if ok {
						dup := l.order[i].duplicateOf
						l.order[i] = l.entries[q]
						l.order[i].duplicateOf = dup
					}
				}
			}
		}
	}
	if themeChanged {
		l.loadThemeOnly()
	}
	slices.SortFunc(todo, func(a, b *entry) int { return strings.Compare(a.file.path, b.file.path) })
	l.decodeEntries(slices.Compact(todo))
	return l.assemble()
}

func (l *Loader) loadThemeOnly() {
	l.themeDiags = nil
	l.diags = &l.themeDiags
	l.theme = l.loadTheme()
}

// scan looks at the file or folder p under content/ and (re)creates the
// entries of the files it finds there, returning their paths.
func (l *Loader) scan(p string) []string {
	if symlink(l.site, contentDir) {
		// Nothing under it is read: it may be anywhere.
		l.entries[contentDir] = &entry{file: contentFile{path: contentDir}, diags: diag.List{diag.New(diag.Pos{File: contentDir}, diag.Error, "symlink",
			diag.M("the content folder is a symbolic link, which ocop does not follow; put the folder itself here"))}}
		return []string{contentDir}
	}
	// Forget the files at p, to see again which are there.
	if l.files[p] {
		l.removeFile(p)
	} else {
		for q := range l.files {
			if strings.HasPrefix(q, p+"/") {
				l.removeFile(q)
			}
		}
	}
	var found []string
	err := fs.WalkDir(l.site, p, func(q string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				if q == p {
					return fs.SkipDir // removed, or a new site with no records yet
				}
				return nil
			}
			l.entries[q] = &entry{file: contentFile{path: q}, diags: diag.List{diag.New(diag.Pos{File: q}, diag.Error, "read", diag.M("cannot read: %v", err))}}
			found = append(found, q)
			return nil
		}
		if q == contentDir {
			return nil
		}
		for dir := q; dir != contentDir && dir != "."; dir = path.Dir(dir) {
			if Ignored(path.Base(dir)) {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
		}
		if e.Type().IsRegular() {
			l.addFile(q)
		}
		en, descend := l.classify(q, e)
		if en != nil {
			en.file.path = q
			l.entries[q] = en
			found = append(found, q)
		}
		if e.IsDir() && !descend {
			return fs.SkipDir
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.entries[p] = &entry{file: contentFile{path: p}, diags: diag.List{diag.New(diag.Pos{File: p}, diag.Error, "read", diag.M("cannot read: %v", err))}}
		found = append(found, p)
	}
	return found
}

// classify says what the file or folder p under content/ is: a record or
// story to decode, a file in the wrong place (an entry with diagnostics),
// or nothing to note; and, for a folder, whether to look inside.
func (l *loader) classify(p string, e fs.DirEntry) (*entry, bool) {
	name := e.Name()
	problem := func(code, format string, args ...any) *entry {
		en := &entry{}
		en.diags.Errorf(diag.Pos{File: p}, code, format, args...)
		return en
	}
	if e.Type()&fs.ModeSymlink != 0 {
		return problem("symlink", "symbolic links are not followed; copy the file here instead"), false
	}
	if msg := nameProblem(name); !msg.IsZero() {
		return problem("file-name", "%s", msg), false
	}
	dir := path.Dir(p)
	ext := strings.ToLower(path.Ext(name))
	isYAML := ext == ".yaml" || ext == ".yml"
	if e.IsDir() {
		switch {
		case dir == contentDir && p != producersDir && p != productsDir && p != storiesDir:
			return problem("unknown-folder", "unknown folder %q%s; content/ holds products/, producers/ and stories/",
				name, diag.DidYouMean(name, []string{"products", "producers", "stories"})), false
		case dir == productsDir && vntext.Slug(name) == "":
			return problem("slug", "folder name %q gives no district slug; name it after a district in site.yaml", name), false
		}
		return nil, true
	}
	if !e.Type().IsRegular() {
		return nil, false
	}
	stem := strings.TrimSuffix(name, path.Ext(name))
	noSlug := func() *entry {
		return problem("slug", "the file name %q gives no web address; name records with Latin letters or digits, such as che-shan-tuyet.yaml", name)
	}
	if inner := strings.ToLower(path.Ext(stem)); ext == ".txt" && (inner == ".yaml" || inner == ".yml" || inner == ".md") {
		// Saved by Notepad, which adds .txt, on a Windows that hides
		// the ends of names: the file looks right and is never read.
		return problem("file-name", "the file is named %q, so ocop does not read it: rename it %q (Windows hides the .txt at the end; File Explorer shows it with View → Show → File name extensions)",
			name, stem), false
	}
	// record is the entry of a record or story, with a warning when its
	// name ends otherwise than .yaml or .md (in small letters), which
	// ocop new, the CMS and the other tools look for.
	record := func(f contentFile) *entry {
		en := &entry{record: true, file: f}
		want := ".yaml"
		if f.kind == storyFile {
			want = ".md"
		}
		if path.Ext(name) != want {
			en.diags.Warnf(diag.Pos{File: p}, "file-name", "name the file %q: ocop new, the CMS and the other tools look for files ending in %s", stem+want, want)
		}
		return en
	}
	switch {
	case p == PlacesFile:
		return &entry{record: true, file: contentFile{path: p, kind: placesFile}}, false
	case dir == contentDir:
		// A stray file (a README, say) beside the folders: not part of the site.
	case dir == producersDir && isYAML:
		slug := vntext.Slug(stem)
		if slug == "" {
			return noSlug(), false
		}
		if msg := reservedAddress(name, slug); !msg.IsZero() {
			return problem("file-name", "%s", msg), false
		}
		return record(contentFile{path: p, kind: producerFile, slug: slug}), false
	case dir == productsDir && isYAML:
		return problem("misplaced", "a product record goes in its district's folder, such as content/products/dong-van/%s", name), false
	case strings.HasPrefix(p, productsDir+"/") && isYAML:
		if path.Dir(dir) != productsDir {
			return problem("misplaced", "a product record goes directly in its district's folder, such as content/products/%s/%s",
				strings.Split(strings.TrimPrefix(p, productsDir+"/"), "/")[0], name), false
		}
		slug := vntext.Slug(stem)
		if slug == "" {
			return noSlug(), false
		}
		if msg := reservedAddress(name, slug); !msg.IsZero() {
			return problem("file-name", "%s", msg), false
		}
		return record(contentFile{path: p, kind: productFile, slug: slug, district: vntext.Slug(path.Base(dir))}), false
	case dir == storiesDir && ext == ".md":
		slugPart, lang := stem, 0
		if i := strings.LastIndexByte(stem, '.'); i >= 0 {
			code := stem[i+1:]
			lang = indexOf(l.langs, code)
			if lang < 0 {
				return problem("unknown-language", "%q in the file name is not one of the site's languages (%s); name stories <slug>.<language>.md",
					code, strings.Join(l.langs, ", ")), false
			}
			slugPart = stem[:i]
		}
		slug := vntext.Slug(slugPart)
		if slug == "" {
			return noSlug(), false
		}
		if msg := reservedAddress(name, slug); !msg.IsZero() {
			return problem("file-name", "%s", msg), false
		}
		return record(contentFile{path: p, kind: storyFile, slug: slug, lang: lang}), false
	}
	return nil, false
}

// decodeEntries decodes the records of entries, on every core.
func (l *Loader) decodeEntries(entries []*entry) {
	inParallel(len(entries), func(i int) { entries[i].decoded = l.decodeFile(entries[i].file) })
}

// inParallel calls do(i) for each i from 0 to n-1, on every core.
func inParallel(n int, do func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				do(i)
			}
		})
	}
	wg.Wait()
}

// assemble makes the Source from the entries, in file order: it adds the
// checks that span files (names that clash, spec keys) and reads the images
// the records name.
func (l *Loader) assemble() (*Source, diag.List) {
	var diags diag.List
	l.diags = &diags
	diags = append(diags, l.cfgDiags...)
	diags = append(diags, l.themeDiags...)
	src := &Source{Config: l.cfg, Theme: l.theme, ThemeVersion: l.cfgVersion ^ l.theme.version}
	if l.order == nil {
		l.sortEntries()
	}
	// The images named that exist and are not measured yet, measured
	// together before the records are put together in order.
	var named []string
	for _, e := range l.order {
		if !e.record || e.duplicateOf != "" {
			continue
		}
		dir := path.Dir(e.file.path)
		for _, ref := range e.decoded.images {
			if ip, ok := cleanRel(dir, ref.name); ok && l.files[ip] {
				named = append(named, ip)
			}
		}
	}
	slices.Sort(named)
	l.measureImages(slices.Compact(named))
	imageCase := map[string]string{} // the images named, by their lower-case path
	var folders map[string][]string  // the names of the files in each folder, when a picture is missing
	for _, e := range l.order {
		diags = append(diags, e.diags...)
		if !e.record {
			continue
		}
		if e.duplicateOf != "" {
			diags.Errorf(diag.Pos{File: e.file.path}, "duplicate-slug", "this file's name gives the same address as %s; rename one of them", e.duplicateOf)
			continue
		}
		r := &e.decoded
		diags = append(diags, r.diags...)
		dir := path.Dir(e.file.path)
		var images []*Image
		for _, ref := range r.images {
			ip, ok := cleanRel(dir, ref.name)
			if !ok {
				diags.Errorf(ref.pos, "image", "image %q must be a file inside the site's content folder, named relative to %s", ref.name, dir)
				continue
			}
			if !l.files[ip] {
				if real := l.sameButCase(ip); real != "" {
					// Windows and macOS would open it, Linux (where the
					// site is published) would not: the same error
					// everywhere.
					diags.Errorf(ref.pos, "image", "image %s: no file has this name, but %s has it with other capital letters; write the name exactly as the file's%s",
						ref.name, real, diag.M(" (did you mean %q?)", relativeTo(dir, real)))
					continue
				}
			}
			if other, ok := imageCase[strings.ToLower(ip)]; ok && other != ip {
				diags.Errorf(ref.pos, "image", "image %s and %s differ only in capital letters: on Windows and macOS they are one file; rename one", ip, other)
				continue
			}
			imageCase[strings.ToLower(ip)] = ip
			var hint diag.Msg
			if !l.files[ip] {
				if folders == nil {
					folders = l.folders()
				}
				hint = nearFile(folders, dir, ip)
			}
			if img := l.readImage(ip, ref, hint); img != nil {
				images = append(images, img)
			}
		}
		// A record decoded before is shared with the Source of that time,
		// which may still be in use: it changes only when its images did.
		switch {
		case r.places != nil:
			src.Places = r.places
		case r.producer != nil:
			src.Producers = append(src.Producers, r.producer)
		case r.product != nil:
			if !sameImages(r.product.Images, images) {
				r.product.Images = images
			}
			src.Products = append(src.Products, r.product)
		case r.story != nil:
			var img *Image
			if len(images) > 0 {
				img = images[0]
			}
			if !sameImages([]*Image{r.story.Image}, []*Image{img}) {
				r.story.Image = img
			}
			src.Stories = append(src.Stories, r.story)
		}
	}
	l.checkSpecs(src)
	l.caseClashes(&diags)
	diags.Sort()
	return src, diags
}

// path is the entry's file path.
func (e *entry) path() string { return e.file.path }

// sortEntries orders the entries by path and marks the records whose
// address another file, earlier in that order, already gives.
func (l *Loader) sortEntries() {
	l.order = l.order[:0]
	for _, p := range slices.Sorted(maps.Keys(l.entries)) {
		l.order = append(l.order, l.entries[p])
	}
	prefix := [...]string{producerFile: "producer/", productFile: "product/", storyFile: "story/", placesFile: "places"}
	claimed := map[string]string{} // kind/slug(/lang) → first file
	for _, e := range l.order {
		e.duplicateOf = ""
		if !e.record {
			continue
		}
		key := prefix[e.file.kind] + e.file.slug
		if e.file.kind == storyFile {
			key += "." + l.langs[e.file.lang]
		}
		if first, dup := claimed[key]; dup {
			e.duplicateOf = first
			continue
		}
		claimed[key] = e.file.path
	}
}

// sameImages reports whether two lists name the same pictures, measured
// the same.
func sameImages(a, b []*Image) bool {
	return slices.EqualFunc(a, b, func(x, y *Image) bool {
		if x == nil || y == nil {
			return x == y
		}
		return x.Path == y.Path && x.Hash == y.Hash && x.Width == y.Width && x.Height == y.Height &&
			slices.Equal(x.Alt.Values, y.Alt.Values) && x.Pos == y.Pos
	})
}

// decoded is the result of decoding one content file.
type decoded struct {
	diags    diag.List
	producer *Producer
	product  *Product
	story    *Story
	places   *Places
	images   []imageRef
}

// decodeFile decodes one record or story. A file that cannot be read or
// parsed still gives a record with its slug, so that what refers to it is
// not reported as a second, misleading error.
func (l *loader) decodeFile(f contentFile) decoded {
	var r decoded
	data, ok := readLimited(l.site, f.path, MaxRecordBytes, &r.diags)
	l.decodeData(f, data, ok, &r)
	return r
}

// decodeData decodes the bytes of the record or story f into r; ok is
// false when they could not be read.
func (l *loader) decodeData(f contentFile, data []byte, ok bool, r *decoded) {
	version := hashBytes(data)
	d := &decoder{file: f.path, diags: &r.diags, langs: l.langs, html: l.cfg.Markdown.HTML, md: l.md}
	empty := func() Text { return Text{Values: make([]string, len(l.langs))} }
	switch f.kind {
	case producerFile:
		if ok {
			r.producer = decodeProducer(d, data, f.slug, l.kinds.Producer)
		}
		if r.producer == nil {
			r.producer = &Producer{File: f.path, Slug: f.slug, Name: empty(), Address: empty(), Description: empty()}
		}
		r.producer.Version = version
	case productFile:
		if ok {
			r.product, r.images = decodeProduct(d, data, f.slug, f.district, l.kinds.Product)
		}
		if r.product == nil {
			r.product = &Product{File: f.path, Slug: f.slug, District: Ref{Value: f.district, Pos: diag.Pos{File: f.path}},
				Name: empty(), Summary: empty(), Description: empty(), Commune: empty(), Certificate: Certificate{Issuer: empty()}}
		}
		r.product.Version = version
	case storyFile:
		var img *imageRef
		if ok {
			r.story, img = decodeStory(d, data, f.slug, f.lang, l.kinds.Story)
		}
		if r.story == nil {
			r.story = &Story{File: f.path, Slug: f.slug, Lang: f.lang}
		}
		r.story.Version = version
		if img != nil {
			r.images = []imageRef{*img}
		}
	case placesFile:
		if ok {
			r.places = decodePlaces(d, data)
		}
	}
}

// symlink reports whether the file or folder p of fsys is a symbolic link.
func symlink(fsys fs.FS, p string) bool {
	info, err := fs.Lstat(fsys, p)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// hashBytes is the FNV-1a hash of data: a record's version.
func hashBytes(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
}

func (l *loader) readFile(fsys fs.FS, p string, limit int64) ([]byte, bool) {
	return readLimited(fsys, p, limit, l.diags)
}

// readLimited reads the file at p, refusing files larger than limit.
func readLimited(fsys fs.FS, p string, limit int64, diags *diag.List) ([]byte, bool) {
	if info, err := fs.Stat(fsys, p); err == nil && info.Size() > limit {
		diags.Errorf(diag.Pos{File: p}, "too-large", "the file is %s; the limit is %s", byteSize(info.Size()), byteSize(limit))
		return nil, false
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", err)
		return nil, false
	}
	if int64(len(data)) > limit {
		diags.Errorf(diag.Pos{File: p}, "too-large", "the file is %s; the limit is %s", byteSize(int64(len(data))), byteSize(limit))
		return nil, false
	}
	return data, true
}

func byteSize(n int64) diag.Msg {
	switch {
	case n >= 1<<20:
		return diag.M("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return diag.M("%.1f kB", float64(n)/(1<<10))
	}
	return diag.M("%d bytes", n)
}

// checkSpecs checks that every spec key has a label among the default
// language's interface strings ("spec.<key>").
func (l *loader) checkSpecs(src *Source) {
	if src.Theme == nil || len(src.Theme.Strings) == 0 {
		return
	}
	strs := src.Theme.Strings[0]
	var known []string
	isKnown := map[string]bool{}
	for k := range strs {
		if key, ok := strings.CutPrefix(k, "spec."); ok {
			known = append(known, key)
			isKnown[key] = true
		}
	}
	sort.Strings(known)
	for _, p := range src.Products {
		for _, s := range p.Specs {
			if !isKnown[s.Key] {
				l.diags.Errorf(s.Pos, "unknown-spec", "unknown spec %q%s; specs are %s (a site adds one with a spec.<key> string in templates/i18n)",
					s.Key, diag.DidYouMean(s.Key, known), strings.Join(known, ", "))
			}
		}
	}
}

// addFile and removeFile keep the files under content/ and their folded
// names.
func (l *Loader) addFile(p string) {
	if l.files[p] {
		return
	}
	l.files[p] = true
	k := strings.ToLower(p)
	l.folded[k] = append(l.folded[k], p)
	slices.Sort(l.folded[k])
	if len(l.folded[k]) > 1 {
		l.clashes[k] = true
	}
}

func (l *Loader) removeFile(p string) {
	delete(l.files, p)
	k := strings.ToLower(p)
	l.folded[k] = slices.DeleteFunc(l.folded[k], func(q string) bool { return q == p })
	if len(l.folded[k]) == 0 {
		delete(l.folded, k)
	}
	if len(l.folded[k]) < 2 {
		delete(l.clashes, k)
	}
}

// sameButCase returns the file under content/ whose path is p's but for
// capital letters; "" when there is none.
func (l *Loader) sameButCase(p string) string {
	for _, q := range l.folded[strings.ToLower(p)] {
		if q != p {
			return q
		}
	}
	return ""
}

// folders returns the names of the files under content/, by folder, in
// order.
func (l *Loader) folders() map[string][]string {
	out := map[string][]string{}
	for q := range l.files {
		out[path.Dir(q)] = append(out[path.Dir(q)], path.Base(q))
	}
	for _, names := range out {
		slices.Sort(names)
	}
	return out
}

// nearFile returns "did you mean" the file of the folder of p whose name
// is closest to p's (folders are the names of each folder's files), as
// the records of dir name it; no message when none is close.
func nearFile(folders map[string][]string, dir, p string) diag.Msg {
	folder := path.Dir(p)
	if s := diag.Suggest(path.Base(p), folders[folder]); s != "" && s != path.Base(p) {
		return diag.M(" (did you mean %q?)", relativeTo(dir, path.Join(folder, s)))
	}
	return diag.Msg{}
}

// relativeTo names the file p as a record in the folder dir names it:
// "honey.jpg", "photos/honey.jpg", "../dong-van/honey.jpg".
func relativeTo(dir, p string) string {
	from, to := strings.Split(dir, "/"), strings.Split(p, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// caseClashes reports the files under content/ whose paths differ only in
// capital letters from another's (the first in order is not reported):
// on Windows and macOS they are one file, and a copy of the site there
// keeps only one of them. Records that clash are reported as giving the
// same address already.
func (l *Loader) caseClashes(diags *diag.List) {
	for k := range l.clashes {
		paths := l.folded[k]
		for _, p := range paths[1:] {
			if e := l.entries[p]; e != nil && e.record {
				continue
			}
			diags.Errorf(diag.Pos{File: p}, "file-name", "this file's name differs from %s only in capital letters: on Windows and macOS they are one file, and a copy of the site there keeps only one of them; rename or delete one",
				paths[0])
		}
	}
}
