package images

import (
	"image"
	"math"
)

// Processing2 resamples a JPEG original in the form its decoder gives it:
// a luma plane (Y) at full resolution and two chroma planes (Cb, Cr),
// usually at half the width and height. Resampling is linear and the
// conversion to RGB affine, so resampling the planes and converting the
// small result gives the picture that converting the original to RGB and
// resampling that would give — for a fraction of the work and memory: no
// RGBA copy of the original (48 MB for 12 megapixels), the chroma resampled
// at its own quarter resolution, the conversion done at the variants' size,
// and the JPEG encoder fed YCbCr directly. The kernel is Catmull-Rom, as in
// ocop-images-1, with integer weights; like there, an original more than
// boxGap times the variant's size is first shrunk by a whole factor,
// averaging each block.

// boxGap: a plane is box-shrunk by the largest whole factor that leaves it
// at least boxGap times the variant's size; the Catmull-Rom pass does the
// rest. 2 keeps the picture of a Catmull-Rom resampling from the original
// (see TestPlanesQuality); 1 would be faster and softer.
var boxGap = 2.0

// plane is one channel of an image, one byte a sample.
type plane struct {
	pix        []byte
	w, h, step int // step: bytes from a row to the next
}

func (p plane) row(y int) []byte { return p.pix[y*p.step : y*p.step+p.w] }

// planesOf returns the Y, Cb and Cr planes of m.
func planesOf(m *image.YCbCr) [3]plane {
	b := m.Rect
	cw, ch := chromaSize(b.Dx(), b.Dy(), m.SubsampleRatio)
	return [3]plane{
		{m.Y, b.Dx(), b.Dy(), m.YStride},
		{m.Cb, cw, ch, m.CStride},
		{m.Cr, cw, ch, m.CStride},
	}
}

// chromaSize is the size of the chroma planes of a w×h image, as
// image.NewYCbCr makes them.
func chromaSize(w, h int, r image.YCbCrSubsampleRatio) (int, int) {
	switch r {
	case image.YCbCrSubsampleRatio422:
		return (w + 1) / 2, h
	case image.YCbCrSubsampleRatio420:
		return (w + 1) / 2, (h + 1) / 2
	case image.YCbCrSubsampleRatio440:
		return w, (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		return (w + 3) / 4, h
	case image.YCbCrSubsampleRatio410:
		return (w + 3) / 4, (h + 1) / 2
	}
	return w, h
}

// resizeYCbCr returns src resampled to w×h (in stored orientation), with
// the same chroma subsampling: each plane resampled by itself, the chroma
// planes mapped onto the same picture as the luma.
func resizeYCbCr(src *image.YCbCr, w, h int) *image.YCbCr {
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), src.SubsampleRatio)
	sp, dp := planesOf(src), planesOf(dst)
	sx := float64(src.Rect.Dx()) / float64(w)
	sy := float64(src.Rect.Dy()) / float64(h)
	for i := range sp {
		resamplePlane(dp[i], sp[i], sx, sy)
	}
	return dst
}

// resamplePlane fills dst from src, each sample of dst at (x+0.5)·sx−0.5,
// (y+0.5)·sy−0.5 in src: boxed by a whole factor when src is boxGap times
// dst or more, then Catmull-Rom, the kernel widened by the scale when
// shrinking. Columns first in a row of int32 sums, then the row, so that the
// memory needed beside the planes is one row.
func resamplePlane(dst, src plane, sx, sy float64) {
	kx, ky := max(int(sx/boxGap), 1), max(int(sy/boxGap), 1)
	if kx > 1 || ky > 1 {
		src = boxPlane(src, kx, ky)
		sx, sy = sx/float64(kx), sy/float64(ky)
	}
	cols := weights(dst.w, src.w, sx)
	rows := weights(dst.h, src.h, sy)
	sums := make([]int32, src.w)
	for y := 0; y < dst.h; y++ {
		// Columns: sums[x] = Σ weight · src(x, row), 12 fraction bits
		// shifted down by 4 (8 left: the values are 256 times the
		// samples).
		clear(sums)
		r := rows.taps[y]
		for i, wt := range rows.w[r.off : r.off+r.n] {
			srow := src.row(r.first + i)
			s := sums[:len(srow)]
			for x, v := range srow {
				s[x] += wt * int32(v)
			}
		}
		for x := range sums {
			sums[x] = (sums[x] + 8) >> 4
		}
		// Then across: 12 more fraction bits, 20 in all.
		out := dst.row(y)
		for x := range out {
			c := cols.taps[x]
			acc := int32(1 << 19)
			ws := cols.w[c.off : c.off+c.n]
			ss := sums[c.first : c.first+c.n]
			for i, wt := range ws {
				acc += wt * ss[i]
			}
			out[x] = uint8(min(max(acc>>20, 0), 255))
		}
	}
}

// A filter holds, for each output sample, the source samples it weighs and
// their weights (12 fraction bits, summing to 4096).
type filter struct {
	taps []tap
	w    []int32
}

