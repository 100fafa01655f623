package main

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

const reportSite = checkSite + `
-- content/products/dong-van/cu.yaml --
name: {vi: Rượu cũ, en: Old liquor}
stars: 3
group: food/tea
producer: htx
certificate: {number: 9/QĐ-UBND, issued: 2020-01-10, issuer: UBND tỉnh}
-- content/products/dong-van/sap-het.yaml --
name: Mật ong sắp hết hạn
stars: 5
group: food/tea
producer: htx
summary: {vi: Mật ong., en: Honey.}
certificate: {number: 7/QĐ-BNN, issued: 2024-01-10, issuer: Bộ NN và PTNT}
-- content/stories/s.vi.md --
---
title: Câu chuyện
date: 2025-01-01
---
Thân bài.
`

func reportOutput(t *testing.T, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.Write(t, dir, reportSite)
	code, stdout, stderr := runOcop(t, append([]string{"report"}, append(args, "-site", dir, "-now", "2026-11-29")...)...)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	return stdout
}

func TestReportCertificates(t *testing.T) {
	out := reportOutput(t, "certificates")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, want := range []string{
		"expires     status       days   stars  number      issued      issuer        product              district",
		"2023-01-10  !! expired   -1419  3      9/QĐ-UBND   2020-01-10  UBND tỉnh     Rượu cũ              Đồng Văn",
		"2027-01-10  !  expiring  42     5      7/QĐ-BNN    2024-01-10  Bộ NN và PTNT  Mật ong sắp hết hạn  Đồng Văn",
		"2028-01-15  valid        412    4      1/QĐ-UBND   2025-01-15  UBND tỉnh     Chè Lũng Cú          Đồng Văn",
		"",
		"3 certificates as of 2026-11-29: 1 valid, 1 expiring within 90 days, 1 expired, 0 not yet valid",
	} {
		// Compare the cells: the table's padding depends on the widths.
		if strings.Join(strings.Fields(lines[i]), " ") != strings.Join(strings.Fields(want), " ") {
			t.Errorf("line %d = %q\nwant      %q", i, lines[i], want)
		}
	}
}

func TestReportCertificatesCSV(t *testing.T) {
	out := reportOutput(t, "certificates", "-format", "csv")
	if !strings.HasPrefix(out, "\ufeff") {
		t.Error("no byte-order mark for spreadsheets")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"expires", "status", "days", "stars", "number", "issued", "issuer", "product", "district", "producer", "file"},
		{"2023-01-10", "expired", "-1419", "3", "9/QĐ-UBND", "2020-01-10", "UBND tỉnh", "Rượu cũ", "Đồng Văn", "HTX Lũng Cú", "content/products/dong-van/cu.yaml"},
		{"2027-01-10", "expiring", "42", "5", "7/QĐ-BNN", "2024-01-10", "Bộ NN và PTNT", "Mật ong sắp hết hạn", "Đồng Văn", "HTX Lũng Cú", "content/products/dong-van/sap-het.yaml"},
		{"2028-01-15", "valid", "412", "4", "1/QĐ-UBND", "2025-01-15", "UBND tỉnh", "Chè Lũng Cú", "Đồng Văn", "HTX Lũng Cú", "content/products/dong-van/che.yaml"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q\nwant %q", i, rows[i], want[i])
		}
	}
}

func TestReportTranslations(t *testing.T) {
	out := reportOutput(t, "translations")
	want := `language       products       producers      stories
vi (default)   3/3 complete   1/1 complete   1/1 complete
en             1/3 complete   1/1 complete   0/1 complete

Missing in en (3 files):
  content/products/dong-van/cu.yaml: certificate.issuer
  content/products/dong-van/sap-het.yaml: name, certificate.issuer
  content/stories/s.vi.md: story
`
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	csvOut := reportOutput(t, "translations", "-format", "csv")
	wantCSV := "\ufefflanguage,kind,file,field\nen,product,content/products/dong-van/cu.yaml,certificate.issuer\nen,product,content/products/dong-van/sap-het.yaml,name\nen,product,content/products/dong-van/sap-het.yaml,certificate.issuer\nen,story,content/stories/s.vi.md,story\n"
	if csvOut != wantCSV {
		t.Errorf("csv:\n%q\nwant:\n%q", csvOut, wantCSV)
	}
}

func TestReportToFile(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, reportSite)
	out := dir + "/certificates.csv"
	code, stdout, stderr := runOcop(t, "report", "certificates", "-format", "csv", "-o", out, "-site", dir, "-now", "2026-11-29")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := sitetest.ReadFile(t, dir, "certificates.csv"); !strings.HasPrefix(got, "\ufeffexpires,status,") || strings.Count(got, "\n") != 4 {
		t.Errorf("file = %q", got)
	}
}

func TestReportUsage(t *testing.T) {
	for _, args := range [][]string{{"report"}, {"report", "prices"}, {"report", "certificates", "-format", "xls"}} {
		if code, _, stderr := runOcop(t, args...); code != 2 || stderr == "" {
			t.Errorf("ocop %q: exit %d, stderr %q", args, code, stderr)
		}
	}
	dir := t.TempDir()
	sitetest.Write(t, dir, checkSite+"-- content/products/dong-van/x.yaml --\nname: [\n")
	if code, _, stderr := runOcop(t, "report", "certificates", "-site", dir); code != 1 || !strings.Contains(stderr, "run ocop check") {
		t.Errorf("broken site: exit %d, %q", code, stderr)
	}
}
