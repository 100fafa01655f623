package load

import (
	"io/fs"
	"path"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/markdown"
)

// CheckRecord decodes data as the record or story at p (relative to the
// site, slash-separated) of a site whose site.yaml is cfg, and reports
// what the loader would say of it: the problems of its name and place,
// and of its fields. The record is a *Product, *Producer or *Story, nil
// when it could not be read.
// What it names elsewhere (its producer, its photos) and other records
// (another with its address) are not looked at. A path that is not a
// record's is an error. It is what ocop serve asks before the CMS writes a
// file.
func CheckRecord(cfg *Config, p string, data []byte) (any, diag.List) {
	l := &loader{cfg: cfg, md: markdown.NewChecker(), kinds: Declarations()}
	for _, lang := range cfg.Languages {
		l.langs = append(l.langs, lang.Code)
	}
	e, _ := l.classify(p, fileEntry(path.Base(p)))
	switch {
	case e == nil:
		var diags diag.List
		diags.Errorf(diag.Pos{File: p}, "misplaced", "%s is not where records go: content/products/<district>/, content/producers/ or content/stories/", p)
		return nil, diags
	case !e.record || e.file.kind == placesFile:
		return nil, e.diags
	}
	var r decoded
	if int64(len(data)) > MaxRecordBytes {
		r.diags.Errorf(diag.Pos{File: p}, "too-large", "the file is %s; the limit is %s", byteSize(int64(len(data))), byteSize(MaxRecordBytes))
		return nil, r.diags
	}
	l.decodeData(e.file, data, true, &r)
	switch {
	case r.product != nil:
		return r.product, r.diags
	case r.producer != nil:
		return r.producer, r.diags
	case r.story != nil:
		return r.story, r.diags
	}
	return nil, r.diags
}

// fileEntry is a regular file's fs.DirEntry, for classify.
type fileEntry string

func (e fileEntry) Name() string               { return string(e) }
func (e fileEntry) IsDir() bool                { return false }
func (e fileEntry) Type() fs.FileMode          { return 0 }
func (e fileEntry) Info() (fs.FileInfo, error) { return e, nil }
func (e fileEntry) Size() int64                { return 0 }
func (e fileEntry) Mode() fs.FileMode          { return 0o644 }
func (e fileEntry) ModTime() time.Time         { return time.Time{} }
func (e fileEntry) Sys() any                   { return nil }
