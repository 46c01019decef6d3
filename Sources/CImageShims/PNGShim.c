/* PNGShim: libpng encode/decode, memory to memory, each call one setjmp scope.
 *
 * Why this shim exists: libpng reports errors by longjmp-ing to png_jmpbuf(png), a macro over setjmp, and Swift
 * can use neither. The simplified png_image_* API would avoid setjmp but offers no zlib level or filter choice
 * and adds gAMA/cHRM chunks to 16-bit grey output, so we use the full API here and keep Swift out of the scope.
 */
#include "CImageShims.h"
#include "ShimSupport.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything libpng's callbacks touch during one call. It is heap-allocated and reached through a const pointer,
 * so its contents are still valid after a longjmp. */
typedef struct {
    char *err;
    size_t err_len;
    int has_message;     /* err holds a warning already; keep the first one */
    CImageShimsBuffer out; /* encoder output */
    const uint8_t *data; /* decoder input */
    size_t len;
    size_t pos;
} PNGSession;

static int host_is_little_endian(void) {
    const uint16_t probe = 1;
    return *(const uint8_t *)&probe == 1;
}

/* libpng's error callback: keep the message, then unwind to the setjmp in the calling shim function. */
static void png_shim_error(png_structp png, png_const_charp message) {
    PNGSession *session = png_get_error_ptr(png);
    CImageShims__set_error(session->err, session->err_len, message);
    session->has_message = 1;
    png_longjmp(png, 1);
}

/* libpng's warning callback: capture the first warning instead of printing it; warnings are not failures. */
static void png_shim_warning(png_structp png, png_const_charp message) {
    PNGSession *session = png_get_error_ptr(png);
    if (!session->has_message) {
        CImageShims__set_error(session->err, session->err_len, message);
        session->has_message = 1;
    }
}

static void png_shim_write(png_structp png, png_bytep data, size_t length) {
    PNGSession *session = png_get_io_ptr(png);
    if (CImageShims__buffer_reserve(&session->out, length) != 0) {
        png_error(png, "out of memory while writing PNG data");
    }
    memcpy(session->out.data + session->out.len, data, length);
    session->out.len += length;
}

static void png_shim_flush(png_structp png) {
    (void)png;
}

/* Reading past the end of the input is how a truncated file shows up: make it an error, never a short read. */
static void png_shim_read(png_structp png, png_bytep data, size_t length) {
    PNGSession *session = png_get_io_ptr(png);
    if (length > session->len - session->pos) {
        png_error(png, "Read Error: the data ends early (truncated file)");
    }
    memcpy(data, session->data + session->pos, length);
    session->pos += length;
}

static int libpng_filters(int flags) {
    int filters = 0;
    if (flags & CImageShims_PNG_FILTER_NONE) filters |= PNG_FILTER_NONE;
    if (flags & CImageShims_PNG_FILTER_SUB) filters |= PNG_FILTER_SUB;
    if (flags & CImageShims_PNG_FILTER_UP) filters |= PNG_FILTER_UP;
    if (flags & CImageShims_PNG_FILTER_AVG) filters |= PNG_FILTER_AVG;
    if (flags & CImageShims_PNG_FILTER_PAETH) filters |= PNG_FILTER_PAETH;
    return filters;
}

/* The one encoder behind the three exported ones. `row_bytes` is the input stride; `strip_filler` drops the 4th
 * byte of each input pixel (RGBX to RGB); `swap16` writes host-endian 16-bit samples. */
