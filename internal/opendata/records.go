package opendata

import (
	"time"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// The records below are both what the JSON files hold (appendJSON writes
// their fields in the documented order) and what the CSV columns read, so
// that the two forms cannot disagree. The JSON is written by hand rather
// than by encoding/json, which is several times slower and allocates ten
// times as much on a big catalogue; the tests check it against the schema.

// langMap is a value per language: it encodes as a JSON object keyed by
// language code, in the site's order, without the languages whose value
// is "".
type langMap struct {
	codes  []string
	values []string // by language index; may be shorter than codes
}

// get returns the value in language li, or "".
func (m langMap) get(li int) string {
	if li < len(m.values) {
		return m.values[li]
	}
	return ""
}

func (m langMap) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for li, code := range m.codes {
		v := m.get(li)
		if v == "" {
			continue
		}
		b = str(b, code, v)
	}
	return append(b, '}')
}

// text is t as a langMap.
func (d *data) text(t load.Text) langMap { return langMap{codes: d.codes, values: t.Values} }

// appendString appends s as a JSON string. It escapes what JSON requires,
// U+2028 and U+2029 (for JavaScript), and < and > (as \u003c and \u003e),
// so that no tag, no "</script>", is ever in the file, whatever reads it
// (a host that serves it as HTML, a page that embeds it); it leaves & as it
// is, and replaces invalid UTF-8 with U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// header is the envelope of both JSON files, before their list.
type header struct {
	Schema    string
	Title     langMap
	Generated string
	Languages []language
}

type language struct {
	Code string
	Name string
}

func (d *data) header(schemaPath string) header {
	h := header{
		Schema:    d.url(schemaPath),
		Title:     d.text(d.cat.Title),
		Generated: d.cat.Now.Format(time.DateOnly),
	}
	for _, l := range d.cat.Languages {
		h.Languages = append(h.Languages, language{Code: l.Code, Name: l.Name})
	}
	return h
}

// product is one product of products.json.
type product struct {
	Slug        string
	URL         langMap
	Name        langMap
	Summary     langMap
	Description langMap
	Stars       int
	Group       group
	District    district
	Commune     langMap
	Place       *place
	Producer    producerRef
	Certificate certificate
	Price       *price
	Specs       specs
	Tags        []string
	Images      []image

	// contact is the producer's, for the CSV.
	contact *model.Producer
}

type group struct {
	Key  string
	Name langMap
}

// place is where a product or producer is, with the site's places table:
// today's commune and province, and, when the record names the commune it
// was before, that commune, its district and its province.
type place struct {
	Commune, Kind, Province string
	Former                  *formerPlace
}

type formerPlace struct {
	Commune, Kind, District, Province string
}

// place returns pl's record, or nil without a places table.
func (d *data) place(pl model.Place) *place {
	ps := d.cat.Places
	if ps == nil || pl.Commune == nil {
		return nil
	}
	x := &place{Commune: pl.Commune.Name.Values[0], Kind: pl.Commune.Kind, Province: ps.Province.Values[0]}
	if f := pl.Former; f != nil {
		x.Former = &formerPlace{Commune: f.Name, Kind: f.Kind, Province: f.Province}
		if f.District != nil {
			x.Former.District = f.District.Slug
		}
		if x.Former.Province == "" {
			x.Former.Province = ps.Region.Values[0]
		}
	}
	return x
}

func (p *place) appendJSON(b []byte) []byte {
	b = str(append(b, '{'), "commune", p.Commune)
	b = str(str(b, "kind", p.Kind), "province", p.Province)
	if f := p.Former; f != nil {
		b = str(str(append(key(b, "former"), '{'), "commune", f.Commune), "kind", f.Kind)
		b = strOmit(b, "district", f.District)
		b = append(str(b, "province", f.Province), '}')
	}
	return append(b, '}')
}

// placeColumns are the CSV columns of a place.
func placeColumns[T any](of func(T) *place) []column[T] {
	get := func(f func(*place) string) func(T) string {
		return func(x T) string {
			if p := of(x); p != nil {
				return f(p)
			}
			return ""
		}
	}
	former := func(f func(*formerPlace) string) func(*place) string {
		return func(p *place) string {
			if p.Former != nil {
				return f(p.Former)
			}
			return ""
		}
	}
	return []column[T]{
		one("place_commune", get(func(p *place) string { return p.Commune })),
		one("place_kind", get(func(p *place) string { return p.Kind })),
		one("place_province", get(func(p *place) string { return p.Province })),
		one("former_commune", get(former(func(f *formerPlace) string { return f.Commune }))),
		one("former_kind", get(former(func(f *formerPlace) string { return f.Kind }))),
		one("former_province", get(former(func(f *formerPlace) string { return f.Province }))),
	}
}

