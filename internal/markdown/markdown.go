// Package markdown turns the Markdown that editors write (descriptions,
// stories, the home page's introduction) into HTML that is safe to
// publish, and tells editors, before a build, what in their text would not
// be shown as they wrote it.
//
// The Markdown is CommonMark with tables, ~~strike~~ and autolinks. Links
// and images lead only to relative addresses, http(s), mailto: and tel:;
// one to anything else (javascript:, data:, vbscript:, file:, …) is shown
// as its text alone. Raw HTML is left out, unless a site turns it on
// (Options.HTML, site.yaml's markdown: {html: true}): then the HTML that
// comes out is cleaned with an allowlist of elements and attributes (see
// Elements), so that no script, event handler, style, frame or form gets
// through, and no link to a script.
//
// Check finds, in a text, what the converter would drop or refuse, with
// its byte offset: links to other schemes, raw HTML, texts too long or too
// deeply nested to convert quickly.
package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options say how to convert.
type Options struct {
	// TopHeading is the highest heading a text may have: "# Title" becomes
	// <hTopHeading>, since the page has its own <h1>. 0 leaves headings as
	// written.
	TopHeading int
	// HTML lets raw HTML in the text through, cleaned with the allowlist.
	HTML bool
}

// Converter converts Markdown to safe HTML. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// policy cleans the HTML when raw HTML is on; nil when it is off.
	policy *bluemonday.Policy
}

// New returns a Converter.
func New(opt Options) *Converter {
	rendererOptions := []renderer.Option(nil)
	if opt.HTML {
		// The HTML is cleaned afterwards, as a whole.
		rendererOptions = append(rendererOptions, html.WithUnsafe())
	}
	c := &Converter{md: newGoldmark(opt.TopHeading, true, rendererOptions...)}
	if opt.HTML {
		c.policy = newPolicy()
	}
	return c
}

// newGoldmark is the goldmark instance of the converter, which lowers
// headings to top and makes links safe, or, without transform, of Check.
func newGoldmark(top int, transform bool, rendererOptions ...renderer.Option) goldmark.Markdown {
	var transformers []util.PrioritizedValue
	if transform {
		transformers = append(transformers, util.Prioritized(minHeading(top), 100), util.Prioritized(safeLinks{}, 200))
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			// Bare web addresses become links; ftp:// stays text.
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			extension.NewCJK(extension.WithEastAsianLineBreaks()),
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(transformers...),
		),
		goldmark.WithRendererOptions(rendererOptions...),
	)
}

// Convert converts src to HTML. Bytes that are not UTF-8 become U+FFFD
// (goldmark's East Asian line breaks panic on some of them).
func (c *Converter) Convert(src string) (string, error) {
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\ufffd")
	}
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := c.md.Convert([]byte(src), bufWriter{&buf}); err != nil {
		return "", err
	}
	if c.policy != nil {
		return c.policy.SanitizeReader(&buf).String(), nil
	}
	return buf.String(), nil
}

var _ util.BufWriter = bufWriter{}

// bufWriter lets goldmark write straight into a bytes.Buffer: it wraps any
// writer without Buffered and Flush in a new bufio.Writer, one per text.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

// minHeading is an AST transformer that lowers headings above a level.
type minHeading int

func (m minHeading) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	if m <= 1 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < int(m) {
			h.Level = int(m)
		}
		return ast.WalkContinue, nil
	})
}

// safeLinks is an AST transformer that turns links and images to
// addresses that are not allowed (AllowedURL) into their text: a link
// into what it says, an image into its description.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var bad []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if _, ok := linkURL(n, source); ok {
				return ast.WalkContinue, nil
			}
			if isLink(n) {
				bad = append(bad, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range bad {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if a, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(a.Label(source)))
			continue
		}
		for c := n.FirstChild(); c != nil; c = n.FirstChild() {
			parent.InsertBefore(parent, n, c)
		}
		parent.RemoveChild(parent, n)
	}
}

// isLink reports whether n leads somewhere: a link, an image or an autolink.
func isLink(n ast.Node) bool {
	switch n.(type) {
	case *ast.Link, *ast.Image, *ast.AutoLink:
		return true
	}
	return false
}

// linkURL returns the address that link, image or autolink n leads to, as
// the HTML will carry it, and whether it is allowed (AllowedURL; for an
// image, LocalURL). Any other node gives "" and false.
func linkURL(n ast.Node, source []byte) (string, bool) {
	var u []byte
	switch n := n.(type) {
	case *ast.Link:
		u = util.URLEscape(n.Destination, true)
	case *ast.Image:
		u = util.URLEscape(n.Destination, true)
		return string(u), LocalURL(string(u))
	case *ast.AutoLink:
		u = util.URLEscape(n.URL(source), false)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
			u = append([]byte("mailto:"), u...)
		}
	default:
		return "", false
	}
	return string(u), AllowedURL(string(u))
}
