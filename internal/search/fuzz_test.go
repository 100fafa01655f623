package search

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var fuzzSeeds = []string{
	"", "Mật ong bạc hà", nfdMatOng, "ĐỒNG VĂN", "İ", "ΣΑΣ", "雪山茶", "ＯＣＯＰ５００",
	"e\u0301\u0323", "\u0301", "a\u0308\u0301", "=\u0338", "\uFA10\u0301", "\u1100\u1161", "\xff",
	"Ǆ ǅ ǆ", "ß ẞ", "ﬁ", "\u0345", "\u0130\u0307", "ᾼ", "\U0001D400",
}

// FuzzNormalize: Normalize never panics, is idempotent and gives NFC; its
// fold has no combining mark and no đ, and is itself normalised and
// stable. And the index writes the text as a JSON string that is valid,
// reads back as the text, and has no "<" or ">" (no "</script>" in an
// index file, whatever reads it). Seeds in testdata/fuzz/FuzzNormalize
// come from the hostile corpus of internal/build.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if n2 := Normalize(n); n2 != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, n2)
		}
		if !norm.NFC.IsNormalString(n) {
			t.Fatalf("Normalize(%q) = %q, not NFC", s, n)
		}
		fd := fold(n)
		for _, r := range norm.NFD.String(fd) {
			if unicode.IsMark(r) || r == 'đ' || r == 'Đ' {
				t.Fatalf("fold(%q) = %q has %U", n, fd, r)
			}
		}
		if f2 := fold(fd); f2 != fd {
			t.Fatalf("fold not idempotent: %q → %q → %q", n, fd, f2)
		}
		if Normalize(fd) != fd {
			t.Fatalf("fold(%q) = %q is not normalised (%q)", n, fd, Normalize(fd))
		}
		for _, text := range []string{s, n} {
			js := appendString(nil, text)
			if bytes.ContainsAny(js, "<>") {
				t.Fatalf("appendString(%q) = %s has a < or >", text, js)
			}
			var back string
			if err := json.Unmarshal(js, &back); err != nil || back != string([]rune(text)) {
				t.Fatalf("appendString(%q) = %s reads back as %q, %v", text, js, back, err)
			}
		}
	})
}

// FuzzTokens: the builder's tokeniser, which normalises each token and
// not the whole text, gives what Tokens gives; tokens are normalised,
// folded forms are folds of exact forms, and tokenising a token's exact
// form gives it back.
func FuzzTokens(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add("vi", s)
		f.Add("en", s+" teas")
	}
	for _, c := range tokenCases {
		f.Add(c.lang, c.in)
	}
	f.Fuzz(func(t *testing.T, lang, s string) {
		want := Tokens(lang, s)
		got := scanTokens(lang, s)
		if !slices.Equal(got, want) {
			t.Fatalf("scan(%q, %q) = %q, Tokens = %q", lang, s, got, want)
		}
		for _, tk := range want {
			if tk.Folded == "" || Normalize(tk.Exact) != tk.Exact && !strings.ContainsRune(tk.Exact, '\ufffd') {
				t.Fatalf("token %q of %q", tk, s)
			}
			f := fold(tk.Exact)
			if stems(lang) {
				f = stem(f)
			}
			if f != tk.Folded {
				t.Fatalf("token %q of %q: fold gives %q", tk, s, f)
			}
		}
	})
}

// FuzzList: posting lists decode to what was encoded.
func FuzzList(f *testing.F) {
	f.Add([]byte{0, 1, 2, 200, 255})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, gaps []byte) {
		var docs []uint32
		d := uint32(0)
		for i, g := range gaps {
			d += uint32(g) * uint32(1+i%977)
			docs = append(docs, d)
			d++
		}
		enc := appendList(nil, docs)
		got, err := decodeList(string(enc[1 : len(enc)-1]))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(docs) {
			t.Fatalf("decoded %d of %d", len(got), len(docs))
		}
		for i := range got {
			if got[i] != int(docs[i]) {
				t.Fatalf("doc %d: %d, want %d", i, got[i], docs[i])
			}
		}
	})
}
