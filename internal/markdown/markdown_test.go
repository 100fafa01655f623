package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

var (
	plain    = New(Options{TopHeading: 3})
	withHTML = New(Options{TopHeading: 3, HTML: true})
	mdCheck  = NewChecker()
)

// TestConvert: what a text becomes, with raw HTML off and on.
func TestConvert(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		off, on  string // "" for the same as off
	}{
		{"markdown", "# Chè\n\n**Mật** ong, ~~cũ~~, [web](https://a.vn/), <https://b.vn/>, www.c.vn\n",
			"<h3>Chè</h3>\n<p><strong>Mật</strong> ong, <del>cũ</del>, <a href=\"https://a.vn/\">web</a>, <a href=\"https://b.vn/\">https://b.vn/</a>, <a href=\"http://www.c.vn\">www.c.vn</a></p>\n", ""},
		{"table", "| a | b |\n|:-|:-:|\n| 1 | 2 |\n",
			"<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">a</th>\n<th style=\"text-align:center\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left\">1</td>\n<td style=\"text-align:center\">2</td>\n</tr>\n</tbody>\n</table>\n",
			"<table>\n<thead>\n<tr>\n<th style=\"text-align: left\">a</th>\n<th style=\"text-align: center\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align: left\">1</td>\n<td style=\"text-align: center\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"code", "```go\nx := \"<script>\"\n```\n", "<pre><code class=\"language-go\">x := &quot;&lt;script&gt;&quot;\n</code></pre>\n",
			"<pre><code class=\"language-go\">x := &#34;&lt;script&gt;&#34;\n</code></pre>\n"},
		{"mail and tel", "[gọi](tel:+84912345678) [thư](mailto:a@b.vn) a@b.vn\n",
			"<p><a href=\"tel:+84912345678\">gọi</a> <a href=\"mailto:a@b.vn\">thư</a> <a href=\"mailto:a@b.vn\">a@b.vn</a></p>\n", ""},
		{"script", "<script>alert(1)</script>\n", "<!-- raw HTML omitted -->\n", ""},
		{"inline script", "a <script>alert(1)</script> b\n", "<p>a <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> b</p>\n", "<p>a  b</p>\n"},
		{"event handler", "<img src=x onerror=alert(1)>\n", "<!-- raw HTML omitted -->\n", "<img src=\"x\">\n"},
		{"simple html", "H<sub>2</sub>O, <abbr title=\"Hợp tác xã\">HTX</abbr>, <ruby>茶<rt>chá</rt></ruby>\n",
			"<p>H<!-- raw HTML omitted -->2<!-- raw HTML omitted -->O, <!-- raw HTML omitted -->HTX<!-- raw HTML omitted -->, <!-- raw HTML omitted -->茶<!-- raw HTML omitted -->chá<!-- raw HTML omitted --><!-- raw HTML omitted --></p>\n",
			"<p>H<sub>2</sub>O, <abbr title=\"Hợp tác xã\">HTX</abbr>, <ruby>茶<rt>chá</rt></ruby></p>\n"},
		{"javascript link", "[x](javascript:alert(1))\n", "<p>x</p>\n", ""},
		{"javascript link, capitals", "[x](JaVaScRiPt:alert(1))\n", "<p>x</p>\n", ""},
		{"javascript link, entity", "[x](&#106;avascript:alert(1)) [y](java&#x73;cript:alert(1))\n", "<p>x y</p>\n", ""},
		// A tab written as %09 is no longer one: no scheme, an address on
		// the site (and one the cleaner finds no address at all).
		{"javascript link, tab", "[x](java&#9;script:alert(1))\n", "<p><a href=\"java%09script:alert(1)\">x</a></p>\n", "<p>x</p>\n"},
		{"javascript link, reference", "[x][r]\n\n[r]: javascript:alert(1)\n", "<p>x</p>\n", ""},
		{"javascript autolink", "<javascript:alert(1)>\n", "<p>javascript:alert(1)</p>\n", ""},
		{"vbscript link", "[x](vbscript:msgbox)\n", "<p>x</p>\n", ""},
		{"data image", "![a *red* dot](data:image/png;base64,iVBORw0KGgo=)\n", "<p>a <em>red</em> dot</p>\n", ""},
		{"data svg link", "[x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n", "<p>x</p>\n", ""},
		{"file link", "[x](file:///etc/passwd)\n", "<p>x</p>\n", ""},
		{"images from other sites", "![a](https://evil.example/p.gif) ![b](//evil.example/p.gif) ![c](/\\evil.example/p.gif) ![d](/media/p.jpg)\n",
			// An escaped backslash, %5C, is a name on this site, not a "//".
			"<p>a b <img src=\"/%5Cevil.example/p.gif\" alt=\"c\"> <img src=\"/media/p.jpg\" alt=\"d\"></p>\n", ""},
		{"html images from other sites", "<img src=\"https://evil.example/p.gif\" alt=\"a\"><img src=\"//evil.example/p.gif\" alt=\"b\"><img src=\"/\\evil.example/p.gif\" alt=\"c\"><img src=\"p.jpg\" alt=\"d\">\n",
			"<p><!-- raw HTML omitted --><!-- raw HTML omitted --><!-- raw HTML omitted --><!-- raw HTML omitted --></p>\n",
			"<p><img alt=\"a\"><img alt=\"b\"><img alt=\"c\"><img src=\"p.jpg\" alt=\"d\"></p>\n"},
		{"html link", "<a href=\"javascript:alert(1)\">x</a>\n", "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n", "<p>x</p>\n"},
		{"attribute breakout", "[x](https://a.vn/\"onmouseover=\"alert(1))\n",
			"<p><a href=\"https://a.vn/%22onmouseover=%22alert(1)\">x</a></p>\n", ""},
		{"title breakout", "[x](https://a.vn/ \"\\\"><script>alert(1)</script>\")\n",
			"<p><a href=\"https://a.vn/\" title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</a></p>\n",
			"<p><a href=\"https://a.vn/\" title=\"&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</a></p>\n"},
		{"image alt breakout", "![\"><img src=x onerror=alert(1)>](a.png)\n",
			"<p><img src=\"a.png\" alt=\"&quot;&gt;\"></p>\n", "<p><img src=\"a.png\" alt=\"&#34;&gt;\"></p>\n"},
		{"style and iframe", "<style>body{display:none}</style>\n<iframe src=\"https://evil.example/\"></iframe>\n",
			"<!-- raw HTML omitted -->\n<!-- raw HTML omitted -->\n", "\n\n"},
		{"h1 and class", "<h1 class=\"skip\" id=\"main\">T</h1>\n", "<!-- raw HTML omitted -->\n", "T\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := plain.Convert(tc.in)
			if err != nil || got != tc.off {
				t.Errorf("raw HTML off:\n got %q, %v\nwant %q", got, err, tc.off)
			}
			want := tc.on
			if want == "" {
				want = tc.off
			}
			got, err = withHTML.Convert(tc.in)
			if err != nil || got != want && !(tc.on == "" && got == strings.ReplaceAll(tc.off, "<!-- raw HTML omitted -->", "")) {
				t.Errorf("raw HTML on:\n got %q, %v\nwant %q", got, err, want)
			}
		})
	}
}

