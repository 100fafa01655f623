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

const reportUsage = "report translations|certificates [-site DIR] [-format text|csv] [-o FILE] [-now YYYY-MM-DD] [-expiring DAYS] [-lang vi|en]"

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	p := argsPrinter(args)
	if len(args) == 0 || (args[0] != "translations" && args[0] != "certificates") {
		fmt.Fprintln(stderr, p.Sprintf("usage: ocop %s", reportUsage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	which := args[0]
	fs := flagSet("report "+which, reportUsage, p, stderr)
	site := fs.String("site", ".", p.Sprintf("the site's `folder`"))
	format := fs.String("format", "text", p.Sprintf("text (a table) or csv (for a spreadsheet)"))
	outFile := fs.String("o", "", p.Sprintf("write the report to this `file` instead of the standard output"))
	var now dateFlag
	fs.Var(&now, "now", p.Sprintf("judge certificates as of this `date` (YYYY-MM-DD; default: today)"))
	expiring := fs.Int("expiring", 0, p.Sprintf("certificates only: list just those valid on -now that expire within this many `days` (0: on that day)"))
	lang := langFlag(fs, p)
	if code, ok := parseFlags(fs, p, args[1:]); !ok {
		return code
	}
	if !validLang(*lang) {
		fmt.Fprintln(stderr, p.Sprintf("ocop %s: -lang %q: use vi or en", "report", *lang))
		return exitUsage
	}
	if *format != "text" && *format != "csv" {
		fmt.Fprintln(stderr, p.Sprintf("ocop report: unknown format %q; use text or csv", *format))
		return exitUsage
	}
	filter := false
	fs.Visit(func(f *flag.Flag) { filter = filter || f.Name == "expiring" })
	if filter && which != "certificates" {
		fmt.Fprintln(stderr, p.Sprintf("ocop report: -expiring is for the certificates report"))
		return exitUsage
	}
	if *expiring < 0 {
		fmt.Fprintln(stderr, p.Sprintf("ocop report: -expiring %d: the number of days cannot be negative", *expiring))
		return exitUsage
	}
	if now.t.IsZero() {
		now.t = today()
	}
	p = printer(*lang, *site)
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
				fmt.Fprintln(stderr, p.WithSeverity(d))
			}
		}
		if errs == 0 {
			fmt.Fprintln(stderr, p.Sprintf("ocop report: %v", err))
		}
		if rep.Catalogue == nil || errs == 0 {
			fmt.Fprintln(stderr, p.Sprintf("ocop report: the site could not be read; run ocop check"))
			return exitFail
		}
		cat = rep.Catalogue
		fmt.Fprintln(stderr, p.Sprintf("ocop report: %s (above); the report shows only what could be read; run ocop check", errorCount(errs)))
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
		err = report.WriteExpiring(out, p, rows, now.t, *expiring)
	case which == "certificates":
		err = report.WriteCertificates(out, p, rows, now.t)
	case *format == "csv":
		err = report.WriteTranslationsCSV(out, cat)
	default:
		err = report.WriteTranslations(out, p, cat)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ocop report: %v\n", err)
		return exitFail
	}
	return code
}
