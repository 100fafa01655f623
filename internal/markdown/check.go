package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"
)

const (
	// MaxBytes is the longest Markdown text accepted. For some texts
	// (thousands of "[a](" or of ">" in a row), converting Markdown takes
	// time that grows with the square of their length: a limit keeps
	// every text to a fraction of a second. A long story is 20 kB.
	MaxBytes = 64 << 10
	// MaxDepth is how many quotes and lists may be inside each other.
	MaxDepth = 32
	// maxProblems is how many problems Check reports in one text.
	maxProblems = 20
)

// Problem is something in a Markdown text that is not shown as written.
type Problem struct {
	// Offset is the byte offset in the text where it is.
	Offset int
	// Warning is set for what is only left out; an error is refused.
	Warning bool
	// Code names the kind of problem, as diag codes do.
	Code    string
	Message diag.Msg
}

// Check returns what in the Markdown text src would not be shown as
// written, in the order of the text: bytes that are not UTF-8, a text too
// long or too deeply nested to convert (an error, and nothing else is
// looked at); links and images to addresses that are not allowed
// (errors); raw HTML, which with html off is not shown (a warning, once
// per text) and with html on is cleaned (elements and attributes that
// could run code or load other documents are errors, other ones that are
// left out warnings). At most 20 problems are reported, and a last one
// that says how many more there are.
func (k *Checker) Check(src string, html bool) []Problem {
	if !utf8.ValidString(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return []Problem{{Offset: i, Code: "encoding", Message: diag.M("the text is not UTF-8; save it with UTF-8 encoding")}}
	}
	if len(src) > MaxBytes {
		return []Problem{{Code: "too-large", Message: diag.M("the text is %.1f kB; a text may be at most %d kB (split a long story in two)",
			float64(len(src))/1024, MaxBytes>>10)}}
	}
	if off, d := tooDeep(src); d > 0 {
		return []Problem{{Offset: off, Code: "nesting", Message: diag.M("this line puts %d quotes or lists inside each other; at most %d may be", d, MaxDepth)}}
	}
	if strings.IndexByte(src, '<') < 0 && strings.IndexByte(src, '[') < 0 {
		return nil // no link, image or HTML: the common case, made cheap
	}
	c := &checker{src: []byte(src), html: html}
	doc := k.md.Parser().Parse(text.NewReader(c.src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			if u, ok := linkURL(n, c.src); !ok {
				if _, img := n.(*ast.Image); img {
					c.imageError(n.Pos(), u)
					break
				}
				c.errorf(n.Pos(), "url", "a link to %q is not allowed; links lead to web addresses (https://…), email (mailto:…), telephone numbers (tel:…) or the site's own pages",
					short(u))
			}
		case *ast.RawHTML:
			c.raw(n.Segments)
		case *ast.HTMLBlock:
			lines := n.Lines()
			var segs text.Segments
			for i := range lines.Len() {
				segs.Append(lines.At(i))
			}
			if n.HasClosure() {
				segs.Append(n.ClosureLine)
			}
			c.raw(&segs)
		}
		return ast.WalkContinue, nil
	})
	slices.SortStableFunc(c.problems, func(a, b Problem) int { return a.Offset - b.Offset })
	if len(c.problems) > maxProblems {
		// The rest in one, an error if any of them is.
		rest := c.problems[maxProblems:]
		last := Problem{Offset: rest[0].Offset, Warning: true, Code: rest[0].Code,
			Message: diag.M("and %d more problems like these after this point", len(rest))}
		for _, p := range rest {
			if !p.Warning {
				last.Warning, last.Code = false, p.Code
				break
			}
		}
		c.problems = append(c.problems[:maxProblems], last)
	}
	return c.problems
}

// Checker finds what in Markdown texts would not be shown as written. It
// is safe for concurrent use; making one costs more than checking a text,
// so a loader keeps one.
type Checker struct {
	// md parses the texts as the converter does, without changing them.
	md goldmark.Markdown
}

// NewChecker returns a Checker.
func NewChecker() *Checker { return &Checker{md: newGoldmark(0, false)} }

type checker struct {
	src      []byte
	html     bool
	problems []Problem
	// warned is set once raw HTML that is not shown was reported.
	warned bool
}

func (c *checker) errorf(off int, code, format string, args ...any) {
	c.problems = append(c.problems, Problem{Offset: max(off, 0), Code: code, Message: diag.M(format, args...)})
}