type district struct {
	Slug string
	Name langMap
}

type producerRef struct {
	Slug string
	Name langMap
}

type certificate struct {
	Number  string
	Issued  string
	Expires string
	Issuer  langMap
}

type price struct {
	Min      int64
	Max      int64
	Currency string
	Unit     langMap
}

type image struct {
	Path   string
	URL    string
	Width  int
	Height int
	Alt    langMap
}

// specs encodes as an object from each key to its text, in the record's
// order.
type specs []spec

type spec struct {
	key   string
	value langMap
}

func (s specs) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for _, x := range s {
		b = x.value.appendJSON(key(b, x.key))
	}
	return append(b, '}')
}

// product returns p's record.
func (d *data) product(p *model.Product) *product {
	urls := make([]string, len(d.codes))
	for li := range urls {
		urls[li] = d.url(p.PagePath(li))
	}
	x := &product{
		Slug:        p.Slug,
		URL:         langMap{codes: d.codes, values: urls},
		Name:        d.text(p.Name),
		Summary:     d.text(p.Summary),
		Description: d.text(p.Description),
		Stars:       p.Stars,
		Group:       group{Key: p.Group.Key, Name: d.text(p.Group.Name)},
		District:    district{Slug: p.District.Slug, Name: d.text(p.District.Name)},
		Commune:     d.text(p.Commune),
		Place:       d.place(p.Place),
		Producer:    producerRef{Slug: p.Producer.Slug, Name: d.text(p.Producer.Name)},
		Certificate: certificate{
			Number:  p.Certificate.Number,
			Issued:  p.Certificate.Issued.Format(time.DateOnly),
			Expires: p.Certificate.Expires.Format(time.DateOnly),
			Issuer:  d.text(p.Certificate.Issuer),
		},
		Specs:   make(specs, 0, len(p.Specs)),
		Tags:    append([]string{}, p.Tags...),
		Images:  make([]image, 0, len(p.Images)),
		contact: p.Producer,
	}
	if pr := p.Price; pr != nil {
		x.Price = &price{Min: pr.Min, Max: pr.Max, Currency: pr.Currency, Unit: d.text(pr.Unit)}
	}
	for _, s := range p.Specs {
		x.Specs = append(x.Specs, spec{key: s.Key, value: d.text(s.Value)})
	}
	for _, img := range p.Images {
		alt := img.Alt
		if !hasText(alt) {
			alt = p.Name
		}
		published := d.imagePath(img)
		x.Images = append(x.Images, image{
			Path: published, URL: d.url(published),
			Width: img.Width, Height: img.Height, Alt: d.text(alt),
		})
	}
	return x
}

// hasText reports whether t has text in some language.
func hasText(t load.Text) bool {
	for _, v := range t.Values {
		if v != "" {
			return true
		}
	}
	return false
}

// producer is one producer of producers.json.
type producer struct {
	Slug           string
	URL            langMap
	Name           langMap
	Kind           string
	Representative string
	Phone          string
	Email          string
	Website        string
	Zalo           string
	Address        langMap
	Place          *place
	Products       []string
	Description    langMap
}

// producer returns p's record.
func (d *data) producer(p *model.Producer) *producer {
	urls := make([]string, len(d.codes))
	for li, pg := range p.Pages {
		if li < len(urls) && pg != nil {
			urls[li] = d.url(pg.Path)
		}
	}
	x := &producer{
		Slug: p.Slug, URL: langMap{codes: d.codes, values: urls}, Name: d.text(p.Name), Kind: p.Kind,
		Representative: p.Representative, Phone: p.Phone, Email: p.Email, Website: p.Website, Zalo: p.Zalo,
		Address: d.text(p.Address), Place: d.place(p.Place), Products: []string{}, Description: d.text(p.Description),
	}
	// All is in slug order; its current products are those listed.
	for _, q := range p.All {
		if q.Current {
			x.Products = append(x.Products, q.Slug)
		}
	}
	return x
}

// products calls fn with the record of each current product, in slug
// order.
func (d *data) products(fn func(*product) error) error {
	for _, p := range d.cat.Products {
		if !p.Current {
			continue
		}
		if err := fn(d.product(p)); err != nil {
			return err
		}
	}
	return nil
}

// producers calls fn with the record of each listed producer, in slug
// order.
func (d *data) producers(fn func(*producer) error) error {
	for _, p := range d.cat.Producers {
		if !p.Listed() {
			continue
		}
		if err := fn(d.producer(p)); err != nil {
			return err
		}
	}
	return nil
}
