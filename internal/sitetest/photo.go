package sitetest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// The colours of a test photo's corners as it is meant to be seen.
var (
	PhotoTopLeft     = color.RGBA{230, 20, 20, 255}  // red
	PhotoTopRight    = color.RGBA{20, 200, 40, 255}  // green
	PhotoBottomLeft  = color.RGBA{20, 40, 220, 255}  // blue
	PhotoBottomRight = color.RGBA{240, 220, 20, 255} // yellow
)

// PhotoSecret is in the metadata of every PhotoJPEG: where the farmer
// lives. No published file may carry it.
const PhotoSecret = "GPSSECRET-22.8N-105.0E"

// Quadrants returns a w×h image whose four quarters are tl, tr, bl and br.
func Quadrants(w, h int, tl, tr, bl, br color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := tl
			switch {
			case x >= w/2 && y < h/2:
				c = tr
			case x < w/2 && y >= h/2:
				c = bl
			case x >= w/2 && y >= h/2:
				c = br
			}
			m.SetRGBA(x, y, c)
		}
	}
	return m
}

// PhotoJPEG returns a JPEG as a phone writes one: displayed w×h with the
// four corner colours above, but stored turned as EXIF orientation
// (1 to 8) says, with the orientation, a camera make and a GPS position
// in an Exif segment.
func PhotoJPEG(t testing.TB, w, h, orientation int) []byte {
	t.Helper()
	// The picture as displayed, then stored the way the orientation undoes.
	shown := Quadrants(w, h, PhotoTopLeft, PhotoTopRight, PhotoBottomLeft, PhotoBottomRight)
	sw, sh := w, h
	if orientation >= 5 {
		sw, sh = h, w
	}
	stored := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for y := range sh {
		for x := range sw {
			// Where the stored pixel (x, y) is displayed.
			dx, dy := x, y
			switch orientation {
			case 2:
				dx = sw - 1 - x
			case 3:
				dx, dy = sw-1-x, sh-1-y
			case 4:
				dy = sh - 1 - y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = sh-1-y, x
			case 7:
				dx, dy = sh-1-y, sw-1-x
			case 8:
				dx, dy = y, sw-1-x
			}
			stored.SetRGBA(x, y, shown.RGBAAt(dx, dy))
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, stored, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	// An APP1 Exif segment right after SOI: IFD0 with Make, Orientation
	// and a GPS IFD holding a map datum.
	bo := binary.BigEndian
	var tiff []byte
	u16 := func(v int) { tiff = bo.AppendUint16(tiff, uint16(v)) }
	u32 := func(v int) { tiff = bo.AppendUint32(tiff, uint32(v)) }
	entry := func(tag, typ, count, value int) {
		u16(tag)
		u16(typ)
		u32(count)
		if typ == 3 {
			u16(value)
			u16(0)
		} else {
			u32(value)
		}
	}
	const make = "PhoneCo\x00"
	datum := PhotoSecret + "\x00"
	const ifd0 = 8
	makeOff := ifd0 + 2 + 3*12 + 4
	gps := makeOff + len(make)
	datumOff := gps + 2 + 12 + 4
	tiff = append(tiff, "MM\x00*"...)
	u32(ifd0)
	u16(3)
	entry(0x010f, 2, len(make), makeOff)
	entry(0x0112, 3, 1, orientation)
	entry(0x8825, 4, 1, gps)
	u32(0)
	tiff = append(tiff, make...)
	u16(1)
	entry(0x0012, 2, len(datum), datumOff)
	u32(0)
	tiff = append(tiff, datum...)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	data := b.Bytes()
	return append(append(append([]byte(nil), data[:2]...), seg...), data[2:]...)
}

// Near reports whether two colours are within tol of each other in each
// channel (JPEG moves colours a little).
func Near(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { v := int(x>>8) - int(y>>8); return v <= tol && -v <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}
