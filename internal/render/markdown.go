package render

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown returns the Markdown converter for descriptions and stories:
// CommonMark with tables, strikethrough and autolinks, East Asian line
// breaks that add no space between Chinese characters, and headings no
// higher than <h{top}> (the page's title is its only <h1>, and a
// description sits under a heading of its own). Raw HTML is left out, and
// links with javascript: and similar URLs are dropped.
func newMarkdown(top int) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.Linkify,
			extension.NewCJK(extension.WithEastAsianLineBreaks()),
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(minHeading(top), 100)),
		),
	)
}

// minHeading is an AST transformer that lowers headings above a level.
type minHeading int

func (m minHeading) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < int(m) {
			h.Level = int(m)
		}
		return ast.WalkContinue, nil
	})
}

// markdown converts src to HTML: a story or an interface string, with
// headings from <h2>.
func (r *Renderer) markdown(src string) (string, error) { return convert(r.md, src) }

// description converts a record's Markdown text field to HTML, with
// headings from <h3>.
func (r *Renderer) description(src string) (string, error) { return convert(r.mdDesc, src) }

func convert(md goldmark.Markdown, src string) (string, error) {
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	if err := md.Convert([]byte(src), bufWriter{&buf}); err != nil {
		return "", err
	}
	return buf.String(), nil
}

var _ util.BufWriter = bufWriter{}

// bufWriter lets goldmark write straight into a bytes.Buffer: it wraps any
// writer without Buffered and Flush in a new bufio.Writer, one per text.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }
