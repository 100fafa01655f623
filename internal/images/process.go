package images

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	stddraw "image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Processor makes the variants of originals, keeping them in a cache
// folder between builds. It is safe for concurrent use: call Make from as
// many goroutines as there are images; it decodes and encodes at most
// GOMAXPROCS images at once, to bound the memory, and makes an original
// asked for by several goroutines at once only once.
type Processor struct {
	dir   string // the cache folder, "" for none
	s     Settings
	stamp string // what a cache file's checksum covers besides its bytes
	sem   chan struct{}

	mu       sync.Mutex
	inflight map[string]*call
	used     map[string]bool // the keys Make returned, for Prune
	cacheErr error

	bad error // an unknown format in the settings

	decoded, encoded, hits, reused, shared, damaged, cacheErrors, opened atomic.Int64
}

// call is one Make in progress, which others asking for the same original
// wait for.
type call struct {
	done chan struct{}
	res  Result
	err  error
}

// NewProcessor returns a Processor making variants by s, caching them under
// cacheDir/images/ ("" for no cache).
func NewProcessor(cacheDir string, s Settings) *Processor {
	return &Processor{
		bad: s.check(),
		dir: cacheDir,
		s:   s.normalize(),
		// A cache file made by another version of this package or of Go
		// (whose encoders may change their bytes) is made again, so that a
		// build from the cache is the same as one from scratch.
		stamp:    version + " " + runtime.Version(),
		sem:      make(chan struct{}, runtime.GOMAXPROCS(0)),
		inflight: map[string]*call{},
		used:     map[string]bool{},
	}
}

// Settings returns the processor's settings, with the defaults filled in.
func (p *Processor) Settings() Settings {
	s := p.s
	s.Widths = append([]int(nil), s.Widths...)
	s.Formats = append([]string(nil), s.Formats...)
	return s
}

// Stats counts what a Processor did.
type Stats struct {
	Decoded   int64 // originals decoded
	Encoded   int64 // variants encoded
	CacheHits int64 // originals served wholly from the cache, decoding nothing
	Reused    int64 // variant files read from the cache
	Shared    int64 // Make calls that took the result of a simultaneous call for the same original
	Damaged   int64 // cache files found damaged (or made by another version), made again
	// CacheErrors counts cache files that could not be written; the
	// variants were made all the same. CacheError tells the first error.
	CacheErrors int64
	// Opened counts the originals MakeFrom had to read.
	Opened int64
}

// Stats returns the counts so far.
func (p *Processor) Stats() Stats {
	return Stats{
		Decoded:     p.decoded.Load(),
		Encoded:     p.encoded.Load(),
		CacheHits:   p.hits.Load(),
		Reused:      p.reused.Load(),
		Shared:      p.shared.Load(),
		Damaged:     p.damaged.Load(),
		CacheErrors: p.cacheErrors.Load(),
		Opened:      p.opened.Load(),
	}
}

// CacheError returns the first error met writing to the cache, or nil.
// Such errors do not fail Make: the next build makes those files again.
func (p *Processor) CacheError() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cacheErr
}

// Make returns every variant of the original data, in Plan's order: from the
// cache when all are there (then it decodes nothing), or else by decoding
// the original once, resizing it for each variant, turning it upright and
// encoding it with no metadata. An image Inspect refuses, or one that fails
// to decode, is an error of the kinds ErrUnsupported, ErrDamaged, ErrTooLarge
// and ErrAnimated.
func (p *Processor) Make(data []byte) (res Result, err error) {
	if p.bad != nil {
		return Result{}, p.bad
	}
	info, err := Inspect(data, p.s)
	if err != nil {
		return Result{}, err
	}
	if info.Animated {
		return Result{}, animatedError(info.Format)
	}
	key := Key(data, p.s)
	name := formatName(info.Format)
	return p.once(key, &name, func() (Result, error) {
		return p.make(data, key, info)
	})
}

func animatedError(format string) error {
	return fmt.Errorf("%w: an animated %s is published as it is, not resized", ErrAnimated, formatName(format))
}

