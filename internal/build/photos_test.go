package build_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// photoSite is the base site with a phone's photo for the tea: stored
// sideways (EXIF orientation 6), 2000×1500 as stored, 1500×2000 as seen,
// with a GPS position in its metadata.
func photoSite(t *testing.T, dir string, orientation, w, h int) string {
	t.Helper()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, baseSite)
	tea := filepath.Join(site, "content/products/dong-van/che-shan-tuyet.yaml")
	data, err := os.ReadFile(tea)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(tea, append(data, "images: [{file: che.jpg, alt: {vi: Búp chè, en: Tea buds}}]\n"...), 0o644)
	os.WriteFile(filepath.Join(site, "content/products/dong-van/che.jpg"), sitetest.PhotoJPEG(t, w, h, orientation), 0o644)
	return site
}

// published lists the sizes of the tea's photo in the output, by width.
func published(t *testing.T, out string) map[int]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(out, "media", "che-*.jpg"))
	sizes := map[int]string{}
	for _, f := range files {
		m := regexp.MustCompile(`^che-(\d+)\.[0-9a-f]{10}\.jpg$`).FindStringSubmatch(filepath.Base(f))
		if m == nil {
			t.Errorf("unexpected name %s", filepath.Base(f))
			continue
		}
		var w int
		fmt.Sscan(m[1], &w)
		sizes[w] = f
	}
	return sizes
}

func TestPhotoSizes(t *testing.T) {
	dir := t.TempDir()
	site := photoSite(t, dir, 6, 1500, 2000)
	out := filepath.Join(dir, "public")
	opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate, CacheDir: filepath.Join(dir, "cache")}
	rep, err := build.Build(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Photos.Decoded != 1 || rep.Photos.Encoded != 3 {
		t.Errorf("first build: %+v, want one photo decoded and three sizes encoded", rep.Photos)
	}

	// Three sizes, upright, never wider than the original, without the
	// metadata.
	sizes := published(t, out)
	if len(sizes) != 3 || sizes[320] == "" || sizes[640] == "" || sizes[1280] == "" {
		t.Fatalf("published sizes %v, want 320, 640 and 1280", sizes)
	}
	for w, f := range sizes {
		data, _ := os.ReadFile(f)
		for _, secret := range []string{"Exif", "PhoneCo", sitetest.PhotoSecret} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s still carries %q", filepath.Base(f), secret)
			}
		}
		m, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		if b, h := m.Bounds(), int(math.Round(float64(w)*4/3)); b.Dx() != w || b.Dy() != h {
			t.Errorf("%s is %v, want %d×%d (upright)", filepath.Base(f), b.Size(), w, h)
		}
	}

	// The product page: srcset with every size, width and height of the
	// largest (no layout shift), the alt text of the language.
	doc := sitetest.Page(t, out, "en/products/che-shan-tuyet/index.html")
	img := sitetest.First(t, sitetest.First(t, doc, "div[class=gallery]"), "img")
	base := "/media/" + strings.TrimSuffix(filepath.Base(sizes[320]), ".jpg")
	hash := strings.TrimPrefix(filepath.Ext(base), ".")
	want := fmt.Sprintf("/media/che-320.%s.jpg 320w, /media/che-640.%[1]s.jpg 640w, /media/che-1280.%[1]s.jpg 1280w", hash)
	for attr, v := range map[string]string{
		"src": fmt.Sprintf("/media/che-640.%s.jpg", hash), "srcset": want, "width": "1280", "height": "1707", "alt": "Tea buds",
	} {
		if got := sitetest.Attr(img, attr); got != v {
			t.Errorf("gallery <img %s=%q>, want %q", attr, got, v)
		}
	}
	if sitetest.Attr(img, "sizes") == "" {
		t.Error("gallery <img> has srcset without sizes")
	}
	// A card: the same sizes, loaded lazily.
	var cards int
	for _, img := range sitetest.Find(sitetest.Page(t, out, "en/districts/dong-van/index.html"), "img[srcset]") {
		if sitetest.Attr(img, "srcset") == want {
			cards++
			if sitetest.Attr(img, "loading") != "lazy" || sitetest.Attr(img, "alt") != "" || sitetest.Attr(img, "sizes") == "" {
				t.Errorf("card <img>: loading %q, alt %q, sizes %q", sitetest.Attr(img, "loading"), sitetest.Attr(img, "alt"), sitetest.Attr(img, "sizes"))
			}
		}
	}
	if cards != 1 {
		t.Errorf("%d cards show the photo's sizes", cards)
	}
	// Sharing shows the largest size; the open data points at it.
	og := sitetest.Attr(sitetest.First(t, doc, "meta[property=og:image]"), "content")
	if og != "https://ocop.example.vn/media/che-1280."+hash+".jpg" {
		t.Errorf("og:image %s", og)
	}
	var data struct {
		Products []struct {
			Slug   string
			Images []struct{ Path, URL string }
		}
	}
	json.Unmarshal([]byte(sitetest.ReadFile(t, out, "data/products.json")), &data)
	for _, p := range data.Products {
		for _, img := range p.Images {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(img.Path))); err != nil || img.URL != "https://ocop.example.vn/"+img.Path {
				t.Errorf("open data of %s: image %+v is not a published file (%v)", p.Slug, img, err)
			}
		}
	}

	// The next build finds the sizes in the cache: nothing decoded or
	// encoded, the same files.
	os.WriteFile(filepath.Join(site, "content/stories/mua-mat.vi.md"), []byte("---\ntitle: Mùa mật\ndate: 2024-05-01\n---\nĐã sửa.\n"), 0o644)
	rep, err = build.Build(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged || rep.Photos.Decoded != 0 || rep.Photos.Encoded != 0 || rep.Photos.CacheHits != 1 {
		t.Errorf("second build: %+v, want the photo from the cache", rep.Photos)
	}
	if again := published(t, out); len(again) != 3 || again[640] != sizes[640] {
		t.Errorf("second build published %v", again)
	}
}

