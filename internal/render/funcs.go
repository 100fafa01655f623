package render

import (
	"fmt"
	"github.com/hagiang-ocop/ocop/internal/deps"
	"github.com/hagiang-ocop/ocop/internal/htmltemplate"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// templateFunc is a template function and how a page that calls it
// depends on the catalogue (package deps): a Pure function's result
// follows from its arguments, the language and the theme; a Reads
// function reads the catalogue (each call is recorded and made again to
// check it); a Derived one reads no more than the records in its
// arguments; a Fragment brings the deps of the fragment it makes.
type templateFunc struct {
	class deps.Class
	fn    any
}

// funcs returns the template functions for language li. Templates are
// parsed with language 0's and each language's copy gets its own.
func (r *Renderer) funcs(li int) map[string]templateFunc {
	lang := r.cat.Languages[li]
	return map[string]templateFunc{
		// T returns an interface string; Tf one with placeholders, filled
		// from name, value pairs (a count named n picks the plural). T
		// takes no arguments: a template calls it on every page, and a
		// variadic call costs a slice each time.
		"T":  {deps.Pure, func(key string) (string, error) { return r.str(li, key) }},
		"Tf": {deps.Pure, func(key string, args ...any) (string, error) { return r.str(li, key, args...) }},
		// tr returns a text field, marked when it falls back to another
		// language; text returns it plain, for attributes and titles.
		"tr":   {deps.Pure, func(t load.Text) template.HTML { return r.inline(li, t) }},
		"text": {deps.Pure, func(t load.Text) string { s, _ := model.Get(t, li); return s }},
		// translated reports whether t has text in this language itself.
		"translated": {deps.Pure, func(t load.Text) bool { _, from := model.Get(t, li); return from == li }},
		// md renders a Markdown text field, marked when it falls back.
		"md":       {deps.Pure, func(t load.Text) (template.HTML, error) { return r.block(li, t) }},
		"markdown": {deps.Pure, func(s string) (template.HTML, error) { h, err := r.markdown(s); return template.HTML(h), err }},
		"lang":     {deps.Pure, func() *model.Language { return lang }},
		// card is a product's card, made once per language by the template
		// "card"; fragment is the template name made once per language
		// and key (it receives a Fragment).
		"card": {deps.Fragment, func(p *model.Product) (template.HTML, error) {
			return r.fragment(li, fragmentKey{name: "card", product: p}, p)
		}},
		"fragment": {deps.Fragment, func(name, key string) (template.HTML, error) {
			return r.fragment(li, fragmentKey{name: name, key: key}, &Fragment{Site: r.cat, Lang: lang, Key: key})
		}},
		"link":  {deps.Reads, func(x any) (string, error) { return r.link(li, x) }},
		"abs":   {deps.Reads, func(x any) (string, error) { return r.abs(li, x) }},
		"asset": {deps.Pure, r.asset},
		// feed is the address of this language's feed of stories, or "".
		"feed": {deps.Reads, func() string {
			if len(r.cat.StoriesIn[li]) == 0 {
				return ""
			}
			return r.cat.BasePath + r.FeedPath(li)
		}},
		// productFeed is the address of this language's feed of newly
		// certified products, or "".
		"productFeed": {deps.Reads, func() string {
			if r.cat.Current == 0 {
				return ""
			}
			return r.cat.BasePath + r.productFeedPath(li)
		}},
		// qr is the address of a product's QR code (or of the site's,
		// given nothing): one for every language, leading to the
		// product's page in the default language.
		"qr": {deps.Reads, func(p *model.Product) string {
			if p == nil {
				return r.cat.BasePath + QRPath("")
			}
			return r.cat.BasePath + QRPath(p.Slug)
		}},
		// edition is the address of a print edition or label sheet.
		"edition": {deps.Reads, func(kind string, x any) (string, error) { return r.edition(li, kind, x) }},
		// pick is a product's data for the shortlist (JSON).
		"pick": {deps.Reads, func(p *model.Product) (string, error) { return r.pick(li, p) }},
		// printItem and label are a product's entry in a print edition and
		// its booth label, made once per language.
		"printItem": {deps.Fragment, func(p *model.Product) (template.HTML, error) {
			return r.fragment(li, fragmentKey{name: "print-item", product: p}, p)
		}},
		"label": {deps.Fragment, func(p *model.Product) (template.HTML, error) {
			return r.fragment(li, fragmentKey{name: "label", product: p}, p)
		}},
		// place is where a product is made or a producer is, today;
		// placeBefore where that was before the communes were rearranged
		// ("" when the site has no places table); areaHistory what a
		// district (an area) was; commune a commune of today, named with
		// its kind.
		"place": {deps.Reads, func(x any) (string, error) {
			pl, ok := placeOf(x)
			if !ok {
				return "", fmt.Errorf("place: %T has no place", x)
			}
			if w, _ := model.Get(pl.Written, li); w == "" && pl.Commune == nil {
				if _, producer := x.(*model.Producer); producer {
					// A producer's address without a commune says it all.
					return "", nil
				}
			}
			return r.placeNow(li, pl), nil
		}},
		"placeBefore": {deps.Reads, func(x any) (string, error) {
			pl, ok := placeOf(x)
			if !ok {
				return "", fmt.Errorf("placeBefore: %T has no place", x)
			}
			return r.placeBefore(li, pl), nil
		}},
		"areaHistory": {deps.Reads, func(d *model.District) string { return r.areaHistory(li, d) }},
		// address is a producer's address with its place today.
		"address": {deps.Reads, func(p *model.Producer) string { return r.addressLine(li, p) }},
		"commune": {deps.Reads, func(c *model.Commune) string { return r.communeName(li, c) }},
		// bare is an address without its scheme, to print under a QR code.
		"bare": {deps.Pure, func(u string) string {
			if _, rest, ok := strings.Cut(u, "://"); ok {
				return rest
			}
			return u
		}},
		// today is the catalogue's date: the build's, not the clock's.
		"today": {deps.Reads, func() time.Time { return r.cat.Now }},
		// photo is how a page shows an image: its sizes and dimensions.
		"photo":   {deps.Pure, r.picture},
		"date":    {deps.Pure, func(t time.Time) string { return r.date(li, t) }},
		"price":   {deps.Pure, func(p *load.Price) string { return r.price(li, p) }},
		"num":     {deps.Pure, func(n int) string { return r.number(li, int64(n)) }},
		"tel":     {deps.Pure, telURL},
		"zalo":    {deps.Pure, zaloURL},
		"kind":    {deps.Pure, func(k string) string { s, _ := r.str(li, "kind."+k); return s }},
		"tag":     {deps.Pure, func(t string) string { return r.optional(li, "tag."+t, t) }},
		"spec":    {deps.Pure, func(k string) string { return r.optional(li, "spec."+k, k) }},
		"byStars": {deps.Derived, model.ByStars},
		// top returns up to n current products, the most stars first.
		"top": {deps.Reads, func(n int) []*model.Product {
			var out []*model.Product
			for _, s := range r.cat.Stars {
				for _, p := range s.Products[li] {
					if len(out) == n {
						return out
					}
					out = append(out, p)
				}
			}
			return out
		}},
		"byDistrict": {deps.Derived, func(ps []*model.Product) []model.Section {
			return model.ByDistrict(ps)
		}},
		// seq is 1, 2, … n: the stars of a badge, say.
		"seq": {deps.Pure, func(n int) ([]int, error) {
			if n < 0 || n > maxSeq {
				return nil, fmt.Errorf("seq %d: the count must be from 0 to %d", n, maxSeq)
			}
			s := make([]int, n)
			for i := range s {
				s[i] = i + 1
			}
			return s, nil
		}},
		"add": {deps.Pure, func(a, b int) int { return a + b }},
	}
}

// maxSeq is the largest count seq makes: far more than a page needs, and
// far less than would exhaust the memory.
const maxSeq = 10000

// lookup finds a message in language li, else in the default language.
func (r *Renderer) lookup(li int, key string) (load.Message, bool) {
	if m, ok := r.strings[li][key]; ok {
		return m, true
	}
	m, ok := r.strings[0][key]
	return m, ok
}

func (r *Renderer) str(li int, key string, args ...any) (string, error) {
	m, ok := r.lookup(li, key)
	if !ok {
		return "", fmt.Errorf("no interface string %q in templates/i18n/%s.yaml", key, r.cat.Languages[0].Code)
	}
	if len(args)%2 != 0 {
		return "", fmt.Errorf("interface string %q: arguments must come in name, value pairs", key)
	}
	s := m.Other
	for i := 0; i < len(args); i += 2 {
		if args[i] == "n" && m.One != "" {
			if n, ok := args[i+1].(int); ok && n == 1 {
				s = m.One
			}
		}
	}
	for i := 0; i < len(args); i += 2 {
		name, _ := args[i].(string)
		var v string
		switch x := args[i+1].(type) {
		case int:
			v = r.number(li, int64(x))
		case load.Text:
			v, _ = model.Get(x, li)
		default:
			v = fmt.Sprint(x)
		}
		s = strings.ReplaceAll(s, "{"+name+"}", v)
	}
	return s, nil
}

// optional returns the interface string key, or def when there is none.
func (r *Renderer) optional(li int, key, def string) string {
	if m, ok := r.lookup(li, key); ok {
		return m.Other
	}
	return def
}

// langName is the name of language of in the interface language li.
func (r *Renderer) langName(li, of int) string {
	return r.optional(li, "lang."+r.cat.Languages[of].Code, r.cat.Languages[of].Name)
}

// inline returns t's text in language li as HTML; text that falls back to
// another language carries that language's lang attribute and a note.
func (r *Renderer) inline(li int, t load.Text) template.HTML {
	s, from := model.Get(t, li)
	if from == li {
		return template.HTML(html.EscapeString(s))
	}
	note, _ := r.str(li, "untranslated.inline", "lang", r.langName(li, from))
	return template.HTML(`<span lang="` + r.cat.Languages[from].Code + `">` + html.EscapeString(s) +
		`</span> <small class="untranslated">` + html.EscapeString(note) + `</small>`)
}

// block renders t's Markdown in language li; text that falls back to
// another language is wrapped with that language's lang attribute and a
// note saying so.
func (r *Renderer) block(li int, t load.Text) (template.HTML, error) {
	s, from := model.Get(t, li)
	h, err := r.description(s)
	if err != nil || from == li || s == "" {
		return template.HTML(h), err
	}
	note, _ := r.str(li, "untranslated.block", "lang", r.langName(li, from))
	return template.HTML(`<div class="untranslated-block"><p class="untranslated">` + html.EscapeString(note) +
		`</p><div lang="` + r.cat.Languages[from].Code + `">` + h + `</div></div>`), nil
}

// pageOf returns the page of x in language li: a page itself; the first
// page of a product, district, star level (an int), group, producer or
// story; or the index page of a kind.
func (r *Renderer) pageOf(li int, x any) (*model.Page, error) {
	var p *model.Page
	switch v := x.(type) {
	case *model.Page:
		p = v
	case *model.Product:
		p = v.Page(li)
	case *model.District:
		p = v.Pages[li]
	case *model.Star:
		p = v.Pages[li]
	case *model.Group:
		p = v.Pages[li]
	case *model.Producer:
		p = v.Pages[li]
	case *model.StoryVersion:
		p = v.Page
	case int:
		for _, s := range r.cat.Stars {
			if s.Stars == v {
				p = s.Pages[li]
			}
		}
	case model.Kind:
		p = r.index[v][li]
	case string:
		p = r.index[model.Kind(v)][li]
	default:
		return nil, fmt.Errorf("cannot link to %T", x)
	}
	if p == nil {
		return nil, fmt.Errorf("no page for %v", x)
	}
	return p, nil
}

// link returns the root-relative address of x's page in language li.
func (r *Renderer) link(li int, x any) (string, error) {
	if p, ok := x.(*model.Product); ok { // the commonest link, made cheaply
		return r.cat.BasePath + p.PagePath(li), nil
	}
	p, err := r.pageOf(li, x)
	if err != nil {
		return "", fmt.Errorf("link: %w", err)
	}
	return r.cat.BasePath + p.Path, nil
}

// abs returns the absolute address of x's page in language li.
func (r *Renderer) abs(li int, x any) (string, error) {
	p, err := r.pageOf(li, x)
	if err != nil {
		return "", fmt.Errorf("abs: %w", err)
	}
	return r.cat.BaseURL + p.Path, nil
}

// AssetURL returns the address of the static file name (such as
// "style.css") under its content-hashed name.
func (r *Renderer) AssetURL(name string) (string, error) { return r.asset(name) }

func (r *Renderer) asset(name string) (string, error) {
	p, ok := r.assets[name]
	if !ok {
		return "", fmt.Errorf("asset %q: there is no static/%s", name, name)
	}
	return r.cat.BasePath + p, nil
}

// date formats t with the language's "format.date" layout (Go's
// reference-time notation: 02/01/2006, 2 January 2006, 2006年1月2日).
func (r *Renderer) date(li int, t time.Time) string {
	layout := r.optional(li, "format.date", "2006-01-02")
	return t.Format(layout)
}

// number formats n with the language's digit-group separator.
func (r *Renderer) number(li int, n int64) string {
	sep := r.optional(li, "format.thousands", ",")
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// price formats a price range: "120.000–150.000 ₫ / hộp".
func (r *Renderer) price(li int, p *load.Price) string {
	if p == nil {
		return ""
	}
	amount := r.number(li, p.Min)
	if p.Max > p.Min {
		amount += "–" + r.number(li, p.Max)
	}
	cur := r.optional(li, "currency."+p.Currency, p.Currency)
	s, _ := r.str(li, "format.price", "amount", amount, "currency", cur)
	if unit, _ := model.Get(p.Unit, li); unit != "" {
		s2, _ := r.str(li, "format.per-unit", "price", s, "unit", unit)
		return s2
	}
	return s
}

// telURL turns a Vietnamese phone number into a tel: link with the country
// code: "0219 3887 123" → "tel:+842193887123". It is a template.URL, since
// html/template would refuse the tel: scheme; it holds only digits.
func telURL(phone string) template.URL {
	digits := phoneDigits(phone)
	switch {
	case strings.HasPrefix(phone, "+"):
		return template.URL("tel:+" + digits)
	case strings.HasPrefix(digits, "0"):
		return template.URL("tel:+84" + digits[1:])
	}
	return template.URL("tel:" + digits)
}

// zaloURL is the Zalo chat link of a phone number.
func zaloURL(phone string) string {
	digits := phoneDigits(phone)
	if strings.HasPrefix(phone, "+84") {
		digits = "0" + strings.TrimPrefix(digits, "84")
	}
	return "https://zalo.me/" + digits
}

func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
