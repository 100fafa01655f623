package build_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/bench/photos/photogen"
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

// published lists the JPEG sizes of the tea's photo in the output, by
// width.
func published(t *testing.T, out string) map[int]string { return publishedAs(t, out, "jpg") }

// publishedAVIF lists the AVIF sizes of the tea's photo in the output, by
// width.
func publishedAVIF(t *testing.T, out string) map[int]string { return publishedAs(t, out, "avif") }

// publishedAs lists the sizes of the tea's photo with extension ext.
func publishedAs(t *testing.T, out, ext string) map[int]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(out, "media", "che-*."+ext))
	name := regexp.MustCompile(`^che-(\d+)\.[0-9a-f]{10}\.` + ext + `$`)
	sizes := map[int]string{}
	for _, f := range files {
		m := name.FindStringSubmatch(filepath.Base(f))
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
	// A second photo of the tea, below the first.
	tea := filepath.Join(site, "content/products/dong-van/che-shan-tuyet.yaml")
	record, _ := os.ReadFile(tea)
	os.WriteFile(tea, []byte(strings.Replace(string(record), "images: [{file: che.jpg, alt: {vi: Búp chè, en: Tea buds}}]",
		"images: [{file: che.jpg, alt: {vi: Búp chè, en: Tea buds}}, {file: doi.jpg, alt: {vi: Đồi chè, en: Tea hills}}]", 1)), 0o644)
	os.WriteFile(filepath.Join(site, "content/products/dong-van/doi.jpg"), sitetest.PhotoJPEG(t, 800, 600, 1), 0o644)
	out := filepath.Join(dir, "public")
	opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate, CacheDir: filepath.Join(dir, "cache")}
	rep, err := build.Build(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	// Each photo in three sizes, JPEG and AVIF, read once more (after
	// the loader) to be made.
	if rep.Photos.Decoded != 2 || rep.Photos.Encoded != 12 || rep.Photos.Opened != 2 {
		t.Errorf("first build: %+v, want two photos decoded and six sizes of each encoded", rep.Photos)
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

	// And in AVIF, the same sizes, without the metadata.
	avifs := publishedAVIF(t, out)
	if len(avifs) != 3 || avifs[320] == "" || avifs[640] == "" || avifs[1280] == "" {
		t.Fatalf("published AVIF sizes %v, want 320, 640 and 1280", avifs)
	}
	for _, f := range avifs {
		data, _ := os.ReadFile(f)
		if len(data) < 12 || string(data[4:12]) != "ftypavif" {
			t.Errorf("%s is not an AVIF file", filepath.Base(f))
		}
		for _, secret := range []string{"Exif", "PhoneCo", sitetest.PhotoSecret} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s still carries %q", filepath.Base(f), secret)
			}
		}
	}

	// The product page: a <picture> with every AVIF size, then the
	// JPEG's <img> with every size, width and height of the largest (no
	// layout shift), the alt text of the language; the first photo is
	// fetched first, the second when scrolled near.
	doc := sitetest.Page(t, out, "en/products/che-shan-tuyet/index.html")
	gallery := sitetest.First(t, doc, "div[class=gallery]")
	pictures := sitetest.Find(gallery, "picture")
	if len(pictures) != 2 {
		t.Fatalf("the gallery has %d <picture>, want 2", len(pictures))
	}
	source := sitetest.First(t, pictures[0], "source")
	img := sitetest.First(t, pictures[0], "img")
	base := "/media/" + strings.TrimSuffix(filepath.Base(sizes[320]), ".jpg")
	hash := strings.TrimPrefix(filepath.Ext(base), ".")
	want := fmt.Sprintf("/media/che-320.%s.jpg 320w, /media/che-640.%[1]s.jpg 640w, /media/che-1280.%[1]s.jpg 1280w", hash)
	wantAVIF := strings.ReplaceAll(want, ".jpg", ".avif")
	for attr, v := range map[string]string{
		"src": fmt.Sprintf("/media/che-640.%s.jpg", hash), "srcset": want, "width": "1280", "height": "1707", "alt": "Tea buds",
		"fetchpriority": "high", "loading": "",
	} {
		if got := sitetest.Attr(img, attr); got != v {
			t.Errorf("gallery <img %s=%q>, want %q", attr, got, v)
		}
	}
	if got := sitetest.Attr(source, "srcset"); sitetest.Attr(source, "type") != "image/avif" || got != wantAVIF {
		t.Errorf("gallery <source type=%q srcset=%q>, want image/avif and %q", sitetest.Attr(source, "type"), got, wantAVIF)
	}
	if sitetest.Attr(img, "sizes") == "" || sitetest.Attr(source, "sizes") != sitetest.Attr(img, "sizes") {
		t.Errorf("gallery sizes %q (<img>), %q (<source>)", sitetest.Attr(img, "sizes"), sitetest.Attr(source, "sizes"))
	}
	second := sitetest.First(t, pictures[1], "img")
	if sitetest.Attr(second, "loading") != "lazy" || sitetest.Attr(second, "fetchpriority") != "" || sitetest.Attr(second, "alt") != "Tea hills" {
		t.Errorf("the second photo: loading %q, fetchpriority %q, alt %q", sitetest.Attr(second, "loading"), sitetest.Attr(second, "fetchpriority"), sitetest.Attr(second, "alt"))
	}
	// A card: the same sizes, loaded lazily.
	var cards int
	for _, pic := range sitetest.Find(sitetest.Page(t, out, "en/districts/dong-van/index.html"), "picture") {
		img := sitetest.First(t, pic, "img")
		if sitetest.Attr(img, "srcset") == want {
			cards++
			if sitetest.Attr(img, "loading") != "lazy" || sitetest.Attr(img, "alt") != "" || sitetest.Attr(img, "sizes") == "" {
				t.Errorf("card <img>: loading %q, alt %q, sizes %q", sitetest.Attr(img, "loading"), sitetest.Attr(img, "alt"), sitetest.Attr(img, "sizes"))
			}
			if got := sitetest.Attr(sitetest.First(t, pic, "source"), "srcset"); got != wantAVIF {
				t.Errorf("card <source srcset=%q>", got)
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
	// The photos step does not read the photos again: the loader's hash
	// finds their sizes.
	if rep.Unchanged || rep.Photos.Decoded != 0 || rep.Photos.Encoded != 0 || rep.Photos.CacheHits != 2 || rep.Photos.Opened != 0 {
		t.Errorf("second build: %+v, want the photos from the cache, unread", rep.Photos)
	}
	if again := published(t, out); len(again) != 3 || again[640] != sizes[640] {
		t.Errorf("second build published %v", again)
	}
	if again := publishedAVIF(t, out); len(again) != 3 || again[640] != avifs[640] {
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
	got := errorLines(rep.Diagnostics)
	if len(got) != 1 || !strings.HasPrefix(got[0], "content/products/dong-van/che-shan-tuyet.yaml:7:17: image che.jpg: ") || !strings.Contains(got[0], "truncated") {
		t.Errorf("errors %q", got)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Error("a build with a broken photo wrote its output")
	}
}

// BenchmarkPhotoBuild builds a generated catalogue (sitetest.Catalogue) of
// 1,000 products, each with a phone photo of its own (bench/photos/
// photogen: 4000 × 3000, 4.4 MB, some stored sideways; eight scenes, each
// file made distinct by a comment, so that every photo is made), and
// measures:
//
//   - cold: a build with an empty cache, every photo's sizes made (JPEG
//     and AVIF): the time and CPU time per photo;
//   - one-product: a rebuild with the cache after one product's name
//     changed (every photo in the cache);
//   - unchanged: a rebuild with nothing changed;
//
// each with the peak resident memory of the process during the build
// (Linux). It runs only when OCOP_BENCH_PHOTOS is set (the cold build
// takes a quarter of an hour on 2 cores); OCOP_BENCH_LARGE makes it 16,000
// products, OCOP_BENCH_PHOTO another size of photo (1600x1200: 16,000 of
// 4000 × 3000 would be 70 GB). OCOP_BENCH_DIR keeps the catalogue, the
// cache and the output in that folder, to measure the rebuilds again
// without the cold build (-bench 'PhotoBuild/(one|unch)'):
//
//	OCOP_BENCH_PHOTOS=1 go test -run XXX -bench PhotoBuild -benchtime 1x -timeout 2h ./internal/build
func BenchmarkPhotoBuild(b *testing.B) {
	if os.Getenv("OCOP_BENCH_PHOTOS") == "" {
		b.Skip("set OCOP_BENCH_PHOTOS=1 to build catalogues with a photo per product")
	}
	pw, ph := 4000, 3000
	if v := os.Getenv("OCOP_BENCH_PHOTO"); v != "" {
		if _, err := fmt.Sscanf(v, "%dx%d", &pw, &ph); err != nil {
			b.Fatalf("OCOP_BENCH_PHOTO=%q: want WIDTHxHEIGHT", v)
		}
	}
	scenes := sync.OnceValue(func() [][]byte {
		var scenes [][]byte
		for seed := range uint64(8) {
			p, err := photogen.Generate(seed+1, photogen.Options{Long: pw, Short: ph})
			if err != nil {
				b.Fatal(err)
			}
			scenes = append(scenes, p.JPEG)
		}
		return scenes
	})
	for _, n := range sizes() {
		var site, cache, out string
		if keep := os.Getenv("OCOP_BENCH_DIR"); keep != "" {
			keep = filepath.Join(keep, fmt.Sprintf("photos-%d-%dx%d", n, pw, ph))
			site, cache, out = filepath.Join(keep, "site"), filepath.Join(keep, "cache"), filepath.Join(keep, "public")
			if _, err := os.Stat(site); err != nil {
				sitetest.Catalogue(b, site, n)
				addPhotos(b, site, scenes())
			}
		} else {
			site, cache, out = catalogue(b, n), filepath.Join(b.TempDir(), "cache"), outDir(b)
			addPhotos(b, site, scenes())
		}
		// The soft memory limit that ocop build sets (cmd/ocop's
		// buildMemoryLimit): without it, a cold build of 1,000 photos
		// peaked at 2.2 GiB, the collector letting the heap reach twice
		// what is live.
		opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate, CacheDir: cache, MemoryLimit: 900 << 20}
		build1 := func(b *testing.B) *build.Report {
			resetPeak()
			rep, err := build.Build(context.Background(), opt)
			if err != nil {
				b.Fatal(err)
			}
			return rep
		}
		b.Run(fmt.Sprintf("cold/products=%d", n), func(b *testing.B) {
			var cpu time.Duration
			var rep *build.Report
			for b.Loop() {
				b.StopTimer()
				os.RemoveAll(cache)
				os.RemoveAll(out)
				c := cpuTime()
				b.StartTimer()
				rep = build1(b)
				cpu += cpuTime() - c
			}
			if rep.Photos.Decoded != int64(n) {
				b.Fatalf("%d photos decoded, want %d: %+v", rep.Photos.Decoded, n, rep.Photos)
			}
			per := float64(b.N) * float64(n)
			b.ReportMetric(b.Elapsed().Seconds()/per, "s/photo")
			b.ReportMetric(cpu.Seconds()/per, "cpu-s/photo")
			b.ReportMetric(float64(peak())/(1<<20), "peak-MiB")
		})
		b.Run(fmt.Sprintf("one-product/products=%d", n), func(b *testing.B) {
			if _, err := os.Stat(cache); err != nil {
				build1(b)
			}
			file := filepath.Join(site, "content/products/dong-van/p-3.yaml")
			original, _ := os.ReadFile(file)
			var cpu time.Duration
			var most int64
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				os.WriteFile(file, []byte(strings.Replace(string(original), "Chè Shan tuyết số 3,", fmt.Sprintf("Chè sửa %d,", i), 1)), 0o644)
				c := cpuTime()
				b.StartTimer()
				rep := build1(b)
				cpu += cpuTime() - c
				most = max(most, peak())
				if rep.Photos.Decoded != 0 || rep.Photos.Opened != 0 || rep.Kept == 0 {
					b.Fatalf("a photo was read or made again: %+v, kept %d", rep.Photos, rep.Kept)
				}
			}
			os.WriteFile(file, original, 0o644)
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(most)/(1<<20), "peak-MiB")
		})
		b.Run(fmt.Sprintf("unchanged/products=%d", n), func(b *testing.B) {
			build1(b)
			for b.Loop() {
				if rep := build1(b); !rep.Unchanged {
					b.Fatal("the site changed")
				}
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-MiB")
		})
	}
}

// addPhotos gives each product of a generated catalogue a photo beside
// its record: one of the scenes, with a comment (COM) naming the product
// after its start, so that each file is another photo of the same
// picture.
func addPhotos(b *testing.B, site string, scenes [][]byte) {
	b.Helper()
	i := 0
	err := filepath.WalkDir(filepath.Join(site, "content/products"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		slug := strings.TrimSuffix(filepath.Base(p), ".yaml")
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(f, "images: [{file: %s.jpg, alt: {vi: Ảnh %[1]s, en: Photo of %[1]s}}]\n", slug)
		if err := f.Close(); err != nil {
			return err
		}
		scene := scenes[i%len(scenes)]
		i++
		com := []byte("\xff\xfe\x00\x00" + slug)
		com[2], com[3] = byte((len(com)-2)>>8), byte(len(com)-2)
		data := append(append(append([]byte{}, scene[:2]...), com...), scene[2:]...)
		return os.WriteFile(strings.TrimSuffix(p, ".yaml")+".jpg", data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
}

// resetPeak starts the peak resident memory of the process afresh, from
// what is live (Linux; elsewhere it only collects the garbage).
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peak is the peak resident memory of the process, in bytes, since
// resetPeak (Linux; 0 elsewhere).
func peak() int64 {
	data, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the CPU time (user and system) of the process so far (Linux,
// in clock ticks of 10 ms; 0 elsewhere).
func cpuTime() time.Duration {
	data, _ := os.ReadFile("/proc/self/stat")
	// The fields after the command's name, which is in brackets.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	var user, sys int64
	fmt.Sscan(f[11], &user)
	fmt.Sscan(f[12], &sys)
	return time.Duration(user+sys) * 10 * time.Millisecond
}

// readCounter is a site's folder that counts how often each file is
// opened or read whole.
type readCounter struct {
	fs.ReadLinkFS
	mu    sync.Mutex
	reads map[string]int
}

func (c *readCounter) count(name string) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
}

func (c *readCounter) Open(name string) (fs.File, error) {
	c.count(name)
	return c.ReadLinkFS.Open(name)
}

func (c *readCounter) ReadFile(name string) ([]byte, error) {
	c.count(name)
	return fs.ReadFile(c.ReadLinkFS, name)
}

func (c *readCounter) times(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.reads[name]
	c.reads = map[string]int{}
	return n
}

// TestPhotosNotReadAgain: a build with the cache does not read a photo
// that its last build measured and that has not changed since (its size,
// times and inode the same), neither to measure it nor to make its
// sizes; a photo replaced in place is read, and its new sizes published.
func TestPhotosNotReadAgain(t *testing.T) {
	dir := t.TempDir()
	site := photoSite(t, dir, 1, 640, 480)
	const photo = "content/products/dong-van/che.jpg"
	// A file changed less than three seconds before a build is read
	// again by the next whatever its status (its status is "racy": a
	// second change in the same tick of the clock would not show).
	time.Sleep(3100 * time.Millisecond)
	files := &readCounter{ReadLinkFS: os.DirFS(site).(fs.ReadLinkFS), reads: map[string]int{}}
	opt := build.Options{SiteDir: site, Site: files, Theme: ocop.Theme(), Out: filepath.Join(dir, "public"), Now: buildDate, CacheDir: filepath.Join(dir, "cache")}
	if _, err := build.Build(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if n := files.times(photo); n == 0 {
		t.Fatal("the first build did not read the photo")
	}
	first := published(t, opt.Out)

	// Another product edited: the photo is not read.
	honey := filepath.Join(site, "content/products/dong-van/mat-ong-bac-ha.yaml")
	data, _ := os.ReadFile(honey)
	os.WriteFile(honey, bytes.Replace(data, []byte("stars: 4"), []byte("stars: 5"), 1), 0o644)
	rep, err := build.Build(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := files.times(photo); n != 0 {
		t.Errorf("a build after an edit elsewhere read the photo %d times", n)
	}
	if rep.Unchanged || rep.Made == 0 {
		t.Errorf("the edit was not built: %+v", rep)
	}
	if got := published(t, opt.Out); fmt.Sprint(got) != fmt.Sprint(first) {
		t.Errorf("the photo's sizes changed: %v, were %v", got, first)
	}

	// The photo replaced in place, with another picture: read, and its
	// new sizes published.
	os.WriteFile(filepath.Join(site, photo), sitetest.PhotoJPEG(t, 800, 600, 1), 0o644)
	if _, err := build.Build(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if n := files.times(photo); n == 0 {
		t.Error("a build after the photo was replaced did not read it")
	}
	if got := published(t, opt.Out); got[800] == "" || fmt.Sprint(got) == fmt.Sprint(first) {
		t.Errorf("the new photo's sizes are not published: %v", got)
	}
}

// TestProgressSteps: a build tells its progress through the steps in
// order, the photos and the files counted to their totals; a check tells
// the same but the writing.
func TestProgressSteps(t *testing.T) {
	dir := t.TempDir()
	site := photoSite(t, dir, 1, 800, 600)
	type call struct {
		step        build.Step
		done, total int
	}
	record := func(calls *[]call) build.Progress {
		var mu sync.Mutex
		return func(step build.Step, done, total int) {
			mu.Lock()
			defer mu.Unlock()
			*calls = append(*calls, call{step, done, total})
		}
	}
	summary := func(calls []call) string {
		var b strings.Builder
		for i, c := range calls {
			if i > 0 && c.step < calls[i-1].step {
				t.Errorf("step %d after step %d", c.step, calls[i-1].step)
			}
			if i == len(calls)-1 || calls[i+1].step != c.step {
				fmt.Fprintf(&b, "%d:%d/%d ", c.step, c.done, c.total)
			}
		}
		return b.String()
	}
	var built []call
	rep, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: filepath.Join(dir, "public"),
		Now: buildDate, Progress: record(&built)})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := summary(built), fmt.Sprintf("1:0/0 2:1/1 3:%d/%d ", rep.Files, rep.Files); got != want {
		t.Errorf("a build's progress ends each step at %q, want %q", got, want)
	}
	var checked []call
	if _, err := build.Check(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Now: buildDate, Progress: record(&checked)}); err != nil {
		t.Fatal(err)
	}
	if got, want := summary(checked), "1:0/0 2:1/1 "; got != want {
		t.Errorf("a check's progress ends each step at %q, want %q", got, want)
	}
}
