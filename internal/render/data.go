package render

import (
	"github.com/hagiang-ocop/ocop/internal/htmltemplate"
	"regexp"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// Data is what a page template receives.
//
// It copies the fields of its model.Page instead of embedding it: a
// template's field lookup on a struct with an embedded one searches it
// field by field, a cost that 75,000 pages feel.
type Data struct {
	Page *model.Page
	Site *model.Catalogue
	// The page's own fields (see model.Page).
	Kind              model.Kind
	Listed            bool
	Translations      []*model.Page
	Product           *model.Product
	District          *model.District
	Star              *model.Star
	Group             *model.Group
	Producer          *model.Producer
	Story             *model.StoryVersion
	Items             []*model.Product
	Contents          bool
	Number, Count     int
	First, Prev, Next *model.Page
	// Volumes are the volumes of a print edition or a sheet of labels that
	// comes in more than one (model.VolumeSize), this one among them.
	Volumes []*model.Page
	// Lang is the page's language (also for the 404 and root pages, which
	// have no model.Page of their own).
	Lang *model.Language
	// Heading is the page's <h1>, Title its <title>, Description its meta
	// description.
	Heading     string
	Title       string
	Description string
	// URL is the page's root-relative address, Canonical its absolute one.
	URL       string
	Canonical string
	// Alternates are the page in every language it exists in, this one
	// included, in the site's language order; XDefault is the one for
	// readers of other languages.
	Alternates []Alternate
	XDefault   string
	// OGType and OGImage are the Open Graph type and image (absolute).
	OGType      string
	OGImage     string
	Breadcrumbs []Crumb
	// JSONLD is the schema.org data of the page, or nil.
	JSONLD any
	// Head is what ocop puts in <head> for search engines and sharing:
	// robots, canonical, hreflang alternates, the feed, Open Graph and
	// JSON-LD. It is made in Go, not in a template: it is the same
	// plumbing on every page, and the most template actions of a page.
	Head template.HTML
	// Home is the home page in this language.
	Home *model.Page
}

// Alternate is a translation of a page.
type Alternate struct {
	Lang *model.Language
	// Current reports whether it is the page itself.
	Current bool
	// Href is the root-relative address, URL the absolute one.
	Href string
	URL  string
}

// Crumb is one step of a breadcrumb trail.
type Crumb struct {
	Name string
	Href string
}

func (r *Renderer) data(p *model.Page) *Data {
	li := p.Lang.Index
	d := &Data{
		Page: p, Site: r.cat, Lang: p.Lang,
		Kind: p.Kind, Listed: p.Listed, Translations: p.Translations,
		Product: p.Product, District: p.District, Star: p.Star, Group: p.Group, Producer: p.Producer, Story: p.Story,
		Items: p.Items, Contents: p.Contents, Number: p.Number, Count: p.Count, First: p.First, Prev: p.Prev, Next: p.Next,
		URL: r.cat.BasePath + p.Path, Canonical: r.cat.BaseURL + p.Path,
		OGType: "website", Home: r.index[model.HomePage][li],
	}
	for _, t := range p.Translations {
		if t == nil {
			continue
		}
		d.Alternates = append(d.Alternates, Alternate{Lang: t.Lang, Current: t == p, Href: r.cat.BasePath + t.Path, URL: r.cat.BaseURL + t.Path})
	}
	if len(d.Alternates) > 0 {
		d.XDefault = d.Alternates[0].URL
	}
	site, _ := model.Get(r.cat.Title, li)
	siteDesc, _ := model.Get(r.cat.Description, li)
	t := func(key string, args ...any) string { s, _ := r.str(li, key, args...); return s }
	home := Crumb{Name: t("nav.home"), Href: r.cat.BasePath + d.Home.Path}
	d.Breadcrumbs = []Crumb{home}
	crumb := func(name string, x any) {
		href, _ := r.link(li, x)
		d.Breadcrumbs = append(d.Breadcrumbs, Crumb{Name: name, Href: href})
	}
	switch p.Kind {
	case model.HomePage:
		d.Heading, d.Description = site, siteDesc
		d.Breadcrumbs = nil
	case model.ProductPage:
		pr := p.Product
		name, _ := model.Get(pr.Name, li)
		district, _ := model.Get(pr.District.Name, li)
		d.Heading = name
		d.Description, _ = model.Get(pr.Summary, li)
		if d.Description == "" {
			desc, _ := model.Get(pr.Description, li)
			d.Description = plainText(desc)
		}
		d.OGType = "product"
		if len(pr.Images) > 0 && pr.Images[0].Format != "svg" {
			// Sharing previews do not show SVG: those fall back to the site's image.
			d.OGImage = r.cat.BaseURL + r.images[pr.Images[0].Path].Largest
		}
		crumb(t("nav.districts"), model.DistrictsPage)
		crumb(district, pr.District)
		d.JSONLD = r.productLD(li, p, d)
	case model.DistrictsPage:
		d.Heading = t("nav.districts")
		d.Description = t("page.districts.description", "site", site)
	case model.DistrictPage:
		name, _ := model.Get(p.District.Name, li)
		d.Heading = name
		d.Description, _ = model.Get(p.District.Description, li)
		if d.Description == "" {
			d.Description = t("page.district.description", "district", name, "n", len(p.District.Products[li]))
		}
		crumb(t("nav.districts"), model.DistrictsPage)
	case model.StarsPage:
		d.Heading = t("nav.stars")
		d.Description = t("page.stars.description")
	case model.StarPage:
		d.Heading = t("stars.title", "n", p.Star.Stars)
		d.Description = t("page.star.description", "stars", p.Star.Stars, "n", len(p.Star.Products[li]))
		crumb(t("nav.stars"), model.StarsPage)
	case model.GroupsPage:
		d.Heading = t("nav.groups")
		d.Description = t("page.groups.description")
	case model.GroupPage:
		name, _ := model.Get(p.Group.Name, li)
		d.Heading = name
		d.Description, _ = model.Get(p.Group.Description, li)
		if d.Description == "" {
			d.Description = t("page.group.description", "group", name, "n", len(p.Group.Products[li]))
		}
		crumb(t("nav.groups"), model.GroupsPage)
		var parents []*model.Group
		for g := p.Group.Parent; g != nil; g = g.Parent {
			parents = append([]*model.Group{g}, parents...)
		}
		for _, g := range parents {
			gn, _ := model.Get(g.Name, li)
			crumb(gn, g)
		}
	case model.ProducersPage:
		d.Heading = t("nav.producers")
		d.Description = t("page.producers.description")
	case model.ProducerPage:
		name, _ := model.Get(p.Producer.Name, li)
		d.Heading = name
		desc, _ := model.Get(p.Producer.Description, li)
		d.Description = plainText(desc)
		if d.Description == "" {
			addr, _ := model.Get(p.Producer.Address, li)
			d.Description = t("page.producer.description", "producer", name, "kind", t("kind."+p.Producer.Kind), "address", addr)
		}
		crumb(t("nav.producers"), model.ProducersPage)
	case model.StoriesPage:
		d.Heading = t("nav.stories")
		d.Description = t("page.stories.description", "site", site)
	case model.StoryPage:
		s := p.Story
		d.Heading = s.Title
		d.Description = s.Summary
		if d.Description == "" {
			d.Description = plainText(s.Body)
		}
		d.OGType = "article"
		if s.Image != nil && s.Image.Format != "svg" {
			d.OGImage = r.cat.BaseURL + r.images[s.Image.Path].Largest
		}
		crumb(t("nav.stories"), model.StoriesPage)
	case model.TradePage:
		d.Heading = t("trade.title")
		d.Description = t("trade.description")
	case model.SearchPage:
		d.Heading = t("search.title")
		d.Description = t("page.search.description")
	case model.ShortlistPage:
		d.Heading = t("shortlist.title")
		d.Description = t("shortlist.description")
	case model.PrintPage:
		switch {
		case p.District != nil:
			name, _ := model.Get(p.District.Name, li)
			d.Heading = t("print.district", "district", name)
		case p.Star != nil:
			d.Heading = t("stars.title", "n", p.Star.Stars)
		default:
			d.Heading = t("print.title")
		}
		n := len(p.Items)
		switch {
		case p.Contents && p.Star != nil:
			n = len(p.Star.Products[li])
		case p.Contents:
			n = r.cat.Current
		}
		d.Description = t("print.description", "n", n)
		crumb(t("trade.title"), model.TradePage)
	case model.LabelsPage:
		name, _ := model.Get(p.District.Name, li)
		d.Heading = t("labels.title", "district", name)
		d.Description = t("labels.description", "n", len(p.Items))
		crumb(t("trade.title"), model.TradePage)
	}
	d.Title = d.Heading
	switch {
	case p.Count > 1 && (p.Kind == model.PrintPage || p.Kind == model.LabelsPage):
		d.Title += " – " + t("print.volume", "n", p.Number, "count", p.Count)
		for v := p.First; v != nil; v = v.Next {
			d.Volumes = append(d.Volumes, v)
		}
	case p.Count > 1:
		d.Title += " – " + t("page.n", "n", p.Number, "count", p.Count)
	}
	if p.Kind != model.HomePage {
		d.Title += " | " + site
	}
	if d.Description == "" {
		d.Description = siteDesc
	}
	d.Description = vntext.Truncate(d.Description, 200)
	if d.OGImage == "" {
		if og, ok := r.assets["og.png"]; ok {
			d.OGImage = r.cat.BaseURL + og
		}
	}
	d.Head = r.head(d)
	return d
}

// special is the data of the root and 404 pages, which have no model page.
func (r *Renderer) special(lang *model.Language, home *model.Page, kind string) *Data {
	li := lang.Index
	site, _ := model.Get(r.cat.Title, li)
	d := &Data{Site: r.cat, Lang: lang, Home: home, URL: r.cat.BasePath + home.Path, Canonical: r.cat.BaseURL + home.Path, OGType: "website"}
	d.Page = &model.Page{Lang: lang, Translations: home.Translations}
	d.Translations = home.Translations
	for _, t := range home.Translations {
		d.Alternates = append(d.Alternates, Alternate{Lang: t.Lang, Href: r.cat.BasePath + t.Path, URL: r.cat.BaseURL + t.Path})
	}
	d.XDefault = d.Alternates[0].URL
	if kind == notFoundKind {
		d.Heading, _ = r.str(li, "notfound.title")
		d.Title = d.Heading + " | " + site
		d.URL = r.cat.BasePath + "404.html"
	} else {
		d.Heading, d.Title = site, site
	}
	d.Description, _ = model.Get(r.cat.Description, li)
	d.Head = r.head(d)
	return d
}

// plainText makes a rough one-line text of Markdown for a meta description.
func plainText(md string) string {
	var b strings.Builder
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimLeft(line, "#>-*+ ")
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(line)
		if b.Len() > 400 {
			break
		}
	}
	s := htmlTag.ReplaceAllString(b.String(), "")
	return strings.NewReplacer("**", "", "__", "", "*", "", "`", "", "[", "", "]", "").Replace(s)
}

