package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/webp"

	"github.com/hagiang-ocop/ocop/bench/photos/ssim"
)

// TestKeyUnchanged: the Key of settings that ask nothing new is the Key of
// ocop-images-1, so that caches and published names stay as they were.
func TestKeyUnchanged(t *testing.T) {
	sum := sha256.Sum256([]byte("an original"))
	old := func(widths []int, quality int) string {
		h := sha256.New()
		fmt.Fprintf(h, "ocop-images-1\nwidths=%v\nquality=%d\n", widths, quality)
		h.Write(sum[:])
		return hex.EncodeToString(h.Sum(nil)[:16])
	}
	for _, s := range []Settings{{}, {Processing: 1}, {Formats: []string{}}, {AVIFQuality: 70}} {
		if got, want := KeyOfSum(sum, s), old([]int{320, 640, 1280}, 80); got != want {
			t.Errorf("%+v: key %s, want %s", s, got, want)
		}
	}
	if got, want := KeyOfSum(sum, Settings{Widths: []int{100}, Quality: 90}), old([]int{100}, 90); got != want {
		t.Errorf("key %s, want %s", got, want)
	}
	// What shapes the outputs changes it.
	keys := map[string]Settings{}
	for _, s := range []Settings{
		{}, {Processing: Processing2}, {Formats: []string{FormatAVIF}}, {Formats: []string{formatWebP}},
		{Formats: []string{FormatAVIF, formatWebP}}, {Formats: []string{FormatAVIF}, AVIFQuality: 70},
		{Processing: Processing2, Formats: []string{FormatAVIF}},
	} {
		k := KeyOfSum(sum, s)
		if other, ok := keys[k]; ok {
			t.Errorf("%+v and %+v: the same key", s, other)
		}
		keys[k] = s
	}
	// The order of Formats does not matter.
	if KeyOfSum(sum, Settings{Formats: []string{"webp", "avif", "avif"}}) != KeyOfSum(sum, Settings{Formats: []string{"avif", "webp"}}) {
		t.Error("the order of Formats changed the key")
	}
}

// avifSize reads the size of an AVIF image from its ispe property.
func avifSize(t *testing.T, b []byte) (int, int) {
	t.Helper()
	if len(b) < 12 || string(b[4:12]) != "ftypavif" {
		t.Fatalf("not an AVIF: % x", b[:min(len(b), 12)])
	}
	i := bytes.Index(b, []byte("ispe"))
	if i < 0 || i+16 > len(b) {
		t.Fatal("no ispe")
	}
	return int(binary.BigEndian.Uint32(b[i+8:])), int(binary.BigEndian.Uint32(b[i+12:]))
}

