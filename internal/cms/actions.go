package cms

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// The parameters of the actions, as Decap CMS's proxy backend sends them
// (decap-server's src/middlewares/types.ts). Every one also carries
// "branch", which is ignored.

type entriesByFolderParams struct {
	Folder    string `json:"folder"`
	Extension string `json:"extension"`
	Depth     int    `json:"depth"`
}

type fileRef struct {
	Path  string `json:"path"`
	Label string `json:"label,omitempty"`
}

type entriesByFilesParams struct {
	Files []fileRef `json:"files"`
}

type pathParams struct {
	Path string `json:"path"`
}

type dataFile struct {
	Slug    string  `json:"slug"`
	Path    string  `json:"path"`
	Raw     *string `json:"raw"`
	NewPath string  `json:"newPath"`
}

type asset struct {
	Path     string `json:"path"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
}

type persistEntryParams struct {
	Entry     *dataFile  `json:"entry"` // the older form of dataFiles
	DataFiles []dataFile `json:"dataFiles"`
	Assets    []asset    `json:"assets"`
	Options   struct {
		NewEntry    bool `json:"newEntry"`
		UseWorkflow bool `json:"useWorkflow"`
	} `json:"options"`
}

type getMediaParams struct {
	MediaFolder string `json:"mediaFolder"`
}

type persistMediaParams struct {
	Asset *asset `json:"asset"`
}

type deleteFilesParams struct {
	Paths []string `json:"paths"`
}

// The replies.

// entry is a record as the CMS reads it; Data and ID are null for a file
// that is missing.
type entry struct {
	Data *string   `json:"data"`
	File entryFile `json:"file"`
}

type entryFile struct {
	Path  string  `json:"path"`
	Label string  `json:"label,omitempty"`
	ID    *string `json:"id"`
}

// mediaFile is a photo as the CMS reads it.
type mediaFile struct {
	ID       string `json:"id"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
	Path     string `json:"path"`
	Name     string `json:"name"`
}

type message struct {
	Message string `json:"message"`
}

