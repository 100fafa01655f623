// Package images turns the photos editors drop beside a record into the
// small, correctly rotated, metadata-free variants a page serves.
//
// For each original (JPEG, PNG, GIF or WebP) it makes one image per width of
// Settings.Widths that is below the original's displayed width, plus one at
// the original's own width when that is not above the largest of them; it
// never upscales (see Plan). Each is resampled with a Catmull-Rom kernel
// (golang.org/x/image/draw), turned upright by the original's EXIF
// orientation, and encoded with nothing but its pixels: JPEG, or PNG when
// the original has transparent pixels. No metadata of the original — EXIF,
// GPS, XMP, ICC profile, comments — reaches an output. Outputs are cached
// on disk under the original's Key, so an unchanged image costs nothing in
// the next build.
//
// With Settings.Formats, each variant is also made in AVIF, by libavif
// compiled to WebAssembly and run by wazero, in pure Go (codec.go,
// wasm/README.md). Settings.Processing chooses a faster resampling of JPEG
// originals, in their YCbCr planes (planes.go).
//
// Inspect reads only headers, so a too-large image is refused before any
// memory is spent on it. MakeFrom takes an original's SHA-256 and reads the
// original only when some variant is not in the cache. A Processor is safe
// for concurrent use.
package images

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Defaults for the zero fields of Settings.
const (
	DefaultQuality   = 80
	DefaultMaxPixels = 50_000_000
)

// DefaultWidths are the widths of the variants when Settings.Widths has
// none.
var DefaultWidths = []int{320, 640, 1280}

// version names the processing: bump it when a change to this package
// changes the pixels or bytes it makes, so that every Key changes with it.
const version = "ocop-images-1"

// version2 names the processing of Processing2.
const version2 = "ocop-images-2"

// Settings decide the variants. The fields that shape the outputs (Widths,
// Quality, Processing, Formats and their qualities) are part of the Key;
// MaxPixels only decides what is accepted. The zero value makes what
// ocop-images-1 made: JPEG or PNG only, resampled in RGBA.
type Settings struct {
	// Widths are the widths, in pixels, of the variants; zero or negative
	// widths are ignored and the rest sorted. Default DefaultWidths.
	Widths []int
	// Quality is the JPEG quality, 1 to 100. Default DefaultQuality.
	Quality int
	// MaxPixels refuses an image of more pixels (width × height), as its
	// header tells, before it is decoded. Default DefaultMaxPixels.
	MaxPixels int
	// Processing chooses how the variants are resampled: 0 or 1 as
	// ocop-images-1 does (the original converted to RGBA, resampled in
	// RGBA); Processing2 resamples a JPEG original in its own Y, Cb and
	// Cr planes, at their own resolution, and converts only the variants:
	// about twice as fast and an eighth of the memory, for the same
	// picture (docs/photos.md). Other originals are resampled as by 1.
	Processing int
	// Formats are the formats made besides JPEG, each at every width of
	// the plan: FormatAVIF is the one there is (WebP did not earn its
	// place: docs/photos.md). They are made for opaque images only: an
	// image with transparent pixels gets its PNG variants alone. AVIF is
	// encoded by libavif compiled to WebAssembly, run by wazero (pure Go);
	// the runtime starts when the first AVIF is encoded, never in a build
	// whose variants are all cached.
	Formats []string
	// AVIFQuality is libavif's quality (1 to 100) of the variants wider
	// than 960 pixels; narrower ones get 2 less, and 4 less up to 480
	// pixels. Default DefaultAVIFQuality.
	AVIFQuality int
}

// FormatAVIF is the AVIF format, in Settings.Formats and Variant.Format.
const FormatAVIF = "avif"

// Processing2 is the value of Settings.Processing for resampling JPEG
// originals in their YCbCr planes.
const Processing2 = 2

// DefaultAVIFQuality was chosen by measurement (docs/photos.md): with the
// lower qualities of the narrower variants, the smallest files whose
// structural similarity to the resampled picture is within 0.01 of the
// JPEG's, at quality 80, with at least 40% fewer bytes at each width.
const DefaultAVIFQuality = 62