// MakeFrom is Make for an original whose SHA-256 the caller knows (a
// loader that read it already): when its variants are all in the cache it
// returns them without reading the original, else it calls open for the
// original's bytes and makes them as Make does. open is called at most
// once, and not at all on a cache hit; the bytes it returns must have the
// SHA-256 sum, or MakeFrom fails. Without a cache folder open is always
// called.
//
// The cache keeps, beside the variants, a small record of the original's
// Info, written when Make or MakeFrom made or found the variants: MakeFrom
// needs it to know the variants without the original. A cache made before
// there were such records has none, so the first MakeFrom reads each
// original once more (and decodes nothing).
func (p *Processor) MakeFrom(sum [sha256.Size]byte, open func() ([]byte, error)) (Result, error) {
	if p.bad != nil {
		return Result{}, p.bad
	}
	key := KeyOfSum(sum, p.s)
	name := "image"
	return p.once(key, &name, func() (Result, error) {
		if p.dir != "" {
			if info, ok := p.readInfo(key); ok {
				if info.Animated {
					return Result{}, animatedError(info.Format)
				}
				if res, ok := p.cached(key, info); ok {
					return res, nil
				}
			}
		}
		data, err := open()
		if err != nil {
			return Result{}, err
		}
		p.opened.Add(1)
		if sha256.Sum256(data) != sum {
			return Result{}, fmt.Errorf("images: the original read is not the one whose SHA-256 was given")
		}
		info, err := Inspect(data, p.s)
		if err != nil {
			return Result{}, err
		}
		name = formatName(info.Format)
		if info.Animated {
			if p.dir != "" {
				p.writeInfo(key, info)
			}
			return Result{}, animatedError(info.Format)
		}
		return p.make(data, key, info)
	})
}

// once runs f for key, or waits for a simultaneous call for the same key
// and takes its result (f makes it). *name names the original's format in the error of
// a decoder's panic.
func (p *Processor) once(key string, name *string, f func() (Result, error)) (res Result, err error) {
	p.mu.Lock()
	if c, ok := p.inflight[key]; ok {
		p.mu.Unlock()
		<-c.done
		p.shared.Add(1)
		return c.res, c.err
	}
	c := &call{done: make(chan struct{})}
	p.inflight[key] = c
	p.mu.Unlock()
	defer func() {
		// The decoders are meant never to panic on bad data; should one,
		// the build reports that image rather than stopping.
		if r := recover(); r != nil {
			c.res, c.err = Result{}, fmt.Errorf("%w: the %s could not be read (panic: %v)", ErrDamaged, *name, r)
			res, err = c.res, c.err
		}
		p.mu.Lock()
		delete(p.inflight, key)
		if c.err == nil {
			p.used[key] = true
		}
		p.mu.Unlock()
		close(c.done)
	}()
	c.res, c.err = f()
	return c.res, c.err
}

// cached returns the variants of an original of this Info from the cache,
// if they are all there and sound.
func (p *Processor) cached(key string, info Info) (Result, bool) {
	plan := Plan(info, p.s)
	outs := make([]Output, 0, len(plan))
	for _, v := range plan {
		b := p.readCache(key, v)
		if b == nil {
			return Result{}, false
		}
		outs = append(outs, Output{v, b})
	}
	p.hits.Add(1)
	p.reused.Add(int64(len(outs)))
	return Result{Key: key, Info: info, Outputs: outs}, true
}

