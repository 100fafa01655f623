package load

import (
	"bytes"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/vntext"
	yaml "go.yaml.in/yaml/v4"
)

func decodeProducer(d *decoder, data []byte, slug string, kind *Kind) *Producer {
	root := d.parse(data)
	if root == nil {
		return nil
	}
	p := &Producer{File: d.file, Slug: slug}
	d.mapping(root, diag.M("a producer"), fieldsOf(d, kind.Fields, p))
	return p
}

// phone decodes a telephone number: digits, spaces, dots, dashes,
// parentheses and a leading +, with 8 to 15 digits.
func (d *decoder) phone(n *yaml.Node, what any) string {
	s, ok := d.str(n, what)
	if !ok {
		return ""
	}
	d.numberPhone(n, what)
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

func decodeProduct(d *decoder, data []byte, slug, district string, kind *Kind) (*Product, []imageRef) {
	root := d.parse(data)
	if root == nil {
		return nil, nil
	}
	p := &Product{File: d.file, Slug: slug, District: Ref{Value: district, Pos: diag.Pos{File: d.file}}}
	d.mapping(root, diag.M("a product"), fieldsOf(d, kind.Fields, p))
	refs := p.refs
	p.refs = nil
	return p, refs
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
			d.errorf(k, "duplicate-key", "%q is given twice in specs (first at line %d); keep only one", k.Value, line+d.lineOffset)
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

// decodeImage decodes "file.jpg" or {file: file.jpg, alt: …}.
func decodeImage(d *decoder, n *yaml.Node) (imageRef, bool) {
	r := imageRef{pos: d.pos(n)}
	if n.Kind == yaml.ScalarNode {
		r.name, _ = d.str(n, diag.M("an image"))
	} else {
		d.mapping(n, diag.M("an image"), []field{
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

func decodeStory(d *decoder, data []byte, slug string, lang int, kind *Kind) (*Story, *imageRef) {
	if utf16Text(bytes.TrimPrefix(data, []byte("\ufeff"))) {
		d.diags.Errorf(diag.Pos{File: d.file, Line: 1, Col: 1}, "encoding", utf16Message)
		return nil, nil
	}
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
	d.lineOffset = 1
	d.plainLang = lang // a plain alt text is in the story's language
	defer func() { d.plainLang = 0 }()
	d.mapping(root, diag.M("the story's front matter"), fieldsOf(d, kind.Fields, s))
	img := s.ref
	s.ref = nil
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
		d.diags.Errorf(diag.Pos{File: d.file, Line: bodyLine + line - 1, Col: col}, "encoding", notUTF8Message)
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
