package load

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/vntext"
	yaml "go.yaml.in/yaml/v4"
)

// ConfigFile is the site's settings file.
const ConfigFile = "site.yaml"

var (
	langCodeRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	groupKeyRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$`)
)

// defaultLocales are the Open Graph locales of the languages we know.
var defaultLocales = map[string]string{"vi": "vi_VN", "en": "en_US", "zh": "zh_CN", "zh-Hant": "zh_TW", "fr": "fr_FR", "ko": "ko_KR", "ja": "ja_JP", "th": "th_TH", "lo": "lo_LA", "km": "km_KH"}

// decodeConfig decodes site.yaml. It returns nil when the languages cannot
// be read, since nothing else can be read without them.
func decodeConfig(d *decoder, data []byte, kind *Kind) *Config {
	root := d.parse(data)
	if root == nil {
		return nil
	}
	c := &Config{File: d.file}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "type", "site.yaml must be a mapping of settings, not %s", describe(root))
		return nil
	}
	// The languages come first: every text field depends on them; and
	// how to read Markdown, before the Markdown texts.
	var langNode, mdNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "languages":
			langNode = root.Content[i+1]
		case "markdown":
			mdNode = root.Content[i+1]
		}
	}
	if langNode == nil {
		d.errorf(root, "missing-field", `site.yaml has no "languages"; list them, the default first: languages: [{code: vi, name: Tiếng Việt}]`)
		return nil
	}
	c.Languages = decodeLanguages(d, langNode)
	if len(c.Languages) == 0 {
		return nil
	}
	for _, l := range c.Languages {
		d.langs = append(d.langs, l.Code)
	}
	if mdNode != nil {
		c.Markdown = decodeMarkdown(d, mdNode)
		d.html = c.Markdown.HTML
	}
	c.Strings = make([]map[string]Message, len(c.Languages))
	// languages and markdown were read above.
	ok := d.mapping(root, "site.yaml", fieldsOf(d, kind.Fields, c))
	if !ok {
		return nil
	}
	return c
}

// CheckBaseURL checks that u is an absolute http(s) URL that can prefix the
// site's paths.
func CheckBaseURL(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return diag.M("must be an absolute http:// or https:// address, such as https://ocop.example.vn/")
	}
	if p.RawQuery != "" || p.Fragment != "" {
		return diag.M("must not have a query or a fragment")
	}
	if i := strings.IndexAny(u, "\"'<>\\^`{|} "); i >= 0 {
		// Allowed by url.Parse, but not in an address: it would go as it
		// is into every page, feed and QR code.
		return diag.M("must not have %q; write it as %%%02X", u[i], u[i])
	}
	return nil
}

// decodeMarkdown decodes site.yaml's markdown: {html: true|false}.
func decodeMarkdown(d *decoder, n *yaml.Node) Markdown {
	m := Markdown{Pos: d.pos(n)}
	if isNull(n) {
		return m
	}
	d.mapping(n, "markdown", []field{
		{name: "html", decode: func(_, v *yaml.Node) { m.HTML = d.boolean(v, "markdown.html") }},
	})
	return m
}

func decodeLanguages(d *decoder, n *yaml.Node) []Language {
	var langs []Language
	d.list(n, "languages", func(item *yaml.Node) {
		var l Language
		l.Pos = d.pos(item)
		if item.Kind == yaml.ScalarNode {
			l.Code, _ = d.str(item, diag.M("a language"))
		} else {
			d.mapping(item, diag.M("a language"), []field{
				{name: "code", required: true, decode: func(_, v *yaml.Node) { l.Code = d.requiredStr(v, "code") }},
				{name: "name", decode: func(_, v *yaml.Node) { l.Name, _ = d.str(v, "name") }},
				{name: "locale", decode: func(_, v *yaml.Node) { l.Locale, _ = d.str(v, "locale") }},
			})
		}
		if l.Code == "" {
			return
		}
		if !langCodeRE.MatchString(l.Code) {
			d.errorf(item, "language", "%q is not a language code such as vi, en or zh", l.Code)
			return
		}
		if p := reservedSlug(diag.M("language code"), l.Code); !p.IsZero() {
			d.errorf(item, "language", "%s", p)
			return
		}
		for _, prev := range langs {
			if prev.Code == l.Code {
				d.errorf(item, "duplicate", "language %q is listed twice", l.Code)
				return
			}
		}
		if l.Name == "" {
			l.Name = l.Code
		}
		if l.Locale == "" {
			l.Locale = defaultLocales[l.Code]
			if l.Locale == "" {
				l.Locale = strings.ReplaceAll(l.Code, "-", "_")
			}
		}
		langs = append(langs, l)
	})
	if len(langs) == 0 && !d.diags.HasErrors() {
		d.errorf(n, "missing-field", "languages lists no language")
	}
	return langs
}

