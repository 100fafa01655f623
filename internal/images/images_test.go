package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// exifSides gives, for each EXIF orientation, the sides of the displayed
// image on which the stored image's top row and left column are shown, in
// the words of the EXIF specification ("the 0th row is the visual
// right-hand side of the image, and the 0th column is the visual top").
var exifSides = map[int][2]string{
	1: {"top", "left"}, 2: {"top", "right"}, 3: {"bottom", "right"}, 4: {"bottom", "left"},
	5: {"left", "top"}, 6: {"right", "top"}, 7: {"right", "bottom"}, 8: {"left", "bottom"},
}

var opposite = map[string]string{"top": "bottom", "bottom": "top", "left": "right", "right": "left"}

// displayedCorner names the displayed corner where two sides meet.
func displayedCorner(a, b string) string {
	if a == "left" || a == "right" {
		a, b = b, a
	}
	return a + "-" + b
}

var cornerColour = map[string]color.RGBA{
	"top-left": red, "top-right": green, "bottom-left": blue, "bottom-right": yellow,
}

// storedForOrientation returns the image a camera stores, with
// orientation o, for a displayed dw×dh image whose corners are red, green,
// blue and yellow (top-left, top-right, bottom-left, bottom-right).
func storedForOrientation(o, dw, dh int) *image.RGBA {
	sw, sh := dw, dh
	if o >= 5 {
		sw, sh = dh, dw
	}
	row0, col0 := exifSides[o][0], exifSides[o][1]
	rowN, colN := opposite[row0], opposite[col0]
	return sitetest.Quadrants(sw, sh,
		cornerColour[displayedCorner(row0, col0)], cornerColour[displayedCorner(row0, colN)],
		cornerColour[displayedCorner(rowN, col0)], cornerColour[displayedCorner(rowN, colN)])
}

// checkCorners checks that m is upright: red, green, blue and yellow
// corners.
func checkCorners(t *testing.T, m image.Image) {
	t.Helper()
	b := m.Bounds()
	at := func(fx, fy float64) color.Color {
		return m.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy())))
	}
	for _, c := range []struct {
		name   string
		fx, fy float64
		want   color.RGBA
	}{
		{"top-left", .1, .1, red}, {"top-right", .9, .1, green},
		{"bottom-left", .1, .9, blue}, {"bottom-right", .9, .9, yellow},
	} {
		if got := at(c.fx, c.fy); !near(got, c.want, 24) {
			t.Errorf("%s corner is %v, want %v", c.name, got, c.want)
		}
	}
}

func TestOrientations(t *testing.T) {
	for o := 1; o <= 8; o++ {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			t.Run(fmt.Sprintf("%d/%v", o, bo), func(t *testing.T) {
				stored := storedForOrientation(o, 400, 300)
				data := withSegments(encodeJPEG(t, stored, 95), metadataSegments(bo, o)...)
				info, err := Inspect(data, Settings{})
				if err != nil {
					t.Fatal(err)
				}
				want := Info{Width: 400, Height: 300, Format: "jpeg", Orientation: o}
				if info != want {
					t.Fatalf("Inspect = %+v, want %+v", info, want)
				}
				res, err := NewProcessor("", Settings{}).Make(data)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Outputs) != 2 {
					t.Fatalf("%d outputs, want 2 (320 and 400 wide)", len(res.Outputs))
				}
				for _, out := range res.Outputs {
					m := decodeAny(t, out.Data)
					if got := m.Bounds().Size(); got != image.Pt(out.Width, out.Height) {
						t.Errorf("output is %v, planned %dx%d", got, out.Width, out.Height)
					}
					checkCorners(t, m)
				}
				if got := res.Outputs[1]; got.Width != 400 || got.Height != 300 {
					t.Errorf("own-size output is %dx%d, want 400x300", got.Width, got.Height)
				}
			})
		}
	}
}

// TestOrientationPNG: a PNG's eXIf chunk turns it too.
func TestOrientationPNG(t *testing.T) {
	for _, o := range []int{3, 6, 8} {
		data := withChunks(encodePNG(t, storedForOrientation(o, 300, 200)),
			pngChunk("eXIf", tiffExif(binary.BigEndian, o)))
		res, err := NewProcessor("", Settings{Widths: []int{150}}).Make(data)
		if err != nil {
			t.Fatal(err)
		}
		if res.Info.Width != 300 || res.Info.Height != 200 || res.Info.Orientation != o {
			t.Fatalf("orientation %d: info %+v", o, res.Info)
		}
		for _, out := range res.Outputs {
			checkCorners(t, decodeAny(t, out.Data))
		}
	}
}

