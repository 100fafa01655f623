package load

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// The fuzz tests feed each decoder arbitrary bytes, with raw HTML in
// Markdown off and on. Whatever arrives, a decoder must not panic, must
// report problems at positions inside the file, each on one line that
// shows as it is (no line break, no invisible or bidirectional character
// in a message), and must not both report no error and return nothing.
// The seeds run as ordinary tests: those in f.Add, and those in
// testdata/fuzz, which come from the hostile corpus of internal/build;
// `go test -fuzz FuzzProduct ./internal/load` explores.

var langs = []string{"vi", "en", "zh"}

// checkDiags checks that every diagnostic is at a position inside data.
func checkDiags(t *testing.T, file string, data []byte, diags diag.List) {
	t.Helper()
	// YAML breaks lines at \n, \r\n, a lone \r, NEL, LS and PS.
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines, longest, n := 2, 0, 0
	for _, r := range text {
		switch r {
		case '\n', '\r':
			lines++
			n = 0
		case '\u0085', '\u2028', '\u2029':
			lines++ // a break for YAML, not for Markdown and editors
			n++
		default:
			n++
		}
		longest = max(longest, n)
	}
	for _, d := range diags {
		if d.Pos.File != file {
			t.Errorf("diagnostic in %q, want %q: %s", d.Pos.File, file, d)
		}
		if d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 {
			t.Errorf("position outside the file (%d lines): %s", lines, d)
		}
		if d.Message == "" || !utf8.ValidString(d.Message) {
			t.Errorf("bad message: %q", d.Message)
		}
		if strings.ContainsFunc(d.Message, func(r rune) bool { inv, _ := vntext.Invisible(r); return inv }) {
			t.Errorf("a message with a character that does not show: %q", d.Message)
		}
		if d.Pos.Line > 0 && d.Pos.Col > 0 && d.Pos.Col > longest+1 {
			t.Errorf("column past the longest line (%d characters): %s", longest, d)
		}
	}
}

func FuzzProduct(f *testing.F) {
	for _, s := range []string{
		"name: {vi: Chè, en: Tea}\nstars: 5\ngroup: food/tea\nproducer: p\ncertificate: {number: 1/QĐ, issued: 2024-06-30, issuer: U}\n",
		"name: X\nstars: [4\n",
		"specs: {net_weight: 1 kg, shelf_life: {vi: 1, en: 2}}\nprice: {min: 1, max: 0}\n",
		"images: [a.jpg, {file: b.png, alt: {vi: B}}]\ntags: [a, b]\n",
		"a: &x [*x, *x]\nb: *x\n",
		"\ufeffname: X\r\nstars: 3\r\n",
		"\t- x",
		"",
		"---\n---\n",
		"name: !!binary aGVsbG8=\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, html := range []bool{false, true} {
			var diags diag.List
			d := &decoder{file: "p.yaml", diags: &diags, langs: langs, html: html}
			p, _ := decodeProduct(d, data, "p", "dong-van", productKind())
			checkDiags(t, "p.yaml", data, diags)
			if !diags.HasErrors() && (p == nil || p.Name.Values[0] == "" || p.Stars < 3) {
				t.Errorf("no error, but the product is incomplete: %+v", p)
			}
		}
	})
}

func FuzzProducer(f *testing.F) {
	for _, s := range []string{
		"name: HTX\nkind: cooperative\naddress: A\nphone: 0912 345 678\nemail: a@b.vn\nwebsite: https://a.vn/\n",
		"name: {vi: A, xx: B}\nkind: farm\n",
		"phone: +84 (0) 912\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, html := range []bool{false, true} {
			var diags diag.List
			d := &decoder{file: "p.yaml", diags: &diags, langs: langs, html: html}
			p := decodeProducer(d, data, "p", producerKind())
			checkDiags(t, "p.yaml", data, diags)
			if !diags.HasErrors() && (p == nil || p.Name.Values[0] == "" || p.Kind == "") {
				t.Errorf("no error, but the producer is incomplete: %+v", p)
			}
		}
	})
}

func FuzzStory(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\ndate: 2025-01-01\nproducts: [a, b]\n---\nBody\n",
		"---\ntitle: T\n",
		"no front matter",
		"---\r\ntitle: T\r\ndate: 2025-01-01\r\n...\r\n",
		"---\n: :\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, html := range []bool{false, true} {
			var diags diag.List
			d := &decoder{file: "s.md", diags: &diags, langs: langs, html: html}
			s, _ := decodeStory(d, data, "s", 0, storyKind())
			checkDiags(t, "s.md", data, diags)
			if !diags.HasErrors() && (s == nil || s.Title == "" || s.Date.IsZero()) {
				t.Errorf("no error, but the story is incomplete: %+v", s)
			}
			if !diags.HasErrors() && !utf8.ValidString(s.Body) {
				t.Errorf("no error, but the story's text is not UTF-8: %q", s.Body)
			}
		}
	})
}

func FuzzConfig(f *testing.F) {
	f.Add([]byte(siteYAML))
	f.Add([]byte("languages: vi\n"))
	f.Add([]byte("title: T\nlanguages: [{code: vi}]\ndistricts: [{slug: a, name: A}, {slug: a, name: B}]\ngroups: []\nbaseURL: http://a/\nstrings: {vi: {a: {one: x}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var diags diag.List
		d := &decoder{file: "site.yaml", diags: &diags}
		c := decodeConfig(d, data, siteKind())
		checkDiags(t, "site.yaml", data, diags)
		if !diags.HasErrors() && (c == nil || len(c.Languages) == 0 || c.BaseURL == "") {
			t.Errorf("no error, but the config is incomplete: %+v", c)
		}
	})
}

func FuzzSVGSize(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"/>`))
	f.Add([]byte(`<svg viewBox="0 0 1e400 1"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, h, err := svgSize(data)
		if err == nil && (w <= 0 || h <= 0) {
			t.Errorf("svgSize = %d×%d without error", w, h)
		}
	})
}
