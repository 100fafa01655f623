package images

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// The encoders of the other formats are C libraries compiled to
// WebAssembly (wasm/README.md says which, and how they were built), run by
// wazero, a WebAssembly runtime in pure Go: no cgo, and the same bytes on
// every machine. wazero compiles a module to machine code before it runs
// (about a second for libavif): that is done once per process, when the
// first variant of the format is encoded, and the compiled code is kept in
// the cache folder (<cache>/wasm/), so that the next build loads it
// instead of compiling it again.

//go:embed wasm/avif-encode.wasm.gz
var avifModule []byte

// AVIF: libavif's speed 0 (slowest, smallest) to 10 (fastest). At 9 and
// 10 (the same files) encoding takes a third to a half of the time of 8,
// for files 1–5% larger at the same quality and a lower SSIM; 6 takes
// three times as long as 8 for no smaller files (docs/photos.md). Variants
// wider than avifSmall pixels are encoded at avifSpeed, the others at
// avifSpeedSmall: at speed 9 no quality of the smallest (320) keeps within
// 0.01 of the JPEG's SSIM with 40% fewer bytes, and it costs a tenth of
// the largest's time at 8.
const (
	avifSpeed      = 9
	avifSpeedSmall = 8
	avifSmall      = 480
)

// avifSpeedAt is the speed of an AVIF variant w pixels wide.
func avifSpeedAt(w int) int {
	if w <= avifSmall {
		return avifSpeedSmall
	}
	return avifSpeed
}

// avifQuality is the quality of an AVIF variant w pixels wide: the
// setting for the widest, 2 less up to 960 pixels, 4 less up to 480. On
// phone photos a small variant keeps more of its structure at a given
// quality and saves fewer bytes against its JPEG than a large one, so each
// gets the lowest quality that keeps it within 0.01 of the JPEG's SSIM
// with 40% fewer bytes (docs/photos.md).
func avifQuality(s Settings, w int) int {
	q := s.AVIFQuality
	switch {
	case w <= 480:
		q -= 4
	case w <= 960:
		q -= 2
	}
	return max(q, 1)
}

// A codec is one encoder module.
type codec struct {
	format string
	module []byte // gzipped WebAssembly
	// effort is the encoder's speed setting (AVIF's speed, WebP's
	// method) for a variant w pixels wide.
	effort func(w int) int
	// fixed are the encoder's settings that are not Settings, for the Key.
	fixed string
	// quality is the quality of a variant w pixels wide.
	quality func(s Settings, w int) int
	// call encodes an RGBA image (pixels at ptr in the module's memory)
	// and returns the address of the encoded bytes; their length is
	// written at sizePtr.
	call func(ctx context.Context, enc api.Function, ptr, w, h, sizePtr uint64, quality, effort int) ([]uint64, error)

	sum  sync.Once
	hash string // of the module, for the Key

	start   sync.Once
	startAt time.Duration // how long compiling or loading it took
	started atomic.Bool
	rt      wazero.Runtime
	cm      wazero.CompiledModule
	err     error
}

var avifCodec = &codec{
	format:  FormatAVIF,
	module:  avifModule,
	effort:  avifSpeedAt,
	fixed:   fmt.Sprintf("speed=%d speed%d<=%d yuv420 quality-4<=480 quality-2<=960", avifSpeed, avifSpeedSmall, avifSmall),
	quality: avifQuality,
	call: func(ctx context.Context, enc api.Function, ptr, w, h, sizePtr uint64, q, speed int) ([]uint64, error) {
		// encode(rgba, width, height, size, quality, quality_alpha, speed, chroma=420)
		return enc.Call(ctx, ptr, w, h, sizePtr, uint64(q), uint64(q), uint64(speed), 3)
	},
}

// codecs are the formats Settings.Formats may name, in the order of Plan.
var codecs = []*codec{avifCodec}

func codecOf(format string) *codec {
	for _, c := range codecs {
		if c.format == format {
			return c
		}
	}
	return nil
}

// id is the SHA-256 of the module, so that another build of the encoder
// changes the Key.
func (c *codec) id() string {
	c.sum.Do(func() {
		s := sha256.Sum256(c.module)
		c.hash = hex.EncodeToString(s[:8])
	})
	return c.hash
}