type tap struct{ first, n, off int }

// catmullRom is the Catmull-Rom cubic (B=0, C=0.5).
func catmullRom(t float64) float64 {
	t = math.Abs(t)
	switch {
	case t < 1:
		return (1.5*t-2.5)*t*t + 1
	case t < 2:
		return ((-0.5*t+2.5)*t-4)*t + 2
	}
	return 0
}

// weights returns the filter from n source samples to m, the source
// position of output i being (i+0.5)·scale−0.5. Taps beyond the edges are
// folded onto the edge samples.
func weights(m, n int, scale float64) filter {
	support := 2 * max(scale, 1)
	f := filter{taps: make([]tap, m)}
	fw := make([]float64, 0, 2*int(math.Ceil(support))+2)
	for i := range m {
		c := (float64(i)+0.5)*scale - 0.5
		lo := int(math.Floor(c-support)) + 1
		hi := int(math.Ceil(c + support)) // exclusive
		first, last := max(lo, 0), min(hi, n)-1
		if last < first { // cannot happen for m, n ≥ 1; keep one tap
			first, last = min(max(int(c+0.5), 0), n-1), min(max(int(c+0.5), 0), n-1)
		}
		fw = fw[:0]
		for j := first; j <= last; j++ {
			fw = append(fw, 0)
		}
		var total float64
		for j := lo; j < hi; j++ {
			v := catmullRom((float64(j) - c) / max(scale, 1))
			k := min(max(j, first), last) - first
			fw[k] += v
			total += v
		}
		// To integers summing to exactly 4096: the rounding error goes to
		// the largest weight, so that flat areas stay flat.
		off := len(f.w)
		sum, big := int32(0), 0
		for k, v := range fw {
			q := int32(math.Round(v / total * 4096))
			f.w = append(f.w, q)
			sum += q
			if q > f.w[off+big] {
				big = k
			}
		}
		f.w[off+big] += 4096 - sum
		f.taps[i] = tap{first: first, n: last - first + 1, off: off}
	}
	return f
}

// boxPlane returns p shrunk kx times across and ky times down, each sample
// the rounded average of its block; a last block, cut by the edge, is the
// average of the samples it has, so the picture keeps its extent.
func boxPlane(p plane, kx, ky int) plane {
	w, h := (p.w+kx-1)/kx, (p.h+ky-1)/ky
	d := plane{pix: make([]byte, w*h), w: w, h: h, step: w}
	sums := make([]uint32, w)
	for y := range h {
		clear(sums)
		y0, y1 := y*ky, min(y*ky+ky, p.h)
		for yy := y0; yy < y1; yy++ {
			r := p.row(yy)
			x := 0
			for i := 0; i+kx <= len(r); i += kx {
				var s uint32
				for _, v := range r[i : i+kx] {
					s += uint32(v)
				}
				sums[x] += s
				x++
			}
			if x < w { // the last, cut block
				var s uint32
				for _, v := range r[x*kx:] {
					s += uint32(v)
				}
				sums[x] += s
			}
		}
		out := d.pix[y*w : y*w+w]
		rows := uint32(y1 - y0)
		for x := range out {
			n := rows * uint32(min(kx, p.w-x*kx))
			out[x] = uint8((sums[x] + n/2) / n)
		}
	}
	return d
}

// orientYCbCr returns m turned by the EXIF orientation o, plane by plane.
// A chroma plane turns with its luma; with an odd width or height, a
// mirrored chroma sample lands up to one luma pixel off, which a half- or
// quarter-resolution chroma does not show.
func orientYCbCr(m *image.YCbCr, o int) *image.YCbCr {
	if o <= 1 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	r := m.SubsampleRatio
	if o >= 5 {
		w, h = h, w
		switch r { // the chroma's shape turns too
		case image.YCbCrSubsampleRatio422:
			r = image.YCbCrSubsampleRatio440
		case image.YCbCrSubsampleRatio440:
			r = image.YCbCrSubsampleRatio422
		case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
			return nil // no such turned ratio: the caller converts to RGBA
		}
	}
	d := image.NewYCbCr(image.Rect(0, 0, w, h), r)
	sp, dp := planesOf(m), planesOf(d)
	for i := range sp {
		orientPlane(dp[i], sp[i], o)
	}
	return d
}

// orientPlane fills dst with src turned by o (dst has the turned size).
func orientPlane(dst, src plane, o int) {
	w, h := src.w, src.h
	for sy := 0; sy < h; sy++ {
		row := src.row(sy)
		for sx, v := range row {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-sx, sy
			case 3:
				dx, dy = w-1-sx, h-1-sy
			case 4:
				dx, dy = sx, h-1-sy
			case 5:
				dx, dy = sy, sx
			case 6:
				dx, dy = h-1-sy, sx
			case 7:
				dx, dy = h-1-sy, w-1-sx
			case 8:
				dx, dy = sy, w-1-sx
			}
			if dx < dst.w && dy < dst.h {
				dst.pix[dy*dst.step+dx] = v
			}
		}
	}
}
