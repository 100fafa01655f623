package load

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hagiang-ocop/ocop/internal/diag"
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
// ones (.swp, ~, #…#, 4913).
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") ||
		(strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) || name == "4913"
}

type loader struct {
	site, builtin fs.FS
	diags         *diag.List
	cfg           *Config
	langs         []string
	images        map[string]*Image
}

// Load reads the site in site, with builtin as the theme under the site's
// own templates, strings and static files (builtin may be nil). It returns
// every problem it finds; the Source is nil when site.yaml cannot be read,
// and incomplete when the list holds errors.
func Load(site, builtin fs.FS) (*Source, diag.List) {
	var diags diag.List
	l := &loader{site: site, builtin: builtin, diags: &diags, images: map[string]*Image{}}
	src := l.load()
	diags.Sort()
	return src, diags
}

// ReadConfig reads site.yaml alone.
func ReadConfig(site fs.FS) (*Config, diag.List) {
	var diags diag.List
	l := &loader{site: site, diags: &diags}
	cfg := l.config()
	diags.Sort()
	return cfg, diags
}

func (l *loader) config() *Config {
	data, err := fs.ReadFile(l.site, ConfigFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.diags.Errorf(diag.Pos{File: ConfigFile}, "missing-file", "there is no site.yaml: is this the site's folder?")
		} else {
			l.diags.Errorf(diag.Pos{File: ConfigFile}, "read", "cannot read: %v", err)
		}
		return nil
	}
	d := &decoder{file: ConfigFile, diags: l.diags}
	return decodeConfig(d, data)
}

func (l *loader) load() *Source {
	l.cfg = l.config()
	if l.cfg == nil {
		return nil
	}
	for _, lang := range l.cfg.Languages {
		l.langs = append(l.langs, lang.Code)
	}
	src := &Source{Config: l.cfg}
	src.Theme = l.loadTheme()
	files := l.contentFiles()
	l.decodeAll(src, files)
	l.checkSpecs(src)
	return src
}

// contentFile is a record or story file to decode.
type contentFile struct {
	path     string
	kind     int // producerFile, productFile or storyFile
	slug     string
	district string
	lang     int
}

const (
	producerFile = iota
	productFile
	storyFile
)

