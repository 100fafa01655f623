package vntext

import (
	"bytes"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Chè Shan tuyết", "che shan tuyet"},
		{"Đồng Văn", "dong van"},
		{"ĐẶC SẢN", "dac san"},
		{"Mật ong bạc hà", "mat ong bac ha"},
		{"Che\u0300 Shan tuye\u0302\u0301t", "che shan tuyet"}, // NFD input
		{"雪山茶", "雪山茶"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Chè Shan tuyết Phìn Hồ", "che-shan-tuyet-phin-ho"},
		{"Hợp tác xã Đồng Văn", "hop-tac-xa-dong-van"},
		{"  --Rượu ngô  (Tả Lủng)-- ", "ruou-ngo-ta-lung"},
		{"Thành phố Hà Giang", "thanh-pho-ha-giang"},
		{"2890/QĐ-BNN", "2890-qd-bnn"},
		{"雪山茶", ""},
		{"tea 雪山 honey", "tea-honey"},
		{"Mu\u031b\u0323t", "mut"}, // NFD ư with dot below
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"che-shan-tuyet": true, "a1": true, "": false, "Che": false,
		"che--shan": false, "-che": false, "chè": false, "che_shan": false,
	} {
		if got := IsSlug(s); got != want {
			t.Errorf("IsSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNFC(t *testing.T) {
	nfd := "Che\u0300"
	if IsNFC(nfd) {
		t.Fatalf("IsNFC(%q) = true", nfd)
	}
	if got := NFC(nfd); got != "Chè" || !IsNFC(got) {
		t.Errorf("NFC(%q) = %q", nfd, got)
	}
}

func TestSorterVietnamese(t *testing.T) {
	// Vietnamese alphabet order: a ă â b c d đ e ê … o ô ơ … u ư.
	words := []string{"Ơn", "Đồng Văn", "Ân", "Bắc Mê", "Dế", "Ăn", "An", "Ô", "Oanh", "Ưu", "Uống"}
	want := []string{"An", "Ăn", "Ân", "Bắc Mê", "Dế", "Đồng Văn", "Oanh", "Ô", "Ơn", "Uống", "Ưu"}
	s := NewSorter("vi")
	sort.Slice(words, func(i, j int) bool { return bytes.Compare(s.Key(words[i]), s.Key(words[j])) < 0 })
	for i := range want {
		if words[i] != want[i] {
			t.Fatalf("sorted = %q, want %q", words, want)
		}
	}
}

func TestSorterNumeric(t *testing.T) {
	s := NewSorter("en")
	if bytes.Compare(s.Key("Item 9"), s.Key("Item 10")) >= 0 {
		t.Error(`"Item 9" should sort before "Item 10"`)
	}
}

func TestTruncate(t *testing.T) {
	if got := Truncate("short", 10); got != "short" {
		t.Errorf("Truncate kept = %q", got)
	}
	got := Truncate("Chè Shan tuyết cổ thụ trên núi cao mây mù quanh năm", 20)
	if got != "Chè Shan tuyết cổ…" {
		t.Errorf("Truncate = %q", got)
	}
}

// FuzzSlug: whatever a file name holds (diacritics in NFC or NFD, "..",
// slashes, invisible characters, markup: see the seeds in
// testdata/fuzz/FuzzSlug, from the hostile corpus of internal/build), its
// slug is lower-case ASCII words joined by "-", the same for the NFC and
// NFD forms of the name, and a slug of itself; Fold and NFC do not panic,
// and NFC is idempotent.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Chè Shan tuyết", "Đồng Văn", "雪山茶", "a--b", "\xff", "Che\u0300", "../../etc/passwd", "mat\u200bong", "\u202egnp.exe", "<script>alert(1)</script>", "CON"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := Slug(s)
		if slug != "" && !IsSlug(slug) {
			t.Errorf("Slug(%q) = %q is not a slug", s, slug)
		}
		if Slug(slug) != slug {
			t.Errorf("Slug is not idempotent on %q", slug)
		}
		if strings.ContainsFunc(slug, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') }) {
			t.Errorf("Slug(%q) = %q has a character that is not a-z, 0-9 or -", s, slug)
		}
		if d := Slug(norm.NFD.String(s)); d != slug {
			t.Errorf("Slug(%q) = %q, but its NFD form gives %q", s, slug, d)
		}
		n := NFC(s)
		if NFC(n) != n || (utf8.ValidString(s) && !IsNFC(n)) {
			t.Errorf("NFC(%q) = %q is not stable", s, n)
		}
		_ = Fold(s)
	})
}

// TestInvisible: the quick ranges of Invisible agree with the Unicode
// categories.
func TestInvisible(t *testing.T) {
	for r := rune(0); r <= 0x10ffff; r++ {
		want := unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
		wantBidi := r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		if got, bidi := Invisible(r); got != want || bidi != wantBidi {
			t.Fatalf("Invisible(%U) = %v, %v; want %v, %v", r, got, bidi, want, wantBidi)
		}
	}
	if got := CharName('\u202e'); got != "U+202E RIGHT-TO-LEFT OVERRIDE" {
		t.Errorf("CharName = %q", got)
	}
	if got := CharName('\a'); got != "U+0007" {
		t.Errorf("CharName = %q", got)
	}
}

func TestPlaceKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"Thuận Hoà", "thuận hòa", true},
		{"Thuỷ Nguyên", "Thủy Nguyên", true},
		{"Thông Nguyên", "Thông  Nguyên", true},
		{"Tả Lủng", "Tà Lủng", false},
		{"Phó Bảng", "Phố Bảng", false},
		{"Thông Nguyên", "Thong Nguyen", false},
	} {
		if got := PlaceKey(c.a) == PlaceKey(c.b); got != c.same {
			t.Errorf("PlaceKey(%q) == PlaceKey(%q): %v, want %v", c.a, c.b, got, c.same)
		}
	}
	if got := Latin("Đồng Văn, Thông Nguyên"); got != "Dong Van, Thong Nguyen" {
		t.Errorf("Latin: %q", got)
	}
}
