package quality

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/image/draw"
	"golang.org/x/net/html"

	"github.com/hagiang-ocop/ocop/bench/photos/photogen"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
	"github.com/hagiang-ocop/ocop/internal/images"
	"github.com/hagiang-ocop/ocop/internal/photos"
	"github.com/hagiang-ocop/ocop/internal/sitetest"

	"github.com/hagiang-ocop/ocop/bench/photos/ssim"
)

// srcset reads a srcset attribute: each candidate's address by its width.
func srcset(t *testing.T, where, s string) map[int]string {
	t.Helper()
	out := map[int]string{}
	for _, c := range strings.Split(s, ",") {
		f := strings.Fields(c)
		if len(f) != 2 || !strings.HasSuffix(f[1], "w") {
			t.Errorf("%s: srcset candidate %q is not an address and a width", where, c)
			continue
		}
		w, err := strconv.Atoi(strings.TrimSuffix(f[1], "w"))
		if err != nil || w <= 0 {
			t.Errorf("%s: srcset candidate %q", where, c)
			continue
		}
		out[w] = f[0]
	}
	return out
}

// published reports whether the address u (from the site's root) is a
// file of the output.
func published(u string) bool {
	info, err := os.Stat(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(u, "/"))))
	return err == nil && info.Mode().IsRegular()
}

// TestPictureMarkup reads every page of the sample site: each photo shown
// from its published sizes is a <picture> whose <source type=image/avif>
// lists every size in AVIF, followed by the <img> of the same sizes in
// JPEG (what browsers without AVIF show), with its width, height, sizes
// and text alternative; every address is a published file. Print editions
// and label sheets show JPEG alone. Sharing, search results and the
// shortlist use JPEG.
func TestPictureMarkup(t *testing.T) {
	var pictures, pages int
	for _, name := range htmlFiles(t) {
		doc := sitetest.Page(t, out, name)
		printed := strings.Contains(name, "/print/") || strings.Contains(name, "/labels/")
		seen := false
		for _, pic := range sitetest.Find(doc, "picture") {
			where := name + ": <picture>"
			seen = true
			pictures++
			if printed {
				t.Errorf("%s: print editions and labels show JPEG alone", where)
			}
			var sources, imgs []*html.Node
			for c := pic.FirstChild; c != nil; c = c.NextSibling {
				switch {
				case c.Type == html.ElementNode && c.Data == "source":
					if len(imgs) > 0 {
						t.Errorf("%s: a <source> after the <img>", where)
					}
					sources = append(sources, c)
				case c.Type == html.ElementNode && c.Data == "img":
					imgs = append(imgs, c)
				case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
				default:
					t.Errorf("%s: holds %s %q", where, c.Data, sitetest.Text(c))
				}
			}
			if len(sources) != 1 || len(imgs) != 1 {
				t.Errorf("%s: %d <source> and %d <img>, want one of each", where, len(sources), len(imgs))
				continue
			}
			src, img := sources[0], imgs[0]
			if got := sitetest.Attr(src, "type"); got != "image/avif" {
				t.Errorf("%s: <source type=%q>", where, got)
			}
			avif := srcset(t, where, sitetest.Attr(src, "srcset"))
			jpeg := srcset(t, where, sitetest.Attr(img, "srcset"))
			if len(jpeg) < 2 || !slices.Equal(slices.Sorted(maps.Keys(avif)), slices.Sorted(maps.Keys(jpeg))) {
				t.Errorf("%s: AVIF widths %v, JPEG widths %v: want the same sizes, two at least", where, slices.Sorted(maps.Keys(avif)), slices.Sorted(maps.Keys(jpeg)))
			}
			for w, u := range avif {
				if !strings.HasSuffix(u, ".avif") || !strings.Contains(u, "-"+strconv.Itoa(w)+".") || !published(u) {
					t.Errorf("%s: AVIF size %dw is %s, not a published .avif file of that width", where, w, u)
				}
			}
			for w, u := range jpeg {
				if !strings.HasSuffix(u, ".jpg") || !strings.Contains(u, "-"+strconv.Itoa(w)+".") || !published(u) {
					t.Errorf("%s: JPEG size %dw is %s, not a published .jpg file of that width", where, w, u)
				}
			}
			if s := sitetest.Attr(img, "src"); !strings.HasSuffix(s, ".jpg") || !published(s) {
				t.Errorf("%s: <img src=%q>, want a published JPEG", where, s)
			}
			sizes := sitetest.Attr(img, "sizes")
			if sizes == "" || sitetest.Attr(src, "sizes") != sizes {
				t.Errorf("%s: sizes %q on the <img>, %q on the <source>: want the same, given", where, sizes, sitetest.Attr(src, "sizes"))
			}
			// The largest size reserves the room.
			largest := slices.Max(slices.Collect(maps.Keys(jpeg)))
			if sitetest.Attr(img, "width") != strconv.Itoa(largest) || sitetest.Attr(img, "height") == "" {
				t.Errorf("%s: <img width=%q height=%q>, want the largest size's (%d wide)", where, sitetest.Attr(img, "width"), sitetest.Attr(img, "height"), largest)
			}
			if _, ok := attrOf(img, "alt"); !ok {
				t.Errorf("%s: <img> without alt", where)
			}
		}
		if seen {
			pages++
		}
		// A photo's JPEG sizes are never shown outside a <picture> but
		// in print.
		if !printed {
			for _, img := range sitetest.Find(doc, "img[srcset]") {
				if strings.Contains(sitetest.Attr(img, "srcset"), ".jpg ") && (img.Parent == nil || img.Parent.Data != "picture") {
					t.Errorf("%s: a photo shown without its AVIF sizes: %s", name, sitetest.Attr(img, "src"))
				}
			}
		}
		// Sharing shows the largest JPEG; the shortlist keeps the
		// smallest.
		for _, m := range sitetest.Find(doc, "meta[property=og:image]") {
			if c := sitetest.Attr(m, "content"); strings.Contains(c, "/media/") && !strings.HasSuffix(c, ".jpg") && !strings.HasSuffix(c, ".png") && !strings.HasSuffix(c, ".svg") {
				t.Errorf("%s: og:image %s", name, c)
			}
		}
		for _, b := range sitetest.Find(doc, "button[data-pick]") {
			if p := sitetest.Attr(b, "data-pick"); strings.Contains(p, ".avif") {
				t.Errorf("%s: the shortlist keeps an AVIF: %s", name, p)
			}
		}
	}
	// The sample has a JPEG and an opaque PNG (made JPEG and AVIF), shown
	// on product pages, cards and the home page in three languages.
	if pictures < 30 || pages < 20 {
		t.Errorf("%d <picture> on %d pages: the sample's photos are not shown as pictures", pictures, pages)
	}
	t.Logf("%d <picture> on %d pages", pictures, pages)
}

