package images

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/hagiang-ocop/ocop/bench/photos/ssim"
)

// TestSSIM checks ssim.Mean (bench/photos/ssim), which the measurements
// here use, against values known in closed form.
func TestSSIM(t *testing.T) {
	const (
		c1 = 6.5025  // (0.01·255)²
		c2 = 58.5225 // (0.03·255)²
	)
	gray := func(w, h int, f func(x, y int) float64) *image.Gray {
		m := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.SetGray(x, y, color.Gray{uint8(math.Round(f(x, y)))})
			}
		}
		return m
	}
	checker := func(x, y int) float64 { return float64((x+y)%2*2 - 1) } // ±1
	for _, c := range []struct {
		name string
		a, b *image.Gray
		want float64
	}{
		// The same picture: 1.
		{"same", gray(40, 30, func(x, y int) float64 { return float64(x * y % 251) }),
			gray(40, 30, func(x, y int) float64 { return float64(x * y % 251) }), 1},
		// Two flat greys 100 and 110: only the luminance term,
		// (2·100·110 + C1) / (100² + 110² + C1).
		{"flat", gray(20, 20, func(int, int) float64 { return 100 }), gray(20, 20, func(int, int) float64 { return 110 }),
			(2*100*110 + c1) / (100*100 + 110*110 + c1)},
		// A checkerboard 128±50 against its negative: the same means and
		// variances, opposite structure: (−2·50² + C2) / (2·50² + C2). (A
		// Gaussian window of σ 1.5 averages a checkerboard to within 1e-9
		// of its mean.)
		{"negative", gray(30, 30, func(x, y int) float64 { return 128 + 50*checker(x, y) }),
			gray(30, 30, func(x, y int) float64 { return 128 - 50*checker(x, y) }),
			(-2*50*50 + c2) / (2*50*50 + c2)},
		// 128±40 against 128±20: contrast halved, same structure:
		// (2·40·20 + C2) / (40² + 20² + C2).
		{"contrast", gray(30, 30, func(x, y int) float64 { return 128 + 40*checker(x, y) }),
			gray(30, 30, func(x, y int) float64 { return 128 + 20*checker(x, y) }),
			(2*40*20 + c2) / (40*40 + 20*20 + c2)},
	} {
		got := ssim.Mean(c.a, c.b)
		if math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: ssim %.7f, want %.7f", c.name, got, c.want)
		}
	}
	// Noise lowers it, more noise more; symmetric.
	base := photo(64, 64, 3)
	noisy := func(amp int) *image.RGBA {
		m := image.NewRGBA(base.Rect)
		copy(m.Pix, base.Pix)
		for i := range m.Pix {
			if i%4 != 3 {
				m.Pix[i] = clamp8(int(m.Pix[i]) + (i*7919%(2*amp+1) - amp))
			}
		}
		return m
	}
	s4, s16 := ssim.Mean(base, noisy(4)), ssim.Mean(base, noisy(16))
	if !(1 > s4 && s4 > s16) || math.Abs(ssim.Mean(noisy(16), base)-s16) > 1e-12 {
		t.Errorf("noise: %.4f, %.4f", s4, s16)
	}
}
