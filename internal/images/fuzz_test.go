package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"golang.org/x/image/webp"
)

// seeds returns small files of every kind, whole, cut short and with
// metadata, for the fuzz tests.
func seeds(t testing.TB) [][]byte {
	small := photo(40, 30, 1)
	jpg := withSegments(encodeJPEG(t, small, 80), metadataSegments(binary.LittleEndian, 6)...)
	pngData := withChunks(encodePNG(t, small), pngChunk("eXIf", tiffExif(binary.BigEndian, 8)), pngChunk("tRNS", []byte{0, 0, 0, 0, 0, 0}))
	var g bytes.Buffer
	pal := image.NewPaletted(image.Rect(0, 0, 20, 10), color.Palette{red, green})
	if err := gif.Encode(&g, pal, nil); err != nil {
		t.Fatal(err)
	}
	lossy := []byte(webpLossyStoredO6)
	out := [][]byte{
		jpg, pngData, g.Bytes(), lossy, []byte(webpLosslessAlpha), []byte(webpLossyAlpha),
		webpFile(vp8x(0x08, 32, 48), lossy[12:], riffChunk("EXIF", tiffExif(binary.LittleEndian, 5))),
		rgbaPNG(t, small),
	}
	for _, d := range out[:len(out):len(out)] {
		out = append(out, d[:len(d)/2], d[:min(len(d), 40)])
	}
	for _, d := range bigHeaders(20000, 20000) {
		out = append(out, d)
	}
	return append(out, nil, []byte("\xff\xd8"), []byte(pngSignature), []byte("GIF89a"), []byte("RIFF\x00\x00\x00\x00WEBP"))
}

// FuzzInspect: no input makes Inspect panic; what it accepts is within
// the limit, and is the size the standard decoders' headers tell.
func FuzzInspect(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	s := Settings{MaxPixels: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Inspect(data, s)
		if err != nil {
			if info != (Info{}) {
				t.Errorf("error %v with info %+v", err, info)
			}
			return
		}
		if info.Width <= 0 || info.Height <= 0 || info.Width*info.Height > s.MaxPixels ||
			info.Orientation < 1 || info.Orientation > 8 {
			t.Fatalf("info %+v", info)
		}
		w, h := info.Width, info.Height
		if info.Orientation >= 5 {
			w, h = h, w
		}
		var cfg image.Config
		r := bytes.NewReader(data)
		switch info.Format {
		case "jpeg":
			cfg, err = jpeg.DecodeConfig(r)
		case "png":
			cfg, err = png.DecodeConfig(r)
		case "gif":
			cfg, err = gif.DecodeConfig(r)
		case "webp":
			cfg, err = webp.DecodeConfig(r)
		default:
			t.Fatalf("format %q", info.Format)
		}
		if err == nil && (cfg.Width != w || cfg.Height != h) {
			t.Errorf("Inspect says %dx%d (stored), the %s decoder %dx%d", w, h, info.Format, cfg.Width, cfg.Height)
		}
	})
}

// FuzzMake: no input makes Make panic; what it makes is as planned, by
// either processing.
func FuzzMake(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	s1 := Settings{Widths: []int{8, 24}, MaxPixels: 1 << 16}
	s2 := s1
	s2.Processing = Processing2
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range []Settings{s1, s2} {
			res, err := NewProcessor("", s).Make(data)
			if err != nil {
				continue
			}
			plan := Plan(res.Info, s)
			if len(res.Outputs) != len(plan) || len(plan) == 0 {
				t.Fatalf("%d outputs, %d planned", len(res.Outputs), len(plan))
			}
			for i, out := range res.Outputs {
				if out.Variant != plan[i] {
					t.Fatalf("output %+v, planned %+v", out.Variant, plan[i])
				}
				m, _, err := image.Decode(bytes.NewReader(out.Data))
				if err != nil || m.Bounds().Dx() != out.Width || m.Bounds().Dy() != out.Height {
					t.Fatalf("output %d: %v", i, err)
				}
			}
		}
	})
}
