// Package build runs the stages of a build in order: load the site, model
// the catalogue, render the files and write them. It stops before writing
// anything when the content has errors.
package build

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/hagiang-ocop/ocop/internal/check"
	"github.com/hagiang-ocop/ocop/internal/deps"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/images"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/render"
	"github.com/hagiang-ocop/ocop/internal/write"
)

// Options say what to build and where.
type Options struct {
	// SiteDir is the site's folder. Site, when set, is read instead of it
	// (tests build from memory); SiteDir still anchors the output checks.
	SiteDir string
	Site    fs.FS
	// Theme is the built-in theme under the site's own templates, strings
	// and static files.
	Theme fs.FS
	// Out is the output folder.
	Out string
	// BaseURL, when set, replaces site.yaml's baseURL.
	BaseURL string
	// Now is the date certificates are judged valid on.
	Now time.Time
	// Drafts includes stories marked draft.
	Drafts bool
	// CacheDir keeps what the next build needs to reuse this one's output
	// (its manifest) and the photos' sizes; "" keeps nothing and makes
	// every file and photo.
	CacheDir string
	// MemoryLimit, when set, is a soft limit on the memory of the program
	// during the build, raised while the output is written when what is
	// live comes near it (see softLimit); 0 leaves the Go runtime's own
	// setting (GOMEMLIMIT).
	MemoryLimit int64
	// Record records what each page reads (package deps), so that a later
	// build, or ocop serve after a change, can tell which pages are
	// unchanged. Build sets it when there is a cache.
	Record bool
	// Progress, when set, is told how far a build has come (see
	// Progress). It is called from several goroutines, never at once.
	Progress Progress
}

// Step is a stage of a build, as Progress tells it.
type Step int

// The steps of a build, in order.
const (
	StepRead   Step = iota + 1 // reading and checking the site
	StepPhotos                 // making the photos' sizes
	StepWrite                  // making and writing the files
)

// Progress is told which step a build is in and, for a step that counts,
// how many of its total things are done (total 0 for one that does not).
type Progress func(step Step, done, total int)

// tell calls f when it is set.
func (f Progress) tell(step Step, done, total int) {
	if f != nil {
		f(step, done, total)
	}
}

// of is what tells f how far one step has come; nil when f is.
func (f Progress) of(step Step) func(done, total int) {
	if f == nil {
		return nil
	}
	return func(done, total int) { f(step, done, total) }
}

// Report says what a build found and did.
type Report struct {
	// Diagnostics are the errors and warnings about the content.
	Diagnostics diag.List
	// Pages counts the HTML pages per language, in the site's order.
	Pages []LangPages
	// Products counts the products, Current those certified on the date.
	Products, Current int
	Files             int
	Bytes             int64
	// Kept counts the files kept from the previous output, unchanged;
	// Made those that were made (rendered, read, minified): a file kept
	// by what it read was not made.
	Kept, Made int
	// Photos says what making the photos' sizes took: how many were
	// decoded and encoded, and how many came from the cache.
	Photos images.Stats
	// Unchanged reports that nothing changed since the last build, which
	// left the output as it was.
	Unchanged bool
	Duration  time.Duration
	// Catalogue is the site's catalogue (nil when Unchanged).
	Catalogue *model.Catalogue
}

// LangPages is the number of pages in one language.
type LangPages struct {
	Code  string
	Pages int
}