// do runs one action and returns its reply.
func (h *handler) do(req request) (any, error) {
	params := func(v any) error {
		if len(req.Params) == 0 || string(req.Params) == "null" {
			return errorf(http.StatusUnprocessableEntity, "the action %s needs its params", req.Action)
		}
		if err := json.Unmarshal(req.Params, v); err != nil {
			return errorf(http.StatusUnprocessableEntity, "the params of %s are not as the CMS sends them: %v", req.Action, err)
		}
		return nil
	}
	switch req.Action {
	case "info":
		return map[string]any{"repo": h.opt.Repo, "publish_modes": []string{"simple"}, "type": "local_fs"}, nil

	case "entriesByFolder":
		var p entriesByFolderParams
		if err := params(&p); err != nil {
			return nil, err
		}
		dir, err := sitePath(p.Folder, folder)
		if err != nil {
			return nil, err
		}
		if p.Depth < 1 {
			p.Depth = 1
		}
		suffix := ""
		if ext := strings.TrimPrefix(p.Extension, "."); ext != "" {
			suffix = "." + strings.ToLower(ext)
		}
		h.mu.RLock()
		defer h.mu.RUnlock()
		files, err := h.listFiles(dir, p.Depth, func(name string) bool {
			return recordExts[strings.ToLower(path.Ext(name))] && strings.HasSuffix(strings.ToLower(name), suffix)
		})
		if err != nil {
			return nil, err
		}
		refs := make([]fileRef, len(files))
		for i, f := range files {
			refs[i] = fileRef{Path: f}
		}
		return h.entries(refs)

	case "entriesByFiles":
		var p entriesByFilesParams
		if err := params(&p); err != nil {
			return nil, err
		}
		for _, f := range p.Files {
			if _, err := sitePath(f.Path, record); err != nil {
				return nil, err
			}
		}
		h.mu.RLock()
		defer h.mu.RUnlock()
		return h.entries(p.Files)

	case "getEntry":
		var p pathParams
		if err := params(&p); err != nil {
			return nil, err
		}
		if _, err := sitePath(p.Path, record); err != nil {
			return nil, err
		}
		h.mu.RLock()
		defer h.mu.RUnlock()
		es, err := h.entries([]fileRef{{Path: p.Path}})
		if err != nil {
			return nil, err
		}
		return es[0], nil

	case "persistEntry":
		var p persistEntryParams
		if err := params(&p); err != nil {
			return nil, err
		}
		return h.persistEntry(p)

	case "getMedia":
		var p getMediaParams
		if err := params(&p); err != nil {
			return nil, err
		}
		dir, err := sitePath(p.MediaFolder, folder)
		if err != nil {
			return nil, err
		}
		h.mu.RLock()
		defer h.mu.RUnlock()
		files, err := h.listFiles(dir, 1, func(name string) bool { return mediaExts[strings.ToLower(path.Ext(name))] })
		if err != nil {
			return nil, err
		}
		out := []mediaFile{}
		for _, f := range files {
			m, err := h.mediaFile(f)
			if err != nil {
				// One unreadable or oversized photo does not hide the others.
				h.logf("cms: getMedia: %v", err)
				continue
			}
			out = append(out, m)
		}
		return out, nil

	case "getMediaFile":
		var p pathParams
		if err := params(&p); err != nil {
			return nil, err
		}
		if _, err := sitePath(p.Path, media); err != nil {
			return nil, err
		}
		h.mu.RLock()
		defer h.mu.RUnlock()
		return h.mediaFile(p.Path)

	case "persistMedia":
		var p persistMediaParams
		if err := params(&p); err != nil {
			return nil, err
		}
		if p.Asset == nil {
			return nil, errorf(http.StatusUnprocessableEntity, "persistMedia needs an asset")
		}
		w, err := h.decodeAsset(*p.Asset)
		if err != nil {
			return nil, err
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if err := h.writeAll([]write{w}, nil); err != nil {
			return nil, err
		}
		return h.mediaFile(w.path)

	case "deleteFile", "deleteFiles":
		var paths []string
		if req.Action == "deleteFile" {
			var p pathParams
			if err := params(&p); err != nil {
				return nil, err
			}
			paths = []string{p.Path}
		} else {
			var p deleteFilesParams
			if err := params(&p); err != nil {
				return nil, err
			}
			if len(p.Paths) == 0 {
				return nil, errorf(http.StatusUnprocessableEntity, "deleteFiles needs at least one path")
			}
			paths = p.Paths
		}
		for _, q := range paths {
			if _, err := sitePath(q, anyFile); err != nil {
				return nil, err
			}
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		gone := map[string]bool{}
		for _, q := range paths {
			gone[q] = true
		}
		for _, q := range paths {
			if err := h.photoInUse(q, nil, gone); err != nil {
				return nil, err
			}
		}
		for _, q := range paths {
			if err := h.removeFile(q); err != nil {
				return nil, err
			}
		}
		if req.Action == "deleteFile" {
			return message{"deleted file " + paths[0]}, nil
		}
		return message{"deleted files " + strings.Join(paths, ", ")}, nil

	case "getDeployPreview":
		return nil, nil

	case "unpublishedEntries", "unpublishedEntry", "unpublishedEntryDataFile", "unpublishedEntryMediaFile",
		"deleteUnpublishedEntry", "updateUnpublishedEntryStatus", "publishUnpublishedEntry":
		return nil, errorf(http.StatusUnprocessableEntity, "the editorial workflow (%s) is not available on this computer: set publish_mode to simple", req.Action)
	}
	return nil, errorf(http.StatusUnprocessableEntity, "Unknown action %s", req.Action)
}

// entries reads the records named by refs (checked paths). A missing
// record, or one through a link, is an entry with null data and id, as
// decap-server gives it; a larger one than a record may be is an error.
func (h *handler) entries(refs []fileRef) ([]entry, error) {
	out := make([]entry, 0, len(refs))
	for _, ref := range refs {
		e := entry{File: entryFile{Path: ref.Path, Label: ref.Label}}
		data, err := h.readFile(ref.Path, h.opt.MaxRecordBytes)
		switch {
		case err == nil:
			s, id := string(data), fileID(data)
			e.Data, e.File.ID = &s, &id
		case !errors.Is(err, fs.ErrNotExist):
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// mediaFile reads the photo at p (a checked path) for the CMS.
func (h *handler) mediaFile(p string) (mediaFile, error) {
	data, err := h.readFile(p, h.opt.MaxMediaBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return mediaFile{}, errorf(http.StatusNotFound, "there is no photo at %s", p)
	}
	if err != nil {
		return mediaFile{}, err
	}
	return mediaFile{
		ID:       fileID(data),
		Content:  base64.StdEncoding.EncodeToString(data),
		Encoding: "base64",
		Path:     p,
		Name:     path.Base(p),
	}, nil
}

// decodeAsset checks a photo the CMS sends and decodes it.
func (h *handler) decodeAsset(a asset) (write, error) {
	p, err := sitePath(a.Path, media)
	if err != nil {
		return write{}, err
	}
	if a.Encoding != "base64" {
		return write{}, errorf(http.StatusUnprocessableEntity, "the photo %s is sent as %q; the CMS sends photos in base64", p, a.Encoding)
	}
	if int64(base64.StdEncoding.DecodedLen(len(a.Content))) > h.opt.MaxMediaBytes+2 {
		return write{}, errorf(http.StatusRequestEntityTooLarge, "the photo %s is larger than %s, the most a photo may be; make it smaller", p, size(h.opt.MaxMediaBytes))
	}
	data, err := base64.StdEncoding.DecodeString(a.Content)
	if err != nil {
		return write{}, errorf(http.StatusUnprocessableEntity, "the photo %s is not good base64: %v", p, err)
	}
	if int64(len(data)) > h.opt.MaxMediaBytes {
		return write{}, errorf(http.StatusRequestEntityTooLarge, "the photo %s is larger than %s, the most a photo may be; make it smaller", p, size(h.opt.MaxMediaBytes))
	}
	return write{path: p, data: data}, nil
}

// persistEntry writes an entry's records and its new photos: the photos
// first, so that a record never names a photo not yet there. Everything
// is checked before anything is written.
func (h *handler) persistEntry(p persistEntryParams) (any, error) {
	files := p.DataFiles
	switch {
	case p.Entry != nil && len(files) > 0:
		return nil, errorf(http.StatusUnprocessableEntity, "persistEntry takes entry or dataFiles, not both")
	case p.Entry != nil:
		files = []dataFile{*p.Entry}
	case len(files) == 0:
		return nil, errorf(http.StatusUnprocessableEntity, "persistEntry needs the files to write")
	}
	var writes []write
	for _, a := range p.Assets {
		w, err := h.decodeAsset(a)
		if err != nil {
			return nil, err
		}
		writes = append(writes, w)
	}
	moves := 0
	for _, f := range files {
		q, err := sitePath(f.Path, record)
		if err != nil {
			return nil, err
		}
		if f.Raw == nil {
			return nil, errorf(http.StatusUnprocessableEntity, "the record %s has no text", q)
		}
		if int64(len(*f.Raw)) > h.opt.MaxRecordBytes {
			return nil, errorf(http.StatusRequestEntityTooLarge, "the record %s is larger than %s, the most a record may be", q, size(h.opt.MaxRecordBytes))
		}
		if f.NewPath != "" {
			if _, err := sitePath(f.NewPath, record); err != nil {
				return nil, err
			}
			moves++
		}
		writes = append(writes, write{path: q, data: []byte(*f.Raw)})
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	// A new entry never replaces a file: its name was taken since the CMS
	// chose it (or the CMS did not know of it).
	fresh := map[string]bool{}
	if p.Options.NewEntry {
		for _, f := range files {
			fresh[f.Path] = true
		}
	}
	// Like decap-server, a rename happens only when every record has its
	// new path; unlike it, only the records move, never the other files
	// of their folder (a district's folder holds all its products).
	var renames [][2]string
	if moves == len(files) {
		for _, f := range files {
			if f.NewPath != f.Path {
				renames = append(renames, [2]string{f.Path, f.NewPath})
			}
		}
		for _, r := range renames {
			if err := h.prepare(write{path: r[1]}, true); err != nil {
				return nil, err
			}
		}
	}
	if h.opt.Format != nil {
		for i := len(p.Assets); i < len(writes); i++ {
			w := &writes[i]
			prev, err := h.readFile(w.path, h.opt.MaxRecordBytes)
			if errors.Is(err, fs.ErrNotExist) {
				prev, err = nil, nil
			}
			if err != nil {
				return nil, err
			}
			data, err := h.opt.Format(w.path, prev, w.data)
			if err != nil {
				return nil, errorf(http.StatusUnprocessableEntity, "%s: %v", w.path, err)
			}
			if int64(len(data)) > h.opt.MaxRecordBytes {
				return nil, errorf(http.StatusRequestEntityTooLarge, "the record %s is larger than %s, the most a record may be", w.path, size(h.opt.MaxRecordBytes))
			}
			w.data = data
		}
	}
	if err := h.writeAll(writes, fresh); err != nil {
		return nil, err
	}
	for _, r := range renames {
		if err := h.root.MkdirAll(native(path.Dir(r[1])), 0o755); err != nil {
			return nil, err
		}
		if err := h.root.Rename(native(r[0]), native(r[1])); err != nil {
			return nil, err
		}
	}
	return message{"entry persisted"}, nil
}

// writeAll checks writes whole (the files named in fresh must not exist
// yet), then writes each. It is called with h.mu held.
func (h *handler) writeAll(writes []write, fresh map[string]bool) error {
	seen := map[string]bool{}
	records := map[string]bool{} // those written now may name their own photos
	for _, w := range writes {
		if seen[strings.ToLower(w.path)] {
			return errorf(http.StatusUnprocessableEntity, "%s is sent twice", w.path)
		}
		seen[strings.ToLower(w.path)] = true
		if recordExts[strings.ToLower(path.Ext(w.path))] {
			records[w.path] = true
		}
	}
	for _, w := range writes {
		if err := h.prepare(w, fresh[w.path]); err != nil {
			return err
		}
		if err := h.photoInUse(w.path, w.data, records); err != nil {
			return err
		}
	}
	if h.opt.Check != nil {
		for _, w := range writes {
			if err := h.opt.Check(w.path, bytes.Clone(w.data)); err != nil {
				return errorf(http.StatusUnprocessableEntity, "%s", err.Error())
			}
		}
	}
	for _, w := range writes {
		if err := h.writeFile(w); err != nil {
			return err
		}
	}
	return nil
}