// TestOrientationMissingOrInvalid: no orientation tag, or one out of
// range, leaves the image as stored.
func TestOrientationMissingOrInvalid(t *testing.T) {
	stored := sitetest.Quadrants(200, 100, red, green, blue, yellow)
	for _, o := range []int{0, 9, 0xffff} {
		data := withSegments(encodeJPEG(t, stored, 90), segment(0xe1, append([]byte("Exif\x00\x00"), tiffExif(binary.LittleEndian, o)...)))
		info, err := Inspect(data, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		if info.Orientation != 1 || info.Width != 200 || info.Height != 100 {
			t.Errorf("orientation tag %d: %+v", o, info)
		}
	}
	// A damaged Exif segment is ignored, not trusted.
	for _, bad := range []string{"Exif\x00\x00", "Exif\x00\x00II*\x00\xff\xff\xff\xff", "Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x09"} {
		data := withSegments(encodeJPEG(t, stored, 90), segment(0xe1, []byte(bad)))
		if info, err := Inspect(data, Settings{}); err != nil || info.Orientation != 1 {
			t.Errorf("%q: %+v, %v", bad, info, err)
		}
	}
}

// TestMetadataStripped: outputs carry pixels and nothing else, whatever
// the original carried.
func TestMetadataStripped(t *testing.T) {
	jpg := withSegments(encodeJPEG(t, photo(800, 560, 1), 90), metadataSegments(binary.BigEndian, 6)...)
	alpha := image.NewNRGBA(image.Rect(0, 0, 700, 500))
	for i := range alpha.Pix {
		alpha.Pix[i] = uint8(i / 3)
	}
	xmp := []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:Description xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"/></x:xmpmeta>")
	pngMeta := []([]byte){
		pngChunk("eXIf", tiffExif(binary.LittleEndian, 1)),
		pngChunk("iCCP", []byte("ICC_PROFILE\x00\x00x\x9c\x03\x00\x00\x00\x00\x01")),
		pngChunk("tEXt", []byte("Comment\x00a secret comment")),
		pngChunk("iTXt", xmp),
		pngChunk("tIME", []byte{0x07, 0xe9, 1, 2, 3, 4, 5}),
		pngChunk("pHYs", []byte{0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1}),
	}
	pngAlpha := withChunks(encodePNG(t, alpha), pngMeta...)
	pngOpaque := withChunks(encodePNG(t, photo(700, 500, 2)), pngMeta...)

	p := NewProcessor(t.TempDir(), Settings{})
	for name, data := range map[string][]byte{"jpeg": jpg, "png with alpha": pngAlpha, "opaque png": pngOpaque} {
		res, err := p.Make(data)
		if err != nil {
			t.Fatal(name, err)
		}
		if len(res.Outputs) == 0 {
			t.Fatal(name, "no outputs")
		}
		for _, out := range res.Outputs {
			for _, s := range secrets {
				if bytes.Contains(out.Data, []byte(s)) {
					t.Errorf("%s: the %d-wide output contains %q", name, out.Width, s)
				}
			}
			switch out.Format {
			case "jpeg":
				for _, m := range jpegMarkers(t, out.Data) {
					switch {
					case m == 0xd8, m == 0xdb, m == 0xc0, m == 0xc2, m == 0xc4, m == 0xda, m == 0xd9, m >= 0xd0 && m <= 0xd7, m == 0xdd:
					default:
						t.Errorf("%s: the %d-wide output has marker 0x%02x", name, out.Width, m)
					}
				}
			case "png":
				for _, c := range pngChunkTypes(t, out.Data) {
					switch c {
					case "IHDR", "PLTE", "tRNS", "IDAT", "IEND":
					default:
						t.Errorf("%s: the %d-wide output has chunk %s", name, out.Width, c)
					}
				}
			}
		}
	}
}

func TestPlan(t *testing.T) {
	type wh = [2]int
	sizes := func(vs []Variant) []wh {
		var r []wh
		for _, v := range vs {
			r = append(r, wh{v.Width, v.Height})
		}
		return r
	}
	for _, c := range []struct {
		w, h   int
		widths []int
		want   []wh
	}{
		{2000, 1500, nil, []wh{{320, 240}, {640, 480}, {1280, 960}}},
		{4000, 3000, nil, []wh{{320, 240}, {640, 480}, {1280, 960}}},
		{900, 600, nil, []wh{{320, 213}, {640, 427}, {900, 600}}},
		{1280, 720, nil, []wh{{320, 180}, {640, 360}, {1280, 720}}},
		{1281, 721, nil, []wh{{320, 180}, {640, 360}, {1280, 720}}},
		{640, 640, nil, []wh{{320, 320}, {640, 640}}},
		{321, 100, nil, []wh{{320, 100}, {321, 100}}},
		{200, 3000, nil, []wh{{200, 3000}}},
		{3000, 2, nil, []wh{{320, 1}, {640, 1}, {1280, 1}}},
		{1, 1, nil, []wh{{1, 1}}},
		{1000, 500, []int{800, 0, 200, -5, 800, 400}, []wh{{200, 100}, {400, 200}, {800, 400}}},
	} {
		info := Info{Width: c.w, Height: c.h, Format: "jpeg", Orientation: 1}
		got := Plan(info, Settings{Widths: c.widths})
		if !reflect.DeepEqual(sizes(got), c.want) {
			t.Errorf("Plan(%dx%d, %v) = %v, want %v", c.w, c.h, c.widths, sizes(got), c.want)
		}
		for _, v := range got {
			if v.Format != "jpeg" || v.Ext != "jpg" {
				t.Errorf("format %s.%s", v.Format, v.Ext)
			}
		}
	}
	if vs := Plan(Info{Width: 500, Height: 400, HasAlpha: true}, Settings{}); vs[0].Format != "png" || vs[0].Ext != "png" {
		t.Errorf("alpha: %+v", vs)
	}
	if vs := Plan(Info{Width: 500, Height: 400, Animated: true}, Settings{}); vs != nil {
		t.Errorf("animated: %+v", vs)
	}
	if got := (Variant{Width: 640, Ext: "jpg"}).Name("abc"); got != "abc-640.jpg" {
		t.Errorf("Name = %q", got)
	}
}

