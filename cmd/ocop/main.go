// Command ocop builds the catalogue of certified OCOP products from YAML
// product records and Markdown stories into a multilingual static site.
//
// Usage:
//
//	ocop build [-site DIR] [-out DIR] [-baseurl URL] [-now YYYY-MM-DD] [-drafts] [-cache DIR] [-lang vi|en]
//	ocop check [-site DIR] [-format text|json|github] [-now YYYY-MM-DD] [-cache DIR] [-lang vi|en]
//	ocop new product <district>/<slug> | new producer <slug> | new story <slug> [-lang CODE]
//	ocop report translations|certificates [-format text|csv] [-lang vi|en]
//	ocop serve [-site DIR] [-addr 127.0.0.1:1313] [-open] [-cache DIR] [-lang vi|en]
//	ocop pdf [-site DIR] [-lang CODE] [-district SLUG [-labels] | -stars N] [-o FILE]
//	ocop version
//
// What ocop says to the editor (its messages, summaries, reports and the
// preview's error overlay) is in Vietnamese or English: -lang chooses,
// else the environment's language (LC_ALL, LC_MESSAGES, LANG, LANGUAGE),
// else the site's first language.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/write"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `ocop builds the catalogue of certified OCOP products into a static web site.

Usage:

	ocop <command> [flags]

Commands:

	build     build the site into a folder (default: public)
	check     check the site and report every problem, writing nothing
	new       start a new product, producer or story from a skeleton
	report    report certificates or translations, as a table or CSV
	serve     preview the site: rebuild on every change and reload the browser
	pdf       print a catalogue or a sheet of booth labels to PDF (needs Chromium)
	version   print ocop's version