// make makes the variants of data (or takes them from the cache), and keeps
// the Info in the cache for MakeFrom.
func (p *Processor) make(data []byte, key string, info Info) (Result, error) {
	res := Result{Key: key, Info: info}

	// Look in the cache. Whether the outputs are JPEG or PNG depends on the
	// pixels when the header allows transparency: only one of the two sets
	// can have been made for a key, so look for either.
	cached := map[string][]byte{}
	if p.dir != "" {
		alpha := []bool{false}
		if info.HasAlpha {
			alpha = append(alpha, true)
		}
		for _, a := range alpha {
			i := info
			i.HasAlpha = a
			plan := Plan(i, p.s)
			outs := make([]Output, 0, len(plan))
			for _, v := range plan {
				if b := p.readCache(key, v); b != nil {
					cached[v.Name(key)] = b
					outs = append(outs, Output{v, b})
				}
			}
			if len(outs) == len(plan) {
				p.hits.Add(1)
				p.reused.Add(int64(len(outs)))
				res.Info.HasAlpha = a
				res.Outputs = outs
				p.writeInfo(key, res.Info)
				return res, nil
			}
		}
	}

	p.sem <- struct{}{}
	defer func() { <-p.sem }()

	img, err := decode(data, info)
	if err != nil {
		return Result{}, err
	}
	p.decoded.Add(1)
	res.Info.HasAlpha = info.HasAlpha && !opaque(img)
	plan := Plan(res.Info, p.s)
	res.Outputs = make([]Output, len(plan))
	// The first n variants are JPEG or PNG, one per width; then the other
	// formats, each with the same n widths.
	n := len(plan)
	if !res.Info.HasAlpha {
		n = len(plan) / (1 + len(p.s.Formats))
	}
	var next func(v Variant) picture
	if y, ok := img.(*image.YCbCr); ok && p.s.Processing == Processing2 {
		r := planeResizer{src: y}
		next = func(v Variant) picture { return r.resize(v, info.Orientation) }
	} else {
		r := resizer{src: toRGBA(img)}
		next = func(v Variant) picture { return picture{rgba: orient(r.resize(v, info.Orientation), info.Orientation)} }
	}
	img = nil
	// Widest first: each smaller variant is resized from the smallest
	// image made so far that is at least twice its size. Every variant is
	// resized, cached or not, so that the chain, and so the bytes, are
	// the same whatever the cache held.
	for i := n - 1; i >= 0; i-- {
		pic := next(plan[i])
		for j := i; j < len(plan); j += n {
			v := plan[j]
			if b, ok := cached[v.Name(key)]; ok {
				p.reused.Add(1)
				res.Outputs[j] = Output{v, b}
				continue
			}
			b, err := p.encode(pic, v)
			if err != nil {
				return Result{}, fmt.Errorf("encoding the %d-pixel %s: %w", v.Width, formatName(v.Format), err)
			}
			p.encoded.Add(1)
			if p.dir != "" {
				p.writeCache(key, v, b)
			}
			res.Outputs[j] = Output{v, b}
		}
	}
	if p.dir != "" {
		p.writeInfo(key, res.Info)
	}
	return res, nil
}

// picture is one variant's picture, upright: RGBA, or YCbCr from
// Processing2 (converted to RGBA when an encoder needs it).
type picture struct {
	rgba  *image.RGBA
	ycbcr *image.YCbCr
}

func (pic *picture) RGBA() *image.RGBA {
	if pic.rgba == nil {
		pic.rgba = toRGBA(pic.ycbcr)
	}
	return pic.rgba
}

// encode encodes the picture as variant v.
func (p *Processor) encode(pic picture, v Variant) ([]byte, error) {
	if c := codecOf(v.Format); c != nil {
		return c.encode(p.dir, pic.RGBA(), c.quality(p.s, v.Width))
	}
	if v.Format == "jpeg" && pic.ycbcr != nil {
		var buf bytes.Buffer
		err := jpeg.Encode(&buf, pic.ycbcr, &jpeg.Options{Quality: p.s.Quality})
		return buf.Bytes(), err
	}
	return encode(pic.RGBA(), v, p.s.Quality)
}

// planeResizer is resizer for Processing2: it resizes a YCbCr original
// for each of its variants in turn, widest first, in its planes.
type planeResizer struct {
	src  *image.YCbCr
	made []*image.YCbCr // the variants resized so far, widest first
}