// TestPhotoOrientations publishes a photo stored in each of the eight
// EXIF orientations: each comes out upright.
func TestPhotoOrientations(t *testing.T) {
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			dir := t.TempDir()
			site := photoSite(t, dir, o, 400, 300)
			out := filepath.Join(dir, "public")
			if _, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate}); err != nil {
				t.Fatal(err)
			}
			f := published(t, out)[400]
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			b := m.Bounds()
			if b.Dx() != 400 || b.Dy() != 300 {
				t.Fatalf("published %v, want 400×300", b.Size())
			}
			for _, c := range []struct {
				x, y int
				want any
			}{{40, 30, sitetest.PhotoTopLeft}, {360, 30, sitetest.PhotoTopRight}, {40, 270, sitetest.PhotoBottomLeft}, {360, 270, sitetest.PhotoBottomRight}} {
				if got := m.At(c.x, c.y); !sitetest.Near(got, c.want.(interface{ RGBA() (r, g, b, a uint32) }), 40) {
					t.Errorf("at (%d, %d): %v, want %v", c.x, c.y, got, c.want)
				}
			}
		})
	}
}

// TestBrokenPhoto: a photo cut short is an error at the record that names
// it, and nothing is written.
func TestBrokenPhoto(t *testing.T) {
	dir := t.TempDir()
	site := photoSite(t, dir, 1, 800, 600)
	photo := filepath.Join(site, "content/products/dong-van/che.jpg")
	data, _ := os.ReadFile(photo)
	os.WriteFile(photo, data[:len(data)/2], 0o644)
	out := filepath.Join(dir, "public")
	rep, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate})
	var list *diag.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("a broken photo built: %v", err)
	}
	var got []string
	for _, d := range rep.Diagnostics {
		if d.Severity == diag.Error {
			got = append(got, d.String())
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "content/products/dong-van/che-shan-tuyet.yaml:7:17: image che.jpg: ") || !strings.Contains(got[0], "truncated") {
		t.Errorf("errors %q", got)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Error("a build with a broken photo wrote its output")
	}
}
