package model

import (
	"slices"
	"strconv"
	"strings"
)

// Kind is the kind of a page.
type Kind string

// The kinds of page, each rendered by the template of the same name.
const (
	HomePage      Kind = "home"
	ProductPage   Kind = "product"
	DistrictsPage Kind = "districts"
	DistrictPage  Kind = "district"
	StarsPage     Kind = "stars"
	StarPage      Kind = "star"
	GroupsPage    Kind = "groups"
	GroupPage     Kind = "group"
	ProducersPage Kind = "producers"
	ProducerPage  Kind = "producer"
	StoriesPage   Kind = "stories"
	StoryPage     Kind = "story"
	// The trade promotion kit: a page that leads to all of it, print
	// editions of the catalogue (whole, by district, by star level), sheets
	// of booth labels by district, and the shortlist a buyer keeps in the
	// browser. None is listed for search engines.
	TradePage     Kind = "trade"
	PrintPage     Kind = "print"
	LabelsPage    Kind = "labels"
	ShortlistPage Kind = "shortlist"
	// SearchPage searches the catalogue in the browser, from the index the
	// build writes into its folder; it is not listed either.
	SearchPage Kind = "search"
)

// PageSize is the number of products on one page of a listing.
const PageSize = 60

// VolumeSize is the number of products in one volume of a print edition
// or of a sheet of labels: about a hundred A4 pages, which a browser
// prints in a minute. A bigger edition (the whole of a national
// catalogue is 16,000 products) comes in volumes, addressed as a
// listing's pages are (print/page/2/).
const VolumeSize = 400

// Page is one HTML page of the site in one language.
type Page struct {
	Kind Kind
	Lang *Language
	// Path is the page's address relative to the site's root, ending in
	// "/" ("vi/products/che-shan-tuyet/"); the file is Path + "index.html".
	Path string
	// Translations are the same page in each language, by language index;
	// nil where the page does not exist in that language.
	Translations []*Page
	// Listed reports whether the page is in the sitemap and open to search
	// engines: a product whose certificate has expired keeps its page, for
	// old links and QR codes, but is not listed.
	Listed bool

	Product  *Product
	District *District
	Star     *Star
	Group    *Group
	Producer *Producer
	Story    *StoryVersion

	// Items are the products shown on this page of a listing.
	Items []*Product
	// Contents reports whether the page is the whole catalogue's print
	// edition, or a star level's, given as its contents: it is bigger
	// than a volume (VolumeSize), and its products are printed in the
	// districts' editions, which the page lists, rather than a second
	// time.
	Contents bool
	// Number and Count place the page in a listing of several pages
	// (1-based); First, Prev and Next lead to the others.
	Number, Count     int
	First, Prev, Next *Page
}