static int png_encode(const void *pixels, uint32_t width, uint32_t height, size_t row_bytes, int color_type,
                      int bit_depth, int strip_filler, int swap16, int level, int filters, uint8_t **out,
                      size_t *out_len, char *err, size_t err_len) {
    *out = NULL;
    *out_len = 0;
    CImageShims__set_error(err, err_len, "");
    if (CImageShims__check_pixels(pixels, width, height, err, err_len) != 0) {
        return -1;
    }
    if (CImageShims__check_size(width, height, err, err_len) != 0) {
        return -1;
    }
    if (level < 0 || level > 9) {
        CImageShims__format_error(err, err_len, "zlib compression level %d is outside 0-9", level);
        return -1;
    }
    if (filters == 0 || (filters & ~CImageShims_PNG_FILTER_ALL) != 0) {
        CImageShims__format_error(err, err_len, "invalid PNG filter flags 0x%x", (unsigned)filters);
        return -1;
    }
    PNGSession *const session = calloc(1, sizeof *session);
    if (session == NULL) {
        CImageShims__set_error(err, err_len, "out of memory");
        return -1;
    }
    session->err = err;
    session->err_len = err_len;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, session, png_shim_error, png_shim_warning);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        free(session);
        CImageShims__set_error(err, err_len, "out of memory (creating the libpng writer)");
        return -1;
    }
    /* png and info are not modified between here and a longjmp, so they need not be volatile. */
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(session->out.data);
        free(session);
        return -1;
    }
    png_set_write_fn(png, session, png_shim_write, png_shim_flush);
    png_set_IHDR(png, info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, libpng_filters(filters));
    png_write_info(png, info);
    if (strip_filler) {
        png_set_filler(png, 0, PNG_FILLER_AFTER);
    }
    if (swap16 && host_is_little_endian()) {
        png_set_swap(png);
    }
    const uint8_t *bytes = pixels;
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, bytes + (size_t)y * row_bytes);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = session->out.data;
    *out_len = session->out.len;
    free(session);
    return 0;
}

int CImageShims_png_encode_rgb8(const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t bytes_per_pixel,
                                int level, int filters, uint8_t **out, size_t *out_len, char *err, size_t err_len) {
    if (bytes_per_pixel != 3 && bytes_per_pixel != 4) {
        *out = NULL;
        *out_len = 0;
        CImageShims__format_error(err, err_len, "bytes per pixel must be 3 or 4, not %u", (unsigned)bytes_per_pixel);
        return -1;
    }
    return png_encode(pixels, width, height, (size_t)width * bytes_per_pixel, PNG_COLOR_TYPE_RGB, 8,
                      bytes_per_pixel == 4, 0, level, filters, out, out_len, err, err_len);
}

int CImageShims_png_encode_rgba8(const uint8_t *pixels, uint32_t width, uint32_t height, int level, int filters,
                                 uint8_t **out, size_t *out_len, char *err, size_t err_len) {
    return png_encode(pixels, width, height, (size_t)width * 4, PNG_COLOR_TYPE_RGB_ALPHA, 8, 0, 0, level, filters,
                      out, out_len, err, err_len);
}

int CImageShims_png_encode_gray16(const uint16_t *samples, uint32_t width, uint32_t height, int level, int filters,
                                  uint8_t **out, size_t *out_len, char *err, size_t err_len) {
    return png_encode(samples, width, height, (size_t)width * 2, PNG_COLOR_TYPE_GRAY, 16, 0, 1, level, filters, out,
                      out_len, err, err_len);
}

static const char *color_type_name(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return "grey";
    case PNG_COLOR_TYPE_GRAY_ALPHA: return "grey+alpha";
    case PNG_COLOR_TYPE_PALETTE: return "palette";
    case PNG_COLOR_TYPE_RGB: return "RGB";
    case PNG_COLOR_TYPE_RGB_ALPHA: return "RGBA";
    default: return "unknown";
    }
}

/* The smallest power-of-two factor that brings width and height to at most max_dim (1 when max_dim is 0). */
static uint32_t shrink_factor(uint32_t width, uint32_t height, uint32_t max_dim) {
    uint32_t f = 1;
    while (max_dim > 0 && f < 65536u && ((width + f - 1) / f > max_dim || (height + f - 1) / f > max_dim)) {
        f *= 2;
    }
    return f;
}

/* Box-filters one band of up to f RGBA8 rows, summed in `sums` (out_w * 4 counters), into output row `dst`. */
static void emit_band(uint32_t *sums, uint32_t width, uint32_t f, uint32_t band_rows, uint8_t *dst) {
    const uint32_t out_w = (width + f - 1) / f;
    for (uint32_t x = 0; x < out_w; x++) {
        const uint32_t cols = (x + 1) * f <= width ? f : width - x * f;
        const uint32_t n = cols * band_rows;
        for (int c = 0; c < 4; c++) {
            dst[4 * x + c] = (uint8_t)((sums[4 * x + c] + n / 2) / n);
            sums[4 * x + c] = 0;
        }
    }
}

