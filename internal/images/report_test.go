package images

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/hagiang-ocop/ocop/bench/photos/photogen"

	"github.com/hagiang-ocop/ocop/bench/photos/ssim"
)

// TestPhotoReport measures what docs/photos.md reports, on phone-like
// photos from bench/photos/photogen (seeds 1 to N):
//
//   - the quality of the resampling, ocop-images-1 against Processing2:
//     the structural similarity (SSIM) of each variant, before and after
//     JPEG encoding, to a Lanczos-3 resampling of the whole original in
//     float64 (x/image/draw);
//   - JPEG against AVIF and WebP at several settings: bytes, SSIM to the
//     resampled picture the encoders were given, encoding time.
//
// It runs only when OCOP_PHOTO_REPORT is the number of photos; AVIF files
// are decoded with avifdec (Debian's libavif-bin), for measuring only:
//
//	OCOP_PHOTO_REPORT=8 go test -run TestPhotoReport -v -timeout 60m ./internal/images
//
// OCOP_PHOTO_REPORT_AVIF="9:58,60,62 8:60" measures only those AVIF
// settings (speed:qualities) against the JPEG.
func TestPhotoReport(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("OCOP_PHOTO_REPORT"))
	if n <= 0 {
		t.Skip("set OCOP_PHOTO_REPORT to the number of photos to measure")
	}
	avifdec, err := exec.LookPath("avifdec")
	if err != nil {
		t.Fatal("avifdec (libavif-bin) is needed to decode AVIF for SSIM")
	}
	type candidate struct {
		format      string
		quality, at int // at: AVIF speed or WebP method
	}
	cands := []candidate{{"jpeg", 80, 0}}
	for _, q := range []int{55, 57, 58, 59, 60, 62, 65} {
		cands = append(cands, candidate{FormatAVIF, q, 8})
	}
	cands = append(cands, candidate{FormatAVIF, 60, 6}, candidate{FormatAVIF, 60, 9}, candidate{FormatAVIF, 62, 9}, candidate{FormatAVIF, 60, 10})
	for _, q := range []int{75, 80, 85, 90} {
		cands = append(cands, candidate{formatWebP, q, 4})
	}
	cands = append(cands, candidate{formatWebP, 85, 6})
	// OCOP_PHOTO_REPORT_AVIF="9:56,58,60 8:60" measures those AVIF
	// settings (speed:qualities) alone, beside the JPEG.
	if set := os.Getenv("OCOP_PHOTO_REPORT_AVIF"); set != "" {
		cands = cands[:1]
		for _, f := range strings.Fields(set) {
			speed, qs, _ := strings.Cut(f, ":")
			at, err := strconv.Atoi(speed)
			if err != nil {
				t.Fatalf("OCOP_PHOTO_REPORT_AVIF: %q", f)
			}
			for _, q := range strings.Split(qs, ",") {
				n, err := strconv.Atoi(q)
				if err != nil {
					t.Fatalf("OCOP_PHOTO_REPORT_AVIF: %q", f)
				}
				cands = append(cands, candidate{FormatAVIF, n, at})
			}
		}
	}
	widths := DefaultWidths

	type sample struct{ bytes, ssim, secs float64 }
	type quality struct{ p1, p2, p1jpeg, p2jpeg float64 }
	var mu sync.Mutex
	got := map[candidate]map[int][]sample{} // by width, one per photo
	qual := map[int][]quality{}
	tmp := t.TempDir()

	photoOne := func(seed uint64) {
		ph, err := photogen.Generate(seed, photogen.Options{})
		if err != nil {
			t.Error(err)
			return
		}
		info, err := Inspect(ph.JPEG, Settings{})
		if err != nil {
			t.Error(err)
			return
		}
		img, err := decode(ph.JPEG, info)
		if err != nil {
			t.Error(err)
			return
		}
		o := info.Orientation
		plan := Plan(info, Settings{})
		full := toRGBA(img)
		r1 := resizer{src: full}
		r2 := planeResizer{src: img.(*image.YCbCr)}
		lanczos := &draw.Kernel{Support: 3, At: func(t float64) float64 {
			if t == 0 {
				return 1
			}
			if t < 0 {
				t = -t
			}
			if t >= 3 {
				return 0
			}
			return 3 * math.Sin(math.Pi*t) * math.Sin(math.Pi*t/3) / (math.Pi * math.Pi * t * t)
		}}
		for i := len(plan) - 1; i >= 0; i-- {
			v := plan[i]
			sw, sh := v.Width, v.Height
			if o >= 5 {
				sw, sh = sh, sw
			}
			ref := image.NewRGBA(image.Rect(0, 0, sw, sh))
			lanczos.Scale(ref, ref.Rect, full, full.Rect, draw.Src, nil)
			ref = orient(ref, o)
			p1 := orient(r1.resize(v, o), o)
			pic := r2.resize(v, o)
			p2 := pic.RGBA()
			j1, _ := encode(p1, v, DefaultQuality)
			var j2 bytes.Buffer
			if err := jpeg.Encode(&j2, pic.ycbcr, &jpeg.Options{Quality: DefaultQuality}); err != nil {
				t.Error(err)
				return
			}
			q := quality{ssim.Mean(p1, ref), ssim.Mean(p2, ref), ssim.Mean(decodeAny(t, j1), ref), ssim.Mean(decodeAny(t, j2.Bytes()), ref)}

			// The formats, against the picture they were given (p2).
			var samples []sample
			for _, c := range cands {
				start := time.Now()
				var b []byte
				var err error
				switch c.format {
				case "jpeg":
					var buf bytes.Buffer
					err = jpeg.Encode(&buf, pic.ycbcr, &jpeg.Options{Quality: c.quality})
					b = buf.Bytes()
				default:
					b, err = codecOf(c.format).encodeEffort("", p2, c.quality, c.at)
				}
				secs := time.Since(start).Seconds()
				if err != nil {
					t.Error(c, err)
					return
				}
				var back image.Image
				switch c.format {
				case FormatAVIF:
					in := filepath.Join(tmp, fmt.Sprintf("%d-%d-%d-%d.avif", seed, v.Width, c.quality, c.at))
					out := strings.TrimSuffix(in, ".avif") + ".png"
					if err := os.WriteFile(in, b, 0o644); err != nil {
						t.Fatal(err)
					}
					if msg, err := exec.Command(avifdec, in, out).CombinedOutput(); err != nil {
						t.Fatalf("avifdec: %v: %s", err, msg)
					}
					png, err := os.ReadFile(out)
					if err != nil {
						t.Fatal(err)
					}
					back = decodeAny(t, png)
					os.Remove(in)
					os.Remove(out)
				case formatWebP:
					back, err = webp.Decode(bytes.NewReader(b))
					if err != nil {
						t.Fatal(err)
					}
				default:
					back = decodeAny(t, b)
				}
				samples = append(samples, sample{float64(len(b)), ssim.Mean(back, p2), secs})
			}
			mu.Lock()
			qual[v.Width] = append(qual[v.Width], q)
			for k, c := range cands {
				if got[c] == nil {
					got[c] = map[int][]sample{}
				}
				got[c][v.Width] = append(got[c][v.Width], samples[k])
			}
			mu.Unlock()
		}
		t.Logf("photo %d done (orientation %d)", seed, o)
	}

	seeds := make(chan uint64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for s := range seeds {
				photoOne(s)
			}
		})
	}
	for s := 1; s <= n; s++ {
		seeds <- uint64(s)
	}
	close(seeds)
	wg.Wait()

	var out strings.Builder
	fmt.Fprintf(&out, "\nResampling, SSIM to a Lanczos-3 resampling of the original (mean over %d photos; worst):\n\n", n)
	fmt.Fprintf(&out, "| width | ocop-images-1 pixels | Processing2 pixels | ocop-images-1 JPEG | Processing2 JPEG |\n|---|---|---|---|---|\n")
	for _, w := range widths {
		qs := qual[w]
		col := func(f func(quality) float64) string {
			var sum float64
			worst := 1.0
			for _, q := range qs {
				sum += f(q)
				worst = min(worst, f(q))
			}
			return fmt.Sprintf("%.4f (%.4f)", sum/float64(len(qs)), worst)
		}
		fmt.Fprintf(&out, "| %d | %s | %s | %s | %s |\n", w, col(func(q quality) float64 { return q.p1 }),
			col(func(q quality) float64 { return q.p2 }), col(func(q quality) float64 { return q.p1jpeg }), col(func(q quality) float64 { return q.p2jpeg }))
	}
	fmt.Fprintf(&out, "\nFormats, against the JPEG of quality 80 (mean over %d photos; SSIM to the resampled picture):\n\n", n)
	fmt.Fprintf(&out, "| format | setting | width | mean bytes | bytes / JPEG | SSIM | SSIM − JPEG (mean; worst) | encode s |\n|---|---|---|---|---|---|---|---|\n")
	jp := got[cands[0]]
	for _, c := range cands {
		var totalSecs float64
		for _, w := range widths {
			ss := got[c][w]
			var b, jb, s, js, secs float64
			worst := math.Inf(1)
			for i, x := range ss {
				b += x.bytes
				jb += jp[w][i].bytes
				s += x.ssim
				js += jp[w][i].ssim
				secs += x.secs
				worst = min(worst, x.ssim-jp[w][i].ssim)
			}
			k := float64(len(ss))
			totalSecs += secs / k
			setting := fmt.Sprintf("q%d", c.quality)
			switch c.format {
			case FormatAVIF:
				setting += fmt.Sprintf(" speed %d", c.at)
			case formatWebP:
				setting += fmt.Sprintf(" method %d", c.at)
			}
			fmt.Fprintf(&out, "| %s | %s | %d | %.0f | %.2f | %.4f | %+.4f; %+.4f | %.3f |\n", c.format, setting, w, b/k, b/jb, s/k, (s-js)/k, worst, secs/k)
		}
		fmt.Fprintf(&out, "| %s | | all | | | | | %.2f per photo |\n", c.format, totalSecs)
	}
	t.Log(out.String())
}