// Build builds the site. With errors in the content it returns a
// *diag.ErrorList and writes nothing; the report's diagnostics hold the
// warnings as well.
func Build(ctx context.Context, opt Options) (*Report, error) {
	start := time.Now()
	rep := &Report{}
	if err := write.CheckOut(opt.SiteDir, opt.Out); err != nil {
		return rep, err
	}
	opt.Record = opt.CacheDir != ""
	defer limitMemory(opt.MemoryLimit)()
	p := NewPipeline(opt)
	c := openCache(opt)
	// Whether anything changed is asked of the folder directly: os.Root
	// resolves each path one name at a time, which tens of thousands of
	// files feel; and nothing read here is published.
	site := opt.Site
	if site == nil {
		site = os.DirFS(opt.SiteDir)
	}
	if c.unchanged(site) {
		// Nothing to do: say again what the last build said.
		c.replay(rep)
		rep.Unchanged = true
		rep.Duration = time.Since(start)
		return rep, nil
	}
	prev := c.reusable()
	if prev != nil {
		p.Seed(prev.Deps)
	}
	// The photos the last build measured are not read again if unchanged.
	p.loader.Remember(c.knownImages())
	st, err := p.run(ctx, nil, rep)
	if err != nil {
		return rep, err
	}
	files, err := st.Renderer.Files()
	if err != nil {
		return rep, err
	}
	raiseMemoryLimit(opt.MemoryLimit)
	var check *deps.Checker
	if prev != nil && prev.Theme == st.Catalogue.ThemeVersion {
		check = st.Renderer.Checker()
	}
	opt.Progress.tell(StepWrite, 0, len(files))
	res, err := write.Site(ctx, opt.Out, files, p.site, prev, check, opt.Progress.of(StepWrite))
	if err != nil {
		// A template that fails on a page is the site's mistake: said at
		// its place in the template, as ocop check says it.
		if pe := (*render.PageError)(nil); errors.As(err, &pe) {
			templateErrors([]error{pe}, st.Catalogue.Theme, &rep.Diagnostics)
			rep.Diagnostics.Sort()
			return rep, rep.Diagnostics.Err()
		}
		return rep, err
	}
	res.Manifest.Theme = st.Catalogue.ThemeVersion
	var records []*deps.Record
	for _, e := range res.Manifest.Files {
		if e.Reads != nil {
			records = append(records, e.Reads)
		}
	}
	res.Manifest.Deps = st.Renderer.SaveDeps(records)
	rep.Files, rep.Bytes, rep.Kept, rep.Made = res.Files, res.Bytes, res.Kept, res.Made
	if opt.CacheDir != "" {
		if _, err := p.photos.Prune(); err != nil {
			rep.Diagnostics.Warnf(diag.Pos{File: opt.CacheDir}, "cache", "old photos could not be removed from the cache: %v", err)
		}
	}
	if err := c.save(res.Manifest, p.Reads(), p.loader.KnownImages(), rep); err != nil {
		rep.Diagnostics.Warnf(diag.Pos{File: opt.CacheDir}, "cache", "the build cache could not be saved (%v); the next build makes every file again", err)
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// Model loads the site and models its catalogue, adding the diagnostics of
// both stages to rep. It returns a *diag.ErrorList when there are errors;
// rep.Catalogue is then what could be made of the site, for reports.
func Model(opt Options, rep *Report) (*model.Catalogue, error) {
	p := NewPipeline(opt)
	st, diags := p.stages(context.Background(), nil, stageModel)
	rep.Diagnostics = append(rep.Diagnostics, diags...)
	rep.Diagnostics.Sort()
	p.report(st, rep)
	if err := rep.Diagnostics.Err(); err != nil {
		return nil, err
	}
	return st.Catalogue, nil
}

// Check does everything a build does but write: it loads and models the
// site, runs every template into nothing (so that template errors show
// too), and adds the checks of package check. The report's diagnostics
// hold everything found; the error is a *diag.ErrorList when any is an
// error.
func Check(ctx context.Context, opt Options) (*Report, error) {
	start := time.Now()
	rep := &Report{}
	opt.Record = false
	defer limitMemory(opt.MemoryLimit)()
	p := NewPipeline(opt)
	st, diags := p.Run(ctx, nil)
	rep.Diagnostics = append(rep.Diagnostics, diags...)
	p.report(st, rep)
	if r := st.Renderer; r != nil {
		raiseMemoryLimit(opt.MemoryLimit)
		files, err := r.Files()
		if err != nil {
			rep.Diagnostics.Errorf(diag.Pos{}, "search", "%v", err)
		}
		templateErrors(renderAll(ctx, files), st.Catalogue.Theme, &rep.Diagnostics)
	}
	// The warnings about what is there are worth seeing while errors are
	// fixed elsewhere: they do not wait for a clean site.
	if rep.Catalogue != nil {
		rep.Diagnostics = append(rep.Diagnostics, check.Site(rep.Catalogue, check.Options{Now: opt.Now})...)
	}
	rep.Diagnostics.Sort()
	rep.Duration = time.Since(start)
	return rep, rep.Diagnostics.Err()
}

// renderAll runs the Render function of every file into nothing, in
// parallel, and returns the errors.
func renderAll(ctx context.Context, files []render.File) []error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		next = make(chan *render.File)
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if err := f.Render(io.Discard); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		if files[i].Render == nil {
			continue
		}
		select {
		case next <- &files[i]:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		errs = append(errs, ctx.Err())
	}
	return errs
}

// templateErrors reports each template error once, with the number of
// pages it fails on and the first of them.
func templateErrors(errs []error, theme *load.Theme, diags *diag.List) {
	type seen struct {
		count int
		first string
	}
	problems := map[string]*seen{}
	var order []string
	for _, err := range errs {
		problem, url := err.Error(), ""
		var pe *render.PageError
		if errors.As(err, &pe) {
			problem, url = pe.Problem(), pe.URL
		}
		s := problems[problem]
		if s == nil {
			s = &seen{first: url}
			problems[problem] = s
			order = append(order, problem)
		}
		s.count++
		if url != "" && (s.first == "" || url < s.first) {
			s.first = url
		}
	}
	for _, p := range order {
		s := problems[p]
		pos, msg := render.TemplateProblem(theme, p)
		switch {
		case s.first == "": // not a page's error
			diags.Errorf(pos, "template", "%s", msg)
		case s.count == 1:
			diags.Errorf(pos, "template", "in the template: %s (on %s)", msg, s.first)
		default:
			diags.Errorf(pos, "template", "in the template: %s (on %d pages, such as %s)", msg, s.count, s.first)
		}
	}
}

// limitMemory sets the soft memory limit of a build asked to stay under
// limit (none when limit is 0), and returns what puts the previous one
// back.
func limitMemory(limit int64) (restore func()) {
	if limit <= 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// raiseMemoryLimit raises the limit of limitMemory, before the files are
// made, to what softLimit allows.
func raiseMemoryLimit(limit int64) {
	if limit > 0 {
		debug.SetMemoryLimit(softLimit(limit))
	}
}

// softLimit is the soft memory limit of a build asked to stay under limit:
// writing the output, the heap grows by what the pages share (cards and
// print entries made once per language, the search index) and by the
// buffers of the files being made, and the garbage collector lets it grow
// to twice what is live before it collects. Past a soft limit it collects
// sooner instead: at 16,000 products, the peak is 0.91 GiB instead of
// 1.4 GiB, for 3% more time (docs/performance.md). A catalogue so big
// that what is live already comes near the limit gets room above it,
// headroom, where collecting stays cheap enough, rather than a collector
// that never stops.
func softLimit(limit int64) int64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live := int64(sample[0].Value.Uint64())
		limit = max(limit, live+headroom)
	}
	return limit
}

// headroom is how much the heap may grow above what is live, at least,
// once the output is being written: as much as Go's collector allows by
// default when 400 MiB are live.
const headroom = 400 << 20