// TestCheck: what Check says about a text, and where.
func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		html     bool
		want     []string // "offset code message", "w:" before a warning's
	}{
		{"fine", "**Mật ong** [web](https://a.vn/) ![ảnh](a.jpg) <https://b.vn> `<b>`\n", false, nil},
		{"javascript link", "Xem [đây](javascript:alert(1)) nhé", false,
			[]string{`4 url a link to "javascript:alert(1)" is not allowed; links lead to web addresses (https://…), email (mailto:…), telephone numbers (tel:…) or the site's own pages`}},
		{"data image", "a\n\n![x](data:image/png;base64,iVBORw0KGgo=)", false,
			[]string{`3 url an image from "data:image/png;base64,iVBORw0KGgo=" is not allowed; images are files of this site`}},
		{"images from other sites", "![a](https://evil.example/p.gif) ![b](//evil.example/p.gif)\n![c](/\\evil.example/p.gif) ![d](/media/p.jpg) ![e](p.jpg?x#y)", false, []string{
			`0 url an image from another site ("https://evil.example/p.gif") is not allowed; the pages load nothing from elsewhere: show a picture of the record (images:) or of the story (image:)`,
			`33 url an image from another site ("//evil.example/p.gif") is not allowed; the pages load nothing from elsewhere: show a picture of the record (images:) or of the story (image:)`,
		}},
		{"html image from another site", "<img src=\"https://evil.example/p.gif\" alt=\"\"> <img src=\"/media/p.jpg\" alt=\"\">", true, []string{
			`0 url an image from another site ("https://evil.example/p.gif") is not allowed; the pages load nothing from elsewhere: show a picture of the record (images:) or of the story (image:)`,
		}},
		{"autolink", "x <vbscript:msgbox>", false,
			[]string{`2 url a link to "vbscript:msgbox" is not allowed; links lead to web addresses (https://…), email (mailto:…), telephone numbers (tel:…) or the site's own pages`}},
		{"html off", "a <b>b</b> <script>x</script>", false,
			[]string{`w:2 raw-html HTML is not shown (<b> here); write Markdown, such as **bold** or [a link](https://…), or let site.yaml allow simple HTML (markdown: {html: true})`}},
		{"comment", "a <!-- note -->\n\n<!-- note -->\n", false, nil},
		{"html on", "<b>b</b> <font color=red>f</font>\n<img src=\"javascript:x\" onerror=\"alert(1)\" style=\"x\">", true, []string{
			`w:9 html <font> is not shown (its text is); HTML in texts is simple markup such as <b>, <i>, <sup>, <abbr>, <ruby> or <table>`,
			`34 url an image from "javascript:x" is not allowed; images are files of this site`,
			`34 html the attribute onerror of <img> is not allowed; HTML in texts may not run code`,
			`w:34 html the attribute style of <img> is left out`,
		}},
		{"html on, block", "<div>\n<script>alert(1)</script>\n</div>\n", true, []string{
			`6 html <script> is not allowed; HTML in texts may not run code, load other pages or ask readers for input`,
		}},
		{"too deep", "a\n" + strings.Repeat("> ", 40) + "x\n", false, []string{
			`2 nesting this line puts 40 quotes or lists inside each other; at most 32 may be`,
		}},
		{"thematic break", strings.Repeat("- ", 40) + "\n", false, nil},
		{"too long", strings.Repeat("a", MaxBytes+1), false, []string{
			`0 too-large the text is 64.0 kB; a text may be at most 64 kB (split a long story in two)`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range mdCheck.Check(tc.in, tc.html) {
				w := ""
				if p.Warning {
					w = "w:"
				}
				got = append(got, w+itoa(p.Offset)+" "+p.Code+" "+p.Message.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Check:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		if n /= 10; n == 0 {
			return s
		}
	}
}

// FuzzMarkdown: whatever the text, with raw HTML off and on, converting
// it neither panics nor fails, and gives HTML without a script, an event
// handler, a frame or an address with a scheme other than http, https,
// mailto and tel (sitetest.UnsafeHTML, written apart from the converter);
// and Check neither panics nor reports a problem outside the text. The
// seeds in testdata/fuzz/FuzzMarkdown come from the hostile corpus
// (internal/build/testdata/hostile).
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"**Mật ong** [web](https://a.vn/)",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1))",
		"<a href=\"java\tscript:alert(1)\">x</a>",
		"<img src=x onerror=alert(1)>",
		"<svg><script>alert(1)</script></svg>",
		"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
		"<<script>script>alert(1)<</script>/script>",
		"<scr<script>ipt>alert(1)</script>",
		"<!--><script>alert(1)</script>-->",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
		"<style><img src=x onerror=alert(1)></style>",
		"<a href=\"&#x6A;avascript:alert(1)\">x</a>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []*Converter{plain, withHTML} {
			html := c.policy != nil
			out, err := c.Convert(s)
			if err != nil {
				t.Fatalf("Convert(%q): %v", s, err)
			}
			if problems := sitetest.UnsafeHTML(out); len(problems) > 0 {
				t.Fatalf("Convert(%q), raw HTML %v, = %q:\n%s", s, html, out, strings.Join(problems, "\n"))
			}
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Fatalf("Convert(%q), raw HTML %v, = %q: an unescaped <script", s, html, out)
			}
			for _, p := range mdCheck.Check(s, html) {
				if p.Offset < 0 || p.Offset > len(s) || p.Message.String() == "" || !utf8.ValidString(p.Message.String()) && utf8.ValidString(s) {
					t.Fatalf("Check(%q): %+v", s, p)
				}
			}
		}
	})
}

// TestCheckMany: a text with hundreds of problems gets twenty, and one
// more for the rest, an error when an error is among them.
func TestCheckMany(t *testing.T) {
	src := strings.Repeat("<font>x</font> ", 30) + "<script>alert(1)</script>"
	problems := mdCheck.Check(src, true)
	if len(problems) != maxProblems+1 {
		t.Fatalf("%d problems, want %d", len(problems), maxProblems+1)
	}
	last := problems[maxProblems]
	if last.Warning || last.Code != "html" || last.Message.String() != "and 11 more problems like these after this point" {
		t.Errorf("last problem = %+v", last)
	}
}