// TestMakeSizes: the outputs are as planned, for a landscape photo, a
// smaller one and a portrait one turned by its orientation.
func TestMakeSizes(t *testing.T) {
	p := NewProcessor("", Settings{})
	for _, c := range []struct {
		data []byte
		want [][2]int
	}{
		{encodeJPEG(t, photo(2000, 1500, 3), 85), [][2]int{{320, 240}, {640, 480}, {1280, 960}}},
		{encodeJPEG(t, photo(900, 600, 4), 85), [][2]int{{320, 213}, {640, 427}, {900, 600}}},
		{withSegments(encodeJPEG(t, photo(1500, 1000, 5), 85), metadataSegments(binary.LittleEndian, 8)...),
			[][2]int{{320, 480}, {640, 960}, {1000, 1500}}},
	} {
		res, err := p.Make(c.data)
		if err != nil {
			t.Fatal(err)
		}
		plan := Plan(res.Info, p.Settings())
		if len(res.Outputs) != len(c.want) || len(plan) != len(c.want) {
			t.Fatalf("%d outputs, %d planned, want %d", len(res.Outputs), len(plan), len(c.want))
		}
		for i, out := range res.Outputs {
			if out.Variant != plan[i] {
				t.Errorf("output %d is %+v, planned %+v", i, out.Variant, plan[i])
			}
			m := decodeAny(t, out.Data)
			if got := [2]int{m.Bounds().Dx(), m.Bounds().Dy()}; got != c.want[i] {
				t.Errorf("output %d is %v, want %v", i, got, c.want[i])
			}
			if out.Width > res.Info.Width {
				t.Errorf("upscaled: %d > %d", out.Width, res.Info.Width)
			}
		}
	}
}

// TestResampling: a downscaled image keeps the picture: its pixels are
// close to the box averages of the original's, on average and everywhere
// but at the sharp edges of the picture.
func TestResampling(t *testing.T) {
	src := photo(1280, 960, 7)
	res, err := NewProcessor("", Settings{Widths: []int{320}, Quality: 95}).Make(encodePNG(t, src))
	if err != nil {
		t.Fatal(err)
	}
	m := decodeAny(t, res.Outputs[0].Data)
	var worst, total, n int
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			var sum [3]int
			for yy := 0; yy < 4; yy++ {
				for xx := 0; xx < 4; xx++ {
					c := src.RGBAAt(4*x+xx, 4*y+yy)
					sum[0] += int(c.R)
					sum[1] += int(c.G)
					sum[2] += int(c.B)
				}
			}
			r, g, b, _ := m.At(x, y).RGBA()
			for i, v := range []uint32{r, g, b} {
				d := abs(int(v>>8) - sum[i]/16)
				worst = max(worst, d)
				total += d
				n++
			}
		}
	}
	if mean := float64(total) / float64(n); mean > 2.5 {
		t.Errorf("resampled pixels differ from the box averages by %.2f on average, %d at most", mean, worst)
	} else {
		t.Logf("resampled pixels differ from the box averages by %.2f on average, %d at most", mean, worst)
	}
}