// resize returns the picture of variant v, upright for the orientation o:
// resampled from the smallest image at hand at least boxGap times its size
// (a variant made before, or else the original), or the original itself
// at its own size.
func (r *planeResizer) resize(v Variant, o int) picture {
	w, h := v.Width, v.Height
	if o >= 5 {
		w, h = h, w
	}
	from := r.src
	if from.Rect.Dx() != w || from.Rect.Dy() != h {
		for _, m := range r.made {
			// (less one pixel: heights are rounded)
			if float64(m.Rect.Dx()) >= boxGap*float64(w)-1 && float64(m.Rect.Dy()) >= boxGap*float64(h)-1 {
				from = m
			}
		}
		from = resizeYCbCr(from, w, h)
		r.made = append(r.made, from)
	}
	if m := orientYCbCr(from, o); m != nil {
		return picture{ycbcr: m}
	}
	return picture{rgba: orient(toRGBA(from), o)}
}

func formatName(format string) string {
	switch format {
	case "jpeg":
		return "JPEG"
	case "webp":
		return "WebP"
	}
	return strings.ToUpper(format)
}

// truncated tells whether an original that failed to decode looks cut
// short: it does not end as its format ends.
func truncated(data []byte, format string) bool {
	switch format {
	case "jpeg":
		return !bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte{0xff, mEOI})
	case "png":
		return !bytes.HasSuffix(data, []byte("IEND\xaeB`\x82"))
	case "gif":
		return !bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte{0x3b})
	}
	return false
}

// decode decodes the whole original, and checks that it is the size its
// header told.
func decode(data []byte, info Info) (image.Image, error) {
	r := bytes.NewReader(data)
	var (
		img image.Image
		err error
	)
	switch info.Format {
	case "jpeg":
		img, err = jpeg.Decode(r)
	case "png":
		img, err = png.Decode(r)
	case "gif":
		img, err = decodeGIF(r, info)
	case "webp":
		img, err = webp.Decode(r)
	default:
		return nil, fmt.Errorf("%w: format %q", ErrUnsupported, info.Format)
	}
	name := formatName(info.Format)
	var unsupportedJPEG jpeg.UnsupportedError
	var unsupportedPNG png.UnsupportedError
	switch {
	case err == nil:
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), truncated(data, info.Format):
		return nil, fmt.Errorf("%w: the %s is truncated (the file ends before its image data does)", ErrDamaged, name)
	case errors.As(err, &unsupportedJPEG), errors.As(err, &unsupportedPNG):
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	default:
		return nil, fmt.Errorf("%w: the %s cannot be decoded (%v)", ErrDamaged, name, err)
	}
	w, h := info.Width, info.Height
	if info.Orientation >= 5 {
		w, h = h, w
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return nil, fmt.Errorf("%w: the %s's header says %d×%d pixels, its data %d×%d", ErrDamaged, name, w, h, b.Dx(), b.Dy())
	}
	return img, nil
}

// decodeGIF decodes a (still) GIF's frame onto its logical screen, whose
// size Inspect read.
func decodeGIF(r io.Reader, info Info) (image.Image, error) {
	f, err := gif.Decode(r)
	if err != nil {
		return nil, err
	}
	screen := image.Rect(0, 0, info.Width, info.Height)
	if f.Bounds() == screen {
		return f, nil
	}
	m := image.NewNRGBA(screen) // transparent where the frame does not cover
	stddraw.Draw(m, f.Bounds(), f, f.Bounds().Min, stddraw.Src)
	return m, nil
}

// opaque tells whether every pixel of m is opaque.
func opaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// toRGBA returns m as an RGBA image (alpha-premultiplied, as resampling
// needs), converting it if need be.
func toRGBA(m image.Image) *image.RGBA {
	if m, ok := m.(*image.RGBA); ok {
		return m
	}
	b := m.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	stddraw.Draw(dst, dst.Bounds(), m, b.Min, stddraw.Src)
	return dst
}

// resizer resizes one original for each of its variants in turn, widest
// first, in the original's stored orientation.
type resizer struct {
	src  *image.RGBA
	made []*image.RGBA // the variants resized so far, widest first
}

