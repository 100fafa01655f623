package load

import (
	"bytes"
	"net/mail"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/vntext"
	yaml "go.yaml.in/yaml/v4"
)

// ProducerKinds are the kinds of OCOP producer (chủ thể OCOP).
var ProducerKinds = []string{"enterprise", "cooperative", "cooperative-group", "household"}

func decodeProducer(d *decoder, data []byte, slug string) *Producer {
	root := d.parse(data)
	if root == nil {
		return nil
	}
	p := &Producer{File: d.file, Slug: slug}
	d.mapping(root, "a producer", []field{
		{name: "name", required: true, decode: func(_, v *yaml.Node) { p.Name = d.requiredText(v, "name") }},
		{name: "kind", required: true, decode: func(_, v *yaml.Node) {
			p.Kind = d.requiredStr(v, "kind")
			if p.Kind != "" && indexOf(ProducerKinds, p.Kind) < 0 {
				d.errorf(v, "unknown-kind", "unknown producer kind %q%s; kinds are %s",
					p.Kind, diag.DidYouMean(p.Kind, ProducerKinds), strings.Join(ProducerKinds, ", "))
			}
		}},
		{name: "representative", decode: func(_, v *yaml.Node) { p.Representative, _ = d.str(v, "representative") }},
		{name: "address", required: true, decode: func(_, v *yaml.Node) { p.Address = d.requiredText(v, "address") }},
		{name: "commune", decode: func(_, v *yaml.Node) { p.Commune = d.place(v, "commune") }},
		{name: "area", decode: func(_, v *yaml.Node) { s, _ := d.str(v, "area"); p.Area = Ref{s, d.pos(v)} }},
		{name: "phone", decode: func(_, v *yaml.Node) { p.Phone = d.phone(v, "phone") }},
		{name: "email", decode: func(_, v *yaml.Node) {
			if s, ok := d.str(v, "email"); ok {
				if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" {
					d.errorf(v, "email", "email %q is not an address such as lienhe@example.vn", s)
				} else {
					p.Email = s
				}
			}
		}},
		{name: "website", decode: func(_, v *yaml.Node) {
			if s, ok := d.str(v, "website"); ok {
				if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					d.errorf(v, "url", "website %q must be a full address starting with https:// or http://", s)
				} else {
					p.Website = s
				}
			}
		}},
		{name: "zalo", decode: func(_, v *yaml.Node) { p.Zalo = d.phone(v, "zalo") }},
		{name: "description", decode: func(_, v *yaml.Node) { p.Description = d.markdown(v, "description") }},
	})
	return p
}

// phone decodes a telephone number: digits, spaces, dots, dashes,
// parentheses and a leading +, with 8 to 15 digits.
func (d *decoder) phone(n *yaml.Node, what string) string {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			d.errorf(n, "phone", "%s %q may hold only digits, spaces, dots, dashes and a leading +", what, s)
			return ""
		}
	}
	if digits < 8 || digits > 15 {
		d.errorf(n, "phone", "%s %q has %d digits; a phone number has 8 to 15", what, s, digits)
		return ""
	}
	return s
}

func decodeProduct(d *decoder, data []byte, slug, district string) (*Product, []imageRef) {
	root := d.parse(data)
	if root == nil {
		return nil, nil
	}
	p := &Product{File: d.file, Slug: slug, District: Ref{Value: district, Pos: diag.Pos{File: d.file}}}
	var images []imageRef
	d.mapping(root, "a product", []field{
		{name: "name", required: true, decode: func(_, v *yaml.Node) { p.Name = d.requiredText(v, "name") }},
		{name: "summary", decode: func(_, v *yaml.Node) { p.Summary = d.text(v, "summary") }},
		{name: "description", decode: func(_, v *yaml.Node) { p.Description = d.markdown(v, "description") }},
		{name: "stars", required: true, decode: func(_, v *yaml.Node) {
			n, ok := d.integer(v, "stars")
			if !ok {
				return
			}
			switch {
			case n < 3:
				d.errorf(v, "stars", "stars must be 3, 4 or 5, not %d (a product under 3 stars is not an OCOP product)", n)
				return
			case n > 5:
				d.errorf(v, "stars", "stars must be 3, 4 or 5, not %d (5 stars is the highest rating)", n)
				return
			}
			p.Stars = int(n)
		}},
		{name: "group", required: true, decode: func(_, v *yaml.Node) { p.Group = Ref{d.requiredStr(v, "group"), d.pos(v)} }},
		{name: "producer", required: true, decode: func(_, v *yaml.Node) { p.Producer = Ref{d.requiredStr(v, "producer"), d.pos(v)} }},
		// A place name given once is shown as written in every language.
		{name: "commune", decode: func(_, v *yaml.Node) { p.Commune = d.place(v, "commune") }},
		{name: "certificate", required: true, decode: func(_, v *yaml.Node) { p.Certificate = decodeCertificate(d, v) }},
		{name: "images", decode: func(_, v *yaml.Node) { images = decodeImageList(d, v) }},
		{name: "specs", decode: func(_, v *yaml.Node) { p.Specs = decodeSpecs(d, v) }},
		{name: "price", decode: func(_, v *yaml.Node) { p.Price = decodePrice(d, v) }},
		{name: "tags", decode: func(_, v *yaml.Node) {
			d.list(v, "tags", func(item *yaml.Node) {
				if s, ok := d.str(item, "a tag"); ok {
					p.Tags = append(p.Tags, s)
				}
			})
		}},
	})
	return p, images
}

