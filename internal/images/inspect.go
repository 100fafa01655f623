package images

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Inspect reads only what it needs of data — the headers, and the EXIF
// orientation — to tell the displayed size, the orientation and the format.
// It refuses what is not a JPEG, PNG, GIF or WebP image (ErrUnsupported), a
// header it cannot read (ErrDamaged) and an image of more than s.MaxPixels
// pixels (ErrTooLarge), without decoding any pixels. A file damaged past
// its header passes; Make finds that out.
func Inspect(data []byte, s Settings) (Info, error) {
	s = s.normalize()
	var (
		info Info
		w, h int
		err  error
	)
	switch {
	case len(data) == 0:
		return Info{}, fmt.Errorf("%w: the file is empty", ErrDamaged)
	case bytes.HasPrefix(data, []byte("\xff\xd8")):
		info.Format = "jpeg"
		w, h, err = inspectJPEG(data, s, &info)
	case bytes.HasPrefix(data, []byte(pngSignature)):
		info.Format = "png"
		w, h, err = inspectPNG(data, s, &info)
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		info.Format = "gif"
		w, h, err = inspectGIF(data, s, &info)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		info.Format = "webp"
		w, h, err = inspectWebP(data, s, &info)
	default:
		return Info{}, fmt.Errorf("%w: %s", ErrUnsupported, sniffOther(data))
	}
	if err != nil {
		return Info{}, err
	}
	if info.Orientation < 1 || info.Orientation > 8 {
		info.Orientation = 1
	}
	if info.Orientation >= 5 {
		w, h = h, w
	}
	info.Width, info.Height = w, h
	return info, nil
}

// checkSize refuses an empty size or one over the pixel limit.
func checkSize(format string, w, h int, s Settings) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: the %s header gives a size of %d×%d pixels", ErrDamaged, format, w, h)
	}
	if int64(w)*int64(h) > int64(s.MaxPixels) {
		return fmt.Errorf("%w: %d×%d pixels is %.1f megapixels; the limit is %s", ErrTooLarge,
			w, h, float64(w)*float64(h)/1e6, megapixels(s.MaxPixels))
	}
	return nil
}

func megapixels(n int) string {
	if n%1_000_000 == 0 {
		return fmt.Sprintf("%d megapixels", n/1_000_000)
	}
	return fmt.Sprintf("%d pixels", n)
}

// sniffOther names what data is, when it is none of the formats read here.
func sniffOther(data []byte) string {
	has := func(p string) bool { return bytes.HasPrefix(data, []byte(p)) }
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		switch string(data[8:12]) {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1":
			return "a HEIC/HEIF photo (the iPhone's own format); export it as JPEG"
		case "avif", "avis":
			return "an AVIF image; export it as JPEG or PNG"
		}
		return "a video or ISO media file, not a picture"
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	switch {
	case has("II*\x00"), has("MM\x00*"):
		return "a TIFF image (or a camera raw file); export it as JPEG"
	case has("BM"):
		return "a BMP image; export it as PNG or JPEG"
	case has("%PDF"):
		return "a PDF document, not a picture"
	case has("\x00\x00\x00\x0cjP  "), has("\xff\x4f\xff\x51"):
		return "a JPEG 2000 image; export it as JPEG"
	case has("\xff\x0a"), has("\x00\x00\x00\x0cJXL "):
		return "a JPEG XL image; export it as JPEG"
	case has("8BPS"):
		return "a Photoshop document; export it as JPEG or PNG"
	case bytes.HasPrefix(head, []byte("<")) && bytes.Contains(data, []byte("<svg")):
		return "an SVG image, which is published as it is"
	case has("\xff\xd8"):
		return "a damaged JPEG"
	}
	return "not a JPEG, PNG, GIF or WebP image"
}

// JPEG markers.
const (
	mSOF0 = 0xc0
	mSOF1 = 0xc1
	mSOF2 = 0xc2
	mDHT  = 0xc4
	mJPG  = 0xc8
	mDAC  = 0xcc
	mRST0 = 0xd0
	mRST7 = 0xd7
	mSOI  = 0xd8
	mEOI  = 0xd9
	mSOS  = 0xda
	mAPP1 = 0xe1
)