// htmlTag is an HTML tag or comment in Markdown, which a plain text leaves
// out as the page does.
var htmlTag = regexp.MustCompile(`<(?:[A-Za-z][A-Za-z0-9-]*|/[A-Za-z][A-Za-z0-9-]*|!--)[^<>]*>`)

// JSON-LD: schema.org types, as ordered structs so the output reads well.
// A product page's is its Product alone. (A BreadcrumbList beside it was
// half a KB a page, 27 MB of a national catalogue, for breadcrumbs that
// search engines no longer show on phones, where the buyers are; the
// page's own breadcrumbs remain.)

type ldProduct struct {
	Context          string   `json:"@context"`
	Type             string   `json:"@type"`
	Name             string   `json:"name"`
	Description      string   `json:"description,omitempty"`
	URL              string   `json:"url"`
	Image            []string `json:"image,omitempty"`
	Category         string   `json:"category,omitempty"`
	Manufacturer     *ldOrg   `json:"manufacturer,omitempty"`
	CountryOfOrigin  string   `json:"countryOfOrigin,omitempty"`
	HasCertification ldCert   `json:"hasCertification"`
	Offers           *ldOffer `json:"offers,omitempty"`
	Keywords         string   `json:"keywords,omitempty"`
}

type ldOrg struct {
	Type      string         `json:"@type"`
	Name      string         `json:"name"`
	URL       string         `json:"url,omitempty"`
	Telephone string         `json:"telephone,omitempty"`
	Email     string         `json:"email,omitempty"`
	Address   *postalAddress `json:"address,omitempty"`
}

