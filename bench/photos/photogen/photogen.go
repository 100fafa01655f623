// Package photogen makes phone-like photos for the photo benchmarks: a
// mountain landscape of Hà Giang as a producer's phone takes it — a sky
// with clouds, hazy ridges, terraced fields with grass texture, a product
// jar with a printed label in front, sensor noise and vignetting — stored
// as a 4000×3000 JPEG of quality 92 with Exif (camera, GPS position,
// orientation). Portrait photos are stored sideways with orientation 6 or
// 8, as phones do.
//
// Everything is computed in integers from the seed, so a seed gives the
// same bytes on every machine and Go version whose image/jpeg encodes the
// same.
package photogen

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
)

// Photo is one generated photo.
type Photo struct {
	// JPEG is the file: Exif APP1 segment, then the image.
	JPEG []byte
	// Orientation is the Exif orientation written: 1, 6 or 8.
	Orientation int
	// Displayed is the picture as it is meant to be seen (upright).
	Displayed *image.RGBA
}

// Options shape a photo. The zero value is a 4000×3000 stored photo.
type Options struct {
	// Long and Short are the stored width and height (default 4000×3000).
	Long, Short int
	// Quality is the JPEG quality (default 92, as phones use).
	Quality int
}

// OrientationOf returns the orientation of the seed's photo: about half
// are portraits stored sideways, two in six with orientation 6 and one in
// six with 8 (of seeds 1 to 40: 15 upright, 18 with 6, 7 with 8).
func OrientationOf(seed uint64) int {
	switch mix(seed, 0x0e1e) % 6 {
	case 0, 3:
		return 6
	case 1:
		return 8
	}
	return 1
}

// Generate makes the photo of seed.
func Generate(seed uint64, o Options) (Photo, error) {
	if o.Long <= 0 || o.Short <= 0 {
		o.Long, o.Short = 4000, 3000
	}
	if o.Quality <= 0 {
		o.Quality = 92
	}
	orientation := OrientationOf(seed)
	w, h := o.Long, o.Short
	if orientation != 1 {
		w, h = h, w
	}
	shown := Scene(seed, w, h)
	stored := store(shown, orientation)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, stored, &jpeg.Options{Quality: o.Quality}); err != nil {
		return Photo{}, err
	}
	data := b.Bytes()
	out := make([]byte, 0, len(data)+512)
	out = append(out, data[:2]...) // SOI
	out = append(out, exifSegment(orientation, seed)...)
	out = append(out, data[2:]...)
	return Photo{JPEG: out, Orientation: orientation, Displayed: shown}, nil
}

// store returns the image a camera stores for the displayed image m with
// orientation o (1, 6 or 8): 6 shows the stored image turned a quarter
// clockwise, 8 a quarter anticlockwise.
func store(m *image.RGBA, o int) *image.RGBA {
	if o == 1 {
		return m
	}
	dw, dh := m.Rect.Dx(), m.Rect.Dy()
	s := image.NewRGBA(image.Rect(0, 0, dh, dw))
	for dy := 0; dy < dh; dy++ {
		for dx := 0; dx < dw; dx++ {
			var sx, sy int
			if o == 6 { // the stored top row is shown on the right
				sx, sy = dy, dw-1-dx
			} else { // 8: the stored top row is shown on the left
				sx, sy = dh-1-dy, dx
			}
			copy(s.Pix[sy*s.Stride+4*sx:sy*s.Stride+4*sx+4], m.Pix[dy*m.Stride+4*dx:dy*m.Stride+4*dx+4])
		}
	}
	return s
}

// exifSegment returns an APP1 Exif segment as a phone writes one: the
// camera's make and model, the orientation, the time, and a GPS IFD with
// the position of a farm near Đồng Văn.
func exifSegment(orientation int, seed uint64) []byte {
	bo := binary.BigEndian
	var t []byte
	u16 := func(v int) { t = bo.AppendUint16(t, uint16(v)) }
	u32 := func(v int) { t = bo.AppendUint32(t, uint32(v)) }
	type entry struct{ tag, typ, count, value int }
	const (
		ifd0    = 8
		n0      = 6
		dataOff = ifd0 + 2 + n0*12 + 4
		makeS   = "PhoneCo\x00"
		modelS  = "Mountain 12\x00"
		timeS   = "2026:11:20 09:41:07\x00"
	)
	modelOff := dataOff + len(makeS)
	timeOff := modelOff + len(modelS)
	gpsIFD := timeOff + len(timeS)
	latOff := gpsIFD + 2 + 4*12 + 4
	lonOff := latOff + 24
	t = append(t, "MM\x00*"...)
	u32(ifd0)
	put := func(es []entry) {
		u16(len(es))
		for _, e := range es {
			u16(e.tag)
			u16(e.typ)
			u32(e.count)
			if e.typ == 3 && e.count == 1 {
				u16(e.value)
				u16(0)
			} else {
				u32(e.value)
			}
		}
		u32(0)
	}
	put([]entry{
		{0x010f, 2, len(makeS), dataOff},   // Make
		{0x0110, 2, len(modelS), modelOff}, // Model
		{0x0112, 3, 1, orientation},        // Orientation
		{0x0132, 2, len(timeS), timeOff},   // DateTime
		{0x8825, 4, 1, gpsIFD},             // GPS IFD
		{0x0131, 2, 4, 0x4f530000},         // Software "OS" (inline)
	})
	t = append(t, makeS...)
	t = append(t, modelS...)
	t = append(t, timeS...)
	put([]entry{
		{0x0001, 2, 2, 0x4e000000}, // GPSLatitudeRef "N"
		{0x0002, 5, 3, latOff},     // GPSLatitude
		{0x0003, 2, 2, 0x45000000}, // GPSLongitudeRef "E"
		{0x0004, 5, 3, lonOff},     // GPSLongitude
	})
	sec := int(mix(seed, 0x69f5) % 6000)
	for _, r := range [][2]int{{23, 1}, {15, 1}, {sec, 100}, {105, 1}, {22, 1}, {6000 - sec, 100}} {
		u32(r[0])
		u32(r[1])
	}
	payload := append([]byte("Exif\x00\x00"), t...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}