Run "ocop <command> -h" for a command's flags.
`

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// run is the whole program: it parses args, runs the command, writes to
// stdout and stderr, and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	p := argsPrinter(args)
	if len(args) == 0 {
		fmt.Fprint(stderr, p.Sprintf(usage))
		return exitUsage
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(ctx, args[1:], stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "pdf":
		return runPDF(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "ocop", version())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "-h"}, stdout, stderr)
		}
		fmt.Fprint(stdout, p.Sprintf(usage))
		return exitOK
	}
	fmt.Fprint(stderr, p.Sprintf("ocop: unknown command %q", args[0])+"\n\n"+p.Sprintf(usage))
	return exitUsage
}

// version is the release's tag when the release built the binary
// (releaseVersion, in version.go), else the module version; then the VCS
// revision it was built from, when known, and the Go version.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if releaseVersion != "" {
			return releaseVersion
		}
		return "(unknown)"
	}
	v := releaseVersion
	if v == "" {
		v = info.Main.Version
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " (" + rev + modified + ")"
	}
	return v + " " + info.GoVersion
}

// flagSet returns a FlagSet that prints its usage to stderr, in p's
// language, and reports errors instead of exiting.
func flagSet(name, synopsis string, p diag.Printer, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, p.Sprintf("usage: ocop %s", synopsis)+"\n\n"+p.Sprintf("Flags:")+"\n")
		printDefaults(fs, p)
	}
	return fs
}

// printDefaults prints the flags of fs as flag.PrintDefaults does, with
// "(default …)" in p's language. (The help of each flag is already in it.)
func printDefaults(fs *flag.FlagSet, p diag.Printer) {
	fs.VisitAll(func(f *flag.Flag) {
		var b strings.Builder
		fmt.Fprintf(&b, "  -%s", f.Name)
		name, help := flag.UnquoteUsage(f)
		if name != "" {
			b.WriteString(" " + name)
		}
		if b.Len() <= 4 {
			b.WriteString("\t")
		} else {
			b.WriteString("\n    \t")
		}
		b.WriteString(strings.ReplaceAll(help, "\n", "\n    \t"))
		switch def := f.DefValue; {
		case def == "" || def == "0" || def == "false":
		case fmt.Sprintf("%T", f.Value) == "*flag.stringValue":
			b.WriteString(p.Sprintf(" (default %q)", def))
		default:
			b.WriteString(p.Sprintf(" (default %v)", def))
		}
		fmt.Fprintln(fs.Output(), b.String())
	})
}

// argsPrinter is the printer of a command's arguments before they are
// parsed (for its usage and help): the language of their -lang flag, else
// the environment's, else that of the site their -site flag names.
func argsPrinter(args []string) diag.Printer {
	lang, site := "", "."
	for i, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !ok && i+1 < len(args) {
			value = args[i+1]
		}
		switch name {
		case "lang":
			lang = value
		case "site":
			site = value
		}
	}
	if !validLang(lang) {
		lang = ""
	}
	return printer(lang, site)
}

// parseFlags parses args, returning the exit status to stop with, if any.
func parseFlags(fs *flag.FlagSet, p diag.Printer, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(fs.Output(), p.Sprintf("ocop %s: unexpected argument %q", fs.Name(), fs.Arg(0)))
		fs.Usage()
		return exitUsage, false
	}
	return 0, true
}

// dateFlag is a -now flag: a date written YYYY-MM-DD, today by default.
type dateFlag struct{ t time.Time }

func (d *dateFlag) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d *dateFlag) Set(s string) error {
	t, err := load.ParseDate(s)
	if err != nil {
		return err
	}
	d.t = t
	return nil
}

// today is the current date in the local time zone, as a date at UTC midnight.
func today() time.Time {
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// cacheOption is the -cache flag of build and serve.
type cacheOption struct{ value *string }

func cacheFlag(fs *flag.FlagSet, p diag.Printer) cacheOption {
	return cacheOption{fs.String("cache", "", p.Sprintf("the `folder` where a build keeps the photos' sizes and what the next build needs to reuse its output (default: .ocop-cache in the site's folder; \"off\" for none)"))}
}

// dir is the cache folder for the site: "" for none.
func (c cacheOption) dir(site string) string {
	switch *c.value {
	case "":
		return filepath.Join(site, ".ocop-cache")
	case "off":
		return ""
	}
	return *c.value
}

// buildMemoryLimit is the soft memory limit of ocop build and ocop check:
// 900 MiB, so that with what the runtime keeps besides the heap, they stay
// under 1 GiB.
const buildMemoryLimit = 900 << 20

// memoryLimit is the limit given to build.Options.MemoryLimit: unless told
// otherwise (GOMEMLIMIT), a big catalogue is built in under 1 GiB.
func memoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	return buildMemoryLimit
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	p := argsPrinter(args)
	fs := flagSet("build", "build [-site DIR] [-out DIR] [-baseurl URL] [-now YYYY-MM-DD] [-drafts] [-cache DIR] [-lang vi|en]", p, stderr)
	site := fs.String("site", ".", p.Sprintf("the site's `folder` (with site.yaml, content/, templates/, static/)"))
	out := fs.String("out", "", p.Sprintf("the output `folder`, replaced whole by each build (default: public inside the site's folder)"))
	baseURL := fs.String("baseurl", "", p.Sprintf("the site's address, such as https://ocop.example.vn/ (default: baseURL in site.yaml)"))
	var now dateFlag
	fs.Var(&now, "now", p.Sprintf("judge certificates valid as of this `date` (YYYY-MM-DD; default: today)"))
	drafts := fs.Bool("drafts", false, p.Sprintf("include stories marked draft: true"))
	cache := cacheFlag(fs, p)
	cpuProfile := fs.String("cpuprofile", "", p.Sprintf("write a CPU profile of the build to `file` (for go tool pprof)"))
	lang := langFlag(fs, p)
	if code, ok := parseFlags(fs, p, args); !ok {
		return code
	}
	if !validLang(*lang) {
		fmt.Fprintln(stderr, p.Sprintf("ocop %s: -lang %q: use vi or en", "build", *lang))
		return exitUsage
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "ocop build: -cpuprofile: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	if now.t.IsZero() {
		now.t = today()
	}
	if *out == "" {
		*out = filepath.Join(*site, "public")
	}
	p = printer(*lang, *site)
	progress := newProgress(stderr, p)
	rep, err := build.Build(ctx, build.Options{
		SiteDir: *site, Theme: ocop.Theme(), Out: *out, BaseURL: *baseURL, Now: now.t, Drafts: *drafts, CacheDir: cache.dir(*site),
		MemoryLimit: memoryLimit(), Progress: progress.report(),
	})
	progress.done()
	printDiagnostics(stderr, p, rep.Diagnostics)
	if err != nil {
		var list *diag.ErrorList
		if errors.As(err, &list) {
			n, _ := rep.Diagnostics.Count()
			fmt.Fprintln(stderr, p.Sprintf("ocop: %s; nothing was written", errorCount(n)))
		} else {
			fmt.Fprintln(stderr, p.Sprintf("ocop: %v", err))
			fmt.Fprintln(stderr, p.Sprintf("ocop: the build failed; the previous output is unchanged"))
		}
		return exitFail
	}
	if rep.Unchanged {
		// A build killed since the output was made may have left its
		// folder beside it; a build that does nothing leaves nothing.
		write.RemoveStale(*out)
	}
	var langs []string
	for _, l := range rep.Pages {
		langs = append(langs, fmt.Sprintf("%s %d", l.Code, l.Pages))
	}
	_, warnings := rep.Diagnostics.Count()
	files := diag.M("%d files", rep.Files)
	switch {
	case rep.Unchanged:
		files = diag.M("nothing changed since the last build: the output is as it was")
	case rep.Kept > 0:
		files = diag.M("%d files (%d made again, %d written, %d unchanged)", rep.Files, rep.Made, rep.Files-rep.Kept, rep.Kept)
	}
	fmt.Fprintln(stdout, p.Sprintf("ocop: built %s: %s (%d certified as of %s); pages: %s; %s, %.1f MB; %s in %s",
		*out, diag.Plural(rep.Products, "%d product", "%d products"), rep.Current, now.t.Format(time.DateOnly),
		strings.Join(langs, ", "), files, float64(rep.Bytes)/1e6,
		warningCount(warnings), rep.Duration.Round(time.Millisecond)))
	return exitOK
}

func printDiagnostics(w io.Writer, p diag.Printer, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(w, p.String(d))
	}
}

// errorCount and warningCount say "1 error", "2 errors", … ("2 lỗi").
func errorCount(n int) diag.Msg   { return diag.Plural(n, "%d error", "%d errors") }
func warningCount(n int) diag.Msg { return diag.Plural(n, "%d warning", "%d warnings") }