// inspectJPEG walks the segments up to the frame header, the way
// image/jpeg does (it skips stray bytes and fill bytes likewise), taking
// the orientation from the first Exif APP1 segment.
func inspectJPEG(data []byte, s Settings, info *Info) (int, int, error) {
	truncated := fmt.Errorf("%w: the JPEG ends before its frame header (the file is truncated)", ErrDamaged)
	exifSeen := false
	i := 2
	for {
		// Find the next marker: 0xff, then any fill 0xff, then the code.
		for i < len(data) && data[i] != 0xff {
			i++
		}
		for i < len(data) && data[i] == 0xff {
			i++
		}
		if i >= len(data) {
			return 0, 0, truncated
		}
		m := data[i]
		i++
		switch {
		case m == 0x00, m >= mRST0 && m <= mRST7:
			continue // stuffed byte, or a stray restart marker: no segment
		case m == mEOI:
			return 0, 0, fmt.Errorf("%w: the JPEG ends before its frame header", ErrDamaged)
		case m == mSOS:
			return 0, 0, fmt.Errorf("%w: the JPEG has image data before its frame header", ErrDamaged)
		}
		if i+2 > len(data) {
			return 0, 0, truncated
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 {
			return 0, 0, fmt.Errorf("%w: the JPEG has a segment of impossible length", ErrDamaged)
		}
		if i+n > len(data) {
			return 0, 0, truncated
		}
		seg := data[i+2 : i+n]
		i += n
		switch {
		case m == mAPP1 && !exifSeen && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			exifSeen = true
			info.Orientation = exifOrientation(seg[6:])
		case m == mSOF0 || m == mSOF1 || m == mSOF2:
			if len(seg) < 6 {
				return 0, 0, fmt.Errorf("%w: the JPEG's frame header is too short", ErrDamaged)
			}
			if seg[0] != 8 {
				return 0, 0, fmt.Errorf("%w: a %d-bit JPEG; only 8-bit JPEGs are read", ErrUnsupported, seg[0])
			}
			h := int(binary.BigEndian.Uint16(seg[1:]))
			w := int(binary.BigEndian.Uint16(seg[3:]))
			if h == 0 {
				return 0, 0, fmt.Errorf("%w: a JPEG whose height is given after its image data (DNL)", ErrUnsupported)
			}
			if nc := seg[5]; nc != 1 && nc != 3 && nc != 4 {
				return 0, 0, fmt.Errorf("%w: a JPEG of %d colour components", ErrUnsupported, nc)
			}
			return w, h, checkSize("JPEG", w, h, s)
		case m > mSOF2 && m <= 0xcf && m != mDHT && m != mJPG && m != mDAC:
			return 0, 0, fmt.Errorf("%w: a lossless, hierarchical or arithmetic-coded JPEG; save it as an ordinary (baseline or progressive) JPEG", ErrUnsupported)
		case m < mSOF0:
			return 0, 0, fmt.Errorf("%w: the JPEG has an unknown marker 0x%02x", ErrDamaged, m)
		}
	}
}

// exifOrientation reads the orientation tag (0x0112) of the first image
// directory of a TIFF structure (EXIF data without its "Exif\0\0" prefix);
// it gives 1 when there is none or it cannot be read.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int64(bo.Uint32(t[4:]))
	if off < 8 || off+2 > int64(len(t)) {
		return 1
	}
	n := int64(bo.Uint16(t[off:]))
	for e := off + 2; e+12 <= int64(len(t)) && n > 0; e, n = e+12, n-1 {
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, count := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		if typ != 3 || count < 1 { // SHORT
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// pngDepths are the bit depths each PNG colour type allows.
var pngDepths = map[byte][]byte{0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}

// inspectPNG reads IHDR, then the chunk headers up to the first IDAT, for
// transparency (tRNS), animation (acTL) and orientation (eXIf).
func inspectPNG(data []byte, s Settings, info *Info) (int, int, error) {
	i := len(pngSignature)
	if len(data) < i+8+13 || string(data[i+4:i+8]) != "IHDR" {
		if len(data) < i+8+13 {
			return 0, 0, fmt.Errorf("%w: the PNG ends before its header (the file is truncated)", ErrDamaged)
		}
		return 0, 0, fmt.Errorf("%w: the PNG does not start with its header chunk", ErrDamaged)
	}
	if binary.BigEndian.Uint32(data[i:]) != 13 {
		return 0, 0, fmt.Errorf("%w: the PNG's header chunk has the wrong length", ErrDamaged)
	}
	ihdr := data[i+8 : i+8+13]
	w64, h64 := binary.BigEndian.Uint32(ihdr[0:]), binary.BigEndian.Uint32(ihdr[4:])
	if w64 > 1<<31-1 || h64 > 1<<31-1 {
		return 0, 0, fmt.Errorf("%w: the PNG header gives an impossible size", ErrDamaged)
	}
	w, h := int(w64), int(h64)
	if err := checkSize("PNG", w, h, s); err != nil {
		return 0, 0, err
	}
	depth, ct := ihdr[8], ihdr[9]
	if ds, ok := pngDepths[ct]; !ok || bytes.IndexByte(ds, depth) < 0 {
		return 0, 0, fmt.Errorf("%w: the PNG header gives colour type %d with bit depth %d", ErrDamaged, ct, depth)
	}
	info.HasAlpha = ct == 4 || ct == 6
	i += 8 + 13 + 4
	for {
		if i+8 > len(data) {
			return 0, 0, fmt.Errorf("%w: the PNG ends before its image data (the file is truncated)", ErrDamaged)
		}
		n := int64(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		end := int64(i) + 8 + n + 4
		if typ == "IDAT" || typ == "IEND" {
			if typ == "IEND" {
				return 0, 0, fmt.Errorf("%w: the PNG has no image data", ErrDamaged)
			}
			return w, h, nil
		}
		if n > 1<<31-1 || end > int64(len(data)) {
			return 0, 0, fmt.Errorf("%w: the PNG ends before its image data (the file is truncated)", ErrDamaged)
		}
		body := data[i+8 : i+8+int(n)]
		switch typ {
		case "tRNS":
			info.HasAlpha = true
		case "acTL":
			info.Animated = true
		case "eXIf":
			info.Orientation = exifOrientation(bytes.TrimPrefix(body, []byte("Exif\x00\x00")))
		}
		i = int(end)
	}
}

// inspectGIF reads the logical screen size, then walks the blocks (without
// decompressing any) up to a second frame or the end, for transparency and
// animation.
func inspectGIF(data []byte, s Settings, info *Info) (int, int, error) {
	truncated := fmt.Errorf("%w: the GIF ends before its image data (the file is truncated)", ErrDamaged)
	if len(data) < 13 {
		return 0, 0, truncated
	}
	w := int(binary.LittleEndian.Uint16(data[6:]))
	h := int(binary.LittleEndian.Uint16(data[8:]))
	if err := checkSize("GIF", w, h, s); err != nil {
		return 0, 0, err
	}
	i := 13
	if data[10]&0x80 != 0 {
		i += 3 << (data[10]&7 + 1)
	}
	// skipSubBlocks returns the index after the sub-blocks starting at j.
	skipSubBlocks := func(j int) int {
		for j < len(data) {
			n := int(data[j])
			j++
			if n == 0 {
				return j
			}
			j += n
		}
		return -1
	}
	frames := 0
	for {
		if i >= len(data) {
			if frames > 0 {
				return w, h, nil // image/gif reports a truncated frame
			}
			return 0, 0, truncated
		}
		switch data[i] {
		case 0x21: // extension
			if i+2 > len(data) {
				return 0, 0, truncated
			}
			if data[i+1] == 0xf9 && i+4 <= len(data) && data[i+3]&1 != 0 {
				info.HasAlpha = true // graphic control: transparent colour
			}
			i = skipSubBlocks(i + 2)
		case 0x2c: // image descriptor
			frames++
			if frames > 1 {
				info.Animated = true
				return w, h, nil
			}
			if i+10 > len(data) {
				return 0, 0, truncated
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			i = skipSubBlocks(i + 1) // after the LZW code size
		case 0x3b: // trailer
			if frames == 0 {
				return 0, 0, fmt.Errorf("%w: the GIF has no image", ErrDamaged)
			}
			return w, h, nil
		default:
			if frames > 0 {
				return w, h, nil
			}
			return 0, 0, fmt.Errorf("%w: the GIF has an unknown block 0x%02x", ErrDamaged, data[i])
		}
		if i < 0 {
			if frames > 0 {
				return w, h, nil
			}
			return 0, 0, truncated
		}
	}
}

// inspectWebP reads the first chunk (VP8, VP8L or VP8X) and, for the
// extended format, the flags and the EXIF chunk's orientation.
func inspectWebP(data []byte, s Settings, info *Info) (int, int, error) {
	truncated := fmt.Errorf("%w: the WebP ends before its image header (the file is truncated)", ErrDamaged)
	// chunk returns the fourCC and body of the chunk at i, and the index
	// of the next one.
	chunk := func(i int) (string, []byte, int, bool) {
		if i+8 > len(data) {
			return "", nil, 0, false
		}
		n := int64(binary.LittleEndian.Uint32(data[i+4:]))
		if int64(i)+8+n > int64(len(data)) {
			return string(data[i : i+4]), data[i+8:], len(data), false
		}
		return string(data[i : i+4]), data[i+8 : i+8+int(n)], i + 8 + int(n) + int(n&1), true
	}
	typ, body, next, whole := chunk(12)
	var w, h int
	switch typ {
	case "VP8 ":
		// frame tag (3 bytes, keyframe when bit 0 is 0), start code, sizes
		if len(body) < 10 {
			return 0, 0, truncated
		}
		if body[0]&1 != 0 || string(body[3:6]) != "\x9d\x01\x2a" {
			return 0, 0, fmt.Errorf("%w: the WebP's VP8 frame header is invalid", ErrDamaged)
		}
		w = int(binary.LittleEndian.Uint16(body[6:]) & 0x3fff)
		h = int(binary.LittleEndian.Uint16(body[8:]) & 0x3fff)
	case "VP8L":
		if len(body) < 5 {
			return 0, 0, truncated
		}
		if body[0] != 0x2f {
			return 0, 0, fmt.Errorf("%w: the WebP's VP8L header is invalid", ErrDamaged)
		}
		bits := binary.LittleEndian.Uint32(body[1:])
		w, h = int(bits&0x3fff)+1, int(bits>>14&0x3fff)+1
		info.HasAlpha = bits>>28&1 != 0
	case "VP8X":
		if len(body) < 10 {
			return 0, 0, truncated
		}
		if !whole || len(body) != 10 {
			return 0, 0, fmt.Errorf("%w: the WebP's VP8X header is invalid", ErrDamaged)
		}
		flags := body[0]
		info.HasAlpha = flags&0x10 != 0
		info.Animated = flags&0x02 != 0
		w = int(uint32(body[4])|uint32(body[5])<<8|uint32(body[6])<<16) + 1
		h = int(uint32(body[7])|uint32(body[8])<<8|uint32(body[9])<<16) + 1
		if err := checkSize("WebP", w, h, s); err != nil {
			return 0, 0, err
		}
		if flags&0x08 != 0 {
			for i := next; ; {
				typ, body, n, ok := chunk(i)
				if typ == "EXIF" && ok {
					info.Orientation = exifOrientation(bytes.TrimPrefix(body, []byte("Exif\x00\x00")))
				}
				if !ok || typ == "EXIF" {
					break
				}
				i = n
			}
		}
	case "":
		return 0, 0, truncated
	default:
		return 0, 0, fmt.Errorf("%w: the WebP starts with an unknown chunk %q", ErrDamaged, typ)
	}
	return w, h, checkSize("WebP", w, h, s)
}
