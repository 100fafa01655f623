package images

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// The colours of the corners of a test image as displayed.
var (
	red    = sitetest.PhotoTopLeft
	green  = sitetest.PhotoTopRight
	blue   = sitetest.PhotoBottomLeft
	yellow = sitetest.PhotoBottomRight
)

func encodeJPEG(t testing.TB, m image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rgbaPNG encodes m as an 8-bit RGBA PNG, alpha channel and all, even
// when it is opaque (image/png would write an RGB one).
func rgbaPNG(t testing.TB, m *image.RGBA) []byte {
	t.Helper()
	w, h := m.Rect.Dx(), m.Rect.Dy()
	var raw bytes.Buffer
	z := zlib.NewWriter(&raw)
	for y := 0; y < h; y++ {
		z.Write([]byte{0}) // filter: none
		z.Write(m.Pix[y*m.Stride : y*m.Stride+4*w])
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	b := []byte(pngSignature)
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", raw.Bytes())...)
	return append(b, pngChunk("IEND", nil)...)
}

// segment returns a JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	b := []byte{0xff, marker, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(len(payload)+2))
	return append(b, payload...)
}

// withSegments inserts segments right after a JPEG's SOI.
func withSegments(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// Strings that only the metadata of the test images carries: no output
// may contain any of them.
var secrets = []string{
	"Exif", "PhoneCo", "MAKERNOTE-SERIAL", "GPSSECRET", "http://ns.adobe.com/xap",
	"ICC_PROFILE", "a secret comment", "Photoshop 3.0", "XML:com.adobe.xmp",
}

// tiffExif returns EXIF data (a TIFF structure, without "Exif\0\0") with
// the byte order bo: IFD0 with Make, Orientation (unless orientation is 0),
// a pointer to an Exif IFD holding a MakerNote, and a pointer to a GPS IFD
// with a latitude and a map datum.
func tiffExif(order binary.ByteOrder, orientation int) []byte {
	bo := order.(binary.AppendByteOrder)
	var b []byte
	u16 := func(v int) { b = bo.AppendUint16(b, uint16(v)) }
	u32 := func(v int) { b = bo.AppendUint32(b, uint32(v)) }
	entry := func(tag, typ, count, value int) {
		u16(tag)
		u16(typ)
		u32(count)
		if typ == 3 && count == 1 {
			u16(value)
			u16(0)
		} else {
			u32(value)
		}
	}
	if order == binary.ByteOrder(binary.LittleEndian) {
		b = append(b, "II*\x00"...)
	} else {
		b = append(b, "MM\x00*"...)
	}
	u32(8)
	const (
		ifd0    = 8
		n0      = 4
		makeOff = ifd0 + 2 + n0*12 + 4 // 62
		makeStr = "PhoneCo\x00"
		exifIFD = makeOff + len(makeStr) // 70
		note    = "MAKERNOTE-SERIAL-0042"
		noteOff = exifIFD + 2 + 12 + 4 // 88
		gpsIFD  = noteOff + len(note) + 1
		latOff  = gpsIFD + 2 + 3*12 + 4
		datum   = "GPSSECRET-WGS84\x00"
		datOff  = latOff + 24
	)
	orientTag := 0x0112
	if orientation == 0 {
		orientTag = 0x0131 // Software, so that the IFD keeps its shape
	}
	u16(n0)
	entry(0x010f, 2, len(makeStr), makeOff) // Make
	entry(orientTag, 3, 1, orientation)     // Orientation
	entry(0x8769, 4, 1, exifIFD)            // Exif IFD pointer
	entry(0x8825, 4, 1, gpsIFD)             // GPS IFD pointer
	u32(0)
	b = append(b, makeStr...)
	u16(1)
	entry(0x927c, 7, len(note), noteOff) // MakerNote
	u32(0)
	b = append(b, note...)
	b = append(b, 0) // even offset
	u16(3)
	u16(0x0001) // GPSLatitudeRef "N"
	u16(2)
	u32(2)
	b = append(b, 'N', 0, 0, 0)
	entry(0x0002, 5, 3, latOff)          // GPSLatitude
	entry(0x0012, 2, len(datum), datOff) // GPSMapDatum
	u32(0)
	for _, r := range [][2]int{{22, 1}, {49, 1}, {3012, 100}} {
		u32(r[0])
		u32(r[1])
	}
	b = append(b, datum...)
	return b
}

// metadataSegments returns every kind of JPEG metadata segment a phone or
// an editing program writes, with the orientation o in the Exif one.
func metadataSegments(bo binary.ByteOrder, o int) [][]byte {
	return [][]byte{
		segment(0xe0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")),
		segment(0xe1, append([]byte("Exif\x00\x00"), tiffExif(bo, o)...)),
		segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><GPSSECRET/></x:xmpmeta>")),
		segment(0xe2, []byte("ICC_PROFILE\x00\x01\x01fake profile data")),
		segment(0xed, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x00")),
		segment(0xfe, []byte("a secret comment")),
	}
}

// pngChunk returns a PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// withChunks inserts chunks right after a PNG's IHDR.
func withChunks(p []byte, chunks ...[]byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := append([]byte(nil), p[:afterIHDR]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[afterIHDR:]...)
}

// jpegMarkers lists the markers of a JPEG, walking its segments and, in
// the entropy-coded data, its restart markers.
func jpegMarkers(t *testing.T, b []byte) []byte {
	t.Helper()
	if !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		t.Fatalf("not a JPEG: % x", b[:min(len(b), 4)])
	}
	ms := []byte{0xd8}
	i := 2
	for i < len(b) {
		if b[i] != 0xff {
			t.Fatalf("no marker at %d", i)
		}
		m := b[i+1]
		ms = append(ms, m)
		if m == 0xd9 {
			if i+2 != len(b) {
				t.Fatalf("%d bytes after EOI", len(b)-i-2)
			}
			return ms
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		i += 2 + n
		if m == 0xda { // scan: skip the entropy-coded data
			for i+1 < len(b) && !(b[i] == 0xff && b[i+1] != 0 && (b[i+1] < 0xd0 || b[i+1] > 0xd7)) {
				if b[i] == 0xff && b[i+1] >= 0xd0 && b[i+1] <= 0xd7 {
					ms = append(ms, b[i+1])
				}
				i++
			}
		}
	}
	t.Fatal("no EOI")
	return nil
}

// pngChunkTypes lists the chunk types of a PNG.
func pngChunkTypes(t *testing.T, b []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		t.Fatal("not a PNG")
	}
	var types []string
	for i := 8; i < len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		types = append(types, string(b[i+4:i+8]))
		i += 12 + n
	}
	return types
}

// photo returns a w×h photo-like image: gradients, a disc, a pattern of
// soft bands and noise.
func photo(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 1))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy, rad := w/3, h/2, min(w, h)/4
	bw, bh := max(w/16, 1), max(h/12, 1)
	i := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := int(r.Uint32()&15) - 8
			cr := 40 + 150*x/w + n
			cg := 90 + 100*y/h + n
			cb := 160 - 100*(x+y)/(w+h) + n
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy < rad*rad {
				cr, cg, cb = 200+n, 120+n+40*y/h, 40+n
			}
			if (x/bw+y/bh)%7 == 0 {
				cg += 30
			}
			p := m.Pix[i : i+4 : i+4]
			p[0], p[1], p[2], p[3] = clamp8(cr), clamp8(cg), clamp8(cb), 255
			i += 4
		}
	}
	return m
}

func clamp8(v int) uint8 { return uint8(max(0, min(255, v))) }

// near tells whether two colours are within tol on every channel.
func near(a, b color.Color, tol int) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	d := func(x, y uint32) bool { return abs(int(x>>8)-int(y>>8)) <= tol }
	return d(r1, r2) && d(g1, g2) && d(b1, b2) && d(a1, a2)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// decodeAny decodes an output.
func decodeAny(t *testing.T, b []byte) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
