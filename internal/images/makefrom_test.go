package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

// opener returns an open function for MakeFrom that counts its calls.
func opener(data []byte, calls *atomic.Int64) func() ([]byte, error) {
	return func() ([]byte, error) {
		calls.Add(1)
		return data, nil
	}
}

// never is an open function for a test that must not read the original.
func never(t *testing.T) func() ([]byte, error) {
	return func() ([]byte, error) {
		t.Helper()
		t.Error("the original was read")
		return nil, errors.New("read")
	}
}

// TestMakeFrom: with its variants cached, MakeFrom does not read the
// original; it gives what Make gives.
func TestMakeFrom(t *testing.T) {
	dir := t.TempDir()
	data := withSegments(encodeJPEG(t, photo(900, 600, 50), 85), metadataSegments(binary.LittleEndian, 6)...)
	sum := sha256.Sum256(data)
	want, err := NewProcessor("", Settings{}).Make(data)
	if err != nil {
		t.Fatal(err)
	}

	// First build: read once, made.
	var calls atomic.Int64
	p1 := NewProcessor(dir, Settings{})
	r1, err := p1.MakeFrom(sum, opener(data, &calls))
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 || !reflect.DeepEqual(r1, want) {
		t.Fatalf("first MakeFrom: %d reads, same result: %v", calls.Load(), reflect.DeepEqual(r1, want))
	}
	n := int64(len(want.Outputs))
	if s := p1.Stats(); s.Opened != 1 || s.Decoded != 1 || s.Encoded != n {
		t.Errorf("first build: %+v", s)
	}

	// Next build: nothing read, decoded or encoded; the same result.
	p2 := NewProcessor(dir, Settings{})
	r2, err := p2.MakeFrom(sum, never(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r2, want) {
		t.Error("MakeFrom from the cache gave another result")
	}
	if s := p2.Stats(); s != (Stats{CacheHits: 1, Reused: n}) {
		t.Errorf("second build: %+v", s)
	}
	// Prune keeps what MakeFrom returned, and its record of the Info.
	if n, err := p2.Prune(); n != 0 || err != nil {
		t.Errorf("pruned %d, %v", n, err)
	}
	if _, ok := p2.readInfo(r2.Key); !ok {
		t.Error("the Info record was pruned")
	}

	// Without a cache, the original is read every time.
	p3 := NewProcessor("", Settings{})
	for range 2 {
		if _, err := p3.MakeFrom(sum, opener(data, &calls)); err != nil {
			t.Fatal(err)
		}
	}
	if calls.Load() != 3 {
		t.Errorf("no cache: %d reads in all, want 3", calls.Load())
	}

	// Another sum than the bytes': an error, nothing cached under it.
	other := sha256.Sum256([]byte("another photo"))
	p4 := NewProcessor(dir, Settings{})
	if _, err := p4.MakeFrom(other, opener(data, &calls)); err == nil {
		t.Error("a wrong sum was accepted")
	}
	if _, ok := p4.readInfo(KeyOfSum(other, Settings{})); ok {
		t.Error("a wrong sum left a record")
	}
	// An error of open is returned.
	boom := errors.New("boom")
	if _, err := p4.MakeFrom(other, func() ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("open's error: %v", err)
	}
}

// TestMakeFromAfterMake: a cache made without Info records (by an older
// version): the first MakeFrom reads the original but decodes nothing,
// and keeps the record for the next. After Make, MakeFrom reads nothing.
func TestMakeFromAfterMake(t *testing.T) {
	dir := t.TempDir()
	data := encodeJPEG(t, photo(700, 500, 51), 85)
	sum := sha256.Sum256(data)
	p0 := NewProcessor(dir, Settings{})
	if _, err := p0.Make(data); err != nil {
		t.Fatal(err)
	}
	if _, err := NewProcessor(dir, Settings{}).MakeFrom(sum, never(t)); err != nil {
		t.Fatal(err)
	}
	key := KeyOfSum(sum, Settings{})
	if err := os.Remove(filepath.Join(dir, "images", key[:2], infoName(key))); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	p := NewProcessor(dir, Settings{})
	if _, err := p.MakeFrom(sum, opener(data, &calls)); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); calls.Load() != 1 || s.Decoded != 0 || s.CacheHits != 1 {
		t.Errorf("%d reads, %+v", calls.Load(), s)
	}
	if _, err := NewProcessor(dir, Settings{}).MakeFrom(sum, never(t)); err != nil {
		t.Fatal(err)
	}

	// A damaged record, or a missing variant: the original is read again.
	info := filepath.Join(dir, "images", KeyOfSum(sum, Settings{})[:2], infoName(KeyOfSum(sum, Settings{})))
	b, _ := os.ReadFile(info)
	b[0] ^= 1
	os.WriteFile(info, b, 0o644)
	p = NewProcessor(dir, Settings{})
	if _, err := p.MakeFrom(sum, opener(data, &calls)); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); calls.Load() != 2 || s.Damaged != 1 || s.Decoded != 0 {
		t.Errorf("damaged record: %d reads, %+v", calls.Load(), s)
	}
	res, _ := NewProcessor(dir, Settings{}).MakeFrom(sum, never(t))
	os.Remove(p.cachePath(res.Key, res.Outputs[1].Variant))
	p = NewProcessor(dir, Settings{})
	if _, err := p.MakeFrom(sum, opener(data, &calls)); err != nil {
		t.Fatal(err)
	}
	if s := p.Stats(); calls.Load() != 3 || s.Decoded != 1 || s.Encoded != 1 {
		t.Errorf("missing variant: %d reads, %+v", calls.Load(), s)
	}
}