func decodeCertificate(d *decoder, n *yaml.Node) Certificate {
	c := Certificate{Pos: d.pos(n)}
	var expires *yaml.Node
	d.mapping(n, "certificate", []field{
		{name: "number", required: true, decode: func(_, v *yaml.Node) { c.Number = d.requiredStr(v, "certificate number") }},
		{name: "issued", required: true, decode: func(_, v *yaml.Node) { c.Issued, _ = d.date(v, "issued") }},
		{name: "issuer", required: true, decode: func(_, v *yaml.Node) { c.Issuer = d.requiredText(v, "issuer") }},
		{name: "expires", decode: func(_, v *yaml.Node) {
			expires = v
			c.Expires, _ = d.date(v, "expires")
		}},
	})
	switch {
	case c.Issued.IsZero():
	case expires == nil:
		c.Expires = c.Issued.AddDate(0, CertificateMonths, 0)
	case !c.Expires.IsZero() && !c.Expires.After(c.Issued):
		d.errorf(expires, "date", "expires (%s) must be after issued (%s)", c.Expires.Format("2006-01-02"), c.Issued.Format("2006-01-02"))
	}
	return c
}

func decodeSpecs(d *decoder, n *yaml.Node) []Spec {
	if !d.noAlias(n) || isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "type", "specs must be a mapping such as net_weight: 100 g, not %s", describe(n))
		return nil
	}
	var specs []Spec
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.noAlias(k) || !d.noAlias(v) {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate-key", "%q is given twice in specs (first at line %d)", k.Value, line+d.lineOffset)
			continue
		}
		seen[k.Value] = k.Line
		t := d.text(v, "specs."+k.Value)
		if slices.IndexFunc(t.Values, func(s string) bool { return s != "" }) < 0 {
			continue // left empty, as in a new record's skeleton
		}
		if v.Kind == yaml.ScalarNode {
			// A plain value ("100 g", "29% vol") is the same in every language.
			t = t.Everywhere()
		}
		specs = append(specs, Spec{Key: k.Value, Value: t, Pos: d.pos(k)})
	}
	return specs
}

func decodePrice(d *decoder, n *yaml.Node) *Price {
	p := &Price{Currency: "VND"}
	var minNode, maxNode *yaml.Node
	d.mapping(n, "price", []field{
		{name: "min", required: true, decode: func(_, v *yaml.Node) { minNode = v; p.Min, _ = d.integer(v, "price min") }},
		{name: "max", decode: func(_, v *yaml.Node) { maxNode = v; p.Max, _ = d.integer(v, "price max") }},
		{name: "currency", decode: func(_, v *yaml.Node) {
			s, _ := d.str(v, "currency")
			if len(s) != 3 || strings.ToUpper(s) != s || !isLetters(s) {
				d.errorf(v, "currency", "currency %q must be a three-letter code such as VND", s)
				return
			}
			p.Currency = s
		}},
		{name: "unit", decode: func(_, v *yaml.Node) { p.Unit = d.text(v, "price unit") }},
	})
	if minNode != nil && p.Min < 0 {
		d.errorf(minNode, "price", "price min must not be negative")
	}
	if maxNode != nil {
		if p.Max < 0 {
			d.errorf(maxNode, "price", "price max must not be negative")
		} else if p.Max < p.Min {
			d.errorf(maxNode, "price", "price max (%d) is less than min (%d)", p.Max, p.Min)
		}
	}
	return p
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// imageRef is an image file named by a record, before it is read.
type imageRef struct {
	name string // as written, relative to the record's folder
	alt  Text
	pos  diag.Pos
}

func decodeImageList(d *decoder, n *yaml.Node) []imageRef {
	var refs []imageRef
	d.list(n, "images", func(item *yaml.Node) {
		if r, ok := decodeImage(d, item); ok {
			refs = append(refs, r)
		}
	})
	return refs
}

// decodeImage decodes "file.jpg" or {file: file.jpg, alt: …}.
func decodeImage(d *decoder, n *yaml.Node) (imageRef, bool) {
	r := imageRef{pos: d.pos(n)}
	if n.Kind == yaml.ScalarNode {
		r.name, _ = d.str(n, "an image")
	} else {
		d.mapping(n, "an image", []field{
			{name: "file", required: true, decode: func(_, v *yaml.Node) { r.name = d.requiredStr(v, "file"); r.pos = d.pos(v) }},
			{name: "alt", decode: func(_, v *yaml.Node) { r.alt = d.text(v, "alt") }},
		})
	}
	return r, r.name != ""
}

// splitFrontMatter splits a story file into its YAML front matter and its
// Markdown body. bodyLine is the line the body starts on.
func splitFrontMatter(data []byte) (front []byte, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	firstEnd := bytes.IndexByte(data, '\n')
	if firstEnd < 0 || strings.TrimRight(string(data[:firstEnd]), " \r") != "---" {
		return nil, data, 1, false
	}
	rest := data[firstEnd+1:]
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end >= 0 {
			l = rest[off : off+end]
			next = off + end + 1
		} else {
			l = rest[off:]
		}
		if t := strings.TrimRight(string(l), " \r"); t == "---" || t == "..." {
			if next > len(rest) {
				next = len(rest)
			}
			return rest[:off], rest[next:], line + 1, true
		}
		off = next
		line++
	}
	return nil, nil, 0, false
}

