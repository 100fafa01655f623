package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/browsertest"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// TestPDF prints the catalogue and a label sheet of a small site to PDF
// files and reads them back.
func TestPDF(t *testing.T) {
	browsertest.Need(t)
	dir := t.TempDir()
	sitetest.Write(t, dir, site)
	out := filepath.Join(dir, "cat.pdf")
	code, stdout, stderr := runOcop(t, "pdf", "-site", dir, "-now", "2026-11-29", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote "+out+" (https://ocop.example.vn/vi/print/, 2 pages,") {
		t.Errorf("stdout = %q", stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := browsertest.ReadPDF(data)
	if err != nil {
		t.Fatal(err)
	}
	text := doc.Text()
	for _, want := range []string{"Chè Lũng Cú", "Đồng Văn", "HTX Lũng Cú", "1/QĐ-UBND", "ocop.example.vn/vi/products/che/"} {
		// Lines break anywhere: compare without white space.
		if !strings.Contains(strings.Join(strings.Fields(text), ""), strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}

	// Labels, in English, named after what they are.
	t.Chdir(dir)
	code, stdout, stderr = runOcop(t, "pdf", "-site", dir, "-now", "2026-11-29", "-lang", "en", "-district", "dong-van", "-labels")
	if code != 0 || !strings.Contains(stdout, "wrote labels-en-dong-van.pdf") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "labels-en-dong-van.pdf"))
	if doc, err := browsertest.ReadPDF(data); err != nil || !strings.Contains(doc.Text(), "Lung Cu Tea") {
		t.Errorf("the label sheet: %v", err)
	}

	// Mistakes are said plainly.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-district", "no-such"}, `site.yaml has no district "no-such"`},
		{[]string{"-labels"}, "booth labels are printed by district"},
		{[]string{"-stars", "7"}, "-stars is 3, 4 or 5"},
		{[]string{"-lang", "fr"}, `the site has no language "fr"`},
	} {
		code, _, stderr := runOcop(t, append([]string{"pdf", "-site", dir, "-now", "2026-11-29"}, c.args...)...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("pdf %v: exit %d, %q; want %q", c.args, code, stderr, c.want)
		}
	}
}
