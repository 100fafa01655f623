package render

import (
	"github.com/hagiang-ocop/ocop/internal/admin"
	"github.com/hagiang-ocop/ocop/internal/deps"
	"github.com/hagiang-ocop/ocop/internal/htmltemplate"
	"hash/fnv"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// Photo is a raster photo made ready to publish (by package photos): its
// sizes, narrowest first, upright and without metadata.
type Photo struct {
	// Key names the original and the settings it was made with; it goes
	// into the published names, so a changed photo gets new addresses.
	Key      string
	Variants []PhotoVariant
}

// PhotoVariant is one size of a photo, in one format.
type PhotoVariant struct {
	Width, Height int
	// Format is "jpeg", "png" or "avif"; Ext the file extension without
	// the dot: "jpg", "png" or "avif". Every photo has its sizes in JPEG
	// (PNG where some pixel is transparent), which every browser shows;
	// an opaque one has them in AVIF as well.
	Format, Ext string
	// Data returns the bytes: from the image cache, or made again.
	Data func() ([]byte, error)
}

// Options are what New needs beyond the catalogue.
type Options struct {
	// Photos are the published sizes of the raster photos, by their path
	// in the site. A photo without an entry (an SVG, an animated GIF, or
	// none made) is published as it is.
	Photos map[string]*Photo
	// Deps, when set, records into it what each page reads (package
	// deps), for the next build to tell which pages are unchanged; it
	// starts as the previous build's (deps.NewTableFrom), whose pages
	// Renderer.Checker checks.
	Deps *deps.Table
	// Admin are the CMS's packages for /admin/ (read when New needs
	// them, if nil).
	Admin *admin.Packages
}

// Picture is an image as pages show it.
type Picture struct {
	// Src is the address of the size for browsers that do not choose,
	// Srcset the sizes to choose from ("" for an image published as it
	// is): JPEG, or PNG where some pixel is transparent.
	Src    string
	Srcset template.Srcset
	// Sources are the same sizes in other formats, smaller files for the
	// browsers that show them, each for a <source> of a <picture> whose
	// <img> is Src and Srcset: AVIF. None for an image published as it
	// is or with transparent pixels.
	Sources []Source
	// Width and Height are the largest size's, for the <img> attributes
	// that reserve its room before it loads.
	Width, Height int
	// Smallest and Largest are the paths (from the site's root) of the
	// narrowest and the widest size, JPEG (or PNG, or the image as it is):
	// for thumbnails elsewhere (search, shortlist) and for sharing (Open
	// Graph, open data).
	Smallest, Largest string
}

// Source is a picture's sizes in one format.
type Source struct {
	// Type is the format's media type, "image/avif".
	Type   string
	Srcset template.Srcset
}

// Shown is a picture as one place on a page shows it: what the template
// "picture" (templates/partials/picture.html) writes.
type Shown struct {
	*Picture
	// Sizes is the <img> and <source> sizes attribute: how wide the
	// picture is shown, for the browser to choose a size.
	Sizes string
	// Alt is the text alternative ("" for a picture that only decorates a
	// link whose text says it all).
	Alt string
	// Loading is "lazy" (loaded when scrolled near), "high" (loaded first:
	// fetchpriority="high", the first photo of a page), or "" (loaded as
	// browsers do).
	Loading string
}

// Show returns the picture as a place on a page shows it, with its sizes
// attribute, its text alternative and how it loads (see Shown). Its result
// follows from its receiver and arguments alone, as the deps of a page
// need (package deps: a value that is not a record is not recorded).
func (p *Picture) Show(sizes, alt, loading string) *Shown {
	return &Shown{Picture: p, Sizes: sizes, Alt: alt, Loading: loading}
}

// photoTypes are the media types of the formats a photo's sizes come in.
var photoTypes = map[string]string{"jpeg": "image/jpeg", "png": "image/png", "avif": "image/avif"}

// addImages publishes the catalogue's images: each raster photo in its
// sizes, each other image as it is, under names that carry a hash of
// their content.
func (r *Renderer) addImages(photos map[string]*Photo) {
	add := func(img *load.Image) {
		if img == nil || r.images[img.Path] != nil {
			return
		}
		ext := path.Ext(img.Path)
		stem := vntext.Slug(strings.TrimSuffix(path.Base(img.Path), ext))
		if stem == "" || load.WindowsReserved(stem) {
			stem = "image" // "prn-.svg" would give media/prn.….svg, which Windows cannot hold
		}
		ph := photos[img.Path]
		if ph == nil || len(ph.Variants) == 0 {
			out := "media/" + stem + "." + img.Hash[:10] + strings.ToLower(ext)
			mt := ""
			if img.Format == "svg" {
				mt = "image/svg+xml"
			}
			r.images[img.Path] = &Picture{Src: r.cat.BasePath + out, Width: img.Width, Height: img.Height, Smallest: out, Largest: out}
			r.static = append(r.static, File{Path: out, MediaType: mt, Source: img.Path})
			return
		}
		pic := &Picture{}
		// The sizes in the fallback format (JPEG or PNG) first, then each
		// other format's, as package images plans them.
		fallback := ph.Variants[0].Format
		var srcset []string
		other := map[string][]string{}
		var formats []string
		for _, v := range ph.Variants {
			out := "media/" + stem + "-" + strconv.Itoa(v.Width) + "." + ph.Key[:10] + "." + v.Ext
			entry := r.cat.BasePath + out + " " + strconv.Itoa(v.Width) + "w"
			// The name says what the bytes are: the same name, the same
			// file, kept from the last output without reading the cache.
			h := fnv.New64a()
			io.WriteString(h, out)
			data := v.Data
			r.static = append(r.static, File{Path: out, Inputs: h.Sum64() | 1, Render: func(w io.Writer) error {
				b, err := data()
				if err != nil {
					return err
				}
				_, err = w.Write(b)
				return err
			}})
			if v.Format != fallback {
				if other[v.Format] == nil {
					formats = append(formats, v.Format)
				}
				other[v.Format] = append(other[v.Format], entry)
				continue
			}
			srcset = append(srcset, entry)
			// The second size (640 wide, by default) where browsers do not
			// choose: sharp enough, light enough.
			if len(srcset) <= 2 {
				pic.Src = r.cat.BasePath + out
			}
			if len(srcset) == 1 {
				pic.Smallest = out
			}
			pic.Largest, pic.Width, pic.Height = out, v.Width, v.Height
		}
		if len(srcset) > 1 {
			pic.Srcset = template.Srcset(strings.Join(srcset, ", "))
		}
		for _, f := range formats {
			pic.Sources = append(pic.Sources, Source{Type: photoTypes[f], Srcset: template.Srcset(strings.Join(other[f], ", "))})
		}
		r.images[img.Path] = pic
	}
	for _, p := range r.cat.Products {
		for _, img := range p.Images {
			add(img)
		}
	}
	for _, li := range r.cat.StoriesIn {
		for _, s := range li {
			add(s.Image)
		}
	}
}

// picture returns how pages show img.
func (r *Renderer) picture(img *load.Image) *Picture { return r.images[img.Path] }

// imageURL is the address of the image for a small thumbnail.
func (r *Renderer) imageURL(img *load.Image) string {
	return r.cat.BasePath + r.images[img.Path].Smallest
}