func decodeStory(d *decoder, data []byte, slug string, lang int) (*Story, *imageRef) {
	front, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		if body == nil {
			d.diags.Errorf(diag.Pos{File: d.file, Line: 1, Col: 1}, "front-matter", `the front matter that starts here has no closing "---" line`)
		} else {
			d.diags.Errorf(diag.Pos{File: d.file, Line: 1, Col: 1}, "front-matter", `a story starts with front matter between "---" lines (title, date, products)`)
		}
		return nil, nil
	}
	d.lineOffset = 1
	root := d.parse(front)
	d.lineOffset = 0
	if root == nil {
		return nil, nil
	}
	s := &Story{File: d.file, Slug: slug, Lang: lang, Body: string(body), BodyLine: bodyLine}
	var img *imageRef
	d.lineOffset = 1
	d.plainLang = lang // a plain alt text is in the story's language
	defer func() { d.plainLang = 0 }()
	d.mapping(root, "the story's front matter", []field{
		{name: "title", required: true, decode: func(_, v *yaml.Node) { s.Title = d.requiredStr(v, "title") }},
		{name: "date", required: true, decode: func(_, v *yaml.Node) { s.Date, _ = d.date(v, "date") }},
		{name: "summary", decode: func(_, v *yaml.Node) { s.Summary, _ = d.str(v, "summary") }},
		{name: "products", decode: func(_, v *yaml.Node) {
			d.list(v, "products", func(item *yaml.Node) {
				if p, ok := d.str(item, "a product"); ok {
					s.Products = append(s.Products, Ref{p, d.pos(item)})
				}
			})
		}},
		{name: "image", decode: func(_, v *yaml.Node) {
			if r, ok := decodeImage(d, v); ok {
				img = &r
			}
		}},
		{name: "draft", decode: func(_, v *yaml.Node) { s.Draft = d.boolean(v, "draft") }},
	})
	d.lineOffset = 0
	if !checkBody(d, body, bodyLine) {
		return s, img
	}
	if !vntext.IsNFC(s.Body) {
		d.diags.Warnf(diag.Pos{File: d.file, Line: bodyLine}, "nfc", "the story's text is not in Unicode NFC form (letters typed with combining marks); it is normalised")
		s.Body = vntext.NFC(s.Body)
	}
	return s, img
}

// checkBody reports what in a story's text, which starts on line bodyLine,
// would not be shown as written: bytes that are not UTF-8, invisible
// characters, and what markdown.Check finds. It returns false when the
// text is not UTF-8.
func checkBody(d *decoder, body []byte, bodyLine int) bool {
	at := func(off int) diag.Pos {
		line, col := lineCol(body, off)
		return diag.Pos{File: d.file, Line: bodyLine + line - 1, Col: col}
	}
	if !utf8.Valid(body) {
		line, col := firstInvalidUTF8(body)
		d.diags.Errorf(diag.Pos{File: d.file, Line: bodyLine + line - 1, Col: col}, "encoding", "the file is not UTF-8 text; save it with UTF-8 encoding")
		return false
	}
	if i, r := firstInvisible(string(body)); i >= 0 {
		if _, bidi := vntext.Invisible(r); bidi {
			d.diags.Errorf(at(i), "invisible", "the story has an invisible bidirectional control character (%s), which can make the text show in another order than it is written; delete it",
				vntext.CharName(r))
		} else {
			d.diags.Warnf(at(i), "invisible", "the story has an invisible character (%s), perhaps copied with the text; delete it", vntext.CharName(r))
		}
	}
	for _, p := range d.markdownChecker().Check(string(body), d.html) {
		if p.Warning {
			d.diags.Warnf(at(p.Offset), p.Code, "%s", p.Message)
		} else {
			d.diags.Errorf(at(p.Offset), p.Code, "%s", p.Message)
		}
	}
	return true
}

// cleanRel resolves name relative to dir inside the site, refusing absolute
// names and names that leave the site.
func cleanRel(dir, name string) (string, bool) {
	name = strings.ReplaceAll(name, `\`, "/")
	if path.IsAbs(name) || strings.Contains(name, ":") {
		return "", false
	}
	p := path.Join(dir, name)
	if p == ".." || strings.HasPrefix(p, "../") || !strings.HasPrefix(p, "content/") {
		return "", false
	}
	return p, true
}
