// Package ssim measures the structural similarity of two pictures, as
// the photo tests and measurements compare the sizes ocop makes with the
// photo they were made from (docs/photos.md).
package ssim

import (
	"image"
	"math"
)

// luma returns the BT.601 luma of m (0.299 R + 0.587 G + 0.114 B, as
// JPEG's Y), one float64 a pixel, row by row.
func luma(m image.Image) ([]float64, int, int) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	out := make([]float64, w*h)
	if rgba, ok := m.(*image.RGBA); ok {
		for y := range h {
			row := rgba.Pix[rgba.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := range w {
				out[y*w+x] = 0.299*float64(row[4*x]) + 0.587*float64(row[4*x+1]) + 0.114*float64(row[4*x+2])
			}
		}
		return out, w, h
	}
	for y := range h {
		for x := range w {
			r, g, bl, _ := m.At(b.Min.X+x, b.Min.Y+y).RGBA()
			out[y*w+x] = (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
		}
	}
	return out, w, h
}

// Mean is the mean structural similarity of the lumas of a and b (Wang,
// Bovik, Sheikh and Simoncelli, 2004): an 11×11 Gaussian window of σ 1.5,
// K1 0.01, K2 0.03, a dynamic range of 255, the means taken over the
// windows that lie wholly inside the image. 1 for the same picture, lower
// as the structure differs. a and b must have the same size, 11×11 at
// least.
func Mean(a, b image.Image) float64 {
	x, w, h := luma(a)
	y, w2, h2 := luma(b)
	if w != w2 || h != h2 {
		panic("ssim: images of different sizes")
	}
	return Planes(x, y, w, h)
}

// Planes is Mean of two planes of luma (or of any one channel), w×h
// values each, row by row.
func Planes(x, y []float64, w, h int) float64 {
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
