// Package model turns what was loaded into the catalogue: products joined
// to their districts, groups and producers; which certificates are current;
// listings in each language's order; stories in each language; and the set
// of pages with their addresses and translations. It does no I/O.
package model

import (
	"bytes"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// Options are the choices a build makes about the catalogue.
type Options struct {
	// Now is the date certificates are judged valid on.
	Now time.Time
	// BaseURL, when set, replaces site.yaml's baseURL.
	BaseURL string
	// Drafts includes stories marked draft.
	Drafts bool
	// Keys, when set, keeps the collation keys of names between builds of
	// the same site (ocop serve), so that a rebuild computes only new ones.
	Keys *KeyCache
}

// KeyCache remembers, between builds of the same site (ocop serve), the
// collation key of each name and each language's last name order, so that
// a rebuild computes the keys of new names only and places the products
// that changed into the order it had, without sorting them all again.
type KeyCache struct {
	mu    sync.Mutex
	langs map[string]*langKeys // by language code
	sig   string               // the languages' codes, in order, of the last build
}

// langKeys is what KeyCache keeps of one language; it is used by one
// goroutine at a time.
type langKeys struct {
	keys  map[string][]byte // name → key
	order []ranked          // the last order
}

// ranked is a product's place in a name order: its record, the slug and
// key it was sorted by, and where it is in the build's products.
type ranked struct {
	rec  *load.Product
	slug string
	key  []byte
	i    int
}

// compare orders by key, then slug.
func (a ranked) compare(b ranked) int {
	if r := bytes.Compare(a.key, b.key); r != 0 {
		return r
	}
	return strings.Compare(a.slug, b.slug)
}

// sameLanguages forgets the orders kept when the languages are not those
// of the last build.
func (k *KeyCache) sameLanguages(langs []*Language) {
	codes := make([]string, len(langs))
	for i, l := range langs {
		codes[i] = l.Code
	}
	sig := strings.Join(codes, " ")
	k.mu.Lock()
	defer k.mu.Unlock()
	if sig != k.sig {
		for _, l := range k.langs {
			l.order = nil
		}
		k.sig = sig
	}
}

// lang returns what is kept of one language (nil without a cache).
func (k *KeyCache) lang(code string) *langKeys {
	if k == nil {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.langs == nil {
		k.langs = map[string]*langKeys{}
	}
	l := k.langs[code]
	if l == nil {
		l = &langKeys{keys: map[string][]byte{}}
		k.langs[code] = l
	}
	return l
}

// Catalogue is the whole site's content, joined up.
type Catalogue struct {
	Title       load.Text
	Description load.Text
	Intro       load.Text
	// MarkdownHTML lets raw HTML in Markdown texts through, cleaned
	// (site.yaml's markdown.html).
	MarkdownHTML bool
	// CMS is site.yaml's cms: where the published /admin/ saves.
	CMS load.CMS
	// BaseURL is the absolute address of the site's root, ending in "/".
	BaseURL string
	// BasePath is BaseURL's path, ending in "/": links start with it.
	BasePath  string
	Languages []*Language
	Now       time.Time
	// ThemeVersion is the version of site.yaml and the theme, which every
	// page shows (load.Source.ThemeVersion).
	ThemeVersion uint64

	Districts []*District // in site.yaml's order
	Groups    []*Group    // in site.yaml's order
	Stars     []*Star     // 5, 4, 3
	Producers []*Producer // by slug
	Products  []*Product  // every product, current or not, by slug
	Stories   []*Story    // by slug
	// Current counts the products whose certificate is valid at Now.
	Current int
	// Places are the province and communes of content/places.yaml; nil
	// when the site has no such table.
	Places *Places
	// StoriesIn[i] are the stories in language i, newest first.
	StoriesIn [][]*StoryVersion
	// Drafts are the story files left out because they are drafts.
	Drafts []*load.Story
	// Unreadable counts the product records whose producer could not be
	// read (for an error of their own).
	Unreadable int

	Theme *load.Theme
	Pages []*Page

	// The records by slug (groups by key), for PageAt.
	districtBySlug map[string]*District
	groupByKey     map[string]*Group
	producerBySlug map[string]*Producer
	productBySlug  map[string]*Product
	storyBySlug    map[string]*Story
	index          map[Kind][]*Page // the pages one of a kind per language
}

// Language is one of the site's languages.
type Language struct {
	Index   int
	Code    string
	Name    string
	Locale  string
	Default bool
}

// District groups products by the district on their certificate.
type District struct {
	Slug        string
	Name        load.Text
	Description load.Text
	// Kind is "district", or "city" for a city whose name says so.
	Kind string
	// Products[i] are its current products in language i's order:
	// more stars first, then by name.
	Products [][]*Product
	// ByStars counts its current products with 3, 4 and 5 stars (index 3..5).
	ByStars [6]int
	Pages   []*Page // by language
	// PrintPages and LabelPages are its print edition and its sheet of
	// booth labels, by language.
	PrintPages []*Page
	LabelPages []*Page
	// Communes are today's communes that cover the area, in places.yaml's
	// order (with a places table).
	Communes []*Commune

	n int // where it is in Catalogue.Districts
}

// Star is one level of the OCOP rating.
type Star struct {
	Stars int
	// Products[i] are its current products in language i's order: by
	// district in site.yaml's order, then by name.
	Products [][]*Product
	Pages    []*Page
	// PrintPages are its print edition, by language.
	PrintPages []*Page
}

// Group is a product group; a group whose key starts another's ("food" and
// "food/tea") is its parent and lists its products too.
type Group struct {
	Key         string
	Name        load.Text
	Description load.Text
	Parent      *Group
	Children    []*Group
	// Products[i] are the current products of the group and its subgroups
	// in language i's order: more stars first, then by name.
	Products [][]*Product
	Pages    []*Page

	n int // where it is in Catalogue.Groups
}

// Depth is the number of groups above g.
func (g *Group) Depth() int {
	n := 0
	for p := g.Parent; p != nil; p = p.Parent {
		n++
	}
	return n
}

// Producer makes products.
type Producer struct {
	Slug string
	File string
	load.Producer
	// Products[i] are its current products in language i's order.
	Products [][]*Product
	// All are all its products, current or not, by slug.
	All []*Product
	// Named reports whether a product record names this producer, even
	// one left out for an error of its own.
	Named bool
	Pages []*Page
	// Place is where it is: its commune, today's and former.
	Place Place

	n int // where it is in Catalogue.Producers
}

// Listed reports whether the producer has a current product, and so
// appears in the listings.
func (p *Producer) Listed() bool { return len(p.Products) > 0 && len(p.Products[0]) > 0 }

// Product is one OCOP product.
type Product struct {
	*load.Product
	District *District
	Group    *Group
	Producer *Producer
	// Current reports whether its certificate is valid at the build date:
	// issued on or before it, expiring on or after it.
	Current bool
	// Related are up to MaxRelated current products of the same district, the
	// same group first.
	Related []*Product
	// Stories[i] are the stories in language i that mention it, newest first.
	Stories [][]*StoryVersion
	// Place is where it is made: the commune its certificate names,
	// today's and former.
	Place Place

	cat *Catalogue
}

// Story is an article, in one or more languages.
type Story struct {
	Slug     string
	Versions []*StoryVersion // by language; nil where not translated
}

// StoryVersion is a story in one language.
type StoryVersion struct {
	*load.Story
	// Parent is the story this is a version of.
	Parent   *Story
	Lang     *Language
	Products []*Product
	Page     *Page
}

// MaxRelated is how many related products a product page shows.
const MaxRelated = 4

// Build joins src into a catalogue. It reports references that do not
// resolve as errors and expired certificates as warnings.
func Build(src *load.Source, opt Options) (*Catalogue, diag.List) {
	var diags diag.List
	cfg := src.Config
	c := &Catalogue{
		Title: cfg.Title, Description: cfg.Description, Intro: cfg.Intro, MarkdownHTML: cfg.Markdown.HTML, CMS: cfg.CMS,
		Now: opt.Now, Theme: src.Theme, ThemeVersion: src.ThemeVersion,
	}
	base := cfg.BaseURL
	if opt.BaseURL != "" {
		base = opt.BaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	c.BaseURL = base
	c.BasePath = "/"
	if u, err := url.Parse(base); err == nil && u.Path != "" {
		c.BasePath = u.EscapedPath()
	}
	for i, l := range cfg.Languages {
		c.Languages = append(c.Languages, &Language{Index: i, Code: l.Code, Name: l.Name, Locale: l.Locale, Default: i == 0})
	}

	districts := map[string]*District{}
	for i, d := range cfg.Districts {
		x := &District{Slug: d.Slug, Name: d.Name, Description: d.Description, Kind: d.Kind, n: i}
		districts[d.Slug] = x
		c.Districts = append(c.Districts, x)
	}
	groups := map[string]*Group{}
	for i, g := range cfg.Groups {
		x := &Group{Key: g.Key, Name: g.Name, Description: g.Description, n: i}
		groups[g.Key] = x
		c.Groups = append(c.Groups, x)
	}
	for _, g := range c.Groups {
		for k := g.Key; strings.Contains(k, "/"); {
			k = k[:strings.LastIndexByte(k, '/')]
			if p := groups[k]; p != nil {
				g.Parent = p
				p.Children = append(p.Children, g)
				break
			}
		}
	}
	for s := 5; s >= 3; s-- {
		c.Stars = append(c.Stars, &Star{Stars: s})
	}
	if src.Places != nil {
		c.Places = buildPlaces(src.Places, districts, c.Districts, &diags)
	}

	producers := make(map[string]*Producer, len(src.Producers))
	c.Producers = make([]*Producer, 0, len(src.Producers))
	for _, p := range src.Producers {
		x := &Producer{Slug: p.Slug, File: p.File, Producer: *p}
		var area *District
		if p.Area.Value != "" {
			if area = districts[p.Area.Value]; area == nil {
				diags.Errorf(p.Area.Pos, "unknown-district", "area %q is not a district in site.yaml%s; districts are %s",
					p.Area.Value, diag.DidYouMean(p.Area.Value, slices.Sorted(maps.Keys(districts))), strings.Join(districtSlugs(c.Districts), ", "))
			}
		}
		x.Place = c.Places.resolve(p.Commune, area, false, false, nil, &diags)
		producers[p.Slug] = x
		c.Producers = append(c.Producers, x)
	}
	bySlug(c.Producers, func(p *Producer) string { return p.Slug })
	for i, p := range c.Producers {
		p.n = i
	}

	products := make(map[string]*Product, len(src.Products))
	c.Products = make([]*Product, 0, len(src.Products))
	// The products are made in one array: one allocation, and neighbours
	// in memory for the passes below.
	made := make([]Product, len(src.Products))
	for i, p := range src.Products {
		x := &made[i]
		*x = Product{Product: p, cat: c}
		ok := true
		if x.District = districts[p.District.Value]; x.District == nil {
			diags.Errorf(p.District.Pos, "unknown-district", "the folder %q is not a district in site.yaml%s; districts are %s",
				p.District.Value, diag.DidYouMean(p.District.Value, slices.Sorted(maps.Keys(districts))), strings.Join(districtSlugs(c.Districts), ", "))
			ok = false
		}
		// An empty group or producer was reported by load; such a product
		// is left out without a second error.
		if p.Group.Value == "" || p.Producer.Value == "" {
			ok = false
		}
		if p.Producer.Value == "" {
			c.Unreadable++
		}
		if p.Group.Value != "" {
			if x.Group = groups[p.Group.Value]; x.Group == nil {
				diags.Errorf(p.Group.Pos, "unknown-group", "unknown group %q%s; groups are %s",
					p.Group.Value, diag.DidYouMean(p.Group.Value, slices.Sorted(maps.Keys(groups))), strings.Join(groupKeys(c.Groups), ", "))
				ok = false
			}
		}
		if p.Producer.Value != "" {
			if x.Producer = lookup(producers, p.Producer.Value); x.Producer != nil {
				x.Producer.Named = true
			} else {
				diags.Errorf(p.Producer.Pos, "unknown-producer", "unknown producer %q%s; a producer is a file content/producers/<slug>.yaml",
					p.Producer.Value, diag.DidYouMean(p.Producer.Value, slices.Sorted(maps.Keys(producers))))
				ok = false
			}
		}
		if x.District != nil {
			// The certificate names the commune as it was on its date; a
			// divided one is taken to be where the producer is.
			before := c.Places != nil && !p.Certificate.Issued.IsZero() && p.Certificate.Issued.Before(c.Places.Since)
			var hint *Commune
			if x.Producer != nil {
				hint = x.Producer.Place.Commune
			}
			x.Place = c.Places.resolve(p.Commune, x.District, before, true, hint, &diags)
		}
		if !ok {
			continue
		}
		cert := p.Certificate
		switch {
		case cert.Issued.IsZero() || cert.Expires.IsZero():
		case opt.Now.Before(cert.Issued):
			diags.Warnf(cert.Pos, "not-yet-valid", "certificate %s is issued on %s, after %s; the product is left out of the catalogue until then",
				cert.Number, cert.Issued.Format(time.DateOnly), opt.Now.Format(time.DateOnly))
		case opt.Now.After(cert.Expires):
			diags.Warnf(cert.Pos, "expired", "certificate %s was valid until %s; the product is left out of the catalogue",
				cert.Number, cert.Expires.Format(time.DateOnly))
		default:
			// A product whose stars could not be read (an error reported
			// by load) is never listed.
			x.Current = p.Stars >= 3 && p.Stars <= 5
		}
		products[p.Slug] = x
		c.Products = append(c.Products, x)
	}
	bySlug(c.Products, func(p *Product) string { return p.Slug })

	c.districtBySlug, c.groupByKey, c.producerBySlug, c.productBySlug = districts, groups, producers, products

	// What is left is done two at a time, on parts of the catalogue that
	// do not meet: the stories beside the listings, then the related
	// products beside the pages (which need the listings and stories).
	var wg sync.WaitGroup
	var storyDiags diag.List
	wg.Go(func() { c.joinStories(src, products, opt, &storyDiags) })
	c.list(nameOrders(c.Products, c.Languages, opt.Keys))
	wg.Wait()
	diags = append(diags, storyDiags...)
	wg.Go(c.relate)
	c.paginate()
	wg.Wait()
	diags.Sort()
	return c, diags
}

func (c *Catalogue) joinStories(src *load.Source, products map[string]*Product, opt Options, diags *diag.List) {
	nl := len(c.Languages)
	stories := map[string]*Story{}
	c.storyBySlug = stories
	c.StoriesIn = make([][]*StoryVersion, nl)
	byLang := make([][]*StoryVersion, nl*len(c.Products))
	for i, p := range c.Products {
		p.Stories = byLang[i*nl : (i+1)*nl : (i+1)*nl]
	}
	// every holds every record by its slug, also those left out for an
	// error of their own, so that a story naming one is not a second
	// error; it is made when a story names what is not in products.
	var every map[string]*load.Product
	for _, s := range src.Stories {
		v := &StoryVersion{Story: s, Lang: c.Languages[s.Lang]}
		for _, r := range s.Products {
			p := lookup(products, r.Value)
			if p == nil {
				if every == nil {
					every = make(map[string]*load.Product, len(src.Products))
					for _, p := range src.Products {
						every[p.Slug] = p
					}
				}
				if lookup(every, r.Value) == nil {
					diags.Errorf(r.Pos, "unknown-product", "unknown product %q%s; a product is a file content/products/<district>/<slug>.yaml",
						r.Value, diag.DidYouMean(r.Value, slices.Sorted(maps.Keys(every))))
				}
				continue
			}
			v.Products = append(v.Products, p)
		}
		if s.Draft && !opt.Drafts {
			c.Drafts = append(c.Drafts, s)
			continue
		}
		st := stories[s.Slug]
		if st == nil {
			st = &Story{Slug: s.Slug, Versions: make([]*StoryVersion, nl)}
			stories[s.Slug] = st
			c.Stories = append(c.Stories, st)
		}
		v.Parent = st
		st.Versions[s.Lang] = v
		c.StoriesIn[s.Lang] = append(c.StoriesIn[s.Lang], v)
		for _, p := range v.Products {
			p.Stories[s.Lang] = append(p.Stories[s.Lang], v)
		}
	}
	slices.SortFunc(c.Stories, func(a, b *Story) int { return strings.Compare(a.Slug, b.Slug) })
	newestFirst := func(vs []*StoryVersion) {
		if len(vs) < 2 {
			return
		}
		slices.SortFunc(vs, func(a, b *StoryVersion) int {
			if c := b.Date.Compare(a.Date); c != 0 {
				return c
			}
			return strings.Compare(a.Slug, b.Slug)
		})
	}
	for li := range c.StoriesIn {
		newestFirst(c.StoriesIn[li])
	}
	for _, p := range c.Products {
		for li := range p.Stories {
			newestFirst(p.Stories[li])
		}
	}
}

// list makes the listings from each language's name order of the
// products (orders[li], where each is in c.Products): every current
// product is visited in that order once per star level (5, 4, 3) and put
// in the listings it belongs to, so no listing needs sorting. It also
// counts the current products and fills each producer's All.
//
// A listing holds the same products in every language, only in another
// order: each is counted once, cut at its size from one array per
// language, and the languages are filled in parallel, from a compact copy
// of what each product is listed by.
func (c *Catalogue) list(orders [][]int32) {
	nl := len(c.Languages)
	nd, ng, np := len(c.Districts), len(c.Groups), len(c.Producers)
	// The listings, numbered: the districts', the groups', the producers',
	// then each star level's by district (5 stars first), so that a star
	// level's listing is its districts' runs one after the other.
	groups, producers, stars := nd, nd+ng, nd+ng+np
	count := make([]int, stars+3*nd)
	type entry struct {
		district, group, producer int32
		stars                     int8 // 0 when not current
	}
	entries := make([]entry, len(c.Products))
	all := make([]int, np) // each producer's products, current or not
	for i, p := range c.Products {
		all[p.Producer.n]++
		if !p.Current {
			continue
		}
		c.Current++
		p.District.ByStars[p.Stars]++
		entries[i] = entry{district: int32(p.District.n), group: int32(p.Group.n), producer: int32(p.Producer.n), stars: int8(p.Stars)}
		count[p.District.n]++
		for g := p.Group; g != nil; g = g.Parent {
			count[groups+g.n]++
		}
		count[producers+p.Producer.n]++
		count[stars+(5-p.Stars)*nd+p.District.n]++
	}
	start := make([]int, len(count)+1)
	for k, n := range count {
		start[k+1] = start[k] + n
	}

	// The producers' All, in c.Products' order (by slug).
	allOf := make([]*Product, 0, len(c.Products))
	for i, pr := range c.Producers {
		if all[i] > 0 {
			pr.All = allOf[len(allOf) : len(allOf) : len(allOf)+all[i]]
			allOf = allOf[:len(allOf)+all[i]]
		}
	}
	for _, p := range c.Products {
		p.Producer.All = append(p.Producer.All, p)
	}

	byLang := make([][]*Product, nl*(nd+ng+np+len(c.Stars)))
	next := func() [][]*Product {
		s := byLang[:nl:nl]
		byLang = byLang[nl:]
		return s
	}
	for _, d := range c.Districts {
		d.Products = next()
	}
	for _, g := range c.Groups {
		g.Products = next()
	}
	for _, p := range c.Producers {
		p.Products = next()
	}
	for _, s := range c.Stars {
		s.Products = next()
	}

	var wg sync.WaitGroup
	for li, order := range orders {
		wg.Go(func() {
			lists := make([]*Product, start[len(count)])
			at := slices.Clone(start[:len(count)])
			put := func(k int, p *Product) {
				lists[at[k]] = p
				at[k]++
			}
			for level := range 3 {
				s := int8(5 - level)
				for _, i := range order {
					e := entries[i]
					if e.stars != s {
						continue
					}
					p := c.Products[i]
					put(int(e.district), p)
					for g := c.Groups[e.group]; g != nil; g = g.Parent {
						put(groups+g.n, p)
					}
					put(producers+int(e.producer), p)
					put(stars+level*nd+int(e.district), p)
				}
			}
			// cut is the listings from k to l (excluded), nil when empty.
			cut := func(k, l int) []*Product {
				if start[k] == start[l] {
					return nil
				}
				return lists[start[k]:start[l]:start[l]]
			}
			for k, d := range c.Districts {
				d.Products[li] = cut(k, k+1)
			}
			for k, g := range c.Groups {
				g.Products[li] = cut(groups+k, groups+k+1)
			}
			for k, p := range c.Producers {
				p.Products[li] = cut(producers+k, producers+k+1)
			}
			for level, s := range c.Stars {
				s.Products[li] = cut(stars+level*nd, stars+(level+1)*nd)
			}
		})
	}
	wg.Wait()
}

// relate picks each product's related products: current products of the
// same district, the same group first, then more stars, then by slug.
func (c *Catalogue) relate() {
	type key struct {
		d *District
		g *Group
	}
	// The current products of each district, and of each district and
	// group, more stars first, then by slug.
	byDistrict := map[*District][]*Product{}
	byGroup := map[key][]*Product{}
	for _, d := range c.Districts {
		pool := slices.Clone(d.Products[0])
		slices.SortStableFunc(pool, func(a, b *Product) int {
			if a.Stars != b.Stars {
				return b.Stars - a.Stars
			}
			return strings.Compare(a.Slug, b.Slug)
		})
		byDistrict[d] = pool
		for _, p := range pool {
			k := key{d, p.Group}
			byGroup[k] = append(byGroup[k], p)
		}
	}
	related := make([]*Product, 0, MaxRelated*len(c.Products))
	for _, p := range c.Products {
		p.Related = related[len(related) : len(related) : len(related)+MaxRelated]
		for _, q := range byGroup[key{p.District, p.Group}] {
			if len(p.Related) == MaxRelated {
				break
			}
			if q != p {
				p.Related = append(p.Related, q)
			}
		}
		for _, q := range byDistrict[p.District] {
			if len(p.Related) == MaxRelated {
				break
			}
			if q.Group != p.Group {
				p.Related = append(p.Related, q)
			}
		}
		if len(p.Related) == 0 {
			p.Related = nil
		}
		related = related[:len(related)+len(p.Related)]
	}
}

// bySlug sorts xs by slug, unless they are in that order already (as the
// loader gives the producers, whose files are named by their slugs).
func bySlug[T any](xs []T, slug func(T) string) {
	cmp := func(a, b T) int { return strings.Compare(slug(a), slug(b)) }
	if slices.IsSortedFunc(xs, cmp) {
		return
	}
	// Sorted beside their slugs, which are then read from one array
	// rather than from each record.
	type keyed struct {
		slug string
		x    T
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		ks[i] = keyed{slug(x), x}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.slug, b.slug) })
	for i, k := range ks {
		xs[i] = k.x
	}
}

// districtSlugs lists the districts' slugs in site.yaml's order.
func districtSlugs(ds []*District) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Slug
	}
	return out
}