// TestFormats: AVIF and WebP beside the JPEGs, upright, without metadata,
// named apart, cached like them.
func TestFormats(t *testing.T) {
	dir := t.TempDir()
	s := Settings{Widths: []int{60, 120}, Processing: Processing2, Formats: []string{formatWebP, FormatAVIF}}
	for o := 1; o <= 8; o++ {
		stored := storedForOrientation(o, 160, 120)
		data := withSegments(encodeJPEG(t, stored, 90), metadataSegments(binary.BigEndian, o)...)
		p := NewProcessor(dir, s)
		res, err := p.Make(data)
		if err != nil {
			t.Fatal(o, err)
		}
		var got []string
		names := map[string]bool{}
		for _, out := range res.Outputs {
			got = append(got, fmt.Sprintf("%d.%s", out.Width, out.Ext))
			names[out.Name(res.Key)] = true
			for _, secret := range secrets {
				if bytes.Contains(out.Data, []byte(secret)) {
					t.Errorf("orientation %d: %s holds %q", o, out.Name(res.Key), secret)
				}
			}
			switch out.Format {
			case FormatAVIF:
				if w, h := avifSize(t, out.Data); w != out.Width || h != out.Height {
					t.Errorf("orientation %d: AVIF %d×%d, want %d×%d", o, w, h, out.Width, out.Height)
				}
			case formatWebP:
				m, err := webp.Decode(bytes.NewReader(out.Data))
				if err != nil {
					t.Fatal(err)
				}
				if b := m.Bounds(); b.Dx() != out.Width || b.Dy() != out.Height {
					t.Errorf("orientation %d: WebP %v", o, b)
				}
				checkCorners(t, m)
			case "jpeg":
				checkCorners(t, decodeAny(t, out.Data))
			}
		}
		if want := []string{"60.jpg", "120.jpg", "60.avif", "120.avif", "60.webp", "120.webp"}; !slices.Equal(got, want) || len(names) != len(want) {
			t.Fatalf("orientation %d: %v, want %v", o, got, want)
		}
		if st := p.Stats(); st.Encoded != 6 {
			t.Errorf("orientation %d: %+v", o, st)
		}
		// From the cache: nothing made, the same bytes.
		p2 := NewProcessor(dir, s)
		again, err := p2.MakeFrom(sha256.Sum256(data), never(t))
		if err != nil || !reflect.DeepEqual(again, res) {
			t.Fatalf("orientation %d from the cache: %v", o, err)
		}
		if st := p2.Stats(); st.Encoded != 0 || st.Reused != 6 {
			t.Errorf("orientation %d from the cache: %+v", o, st)
		}
	}

	// A transparent image gets its PNGs alone; an unknown format is an
	// error.
	m := image.NewNRGBA(image.Rect(0, 0, 100, 80))
	res, err := NewProcessor("", s).Make(encodePNG(t, m))
	if err != nil || len(res.Outputs) != 2 || res.Outputs[0].Format != "png" {
		t.Errorf("transparent: %v, %d outputs", err, len(res.Outputs))
	}
	if _, err := NewProcessor("", Settings{Formats: []string{"jxl"}}).Make(encodeJPEG(t, photo(50, 40, 1), 80)); err == nil || !strings.Contains(err.Error(), "jxl") {
		t.Errorf("unknown format: %v", err)
	}
}

// TestEncoderStartsLazily: a build whose variants are all cached does not
// start the WebAssembly runtime; one that encodes keeps the compiled
// modules in the cache folder. Each build runs in a process of its own
// (this test binary again), where nothing else has started the runtime.
func TestEncoderStartsLazily(t *testing.T) {
	s := Settings{Widths: []int{50}, Processing: Processing2, Formats: []string{FormatAVIF, formatWebP}}
	data := encodeJPEG(t, photo(120, 90, 60), 85)
	switch dir, step, _ := strings.Cut(os.Getenv("OCOP_IMAGES_LAZY_CHILD"), "|"); step {
	case "make":
		p := NewProcessor(dir, s)
		if _, err := p.Make(data); err != nil {
			t.Fatal(err)
		}
		if st := p.Stats(); st.Encoded != 3 || !avifCodec.started.Load() || !webpCodec.started.Load() {
			t.Fatalf("first build: %+v", st)
		}
		if entries, err := os.ReadDir(dir + "/wasm"); err != nil || len(entries) == 0 {
			t.Fatalf("no compiled modules kept: %v", err)
		}
		return
	case "cached":
		p := NewProcessor(dir, s)
		if _, err := p.Make(data); err != nil {
			t.Fatal(err)
		}
		if _, err := p.MakeFrom(sha256.Sum256(data), never(t)); err != nil {
			t.Fatal(err)
		}
		if st := p.Stats(); st.Encoded != 0 || avifCodec.started.Load() || webpCodec.started.Load() {
			t.Fatalf("the runtime was started: %+v", st)
		}
		return
	}
	dir := t.TempDir()
	for _, step := range []string{"make", "cached"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEncoderStartsLazily$", "-test.v")
		cmd.Env = append(os.Environ(), "OCOP_IMAGES_LAZY_CHILD="+dir+"|"+step)
		out, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("--- PASS: TestEncoderStartsLazily")) {
			t.Fatalf("%s: %v\n%s", step, err, out)
		}
	}
}