// DistrictKinds are the kinds of site.yaml's districts: a district
// (huyện), whose name the pages put after "huyện", or a city or town (the
// city of Hà Giang), whose name is written whole.
var DistrictKinds = []string{"district", "city"}

func decodeDistricts(d *decoder, n *yaml.Node) []District {
	var out []District
	for _, x := range decodeNamed(d, n, "district", "slug", func(v *yaml.Node, slug string) bool {
		if p := reservedSlug(diag.M("district slug"), slug); !p.IsZero() {
			d.errorf(v, "slug", "%s", p)
			return false
		}
		if vntext.IsSlug(slug) {
			return true
		}
		d.errorf(v, "slug", "district slug %q must be lower-case ASCII words joined by \"-\", such as %q", slug, vntext.Slug(slug))
		return false
	}) {
		kind := x.kind
		if kind == "" {
			kind = "district"
		}
		out = append(out, District{Slug: x.key, Name: x.name, Description: x.description, Kind: kind, Pos: x.pos})
	}
	return out
}

func decodeGroups(d *decoder, n *yaml.Node) []Group {
	var out []Group
	for _, x := range decodeNamed(d, n, "group", "key", func(v *yaml.Node, key string) bool {
		for _, part := range strings.Split(key, "/") {
			if WindowsReserved(part) {
				d.errorf(v, "group-key", "group key %q has %q, which would name a folder that Windows keeps for a device (%s); choose another word",
					key, part, reservedHint)
				return false
			}
		}
		if groupKeyRE.MatchString(key) {
			return true
		}
		d.errorf(v, "group-key", "group key %q must be lower-case ASCII words, with \"/\" between a group and its subgroup, such as food/tea", key)
		return false
	}) {
		out = append(out, Group{Key: x.key, Name: x.name, Description: x.description, Pos: x.pos})
	}
	return out
}

// named is an entry of site.yaml's districts or groups.
type named struct {
	key               string
	name, description Text
	kind              string // a district's
	pos               diag.Pos
}

// namedWords name the entries of decodeNamed in messages.
var namedWords = map[string]diag.Msg{"district": diag.M("district"), "group": diag.M("group")}

// decodeNamed decodes a list of {<keyField>, name, description} entries,
// each key valid and listed once; what names an entry in messages.
func decodeNamed(d *decoder, n *yaml.Node, what, keyField string, valid func(v *yaml.Node, key string) bool) []named {
	var out []named
	seen := map[string]bool{}
	d.list(n, what+"s", func(item *yaml.Node) {
		x := named{pos: d.pos(item)}
		fields := []field{
			{name: keyField, required: true, decode: func(_, v *yaml.Node) {
				x.key = d.requiredStr(v, keyField)
				if x.key != "" && !valid(v, x.key) {
					x.key = ""
				}
			}},
			{name: "name", required: true, decode: func(_, v *yaml.Node) { x.name = d.requiredText(v, "name") }},
			{name: "description", decode: func(_, v *yaml.Node) { x.description = d.markdown(v, "description") }},
		}
		if what == "district" {
			fields = append(fields, field{name: "kind", decode: func(_, v *yaml.Node) {
				x.kind = d.requiredStr(v, "kind")
				if x.kind != "" && indexOf(DistrictKinds, x.kind) < 0 {
					d.errorf(v, "unknown-kind", "unknown district kind %q%s; kinds are %s", x.kind, diag.DidYouMean(x.kind, DistrictKinds), strings.Join(DistrictKinds, ", "))
					x.kind = ""
				}
			}})
		}
		d.mapping(item, diag.M("a %s", namedWords[what]), fields)
		switch {
		case x.key == "":
		case seen[x.key]:
			d.errorf(item, "duplicate", "%s %q is listed twice", namedWords[what], x.key)
		default:
			seen[x.key] = true
			out = append(out, x)
		}
	})
	return out
}

// decodeStringOverrides decodes site.yaml's strings: {lang: {key: text}}.
func decodeStringOverrides(d *decoder, n *yaml.Node, into []map[string]Message) {
	if !d.noAlias(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "type", "strings must map languages to their strings, not %s", describe(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		li := indexOf(d.langs, k.Value)
		if li < 0 {
			d.errorf(k, "unknown-language", "%q under strings is not one of the site's languages (%s)", k.Value, strings.Join(d.langs, ", "))
			continue
		}
		m := decodeMessages(d, v)
		if into[li] == nil {
			into[li] = m
			continue
		}
		for key, msg := range m {
			into[li][key] = msg
		}
	}
}
