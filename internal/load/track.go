package load

import (
	"errors"
	"hash/crc32"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"
)

// Tracker is a site's file system that notes everything read from it:
// each file read (with a sum of its bytes and what its status said
// before the reading), each status looked at, each folder listed, each
// name found missing. A build reads the site through one; the next build
// asks Unchanged whether the site would still give the same, which sees
// every file any stage read, whatever its name (a photo called .jpg
// included), and is not fooled by an edit that keeps the file's size and
// modification time (cp -p, rsync -t, touch -r): on Linux and macOS the
// inode's change time, which no tool can set back, must be the same too,
// and elsewhere every file is read again. A Tracker is safe for
// concurrent use.
type Tracker struct {
	fsys  fs.FS
	start time.Time
	mu    sync.Mutex
	seen  map[obsKey]Observation
}

type obsKey struct {
	path string
	kind ObsKind
}

// ObsKind is what an Observation saw.
type ObsKind uint8

const (
	// ObsFile is a file read whole: its bytes' sum, and its status.
	ObsFile ObsKind = iota + 1
	// ObsStat is a status looked at (without following a link): the
	// kind of file and its size.
	ObsStat
	// ObsDir is a folder listed: the names and kinds of its entries.
	ObsDir
	// ObsMissing is a name that was not there.
	ObsMissing
	// ObsOther is anything else (a file opened rather than read whole, an
	// error other than a missing file): it counts as changed every time.
	ObsOther
)

// Observation is one thing a Tracker saw.
type Observation struct {
	Path string
	Kind ObsKind
	Meta Meta
	Sum  uint64
}

// Meta is what a file's status says about its content.
type Meta struct {
	Size    int64
	Type    fs.FileMode // the type bits
	ModTime int64       // nanoseconds
	// Change, Ino and Dev are the inode's change time and identity, where
	// the system gives them (Full).
	Change   int64
	Ino, Dev uint64
	Full     bool
	// Racy reports a status that changed so close to the reading that
	// another change in the same tick of the clock could leave it as it
	// is: such a file is read again next time.
	Racy bool
}

// Track returns a Tracker of fsys.
func Track(fsys fs.FS) *Tracker {
	return &Tracker{fsys: fsys, start: time.Now(), seen: map[obsKey]Observation{}}
}

// racyWindow is how close to the start of a reading a change must be for
// the status of a file to be racy: more than the coarsest clock tick of
// the file systems in use (FAT's two seconds).
const racyWindow = 3 * time.Second

func (t *Tracker) note(o Observation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	k := obsKey{o.Path, o.Kind}
	if _, ok := t.seen[k]; ok {
		// The first reading is what the build used.
		return
	}
	t.seen[k] = o
}

// noteErr notes a name that could not be looked at: missing, or another
// error.
func (t *Tracker) noteErr(name string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		t.note(Observation{Path: name, Kind: ObsMissing})
	} else {
		t.note(Observation{Path: name, Kind: ObsOther})
	}
}

// Observations returns what t saw, by path and kind.
func (t *Tracker) Observations() []Observation {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := slices.Collect(maps.Values(t.seen))
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Kind < out[j].Kind
	})
	return out
}

// Read reports whether t saw the file or folder p read or looked at.
func (t *Tracker) Read(p string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []ObsKind{ObsFile, ObsStat, ObsDir, ObsMissing, ObsOther} {
		if _, ok := t.seen[obsKey{p, k}]; ok {
			return true
		}
	}
	return false
}

func (t *Tracker) meta(info fs.FileInfo) Meta {
	m := metaOf(info)
	start := t.start.Add(-racyWindow).UnixNano()
	m.Racy = m.ModTime >= start || m.Change >= start
	return m
}

// Open opens a file; what is read from it is not summed, so it counts as
// changed next time (the stages read files whole, with ReadFile).
func (t *Tracker) Open(name string) (fs.File, error) {
	f, err := t.fsys.Open(name)
	if err != nil {
		t.noteErr(name, err)
		return nil, err
	}
	t.note(Observation{Path: name, Kind: ObsOther})
	return f, nil
}

// ReadFile reads a whole file, noting its status (looked at before the
// reading: a change during it shows next time) and its bytes' sum.
func (t *Tracker) ReadFile(name string) ([]byte, error) {
	info, err := lstat(t.fsys, name)
	if err != nil {
		t.noteErr(name, err)
		return nil, err
	}
	data, err := fs.ReadFile(t.fsys, name)
	if err != nil {
		t.noteErr(name, err)
		return nil, err
	}
	t.note(Observation{Path: name, Kind: ObsFile, Meta: t.meta(info), Sum: sum(data)})
	return data, nil
}