// groupKeys lists the groups' keys in site.yaml's order.
func groupKeys(groups []*Group) []string {
	keys := make([]string, len(groups))
	for i, g := range groups {
		keys[i] = g.Key
	}
	return keys
}

// lookup finds a record by its slug, or by the slug that a name written
// with capitals or diacritics folds to.
func lookup[T any](m map[string]*T, name string) *T {
	if x, ok := m[name]; ok {
		return x
	}
	return m[vntext.Slug(name)]
}

// nameOrders returns the products in each language's alphabetical order
// of their names (then by slug), computing the languages in parallel.
//
// With a cache, a product whose record was in the cache's last order keeps
// its place there; only the others are sorted, and merged in. This rests
// on the loader's promise that a record, once decoded, never changes but
// for its images: a file read again gives a new record, and a change to
// site.yaml (whose languages give each text its place) new records for
// all. The cache forgets its orders when the languages change all the
// same.
func nameOrders(products []*Product, langs []*Language, cache *KeyCache) [][]int32 {
	// Where each record is in products (for the cache).
	var index map[*load.Product]int
	if cache != nil {
		cache.sameLanguages(langs)
		index = make(map[*load.Product]int, len(products))
		for i, p := range products {
			index[p.Product] = i
		}
	}
	orders := make([][]int32, len(langs))
	var wg sync.WaitGroup
	for li, l := range langs {
		wg.Go(func() {
			orders[li] = nameOrder(products, li, vntext.NewSorter(l.Code), cache.lang(l.Code), index)
		})
	}
	wg.Wait()
	return orders
}

