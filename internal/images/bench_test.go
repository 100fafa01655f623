package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
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