// Trust notes the file name, whose status the caller just looked at
// (info, from Lstat), as read with the sum sum, without reading it, when
// that status (size, times, inode) is m's and m was not racy: what
// Unchanged would take as the same file. It reports whether it did; if
// not, the caller reads the file (ReadFile). A build with a cache uses it
// not to read again the photos its last build measured.
func (t *Tracker) Trust(name string, info fs.FileInfo, m Meta, sum uint64) bool {
	if !sameFile(metaOf(info), m) {
		return false
	}
	t.note(Observation{Path: name, Kind: ObsFile, Meta: t.meta(info), Sum: sum})
	return true
}

// Seen returns what t noted of the file name read whole.
func (t *Tracker) Seen(name string) (Observation, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	o, ok := t.seen[obsKey{name, ObsFile}]
	return o, ok
}

// sameFile reports whether the status now is the status m, which was not
// racy: the same file, not changed since (see Tracker).
func sameFile(now, m Meta) bool {
	return m.Full && !m.Racy && now.Full && now.Size == m.Size && now.Type == m.Type &&
		now.ModTime == m.ModTime && now.Change == m.Change && now.Ino == m.Ino && now.Dev == m.Dev
}

// Stat returns a file's status, following a symbolic link (noted as
// changed next time: what the link leads to is not watched).
func (t *Tracker) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(t.fsys, name)
	if err != nil {
		t.noteErr(name, err)
		return nil, err
	}
	if l, lerr := lstat(t.fsys, name); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
		t.note(Observation{Path: name, Kind: ObsOther})
	} else {
		t.note(Observation{Path: name, Kind: ObsStat, Meta: t.meta(info)})
	}
	return info, nil
}

// Lstat returns a file's status, not following a symbolic link.
func (t *Tracker) Lstat(name string) (fs.FileInfo, error) {
	info, err := lstat(t.fsys, name)
	if err != nil {
		t.noteErr(name, err)
		return nil, err
	}
	t.note(Observation{Path: name, Kind: ObsStat, Meta: t.meta(info)})
	return info, nil
}

// ReadLink returns a symbolic link's destination (counted as changed next
// time).
func (t *Tracker) ReadLink(name string) (string, error) {
	t.note(Observation{Path: name, Kind: ObsOther})
	return fs.ReadLink(t.fsys, name)
}

// ReadDir lists a folder, noting its entries' names and kinds.
func (t *Tracker) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(t.fsys, name)
	if err != nil {
		t.noteErr(name, err)
		return nil, err
	}
	t.note(Observation{Path: name, Kind: ObsDir, Sum: listingSum(entries)})
	return entries, nil
}

// metaOf reads a status.
func metaOf(info fs.FileInfo) Meta {
	m := Meta{Size: info.Size(), Type: info.Mode().Type(), ModTime: info.ModTime().UnixNano()}
	m.Change, m.Ino, m.Dev, m.Full = inode(info.Sys())
	return m
}

// lstat is fs.Lstat, or fs.Stat where fsys knows no links.
func lstat(fsys fs.FS, name string) (fs.FileInfo, error) {
	if _, ok := fsys.(fs.ReadLinkFS); ok {
		return fs.Lstat(fsys, name)
	}
	return fs.Stat(fsys, name)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sum sums up a file's bytes: two CRC-32s of different polynomials, made
// by the processor's own instructions.
func sum(data []byte) uint64 {
	return uint64(crc32.Checksum(data, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(data))
}

func listingSum(entries []fs.DirEntry) uint64 {
	var b []byte
	for _, e := range entries {
		b = append(b, e.Name()...)
		b = append(b, 0, byte(e.Type()>>24))
	}
	return sum(b)
}

// Unchanged reports whether fsys gives what was observed: every file read
// with the same bytes, every status, folder and missing name the same. A
// file whose full status (size, times, inode) is as it was and was not
// racy is not read again. It returns the first path that differs, or "".
func Unchanged(fsys fs.FS, obs []Observation) (bool, string) {
	for _, o := range obs {
		if !unchanged(fsys, o) {
			return false, o.Path
		}
	}
	return true, ""
}

func unchanged(fsys fs.FS, o Observation) bool {
	switch o.Kind {
	case ObsFile:
		info, err := lstat(fsys, o.Path)
		if err != nil {
			return false
		}
		if sameFile(metaOf(info), o.Meta) {
			return true
		}
		data, err := fs.ReadFile(fsys, o.Path)
		return err == nil && sum(data) == o.Sum
	case ObsStat:
		info, err := lstat(fsys, o.Path)
		if err != nil {
			return false
		}
		m := metaOf(info)
		return m.Type == o.Meta.Type && (m.Type.IsDir() || m.Size == o.Meta.Size)
	case ObsDir:
		entries, err := fs.ReadDir(fsys, o.Path)
		return err == nil && listingSum(entries) == o.Sum
	case ObsMissing:
		_, err := lstat(fsys, o.Path)
		return errors.Is(err, fs.ErrNotExist)
	}
	return false
}