/* Adds one RGBA8 row into the band sums. */
static void add_row(uint32_t *sums, const uint8_t *row, uint32_t width, uint32_t f) {
    for (uint32_t x = 0; x < width; x++) {
        uint32_t *s = sums + 4 * (x / f);
        s[0] += row[4 * x];
        s[1] += row[4 * x + 1];
        s[2] += row[4 * x + 2];
        s[3] += row[4 * x + 3];
    }
}

/* The one decoder behind the exported ones. With `gray16` it produces host-endian 16-bit grey, else RGBA8; with
 * `max_dim` > 0 an RGBA8 image larger than max_dim on a side comes back box-filtered by the smallest power of two
 * that fits it, its rows streamed (only a row and a band of sums are held; interlaced files are read whole). */
static int png_decode(const uint8_t *data, size_t len, int gray16, uint32_t max_dim, void **out, uint32_t *out_width,
                      uint32_t *out_height, char *err, size_t err_len) {
    *out = NULL;
    *out_width = 0;
    *out_height = 0;
    CImageShims__set_error(err, err_len, "");
    if (len == 0 || data == NULL) {
        CImageShims__set_error(err, err_len, "empty input (0 bytes)");
        return -1;
    }
    if (len < 8 || png_sig_cmp(data, 0, 8) != 0) {
        CImageShims__set_error(err, err_len, "not a PNG file (bad signature)");
        return -1;
    }
    PNGSession *const session = calloc(1, sizeof *session);
    if (session == NULL) {
        CImageShims__set_error(err, err_len, "out of memory");
        return -1;
    }
    session->err = err;
    session->err_len = err_len;
    session->data = data;
    session->len = len;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, session, png_shim_error, png_shim_warning);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        free(session);
        CImageShims__set_error(err, err_len, "out of memory (creating the libpng reader)");
        return -1;
    }
    /* Assigned after setjmp and freed after a longjmp, hence volatile (the pointers, not the pixels). */
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    uint8_t *volatile row = NULL;
    uint32_t *volatile sums = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        free(pixels);
        free(row);
        free(sums);
        free(session);
        return -1;
    }
    png_set_read_fn(png, session, png_shim_read);
    /* A CRC error in any chunk, critical or ancillary, means a damaged file: fail rather than guess. */
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_read_info(png, info);

    const uint32_t width = png_get_image_width(png, info);
    const uint32_t height = png_get_image_height(png, info);
    const int color_type = png_get_color_type(png, info);
    const int bit_depth = png_get_bit_depth(png, info);
    char message[96];
    if (width > CImageShims_MAX_DIMENSION || height > CImageShims_MAX_DIMENSION ||
        (uint64_t)width * height > CImageShims_MAX_PIXELS) {
        snprintf(message, sizeof message, "image too large: %ux%u", (unsigned)width, (unsigned)height);
        png_error(png, message);
    }

    /* Bytes per pixel libpng delivers after the transforms below, and per pixel of the returned buffer. */
    size_t read_bpp;
    size_t out_bpp;
    if (gray16) {
        if (color_type != PNG_COLOR_TYPE_GRAY) {
            snprintf(message, sizeof message, "not a 1-channel PNG (colour type %s); expected grey without alpha",
                     color_type_name(color_type));
            png_error(png, message);
        }
        /* A tRNS chunk is ignored: depth has no alpha. Below 16 bits we read 8-bit grey and widen it below
         * (png_set_expand_16 would also turn tRNS into an alpha channel). */
        if (bit_depth < 8) {
            png_set_expand_gray_1_2_4_to_8(png);
        }
        if (bit_depth == 16 && host_is_little_endian()) {
            png_set_swap(png);
        }
        read_bpp = bit_depth == 16 ? 2 : 1;
        out_bpp = 2;
    } else {
        /* No gamma transform: samples are passed through as stored (sRGB textures are the norm). */
        const int has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
        if (color_type == PNG_COLOR_TYPE_PALETTE) {
            png_set_palette_to_rgb(png);
        }
        if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) {
            png_set_expand_gray_1_2_4_to_8(png);
        }
        if (has_trns) {
            png_set_tRNS_to_alpha(png);
        }
        if (bit_depth == 16) {
            png_set_scale_16(png); /* rounds v * 255 / 65535, where png_set_strip_16 would truncate */
        }
        if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
            png_set_gray_to_rgb(png);
        }
        if ((color_type & PNG_COLOR_MASK_ALPHA) == 0 && !has_trns) {
            png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
        }
        read_bpp = 4;
        out_bpp = 4;
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    const size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * read_bpp) {
        snprintf(message, sizeof message, "unexpected row size %zu after conversion (expected %zu)", row_bytes,
                 (size_t)width * read_bpp);
        png_error(png, message);
    }

    const uint32_t f = gray16 ? 1 : shrink_factor(width, height, max_dim);
    if (f > 1) {
        const uint32_t out_w = (width + f - 1) / f, out_h = (height + f - 1) / f;
        const int interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
        pixels = malloc((size_t)out_w * out_h * 4 + 1);
        sums = calloc((size_t)out_w * 4, sizeof(uint32_t));
        row = malloc(interlaced ? (size_t)width * height * 4 + 1 : row_bytes + 1);
        if (pixels == NULL || sums == NULL || row == NULL) {
            png_error(png, "out of memory for the decoded image");
        }
        if (interlaced) { /* Adam7 needs the whole image; filter it down after */
            rows = malloc((size_t)height * sizeof(png_bytep) + 1);
            if (rows == NULL) {
                png_error(png, "out of memory for the decoded image");
            }
            for (uint32_t y = 0; y < height; y++) {
                rows[y] = row + (size_t)y * row_bytes;
            }
            png_read_image(png, rows);
        }
        uint32_t band = 0;
        for (uint32_t y = 0; y < height; y++) {
            const uint8_t *source = row + (interlaced ? (size_t)y * row_bytes : 0);
            if (!interlaced) {
                png_read_row(png, row, NULL);
            }
            add_row(sums, source, width, f);
            band++;
            if (band == f || y + 1 == height) {
                emit_band(sums, width, f, band, pixels + (size_t)(y / f) * out_w * 4);
                band = 0;
            }
        }
        png_read_end(png, NULL);
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        free(row);
        free(sums);
        free(session);
        *out = pixels;
        *out_width = out_w;
        *out_height = out_h;
        return 0;
    }

    pixels = malloc((size_t)width * height * out_bpp + 1);
    rows = malloc((size_t)height * sizeof(png_bytep) + 1);
    if (pixels == NULL || rows == NULL) {
        png_error(png, "out of memory for the decoded image");
    }
    for (uint32_t y = 0; y < height; y++) {
        rows[y] = pixels + (size_t)y * row_bytes;
    }
    png_read_image(png, rows);
    png_read_end(png, NULL); /* reads through IEND, so a file cut after the pixel data still fails */

    if (gray16 && bit_depth < 16) {
        /* Widen 8-bit grey to 16 bits in place, from the end: v * 257 maps 0..255 onto 0..65535 exactly. */
        uint16_t *wide = (uint16_t *)pixels;
        const uint8_t *narrow = pixels;
        for (size_t i = (size_t)width * height; i-- > 0;) {
            wide[i] = (uint16_t)(narrow[i] * 257u);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    free(session);
    *out = pixels;
    *out_width = width;
    *out_height = height;
    return 0;
}

int CImageShims_png_decode_rgba8(const uint8_t *data, size_t len, uint8_t **out, uint32_t *width, uint32_t *height,
                                 char *err, size_t err_len) {
    void *pixels = NULL;
    int status = png_decode(data, len, 0, 0, &pixels, width, height, err, err_len);
    *out = pixels;
    return status;
}

int CImageShims_png_decode_rgba8_fit(const uint8_t *data, size_t len, uint32_t max_dim, uint8_t **out,
                                     uint32_t *width, uint32_t *height, char *err, size_t err_len) {
    void *pixels = NULL;
    int status = png_decode(data, len, 0, max_dim, &pixels, width, height, err, err_len);
    *out = pixels;
    return status;
}

int CImageShims_png_decode_gray16(const uint8_t *data, size_t len, uint16_t **out, uint32_t *width,
                                  uint32_t *height, char *err, size_t err_len) {
    void *samples = NULL;
    int status = png_decode(data, len, 1, 0, &samples, width, height, err, err_len);
    *out = samples;
    return status;
}