// resize returns the image of variant v (in displayed orientation, so
// turned back for o), resampled with a Catmull-Rom kernel from the
// smallest image at hand at least twice its size in each direction: a
// variant made before, or else the original. When that is the original
// and it is four or more times the size, it is first shrunk by a whole
// factor, averaging each k×k block, to no less than twice the size: the
// Catmull-Rom pass then costs a fraction, for the same picture. The
// variant at the original's size is the original.
func (r *resizer) resize(v Variant, o int) *image.RGBA {
	w, h := v.Width, v.Height
	if o >= 5 {
		w, h = h, w
	}
	from := r.src
	if from.Rect.Dx() == w && from.Rect.Dy() == h {
		return from
	}
	for _, m := range r.made {
		// (less one pixel: heights are rounded)
		if m.Rect.Dx() >= 2*w-1 && m.Rect.Dy() >= 2*h-1 {
			from = m
		}
	}
	if from == r.src {
		if k := min(from.Rect.Dx()/(2*w), from.Rect.Dy()/(2*h)); k >= 2 {
			from = shrink(from, k)
		}
	}
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(m, m.Rect, from, from.Rect, draw.Src, nil)
	r.made = append(r.made, m)
	return m
}

// shrink returns m shrunk k times, each pixel the rounded average of a k×k
// block; the last columns and rows, fewer than k, are left out.
func shrink(m *image.RGBA, k int) *image.RGBA {
	w, h := m.Rect.Dx()/k, m.Rect.Dy()/k
	d := image.NewRGBA(image.Rect(0, 0, w, h))
	sums := make([]uint32, 4*w)
	n, half := uint32(k*k), uint32(k*k/2)
	for y := 0; y < h; y++ {
		clear(sums)
		for yy := y * k; yy < y*k+k; yy++ {
			row := m.Pix[yy*m.Stride : yy*m.Stride+4*w*k]
			for x := 0; x < w; x++ {
				s := sums[4*x : 4*x+4 : 4*x+4]
				px := row[4*k*x : 4*k*(x+1)]
				for i := 0; i < len(px); i += 4 {
					s[0] += uint32(px[i])
					s[1] += uint32(px[i+1])
					s[2] += uint32(px[i+2])
					s[3] += uint32(px[i+3])
				}
			}
		}
		out := d.Pix[y*d.Stride : y*d.Stride+4*w]
		for i, v := range sums {
			out[i] = uint8((v + half) / n)
		}
	}
	return d
}

// orient returns m turned by the EXIF orientation o: the stored image's
// top row and left column are shown on the sides that the EXIF
// specification names for o.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	d := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for sy := 0; sy < h; sy++ {
		row := m.Pix[sy*m.Stride : sy*m.Stride+4*w]
		for sx := 0; sx < w; sx++ {
			var dx, dy int
			switch o {
			case 2: // top row on top, left column on the right
				dx, dy = w-1-sx, sy
			case 3: // top row at the bottom, left column on the right
				dx, dy = w-1-sx, h-1-sy
			case 4: // top row at the bottom, left column on the left
				dx, dy = sx, h-1-sy
			case 5: // top row on the left, left column on top
				dx, dy = sy, sx
			case 6: // top row on the right, left column on top
				dx, dy = h-1-sy, sx
			case 7: // top row on the right, left column at the bottom
				dx, dy = h-1-sy, w-1-sx
			case 8: // top row on the left, left column at the bottom
				dx, dy = sy, w-1-sx
			}
			copy(d.Pix[dy*d.Stride+4*dx:dy*d.Stride+4*dx+4], row[4*sx:4*sx+4])
		}
	}
	return d
}

// encode writes m with nothing but its pixels: image/jpeg writes only the
// quantisation and Huffman tables, the frame and the scan; image/png only
// IHDR, IDAT and IEND for an RGBA image.
func encode(m *image.RGBA, v Variant, quality int) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch v.Format {
	case "jpeg":
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality})
	case "png":
		n := image.NewNRGBA(m.Rect)
		stddraw.Draw(n, n.Rect, m, m.Rect.Min, stddraw.Src)
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, n)
	default:
		err = fmt.Errorf("unknown format %q", v.Format)
	}
	return buf.Bytes(), err
}
