package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/images"
)

const (
	// MaxImageBytes is the largest image file a record may name.
	MaxImageBytes = 30 << 20
	// MaxImagePixels is the largest image, in pixels, a record may name:
	// a bigger one would take too much memory to process.
	MaxImagePixels = 50_000_000
)

// imageExts maps file extensions to the formats they name.
var imageExts = map[string]string{".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp", ".svg": "svg"}

// imageResult is what measuring an image file gave: the image, or a
// problem to report at each record that names it.
type imageResult struct {
	img     *Image
	problem diag.Msg // follows "image <name>"
}

// readImage returns the image at p, measured once and remembered; a file
// that is not a usable image is reported at ref, each time it is named.
func (l *loader) readImage(p string, ref imageRef, hint diag.Msg) *Image {
	r, ok := l.images[p]
	if !ok {
		r = l.measureImage(p)
		l.images[p] = r
	}
	if r.img == nil {
		l.diags.Errorf(ref.pos, "image", "image %s%s%s", ref.name, r.problem, hint)
		return nil
	}
	c := *r.img
	c.Alt, c.Pos = ref.alt, ref.pos
	return &c
}

// measureImages measures, on every core, the images at paths that are not
// measured yet (readImage then finds them): a new catalogue's photos are
// most of its bytes, each read and hashed once. What each gives does not
// depend on the others or on the order.
func (l *loader) measureImages(paths []string) {
	var todo []string
	for _, p := range paths {
		if _, ok := l.images[p]; !ok {
			todo = append(todo, p)
		}
	}
	if len(todo) < 2 {
		return
	}
	results := make([]imageResult, len(todo))
	inParallel(len(todo), func(i int) { results[i] = l.measureImage(todo[i]) })
	for i, p := range todo {
		l.images[p] = results[i]
	}
}

func (l *loader) measureImage(p string) imageResult {
	fail := func(format string, args ...any) imageResult {
		return imageResult{problem: diag.M(format, args...)}
	}
	format := imageExts[strings.ToLower(path.Ext(p))]
	if format == "" {
		return fail(": unsupported image type; use a .jpg, .png, .webp, .gif or .svg file")
	}
	for dir := path.Dir(p); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if symlink(l.site, dir) {
			return fail(" is in %s, a symbolic link, which ocop does not follow; put the folder itself there", dir)
		}
	}
	info, err := fs.Lstat(l.site, p)
	switch {
	case err != nil:
		return fail(" does not exist (looked for %s)", p)
	case info.Mode()&fs.ModeSymlink != 0:
		return fail(" is a symbolic link; copy the picture itself here")
	case !info.Mode().IsRegular():
		return fail(" is not a regular file")
	case info.Size() > MaxImageBytes:
		return fail(" is %s; the limit is %s", byteSize(info.Size()), byteSize(MaxImageBytes))
	}
	// A photo the last build measured, unchanged since: what it found,
	// without reading the photo again (a catalogue's photos are most of
	// its bytes).
	if k, ok := l.known[p]; ok {
		if t, ok := l.site.(*Tracker); ok && t.Trust(p, info, k.Meta, k.Sum) {
			img := k.Image
			return imageResult{img: &img}
		}
	}
	data, err := fs.ReadFile(l.site, p)
	if err != nil {
		return fail(" cannot be read: %v", err)
	}
	sum := sha256.Sum256(data)
	img := &Image{Path: p, Format: format, Hash: hex.EncodeToString(sum[:]), Size: int64(len(data))}
	if actual := sniffImage(data); actual != format {
		if actual == "" {
			return fail(" is not %s image (the file is damaged or of another kind)", article(strings.ToUpper(format)))
		}
		return fail(" is %s image, not %s; rename it to end in .%s", article(strings.ToUpper(actual)), strings.ToUpper(format), extOf(actual))
	}
	if format == "svg" {
		img.Width, img.Height, err = svgSize(data)
	} else {
		img.Width, img.Height, err = rasterSize(data)
	}
	if err != nil {
		return fail(": %v", err)
	}
	if int64(img.Width)*int64(img.Height) > MaxImagePixels {
		return fail(" is %d×%d pixels; the limit is %d megapixels", img.Width, img.Height, MaxImagePixels/1_000_000)
	}
	return imageResult{img: img}
}

