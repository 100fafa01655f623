package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/report"
)

const reportUsage = "report translations|certificates [-site DIR] [-format text|csv] [-o FILE] [-now YYYY-MM-DD]"

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "translations" && args[0] != "certificates") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprintf(stderr, "usage: ocop %s\n", reportUsage)
			return exitOK
		}
		fmt.Fprintf(stderr, "usage: ocop %s\n", reportUsage)
		return exitUsage
	}
	which := args[0]
	fs := flagSet("report "+which, reportUsage, stderr)
	site := fs.String("site", ".", "the site's `folder`")
	format := fs.String("format", "text", "text (a table) or csv (for a spreadsheet)")
	outFile := fs.String("o", "", "write the report to this `file` instead of the standard output")
	var now dateFlag
	fs.Var(&now, "now", "judge certificates as of this `date` (YYYY-MM-DD; default: today)")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if *format != "text" && *format != "csv" {
		fmt.Fprintf(stderr, "ocop report: unknown format %q; use text or csv\n", *format)
		return exitUsage
	}
	if now.t.IsZero() {
		now.t = today()
	}
	rep := &build.Report{}
	cat, err := build.Model(build.Options{SiteDir: *site, Theme: ocop.Theme(), Now: now.t}, rep)
	if err != nil {
		printDiagnostics(stderr, rep.Diagnostics)
		fmt.Fprintln(stderr, "ocop report: the site has errors; run ocop check")
		return exitFail
	}
	out := stdout
	if *outFile != "" {
		f, err := os.Create(*outFile)
		if err != nil {
			fmt.Fprintf(stderr, "ocop report: %v\n", err)
			return exitFail
		}
		defer f.Close()
		out = f
	}
	switch {
	case which == "certificates" && *format == "csv":
		err = report.WriteCertificatesCSV(out, report.Certificates(cat, now.t))
	case which == "certificates":
		err = report.WriteCertificates(out, report.Certificates(cat, now.t), now.t)
	case *format == "csv":
		err = report.WriteTranslationsCSV(out, cat)
	default:
		err = report.WriteTranslations(out, cat)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ocop report: %v\n", err)
		return exitFail
	}
	return exitOK
}
