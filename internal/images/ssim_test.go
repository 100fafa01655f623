package images

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// luma returns the BT.601 luma of m (0.299 R + 0.587 G + 0.114 B, as
// JPEG's Y), one float64 a pixel, row by row.
func luma(m image.Image) ([]float64, int, int) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]float64, w*h)
	for y := range h {
		for x := range w {
			r, g, bl, _ := m.At(b.Min.X+x, b.Min.Y+y).RGBA()
			out[y*w+x] = (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
		}
	}
	return out, w, h
}

// ssim is the mean structural similarity of the lumas of a and b (Wang,
// Bovik, Sheikh and Simoncelli, 2004): an 11×11 Gaussian window of σ 1.5,
// K1 0.01, K2 0.03, a dynamic range of 255, the means taken over the
// windows that lie wholly inside the image. 1 for the same picture, lower
// as the structure differs. a and b must have the same size, 11×11 at
// least.
func ssim(a, b image.Image) float64 {
	x, w, h := luma(a)
	y, w2, h2 := luma(b)
	if w != w2 || h != h2 {
		panic("ssim: images of different sizes")
	}
	return ssimPlanes(x, y, w, h)
}

func ssimPlanes(x, y []float64, w, h int) float64 {
	const (
		r  = 5 // the window is 2r+1 wide
		c1 = (0.01 * 255) * (0.01 * 255)
		c2 = (0.03 * 255) * (0.03 * 255)
	)
	var g [2*r + 1]float64
	var sum float64
	for i := range g {
		d := float64(i - r)
		g[i] = math.Exp(-d * d / (2 * 1.5 * 1.5))
		sum += g[i]
	}
	for i := range g {
		g[i] /= sum
	}
	// blur returns the Gaussian-weighted means of v over the windows
	// wholly inside: (w-2r)×(h-2r) values.
	ow, oh := w-2*r, h-2*r
	blur := func(v []float64) []float64 {
		tmp := make([]float64, ow*h)
		for yy := range h {
			for xx := range ow {
				var s float64
				for k, gk := range g {
					s += gk * v[yy*w+xx+k]
				}
				tmp[yy*ow+xx] = s
			}
		}
		out := make([]float64, ow*oh)
		for yy := range oh {
			for xx := range ow {
				var s float64
				for k, gk := range g {
					s += gk * tmp[(yy+k)*ow+xx]
				}
				out[yy*ow+xx] = s
			}
		}
		return out
	}
	prod := func(a, b []float64) []float64 {
		p := make([]float64, len(a))
		for i := range a {
			p[i] = a[i] * b[i]
		}
		return p
	}
	mx, my := blur(x), blur(y)
	sxx, syy, sxy := blur(prod(x, x)), blur(prod(y, y)), blur(prod(x, y))
	var total float64
	for i := range mx {
		vx := sxx[i] - mx[i]*mx[i]
		vy := syy[i] - my[i]*my[i]
		cxy := sxy[i] - mx[i]*my[i]
		total += (2*mx[i]*my[i] + c1) * (2*cxy + c2) / ((mx[i]*mx[i] + my[i]*my[i] + c1) * (vx + vy + c2))
	}
	return total / float64(len(mx))
}

// TestSSIM checks ssim against values known in closed form.
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
		got := ssim(c.a, c.b)
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
	s4, s16 := ssim(base, noisy(4)), ssim(base, noisy(16))
	if !(1 > s4 && s4 > s16) || math.Abs(ssim(noisy(16), base)-s16) > 1e-12 {
		t.Errorf("noise: %.4f, %.4f", s4, s16)
	}
}