// article puts "a" or "an" before the name of a format.
func article(format string) diag.Msg {
	if format == "SVG" {
		return diag.M("an %s", format)
	}
	return diag.M("a %s", format)
}

func extOf(format string) string {
	if format == "jpeg" {
		return "jpg"
	}
	return format
}

// sniffImage names the format that data's first bytes show.
func sniffImage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	if bytes.HasPrefix(head, []byte("<")) && bytes.Contains(data, []byte("<svg")) {
		return "svg"
	}
	return ""
}

// rasterSize reads a photo's size as it is displayed: turned upright by
// its EXIF orientation, as the published sizes will be.
func rasterSize(data []byte) (int, int, error) {
	info, err := images.Inspect(data, images.Settings{MaxPixels: math.MaxInt})
	if err != nil {
		return 0, 0, diag.M("the file is damaged or truncated (%v)", err)
	}
	if info.Width <= 0 || info.Height <= 0 {
		return 0, 0, diag.M("the image has no size")
	}
	return info.Width, info.Height, nil
}

// svgSize reads an SVG's size from its root element, and refuses SVGs that
// could run code or load other files when opened on their own.
func svgSize(data []byte) (int, int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var w, h float64
	var viewBox string
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, 0, diag.M("the SVG is not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if _, isDirective := tok.(xml.Directive); isDirective {
				return 0, 0, diag.M("the SVG has a <!DOCTYPE> or <!ENTITY> declaration; remove it")
			}
			continue
		}
		name := strings.ToLower(se.Name.Local)
		if name == "script" || name == "foreignobject" || name == "iframe" || name == "object" || name == "embed" {
			return 0, 0, diag.M("the SVG contains a <%s> element; pictures must not carry code or other documents", se.Name.Local)
		}
		for _, a := range se.Attr {
			an := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(an, "on") {
				return 0, 0, diag.M("the SVG has an event handler attribute (%s); pictures must not carry code", a.Name.Local)
			}
			if an == "href" {
				v := strings.TrimSpace(a.Value)
				if !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "data:image/") {
					return 0, 0, diag.M("the SVG links to %q; pictures must be self-contained", v)
				}
			}
		}
		if root {
			if name != "svg" {
				return 0, 0, diag.M("the file's root element is <%s>, not <svg>", se.Name.Local)
			}
			root = false
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "width":
					w = svgLength(a.Value)
				case "height":
					h = svgLength(a.Value)
				case "viewBox":
					viewBox = a.Value
				}
			}
		}
	}
	if root {
		return 0, 0, diag.M("the file has no <svg> element")
	}
	if (w <= 0 || h <= 0) && viewBox != "" {
		f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ' ' || r == ',' })
		if len(f) == 4 {
			vw, _ := strconv.ParseFloat(f[2], 64)
			vh, _ := strconv.ParseFloat(f[3], 64)
			switch {
			case w > 0 && vw > 0:
				h = w * vh / vw
			case h > 0 && vh > 0:
				w = h * vw / vh
			default:
				w, h = vw, vh
			}
		}
	}
	if w <= 0 || h <= 0 || math.IsInf(w, 0) || math.IsInf(h, 0) || w > 1e5 || h > 1e5 {
		return 0, 0, diag.M("the SVG has no usable size; give its <svg> element width, height and viewBox attributes")
	}
	return int(math.Round(w)), int(math.Round(h)), nil
}

// svgLength parses an SVG length in user units or px; other units give 0.
func svgLength(s string) float64 {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return 0
	}
	return v
}
