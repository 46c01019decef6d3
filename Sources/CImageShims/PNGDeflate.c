/* PNGDeflate: PNG files written here (signature, IHDR, one IDAT, IEND) with libdeflate's zlib stream, or the run
 * encoder's (RunDeflate.c, PNG `fast`), and libdeflate's CRC-32.
 *
 * Why this shim exists: libpng compresses through zlib, whose level 1 costs about 30 ms for a 1920x1080 RGB frame
 * (Docs/performance.md, "Sequences"); libdeflate compresses a whole buffer at once, 2-3x faster at a similar or
 * smaller size, but it is not a streaming zlib, so libpng cannot call it. A non-interlaced 8- or 16-bit PNG is
 * simple enough to write directly: filtered rows, one zlib stream, four chunks. libpng still reads every file
 * (the decoders in PNGShim.c), and the tests decode these files with libpng and with an independent reader.
 * No setjmp is needed: nothing here longjmps.
 */
#include "CImageShims.h"
#include "RunDeflate.h"
#include "ShimSupport.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

/* PNG filter types (PNG spec 9.2), the byte in front of each row. */
enum { FILTER_NONE = 0, FILTER_SUB = 1, FILTER_UP = 2, FILTER_AVG = 3, FILTER_PAETH = 4 };

static uint8_t paeth(uint8_t a, uint8_t b, uint8_t c) {
    const int p = (int)a + (int)b - (int)c;
    const int pa = abs(p - (int)a), pb = abs(p - (int)b), pc = abs(p - (int)c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

/* The filtered byte i of a row for the filters without a fast loop below (`x` this row, `up` the one above). */
static inline uint8_t filtered(int type, const uint8_t *x, const uint8_t *up, size_t i, size_t bpp) {
    const uint8_t left = i >= bpp ? x[i - bpp] : 0;
    const uint8_t upleft = i >= bpp ? up[i - bpp] : 0;
    switch (type) {
    case FILTER_AVG: return (uint8_t)(x[i] - (uint8_t)(((unsigned)left + up[i]) >> 1));
    case FILTER_PAETH: return (uint8_t)(x[i] - paeth(left, up[i], upleft));
    default: return x[i];
    }
}

/* Writes row `x` filtered with `type` into dst[0..<n]. None, Sub and Up are plain loops the compiler vectorises:
 * these are what `fast` uses, and per-byte branching here cost more than the compression. */
static void apply_filter(int type, const uint8_t *restrict x, const uint8_t *restrict up, size_t n, size_t bpp,
                         uint8_t *restrict dst) {
    switch (type) {
    case FILTER_NONE:
        memcpy(dst, x, n);
        return;
    case FILTER_SUB:
        for (size_t i = 0; i < bpp && i < n; i++) dst[i] = x[i];
        for (size_t i = bpp; i < n; i++) dst[i] = (uint8_t)(x[i] - x[i - bpp]);
        return;
    case FILTER_UP:
        for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(x[i] - up[i]);
        return;
    default:
        for (size_t i = 0; i < n; i++) dst[i] = filtered(type, x, up, i, bpp);
        return;
    }
}

/* libpng's cheap heuristic, minimum sum of absolute differences: each filtered byte read as signed, summed
 * (PNG spec 12.8). It favours the filter leaving the smallest residuals, which deflate codes in fewest bits. */
static uint64_t filter_cost(const uint8_t *restrict f, size_t n) {
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        const int s = (int8_t)f[i];
        sum += (uint32_t)(s < 0 ? -s : s);
    }
    return sum;
}

/* Picks the row's filter among `filters` (CImageShims_PNG_FILTER_* bits) by the heuristic above, and writes the
 * type byte and the filtered row to dst. `scratch` holds n bytes. With one filter allowed nothing is scored. */
static void filter_row(int filters, const uint8_t *x, const uint8_t *up, size_t n, size_t bpp, uint8_t *dst,
                       uint8_t *scratch) {
    int best = -1;
    uint64_t best_cost = 0;
    const int several = (filters & (filters - 1)) != 0;
    for (int type = FILTER_NONE; type <= FILTER_PAETH; type++) {
        if (!(filters & (1 << type))) continue;
        if (!several) {
            best = type;
            apply_filter(type, x, up, n, bpp, dst + 1);
            break;
        }
        /* The current best stays in dst; a candidate is tried in scratch and swapped in when cheaper. */
        uint8_t *target = best < 0 ? dst + 1 : scratch;
        apply_filter(type, x, up, n, bpp, target);
        const uint64_t cost = filter_cost(target, n);
        if (best < 0) {
            best = type;
            best_cost = cost;
        } else if (cost < best_cost) {
            best = type;
            best_cost = cost;
            memcpy(dst + 1, scratch, n);
        }
    }
    dst[0] = (uint8_t)best;
}

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* Appends one chunk: length, type, data, CRC-32 of type and data. `p` has room for 12 + len bytes. */
static uint8_t *put_chunk(uint8_t *p, const char type[4], const uint8_t *data, size_t len) {
    put32(p, (uint32_t)len);
    memcpy(p + 4, type, 4);
    if (len > 0 && data != p + 8) memmove(p + 8, data, len);
    put32(p + 8 + len, (uint32_t)libdeflate_crc32(0, p + 4, 4 + len));
    return p + 12 + len;
}

int CImageShims_png_encode_deflate(const void *pixels, uint32_t width, uint32_t height, uint32_t in_bytes_per_pixel,
                                   uint32_t channels, uint32_t bit_depth, int level, int filters, uint8_t **out,
                                   size_t *out_len, char *err, size_t err_len) {
    *out = NULL;
    *out_len = 0;
    CImageShims__set_error(err, err_len, "");
    if (CImageShims__check_pixels(pixels, width, height, err, err_len) != 0) return -1;
    if (CImageShims__check_size(width, height, err, err_len) != 0) return -1;
    const int runs = level == CImageShims_PNG_DEFLATE_RUNS;
    if (!runs && (level < 0 || level > 12)) {
        CImageShims__format_error(err, err_len, "deflate compression level %d is outside 0-12", level);
        return -1;
    }
    if (filters == 0 || (filters & ~CImageShims_PNG_FILTER_ALL) != 0) {
        CImageShims__format_error(err, err_len, "invalid PNG filter flags 0x%x", (unsigned)filters);
        return -1;
    }
    int color_type;
    if (bit_depth == 8 && channels == 3) color_type = 2;
    else if (bit_depth == 8 && channels == 4) color_type = 6;
    else if (bit_depth == 16 && channels == 1) color_type = 0;
    else {
        CImageShims__format_error(err, err_len, "unsupported PNG layout: %u channels of %u bits", channels, bit_depth);
        return -1;
    }
    const size_t bpp = channels * bit_depth / 8; /* bytes per pixel in the file */
    if (in_bytes_per_pixel < bpp || (in_bytes_per_pixel != bpp && bit_depth != 8)) {
        CImageShims__format_error(err, err_len, "bytes per pixel %u does not fit %u channels", in_bytes_per_pixel,
                                  channels);
        return -1;
    }
    const size_t row = (size_t)width * bpp;
    const size_t raw_len = (size_t)height * (row + 1);
    uint8_t *raw = malloc(raw_len);
    uint8_t *rows = calloc(3, row); /* this row and the one above, unfiltered (the one above starts as zeros), and
                                     * a candidate filtered row */
    struct libdeflate_compressor *compressor = runs ? NULL : libdeflate_alloc_compressor(level);
    uint8_t *file = NULL;
    if (raw == NULL || rows == NULL || (!runs && compressor == NULL)) {
        CImageShims__set_error(err, err_len, "out of memory");
        goto fail;
    }
    const uint8_t *src = pixels;
    const size_t src_row = (size_t)width * in_bytes_per_pixel;
    for (uint32_t y = 0; y < height; y++) {
        uint8_t *cur = rows + (size_t)(y & 1) * row, *up = rows + (size_t)((y + 1) & 1) * row;
        const uint8_t *s = src + (size_t)y * src_row;
        if (bit_depth == 16) {
            /* host-endian samples to PNG's big-endian */
            for (size_t i = 0; i < (size_t)width; i++) {
                uint16_t v;
                memcpy(&v, s + 2 * i, 2);
                cur[2 * i] = (uint8_t)(v >> 8);
                cur[2 * i + 1] = (uint8_t)v;
            }
        } else if (in_bytes_per_pixel == bpp) {
            memcpy(cur, s, row);
        } else if (in_bytes_per_pixel == 4 && bpp == 3) {
            for (size_t i = 0; i < (size_t)width; i++) {
                cur[3 * i] = s[4 * i];
                cur[3 * i + 1] = s[4 * i + 1];
                cur[3 * i + 2] = s[4 * i + 2];
            }
        } else {
            for (size_t i = 0; i < (size_t)width; i++) memcpy(cur + i * bpp, s + i * in_bytes_per_pixel, bpp);
        }
        filter_row(filters, cur, up, row, bpp, raw + (size_t)y * (row + 1), rows + 2 * row);
    }
    const size_t bound =
        runs ? CImageShims__run_deflate_bound(raw_len) : libdeflate_zlib_compress_bound(compressor, raw_len);
    const size_t head = 8 + 25 + 8; /* signature, IHDR chunk, IDAT length and type */
    file = malloc(head + bound + 4 + 12);
    if (file == NULL) {
        CImageShims__set_error(err, err_len, "out of memory");
        goto fail;
    }
    const size_t z = runs ? CImageShims__run_deflate(raw, raw_len, file + head, bound)
                          : libdeflate_zlib_compress(compressor, raw, raw_len, file + head, bound);
    if (z == 0 || z > 0x7fffffffu) {
        /* the run encoder returns 0 only when its token buffer cannot be allocated (its bound is always given) */
        CImageShims__set_error(err, err_len,
                               runs && z == 0 ? "out of memory" : "deflate output does not fit one IDAT chunk");
        goto fail;
    }
    static const uint8_t signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    memcpy(file, signature, 8);
    uint8_t ihdr[13];
    put32(ihdr, width);
    put32(ihdr + 4, height);
    ihdr[8] = (uint8_t)bit_depth;
    ihdr[9] = (uint8_t)color_type;
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering, five types */
    ihdr[12] = 0; /* not interlaced */
    uint8_t *p = put_chunk(file + 8, "IHDR", ihdr, sizeof ihdr);
    p = put_chunk(p, "IDAT", p + 8, z); /* the stream is already in place after the chunk's header */
    p = put_chunk(p, "IEND", NULL, 0);
    *out = file;
    *out_len = (size_t)(p - file);
    free(raw);
    free(rows);
    libdeflate_free_compressor(compressor);
    return 0;
fail:
    free(file);
    free(raw);
    free(rows);
    if (compressor != NULL) libdeflate_free_compressor(compressor);
    return -1;
}
