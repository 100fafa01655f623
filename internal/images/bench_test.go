package images

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/hagiang-ocop/ocop/bench/photos/photogen"
)

// A 4000×3000 photo as a phone takes it: JPEG, quality 90, stored sideways
// with orientation 6, with Exif, GPS and maker data.
var benchPhoto = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, photo(4000, 3000, 42), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return withSegments(b.Bytes(), metadataSegments(binary.LittleEndian, 6)...)
})

// BenchmarkMake: one 4000×3000 photo to its three variants, nothing cached.
func BenchmarkMake(b *testing.B) {
	benchMake(b, benchPhoto())
}

// benchMake makes the variants of data, nothing cached, and reports their
// sizes.
func benchMake(b *testing.B, data []byte) {
	p := NewProcessor("", Settings{})
	var res Result
	for b.Loop() {
		var err error
		if res, err = p.Make(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data)), "original-bytes")
	for _, out := range res.Outputs {
		b.ReportMetric(float64(len(out.Data)), "bytes-"+strconv.Itoa(out.Width))
	}
}

// BenchmarkMakeParallel: the same, from as many goroutines as cores.
func BenchmarkMakeParallel(b *testing.B) {
	data := benchPhoto()
	p := NewProcessor("", Settings{})
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			// The same original is made once for simultaneous calls:
			// give each call its own bytes (one byte more after EOI).
			if _, err := p.Make(append(data[:len(data):len(data)], 0)); err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkMakeCached: the same photo, all variants in the cache.
func BenchmarkMakeCached(b *testing.B) {
	data := benchPhoto()
	p := NewProcessor(b.TempDir(), Settings{})
	if _, err := p.Make(data); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.Make(data); err != nil {
			b.Fatal(err)
		}
	}
	if s := p.Stats(); s.Decoded != 1 {
		b.Fatalf("%+v", s)
	}
}