// TestProcessing2Orientations: Processing2 turns every orientation upright,
// at even and odd sizes.
func TestProcessing2Orientations(t *testing.T) {
	for _, size := range [][2]int{{160, 120}, {161, 117}} {
		for o := 1; o <= 8; o++ {
			stored := storedForOrientation(o, size[0], size[1])
			data := withSegments(encodeJPEG(t, stored, 95), metadataSegments(binary.LittleEndian, o)...)
			res, err := NewProcessor("", Settings{Widths: []int{40, 80, 400}, Processing: Processing2}).Make(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Outputs) != 3 || res.Outputs[2].Width != size[0] || res.Outputs[2].Height != size[1] {
				t.Fatalf("%v orientation %d: %+v", size, o, res.Outputs)
			}
			for _, out := range res.Outputs {
				m := decodeAny(t, out.Data)
				if b := m.Bounds(); b.Dx() != out.Width || b.Dy() != out.Height {
					t.Fatalf("%v orientation %d: %v, want %dx%d", size, o, b, out.Width, out.Height)
				}
				checkCorners(t, m)
			}
		}
	}
}

// TestOrientYCbCr: turning the planes is turning the picture, for every
// subsampling.
func TestOrientYCbCr(t *testing.T) {
	ratios := []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410}
	for _, r := range ratios {
		m := image.NewYCbCr(image.Rect(0, 0, 16, 12), r)
		for i := range m.Y {
			m.Y[i] = uint8(i * 7)
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = uint8(i*13), uint8(255-i*5)
		}
		for o := 1; o <= 8; o++ {
			want := orient(toRGBA(m), o)
			turned := orientYCbCr(m, o)
			if turned == nil {
				if (r == image.YCbCrSubsampleRatio411 || r == image.YCbCrSubsampleRatio410) && o >= 5 {
					continue
				}
				t.Fatalf("%v orientation %d: nil", r, o)
			}
			if got := toRGBA(turned); !bytes.Equal(got.Pix, want.Pix) || got.Rect != want.Rect {
				t.Errorf("%v orientation %d: the turned planes are another picture", r, o)
			}
		}
	}
}

// TestPlanesFlat: a flat plane stays flat, whatever the scale; a ramp
// stays a ramp.
func TestPlanesFlat(t *testing.T) {
	for _, c := range [][4]int{{1000, 700, 320, 224}, {640, 480, 639, 479}, {50, 40, 7, 5}, {9, 9, 9, 9}, {30, 20, 60, 40}} {
		src := plane{pix: bytes.Repeat([]byte{77}, c[0]*c[1]), w: c[0], h: c[1], step: c[0]}
		dst := plane{pix: make([]byte, c[2]*c[3]), w: c[2], h: c[3], step: c[2]}
		resamplePlane(dst, src, float64(c[0])/float64(c[2]), float64(c[1])/float64(c[3]))
		for i, v := range dst.pix {
			if v != 77 {
				t.Fatalf("%v: sample %d is %d", c, i, v)
			}
		}
	}
	// A horizontal ramp 0..255 over 1024 samples, to 256: sample x is
	// near the mean of its four, x + 0.375.
	src := plane{pix: make([]byte, 1024*4), w: 1024, h: 4, step: 1024}
	for y := range 4 {
		for x := range 1024 {
			src.pix[y*1024+x] = uint8(x / 4)
		}
	}
	dst := plane{pix: make([]byte, 256*2), w: 256, h: 2, step: 256}
	resamplePlane(dst, src, 4, 2)
	for x := 2; x < 254; x++ {
		if d := int(dst.pix[x]) - x; d < -1 || d > 1 {
			t.Fatalf("ramp: sample %d is %d", x, dst.pix[x])
		}
	}
}

// TestPlanesQuality: Processing2 keeps the picture of ocop-images-1 (the
// same kernel, the same chain of sizes): the variants of a photo by the
// two are nearly the same picture, and both close to the original
// shrunk.
func TestPlanesQuality(t *testing.T) {
	src := photo(1600, 1200, 61)
	data := encodeJPEG(t, src, 95)
	s := Settings{Widths: []int{200, 400, 800}, Quality: 95}
	r1, err := NewProcessor("", s).Make(data)
	if err != nil {
		t.Fatal(err)
	}
	s.Processing = Processing2
	r2, err := NewProcessor("", s).Make(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range r1.Outputs {
		a, b := decodeAny(t, r1.Outputs[i].Data), decodeAny(t, r2.Outputs[i].Data)
		if v := ssim.Mean(a, b); v < 0.97 {
			t.Errorf("%d wide: SSIM %.4f between ocop-images-1 and Processing2", r1.Outputs[i].Width, v)
		}
	}
}
