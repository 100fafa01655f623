package qrcode_test

import (
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/qrcode"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

func TestSVGDecodes(t *testing.T) {
	for _, text := range []string{
		"https://ocop-hagiang.example/vi/products/che-shan-tuyet-cao-bo/",
		"https://ocop-hagiang.example/zh/products/" + strings.Repeat("mat-ong-bac-ha-", 8) + "/",
		"HTTPS://EXAMPLE.VN/",
		"Chè Shan tuyết",
	} {
		svg, err := qrcode.New().SVG(text, "QR")
		if err != nil {
			t.Fatal(err)
		}
		if got := sitetest.DecodeQR(t, svg); got != text {
			t.Errorf("decoded %q, want %q", got, text)
		}
	}
}

func TestSVGLabel(t *testing.T) {
	svg, err := qrcode.New().SVG("https://example.vn/", `Mã QR "Chè" <&>`)
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{`role="img"`, `aria-label="Mã QR &#34;Chè&#34; &lt;&amp;&gt;"`, `<title>Mã QR &#34;Chè&#34; &lt;&amp;&gt;</title>`} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %s:\n%.300s", want, s)
		}
	}
	plain, _ := qrcode.New().SVG("https://example.vn/", "")
	if strings.Contains(string(plain), "<title>") || strings.Contains(string(plain), "aria-label") {
		t.Error("an unlabelled code has a title")
	}
}

func TestSVGTooLong(t *testing.T) {
	if _, err := qrcode.New().SVG(strings.Repeat("x", 5000), ""); err == nil {
		t.Error("5,000 bytes do not fit a QR code, yet SVG made one")
	}
}

func BenchmarkSVG(b *testing.B) {
	b.ReportAllocs()
	e := qrcode.New()
	for b.Loop() {
		if _, err := e.SVG("https://ocop-hagiang.example/vi/products/che-shan-tuyet-cao-bo/", "Mã QR"); err != nil {
			b.Fatal(err)
		}
	}
}
