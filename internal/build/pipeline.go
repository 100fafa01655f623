package build

import (
	"context"
	"io/fs"
	"os"

	"github.com/hagiang-ocop/ocop/internal/admin"
	"github.com/hagiang-ocop/ocop/internal/deps"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/photos"
	"github.com/hagiang-ocop/ocop/internal/render"
)

// Pipeline runs the stages that ocop build, check and serve share: it
// loads the site, models the catalogue, makes the photos and prepares the
// renderer, whose files the writer (or the server) makes. A Pipeline kept
// between runs (ocop serve) reads again only the files that changed and
// remembers the collation keys of names and the photos it made. It is not
// safe for concurrent use.
type Pipeline struct {
	opt     Options
	site    fs.FS
	tracker *load.Tracker // what is read of site; nil when Options.Record is off
	loader  *load.Loader
	keys    *model.KeyCache
	photos  *photos.Maker
	// admin are the CMS's packages, read at the first run that renders.
	admin *admin.Packages
	// seed is what the previous build read, for the next run's table.
	seed *deps.Saved
}

// NewPipeline returns the Pipeline of the site opt describes.
func NewPipeline(opt Options) *Pipeline {
	site := opt.Site
	if site == nil {
		site = SiteFS(opt.SiteDir)
	}
	var tracker *load.Tracker
	if opt.Record {
		tracker = load.Track(site)
		site = tracker
	}
	return &Pipeline{
		opt:     opt,
		site:    site,
		tracker: tracker,
		loader:  load.NewLoader(site, opt.Theme),
		keys:    &model.KeyCache{},
		photos:  photos.New(opt.CacheDir),
	}
}

// SiteFS is the site's folder, read so that no path leaves it: a link in
// the site that leads outside (to a file or, on the way, a folder),
// however it appeared after the site was read, is not followed there.
func SiteFS(dir string) fs.FS {
	root, err := os.OpenRoot(dir)
	if err != nil {
		// No such folder: nothing can be read, and loading says why.
		return os.DirFS(dir)
	}
	return root.FS()
}

// Seed gives the next run the deps of the previous build (its pages'
// records index them): pages the previous build made can then be checked
// and kept (render.Renderer.Checker).
func (p *Pipeline) Seed(prev *deps.Saved) { p.seed = prev }

// Site returns the file system the pipeline reads the site from.
func (p *Pipeline) Site() fs.FS { return p.site }

// Reads returns what the pipeline read from the site so far (with
// Options.Record; nil without).
func (p *Pipeline) Reads() []load.Observation {
	if p.tracker == nil {
		return nil
	}
	return p.tracker.Observations()
}

// Read reports whether the pipeline read the file or folder p of the
// site (with Options.Record): a change to it matters, even when its name
// is one that editors' temporary files have.
func (p *Pipeline) Read(path string) bool {
	return p.tracker != nil && p.tracker.Read(path)
}

// Stages is what a run of the pipeline made, as far as it went.
type Stages struct {
	Source *load.Source
	// Catalogue is set once the site could be modelled, also when the
	// content has errors (ocop check looks it over all the same).
	Catalogue *model.Catalogue
	// Renderer is set when every stage went without errors.
	Renderer *render.Renderer
}

// stage says how far a run goes.
type stage int

const (
	stageModel  stage = iota // load and model
	stageRender              // and make the photos and the renderer
)

// Run reads the site (the changed paths again, slash-separated and
// relative to the site, or all of it when changed is nil) and runs the
// stages until one has errors. A panic on the way (a bug that some
// content meets) is an error of the run, not the end of the program; the
// Pipeline then starts afresh.
func (p *Pipeline) Run(ctx context.Context, changed []string) (*Stages, diag.List) {
	return p.stages(ctx, changed, stageRender)
}

func (p *Pipeline) stages(ctx context.Context, changed []string, until stage) (st *Stages, diags diag.List) {
	st = &Stages{}
	defer func() {
		if r := recover(); r != nil {
			st = &Stages{}
			diags.Errorf(diag.Pos{}, "internal", "ocop failed while building the site: %v", r)
			p.loader = load.NewLoader(p.site, p.opt.Theme)
			p.keys = &model.KeyCache{}
		}
	}()
	p.opt.Progress.tell(StepRead, 0, 0)
	if changed == nil {
		st.Source, diags = p.loader.Load()
	} else {
		st.Source, diags = p.loader.Update(changed)
	}
	if st.Source == nil {
		return st, diags
	}
	if p.opt.BaseURL != "" {
		if err := load.CheckBaseURL(p.opt.BaseURL); err != nil {
			diags.Errorf(diag.Pos{File: "-baseurl"}, "url", "%v", err)
			return st, diags
		}
	}
	cat, mdiags := model.Build(st.Source, model.Options{Now: p.opt.Now, BaseURL: p.opt.BaseURL, Drafts: p.opt.Drafts, Keys: p.keys})
	diags = append(diags, mdiags...)
	st.Catalogue = cat
	if diags.HasErrors() || until == stageModel {
		return st, diags
	}
	// Photos already made are remembered: only a new or changed one is
	// made here.
	ph, pdiags := p.photos.Make(ctx, cat, p.site, p.opt.Progress.of(StepPhotos))
	diags = append(diags, pdiags...)
	if diags.HasErrors() {
		return st, diags
	}
	var table *deps.Table
	if p.opt.Record {
		table = deps.NewTableFrom(p.seed)
	}
	if p.admin == nil {
		a, err := admin.ReadPackages()
		if err != nil {
			diags.Errorf(diag.Pos{}, "internal", "ocop failed while building the site: %v", err)
			return st, diags
		}
		p.admin = a
	}
	r, rdiags := render.New(cat, render.Options{Photos: ph, Deps: table, Admin: p.admin})
	diags = append(diags, rdiags...)
	if !diags.HasErrors() {
		st.Renderer = r
	}
	return st, diags
}

// run runs every stage for a build, adding to rep what they found; the
// error is a *diag.ErrorList when the content has errors.
func (p *Pipeline) run(ctx context.Context, changed []string, rep *Report) (*Stages, error) {
	st, diags := p.Run(ctx, changed)
	rep.Diagnostics = append(rep.Diagnostics, diags...)
	rep.Diagnostics.Sort()
	p.report(st, rep)
	if err := rep.Diagnostics.Err(); err != nil {
		return nil, err
	}
	rep.Photos = p.photos.Stats()
	return st, nil
}

// report adds to rep what the catalogue holds.
func (p *Pipeline) report(st *Stages, rep *Report) {
	cat := st.Catalogue
	if cat == nil {
		return
	}
	rep.Catalogue = cat
	rep.Products, rep.Current = len(cat.Products), cat.Current
	rep.Pages = nil
	if rep.Diagnostics.HasErrors() {
		return
	}
	counts := cat.PageCount()
	for i, l := range cat.Languages {
		rep.Pages = append(rep.Pages, LangPages{Code: l.Code, Pages: counts[i]})
	}
}
