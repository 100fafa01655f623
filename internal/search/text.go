package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTokenRunes is the length, in code points of its exact form, past which
// a token is cut.
const MaxTokenRunes = 40

// Token is one searchable unit of text.
type Token struct {
	// Folded is the form tokens are matched and sharded by: Exact without
	// diacritics (every combining mark removed after NFD), đ → d,
	// full-width ASCII letters and digits → ASCII, and in English the
	// simple stem ("berries" → "berry").
	Folded string
	// Exact is the token as written, in NFC and lower case.
	Exact string
}

// Normalize returns s in Unicode NFC and lower case. It decomposes s
// (NFD), lower-cases each code point by its simple (one code point)
// Unicode mapping, and composes again (NFC), so that "İ", "Đ", NFD and NFC
// input give the same result in Go and in JavaScript.
func Normalize(s string) string {
	if ascii(s) {
		return lowerASCII(s)
	}
	if !utf8.ValidString(s) {
		// As a whole text and token by token alike: the normaliser
		// reads a stray byte differently in the middle of a text.
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

// fold returns the folded form of s (already Normalized): without
// combining marks (after NFD), with đ as d and full-width ASCII letters
// and digits as ASCII, in NFC. It is vntext.Fold, except that it removes
// every combining mark (Mn, Mc, Me), not only Mn, and folds full-width
// forms, which Chinese keyboards type.
func fold(s string) string {
	if ascii(s) {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.IsMark(r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case r >= 0xFF10 && r <= 0xFF19: // ０-９
			r = '0' + (r - 0xFF10)
		case r >= 0xFF21 && r <= 0xFF3A: // Ａ-Ｚ
			r = 'a' + (r - 0xFF21)
		case r >= 0xFF41 && r <= 0xFF5A: // ａ-ｚ
			r = 'a' + (r - 0xFF41)
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// stem returns the English stem of a folded token: the plural forms the
// index and the query both reduce. Only tokens of ASCII letters change:
//
//	-ies → -y when longer than 4 letters (berries → berry)
//	-sses → -ss (glasses → glass)
//	-ches, -shes, -xes, -zzes → without -es when longer than 4 letters (peaches → peach)
//	-s → without it when longer than 3 letters and not -ss, -us, -is (teas → tea)
func stem(w string) string {
	n := len(w)
	if n < 4 {
		return w
	}
	for i := 0; i < n; i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:n-2]
	case n > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") ||
		strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zzes")):
		return w[:n-2]
	case w[n-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// stems reports whether lang is English, the only language stemmed.
func stems(lang string) bool {
	return lang == "en" || strings.HasPrefix(lang, "en-")
}

// Character classes of the tokeniser.
const (
	clsOther = iota
	clsLetter
	clsNumber
	clsMark
	clsHan
)

// lowClasses are the classes of the code points below U+2000 (Latin,
// Vietnamese, Greek, Cyrillic…), looked up rather than computed.
var lowClasses = func() (t [0x2000]uint8) {
	for r := range t {
		t[r] = uint8(classOf(rune(r)))
	}
	return t
}()

func class(r rune) int {
	switch {
	case r >= 0 && r < 0x2000:
		return int(lowClasses[r])
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs
		return clsHan
	}
	return classOf(r)
}

func classOf(r rune) int {
	if r < utf8.RuneSelf {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return clsLetter
		case r >= '0' && r <= '9':
			return clsNumber
		}
		return clsOther
	}
	switch {
	case unicode.Is(unicode.Han, r):
		return clsHan
	case unicode.IsLetter(r):
		return clsLetter
	case unicode.IsNumber(r):
		return clsNumber
	case unicode.IsMark(r):
		return clsMark
	}
	return clsOther
}

// Tokens returns the searchable tokens of s in language lang, in the order
// they occur, repeats included. This is the definition the index builder
// and search.js follow (the package documentation states the rules).
func Tokens(lang, s string) []Token {
	rs := []rune(Normalize(s))
	en := stems(lang)
	var out []Token
	emit := func(exact []rune) {
		if len(exact) > MaxTokenRunes {
			exact = exact[:MaxTokenRunes]
		}
		e := string(exact)
		f := fold(e)
		if en {
			f = stem(f)
		}
		if f != "" {
			out = append(out, Token{Folded: f, Exact: e})
		}
	}
	for i := 0; i < len(rs); {
		c := class(rs[i])
		switch c {
		case clsHan:
			emit(rs[i : i+1])
			if i+1 < len(rs) && class(rs[i+1]) == clsHan {
				emit(rs[i : i+2])
			}
			i++
		case clsLetter, clsNumber:
			j := i + 1
			for j < len(rs) {
				cj := class(rs[j])
				if cj != c && cj != clsMark {
					break
				}
				j++
			}
			emit(rs[i:j])
			i = j
		default:
			i++
		}
	}
	return out
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}