func TestCache(t *testing.T) {
	dir := t.TempDir()
	data := withSegments(encodeJPEG(t, photo(1400, 1000, 8), 85), metadataSegments(binary.LittleEndian, 6)...)
	p1 := NewProcessor(dir, Settings{})
	r1, err := p1.Make(data)
	if err != nil {
		t.Fatal(err)
	}
	if s := p1.Stats(); s.Decoded != 1 || s.Encoded != 3 || s.CacheHits != 0 {
		t.Errorf("first build: %+v", s)
	}
	// The files are where the key says.
	for _, out := range r1.Outputs {
		path := filepath.Join(dir, "images", r1.Key[:2], out.Name(r1.Key))
		if _, err := os.Stat(path); err != nil {
			t.Error(err)
		}
	}
	if r1.Key != Key(data, Settings{}) || len(r1.Key) != 32 {
		t.Errorf("key %q", r1.Key)
	}

	// The same processor again: from the cache.
	again, err := p1.Make(data)
	if err != nil {
		t.Fatal(err)
	}
	if s := p1.Stats(); s.Decoded != 1 || s.Encoded != 3 || s.CacheHits != 1 || !reflect.DeepEqual(again, r1) {
		t.Errorf("same processor again: %+v", s)
	}

	// The next build: nothing decoded or encoded, the same bytes.
	p2 := NewProcessor(dir, Settings{})
	r2, err := p2.Make(data)
	if err != nil {
		t.Fatal(err)
	}
	if s := p2.Stats(); s != (Stats{CacheHits: 1, Reused: 3}) {
		t.Errorf("second build: %+v", s)
	}
	if !reflect.DeepEqual(r1, r2) {
		t.Error("the cache gave other results")
	}

	// A changed setting misses the cache, and changes the key.
	p3 := NewProcessor(dir, Settings{Quality: 70})
	r3, err := p3.Make(data)
	if err != nil {
		t.Fatal(err)
	}
	if s := p3.Stats(); s.Decoded != 1 || s.Encoded != 3 || s.CacheHits != 0 {
		t.Errorf("other quality: %+v", s)
	}
	if r3.Key == r1.Key || bytes.Equal(r3.Outputs[2].Data, r1.Outputs[2].Data) {
		t.Error("other quality, same key or bytes")
	}
	p4 := NewProcessor(dir, Settings{Widths: []int{320, 640, 1000}})
	if _, err := p4.Make(data); err != nil {
		t.Fatal(err)
	}
	if s := p4.Stats(); s.Decoded != 1 || s.CacheHits != 0 {
		t.Errorf("other widths: %+v", s)
	}
	// MaxPixels shapes no output: the same key.
	if Key(data, Settings{MaxPixels: 1e6}) != r1.Key {
		t.Error("MaxPixels changed the key")
	}
	// Changed original, changed key.
	if Key(append(data[:len(data):len(data)], 0), Settings{}) == r1.Key {
		t.Error("other bytes, same key")
	}
}

// TestCacheDamaged: a damaged, truncated, emptied or stale cache file is
// made again, not served.
func TestCacheDamaged(t *testing.T) {
	data := encodeJPEG(t, photo(500, 300, 9), 85)
	s := Settings{Widths: []int{100, 200, 400}}
	damage := map[string]func(path string) error{
		"truncated": func(path string) error {
			b, _ := os.ReadFile(path)
			return os.WriteFile(path, b[:len(b)/2], 0o644)
		},
		"flipped byte": func(path string) error {
			b, _ := os.ReadFile(path)
			b[len(b)/3] ^= 0x40
			return os.WriteFile(path, b, 0o644)
		},
		"empty": func(path string) error { return os.WriteFile(path, nil, 0o644) },
		"other file": func(path string) error {
			// another variant's sound file, under this name
			b, _ := os.ReadFile(strings.Replace(path, "-200.", "-100.", 1))
			return os.WriteFile(path, b, 0o644)
		},
		"a folder": func(path string) error {
			if err := os.Remove(path); err != nil {
				return err
			}
			return os.Mkdir(path, 0o755)
		},
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			r1, err := NewProcessor(dir, s).Make(data)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "images", r1.Key[:2], r1.Key+"-200.jpg")
			if err := f(path); err != nil {
				t.Fatal(err)
			}
			p := NewProcessor(dir, s)
			r2, err := p.Make(data)
			if err != nil {
				t.Fatal(err)
			}
			want := Stats{Decoded: 1, Encoded: 1, Reused: 2, Damaged: 1}
			if name == "a folder" {
				want.CacheErrors = 1 // cannot be replaced
			}
			if s := p.Stats(); s != want {
				t.Errorf("stats %+v, want %+v", s, want)
			}
			if !reflect.DeepEqual(r1, r2) {
				t.Error("different results")
			}
			if name == "a folder" {
				if p.CacheError() == nil {
					t.Error("no cache error")
				}
				return
			}
			// Repaired: a third build is all from the cache.
			p3 := NewProcessor(dir, s)
			if _, err := p3.Make(data); err != nil {
				t.Fatal(err)
			}
			if s := p3.Stats(); s != (Stats{CacheHits: 1, Reused: 3}) {
				t.Errorf("after repair: %+v", s)
			}
		})
	}

	// Files made by another version of the package or of Go are remade.
	dir := t.TempDir()
	old := NewProcessor(dir, s)
	old.stamp = "ocop-images-0 go1.25"
	if _, err := old.Make(data); err != nil {
		t.Fatal(err)
	}
	p := NewProcessor(dir, s)
	if _, err := p.Make(data); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); s.Decoded != 1 || s.Encoded != 3 || s.Damaged != 3 {
		t.Errorf("stale cache: %+v", s)
	}
}

