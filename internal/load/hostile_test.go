package load

import (
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/diag"
)

// The loader's side of the hostile corpus (internal/build/testdata/hostile):
// the exact place of a problem inside a value, however the value is
// written, and the markdown setting of site.yaml.

// TestPositionInValue: a problem inside a value (here a link that is not
// allowed, after "Xem ") is reported at its own line and column, in a
// plain, single-quoted, double-quoted (with escapes before it) or literal
// value, and at the value's start when the value is folded over lines.
func TestPositionInValue(t *testing.T) {
	const link = "[x](javascript:alert(1))"
	for _, tc := range []struct {
		name, yaml string
		want       string // line:col
	}{
		{"plain", "description: Xem " + link + "\n", "1:18"},
		{"plain after diacritics", "description: Chè Shan tuyết " + link + "\n", "1:29"},
		{"single-quoted", "description: 'Xem ''đây'' " + link + "'\n", "1:27"},
		{"double-quoted", `description: "Xem \"đây\" \u00e0 ` + link + "\"\n", "1:34"},
		{"in a language", "description: {vi: \"Xem " + link + "\"}\n", "1:24"},
		{"literal", "description:\n  vi: |\n    Dòng một.\n\n    Xem " + link + "\n", "5:9"},
		{"literal, CRLF", "description:\r\n  vi: |\r\n    Dòng một.\r\n    Xem " + link + "\r\n", "4:9"},
		{"folded", "description: >\n  Xem\n  " + link + "\n", "1:14"},
		{"plain over lines", "description: Xem\n  " + link + "\n", "1:14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.List
			d := &decoder{file: "p.yaml", diags: &diags, langs: langs}
			decodeProducer(d, []byte(tc.yaml), "p", producerKind())
			var got []string
			for _, x := range diags {
				if x.Code == "url" {
					got = append(got, strings.TrimPrefix(x.Pos.String(), "p.yaml:"))
				}
			}
			if !slices.Equal(got, []string{tc.want}) {
				t.Errorf("positions %q, want %s", got, tc.want)
			}
		})
	}
}

// TestInvisibleInValue: an invisible character is reported where it is;
// one a text may need (a zero-width joiner in an emoji) is not.
func TestInvisibleInValue(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want []string
	}{
		{"name: \"Mật\\u200bong\"\n", []string{"p.yaml:1:11: warning: name has an invisible character (U+200B ZERO WIDTH SPACE), perhaps copied with the text; delete it"}},
		{"name: Mật\u202eong\n", []string{"p.yaml:1:10: name has an invisible bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE), which can make the text show in another order than it is written; delete it"}},
		{"name: Quà 👨\u200d👩\u200d👧 tặng\n", nil},
	} {
		var diags diag.List
		d := &decoder{file: "p.yaml", diags: &diags, langs: langs}
		decodeProducer(d, []byte(tc.yaml), "p", producerKind())
		var got []string
		for _, x := range diags {
			if x.Code == "invisible" {
				got = append(got, x.String())
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.yaml, got, tc.want)
		}
	}
}

// TestMarkdownSetting: site.yaml's markdown: {html: true} reaches the
// Config and the checks of every Markdown text; a typo in it is caught.
func TestMarkdownSetting(t *testing.T) {
	record := "name: HTX\nkind: cooperative\naddress: A\ndescription: Do <abbr title=\"Hợp tác xã\">HTX</abbr> làm.\n"
	for _, tc := range []struct {
		setting string
		html    bool
		want    []string
	}{
		{"", false, []string{"content/producers/p.yaml:4:17: warning: description: HTML is not shown (<abbr> here); write Markdown, such as **bold** or [a link](https://…), or let site.yaml allow simple HTML (markdown: {html: true})"}},
		{"markdown: {html: true}\n", true, nil},
		{"markdown: {html: no}\n", false, []string{"content/producers/p.yaml:4:17: warning: description: HTML is not shown (<abbr> here); write Markdown, such as **bold** or [a link](https://…), or let site.yaml allow simple HTML (markdown: {html: true})"}},
		{"markdown: {htm: true}\n", false, []string{
			`content/producers/p.yaml:4:17: warning: description: HTML is not shown (<abbr> here); write Markdown, such as **bold** or [a link](https://…), or let site.yaml allow simple HTML (markdown: {html: true})`,
			`site.yaml:8:12: unknown key "htm" in markdown (did you mean "html"?)`,
		}},
		{"markdown: {html: sometimes}\n", false, []string{
			`content/producers/p.yaml:4:17: warning: description: HTML is not shown (<abbr> here); write Markdown, such as **bold** or [a link](https://…), or let site.yaml allow simple HTML (markdown: {html: true})`,
			`site.yaml:8:18: markdown.html must be true or false, not "sometimes"`,
		}},
	} {
		fsys := site(map[string]string{"content/producers/p.yaml": record})
		fsys["site.yaml"].Data = []byte(siteYAML + tc.setting)
		src, diags := Load(fsys, nil)
		if src.Config.Markdown.HTML != tc.html {
			t.Errorf("%q: HTML = %v", tc.setting, src.Config.Markdown.HTML)
		}
		if got := messages(diags); !slices.Equal(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.setting, got, tc.want)
		}
	}
}

// TestNames: the names Windows cannot hold, or that hide characters.
func TestNames(t *testing.T) {
	for name, reserved := range map[string]bool{
		"con": true, "CON": true, "con.yaml": true, "Nul.vi.md": true, "aux .yaml": true, "com1": true, "LPT9.svg": true,
		"com¹": true, "con-1.yaml": false, "console.yaml": false, "com10": false, "lpt": false, "nul-": false, "": false,
	} {
		if got := WindowsReserved(name); got != reserved {
			t.Errorf("WindowsReserved(%q) = %v", name, got)
		}
	}
	for name, want := range map[string]string{
		"mat-ong.yaml":      "",
		"Mật ong.yaml":      "",
		"mat\u200bong.yaml": `the name "mat\u200bong.yaml" has an invisible character (U+200B ZERO WIDTH SPACE); rename it without`,
		"a\nb.yaml":         `the name "a\nb.yaml" has an invisible character (U+000A); rename it without`,
		"a|b.yaml":          `the name "a|b.yaml" has '|', which Windows does not allow in names; rename it without`,
		"a.yaml ":           `the name "a.yaml " ends in " ", which Windows drops; rename it without`,
		"prn.jpg":           `the name "prn.jpg" is one that Windows keeps for a device (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9), so Windows cannot open it; rename it, such as "prn-1.jpg"`,
	} {
		if got := nameProblem(name).String(); got != want {
			t.Errorf("nameProblem(%q):\n got %s\nwant %s", name, got, want)
		}
	}
}
