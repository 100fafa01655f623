package search

import (
	"slices"
	"strings"
	"testing"
)

const nfdMatOng = "Ma\u0302\u0323t ong" // "Mật ong" typed in NFD

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Mật Ong", "mật ong"},
		{nfdMatOng, "mật ong"},
		{"ĐỒNG VĂN", "đồng văn"},
		{"CHÈ SHAN TUYẾT", "chè shan tuyết"},
		{"İstanbul", "i\u0307stanbul"}, // decomposed first, as JavaScript does
		{"ΣΟΦΙΑ", "σοφια"},             // no final sigma: one code point at a time
		{"雪山茶 OCOP", "雪山茶 ocop"},
		{"ＯＣＯＰ５００", "ｏｃｏｐ５００"},       // full width kept: only the fold maps it
		{"e\u0301\u0323", "ẹ\u0301"}, // marks reordered and composed
		{"bad \xff utf8", "bad \ufffd utf8"},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"mật ong", "mat ong"},
		{"đồng văn", "dong van"},
		{"chè shan tuyết", "che shan tuyet"},
		{"ｏｃｏｐ５００", "ocop500"},
		{"雪山茶", "雪山茶"},
		{"café", "cafe"},
		{"ẹ\u0301", "e"},
	} {
		if got := fold(c.in); got != c.want {
			t.Errorf("fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStem(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"teas", "tea"}, {"tea", "tea"}, {"honeys", "honey"}, {"honey", "honey"},
		{"liquors", "liquor"}, {"berries", "berry"}, {"berry", "berry"}, {"ties", "tie"},
		{"glasses", "glass"}, {"glass", "glass"}, {"peaches", "peach"}, {"boxes", "box"},
		{"dishes", "dish"}, {"citrus", "citrus"}, {"analysis", "analysis"}, {"gas", "gas"},
		{"bus", "bus"}, {"products", "product"}, {"spices", "spice"}, {"500s", "500s"},
		{"cafés", "cafés"},
	} {
		if got := stem(c.in); got != c.want {
			t.Errorf("stem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// tokenCases is the table both Go and search.js tokenise (js_test.go).
var tokenCases = []struct {
	lang, in string
	want     string // "folded/exact" pairs, space-separated; "folded" alone when the same
}{
	{"vi", "Mật ong bạc hà", "mat/mật ong bac/bạc ha/hà"},
	{"vi", nfdMatOng, "mat/mật ong"},
	{"vi", "Chè Shan tuyết", "che/chè shan tuyet/tuyết"},
	{"vi", "ĐỒNG VĂN, Đồng Văn; đồng-văn", "dong/đồng van/văn dong/đồng van/văn dong/đồng van/văn"},
	{"vi", "Mật ong (500ml) – 250.000 đ/chai", "mat/mật ong 500 ml 250 000 d/đ chai"},
	{"vi", "  !!!  ", ""},
	{"vi", "HTX Lũng Cú's \"best\"", "htx lung/lũng cu/cú s best"},
	{"vi", "Rượu ngô Pả Vi 3★", "ruou/rượu ngo/ngô pa/pả vi 3"},
	{"vi", "\u0301abc", "abc"},
	{"en", "Teas, honeys & liquors; berries", "tea/teas honey/honeys liquor/liquors berry/berries"},
	{"en", "Lung Cu Mint Honey", "lung cu mint honey"},
	{"en", "CAFÉS", "cafe/cafés"},
	{"zh", "雪山茶", "雪 雪山 山 山茶 茶"},
	{"zh", "龙鼓薄荷蜂蜜", "龙 龙鼓 鼓 鼓薄 薄 薄荷 荷 荷蜂 蜂 蜂蜜 蜜"},
	{"zh", "河江省OCOP产品。", "河 河江 江 江省 省 ocop 产 产品 品"},
	{"zh", "茶 叶，茶叶", "茶 叶 茶 茶叶 叶"},
	{"zh", "５００ｍｌ蜂蜜", "500/５００ ml/ｍｌ 蜂 蜂蜜 蜜"},
	{"zh", "Honeys 蜂蜜", "honeys 蜂 蜂蜜 蜜"},
	{"vi", "mật ong 蜂蜜 honey", "mat/mật ong 蜂 蜂蜜 蜜 honey"},
	{"vi", "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeee", "aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd"},
	{"vi", "h2o", "h 2 o"},
	{"vi", "Ⅻ ½ ²", "ⅻ ½ ²"},
}

func tokenString(toks []Token) string {
	var parts []string
	for _, t := range toks {
		if t.Folded == t.Exact {
			parts = append(parts, t.Folded)
		} else {
			parts = append(parts, t.Folded+"/"+t.Exact)
		}
	}
	return strings.Join(parts, " ")
}

func TestTokens(t *testing.T) {
	for _, c := range tokenCases {
		if got := tokenString(Tokens(c.lang, c.in)); got != c.want {
			t.Errorf("Tokens(%s, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

// scanTokens runs the builder's tokeniser, which must agree with Tokens.
func scanTokens(lang, s string) []Token {
	b := newBuilder(lang, 1)
	b.record = true
	b.doc = 1
	b.scan(s, bitField)
	var out []Token
	for _, v := range b.trace {
		out = append(out, Token{Folded: b.vars[v].folded, Exact: b.vars[v].exact})
	}
	return out
}

func TestScanMatchesTokens(t *testing.T) {
	for _, c := range tokenCases {
		want := tokenString(Tokens(c.lang, c.in))
		if got := tokenString(scanTokens(c.lang, c.in)); got != want {
			t.Errorf("scan(%s, %q) = %q, Tokens gives %q", c.lang, c.in, got, want)
		}
	}
}

func TestTerms(t *testing.T) {
	for _, c := range []struct {
		lang, q string
		want    []Term
		pairs   []string
	}{
		{"vi", "mat o", []Term{{Folded: "mat", Exact: "mat"}, {Folded: "o", Exact: "o", Prefix: true}}, nil},
		{"vi", "mật ong ", []Term{{Folded: "mat", Exact: "mật", Accent: true}, {Folded: "ong", Exact: "ong"}}, nil},
		{"vi", "Mật", []Term{{Folded: "mat", Exact: "mật", Accent: true, Prefix: true}}, nil},
		{"vi", "mat mat", []Term{{Folded: "mat", Exact: "mat"}, {Folded: "mat", Exact: "mat", Prefix: true}}, nil},
		{"vi", "ong ong ong", []Term{{Folded: "ong", Exact: "ong"}, {Folded: "ong", Exact: "ong", Prefix: true}}, nil},
		{"en", "teas", []Term{{Folded: "tea", Exact: "teas", Prefix: true}}, nil},
		{"zh", "雪山茶", []Term{{Folded: "雪", Exact: "雪"}, {Folded: "山", Exact: "山"}, {Folded: "茶", Exact: "茶"}}, []string{"雪山", "山茶"}},
		{"zh", "茶 mat", []Term{{Folded: "茶", Exact: "茶"}, {Folded: "mat", Exact: "mat", Prefix: true}}, nil},
		{"zh", "mat 茶", []Term{{Folded: "mat", Exact: "mat"}, {Folded: "茶", Exact: "茶"}}, nil},
		{"vi", "", nil, nil},
	} {
		got, pairs := Terms(c.lang, c.q)
		if !slices.Equal(got, c.want) || !slices.Equal(pairs, c.pairs) {
			t.Errorf("Terms(%s, %q) = %+v %q, want %+v %q", c.lang, c.q, got, pairs, c.want, c.pairs)
		}
	}
	long := strings.Repeat("a b c d e f g h i j k l ", 3)
	if got, _ := Terms("vi", long); len(got) != MaxTerms {
		t.Errorf("Terms of %d words: %d terms, want %d", 36, len(got), MaxTerms)
	}
}
