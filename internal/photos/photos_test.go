package photos_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/photos"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

const photoPath = "content/products/dong-van/che.jpg"

// catalogueOf is a catalogue of one product with the photo data at
// photoPath, as the loader describes it.
func catalogueOf(data []byte) *model.Catalogue {
	sum := sha256.Sum256(data)
	img := &load.Image{Path: photoPath, Format: "jpeg", Hash: hex.EncodeToString(sum[:]), Size: int64(len(data)),
		Pos: diag.Pos{File: "content/products/dong-van/che.yaml", Line: 7, Col: 3}}
	return &model.Catalogue{Products: []*model.Product{{Product: &load.Product{Images: []*load.Image{img}}}}}
}

// unreadable is a site whose photos cannot be read: a build that reads
// one fails.
type unreadable struct{ fs.FS }

func (u unreadable) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".jpg") {
		return nil, errors.New("the photo was read")
	}
	return u.FS.Open(name)
}

// TestMake: a photo's sizes in JPEG and in AVIF beside them, each with its
// format; a later build (a new Maker on the same cache) finds them by the
// loader's hash without reading the photo; a photo whose bytes are not
// the ones the loader hashed is an error at its record.
func TestMake(t *testing.T) {
	data := sitetest.PhotoJPEG(t, 600, 800, 6) // stored sideways
	site := fstest.MapFS{photoPath: {Data: data}}
	cat := catalogueOf(data)
	cache := t.TempDir()

	made, diags := photos.New(cache).Make(context.Background(), cat, site, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	ph := made[photoPath]
	if ph == nil {
		t.Fatal("no sizes made")
	}
	var got []string
	for _, v := range ph.Variants {
		got = append(got, v.Format+" "+v.Ext+" "+strconv.Itoa(v.Width)+"×"+strconv.Itoa(v.Height))
		b, err := v.Data()
		if err != nil {
			t.Fatal(err)
		}
		switch v.Format {
		case "jpeg":
			if !bytes.HasPrefix(b, []byte("\xff\xd8\xff")) {
				t.Errorf("%d-pixel JPEG: not a JPEG file", v.Width)
			}
		case "avif":
			if len(b) < 12 || string(b[4:12]) != "ftypavif" {
				t.Errorf("%d-pixel AVIF: not an AVIF file", v.Width)
			}
		}
	}
	want := []string{"jpeg jpg 320×427", "jpeg jpg 600×800", "avif avif 320×427", "avif avif 600×800"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("sizes %q, want %q", got, want)
	}

	// The next build: the sizes come from the cache, found by the hash;
	// the photo is not read.
	m := photos.New(cache)
	again, diags := m.Make(context.Background(), cat, unreadable{site}, nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if s := m.Stats(); s.Opened != 0 || s.Decoded != 0 || s.CacheHits != 1 {
		t.Errorf("second build: %+v, want the sizes from the cache and the photo unread", s)
	}
	if again[photoPath] == nil || again[photoPath].Key != ph.Key || len(again[photoPath].Variants) != 4 {
		t.Fatalf("second build made %+v", again[photoPath])
	}
	// Their bytes are read back from the cache when written.
	for i, v := range again[photoPath].Variants {
		b, err := v.Data()
		first, _ := ph.Variants[i].Data()
		if err != nil || !bytes.Equal(b, first) {
			t.Errorf("second build, %s %d: %d bytes (%v), want the first build's %d", v.Format, v.Width, len(b), err, len(first))
		}
	}
	// Gone from the cache when they are written: made again, from the
	// photo.
	if err := os.RemoveAll(cache); err != nil {
		t.Fatal(err)
	}
	m = photos.New(cache)
	third, _ := m.Make(context.Background(), cat, site, nil)
	os.RemoveAll(cache)
	for i, v := range third[photoPath].Variants {
		b, err := v.Data()
		first, _ := ph.Variants[i].Data()
		if err != nil || !bytes.Equal(b, first) {
			t.Errorf("after the cache was emptied, %s %d: %d bytes (%v), want the first build's %d", v.Format, v.Width, len(b), err, len(first))
		}
	}

	// The photo replaced after the loader hashed it: an error at the
	// record, never the sizes of other bytes under its hash.
	other := sitetest.PhotoJPEG(t, 600, 800, 1)
	_, diags = photos.New(t.TempDir()).Make(context.Background(), cat, fstest.MapFS{photoPath: {Data: other}}, nil)
	if len(diags) != 1 || diags[0].Pos.File != "content/products/dong-van/che.yaml" || !strings.Contains(diags[0].Message, "image che.jpg") {
		t.Errorf("a photo changed since it was hashed: %v", diags)
	}
}
