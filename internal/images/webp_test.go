package images

import (
	"encoding/binary"
	"errors"
	"testing"
)

// Small WebP files made with libwebp 1.5 (cwebp's library): a lossy image
// stored sideways for orientation 6 (32×48, shown 48×32 with red, green,
// blue and yellow corners), and two 48×32 images whose left half is
// transparent and right half green, lossless and lossy with an ALPH chunk.
const (
	webpLossyStoredO6 = "\x52\x49\x46\x46\x82\x00\x00\x00\x57\x45\x42\x50\x56\x50\x38\x20\x76\x00\x00\x00\x10\x07\x00\x9d\x01\x2a\x20\x00\x30\x00\x3e\x15" +
		"\x06\x82\x41\x21\x07\x54\x04\x00\x51\x2c\xc0\x18\x22\xa8\x2f\xc0\x3f\x00\x35\xfd\xb8\x07\xe0\x07\xe8\xc7\x18\x17\x60\x3f\x40\x33" +
		"\xbf\x20\x62\x5e\x31\xce\xdc\xeb\x36\xcd\x69\x4b\xd8\xdf\xe2\x6f\x05\x3c\x53\xb4\x60\x00\xfe\x06\x04\x3e\xad\x85\x20\xa7\xb9\xac" +
		"\x74\x3a\x9d\x4f\x7f\xed\x88\xc3\xe7\x77\x3f\x9b\x5f\x88\xe3\x27\x8e\x54\x4f\xfc\x5e\x4a\x59\xe8\x73\x15\xda\xab\xfe\x1d\xd4\xb3" +
		"\xe7\x21\x31\x86\x0b\xaf\xd7\xd5\x80\x00"
	webpLosslessAlpha = "\x52\x49\x46\x46\x28\x00\x00\x00\x57\x45\x42\x50\x56\x50\x38\x4c\x1b\x00\x00\x00\x2f\x2f\xc0\x07\x10\x0f\x30\xc8\x43\x31\x28\xf3" +
		"\x1f\xf0\x10\x0b\x26\xf9\x4b\xcf\xa0\x3b\xa2\xff\x51\x61\x1c\x00"
	webpLossyAlpha = "\x52\x49\x46\x46\x86\x00\x00\x00\x57\x45\x42\x50\x56\x50\x38\x58\x0a\x00\x00\x00\x10\x00\x00\x00\x2f\x00\x00\x1f\x00\x00\x41\x4c" +
		"\x50\x48\x13\x00\x00\x00\x01\x0f\x30\xff\x11\x11\x42\x2c\x98\xe4\x2f\x3d\x83\xee\x88\xfe\x47\x85\x71\x00\x56\x50\x38\x20\x4c\x00" +
		"\x00\x00\x90\x04\x00\x9d\x01\x2a\x30\x00\x20\x00\x3e\x31\x16\x89\x43\x22\x21\x21\x15\x54\x00\x20\x03\x04\xb1\x80\x0b\x6d\x6a\xba" +
		"\x20\x34\x96\x44\x6a\xa1\x00\x32\x70\xf4\x46\x54\xf9\xc0\x00\x00\xfe\xff\xff\xd5\xf8\x47\xff\xff\x6e\xcb\xff\xf6\xec\xbf\xff\xf9" +
		"\xae\xaf\xff\xcd\x75\xd6\x62\x7e\x00\xe8\xaf\x20\x00\x00"
)

// riffChunk returns a RIFF chunk, padded to an even length.
func riffChunk(typ string, data []byte) []byte {
	b := append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

// webpFile returns a WebP file of the chunks.
func webpFile(chunks ...[]byte) []byte {
	var body []byte
	for _, c := range chunks {
		body = append(body, c...)
	}
	b := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(body)))...)
	return append(append(b, "WEBP"...), body...)
}

// vp8x returns a VP8X chunk with the flags and canvas size.
func vp8x(flags byte, w, h int) []byte {
	return riffChunk("VP8X", []byte{flags, 0, 0, 0,
		byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16), byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)})
}

func TestWebP(t *testing.T) {
	lossy := []byte(webpLossyStoredO6)
	info, err := Inspect(lossy, Settings{})
	if want := (Info{Width: 32, Height: 48, Format: "webp", Orientation: 1}); err != nil || info != want {
		t.Fatalf("lossy: %+v, %v", info, err)
	}

	// The same picture in the extended format, with EXIF data (GPS and
	// all) saying orientation 6 after the image data, and XMP.
	vp8 := lossy[12:]
	exif := tiffExif(binary.BigEndian, 6)
	extended := webpFile(vp8x(0x08|0x04, 32, 48), vp8, riffChunk("EXIF", exif), riffChunk("XMP ", []byte("<x:xmpmeta>GPSSECRET</x:xmpmeta>")))
	info, err = Inspect(extended, Settings{})
	if want := (Info{Width: 48, Height: 32, Format: "webp", Orientation: 6}); err != nil || info != want {
		t.Fatalf("extended: %+v, %v", info, err)
	}
	res, err := NewProcessor("", Settings{Widths: []int{24, 100}}).Make(extended)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outputs) != 2 || res.Outputs[1].Width != 48 || res.Outputs[1].Height != 32 {
		t.Fatalf("%d outputs", len(res.Outputs))
	}
	for _, out := range res.Outputs {
		if out.Format != "jpeg" {
			t.Errorf("format %s", out.Format)
		}
		checkCorners(t, decodeAny(t, out.Data))
	}

	// Transparency, lossless and lossy.
	for name, data := range map[string][]byte{"lossless": []byte(webpLosslessAlpha), "lossy": []byte(webpLossyAlpha)} {
		info, err := Inspect(data, Settings{})
		if err != nil || !info.HasAlpha || info.Width != 48 || info.Height != 32 {
			t.Fatalf("%s: %+v, %v", name, info, err)
		}
		res, err := NewProcessor("", Settings{Widths: []int{24, 100}}).Make(data)
		if err != nil {
			t.Fatal(name, err)
		}
		for _, out := range res.Outputs {
			if out.Format != "png" {
				t.Fatalf("%s: format %s", name, out.Format)
			}
			m := decodeAny(t, out.Data)
			w, h := m.Bounds().Dx(), m.Bounds().Dy()
			if _, _, _, a := m.At(w/8, h/2).RGBA(); a != 0 {
				t.Errorf("%s %d wide: left alpha %d", name, w, a>>8)
			}
			if c := m.At(w*7/8, h/2); !near(c, green, 12) {
				t.Errorf("%s %d wide: right %v", name, w, c)
			}
		}
	}

	// Damaged: truncated image data, and a VP8 frame of another size than
	// the canvas.
	if _, err := NewProcessor("", Settings{}).Make(lossy[:len(lossy)-40]); !errors.Is(err, ErrDamaged) {
		t.Errorf("truncated: %v", err)
	}
	if _, err := NewProcessor("", Settings{}).Make(webpFile(vp8x(0, 40, 48), vp8)); !errors.Is(err, ErrDamaged) {
		t.Errorf("canvas and frame differ: %v", err)
	}
}
