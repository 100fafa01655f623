package render

import "github.com/hagiang-ocop/ocop/internal/markdown"

// newMarkdown returns the Markdown converter for descriptions and stories
// (package markdown): CommonMark with tables, strikethrough and autolinks,
// headings no higher than <h{top}> (the page's title is its only <h1>, and
// a description sits under a heading of its own), links only to http(s),
// mailto:, tel: and the site's own addresses, and raw HTML left out, or,
// when site.yaml turns it on (html), cleaned with an allowlist.
func newMarkdown(top int, html bool) *markdown.Converter {
	return markdown.New(markdown.Options{TopHeading: top, HTML: html})
}

// markdown converts src to HTML: a story or an interface string, with
// headings from <h2>.
func (r *Renderer) markdown(src string) (string, error) { return r.md.Convert(src) }

// description converts a record's Markdown text field to HTML, with
// headings from <h3>.
func (r *Renderer) description(src string) (string, error) { return r.mdDesc.Convert(src) }