// TestCacheUnwritable: a cache that cannot be written is no error.
func TestCacheUnwritable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "not-a-folder")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p := NewProcessor(file, Settings{})
	res, err := p.Make(encodeJPEG(t, photo(700, 500, 10), 85))
	if err != nil || len(res.Outputs) != 3 {
		t.Fatalf("%v, %d outputs", err, len(res.Outputs))
	}
	if s := p.Stats(); s.CacheErrors != 3 || p.CacheError() == nil {
		t.Errorf("%+v, %v", s, p.CacheError())
	}
}

func TestErrors(t *testing.T) {
	good := encodeJPEG(t, photo(600, 400, 11), 85)
	goodPNG := encodePNG(t, photo(300, 200, 12))
	badCRC := append([]byte(nil), goodPNG...)
	badCRC[len(badCRC)-20] ^= 0xff // inside the IDAT
	garbled := append([]byte(nil), good...)
	for i := len(garbled) / 2; i < len(garbled)/2+200; i++ {
		garbled[i] = 0xff
	}
	for _, c := range []struct {
		name    string
		data    []byte
		kind    error
		message string // part of the error's text
	}{
		{"empty", nil, ErrDamaged, "empty"},
		{"one byte", []byte{0xff}, ErrUnsupported, "not a JPEG, PNG, GIF or WebP"},
		{"text", []byte("hello, world"), ErrUnsupported, "not a JPEG, PNG, GIF or WebP"},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), ErrUnsupported, "HEIC"},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00"), ErrUnsupported, "AVIF"},
		{"tiff", []byte("II*\x00\x08\x00\x00\x00"), ErrUnsupported, "TIFF"},
		{"bmp", []byte("BM\x36\x00\x00\x00"), ErrUnsupported, "BMP"},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), ErrUnsupported, "SVG"},
		{"jpeg header only", good[:20], ErrDamaged, "truncated"},
		{"jpeg truncated", good[:len(good)/2], ErrDamaged, "truncated"},
		{"jpeg without EOI", good[:len(good)-2], ErrDamaged, "truncated"},
		{"jpeg garbled", garbled, ErrDamaged, "JPEG"},
		{"jpeg 12-bit", withSegments([]byte{0xff, 0xd8}, segment(0xc1, []byte{12, 0, 10, 0, 10, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1})), ErrUnsupported, "12-bit"},
		{"jpeg arithmetic", withSegments([]byte{0xff, 0xd8}, segment(0xc9, []byte{8, 0, 10, 0, 10, 1, 1, 0x11, 0})), ErrUnsupported, "arithmetic"},
		{"jpeg lossless", withSegments([]byte{0xff, 0xd8}, segment(0xc3, []byte{8, 0, 10, 0, 10, 1, 1, 0x11, 0})), ErrUnsupported, "lossless"},
		{"jpeg no frame", []byte{0xff, 0xd8, 0xff, 0xd9}, ErrDamaged, "frame header"},
		{"png signature only", goodPNG[:8], ErrDamaged, "truncated"},
		{"png header only", goodPNG[:33], ErrDamaged, "truncated"},
		{"png truncated", goodPNG[:len(goodPNG)*2/3], ErrDamaged, "truncated"},
		{"png bad checksum", badCRC, ErrDamaged, "the PNG cannot be decoded"},
		{"png bad depth", append(goodPNG[:8:8], pngChunk("IHDR", []byte{0, 0, 0, 9, 0, 0, 0, 9, 3, 2, 0, 0, 0})...), ErrDamaged, "bit depth"},
		{"gif header only", []byte("GIF89a\x10\x00\x10\x00\x00\x00\x00"), ErrDamaged, "truncated"},
		{"webp header only", []byte("RIFF\x04\x00\x00\x00WEBP"), ErrDamaged, "truncated"},
		{"webp unknown chunk", []byte("RIFF\x0c\x00\x00\x00WEBPJUNK\x00\x00\x00\x00"), ErrDamaged, "unknown chunk"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := NewProcessor("", Settings{})
			_, err := p.Make(c.data)
			if !errors.Is(err, c.kind) {
				t.Fatalf("error %v, want %v", err, c.kind)
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Errorf("error %q does not say %q", err, c.message)
			}
		})
	}
}

