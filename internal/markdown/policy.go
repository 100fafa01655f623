package markdown

import (
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// elements are the HTML elements that raw HTML may use when a site turns
// it on, each with the attributes it may carry besides globalAttrs. The
// HTML that goldmark makes of Markdown uses only these too. Any other
// element is left out: its tags (its text stays), or, for the elements in
// dropped, its text too.
var elements = map[string][]string{
	"a": {"href"}, "abbr": nil, "b": nil, "bdi": nil, "blockquote": {"cite"}, "br": nil,
	"caption": nil, "cite": nil, "code": {"class"}, "col": {"span"}, "colgroup": {"span"},
	"dd": nil, "del": {"cite", "datetime"}, "details": {"open"}, "dfn": nil, "div": nil,
	"dl": nil, "dt": nil, "em": nil, "figcaption": nil, "figure": nil,
	"h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil, "hr": nil, "i": nil,
	"img": {"src", "alt", "width", "height"}, "ins": {"cite", "datetime"}, "kbd": nil,
	"li": {"value"}, "mark": nil, "ol": {"start", "reversed", "type"}, "p": nil,
	"pre": nil, "q": {"cite"}, "rp": nil, "rt": nil, "ruby": nil, "s": nil, "samp": nil,
	"small": nil, "span": nil, "strong": nil, "sub": nil, "summary": nil, "sup": nil,
	"table": nil, "tbody": nil, "td": {"colspan", "rowspan", "style"}, "tfoot": nil,
	"th": {"colspan", "rowspan", "scope", "style"}, "thead": nil, "time": {"datetime"},
	"tr": nil, "u": nil, "ul": nil, "var": nil, "wbr": nil,
}

// globalAttrs are the attributes every allowed element may carry.
var globalAttrs = []string{"lang", "title"}

// dropped are the elements left out with everything inside them: what
// they hold is code, styles, other documents or form data, not text for
// readers.
var dropped = []string{
	"frame", "frameset", "iframe", "noembed", "noframes", "noscript", "object",
	"script", "style", "title", "template", "svg", "math", "textarea", "select",
}

// refused are the elements that Check reports as errors rather than as
// left out: they could run code, load other pages or resources, change
// the page around the text, or ask readers for data.
var refused = append(slices.Clone(dropped), "embed", "applet", "base", "link", "meta",
	"form", "input", "button", "option", "portal", "audio", "video", "source", "track", "picture", "area", "map")

// urlAttrs are the attributes that hold an address.
var urlAttrs = []string{"href", "src", "cite", "action", "formaction", "poster", "background", "srcset", "data", "ping", "xlink:href"}

// AllowedURL reports whether a link may lead to u: a relative address,
// or one with the http, https, mailto or tel scheme. The scheme is read as
// browsers read it: without tabs and line breaks, and after leading spaces
// and control characters.
func AllowedURL(u string) bool {
	u = asBrowsersRead(u)
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' || !schemeRE.MatchString(u[:i]) {
		return true // no scheme: an address on this site
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*$`)

// LocalURL reports whether an image may come from u: an address on this
// site, relative or from its root, with no scheme and no host. A picture
// from another site would tell that site who reads the page (and could
// change after the text was checked), and the pages load nothing from
// elsewhere.
func LocalURL(u string) bool { return localRE.MatchString(asBrowsersRead(u)) }

// localRE matches an address with no scheme and no host: "/" not followed
// by "/" or "\" (which browsers read as "//"), or a first part without ":"
// (a scheme) or a slash, or only a query or a fragment.
var localRE = regexp.MustCompile(`^(?s:/(?:[^/\\].*)?|[^/\\:?#]+(?:[/?#].*)?|[?#].*)$`)

// asBrowsersRead returns an address as browsers read it: without tabs
// and line breaks, and after leading spaces and control characters.
func asBrowsersRead(u string) string {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	return strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
}

// newPolicy returns the allowlist that cleans the HTML of a text with raw
// HTML on. A bluemonday Policy is safe for concurrent use once made.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("title").Globally()
	number := regexp.MustCompile(`^[0-9]{1,6}$`)
	for name, attrs := range elements {
		p.AllowElements(name)
		for _, a := range attrs {
			switch a {
			case "width", "height", "span", "colspan", "rowspan", "start", "value":
				p.AllowAttrs(a).Matching(number).OnElements(name)
			case "type":
				p.AllowAttrs(a).Matching(regexp.MustCompile(`^[1aAiI]$`)).OnElements(name)
			case "scope":
				p.AllowAttrs(a).Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements(name)
			case "class":
				// Code blocks name their language: ```go gives class="language-go".
				p.AllowAttrs(a).Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+\-]{1,40}$`)).OnElements(name)
			case "style":
				// Table columns aligned with :--:.
				p.AllowStyles("text-align").MatchingEnum("left", "right", "center").OnElements(name)
			case "src":
				// Pictures only from this site (LocalURL).
				p.AllowAttrs(a).Matching(localRE).OnElements(name)
			default:
				p.AllowAttrs(a).OnElements(name)
			}
		}
	}
	p.SkipElementsContent(dropped...)
	return p
}