// contentFiles lists the records and stories under content/, reporting
// files in the wrong place and file names that clash.
func (l *loader) contentFiles() []contentFile {
	var files []contentFile
	slugs := map[string]string{} // kind/slug(/lang) → first file
	claim := func(key, p string) bool {
		if first, dup := slugs[key]; dup {
			l.diags.Errorf(diag.Pos{File: p}, "duplicate-slug", "this file's name gives the same address as %s; rename one of them", first)
			return false
		}
		slugs[key] = p
		return true
	}
	err := fs.WalkDir(l.site, contentDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == contentDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir // a new site, with no records yet
			}
			l.diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", err)
			return nil
		}
		if p == contentDir {
			return nil
		}
		name := e.Name()
		if Ignored(name) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 {
			l.diags.Errorf(diag.Pos{File: p}, "symlink", "symbolic links are not followed; copy the file here instead")
			return nil
		}
		dir := path.Dir(p)
		ext := strings.ToLower(path.Ext(name))
		isYAML := ext == ".yaml" || ext == ".yml"
		if e.IsDir() {
			switch {
			case dir == contentDir && p != producersDir && p != productsDir && p != storiesDir:
				l.diags.Errorf(diag.Pos{File: p}, "unknown-folder", "unknown folder %q%s; content/ holds products/, producers/ and stories/",
					name, diag.DidYouMean(name, []string{"products", "producers", "stories"}))
				return fs.SkipDir
			case dir == productsDir:
				if vntext.Slug(name) == "" {
					l.diags.Errorf(diag.Pos{File: p}, "slug", "folder name %q gives no district slug; name it after a district in site.yaml", name)
					return fs.SkipDir
				}
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		stem := strings.TrimSuffix(name, path.Ext(name))
		switch {
		case dir == contentDir:
			// A stray file (a README, say) beside the folders: not part of the site.
		case dir == producersDir && isYAML:
			slug := l.fileSlug(p, stem)
			if slug != "" && claim("producer/"+slug, p) {
				files = append(files, contentFile{path: p, kind: producerFile, slug: slug})
			}
		case dir == productsDir && isYAML:
			l.diags.Errorf(diag.Pos{File: p}, "misplaced", "a product record goes in its district's folder, such as content/products/dong-van/%s", name)
		case strings.HasPrefix(p, productsDir+"/") && isYAML:
			if path.Dir(dir) != productsDir {
				l.diags.Errorf(diag.Pos{File: p}, "misplaced", "a product record goes directly in its district's folder, such as content/products/%s/%s",
					strings.Split(strings.TrimPrefix(p, productsDir+"/"), "/")[0], name)
				return nil
			}
			slug := l.fileSlug(p, stem)
			if slug != "" && claim("product/"+slug, p) {
				files = append(files, contentFile{path: p, kind: productFile, slug: slug, district: vntext.Slug(path.Base(dir))})
			}
		case dir == storiesDir && ext == ".md":
			slugPart, lang := stem, 0
			if i := strings.LastIndexByte(stem, '.'); i >= 0 {
				code := stem[i+1:]
				lang = indexOf(l.langs, code)
				if lang < 0 {
					l.diags.Errorf(diag.Pos{File: p}, "unknown-language", "%q in the file name is not one of the site's languages (%s); name stories <slug>.<language>.md",
						code, strings.Join(l.langs, ", "))
					return nil
				}
				slugPart = stem[:i]
			}
			slug := l.fileSlug(p, slugPart)
			if slug != "" && claim("story/"+slug+"."+l.langs[lang], p) {
				files = append(files, contentFile{path: p, kind: storyFile, slug: slug, lang: lang})
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.diags.Errorf(diag.Pos{File: contentDir}, "read", "cannot read: %v", err)
	}
	return files
}

// fileSlug is the URL slug that a record's file name gives.
func (l *loader) fileSlug(p, stem string) string {
	slug := vntext.Slug(stem)
	if slug == "" {
		l.diags.Errorf(diag.Pos{File: p}, "slug", "the file name %q gives no web address; name records with Latin letters or digits, such as che-shan-tuyet.yaml", path.Base(p))
	}
	return slug
}

// decoded is the result of decoding one content file.
type decoded struct {
	diags    diag.List
	producer *Producer
	product  *Product
	story    *Story
	images   []imageRef
}

// decodeAll decodes the content files in parallel and then reads the images
// they name; results and diagnostics come out in file order.
func (l *loader) decodeAll(src *Source, files []contentFile) {
	results := make([]decoded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = l.decodeFile(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, f := range files {
		r := &results[i]
		*l.diags = append(*l.diags, r.diags...)
		dir := path.Dir(f.path)
		var images []*Image
		for _, ref := range r.images {
			p, ok := cleanRel(dir, ref.name)
			if !ok {
				l.diags.Errorf(ref.pos, "image", "image %q must be a file inside the site's content folder, named relative to %s", ref.name, dir)
				continue
			}
			if img := l.readImage(p, ref); img != nil {
				images = append(images, img)
			}
		}
		switch {
		case r.producer != nil:
			src.Producers = append(src.Producers, r.producer)
		case r.product != nil:
			r.product.Images = images
			src.Products = append(src.Products, r.product)
		case r.story != nil:
			if len(images) > 0 {
				r.story.Image = images[0]
			}
			src.Stories = append(src.Stories, r.story)
		}
	}
	byFile := func(a, b string) bool { return a < b }
	sort.Slice(src.Producers, func(i, j int) bool { return byFile(src.Producers[i].File, src.Producers[j].File) })
	sort.Slice(src.Products, func(i, j int) bool { return byFile(src.Products[i].File, src.Products[j].File) })
	sort.Slice(src.Stories, func(i, j int) bool { return byFile(src.Stories[i].File, src.Stories[j].File) })
}

// decodeFile decodes one record or story. A file that cannot be read or
// parsed still gives a record with its slug, so that what refers to it is
// not reported as a second, misleading error.
func (l *loader) decodeFile(f contentFile) decoded {
	var r decoded
	data, ok := readLimited(l.site, f.path, MaxRecordBytes, &r.diags)
	d := &decoder{file: f.path, diags: &r.diags, langs: l.langs}
	empty := func() Text { return Text{Values: make([]string, len(l.langs))} }
	switch f.kind {
	case producerFile:
		if ok {
			r.producer = decodeProducer(d, data, f.slug)
		}
		if r.producer == nil {
			r.producer = &Producer{File: f.path, Slug: f.slug, Name: empty(), Address: empty(), Description: empty()}
		}
	case productFile:
		if ok {
			r.product, r.images = decodeProduct(d, data, f.slug, f.district)
		}
		if r.product == nil {
			r.product = &Product{File: f.path, Slug: f.slug, District: Ref{Value: f.district, Pos: diag.Pos{File: f.path}},
				Name: empty(), Summary: empty(), Description: empty(), Commune: empty(), Certificate: Certificate{Issuer: empty()}}
		}
	case storyFile:
		var img *imageRef
		if ok {
			r.story, img = decodeStory(d, data, f.slug, f.lang)
		}
		if r.story == nil {
			r.story = &Story{File: f.path, Slug: f.slug, Lang: f.lang}
		}
		if img != nil {
			r.images = []imageRef{*img}
		}
	}
	return r
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

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkSpecs checks that every spec key has a label among the default
// language's interface strings ("spec.<key>").
func (l *loader) checkSpecs(src *Source) {
	if src.Theme == nil || len(src.Theme.Strings) == 0 {
		return
	}
	strs := src.Theme.Strings[0]
	var known []string
	for k := range strs {
		if strings.HasPrefix(k, "spec.") {
			known = append(known, strings.TrimPrefix(k, "spec."))
		}
	}
	sort.Strings(known)
	for _, p := range src.Products {
		for _, s := range p.Specs {
			if _, ok := strs["spec."+s.Key]; !ok {
				l.diags.Errorf(s.Pos, "unknown-spec", "unknown spec %q%s; specs are %s (a site adds one with a spec.<key> string in templates/i18n)",
					s.Key, diag.DidYouMean(s.Key, known), strings.Join(known, ", "))
			}
		}
	}
}