// bigHeaders returns files whose headers claim w×h pixels and that hold
// no image data at all.
func bigHeaders(w, h int) map[string][]byte {
	u16 := func(v int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(v)) }
	u32 := func(v int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(v)) }
	sof := append(append([]byte{8}, u16(h)...), u16(w)...)
	sof = append(sof, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1)
	ihdr := append(append(u32(w), u32(h)...), 8, 6, 0, 0, 0)
	vp8x := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00")
	vp8x = append(vp8x, byte(w-1), byte((w-1)>>8), byte((w-1)>>16), byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	return map[string][]byte{
		"jpeg": withSegments([]byte{0xff, 0xd8}, segment(0xe1, append([]byte("Exif\x00\x00"), tiffExif(binary.BigEndian, 6)...)), segment(0xc0, sof)),
		"png":  append([]byte(pngSignature), pngChunk("IHDR", ihdr)...),
		"gif":  []byte("GIF89a" + string([]byte{byte(w), byte(w >> 8), byte(h), byte(h >> 8)}) + "\x00\x00\x00"),
		"webp": vp8x,
	}
}

// TestTooLarge: an image whose header claims 20000×20000 pixels is refused
// from its header, without decoding or allocating anything like its size.
func TestTooLarge(t *testing.T) {
	for format, data := range bigHeaders(20000, 20000) {
		t.Run(format, func(t *testing.T) {
			if _, err := Inspect(data, Settings{}); !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Inspect: %v", err)
			}
			p := NewProcessor(t.TempDir(), Settings{})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := p.Make(data)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Make: %v", err)
			}
			if !strings.Contains(err.Error(), "20000×20000 pixels") || !strings.Contains(err.Error(), "50 megapixels") {
				t.Errorf("error %q", err)
			}
			if s := p.Stats(); s != (Stats{}) {
				t.Errorf("stats %+v", s)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
				t.Errorf("refusing allocated %d bytes", n)
			}
		})
	}
	// Within a raised limit, the same headers are not too large; they are
	// found to hold no data (by Inspect for PNG and GIF, whose headers it
	// reads to the image data, by Make for JPEG and WebP).
	for format, data := range bigHeaders(20000, 20000) {
		s := Settings{MaxPixels: 400_000_000}
		_, err := Inspect(data, s)
		if err == nil {
			_, err = NewProcessor("", s).Make(data)
		}
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v", format, err)
		}
	}
	// The limit is on pixels: a small image under a small limit.
	data := encodeJPEG(t, photo(100, 100, 13), 80)
	if _, err := Inspect(data, Settings{MaxPixels: 9999}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("10000 pixels, limit 9999: %v", err)
	}
	if _, err := Inspect(data, Settings{MaxPixels: 10000}); err != nil {
		t.Errorf("10000 pixels, limit 10000: %v", err)
	}
}