func (c *checker) warnf(off int, code, format string, args ...any) {
	c.problems = append(c.problems, Problem{Offset: max(off, 0), Warning: true, Code: code, Message: diag.M(format, args...)})
}

// imageError reports an image from u, which is not on this site.
func (c *checker) imageError(off int, u string) {
	if AllowedURL(u) {
		c.errorf(off, "url", "an image from another site (%q) is not allowed; the pages load nothing from elsewhere: show a picture of the record (images:) or of the story (image:)", short(u))
		return
	}
	c.errorf(off, "url", "an image from %q is not allowed; images are files of this site", short(u))
}

// raw looks at a piece of raw HTML, made of segs of the text.
func (c *checker) raw(segs *text.Segments) {
	if segs == nil || segs.Len() == 0 || (!c.html && c.warned) {
		return
	}
	// The pieces, joined, and where each starts in the text.
	var chunk []byte
	var starts, offsets []int
	for i := range segs.Len() {
		s := segs.At(i)
		starts = append(starts, len(chunk))
		offsets = append(offsets, s.Start)
		chunk = append(chunk, s.Value(c.src)...)
	}
	at := func(i int) int {
		k := 0
		for k+1 < len(starts) && starts[k+1] <= i {
			k++
		}
		return offsets[k] + i - starts[k]
	}
	z := xhtml.NewTokenizer(bytes.NewReader(chunk))
	pos := 0
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return
		}
		tagAt := at(pos)
		pos += len(z.Raw())
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken && tt != xhtml.EndTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		tag := string(name)
		if !c.html {
			c.warnf(tagAt, "raw-html", "HTML is not shown (<%s> here); write Markdown, such as **bold** or [a link](https://…), or let site.yaml allow simple HTML (markdown: {html: true})", tag)
			c.warned = true
			return
		}
		if tt == xhtml.EndTagToken {
			continue
		}
		attrs, known := elements[tag]
		switch {
		case slices.Contains(refused, tag):
			c.errorf(tagAt, "html", "<%s> is not allowed; HTML in texts may not run code, load other pages or ask readers for input", tag)
			continue
		case !known:
			c.warnf(tagAt, "html", "<%s> is not shown (its text is); HTML in texts is simple markup such as <b>, <i>, <sup>, <abbr>, <ruby> or <table>", tag)
		}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			a := string(k)
			switch {
			case strings.HasPrefix(a, "on"):
				c.errorf(tagAt, "html", "the attribute %s of <%s> is not allowed; HTML in texts may not run code", a, tag)
			case tag == "img" && a == "src" && !LocalURL(string(v)):
				c.imageError(tagAt, string(v))
			case slices.Contains(urlAttrs, a) && !AllowedURL(string(v)):
				c.errorf(tagAt, "url", "%s=%q of <%s> is not allowed; links lead to web addresses (https://…), email (mailto:…), telephone numbers (tel:…) or the site's own pages",
					a, short(string(v)), tag)
			case known && !slices.Contains(attrs, a) && !slices.Contains(globalAttrs, a) || a == "style":
				c.warnf(tagAt, "html", "the attribute %s of <%s> is left out", a, tag)
			}
		}
	}
}

// tooDeep returns the offset of the first line that opens more than
// MaxDepth quotes or list items, and how many it opens; 0, 0 when none
// does.
func tooDeep(src string) (int, int) {
	if len(src) < 2*MaxDepth {
		return 0, 0
	}
	off := 0
	for line := range strings.Lines(src) {
		if d := depth(line); d > MaxDepth && !isBreak(line) {
			return off, d
		}
		off += len(line)
	}
	return 0, 0
}

// depth counts the quote (">") and list item ("-", "*", "+", "1.", "1)")
// markers at the start of line, each inside the one before.
// (A thematic break, "- - -", counts too: see isBreak.)
func depth(line string) int {
	d, i := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			return d
		}
		space := func(j int) bool {
			return j >= len(line) || line[j] == ' ' || line[j] == '\t' || line[j] == '\n' || line[j] == '\r'
		}
		switch c := line[i]; {
		case c == '>':
			d++
			i++
		case (c == '-' || c == '+' || c == '*') && space(i+1):
			d++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || !space(j+1) {
				return d
			}
			d++
			i = j + 1
		default:
			return d
		}
	}
}

// isBreak reports whether line is a thematic break: three or more of the
// same -, * or _, and spaces.
func isBreak(line string) bool {
	var mark byte
	n := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\n', '\r':
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// short shortens an address for a message.
func short(u string) string {
	if r := []rune(u); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return u
}
