// Package photos makes the published sizes of a catalogue's raster photos,
// between the model and the renderer: package images resizes each photo a
// record names, turns it upright and strips its metadata, in JPEG (PNG
// where some pixel is transparent) and in AVIF beside it, or takes its
// sizes from the image cache. A photo that cannot be made is an error at
// every record that names it.
//
// A photo is read and hashed once per build, by the loader (package load),
// which knows its SHA-256 (load.Image.Hash): the sizes are looked up in
// the cache by that sum (images.Processor.MakeFrom), and the photo is read
// again only when some size must be made.
package photos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sync"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/images"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/render"
)

// Settings are the settings of the published sizes: the default widths
// (320, 640 and 1280 pixels) and JPEG quality, JPEG originals resampled in
// their YCbCr planes (images.Processing2), and an AVIF of every size
// beside the JPEG, about half its bytes (docs/photos.md).
var Settings = images.Settings{Processing: images.Processing2, Formats: []string{images.FormatAVIF}}

// Maker makes photos. It remembers what it made, by the original's
// content: a Maker kept between builds (ocop serve) makes an unchanged
// photo once.
type Maker struct {
	proc  *images.Processor
	cache bool // whether proc keeps what it makes in a cache folder

	mu   sync.Mutex
	made map[string]*render.Photo // by the original's SHA-256, hex
}

// New returns a Maker that keeps the sizes it makes under cacheDir ("":
// in memory only).
func New(cacheDir string) *Maker {
	return &Maker{proc: images.NewProcessor(cacheDir, Settings), cache: cacheDir != "", made: map[string]*render.Photo{}}
}

// Stats says how much work the processor did (see images.Stats).
func (m *Maker) Stats() images.Stats { return m.proc.Stats() }

// Prune removes from the cache the sizes of photos this Maker did not
// make or find: those of photos since changed or removed. Call it after a
// whole build only.
func (m *Maker) Prune() (int, error) { return m.proc.Prune() }

// use is a photo and where the records name it.
type use struct {
	img  *load.Image
	refs []diag.Pos
}

// Make returns the sizes of every raster photo of cat, by its path in the
// site, reading the originals from site. An SVG or an animated image has
// none: it is published as it is. Photos are made in parallel, one per
// processor core; progress, when not nil, is told how many of them are
// done, first with none.
func (m *Maker) Make(ctx context.Context, cat *model.Catalogue, site fs.FS, progress func(done, total int)) (map[string]*render.Photo, diag.List) {
	uses := map[string]*use{}
	var order []string
	note := func(img *load.Image) {
		if img == nil || img.Format == "svg" {
			return
		}
		u := uses[img.Path]
		if u == nil {
			u = &use{img: img}
			uses[img.Path] = u
			order = append(order, img.Path)
		}
		u.refs = append(u.refs, img.Pos)
	}
	for _, p := range cat.Products {
		for _, img := range p.Images {
			note(img)
		}
	}
	for _, s := range cat.Stories {
		for _, v := range s.Versions {
			if v != nil {
				note(v.Image)
			}
		}
	}
	slices.Sort(order)

	out := make(map[string]*render.Photo, len(order))
	var diags diag.List
	var mu sync.Mutex
	done := 0
	if progress != nil {
		progress(0, len(order))
	}
	jobs := make(chan *use)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for u := range jobs {
				ph, err := m.photo(site, u.img)
				mu.Lock()
				if err != nil {
					for _, pos := range u.refs {
						diags.Errorf(pos, "image", "image %s: %v", path.Base(u.img.Path), err)
					}
				} else if ph != nil {
					out[u.img.Path] = ph
				}
				done++
				if progress != nil {
					progress(done, len(order))
				}
				mu.Unlock()
			}
		})
	}
	for _, p := range order {
		if ctx.Err() != nil {
			break
		}
		jobs <- uses[p]
	}
	close(jobs)
	wg.Wait()
	diags.Sort()
	return out, diags
}

// photo makes the sizes of img, or finds them made; nil for an animated
// image, which is published as it is. The original is read only when some
// size is not in the cache.
func (m *Maker) photo(site fs.FS, img *load.Image) (*render.Photo, error) {
	m.mu.Lock()
	ph, ok := m.made[img.Hash]
	m.mu.Unlock()
	if ok {
		return ph, nil
	}
	sum, err := sumOf(img.Hash)
	if err != nil {
		return nil, err
	}
	open := func() ([]byte, error) { return fs.ReadFile(site, img.Path) }
	res, err := m.proc.MakeFrom(sum, open)
	if errors.Is(err, images.ErrAnimated) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// The sizes are in the cache now, unless writing there failed: they
	// are read back from it when written, so that a big catalogue's
	// photos are not all held in memory.
	keep := !m.cache || m.proc.CacheError() != nil
	ph = &render.Photo{Key: res.Key}
	for i, o := range res.Outputs {
		v := o.Variant
		var bytes []byte
		if keep {
			bytes = o.Data
		}
		ph.Variants = append(ph.Variants, render.PhotoVariant{
			Width: v.Width, Height: v.Height, Format: v.Format, Ext: v.Ext,
			Data: func() ([]byte, error) {
				if bytes != nil {
					return bytes, nil
				}
				if b, ok := m.proc.Cached(res.Key, v); ok {
					return b, nil
				}
				// Gone from the cache since, or never written: made again.
				again, err := m.proc.MakeFrom(sum, open)
				if err != nil {
					return nil, err
				}
				if i >= len(again.Outputs) || again.Outputs[i].Variant != v {
					return nil, fmt.Errorf("image %s: changed while the site was built", path.Base(img.Path))
				}
				return again.Outputs[i].Data, nil
			},
		})
	}
	m.mu.Lock()
	m.made[img.Hash] = ph
	m.mu.Unlock()
	return ph, nil
}

// sumOf reads a SHA-256 written in hex (load.Image.Hash).
func sumOf(h string) (sum [sha256.Size]byte, err error) {
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != sha256.Size {
		return sum, fmt.Errorf("the photo's hash %q is not a SHA-256", h)
	}
	return [sha256.Size]byte(b), nil
}