// paginate creates every page of the site.
func (c *Catalogue) paginate() {
	nl := len(c.Languages)
	// each adds one page per language (nil for a language where exist says
	// no), joined as translations of each other; the set's pages are made
	// in one array.
	each := func(kind Kind, path func(lang string) string, exist func(li int) bool, fill func(p *Page)) []*Page {
		set := make([]*Page, nl)
		pages := make([]Page, nl)
		for li, l := range c.Languages {
			if exist != nil && !exist(li) {
				continue
			}
			p := &pages[li]
			*p = Page{Kind: kind, Lang: l, Path: path(l.Code), Translations: set, Listed: true}
			if fill != nil {
				fill(p)
			}
			set[li] = p
			c.Pages = append(c.Pages, p)
		}
		return set
	}
	// listing adds the pages of a listing of products, size to a page.
	listing := func(kind Kind, base func(lang string) string, items [][]*Product, size int, fill func(p *Page)) []*Page {
		count := (len(items[0]) + size - 1) / size
		if count == 0 {
			count = 1
		}
		sets := make([][]*Page, count)
		for n := 1; n <= count; n++ {
			path := base
			if n > 1 {
				path = func(lang string) string { return base(lang) + "page/" + strconv.Itoa(n) + "/" }
			}
			sets[n-1] = each(kind, path, nil, func(p *Page) {
				lo, hi := (n-1)*size, min(n*size, len(items[p.Lang.Index]))
				p.Items = items[p.Lang.Index][lo:hi]
				p.Number, p.Count = n, count
				fill(p)
			})
		}
		for n := range sets {
			for li, p := range sets[n] {
				p.First = sets[0][li]
				if n > 0 {
					p.Prev = sets[n-1][li]
				}
				if n+1 < count {
					p.Next = sets[n+1][li]
				}
			}
		}
		return sets[0]
	}

	c.index = map[Kind][]*Page{}
	c.index[HomePage] = each(HomePage, func(lang string) string { return lang + "/" }, nil, nil)
	// Product pages are made when asked for (Product.Page): most of a
	// big site's pages, they need not all be in memory at once.
	c.index[DistrictsPage] = each(DistrictsPage, func(lang string) string { return lang + "/districts/" }, nil, nil)
	for _, d := range c.Districts {
		d := d
		d.Pages = listing(DistrictPage, func(lang string) string { return lang + "/districts/" + d.Slug + "/" }, d.Products, PageSize,
			func(p *Page) { p.District = d })
	}
	c.index[StarsPage] = each(StarsPage, func(lang string) string { return lang + "/stars/" }, nil, nil)
	for _, s := range c.Stars {
		s := s
		s.Pages = listing(StarPage, func(lang string) string { return lang + "/stars/" + strconv.Itoa(s.Stars) + "/" }, s.Products, PageSize,
			func(p *Page) { p.Star = s })
	}
	c.index[GroupsPage] = each(GroupsPage, func(lang string) string { return lang + "/groups/" }, nil, nil)
	for _, g := range c.Groups {
		g := g
		g.Pages = listing(GroupPage, func(lang string) string { return lang + "/groups/" + g.Key + "/" }, g.Products, PageSize,
			func(p *Page) { p.Group = g })
	}
	c.index[ProducersPage] = each(ProducersPage, func(lang string) string { return lang + "/producers/" }, nil, nil)
	for _, pr := range c.Producers {
		pr.Pages = listing(ProducerPage, func(lang string) string { return lang + "/producers/" + pr.Slug + "/" }, pr.Products, PageSize,
			func(p *Page) {
				p.Producer = pr
				p.Listed = pr.Listed()
			})
	}
	c.tradePages(each, listing)
	c.index[SearchPage] = each(SearchPage, func(lang string) string { return lang + "/search/" }, nil, func(p *Page) { p.Listed = false })
	c.index[StoriesPage] = each(StoriesPage, func(lang string) string { return lang + "/stories/" }, nil, nil)
	for _, s := range c.Stories {
		s := s
		each(StoryPage, func(lang string) string { return lang + "/stories/" + s.Slug + "/" },
			func(li int) bool { return s.Versions[li] != nil },
			func(p *Page) {
				v := s.Versions[p.Lang.Index]
				p.Story = v
				v.Page = p
			})
	}
}

