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
	d := regexp.MustCompile(`<path stroke="#000" d="([^"]*)"`).FindSubmatch(svg)
	if vb == nil || d == nil {
		t.Fatalf("not an SVG of ours: %.200s", svg)
	}
	size, _ := strconv.Atoi(string(vb[1]))
	const scale = 4
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	// The path is "M<x> <y>.5h<n>", then "m<dx> <dy>h<n>" for each
	// further run: n dark modules from (x, y), a stroke one module wide
	// through the middle of the row.
	first := regexp.MustCompile(`^M(\d+) (\d+)\.5h(\d+)`)
	next := regexp.MustCompile(`^m(-?\d+) (\d+)h(\d+)`)
	path, x, y := string(d[1]), 0, 0
	for i := 0; path != ""; i++ {
		re := next
		if i == 0 {
			re = first
		}
		p := re.FindStringSubmatch(path)
		if p == nil {
			t.Fatalf("path has commands the decoder does not draw: %.100q", path)
		}
		path = path[len(p[0]):]
		dx, _ := strconv.Atoi(p[1])
		dy, _ := strconv.Atoi(p[2])
		n, _ := strconv.Atoi(p[3])
		x, y = x+dx, y+dy
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+n)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
		x += n
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