// nameOrder is one language's order of products (see nameOrders), given
// as where each is in products; kept, when set, is the cache of the
// language, and index where each record is in products.
func nameOrder(products []*Product, li int, s *vntext.Sorter, kept *langKeys, index map[*load.Product]int) []int32 {
	rank := func(i int, p *Product) ranked {
		name, _ := Get(p.Name, li)
		r := ranked{rec: p.Product, slug: p.Slug, i: i}
		if kept != nil {
			r.key = kept.keys[name]
		}
		if r.key == nil {
			r.key = s.Key(name)
			if kept != nil {
				kept.keys[name] = r.key
			}
		}
		return r
	}
	// What keeps its place: the last order's records that are still here
	// (none without a cache).
	placed := make([]bool, len(products))
	var stay []ranked
	if kept != nil {
		stay = make([]ranked, 0, len(products))
		for _, r := range kept.order {
			i, ok := index[r.rec]
			if !ok || placed[i] {
				continue
			}
			placed[i] = true
			r.i = i
			stay = append(stay, r)
		}
	}
	// The others, sorted, are merged in.
	moved := make([]ranked, 0, len(products)-len(stay))
	for i, p := range products {
		if !placed[i] {
			moved = append(moved, rank(i, p))
		}
	}
	slices.SortFunc(moved, ranked.compare)
	order := make([]ranked, 0, len(products))
	for len(stay) > 0 && len(moved) > 0 {
		if moved[0].compare(stay[0]) < 0 {
			order, moved = append(order, moved[0]), moved[1:]
		} else {
			order, stay = append(order, stay[0]), stay[1:]
		}
	}
	order = append(append(order, stay...), moved...)
	if kept != nil {
		kept.order = order
	}
	out := make([]int32, len(order))
	for i, r := range order {
		out[i] = int32(r.i)
	}
	return out
}

// Get returns the text of t in language li and the index of the language
// it is really in: li itself, or the default language (0) when t has no
// text in li. It returns "" and li when t has no text at all.
func Get(t load.Text, li int) (string, int) {
	if li < len(t.Values) && t.Values[li] != "" {
		return t.Values[li], li
	}
	if len(t.Values) > 0 && t.Values[0] != "" {
		return t.Values[0], 0
	}
	return "", li
}
