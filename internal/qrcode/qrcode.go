// Package qrcode draws QR codes as small SVG images: one path stroked
// along the horizontal runs of dark modules, with the quiet zone the
// standard asks for, which prints sharp at any size.
//
// The codes are made with rsc.io/qr/coding, the layer under rsc.io/qr,
// so that an Encoder can keep the layout of each QR version: laying one
// out is most of the work, and a catalogue of 16,000 products draws
// 16,000 codes of the same few versions. A code takes
// about 18 µs; github.com/boombuler/barcode takes 1.7 ms, scoring all
// eight masks. Every code uses mask 0, which every reader decodes (see
// the tests, which read the codes back with a port of ZXing).
package qrcode

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"

	"rsc.io/qr/coding"
)

// Quiet is the width of the light margin around a code, in modules.
const Quiet = 4

// level is medium error correction: 15% of the code may be lost, so a
// scuffed label still scans.
const level = coding.M

// Encoder draws QR codes. It is safe for concurrent use.
type Encoder struct {
	// plans[v] is the layout of version v at the level, made once.
	plans [coding.MaxVersion + 1]atomic.Pointer[coding.Plan]
}

// New returns an Encoder.
func New() *Encoder { return &Encoder{} }

// SVG returns a QR code of text as an SVG document. Its view box counts
// modules; it has no fixed size, so a page sets one. label is the image's
// accessible name (its <title>); it may be empty.
func (e *Encoder) SVG(text, label string) ([]byte, error) {
	code, err := e.encode(text)
	if err != nil {
		return nil, fmt.Errorf("QR code of %q: %w", text, err)
	}
	n := code.Size
	size := strconv.Itoa(n + 2*Quiet)
	var b bytes.Buffer
	b.Grow(512 + n*n)
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
	// One stroke a module wide through the middle of each run of dark
	// modules: "M<x> <y>.5h<n>" for the first, then moves relative to
	// where the last run ended ("m<dx> <dy>h<n>"), half the bytes of a
	// filled rectangle per run.
	b.WriteString(`<rect width="` + size + `" height="` + size + `" fill="#fff"/><path stroke="#000" d="`)
	d := b.AvailableBuffer()
	penX, penY, first := 0, 0, true
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
			if first {
				d = append(d, 'M')
				d = strconv.AppendInt(d, int64(start+Quiet), 10)
				d = append(d, ' ')
				d = strconv.AppendInt(d, int64(y+Quiet), 10)
				d = append(d, ".5"...)
				first = false
			} else {
				d = append(d, 'm')
				d = strconv.AppendInt(d, int64(start-penX), 10)
				d = append(d, ' ')
				d = strconv.AppendInt(d, int64(y-penY), 10)
			}
			d = append(d, 'h')
			d = strconv.AppendInt(d, int64(x-start), 10)
			penX, penY = x, y
		}
	}
	b.Write(d)
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}

// encode makes the code of text: in the smallest of the numeric,
// alphanumeric and byte encodings that takes it, at the smallest version
// that holds it, as rsc.io/qr.Encode does.
func (e *Encoder) encode(text string) (*coding.Code, error) {
	var enc coding.Encoding
	switch {
	case coding.Num(text).Check() == nil:
		enc = coding.Num(text)
	case coding.Alpha(text).Check() == nil:
		enc = coding.Alpha(text)
	default:
		enc = coding.String(text)
	}
	for v := coding.Version(coding.MinVersion); v <= coding.MaxVersion; v++ {
		if enc.Bits(v) > v.DataBytes(level)*8 {
			continue
		}
		p := e.plans[v].Load()
		if p == nil {
			var err error
			if p, err = coding.NewPlan(v, level, 0); err != nil {
				return nil, err
			}
			e.plans[v].Store(p)
		}
		return p.Encode(enc)
	}
	return nil, errors.New("the text is too long for a QR code")
}
