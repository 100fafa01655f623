package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

const site = `
-- site.yaml --
title: {vi: Thử, en: Test}
baseURL: https://ocop.example.vn/
languages: [{code: vi, name: Tiếng Việt}, {code: en, name: English}]
districts:
  - {slug: dong-van, name: {vi: Đồng Văn, en: Dong Van}}
groups:
  - {key: food/tea, name: {vi: Chè, en: Tea}}
-- content/producers/htx.yaml --
name: HTX Lũng Cú
kind: cooperative
address: Lũng Cú
-- content/products/dong-van/che.yaml --
name: {vi: Chè Lũng Cú, en: Lung Cu Tea}
stars: 4
group: food/tea
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2024-01-15, issuer: UBND tỉnh Hà Giang}
`

func runOcop(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBuild(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, site)
	code, stdout, stderr := runOcop(t, "build", "-site", dir, "-now", "2026-11-29")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr = %q", stderr)
	}
	for _, want := range []string{"1 product (1 certified as of 2026-11-29)", "pages: vi 22, en 22", "0 warnings"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary %q lacks %q", stdout, want)
		}
	}
	// The default output folder is public inside the site.
	if _, err := os.Stat(filepath.Join(dir, "public", "vi", "products", "che", "index.html")); err != nil {
		t.Error(err)
	}
	// Built as of a later date the certificate has expired: a warning, and
	// the build succeeds.
	code, stdout, stderr = runOcop(t, "build", "-site", dir, "-now", "2027-01-16")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if want := "content/products/dong-van/che.yaml:5:14: warning: certificate 1/QĐ-UBND was valid until 2027-01-15; the product is left out of the catalogue\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if !strings.Contains(stdout, "(0 certified as of 2027-01-16)") || !strings.Contains(stdout, "1 warning ") {
		t.Errorf("summary = %q", stdout)
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, site)
	out := filepath.Join(dir, "out")
	if code, _, stderr := runOcop(t, "build", "-site", dir, "-out", out, "-now", "2026-11-29"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	before := sitetest.ReadFile(t, out, "vi/products/che/index.html")
	sitetest.Write(t, dir, `
-- content/products/dong-van/che.yaml --
name: {vi: Chè Lũng Cú, en: Lung Cu Tea}
stars: 6
group: food/tea
producer: htx
colour: green
certificate: {number: 1/QĐ-UBND, issued: 2024-01-15, issuer: UBND tỉnh Hà Giang}
`)
	code, stdout, stderr := runOcop(t, "build", "-site", dir, "-out", out, "-now", "2026-11-29")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := `content/products/dong-van/che.yaml:2:8: stars must be 3, 4 or 5, not 6 (5 stars is the highest rating)
content/products/dong-van/che.yaml:5:1: unknown key "colour" in a product; known keys: name, summary, description, stars, group, producer, commune, certificate, images, specs, price, tags
ocop: 2 errors; nothing was written
`
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	if stdout != "" {
		t.Errorf("stdout = %q", stdout)
	}
	if after := sitetest.ReadFile(t, out, "vi/products/che/index.html"); after != before {
		t.Error("the failed build changed the old output")
	}
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		code       int
		stdout     string
		stderrPart string
	}{
		{nil, 2, "", "Commands:"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"build", "-h"}, 0, "", "-baseurl"},
		{[]string{"build", "-bogus"}, 2, "", "flag provided but not defined: -bogus"},
		{[]string{"build", "-now", "2026-02-30"}, 2, "", `"2026-02-30" is not a real date`},
		{[]string{"build", "extra"}, 2, "", `unexpected argument "extra"`},
		{[]string{"help"}, 0, usage, ""},
	} {
		code, stdout, stderr := runOcop(t, tc.args...)
		if code != tc.code || (tc.stdout != "" && stdout != tc.stdout) || !strings.Contains(stderr, tc.stderrPart) {
			t.Errorf("ocop %q: exit %d, stdout %q, stderr %q", tc.args, code, stdout, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runOcop(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "ocop ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("ocop version: exit %d, %q", code, stdout)
	}
}

func TestBadBaseURL(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, site)
	code, _, stderr := runOcop(t, "build", "-site", dir, "-baseurl", "ocop.example.vn")
	if code != 1 || !strings.Contains(stderr, "-baseurl: must be an absolute http:// or https:// address") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