// TestTransparency: transparent pixels stay transparent (PNG outputs);
// an opaque image with an alpha channel becomes JPEG.
func TestTransparency(t *testing.T) {
	// Left half transparent, right half opaque red; a soft edge between.
	m := image.NewNRGBA(image.Rect(0, 0, 800, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 800; x++ {
			a := uint8(max(0, min(255, (x-390)*255/20)))
			m.SetNRGBA(x, y, color.NRGBA{200, 30, 30, a})
		}
	}
	p := NewProcessor(t.TempDir(), Settings{})
	res, err := p.Make(encodePNG(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Info.HasAlpha {
		t.Error("Info.HasAlpha is false")
	}
	if len(res.Outputs) != 3 {
		t.Fatalf("%d outputs", len(res.Outputs))
	}
	for _, out := range res.Outputs {
		if out.Format != "png" || out.Ext != "png" {
			t.Fatalf("format %s", out.Format)
		}
		img := decodeAny(t, out.Data)
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if _, _, _, a := img.At(w/10, h/2).RGBA(); a != 0 {
			t.Errorf("%d wide: left is not transparent (alpha %d)", w, a>>8)
		}
		if c := color.NRGBAModel.Convert(img.At(w*9/10, h/2)); !near(c, color.NRGBA{200, 30, 30, 255}, 2) {
			t.Errorf("%d wide: right is %v", w, c)
		}
		// The soft edge keeps its colour: no dark fringe from the
		// transparent pixels' colour.
		for x := w/2 - 3; x < w/2+3; x++ {
			if c := color.NRGBAModel.Convert(img.At(x, h/2)).(color.NRGBA); c.A > 20 && (c.R < 180 || c.G > 50) {
				t.Errorf("%d wide: edge pixel %v", w, c)
			}
		}
	}
	// From the cache too.
	p2 := NewProcessor(p.dir, Settings{})
	res2, err := p2.Make(encodePNG(t, m))
	if err != nil || !reflect.DeepEqual(res, res2) || p2.Stats().CacheHits != 1 {
		t.Errorf("cache: %v, %+v", err, p2.Stats())
	}

	// An RGBA PNG whose pixels are all opaque: JPEG.
	data := rgbaPNG(t, photo(500, 400, 14))
	if info, _ := Inspect(data, Settings{}); !info.HasAlpha {
		t.Error("Inspect: an RGBA PNG's header allows transparency")
	}
	for _, proc := range []*Processor{p, NewProcessor(p.dir, Settings{})} { // made, then cached
		res, err := proc.Make(data)
		if err != nil {
			t.Fatal(err)
		}
		if res.Info.HasAlpha || res.Outputs[0].Format != "jpeg" {
			t.Errorf("opaque RGBA PNG: %+v, %s", res.Info, res.Outputs[0].Format)
		}
	}

	// A palette PNG with a transparent entry, and a transparent GIF.
	pal := image.NewPaletted(image.Rect(0, 0, 400, 300), color.Palette{color.NRGBA{0, 0, 0, 0}, color.NRGBA{20, 200, 40, 255}})
	for y := 0; y < 300; y++ {
		for x := 200; x < 400; x++ {
			pal.SetColorIndex(x, y, 1)
		}
	}
	var g bytes.Buffer
	if err := gif.Encode(&g, pal, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"palette png": encodePNG(t, pal), "gif": g.Bytes()} {
		res, err := p.Make(data)
		if err != nil {
			t.Fatal(name, err)
		}
		if !res.Info.HasAlpha || res.Outputs[0].Format != "png" {
			t.Errorf("%s: %+v", name, res.Info)
		}
		img := decodeAny(t, res.Outputs[0].Data)
		if _, _, _, a := img.At(20, 100).RGBA(); a != 0 {
			t.Errorf("%s: not transparent", name)
		}
		if c := img.At(300, 100); !near(c, green, 2) {
			t.Errorf("%s: %v", name, c)
		}
	}
}

// TestOtherFormats: GIF, grey and 16-bit images are read too.
func TestOtherFormats(t *testing.T) {
	gray := image.NewGray(image.Rect(0, 0, 700, 350))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i % 251)
	}
	deep := image.NewNRGBA64(image.Rect(0, 0, 500, 500))
	for i := range deep.Pix {
		deep.Pix[i] = 0xff
	}
	opaqueGIF := image.NewPaletted(image.Rect(0, 0, 330, 200), color.Palette{color.Black, color.White})
	var g bytes.Buffer
	if err := gif.Encode(&g, opaqueGIF, nil); err != nil {
		t.Fatal(err)
	}
	p := NewProcessor("", Settings{})
	for _, c := range []struct {
		name   string
		data   []byte
		format string
		widths []int
	}{
		{"grey jpeg", encodeJPEG(t, gray, 80), "jpeg", []int{320, 640, 700}},
		{"grey png", encodePNG(t, gray), "jpeg", []int{320, 640, 700}},
		{"16-bit png", encodePNG(t, deep), "jpeg", []int{320, 500}},
		{"gif", g.Bytes(), "jpeg", []int{320, 330}},
	} {
		res, err := p.Make(c.data)
		if err != nil {
			t.Fatal(c.name, err)
		}
		var ws []int
		for _, out := range res.Outputs {
			ws = append(ws, out.Width)
			if out.Format != c.format {
				t.Errorf("%s: %s output", c.name, out.Format)
			}
			decodeAny(t, out.Data)
		}
		if !slices.Equal(ws, c.widths) {
			t.Errorf("%s: widths %v, want %v", c.name, ws, c.widths)
		}
	}
}

// TestAnimated: animated images are told by Inspect and refused by Make.
func TestAnimated(t *testing.T) {
	pal := color.Palette{color.Black, color.White}
	anim := &gif.GIF{
		Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 50, 40), pal), image.NewPaletted(image.Rect(0, 0, 50, 40), pal)},
		Delay: []int{10, 10},
	}
	var g bytes.Buffer
	if err := gif.EncodeAll(&g, anim); err != nil {
		t.Fatal(err)
	}
	apng := withChunks(encodePNG(t, photo(50, 40, 15)), pngChunk("acTL", []byte{0, 0, 0, 2, 0, 0, 0, 0}))
	webpAnim := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x12\x00\x00\x00\x31\x00\x00\x27\x00\x00")
	for name, data := range map[string][]byte{"gif": g.Bytes(), "apng": apng, "webp": webpAnim} {
		info, err := Inspect(data, Settings{})
		if err != nil || !info.Animated || info.Width != 50 || info.Height != 40 {
			t.Errorf("%s: %+v, %v", name, info, err)
		}
		if _, err := NewProcessor("", Settings{}).Make(data); !errors.Is(err, ErrAnimated) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestConcurrent: many goroutines making the same and different images,
// from one processor and from two sharing a cache folder (as two builds
// at once would), all get the same bytes; each image is decoded once per
// processor.
func TestConcurrent(t *testing.T) {
	dir := t.TempDir()
	s := Settings{Widths: []int{64, 128, 256}}
	var originals [][]byte
	for i := range 4 {
		originals = append(originals, withSegments(encodeJPEG(t, photo(300+100*i, 240, uint64(20+i)), 85), metadataSegments(binary.LittleEndian, 1+2*i)...))
	}
	want := make([]Result, len(originals))
	for i, data := range originals {
		var err error
		if want[i], err = NewProcessor("", s).Make(data); err != nil {
			t.Fatal(err)
		}
	}
	procs := []*Processor{NewProcessor(dir, s), NewProcessor(dir, s)}
	var wg sync.WaitGroup
	for g := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := procs[g%2]
			for k := range len(originals) {
				i := (g + k) % len(originals)
				res, err := p.Make(originals[i])
				if err != nil {
					t.Error(err)
					return
				}
				if !reflect.DeepEqual(res, want[i]) {
					t.Errorf("image %d: other results", i)
				}
			}
		}()
	}
	wg.Wait()
	for i, p := range procs {
		s := p.Stats()
		if s.Decoded > int64(len(originals)) || s.Damaged != 0 || s.CacheErrors != 0 {
			t.Errorf("processor %d: %+v", i, s)
		}
		if s.Decoded+s.CacheHits+s.Shared != 12*int64(len(originals)) {
			t.Errorf("processor %d: %+v do not add up to %d calls", i, s, 12*len(originals))
		}
	}
	// No temporary file is left behind.
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if strings.HasPrefix(filepath.Base(path), ".tmp-") {
			t.Errorf("left behind: %s", path)
		}
		return nil
	})
}