// TestMakeFromKinds: an image with transparent pixels (PNG variants), an
// opaque one with an alpha channel (JPEG variants) and an animated GIF
// (ErrAnimated) are all known from the cache without their originals.
func TestMakeFromKinds(t *testing.T) {
	dir := t.TempDir()
	transparent := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	for i := 3; i < len(transparent.Pix); i += 4 {
		transparent.Pix[i-3], transparent.Pix[i] = 200, uint8(i/4%2*255)
	}
	var anim bytes.Buffer
	pal := color.Palette{red, green}
	g := &gif.GIF{Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 20, 10), pal), image.NewPaletted(image.Rect(0, 0, 20, 10), pal)}, Delay: []int{10, 10}}
	if err := gif.EncodeAll(&anim, g); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		data   []byte
		format string
	}{
		"transparent": {encodePNG(t, transparent), "png"},
		"opaque RGBA": {rgbaPNG(t, photo(400, 300, 52)), "jpeg"},
		"animated":    {anim.Bytes(), ""},
	} {
		sum := sha256.Sum256(c.data)
		var calls atomic.Int64
		r1, err1 := NewProcessor(dir, Settings{}).MakeFrom(sum, opener(c.data, &calls))
		r2, err2 := NewProcessor(dir, Settings{}).MakeFrom(sum, never(t))
		if c.format == "" {
			if !errors.Is(err1, ErrAnimated) || !errors.Is(err2, ErrAnimated) {
				t.Errorf("%s: %v, %v", name, err1, err2)
			}
			continue
		}
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", name, err1, err2)
		}
		if !reflect.DeepEqual(r1, r2) || r2.Outputs[0].Format != c.format {
			t.Errorf("%s: %+v from the cache, %+v made", name, r2.Info, r1.Info)
		}
	}
}

// TestMakeFromConcurrent: simultaneous calls for one original read it once.
func TestMakeFromConcurrent(t *testing.T) {
	data := encodeJPEG(t, photo(800, 600, 53), 85)
	sum := sha256.Sum256(data)
	p := NewProcessor(t.TempDir(), Settings{})
	var calls atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := p.MakeFrom(sum, opener(data, &calls)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if s := p.Stats(); s.Decoded != 1 || calls.Load() != 1 {
		t.Errorf("%d reads, %+v", calls.Load(), s)
	}
}
