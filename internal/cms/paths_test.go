package cms

import (
	"testing"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// The handler keeps to ocop's own rules: the same limits and the same
// names that Windows keeps.
func TestSameRulesAsLoader(t *testing.T) {
	if MaxRecordBytes != load.MaxRecordBytes || MaxMediaBytes != load.MaxImageBytes {
		t.Errorf("limits %d and %d, the loader's %d and %d", MaxRecordBytes, MaxMediaBytes, load.MaxRecordBytes, load.MaxImageBytes)
	}
	for _, name := range []string{"con", "CON", "con.yaml", "Con.tar.gz", "con .yaml", "prn", "aux", "nul", "NUL.jpg", "conin$", "CONOUT$",
		"com0", "com1", "COM9", "com¹", "lpt³", "lpt1.png", "com10", "lpt", "console.yaml", "icon.yaml", "mat-ong.yaml", "comma.yaml", "nul-1.yaml", ""} {
		if got, want := windowsReserved(name), load.WindowsReserved(name); got != want {
			t.Errorf("windowsReserved(%q) = %v, the loader says %v", name, got, want)
		}
	}
}

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