// TestDeterministic: the same original gives the same bytes every time.
func TestDeterministic(t *testing.T) {
	data := encodePNG(t, photo(900, 600, 30))
	a, err := NewProcessor("", Settings{}).Make(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewProcessor("", Settings{}).Make(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two makes differ")
	}
}

func TestSettingsNormalized(t *testing.T) {
	p := NewProcessor("", Settings{Widths: []int{640, 320, 640, 0}, Quality: 500})
	s := p.Settings()
	if !slices.Equal(s.Widths, []int{320, 640}) || s.Quality != 100 || s.MaxPixels != DefaultMaxPixels {
		t.Errorf("%+v", s)
	}
	s.Widths[0] = 1
	if p.Settings().Widths[0] != 320 {
		t.Error("Settings shares its slice")
	}
	if Key(nil, Settings{}) != Key(nil, Settings{Widths: []int{1280, 640, 320}, Quality: 80}) {
		t.Error("default settings and the same spelled out give other keys")
	}
}

func TestKeyOfSum(t *testing.T) {
	data := []byte("some original")
	s := Settings{Widths: []int{100}}
	if Key(data, s) != KeyOfSum(sha256.Sum256(data), s) {
		t.Error("Key and KeyOfSum differ")
	}
}

// TestPrune: the cache keeps the files of the images the build used, and
// loses the others and old temporary files.
func TestPrune(t *testing.T) {
	dir := t.TempDir()
	a := encodeJPEG(t, photo(700, 500, 40), 85)
	b := encodeJPEG(t, photo(700, 500, 41), 85)
	p1 := NewProcessor(dir, Settings{})
	ra, _ := p1.Make(a)
	rb, _ := p1.Make(b)
	if n, err := p1.Prune(); n != 0 || err != nil {
		t.Fatalf("first build pruned %d, %v", n, err)
	}
	// Leftovers of a stopped build: an old and a fresh temporary file.
	oldTmp := filepath.Join(dir, "images", ra.Key[:2], ".tmp-"+ra.Key+"-320.jpg-123")
	newTmp := filepath.Join(dir, "images", ra.Key[:2], ".tmp-"+ra.Key+"-640.jpg-456")
	for _, f := range []string{oldTmp, newTmp} {
		if err := os.WriteFile(f, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-2 * time.Hour)
	os.Chtimes(oldTmp, hourAgo, hourAgo)

	// The next build uses a only.
	p2 := NewProcessor(dir, Settings{})
	if _, err := p2.Make(a); err != nil {
		t.Fatal(err)
	}
	n, err := p2.Prune()
	if err != nil || n != 5 {
		t.Fatalf("pruned %d, %v; want b's 3 files, its Info record and the old temporary one", n, err)
	}
	for _, out := range ra.Outputs {
		if _, err := os.Stat(p2.cachePath(ra.Key, out.Variant)); err != nil {
			t.Error(err)
		}
	}
	for _, out := range rb.Outputs {
		if _, err := os.Stat(p2.cachePath(rb.Key, out.Variant)); err == nil {
			t.Errorf("%s kept", out.Name(rb.Key))
		}
	}
	if _, err := os.Stat(newTmp); err != nil {
		t.Error("a fresh temporary file was removed")
	}
	if n, err := NewProcessor("", Settings{}).Prune(); n != 0 || err != nil {
		t.Error("no cache: ", n, err)
	}
}
