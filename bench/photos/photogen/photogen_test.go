package photogen

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/images"
)

// TestGenerate: a seed gives the same file every time; portraits are
// stored sideways and shown upright; the picture is textured, not flat.
func TestGenerate(t *testing.T) {
	seen := map[int]bool{}
	for seed := uint64(1); seed <= 12; seed++ {
		a, err := Generate(seed, Options{Long: 400, Short: 300})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(seed, Options{Long: 400, Short: 300})
		if !bytes.Equal(a.JPEG, b.JPEG) {
			t.Fatalf("seed %d: two files", seed)
		}
		seen[a.Orientation] = true
		info, err := images.Inspect(a.JPEG, images.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := jpeg.DecodeConfig(bytes.NewReader(a.JPEG))
		if err != nil || stored.Width != 400 || stored.Height != 300 {
			t.Fatalf("seed %d: stored %dx%d, %v", seed, stored.Width, stored.Height, err)
		}
		want := image.Pt(400, 300)
		if a.Orientation != 1 {
			want = image.Pt(300, 400)
		}
		if info.Orientation != a.Orientation || image.Pt(info.Width, info.Height) != want || a.Displayed.Rect.Size() != want {
			t.Errorf("seed %d: %+v, orientation %d", seed, info, a.Orientation)
		}
		// Turned upright, the stored picture is the displayed one.
		m, err := jpeg.Decode(bytes.NewReader(a.JPEG))
		if err != nil {
			t.Fatal(err)
		}
		var diff, n float64
		for y := 0; y < want.Y; y += 7 {
			for x := 0; x < want.X; x += 7 {
				sx, sy := x, y
				switch a.Orientation {
				case 6:
					sx, sy = y, want.X-1-x
				case 8:
					sx, sy = want.Y-1-y, x
				}
				r1, _, _, _ := m.At(sx, sy).RGBA()
				r2, _, _, _ := a.Displayed.At(x, y).RGBA()
				diff += float64(max(r1, r2)-min(r1, r2)) / 257
				n++
			}
		}
		if diff/n > 6 {
			t.Errorf("seed %d: the stored picture differs from the displayed one by %.1f on average", seed, diff/n)
		}
		// Textured: neighbouring pixels differ.
		var grad float64
		for i := 0; i+8 < len(a.Displayed.Pix); i += 4 {
			grad += float64(max(a.Displayed.Pix[i], a.Displayed.Pix[i+4]) - min(a.Displayed.Pix[i], a.Displayed.Pix[i+4]))
		}
		if g := grad / float64(len(a.Displayed.Pix)/4); g < 2 {
			t.Errorf("seed %d: mean gradient %.2f: too flat", seed, g)
		}
	}
	if !seen[1] || !seen[6] || !seen[8] {
		t.Errorf("orientations %v, want 1, 6 and 8", seen)
	}
}