// normalize returns s with the defaults filled in and the widths sorted,
// positive and unique.
func (s Settings) normalize() Settings {
	var ws []int
	for _, w := range s.Widths {
		if w > 0 {
			ws = append(ws, w)
		}
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	if len(ws) == 0 {
		ws = slices.Clone(DefaultWidths)
	}
	s.Widths = ws
	if s.Quality <= 0 {
		s.Quality = DefaultQuality
	}
	s.Quality = min(s.Quality, 100)
	if s.MaxPixels <= 0 {
		s.MaxPixels = DefaultMaxPixels
	}
	if s.Processing != Processing2 {
		s.Processing = 1
	}
	// Known formats only, once each, in a fixed order.
	var fs []string
	for _, c := range codecs {
		if slices.Contains(s.Formats, c.format) {
			fs = append(fs, c.format)
		}
	}
	s.Formats = fs
	if s.AVIFQuality <= 0 {
		s.AVIFQuality = DefaultAVIFQuality
	}
	s.AVIFQuality = min(s.AVIFQuality, 100)
	return s
}

// check tells whether s names a format this package cannot make.
func (s Settings) check() error {
	for _, f := range s.Formats {
		if codecOf(f) == nil {
			return fmt.Errorf("images: no %q variants are made (only %q)", f, FormatAVIF)
		}
	}
	return nil
}

// Info is what an image's header tells.
type Info struct {
	// Width and Height are the size as displayed: after the orientation,
	// so a portrait photo stored sideways with orientation 6 is taller
	// than wide here.
	Width, Height int
	// Format is "jpeg", "png", "gif" or "webp".
	Format string
	// Orientation is the EXIF orientation, 1 to 8 (1: upright, also when
	// the image has none). It is read from a JPEG's Exif APP1 segment, a
	// PNG's eXIf chunk or a WebP's EXIF chunk.
	Orientation int
	// HasAlpha tells that the image may have transparent pixels: from
	// Inspect, that its header allows them (an alpha channel, a tRNS chunk,
	// a transparent GIF colour); from Make, that some pixel is transparent.
	HasAlpha bool
	// Animated is set for an animated GIF, PNG (APNG) or WebP. Make refuses
	// those (ErrAnimated); publish them as they are.
	Animated bool
}

// Variant is one output image.
type Variant struct {
	Width, Height int
	// Format is "jpeg", "png" or "avif"; Ext is the file extension
	// without the dot, "jpg", "png" or "avif". Variants of the same width
	// in two formats differ by it.
	Format, Ext string
}

// Name is the file name of v for an original of the given key,
// "<key>-<width>.<ext>": the name the cache keeps it under, and one the
// caller may publish it under.
func (v Variant) Name(key string) string {
	return key + "-" + strconv.Itoa(v.Width) + "." + v.Ext
}

// Plan returns the variants an image of this Info gets, narrowest first:
// each width of s.Widths below the displayed width, then the displayed
// width itself if it is not above the largest of s.Widths (an image is
// never upscaled). A 2000-pixel-wide image with the default widths gets
// 320, 640 and 1280; a 900-wide one 320, 640 and 900; a 1280-wide one 320,
// 640 and 1280; a 200-wide one 200 alone. Heights keep the aspect ratio,
// rounded. Variants are JPEG, or PNG when info.HasAlpha. An animated image
// gets none. Then, for an image without alpha, the same widths again in
// each of s.Formats: 320.jpg, 640.jpg, 1280.jpg, 320.avif, 640.avif,
// 1280.avif.
//
// With the Info of Inspect, HasAlpha is what the header allows; Make decides
// by the pixels, so an opaque PNG with an alpha channel becomes JPEG. Name
// files by the Variants of Make's Result.
func Plan(info Info, s Settings) []Variant {
	if info.Animated || info.Width <= 0 || info.Height <= 0 {
		return nil
	}
	s = s.normalize()
	format, ext := "jpeg", "jpg"
	if info.HasAlpha {
		format, ext = "png", "png"
	}
	var vs []Variant
	add := func(w int) {
		h := int((int64(w)*int64(info.Height)*2 + int64(info.Width)) / (2 * int64(info.Width)))
		vs = append(vs, Variant{Width: w, Height: max(h, 1), Format: format, Ext: ext})
	}
	for _, w := range s.Widths {
		if w < info.Width {
			add(w)
		}
	}
	if info.Width <= s.Widths[len(s.Widths)-1] {
		add(info.Width)
	}
	if info.HasAlpha {
		return vs
	}
	n := len(vs)
	for _, f := range s.Formats {
		for _, v := range vs[:n] {
			v.Format, v.Ext = f, f
			vs = append(vs, v)
		}
	}
	return vs
}

// Key is the cache key of an original with the settings: the hex SHA-256
// (its first 128 bits, 32 hex digits) of the package's processing version,
// the settings that shape the outputs and the SHA-256 of the original's
// bytes. It names the outputs (Variant.Name), so their addresses change
// when the original, the settings or the processing do.
func Key(data []byte, s Settings) string {
	return KeyOfSum(sha256.Sum256(data), s)
}

// KeyOfSum is Key for an original whose SHA-256 is sum, for a caller that
// has it already.
func KeyOfSum(sum [sha256.Size]byte, s Settings) string {
	s = s.normalize()
	h := sha256.New()
	v := version
	if s.Processing == Processing2 {
		v = version2
	}
	fmt.Fprintf(h, "%s\nwidths=%v\nquality=%d\n", v, s.Widths, s.Quality)
	// Settings of ocop-images-1 add nothing, so their keys stay as they
	// were; each other format adds its encoder (the module's SHA-256) and
	// settings.
	for _, f := range s.Formats {
		c := codecOf(f)
		fmt.Fprintf(h, "format=%s %s quality=%d %s\n", f, c.id(), c.quality(s, math.MaxInt), c.fixed)
	}
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// The kinds of error Inspect and Make return, for errors.Is. Each error
// says more after the kind: "damaged image: the JPEG ends before …".
var (
	// ErrUnsupported: not an image, or one of a kind this package does not
	// read (HEIC, TIFF, SVG, a 12-bit or arithmetic-coded JPEG, …).
	ErrUnsupported = errors.New("unsupported image")
	// ErrDamaged: the image is broken or truncated.
	ErrDamaged = errors.New("damaged image")
	// ErrTooLarge: the header tells more pixels than Settings.MaxPixels.
	ErrTooLarge = errors.New("image too large")
	// ErrAnimated: an animated image, which Make does not resize.
	ErrAnimated = errors.New("animated image")
)

// Output is one variant made.
type Output struct {
	Variant
	// Data is the encoded image. It may be shared with other callers of
	// Make on the same original: do not modify it.
	Data []byte
}

// Result is what Make made of one original.
type Result struct {
	// Key is Key(data, settings): publish each output as
	// Output.Name(Key) (or under any name carrying the key).
	Key string
	// Info describes the original as displayed; its HasAlpha tells
	// whether some pixel is transparent, which made the outputs PNG.
	Info Info
	// Outputs are the variants, in the order of Plan(Info, settings).
	Outputs []Output
}