// tradePages adds the pages of the trade promotion kit. A print edition
// lists its products whole, not a listing's 60 to a page: it is one
// document to print, in volumes of VolumeSize products when it is bigger.
func (c *Catalogue) tradePages(each func(Kind, func(string) string, func(int) bool, func(*Page)) []*Page,
	listing func(Kind, func(string) string, [][]*Product, int, func(*Page)) []*Page) {
	unlisted := func(fill func(p *Page)) func(p *Page) {
		return func(p *Page) {
			p.Listed = false
			if fill != nil {
				fill(p)
			}
		}
	}
	c.index[TradePage] = each(TradePage, func(lang string) string { return lang + "/trade/" }, nil, unlisted(nil))
	c.index[ShortlistPage] = each(ShortlistPage, func(lang string) string { return lang + "/shortlist/" }, nil, unlisted(nil))
	whole := make([][]*Product, len(c.Languages))
	for li := range c.Languages {
		for _, d := range c.Districts {
			whole[li] = append(whole[li], d.Products[li]...)
		}
	}
	// The whole catalogue in one edition while it fits in a volume;
	// beyond, its district editions are its volumes. (A catalogue of
	// 16,000 products in three languages printed whole beside its
	// district editions was 63 MB of pages printing the same products
	// again.)
	if beyondVolume(whole) {
		c.index[PrintPage] = each(PrintPage, func(lang string) string { return lang + "/print/" }, nil, unlisted(func(p *Page) { p.Contents = true }))
	} else {
		c.index[PrintPage] = listing(PrintPage, func(lang string) string { return lang + "/print/" }, whole, VolumeSize, unlisted(nil))
	}
	for _, d := range c.Districts {
		d.PrintPages = listing(PrintPage, func(lang string) string { return lang + "/print/districts/" + d.Slug + "/" }, d.Products, VolumeSize,
			unlisted(func(p *Page) { p.District = d }))
		d.LabelPages = listing(LabelsPage, func(lang string) string { return lang + "/labels/districts/" + d.Slug + "/" }, d.Products, VolumeSize,
			unlisted(func(p *Page) { p.District = d }))
	}
	// A star level's edition likewise, once bigger than a volume: its
	// products are in the district editions, by star level.
	for _, s := range c.Stars {
		path := func(lang string) string { return lang + "/print/stars/" + strconv.Itoa(s.Stars) + "/" }
		if beyondVolume(s.Products) {
			s.PrintPages = each(PrintPage, path, nil, unlisted(func(p *Page) { p.Star, p.Contents = s, true }))
			continue
		}
		s.PrintPages = listing(PrintPage, path, s.Products, VolumeSize, unlisted(func(p *Page) { p.Star = s }))
	}
}

// Section is a run of products that share a heading on a listing page.
type Section struct {
	Stars    int       // set when grouped by stars
	District *District // set when grouped by district
	Products []*Product
}

// ByStars splits products (ordered by stars) into one section per level.
func ByStars(ps []*Product) []Section {
	var out []Section
	for _, p := range ps {
		if len(out) == 0 || out[len(out)-1].Stars != p.Stars {
			out = append(out, Section{Stars: p.Stars})
		}
		out[len(out)-1].Products = append(out[len(out)-1].Products, p)
	}
	return out
}

// ByDistrict splits products (ordered by district) into one section per district.
func ByDistrict(ps []*Product) []Section {
	var out []Section
	for _, p := range ps {
		if len(out) == 0 || out[len(out)-1].District != p.District {
			out = append(out, Section{District: p.District})
		}
		out[len(out)-1].Products = append(out[len(out)-1].Products, p)
	}
	return out
}

// PageAt returns the page whose path is p ("vi/products/che/",
// "en/districts/dong-van/page/2/"), or nil. It finds the page from the
// parts of its path, without an index of every page.
func (c *Catalogue) PageAt(p string) *Page {
	lang, rest, ok := strings.Cut(p, "/")
	if !ok || !strings.HasSuffix(rest, "/") && rest != "" {
		return nil
	}
	li := -1
	for _, l := range c.Languages {
		if l.Code == lang {
			li = l.Index
		}
	}
	if li < 0 {
		return nil
	}
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" {
		return c.indexPage(HomePage, li)
	}
	kind, name, _ := strings.Cut(rest, "/")
	// A listing's later pages end in page/<n>.
	number := 1
	if i := strings.LastIndex(name, "page/"); i >= 0 && (i == 0 || name[i-1] == '/') {
		if n, err := strconv.Atoi(name[i+len("page/"):]); err == nil && n > 1 {
			number, name = n, strings.TrimSuffix(name[:i], "/")
		}
	}
	var pages []*Page
	switch kind {
	case "trade", "shortlist", "search":
		if name == "" && number == 1 {
			return c.indexPage(Kind(kind), li)
		}
		return nil
	case "print", "labels":
		pages = c.EditionPages(Kind(kind), name)
	case "products":
		if x := c.productBySlug[name]; x != nil && number == 1 && !strings.Contains(name, "/") {
			return x.Page(li)
		}
		return nil
	case "stories":
		if name == "" {
			return c.indexPage(StoriesPage, li)
		}
		if s := c.storyBySlug[name]; s != nil && number == 1 && s.Versions[li] != nil {
			return s.Versions[li].Page
		}
		return nil
	case "districts":
		if name == "" {
			return c.indexPage(DistrictsPage, li)
		}
		if x := c.districtBySlug[name]; x != nil {
			pages = x.Pages
		}
	case "stars":
		if name == "" {
			return c.indexPage(StarsPage, li)
		}
		for _, x := range c.Stars {
			if strconv.Itoa(x.Stars) == name {
				pages = x.Pages
			}
		}
	case "groups":
		if name == "" {
			return c.indexPage(GroupsPage, li)
		}
		if x := c.groupByKey[name]; x != nil {
			pages = x.Pages
		}
	case "producers":
		if name == "" {
			return c.indexPage(ProducersPage, li)
		}
		if x := c.producerBySlug[name]; x != nil {
			pages = x.Pages
		}
	}
	if pages == nil || pages[li] == nil {
		return nil
	}
	pg := pages[li]
	for pg != nil && pg.Number < number {
		pg = pg.Next
	}
	if pg == nil || pg.Number != number || pg.Path != p {
		return nil
	}
	return pg
}