// compilationCaches are wazero's caches of compiled modules, by folder:
// runtimes that share one compile a module once.
var compilationCaches sync.Map // folder → wazero.CompilationCache

// init starts the runtime and compiles the module, once per process; the
// compiled code is kept in cacheDir/wasm (none when cacheDir is "").
func (c *codec) init(cacheDir string) error {
	c.start.Do(func() {
		t := time.Now()
		defer func() { c.startAt = time.Since(t); c.started.Store(true) }()
		ctx := context.Background()
		cfg := wazero.NewRuntimeConfig()
		key := ""
		if cacheDir != "" {
			key = filepath.Join(cacheDir, "wasm")
		}
		cache, ok := compilationCaches.Load(key)
		if !ok {
			var err error
			var cc wazero.CompilationCache
			if key != "" {
				cc, err = wazero.NewCompilationCacheWithDir(key)
			}
			if key == "" || err != nil {
				cc = wazero.NewCompilationCache() // in memory
			}
			cache, _ = compilationCaches.LoadOrStore(key, cc)
		}
		cfg = cfg.WithCompilationCache(cache.(wazero.CompilationCache))
		c.rt = wazero.NewRuntimeWithConfig(ctx, cfg)
		if _, err := wasi_snapshot_preview1.Instantiate(ctx, c.rt); err != nil {
			c.err = err
			return
		}
		r, err := gzip.NewReader(bytes.NewReader(c.module))
		if err != nil {
			c.err = err
			return
		}
		wasm, err := io.ReadAll(r)
		if err != nil {
			c.err = err
			return
		}
		c.cm, c.err = c.rt.CompileModule(ctx, wasm)
	})
	return c.err
}

// errEncode: the encoder returned nothing.
var errEncode = errors.New("the encoder failed")

// encode encodes m (opaque) at quality q. Each call has its own instance
// of the module (instantiating one takes about a millisecond), so calls
// run in parallel and a call's memory is freed when it returns.
func (c *codec) encode(cacheDir string, m *image.RGBA, q int) ([]byte, error) {
	return c.encodeEffort(cacheDir, m, q, c.effort(m.Rect.Dx()))
}

// encodeEffort is encode with another speed setting, for measurements.
func (c *codec) encodeEffort(cacheDir string, m *image.RGBA, q, effort int) ([]byte, error) {
	if err := c.init(cacheDir); err != nil {
		return nil, fmt.Errorf("starting the %s encoder: %w", c.format, err)
	}
	ctx := context.Background()
	mod, err := c.rt.InstantiateModule(ctx, c.cm, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, err
	}
	defer mod.Close(ctx)
	alloc, enc := mod.ExportedFunction("malloc"), mod.ExportedFunction("encode")
	if alloc == nil || enc == nil {
		return nil, fmt.Errorf("the %s module lacks malloc or encode", c.format)
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	pix := m.Pix
	if m.Stride != 4*w {
		pix = make([]byte, 0, 4*w*h)
		for y := range h {
			pix = append(pix, m.Pix[y*m.Stride:y*m.Stride+4*w]...)
		}
	}
	r, err := alloc.Call(ctx, uint64(len(pix)))
	if err != nil || r[0] == 0 {
		return nil, fmt.Errorf("allocating %d bytes in the %s encoder: %v", len(pix), c.format, err)
	}
	in := r[0]
	if !mod.Memory().Write(uint32(in), pix) {
		return nil, fmt.Errorf("writing into the %s encoder", c.format)
	}
	r, err = alloc.Call(ctx, 8)
	if err != nil || r[0] == 0 {
		return nil, fmt.Errorf("allocating in the %s encoder: %v", c.format, err)
	}
	sizePtr := r[0]
	r, err = c.call(ctx, enc, in, uint64(w), uint64(h), sizePtr, q, effort)
	if err != nil {
		return nil, err
	}
	size, ok := mod.Memory().ReadUint64Le(uint32(sizePtr))
	if !ok || size == 0 || r[0] == 0 {
		return nil, errEncode
	}
	out, ok := mod.Memory().Read(uint32(r[0]), uint32(size))
	if !ok {
		return nil, errEncode
	}
	// out is a view of the module's memory, freed with it.
	return bytes.Clone(out), nil
}
