package images

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// WebP is not made (it did not earn its place beside AVIF and JPEG:
// docs/photos.md), but the tests can make it, to measure it again: libwebp
// compiled to WebAssembly (wasm/README.md), embedded in the test binary
// only.

//go:embed wasm/webp.wasm.gz
var webpModule []byte

const (
	formatWebP  = "webp"
	webpMethod  = 4  // libwebp's method: 0 (fastest) to 6 (smallest)
	webpQuality = 85 // the lowest within 0.01 of the JPEG's SSIM
)

var webpCodec = &codec{
	format:  formatWebP,
	module:  webpModule,
	effort:  func(int) int { return webpMethod },
	fixed:   fmt.Sprintf("method=%d quality=%d lossy", webpMethod, webpQuality),
	quality: func(Settings, int) int { return webpQuality },
	call: func(ctx context.Context, enc api.Function, ptr, w, h, sizePtr uint64, q, method int) ([]uint64, error) {
		// encode(rgba, width, height, size, colorspace=rgba, quality, method, lossless=0, exact=0)
		return enc.Call(ctx, ptr, w, h, sizePtr, 0, uint64(q), uint64(method), 0, 0)
	},
}

func init() { codecs = append(codecs, webpCodec) }