// BenchmarkInspect: reading the headers of the photo.
func BenchmarkInspect(b *testing.B) {
	data := benchPhoto()
	for b.Loop() {
		if _, err := Inspect(data, Settings{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMakePNG: a 2000×1500 product cut-out (a shaded disc with a
// soft edge on a transparent background, a little noise) as an RGBA PNG,
// to its three PNG variants.
func BenchmarkMakePNG(b *testing.B) {
	m := image.NewNRGBA(image.Rect(0, 0, 2000, 1500))
	r := rand.New(rand.NewPCG(44, 1))
	for y := 0; y < 1500; y++ {
		for x := 0; x < 2000; x++ {
			d := math.Hypot(float64(x-1000), float64(y-750))
			a := math.Max(0, math.Min(1, (650-d)/4))
			if a == 0 {
				continue
			}
			n := float64(r.IntN(5)) - 2
			m.SetNRGBA(x, y, color.NRGBA{
				uint8(120 + 100*float64(x)/2000 + n), uint8(60 + 80*float64(y)/1500 + n), uint8(30 + n), uint8(255 * a)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		b.Fatal(err)
	}
	benchMake(b, buf.Bytes())
}

// A phone-like photo of bench/photos/photogen: 4000×3000 stored sideways
// (orientation 6), 4.4 MB; and one stored upright (orientation 1).
var (
	phonePhoto = sync.OnceValue(func() []byte {
		p, err := photogen.Generate(2, photogen.Options{})
		if err != nil {
			panic(err)
		}
		return p.JPEG
	})
	phonePhotoUpright = sync.OnceValue(func() []byte {
		p, err := photogen.Generate(1, photogen.Options{})
		if err != nil {
			panic(err)
		}
		return p.JPEG
	})
)

// BenchmarkPhoto: one phone photo to its three sizes, nothing cached, by
// each processing, and with AVIF and WebP beside the JPEGs; then from the
// cache, by Make (which hashes the original) and by MakeFrom (which does
// not read it).
//
//	go test -run XXX -bench Photo -benchtime 10x -cpu 1 ./internal/images
func BenchmarkPhoto(b *testing.B) {
	for _, c := range []struct {
		name string
		s    Settings
		data func() []byte
	}{
		{"ocop-images-1/jpeg", Settings{}, phonePhoto},
		{"processing2/jpeg", Settings{Processing: Processing2}, phonePhoto},
		{"processing2/jpeg/upright", Settings{Processing: Processing2}, phonePhotoUpright},
		{"processing2/jpeg+avif", Settings{Processing: Processing2, Formats: []string{FormatAVIF}}, phonePhoto},
		{"processing2/jpeg+webp", Settings{Processing: Processing2, Formats: []string{formatWebP}}, phonePhoto},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := c.data()
			if len(c.s.Formats) > 0 { // the runtime started and the module compiled beforehand
				if _, err := NewProcessor("", Settings{Widths: []int{16}, Formats: c.s.Formats}).Make(encodeJPEG(b, photo(32, 24, 1), 80)); err != nil {
					b.Fatal(err)
				}
			}
			p := NewProcessor("", c.s)
			var res Result
			for b.Loop() {
				var err error
				if res, err = p.Make(data); err != nil {
					b.Fatal(err)
				}
			}
			for _, out := range res.Outputs {
				b.ReportMetric(float64(len(out.Data)), "bytes-"+strconv.Itoa(out.Width)+"."+out.Ext)
			}
		})
	}
	for _, from := range []string{"Make", "MakeFrom"} {
		b.Run("cached/"+from, func(b *testing.B) {
			data := phonePhoto()
			sum := sha256.Sum256(data)
			s := Settings{Processing: Processing2, Formats: []string{FormatAVIF}}
			dir := b.TempDir()
			if _, err := NewProcessor(dir, s).Make(data); err != nil {
				b.Fatal(err)
			}
			p := NewProcessor(dir, s)
			for b.Loop() {
				var err error
				if from == "Make" {
					_, err = p.Make(data)
				} else {
					_, err = p.MakeFrom(sum, func() ([]byte, error) { return nil, errors.New("read") })
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			if st := p.Stats(); st.Decoded != 0 || st.Opened != 0 {
				b.Fatalf("%+v", st)
			}
		})
	}
}

// BenchmarkEncoderStart: starting the WebAssembly runtime and compiling
// the AVIF encoder (once per process, at its first AVIF), with no cache
// of compiled code and with one (a second process's case).
func BenchmarkEncoderStart(b *testing.B) {
	for _, cached := range []bool{false, true} {
		b.Run(fmt.Sprintf("compiled-cache=%t", cached), func(b *testing.B) {
			dir := b.TempDir()
			if cached {
				c := &codec{format: FormatAVIF, module: avifModule}
				if err := c.init(dir); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				compilationCaches.Clear() // as in a new process
				if !cached {
					dir = b.TempDir()
				}
				c := &codec{format: FormatAVIF, module: avifModule}
				if err := c.init(dir); err != nil {
					b.Fatal(err)
				}
				c.rt.Close(context.Background())
			}
		})
	}
}

// BenchmarkAVIFWidth: encoding one size of the phone photo in AVIF, at
// the quality a build gives it, by libavif's speed, from the resampled
// picture (as Make encodes it):
//
//	go test -run XXX -bench AVIFWidth -benchtime 5x -cpu 1 ./internal/images
func BenchmarkAVIFWidth(b *testing.B) {
	data := phonePhoto()
	info, err := Inspect(data, Settings{})
	if err != nil {
		b.Fatal(err)
	}
	img, err := decode(data, info)
	if err != nil {
		b.Fatal(err)
	}
	s := Settings{Processing: Processing2}.normalize()
	plan := Plan(info, s)
	r := planeResizer{src: img.(*image.YCbCr)}
	pics := map[int]*image.RGBA{}
	for i := len(plan) - 1; i >= 0; i-- {
		pic := r.resize(plan[i], info.Orientation)
		pics[plan[i].Width] = pic.RGBA()
	}
	if _, err := avifCodec.encode("", pics[plan[0].Width], 60); err != nil { // started beforehand
		b.Fatal(err)
	}
	for _, v := range plan {
		for _, speed := range []int{8, 9, 10} {
			b.Run(fmt.Sprintf("width=%d/speed=%d", v.Width, speed), func(b *testing.B) {
				var out []byte
				for b.Loop() {
					var err error
					if out, err = avifCodec.encodeEffort("", pics[v.Width], avifQuality(s, v.Width), speed); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(len(out)), "bytes")
			})
		}
	}
}
