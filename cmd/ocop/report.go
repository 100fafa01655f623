package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/report"
)

const reportUsage = "report translations|certificates [-site DIR] [-format text|csv] [-o FILE] [-now YYYY-MM-DD] [-expiring DAYS]"

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
	expiring := fs.Int("expiring", 0, "certificates only: list just those valid on -now that expire within this many `days` (0: on that day)")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if *format != "text" && *format != "csv" {
		fmt.Fprintf(stderr, "ocop report: unknown format %q; use text or csv\n", *format)
		return exitUsage
	}
	filter := false
	fs.Visit(func(f *flag.Flag) { filter = filter || f.Name == "expiring" })
	if filter && which != "certificates" {
		fmt.Fprintln(stderr, "ocop report: -expiring is for the certificates report")
		return exitUsage
	}
	if *expiring < 0 {
		fmt.Fprintf(stderr, "ocop report: -expiring %d: the number of days cannot be negative\n", *expiring)
		return exitUsage
	}
	if now.t.IsZero() {
		now.t = today()
	}
	rep := &build.Report{}
	cat, err := build.Model(build.Options{SiteDir: *site, Theme: ocop.Theme(), Now: now.t}, rep)
	code := exitOK
	if err != nil {
		// The records that could be read are still reported, so that the
		// office sees them while the others are fixed; the errors go to
		// the standard error, and the exit status says the report is
		// incomplete.
		errs := 0
		for _, d := range rep.Diagnostics {
			if d.Severity == diag.Error {
				errs++
				fmt.Fprintln(stderr, d.WithSeverity())
			}
		}
		if errs == 0 {
			fmt.Fprintf(stderr, "ocop report: %v\n", err)
		}
		if rep.Catalogue == nil || errs == 0 {
			fmt.Fprintln(stderr, "ocop report: the site could not be read; run ocop check")
			return exitFail
		}
		cat = rep.Catalogue
		fmt.Fprintf(stderr, "ocop report: %s (above); the report shows only what could be read; run ocop check\n", plural(errs, "error", "errors"))
		code = exitFail
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
	var rows []report.Certificate
	if which == "certificates" {
		rows = report.Certificates(cat, now.t)
		if filter {
			rows = report.ExpiringWithin(rows, now.t, *expiring)
		}
	}
	switch {
	case which == "certificates" && *format == "csv":
		err = report.WriteCertificatesCSV(out, rows)
	case which == "certificates" && filter:
		err = report.WriteExpiring(out, rows, now.t, *expiring)
	case which == "certificates":
		err = report.WriteCertificates(out, rows, now.t)
	case *format == "csv":
		err = report.WriteTranslationsCSV(out, cat)
	default:
		err = report.WriteTranslations(out, cat)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ocop report: %v\n", err)
		return exitFail
	}
	return code
}
