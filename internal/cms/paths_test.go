package cms

import (
	"testing"
)

func TestSitePath(t *testing.T) {
	good := []struct {
		p string
		k kind
	}{
		{"content/products/dong-van/mat-ong.yaml", record},
		{"content/products/dong-van/mat-ong.YML", record},
		{"content/stories/mua-che.vi.md", record},
		{"content/products/dong-van/Ảnh mật ong.JPG", media},
		{"content/products/dong-van/mat-ong/anh-1.webp", media},
		{"content/stories/images/hoi-cho.svg", anyFile},
		{"content", folder},
		{"content/products", folder},
	}
	for _, c := range good {
		if _, err := sitePath(c.p, c.k); err != nil {
			t.Errorf("sitePath(%q): %v", c.p, err)
		}
	}
	for _, c := range []struct {
		p string
		k kind
	}{
		{"content/products/x.jpg", record},
		{"content/products/x.yaml", media},
		{"content/products/x", anyFile},
		{"content", record},
	} {
		if _, err := sitePath(c.p, c.k); err == nil {
			t.Errorf("sitePath(%q, %d) passed", c.p, c.k)
		}
	}
}
