// Package qrcode draws QR codes as small SVG images: one path of
// horizontal runs of dark modules, with the quiet zone the standard asks
// for, which prints sharp at any size. The code itself is made by
// rsc.io/qr: about 15 µs a code, where github.com/boombuler/barcode takes
// 1.7 ms scoring all eight masks, which a site of 16,000 products in three
// languages would feel (48,000 codes). rsc.io/qr always applies mask 0,
// which every reader decodes (see the tests).
package qrcode

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"

	"rsc.io/qr"
)

// Quiet is the width of the light margin around a code, in modules.
const Quiet = 4

// SVG returns a QR code of text as an SVG document, with medium error
// correction (15% of the code may be lost: a scuffed label still scans).
// Its view box counts modules; it has no fixed size, so a page sets one.
// label is the image's accessible name (its <title>); it may be empty.
func SVG(text, label string) ([]byte, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("QR code of %q: %w", text, err)
	}
	n := code.Size
	size := strconv.Itoa(n + 2*Quiet)
	var b bytes.Buffer
	b.Grow(n * n / 2)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + size + " " + size + `" shape-rendering="crispEdges" role="img"`)
	if label != "" {
		b.WriteString(` aria-label="`)
		xml.EscapeText(&b, []byte(label))
		b.WriteString(`"><title>`)
		xml.EscapeText(&b, []byte(label))
		b.WriteString(`</title>`)
	} else {
		b.WriteString(`>`)
	}
	b.WriteString(`<rect width="` + size + `" height="` + size + `" fill="#fff"/><path fill="#000" d="`)
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !code.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < n && code.Black(x, y) {
				x++
			}
			// A run: move to its top left, across, down one, back, close.
			run := strconv.Itoa(x - start)
			b.WriteString("M" + strconv.Itoa(start+Quiet) + " " + strconv.Itoa(y+Quiet) + "h" + run + "v1h-" + run + "z")
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}
