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
	for _, args := range [][]string{
		{"report"}, {"report", "prices"}, {"report", "certificates", "-format", "xls"},
		{"report", "certificates", "-expiring", "-1"}, {"report", "certificates", "-expiring", "soon"},
		{"report", "translations", "-expiring", "90"},
	} {
		if code, _, stderr := runOcop(t, args...); code != 2 || stderr == "" {
			t.Errorf("ocop %q: exit %d, stderr %q", args, code, stderr)
		}
	}
	// A folder that is not a site: nothing to report.
	code, stdout, stderr := runOcop(t, "report", "certificates", "-site", t.TempDir())
	if code != 1 || stdout != "" || !strings.Contains(stderr, "the site could not be read; run ocop check") {
		t.Errorf("not a site: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestReportWithErrors: with records the site cannot use, the report
// still shows every certificate it could read, names the errors on the
// standard error and exits with status 1.
func TestReportWithErrors(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, reportSite+`
-- content/products/dong-van/hong.yaml --
name: [
-- content/products/dong-van/thieu.yaml --
name: Thiếu giấy chứng nhận
stars: 3
group: food/tea
producer: htx
`)
	wantErrors := []string{
		"content/products/dong-van/hong.yaml:2:1: error: YAML syntax: did not find expected node content",
		`content/products/dong-van/thieu.yaml:1:1: error: a product has no "certificate"; it is required`,
		"ocop report: 2 errors (above); the report shows only what could be read; run ocop check",
	}
	code, stdout, stderr := runOcop(t, "report", "certificates", "-site", dir, "-now", "2026-11-29")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(wantErrors, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, strings.Join(wantErrors, "\n"))
	}
	// The same report as without the broken records: the record without a
	// certificate is not listed as one that expired in the year 1.
	if want := reportOutput(t, "certificates"); stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}

	// Into a file, and as CSV: the same.
	out := dir + "/certificates.csv"
	code, stdout, stderr = runOcop(t, "report", "certificates", "-format", "csv", "-o", out, "-site", dir, "-now", "2026-11-29")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "2 errors") {
		t.Errorf("-o: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got, want := sitetest.ReadFile(t, dir, "certificates.csv"), reportOutput(t, "certificates", "-format", "csv"); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}

	// The translations: every record that could be read is counted.
	code, stdout, _ = runOcop(t, "report", "translations", "-site", dir, "-now", "2026-11-29")
	if code != 1 || !strings.Contains(stdout, "vi (default)   4/4 complete   1/1 complete   1/1 complete") ||
		!strings.Contains(stdout, "content/products/dong-van/thieu.yaml: name") {
		t.Errorf("translations: exit %d\n%s", code, stdout)
	}
}

// TestReportExpiring: -expiring DAYS lists only the certificates valid on
// the date that expire within DAYS days of it, as the publishing workflow
// writes them into its run's summary for the office.
func TestReportExpiring(t *testing.T) {
	const (
		header  = "expires status days stars number issued issuer product district"
		sapHet  = "2027-01-10 ! expiring 42 5 7/QĐ-BNN 2024-01-10 Bộ NN và PTNT Mật ong sắp hết hạn Đồng Văn"
		che     = "2028-01-15 valid 412 4 1/QĐ-UBND 2025-01-15 UBND tỉnh Chè Lũng Cú Đồng Văn"
		expired = "9/QĐ-UBND"
	)
	for _, tc := range []struct {
		days string
		want []string
	}{
		{"90", []string{header, sapHet, "", "1 certificate expires within 90 days of 2026-11-29."}},
		{"42", []string{header, sapHet, "", "1 certificate expires within 42 days of 2026-11-29."}},
		{"41", []string{"No certificate expires within 41 days of 2026-11-29."}},
		{"0", []string{"No certificate expires within 0 days of 2026-11-29."}},
		{"500", []string{header, sapHet, che, "", "2 certificates expire within 500 days of 2026-11-29."}},
	} {
		out := reportOutput(t, "certificates", "-expiring", tc.days)
		var got []string
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			got = append(got, strings.Join(strings.Fields(line), " "))
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") || strings.Contains(out, expired) {
			t.Errorf("-expiring %s:\n%s\nwant:\n%s", tc.days, out, strings.Join(tc.want, "\n"))
		}
	}
	// On its last day a certificate expires within 0 days.
	dir := t.TempDir()
	sitetest.Write(t, dir, reportSite)
	code, stdout, stderr := runOcop(t, "report", "certificates", "-expiring", "0", "-site", dir, "-now", "2027-01-10")
	if code != 0 || stderr != "" || !strings.Contains(stdout, "1 certificate expires within 0 days of 2027-01-10.") {
		t.Errorf("last day: exit %d, stderr %q\n%s", code, stderr, stdout)
	}
	// The CSV has the same columns as the full report, and only those rows.
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(reportOutput(t, "certificates", "-format", "csv", "-expiring", "90"), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != "expires" || rows[1][4] != "7/QĐ-BNN" {
		t.Errorf("csv rows = %q", rows)
	}
}
