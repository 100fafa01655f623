package differential

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRegressions replays, one by one, the edits that once left pages
// stale: after each, the build with the cache and ocop serve must give
// what a build from scratch gives (harness.check), and the scenario's own
// assertion shows that the edit did change what it should.
func TestRegressions(t *testing.T) {
	setup := func(t *testing.T) (*editor, *harness) {
		e := newEditor(t, rand.New(rand.NewPCG(7, 7)), false)
		h := newHarness(t, e)
		h.check("the site as it starts", nil)
		return e, h
	}
	// contains reports whether the cold build's file p holds s.
	contains := func(h *harness, p, s string) bool {
		data, err := os.ReadFile(filepath.Join(h.cold, filepath.FromSlash(p)))
		if err != nil {
			h.t.Fatal(err)
		}
		return strings.Contains(string(data), s)
	}

	t.Run("product moved to another district", func(t *testing.T) {
		e, h := setup(t)
		p := e.products["mat-ong"]
		// Its card is on group, producer, star and story pages and in the
		// print editions; its own page has the district in its crumbs and
		// JSON-LD.
		h.check("the product moved", e.sorted(e.moveTo(p, "quan-ba")))
		if !contains(h, "vi/stories/mua-mat/index.html", "Quản Bạ") {
			t.Error("the story page does not show the product's new district")
		}
	})
	t.Run("story picture replaced in place", func(t *testing.T) {
		e, h := setup(t)
		fp := "content/stories/mua-mat.jpg"
		e.files[fp] = e.jpeg(99)
		h.check("the story's picture replaced", []string{e.write(fp, e.files[fp])})
	})
	t.Run("product photo shown by a story replaced in place", func(t *testing.T) {
		e, h := setup(t)
		fp := "content/products/dong-van/mat-ong.jpg"
		e.files[fp] = e.jpeg(98)
		h.check("the product's photo replaced", []string{e.write(fp, e.files[fp])})
	})
	t.Run("producer renamed", func(t *testing.T) {
		e, h := setup(t)
		e.r = rand.New(rand.NewPCG(1, 1))
		touched := e.producerRename()
		h.check("a producer renamed", e.sorted(touched))
		for slug := range e.producers {
			if !contains(h, "vi/producers/index.html", "/vi/producers/"+slug+"/") {
				t.Errorf("the producers' index does not link to %s", slug)
			}
		}
	})
	t.Run("a language loses its last story, and gains one", func(t *testing.T) {
		e, h := setup(t)
		const feed = "/en/feed.xml"
		if !contains(h, "en/index.html", feed) {
			t.Fatal("the English pages have no feed to begin with")
		}
		v := e.stories["mua-mat"].versions["en"]
		delete(e.stories["mua-mat"].versions, "en")
		h.check("the last English story deleted", []string{e.remove(storyPath("mua-mat", "en"))})
		if contains(h, "en/products/ruou-ngo/index.html", feed) || contains(h, "404.html", "en/feed.xml") {
			t.Error("English pages still link to the feed")
		}
		e.stories["mua-mat"].versions["en"] = v
		h.check("an English story again", []string{e.write(storyPath("mua-mat", "en"), []byte(v.md()))})
		v.draft = true
		h.check("the English story made a draft", []string{e.write(storyPath("mua-mat", "en"), []byte(v.md()))})
		if contains(h, "en/groups/index.html", feed) {
			t.Error("English pages link to the feed of a draft")
		}
	})
	t.Run("photo with a hidden name replaced", func(t *testing.T) {
		e, h := setup(t)
		h.check("a photo named .anh", e.sorted(e.photoHiddenName()))
		h.check("the photo named .anh replaced", e.sorted(e.photoHiddenName()))
	})
	t.Run("files edited keeping size and modification time", func(t *testing.T) {
		e, h := setup(t)
		h.check("a record, as cp -p leaves it", e.sorted(e.productSameStatus()))
		h.check("a drawing, as rsync -t leaves it", e.sorted(e.photoSameStatus()))
	})
	t.Run("photo folder moved away", func(t *testing.T) {
		e, h := setup(t)
		// A product whose photos are in a folder of their own.
		p := e.products["ruou-ngo"]
		old := "content/products/meo-vac/anh/ruou.jpg"
		e.files[old] = e.jpeg(5)
		p.photos = []photo{{name: "anh/ruou.jpg"}}
		h.check("a photo in a folder", []string{e.write(old, e.files[old]), e.write(p.path(), []byte(p.yaml()))})
		// The folder moved away: both builds report the missing photo,
		// and ocop serve shows the error over the last good site.
		dir := filepath.Join(e.dir, "content/products/meo-vac/anh")
		if err := os.Rename(dir, filepath.Join(e.dir, "elsewhere")); err != nil {
			t.Fatal(err)
		}
		delete(e.files, old)
		h.check("the photos' folder moved away", []string{"content/products/meo-vac/anh"})
		if h.srv.Rebuild(nil).Diagnostics.HasErrors() == false {
			t.Error("ocop serve does not report the missing photo")
		}
		p.photos = nil
		h.check("the record no longer names it", []string{e.write(p.path(), []byte(p.yaml()))})
	})
}
