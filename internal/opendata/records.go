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

// placeItem is a record's place: an object in the JSON (left out without
// a places table), six columns in the CSV.
func (d *data) placeItem(of func(rec any) model.Place) item {
	get := func(rec any) *place { return d.place(of(rec)) }
	col := func(name string, f func(p *place) string) column[any] {
		return one(name, func(rec any) string {
			if p := get(rec); p != nil {
				return f(p)
			}
			return ""
		})
	}
	former := func(f func(*formerPlace) string) func(*place) string {
		return func(p *place) string {
			if p.Former != nil {
				return f(p.Former)
			}
			return ""
		}
	}
	return item{key: "place",
		json: func(b []byte, rec any) []byte {
			if p := get(rec); p != nil {
				return p.appendJSON(key(b, "place"))
			}
			return b
		},
		cols: []column[any]{
			col("place_commune", func(p *place) string { return p.Commune }),
			col("place_kind", func(p *place) string { return p.Kind }),
			col("place_province", func(p *place) string { return p.Province }),
			col("former_commune", former(func(f *formerPlace) string { return f.Commune })),
			col("former_kind", former(func(f *formerPlace) string { return f.Kind })),
			col("former_province", former(func(f *formerPlace) string { return f.Province })),
		},
		schema: placeSchema(),
	}
}

// pagesItem is the address of a record's page in each language.
func (d *data) pagesItem(path func(rec any, li int) string) item {
	get := func(rec any) langMap {
		urls := make([]string, len(d.codes))
		for li := range urls {
			if p := path(rec, li); p != "" {
				urls[li] = d.url(p)
			}
		}
		return langMap{codes: d.codes, values: urls}
	}
	return item{key: "url", required: true,
		json:   func(b []byte, rec any) []byte { return get(rec).appendJSON(key(b, "url")) },
		cols:   []column[any]{perLang("url", get)},
		schema: obj{"description": "Its page in each language.", "$ref": "#/$defs/urls"},
	}
}

func slugItem(slug func(rec any) string) item {
	return item{key: "slug", required: true,
		json:   func(b []byte, rec any) []byte { return str(b, "slug", slug(rec)) },
		cols:   []column[any]{one("slug", slug)},
		schema: ref("slug"),
	}
}

// productItems are the fields of a product of products.json, in order:
// its slug and page, its declared fields, its area and its place today;
// the CSV also has its producer's contacts.
func (d *data) productItems() []item {
	prod := func(rec any) *model.Product { return rec.(*model.Product) }
	first := []item{
		slugItem(func(rec any) string { return prod(rec).Slug }),
		d.pagesItem(func(rec any, li int) string { return prod(rec).PagePath(li) }),
	}
	area := item{key: "district", required: true,
		json: func(b []byte, rec any) []byte {
			dist := prod(rec).District
			b = str(append(key(b, "district"), '{'), "slug", dist.Slug)
			return append(d.text(dist.Name).appendJSON(key(b, "name")), '}')
		},
		cols: []column[any]{
			one("district", func(rec any) string { return prod(rec).District.Slug }),
			perLang("district_name", func(rec any) langMap { return d.text(prod(rec).District.Name) }),
		},
		schema: obj{"description": "The area: the district the product's folder is named after, as it was before districts ended in 2025.",
			"type": "object", "additionalProperties": false, "required": []string{"slug", "name"},
			"properties": obj{"slug": ref("slug"), "name": ref("text-default")}},
	}
	contact := func(name string, get func(p *model.Producer) string) item {
		return item{key: name, cols: []column[any]{one(name, func(rec any) string { return get(prod(rec).Producer) })}}
	}
	after := []item{area, d.placeItem(func(rec any) model.Place { return prod(rec).Place }),
		contact("phone", func(p *model.Producer) string { return p.Phone }),
		contact("email", func(p *model.Producer) string { return p.Email }),
		contact("zalo", func(p *model.Producer) string { return p.Zalo }),
		contact("website", func(p *model.Producer) string { return p.Website }),
	}
	return d.items(load.Declarations().Product, func(rec any) any { return prod(rec).Product }, first, after)
}

// producerItems are the fields of a producer of producers.json: its slug
// and page, its declared fields, its place today and its current
// products.
func (d *data) producerItems() []item {
	pr := func(rec any) *model.Producer { return rec.(*model.Producer) }
	first := []item{
		slugItem(func(rec any) string { return pr(rec).Slug }),
		d.pagesItem(func(rec any, li int) string {
			if pg := pr(rec).Pages; li < len(pg) && pg[li] != nil {
				return pg[li].Path
			}
			return ""
		}),
	}
	current := func(rec any) []string {
		out := []string{}
		// All is in slug order; its current products are those listed.
		for _, q := range pr(rec).All {
			if q.Current {
				out = append(out, q.Slug)
			}
		}
		return out
	}
	products := item{key: "products", required: true,
		json:   func(b []byte, rec any) []byte { return strs(b, "products", current(rec)) },
		cols:   []column[any]{one("products", func(rec any) string { return joined(current(rec)) })},
		schema: obj{"description": "The slugs of its current products, in slug order.", "type": "array", "items": ref("slug"), "minItems": 1},
	}
	after := []item{d.placeItem(func(rec any) model.Place { return pr(rec).Place }), products}
	return d.items(load.Declarations().Producer, func(rec any) any { return &pr(rec).Producer }, first, after)
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

// products calls fn with each current product, in slug order.
func (d *data) products(fn func(*model.Product) error) error {
	for _, p := range d.cat.Products {
		if !p.Current {
			continue
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// producers calls fn with each producer that has a current product, in
// slug order.
func (d *data) producers(fn func(*model.Producer) error) error {
	for _, p := range d.cat.Producers {
		if !p.Listed() {
			continue
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}
