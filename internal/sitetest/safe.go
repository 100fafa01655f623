package sitetest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Unsafe returns what in an output file, named name, could run code in a
// reader's browser or spreadsheet, one line per problem: nothing for a
// safe file. It knows the formats ocop writes:
//
//   - HTML: no <script> but the theme's own (a src, no text) and JSON-LD
//     (valid JSON without a "<"); no frame, object, embed, base, math,
//     style or foreignObject; no on… attribute; no address (href,
//     src, action, cite, srcset, a refresh) with a scheme other than http,
//     https, mailto and tel; no style but a table column's text-align.
//   - SVG: the same, and no script at all (a <style> is allowed).
//   - XML (feeds, sitemaps): well-formed, and the HTML of every element
//     marked type="html" safe as above, without scripts.
//   - JSON: valid, and without a "<" anywhere (a "</script>" in a JSON
//     file embedded or sniffed as HTML).
//   - CSV: no cell that a spreadsheet would run as a formula (starting
//     with =, +, -, @, a tab or a carriage return).
func Unsafe(name string, data []byte) []string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return unsafeHTML(data, page)
	case ".svg":
		return unsafeHTML(data, picture)
	case ".xml":
		return unsafeXML(data)
	case ".json", ".webmanifest":
		var problems []string
		if !json.Valid(data) {
			problems = append(problems, "not valid JSON")
		}
		if i := bytes.IndexByte(data, '<'); i >= 0 {
			problems = append(problems, fmt.Sprintf("a raw \"<\" at byte %d: %q", i, excerpt(data, i)))
		}
		return problems
	case ".csv":
		return unsafeCSV(data)
	}
	return nil
}

// UnsafeHTML is Unsafe for a fragment of HTML, such as a converted
// Markdown text, in which no script and no template at all is safe.
func UnsafeHTML(fragment string) []string { return unsafeHTML([]byte(fragment), text) }

// What unsafeHTML looks at: a page, where the theme's scripts are, a
// picture, which may have a stylesheet of its own, or a text.
const (
	page = iota
	picture
	text
)

// forbidden are the elements that have no place in a page or a picture.
var forbidden = map[string]bool{
	"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
	"base": true, "math": true, "foreignobject": true, "portal": true,
}

func unsafeHTML(data []byte, kind int) []string {
	var problems []string
	report := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				report("cannot tokenize: %v", z.Err())
			}
			return problems
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		raw := string(z.Raw())
		name, hasAttr := z.TagName()
		tag := string(name)
		attrs := map[string]string{}
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			attrs[string(k)] = string(v)
		}
		if forbidden[tag] || tag == "style" && kind != picture || tag == "template" && kind == text {
			// A picture may have a stylesheet; the theme's search page has
			// templates for its results, inert until its script clones them.
			report("a <%s> element: %s", tag, raw)
		}
		if tag == "script" {
			body := ""
			if tt == html.StartTagToken {
				if z.Next() == html.TextToken {
					body = string(z.Text())
				}
			}
			switch {
			case kind != page:
				report("a <script> element: %s%s", raw, body)
			case attrs["type"] == "application/ld+json":
				if !json.Valid([]byte(body)) {
					report("JSON-LD that is not valid JSON: %q", body)
				}
				if i := strings.IndexByte(body, '<'); i >= 0 {
					report("a raw \"<\" in JSON-LD: %q", excerpt([]byte(body), i))
				}
			case attrs["src"] == "" || strings.TrimSpace(body) != "":
				report("an inline <script>: %s%s", raw, body)
			}
		}
		if tag == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
			_, u, _ := strings.Cut(strings.ToLower(attrs["content"]), "url=")
			if !safeURL(u) {
				report("a refresh to %q: %s", u, raw)
			}
		}
		for k, v := range attrs {
			switch {
			case strings.HasPrefix(k, "on"):
				report("an event handler attribute %s: %s", k, raw)
			case k == "style":
				if !styleRE.MatchString(v) {
					report("a style attribute %q: %s", v, raw)
				}
			case k == "srcset":
				for _, c := range strings.Split(v, ",") {
					if f := strings.Fields(c); len(f) > 0 && !safeURL(f[0]) {
						report("an address %q in %s: %s", f[0], k, raw)
					}
				}
			case urlAttr[k]:
				if !safeURL(v) {
					report("an address %q in %s: %s", v, k, raw)
				}
			}
		}
	}
}

var schemeRE = regexp.MustCompile(`^([a-z][a-z0-9+.\-]*):`)

var styleRE = regexp.MustCompile(`^\s*text-align:\s*(left|right|center)\s*;?\s*$`)

var urlAttr = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "cite": true, "poster": true,
	"background": true, "data": true, "ping": true, "xlink:href": true, "manifest": true, "codebase": true,
}

// safeURL reports whether a browser would take u for an address with no
// scheme, or with http, https, mailto or tel. Written apart from the
// converter's own check, so as not to test it with itself.
func safeURL(u string) bool {
	var b strings.Builder
	for _, r := range u {
		if r > ' ' && r != 0x7f {
			b.WriteRune(r) // browsers drop tabs and line breaks; leading spaces
		}
	}
	s := strings.ToLower(b.String())
	m := schemeRE.FindStringSubmatch(s)
	if m == nil {
		return true
	}
	switch m[1] {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

func unsafeXML(data []byte) []string {
	var problems []string
	dec := xml.NewDecoder(bytes.NewReader(data))
	type open struct{ html bool }
	var stack []open
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return problems
		}
		if err != nil {
			return append(problems, fmt.Sprintf("not well-formed XML: %v", err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			isHTML := false
			for _, a := range t.Attr {
				if a.Name.Local == "type" && a.Value == "html" {
					isHTML = true
				}
			}
			stack = append(stack, open{isHTML})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1].html {
				problems = append(problems, unsafeHTML(t, text)...)
			}
		}
	}
}

func unsafeCSV(data []byte) []string {
	var problems []string
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return []string{fmt.Sprintf("not valid CSV: %v", err)}
	}
	for i, rec := range records {
		for j, cell := range rec {
			if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				problems = append(problems, fmt.Sprintf("row %d, column %d: a cell a spreadsheet would run: %q", i+1, j+1, cell))
			}
		}
	}
	return problems
}

// excerpt is the text around byte i of data.
func excerpt(data []byte, i int) string {
	return string(data[max(0, i-30):min(len(data), i+30)])
}
