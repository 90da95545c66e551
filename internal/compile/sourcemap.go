package compile

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/dop251/goja/file"
	"github.com/go-sourcemap/sourcemap"
)

// mapSyntaxError maps a parse error in esbuild output back through esbuild's source map and returns the
// final *goja.CompilerSyntaxError.
func mapSyntaxError(err error, smap []byte) error {
	var pe *parseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.line > 0 {
		if adj, err := adjustSourceMap(smap, 0); err == nil {
			if sm, err := sourcemap.Parse("", adj); err == nil {
				if _, _, line, col, ok := sm.Source(pe.line, pe.col); ok {
					return NewSyntaxError(pe.name, line, col, pe.msg)
				}
			}
		}
	}
	return NewSyntaxError(pe.name, pe.line, pe.col, pe.msg+" (in transformed code)")
}

// goja looks source maps up with 1-based generated columns and reports the map's source column as is,
// but source maps (and github.com/go-sourcemap/sourcemap) count columns from 0: unadjusted, every mapped
// column would be one too small. adjustSourceMap makes a map 1-based on both sides, so mapped frames
// read like unmapped ones. Generated columns restart at 0 on every line and source columns are deltas
// from the first one, so this only rewrites the first segment of each line and the first segment that
// names a source. line1Shift additionally moves line 1's generated columns (the textual wrapper).
func adjustSourceMap(data []byte, line1Shift int) ([]byte, error) {
	var sm map[string]json.RawMessage
	if err := json.Unmarshal(data, &sm); err != nil {
		return nil, err
	}
	var mappings string
	if err := json.Unmarshal(sm["mappings"], &mappings); err != nil {
		return nil, fmt.Errorf("source map without mappings: %w", err)
	}
	adjusted, err := adjustMappings(mappings, line1Shift)
	if err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(adjusted)
	sm["mappings"] = raw
	return json.Marshal(sm)
}

func adjustMappings(mappings string, line1Shift int) (string, error) {
	lines := strings.Split(mappings, ";")
	sourceDone := false
	for li, line := range lines {
		if line == "" {
			continue
		}
		segs := strings.Split(line, ",")
		for si, seg := range segs {
			if si > 0 && sourceDone {
				break
			}
			fields, err := decodeVLQ(seg)
			if err != nil {
				return "", err
			}
			changed := false
			if si == 0 && len(fields) > 0 {
				fields[0]++
				if li == 0 {
					fields[0] += line1Shift
				}
				changed = true
			}
			if !sourceDone && len(fields) >= 4 {
				fields[3]++
				sourceDone, changed = true, true
			}
			if changed {
				segs[si] = encodeVLQ(fields)
			}
		}
		lines[li] = strings.Join(segs, ",")
	}
	return strings.Join(lines, ";"), nil
}

const vlqDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func decodeVLQ(seg string) ([]int, error) {
	var out []int
	value, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		d := strings.IndexByte(vlqDigits, seg[i])
		if d < 0 || shift > 30 {
			return nil, fmt.Errorf("bad source map segment %q", seg)
		}
		value += (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		if value&1 != 0 {
			out = append(out, -(value >> 1))
		} else {
			out = append(out, value>>1)
		}
		value, shift = 0, 0
	}
	if shift != 0 {
		return nil, fmt.Errorf("truncated source map segment %q", seg)
	}
	return out, nil
}

func encodeVLQ(fields []int) string {
	var b strings.Builder
	for _, v := range fields {
		x := v << 1
		if v < 0 {
			x = (-v)<<1 | 1
		}
		for {
			d := x & 31
			x >>= 5
			if x > 0 {
				d |= 32
			}
			b.WriteByte(vlqDigits[d])
			if x == 0 {
				break
			}
		}
	}
	return b.String()
}

func inlineSourceMap(m []byte) string {
	return "\n//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString(m) + "\n"
}

// sourceMapComment locates a trailing "//# sourceMappingURL=" comment with the same rules as goja's
// parser (last non-empty line, ignoring a final "})"): it returns the URL and the offset of the line.
func sourceMapComment(src string) (url string, at int) {
	rest := src
	for {
		p := strings.LastIndexByte(rest, '\n')
		line := strings.TrimRight(rest[p+1:], "\r")
		if line != "" && line != "})" {
			if after, ok := strings.CutPrefix(line, "//# sourceMappingURL="); ok {
				return strings.TrimSpace(after), p + 1
			}
			return "", -1
		}
		if p < 0 {
			return "", -1
		}
		rest = rest[:p]
	}
}

// prepareSourceMap returns src with its trailing sourceMappingURL comment (if any) replaced by an inline
// copy of the map, adjusted for goja (adjustSourceMap). A map file is read from fsys, the module file
// system, which refuses paths leading out of the root ("../x" is not a valid name in any fs.FS, and an
// os.Root refuses symlinks out); a map that cannot be used is dropped. Only the comment line changes,
// so code positions stay put, and the program cache key (a hash of the result) covers the map's
// content.
func prepareSourceMap(fsys fs.FS, name, src string) string {
	ref, at := sourceMapComment(src)
	if at < 0 {
		return src
	}
	var data []byte
	if strings.HasPrefix(ref, "data:") {
		meta, payload, ok := strings.Cut(ref, ",")
		if ok && strings.HasSuffix(meta, ";base64") {
			data, _ = base64.StdEncoding.DecodeString(payload)
		}
	} else {
		data = readSourceMapFile(fsys, name, ref)
	}
	if data != nil {
		if adj, err := adjustSourceMap(data, 0); err == nil {
			return src[:at] + inlineSourceMap(adj)[1:]
		}
	}
	return src[:at]
}

func readSourceMapFile(fsys fs.FS, name, ref string) []byte {
	u := file.ResolveSourcemapURL(name, ref)
	if u == nil || (u.Scheme != "" && u.Scheme != "file") {
		return nil
	}
	data, err := fs.ReadFile(fsys, path.Clean(u.Path))
	if err != nil {
		return nil
	}
	return data
}