type ldCert struct {
	Type                        string   `json:"@type"`
	Name                        string   `json:"name"`
	CertificationIdentification string   `json:"certificationIdentification"`
	CertificationRating         ldRating `json:"certificationRating"`
	CertificationStatus         string   `json:"certificationStatus"`
	IssuedBy                    ldOrg    `json:"issuedBy"`
	ValidFrom                   string   `json:"validFrom"`
	Expires                     string   `json:"expires"`
}

type ldRating struct {
	Type        string `json:"@type"`
	RatingValue int    `json:"ratingValue"`
	BestRating  int    `json:"bestRating"`
	WorstRating int    `json:"worstRating"`
}

type ldOffer struct {
	Type          string `json:"@type"`
	LowPrice      int64  `json:"lowPrice"`
	HighPrice     int64  `json:"highPrice"`
	PriceCurrency string `json:"priceCurrency"`
}

func (r *Renderer) productLD(li int, p *model.Page, d *Data) any {
	pr := p.Product
	name, _ := model.Get(pr.Name, li)
	group, _ := model.Get(pr.Group.Name, li)
	producer, _ := model.Get(pr.Producer.Name, li)
	issuer, _ := model.Get(pr.Certificate.Issuer, li)
	certName, _ := r.str(li, "stars.certification", "n", pr.Stars)
	prod := ldProduct{
		Context: "https://schema.org", Type: "Product", Name: name, Description: d.Description, URL: d.Canonical,
		Category: group, CountryOfOrigin: "VN",
		Manufacturer: &ldOrg{Type: "Organization", Name: producer, URL: r.cat.BaseURL + pr.Producer.Pages[li].Path,
			Telephone: pr.Producer.Phone, Email: pr.Producer.Email, Address: r.address(li, pr.Producer)},
		HasCertification: ldCert{
			Type: "Certification", Name: certName,
			CertificationIdentification: pr.Certificate.Number,
			CertificationRating:         ldRating{Type: "Rating", RatingValue: pr.Stars, BestRating: 5, WorstRating: 1},
			CertificationStatus:         "https://schema.org/CertificationActive",
			IssuedBy:                    ldOrg{Type: "Organization", Name: issuer},
			ValidFrom:                   pr.Certificate.Issued.Format(time.DateOnly),
			Expires:                     pr.Certificate.Expires.Format(time.DateOnly),
		},
		Keywords: strings.Join(pr.Tags, ", "),
	}
	if !pr.Current {
		prod.HasCertification.CertificationStatus = "https://schema.org/CertificationInactive"
	}
	for _, img := range pr.Images {
		prod.Image = append(prod.Image, r.cat.BaseURL+r.images[img.Path].Largest)
	}
	if pr.Price != nil {
		hi := pr.Price.Max
		if hi < pr.Price.Min {
			hi = pr.Price.Min
		}
		prod.Offers = &ldOffer{Type: "AggregateOffer", LowPrice: pr.Price.Min, HighPrice: hi, PriceCurrency: pr.Price.Currency}
	}
	return prod
}
