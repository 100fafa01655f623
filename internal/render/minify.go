package render

import (
	"bytes"
	"io"
	"regexp"
	"strconv"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// NewMinifier returns the minifier for every media type ocop writes.
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepSpecialComments: false})
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	// Numbers as written: 250000, not 25e4, for readers that want integers
	// (the offers in JSON-LD).
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{KeepNumbers: true})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	return m
}

// Pages are minified here, not by the writer, because of fragments: a
// product's card or the footer appears on thousands of pages, so it is
// minified once, and a page is minified with a short placeholder in its
// place, put back afterwards. (On the 16,000-product catalogue this halves
// the bytes the minifier reads.)

// placeholder marks fragment i in a page: an element the minifier leaves
// as it is (<o-f i=12></o-f>), which no escaped text can contain.
func placeholder(i int) string { return `<o-f i=` + strconv.Itoa(i) + `></o-f>` }

var (
	placeholderStart = []byte(`<o-f i=`)
	placeholderEnd   = []byte(`></o-f>`)
)

// bytesReader is a reader of data that the minifier reads in place (it
// reads a reader with Bytes without copying it).
type bytesReader []byte

func (b bytesReader) Read(p []byte) (int, error) { return copy(p, b), io.EOF }
func (b bytesReader) Bytes() []byte              { return b }

// minifyPage minifies the HTML page in src into w, putting the fragments
// back in place of their placeholders.
func (r *Renderer) minifyPage(w io.Writer, src []byte, out *bytes.Buffer) error {
	out.Reset()
	if err := r.min.Minify("text/html", out, bytesReader(src)); err != nil {
		return err
	}
	page := out.Bytes()
	for {
		i := bytes.Index(page, placeholderStart)
		if i < 0 {
			break
		}
		j := bytes.Index(page[i:], placeholderEnd)
		n, err := strconv.Atoi(string(page[i+len(placeholderStart) : i+j]))
		if j < 0 || err != nil {
			break
		}
		if _, err := w.Write(page[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, r.fragmentHTML(n)); err != nil {
			return err
		}
		page = page[i+j+len(placeholderEnd):]
	}
	_, err := w.Write(page)
	return err
}
