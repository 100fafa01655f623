// Package vntext turns Vietnamese (and other) text into the keys that the
// catalogue compares, sorts and addresses things by: NFC-normalised text,
// diacritic-free folds for matching, ASCII slugs for URLs and
// language-aware collation keys for sorting.
//
// Vietnamese arrives in NFC or NFD form depending on the keyboard, and đ/Đ
// have no Unicode decomposition, so every function here normalises first
// and maps đ to d by hand.
package vntext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C.
func NFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// IsNFC reports whether s is already in normalisation form C.
func IsNFC(s string) bool { return norm.NFC.IsNormalString(s) }

// Fold returns s lower-cased and without diacritics, with đ folded to d:
// "Chè Shan tuyết Đồng Văn" → "che shan tuyet dong van". Letters of other
// scripts (Chinese) are kept as they are.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// toneMarks are the five tone marks of Vietnamese, as combining marks.
var toneMarks = map[rune]bool{'\u0300': true, '\u0301': true, '\u0303': true, '\u0309': true, '\u0323': true}

// PlaceKey returns the key by which place names are matched: lower case,
// NFC, with each word's tone mark moved to its end, so that the two ways
// of placing it (the old "Hoà", "Thuỷ" and the new "Hòa", "Thủy") match,
// while names that differ in any letter or mark do not: "Thuận Hoà" and
// "thuận hòa" have one key, "Tả Lủng" and "Tà Lủng" two.
func PlaceKey(s string) string {
	var b strings.Builder
	for i, word := range strings.Fields(norm.NFD.String(s)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		var tone rune
		for _, r := range word {
			if toneMarks[r] {
				tone = r
				continue
			}
			b.WriteRune(unicode.ToLower(r))
		}
		if tone != 0 {
			b.WriteRune(tone)
		}
	}
	return norm.NFC.String(b.String())
}

// Latin returns s without diacritics, keeping its capitals, with đ as d:
// how English texts write Vietnamese place names ("Thông Nguyên" →
// "Thong Nguyen").
func Latin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Slug turns s into a readable ASCII URL segment: diacritics folded, letters
// lower-cased, every run of other characters made one "-", no leading or
// trailing "-": "Chè Shan tuyết Phìn Hồ" → "che-shan-tuyet-phin-ho". Text with
// no Latin letters or digits gives "".
func Slug(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	dash := false
	for _, r := range f {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// IsSlug reports whether s is already a slug: lower-case ASCII letters and
// digits in words joined by single "-".
func IsSlug(s string) bool { return s != "" && Slug(s) == s }

// Sorter gives collation keys that order text as readers of one language
// expect: Vietnamese letters in Vietnamese alphabetical order (a ă â b c d đ
// e ê …), Chinese by pinyin, English case-insensitively. A Sorter is not safe
// for concurrent use.
type Sorter struct {
	c   *collate.Collator
	buf collate.Buffer
}

// NewSorter returns a Sorter for the BCP 47 language tag lang; an unknown
// tag sorts by the root collation.
func NewSorter(lang string) *Sorter {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.Und
	}
	return &Sorter{c: collate.New(tag, collate.Loose, collate.Numeric)}
}

// Key returns the collation key of s; comparing keys bytewise orders the
// strings. The key is a fresh slice that the caller may keep.
func (s *Sorter) Key(text string) []byte {
	k := s.c.KeyFromString(&s.buf, NFC(text))
	out := make([]byte, len(k))
	copy(out, k)
	s.buf.Reset()
	return out
}

// Truncate shortens s to at most n characters, cutting at a word boundary
// where one is near and adding "…" when it cut.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := n - 1
	for i := cut; i > n*3/4; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}) + "…"
}

// Invisible reports whether r is a character that shows nothing yet
// changes text: a control character, or a format character such as a
// zero-width space, a byte-order mark or a bidirectional control. Bidi
// reports the bidirectional embeddings, overrides and isolates, which can
// make text show in another order than it is written.
func Invisible(r rune) (invisible, bidi bool) {
	switch {
	case r >= ' ' && r < 0x7f, r >= 0xa0 && r < 0x600 && r != 0xad, r >= 0x1e00 && r < 0x2000, r >= 0x3000 && r < 0xfe00:
		// The quick answer for letters of Vietnamese, English and
		// Chinese: none of these ranges has a format character.
		return false, false
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true, true
	case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		return true, false
	}
	return false, false
}

// charNames are the names of the invisible characters most often found
// in text copied from elsewhere.
var charNames = map[rune]string{
	'\t': "TAB", '\r': "CARRIAGE RETURN", '\u00ad': "SOFT HYPHEN", '\u061c': "ARABIC LETTER MARK",
	'\u180e': "MONGOLIAN VOWEL SEPARATOR", '\u200b': "ZERO WIDTH SPACE", '\u200c': "ZERO WIDTH NON-JOINER",
	'\u200d': "ZERO WIDTH JOINER", '\u200e': "LEFT-TO-RIGHT MARK", '\u200f': "RIGHT-TO-LEFT MARK",
	'\u202a': "LEFT-TO-RIGHT EMBEDDING", '\u202b': "RIGHT-TO-LEFT EMBEDDING", '\u202c': "POP DIRECTIONAL FORMATTING",
	'\u202d': "LEFT-TO-RIGHT OVERRIDE", '\u202e': "RIGHT-TO-LEFT OVERRIDE", '\u2060': "WORD JOINER",
	'\u2066': "LEFT-TO-RIGHT ISOLATE", '\u2067': "RIGHT-TO-LEFT ISOLATE", '\u2068': "FIRST STRONG ISOLATE",
	'\u2069': "POP DIRECTIONAL ISOLATE", '\ufeff': "ZERO WIDTH NO-BREAK SPACE",
}

// CharName names r for a message: "U+200B ZERO WIDTH SPACE", or "U+0007"
// for a character without a name here.
func CharName(r rune) string {
	s := fmt.Sprintf("U+%04X", r)
	if name := charNames[r]; name != "" {
		s += " " + name
	}
	return s
}
