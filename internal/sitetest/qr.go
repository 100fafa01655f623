package sitetest

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// DecodeQR reads back the text of a QR code made by internal/qrcode: it
// draws the SVG's path (the subset qrcode.SVG writes) four pixels to a module and decodes the
// picture with a QR reader that shares no code with the encoder.
func DecodeQR(t testing.TB, svg []byte) string {
	t.Helper()
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindSubmatch(svg)
	d := regexp.MustCompile(`<path fill="#000" d="([^"]*)"`).FindSubmatch(svg)
	if vb == nil || d == nil {
		t.Fatalf("not an SVG of ours: %.200s", svg)
	}
	size, _ := strconv.Atoi(string(vb[1]))
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	// Each run is "M<x> <y>h<n>v1h-<n>z": n dark modules from (x, y).
	runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	rest := runs.ReplaceAllStringFunc(string(d[1]), func(m string) string {
		p := runs.FindStringSubmatch(m)
		x, _ := strconv.Atoi(p[1])
		y, _ := strconv.Atoi(p[2])
		n, _ := strconv.Atoi(p[3])
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+n)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
		return ""
	})
	if rest != "" {
		t.Fatalf("path has commands the decoder does not draw: %.100q", rest)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("the code does not decode: %v", err)
	}
	return res.GetText()
}