func attrOf(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// TestPhotoGoal makes the sizes of two phone photos as a build does
// (photos.Settings) and holds them to the goal of issue #20: at each
// width, the AVIF sizes weigh at least 40% less than the JPEG ones, and
// their structural similarity (SSIM, luma) to the picture is no more than
// 0.01 below the JPEG's. Both are decoded by Chromium, as a buyer's phone
// decodes them; the picture they are held to is the photo as shown
// (bench/photos/photogen's scene, before the phone's own JPEG), resampled
// to the size with Catmull-Rom. The photos are 4000 × 3000 as phones take
// them, one stored upright and one sideways: smaller generated photos are
// not like them (their texture and noise are not averaged away by the
// downscaling), and miss the goal (docs/photos.md). It takes about 10 s,
// and is left out by -short.
func TestPhotoGoal(t *testing.T) {
	if testing.Short() {
		t.Skip("making two 12-megapixel photos takes a while; run without -short")
	}
	ctx := browsertest.Start(t, browsertest.Options{})
	p := images.NewProcessor("", photos.Settings)
	type made struct {
		ph  photogen.Photo
		res images.Result
		err error
	}
	seeds := []uint64{1, 2}
	all := make([]made, len(seeds))
	var wg sync.WaitGroup
	for i, seed := range seeds {
		wg.Go(func() {
			m := &all[i]
			if m.ph, m.err = photogen.Generate(seed, photogen.Options{}); m.err == nil {
				m.res, m.err = p.Make(m.ph.JPEG)
			}
		})
	}
	wg.Wait()
	type sums struct {
		jpeg, avif         int
		ssimJPEG, ssimAVIF float64
		n                  int
	}
	byWidth := map[int]*sums{}
	for i, m := range all {
		if m.err != nil {
			t.Fatalf("photo %d: %v", seeds[i], m.err)
		}
		files := map[string][]byte{}
		for _, o := range m.res.Outputs {
			files[fmt.Sprintf("%d.%s", o.Width, o.Ext)] = o.Data
		}
		for _, o := range m.res.Outputs {
			if o.Format != "jpeg" {
				continue
			}
			avif := files[fmt.Sprintf("%d.avif", o.Width)]
			if avif == nil {
				t.Fatalf("photo %d: no AVIF of the %d-pixel size", seeds[i], o.Width)
			}
			ref := image.NewRGBA(image.Rect(0, 0, o.Width, o.Height))
			draw.CatmullRom.Scale(ref, ref.Rect, m.ph.Displayed, m.ph.Displayed.Rect, draw.Src, nil)
			s := byWidth[o.Width]
			if s == nil {
				s = &sums{}
				byWidth[o.Width] = s
			}
			s.jpeg += len(o.Data)
			s.avif += len(avif)
			s.ssimJPEG += ssim.Mean(ref, decodeInBrowser(t, ctx, "image/jpeg", o.Data))
			s.ssimAVIF += ssim.Mean(ref, decodeInBrowser(t, ctx, "image/avif", avif))
			s.n++
		}
	}
	if ws := slices.Sorted(maps.Keys(byWidth)); !slices.Equal(ws, images.DefaultWidths) {
		t.Fatalf("sizes %v, want %v", ws, images.DefaultWidths)
	}
	for _, w := range images.DefaultWidths {
		s := byWidth[w]
		bytes := float64(s.avif) / float64(s.jpeg)
		jpeg, avif := s.ssimJPEG/float64(s.n), s.ssimAVIF/float64(s.n)
		t.Logf("%4d px: AVIF %6d bytes, JPEG %6d (%.2f); SSIM AVIF %.4f, JPEG %.4f (%+.4f)", w, s.avif, s.jpeg, bytes, avif, jpeg, avif-jpeg)
		if bytes > 0.60 {
			t.Errorf("%d px: the AVIF sizes weigh %.0f%% of the JPEG ones, want 60%% at most", w, 100*bytes)
		}
		if avif < jpeg-0.01 {
			t.Errorf("%d px: SSIM %.4f for AVIF, %.4f for JPEG: more than 0.01 below", w, avif, jpeg)
		}
	}
}

// decodeInBrowser decodes an image with Chromium: its pixels, as a page
// would paint them (drawn on a canvas).
func decodeInBrowser(t *testing.T, ctx context.Context, mediaType string, data []byte) *image.RGBA {
	t.Helper()
	var got struct {
		W, H int
		Pix  string
	}
	expr := `(async () => {
		const img = new Image();
		img.src = "data:` + mediaType + `;base64,` + base64.StdEncoding.EncodeToString(data) + `";
		await img.decode();
		const c = document.createElement("canvas");
		c.width = img.naturalWidth; c.height = img.naturalHeight;
		const g = c.getContext("2d");
		g.drawImage(img, 0, 0);
		const d = g.getImageData(0, 0, c.width, c.height).data;
		let s = "";
		for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000));
		return JSON.stringify({W: c.width, H: c.height, Pix: btoa(s)});
	})()`
	step, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	s, err := chromedp.Run(step, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err == nil {
		err = json.Unmarshal([]byte(s), &got)
	}
	if err != nil {
		t.Fatalf("decoding %s in Chromium: %v", mediaType, err)
	}
	pix, err := base64.StdEncoding.DecodeString(got.Pix)
	if err != nil || len(pix) != 4*got.W*got.H {
		t.Fatalf("decoding %s in Chromium: %d bytes for %d×%d (%v)", mediaType, len(pix), got.W, got.H, err)
	}
	return &image.RGBA{Pix: pix, Stride: 4 * got.W, Rect: image.Rect(0, 0, got.W, got.H)}
}
