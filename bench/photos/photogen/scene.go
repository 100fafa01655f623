package photogen

import (
	"image"
	"math"
)

// mix is a 64-bit hash of a seed and a value (SplitMix64's finaliser).
func mix(seed, v uint64) uint64 {
	z := seed*0x9e3779b97f4a7c15 + v + 0x632be59bd9b4e5f5
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// smooth is smoothstep on 0..255, in 0..256.
var smooth = func() (t [256]int32) {
	for i := range t {
		v := int32(i)
		t[i] = v * v * (3*256 - 2*v) >> 16
	}
	return t
}()

// octave is one octave of value noise: cells of 1<<shift pixels, values
// spread over ±amp.
type octave struct {
	shift uint
	amp   int32
}

// noise is fractal value noise over a row of pixels.
type noise struct {
	seed    uint64
	octaves []octave
	v       []int32 // per lattice column, the value interpolated at the row
}

func newNoise(seed uint64, octaves ...octave) *noise {
	return &noise{seed: seed, octaves: octaves}
}

// lattice returns the value of a lattice point, 0..1023.
func (n *noise) lattice(o, ix, iy int) int32 {
	return int32(mix(n.seed^uint64(o)<<56, uint64(uint32(ix))<<32|uint64(uint32(iy))) & 1023)
}

// row adds the noise at row y to out.
func (n *noise) row(out []int32, y int) {
	w := len(out)
	for o, oc := range n.octaves {
		cell := 1 << oc.shift
		iy := y >> oc.shift
		ty := smooth[((y&(cell-1))<<8)>>oc.shift]
		nx := w>>oc.shift + 2
		if cap(n.v) < nx {
			n.v = make([]int32, nx)
		}
		v := n.v[:nx]
		for i := range v {
			a, b := n.lattice(o, i, iy), n.lattice(o, i, iy+1)
			v[i] = (a*(256-ty) + b*ty) >> 8
		}
		for x := range out {
			i := x >> oc.shift
			tx := smooth[((x&(cell-1))<<8)>>oc.shift]
			val := (v[i]*(256-tx) + v[i+1]*tx) >> 8
			out[x] += (val - 512) * oc.amp >> 9
		}
	}
}

type rgb struct{ r, g, b int32 }

func lerp(a, b rgb, t, of int32) rgb {
	return rgb{a.r + (b.r-a.r)*t/of, a.g + (b.g-a.g)*t/of, a.b + (b.b-a.b)*t/of}
}

func (c rgb) add(v int32) rgb { return rgb{c.r + v, c.g + v, c.b + v} }

func (c rgb) scale(num, den int32) rgb { return rgb{c.r * num / den, c.g * num / den, c.b * num / den} }

// pick returns a value of lo..hi from a hash.
func pick(seed, k uint64, lo, hi int) int32 {
	return int32(lo + int(mix(seed, k)%uint64(hi-lo+1)))
}

// Scene draws the w×h (displayed) landscape of seed.
func Scene(seed uint64, w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	W, H := int32(w), int32(h)

	// Three ridges, far to near, each a line of heights.
	horizon := H * pick(seed, 1, 28, 40) / 100
	ridge := func(k uint64, base, amp int32, shifts ...uint) []int32 {
		var oc []octave
		for i, s := range shifts {
			oc = append(oc, octave{s, amp >> (2 * i)})
		}
		r := make([]int32, w)
		newNoise(mix(seed, k), oc...).row(r, 0)
		for x := range r {
			r[x] += base
		}
		return r
	}
	far := ridge(2, horizon, H/10, 9, 7, 5, 3)
	mid := ridge(3, horizon+H/12, H/9, 10, 8, 6, 4, 2)
	near := ridge(4, horizon+H/5, H/12, 10, 8, 6)
	warp := ridge(5, 0, H/12, 10, 8)

	clouds := newNoise(mix(seed, 10), octave{9, 600}, octave{8, 300}, octave{7, 150}, octave{6, 75}, octave{5, 40}, octave{4, 20})
	farTex := newNoise(mix(seed, 11), octave{6, 12}, octave{4, 8}, octave{2, 6})
	midTex := newNoise(mix(seed, 12), octave{7, 30}, octave{5, 22}, octave{3, 16}, octave{1, 10})
	grass := newNoise(mix(seed, 13), octave{6, 24}, octave{4, 20}, octave{2, 18}, octave{1, 14}, octave{0, 8})

	skyTop := rgb{pick(seed, 20, 40, 80), pick(seed, 21, 100, 140), pick(seed, 22, 190, 230)}
	skyLow := rgb{190, 212, 232}
	farCol := rgb{pick(seed, 23, 120, 150), 150, pick(seed, 24, 170, 200)}
	midCol := rgb{60, pick(seed, 25, 95, 120), 75}
	rice := rgb{pick(seed, 26, 90, 130), pick(seed, 27, 140, 170), 55}
	ripe := rgb{pick(seed, 28, 170, 200), pick(seed, 29, 150, 175), 60}
	wall := rgb{120, 90, 60}

	// The jar: honey in glass, a red lid, a cream label with a red band
	// and lines of small glyphs.
	jw := min(W, H) * pick(seed, 30, 24, 30) / 100
	jh := jw * 13 / 10
	jx := W*pick(seed, 31, 30, 62)/100 - jw/2
	jy := H - jh - H*pick(seed, 32, 6, 14)/100
	lidH := jh / 9
	honey := rgb{pick(seed, 33, 170, 200), pick(seed, 34, 95, 125), 20}
	lid := rgb{175, 30, 35}
	label := rgb{236, 226, 200}
	ink := rgb{40, 30, 30}
	lx0, lx1 := jx+jw/10, jx+jw-jw/10
	ly0, ly1 := jy+jh*38/100, jy+jh*82/100
	glyph := max(jw/60, 2) // the side of one dot of a 5×7 glyph

	cx, cy := W/2, H/2
	rmax := cx*cx + cy*cy
	cl, ft, mt, gr := make([]int32, w), make([]int32, w), make([]int32, w), make([]int32, w)
	for y := int32(0); y < H; y++ {
		clear(cl)
		clear(ft)
		clear(mt)
		clear(gr)
		clouds.row(cl, int(y))
		farTex.row(ft, int(y))
		midTex.row(mt, int(y))
		grass.row(gr, int(y))
		row := m.Pix[int(y)*m.Stride:]
		for x := int32(0); x < W; x++ {
			var c rgb
			switch {
			case y < far[x]:
				c = lerp(skyTop, skyLow, min(y, horizon), horizon)
				if v := cl[x] - 150 + y*200/H; v > 0 {
					c = lerp(c, rgb{236, 238, 242}, min(v, 400), 400)
					c = c.add(-min(v, 400) * 30 / 400 * y / H) // grey undersides
				}
			case y < mid[x]:
				c = lerp(farCol, midCol.add(30), min(max(y-horizon+H/10, 0), H/4), H/4).add(ft[x])
			case y < near[x]:
				c = midCol.add(mt[x])
				if mt[x] > 12 {
					c = c.add(mt[x]) // lit tree tops
				}
			default:
				s := max(y+warp[x]-near[x]+H/10, 0)
				f := math.Sqrt(float64(s) * 900 / float64(H))
				band := int32(f)
				frac := int32((f - float64(band)) * 256)
				if mix(seed, uint64(band)+100)&1 == 0 {
					c = rice
				} else {
					c = ripe
				}
				c = c.add(gr[x] + (128-frac)/12)
				if frac > 226 {
					c = lerp(c, wall, frac-226, 40).add(gr[x] / 2)
				}
			}

			// The jar in front.
			if x >= jx && x < jx+jw && y >= jy && y < jy+jh {
				u := (x - jx) * 2048 / jw // 0..2047 across the jar
				e := (u - 1024) * (u - 1024) >> 10
				if y < jy+lidH {
					c = lid.scale(1024-e/2, 1024).add(gr[x] / 6)
				} else if x >= lx0 && x < lx1 && y >= ly0 && y < ly1 {
					c = label.scale(1024-e/3, 1024)
					gx, gy := (x-lx0)/glyph, (y-ly0)/glyph
					switch {
					case gy >= 2 && gy < 6:
						c = rgb{180, 30, 35}
					case gy >= 8 && gx >= 2 && (x < lx1-2*glyph):
						cellX, cellY := gx-2, gy-8
						ch, line := cellX/6, cellY/9
						px, py := cellX%6, cellY%9
						if px < 5 && py < 7 && mix(seed, uint64(line)<<20|uint64(ch)<<8|200)>>(px*7+py)&1 == 1 &&
							mix(seed, uint64(line)<<20|uint64(ch)<<8|201)%7 != 0 {
							c = ink
						}
					}
				} else {
					c = honey.scale(1024-e*2/3, 1024).add(gr[x] / 5)
					if hl := u - 520; hl >= 0 && hl < 110 {
						c = c.add(70 - abs(hl-55)) // the window's reflection
					}
				}
			}

			// Vignetting and sensor noise.
			dx, dy := x-cx, y-cy
			c = c.scale(1024-(dx*dx+dy*dy)/(rmax/180), 1024)
			hv := mix(seed^0x5eed, uint64(y)<<32|uint64(x))
			n := int32(hv&15+hv>>4&15+hv>>8&15+hv>>12&15) - 30
			n = n * 2 / 3
			p := row[4*x : 4*x+4 : 4*x+4]
			p[0] = clamp(c.r + n + int32(hv>>16&3) - 1)
			p[1] = clamp(c.g + n)
			p[2] = clamp(c.b + n + int32(hv>>18&3) - 1)
			p[3] = 255
		}
	}
	return m
}

func abs(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

func clamp(v int32) uint8 { return uint8(max(0, min(255, v))) }