// EditionPages returns, by language, the first volume of a print edition
// or a label sheet, or nil: name is "" (the whole catalogue),
// "districts/<slug>" or "stars/<n>", as in the edition's address.
func (c *Catalogue) EditionPages(kind Kind, name string) []*Page {
	group, key, _ := strings.Cut(name, "/")
	switch {
	case name == "" && kind == PrintPage:
		return c.index[PrintPage]
	case group == "districts":
		if d := c.districtBySlug[key]; d != nil && !strings.Contains(key, "/") {
			if kind == LabelsPage {
				return d.LabelPages
			}
			return d.PrintPages
		}
	case group == "stars" && kind == PrintPage:
		for _, s := range c.Stars {
			if strconv.Itoa(s.Stars) == key {
				return s.PrintPages
			}
		}
	}
	return nil
}

// indexPage returns the page of a kind that has one per language.
func (c *Catalogue) indexPage(kind Kind, li int) *Page {
	return c.index[kind][li]
}

// Index returns, by language, the page of a kind that has one per
// language: the home page and the indexes of districts, star levels,
// groups, producers and stories.
func (c *Catalogue) Index(kind Kind) []*Page { return c.index[kind] }

// Product returns the product with slug, or nil.
func (c *Catalogue) Product(slug string) *Product { return c.productBySlug[slug] }

// Page returns the product's page in language li, made afresh with its
// translations.
func (p *Product) Page(li int) *Page {
	set := make([]*Page, len(p.cat.Languages))
	for i, l := range p.cat.Languages {
		set[i] = &Page{Kind: ProductPage, Lang: l, Path: p.PagePath(i), Translations: set, Listed: p.Current, Product: p}
	}
	return set[li]
}

// PagePath is the path of the product's page in language li.
func (p *Product) PagePath(li int) string {
	return p.cat.Languages[li].Code + "/products/" + p.Slug + "/"
}

// AllPages yields every page of the site: the home pages, the product
// pages, then the others, in the order of c.Pages.
func (c *Catalogue) AllPages(yield func(*Page) bool) {
	for i, p := range c.Pages {
		if !yield(p) {
			return
		}
		if i == len(c.Languages)-1 { // after the home pages
			for _, pr := range c.Products {
				for _, pg := range pr.Page(0).Translations {
					if !yield(pg) {
						return
					}
				}
			}
		}
	}
}

// PageCount returns the number of pages in each language.
func (c *Catalogue) PageCount() []int {
	n := make([]int, len(c.Languages))
	for _, p := range c.Pages {
		n[p.Lang.Index]++
	}
	for i := range n {
		n[i] += len(c.Products)
	}
	return n
}

// beyondVolume reports whether a listing, in any language, holds more
// products than a printed volume.
func beyondVolume(byLang [][]*Product) bool {
	return slices.ContainsFunc(byLang, func(ps []*Product) bool { return len(ps) > VolumeSize })
}
