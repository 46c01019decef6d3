/* CImageShims: the setjmp boundary between Swift and libpng / libjpeg.
 *
 * Why this shim exists: libpng and libjpeg report errors by longjmp-ing out of the failing call, and Swift can
 * neither call setjmp ("functions that may return more than one time are unavailable") nor see png_jmpbuf (a
 * macro). libjpeg's default handler also prints to stderr and calls exit(), and reports a truncated file only as
 * a warning. So every libpng/libjpeg operation lives in one C function here.
 *
 * The contract every function keeps (see notes/style-anchors.md, "The shim contract"):
 *  1. One setjmp scope owns the whole png_struct / jpeg_*_struct lifetime: create, work, destroy.
 *  2. It returns 0 on success and nonzero on failure, with the library's message copied into `err`
 *     (always NUL-terminated when err_len > 0). On success `err` is empty or holds a captured libpng warning.
 *  3. No Swift code runs inside the setjmp scope: I/O is memory to memory, with C callbacks.
 *  4. State changed after setjmp and read after a longjmp is volatile or lives on the heap.
 *  5. Nothing is printed: libpng warnings and libjpeg messages are captured. libjpeg warnings (for example
 *     "Premature end of JPEG file") are failures.
 *  6. Images wider or taller than CImageShims_MAX_DIMENSION, or with more than CImageShims_MAX_PIXELS pixels, are
 *     refused ("image too large: WxH") before anything is allocated; encoders refuse 0 x N ("image is empty").
 *  7. No global state: calls may run concurrently on different threads.
 *
 * Buffers returned through `out` are allocated with malloc; release them with CImageShims_free.
 * This header deliberately includes neither png.h nor jpeglib.h: Swift sees only this API.
 */
#ifndef CIMAGESHIMS_H
#define CIMAGESHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest width or height accepted: PNG allows 2^31-1 and JPEG 65500, a render needs far less. */
#define CImageShims_MAX_DIMENSION 65535u
/* Largest pixel count accepted, 2^28: 1 GiB as RGBA8, so a hostile header cannot ask for more. */
#define CImageShims_MAX_PIXELS 268435456u

/* PNG row filter flags for the encoders; OR them together. ALL lets libpng pick per row (its adaptive filter). */
#define CImageShims_PNG_FILTER_NONE  0x01
#define CImageShims_PNG_FILTER_SUB   0x02
#define CImageShims_PNG_FILTER_UP    0x04
#define CImageShims_PNG_FILTER_AVG   0x08
#define CImageShims_PNG_FILTER_PAETH 0x10
#define CImageShims_PNG_FILTER_ALL   0x1F

/* The `level` of CImageShims_png_encode_deflate that compresses with the shim's own run encoder (RunDeflate.c:
 * literals and distance-1 runs, Huffman codes per block) instead of libdeflate. */
#define CImageShims_PNG_DEFLATE_RUNS (-1)

/* Frees a buffer returned by any function here (NULL is fine). */
void CImageShims_free(void *buffer);

/* Encodes 8-bit RGB. `bytes_per_pixel` is 3 for packed RGB, or 4 to read RGBA/RGBX rows and drop the 4th byte.
 * `level` is the zlib level 0-9; `filters` is a nonzero combination of CImageShims_PNG_FILTER_*. */
int CImageShims_png_encode_rgb8(const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t bytes_per_pixel,
                                int level, int filters, uint8_t **out, size_t *out_len, char *err, size_t err_len);

/* Encodes 8-bit RGBA (4 bytes per pixel, rows top first). */
int CImageShims_png_encode_rgba8(const uint8_t *pixels, uint32_t width, uint32_t height, int level, int filters,
                                 uint8_t **out, size_t *out_len, char *err, size_t err_len);

/* Encodes 16-bit grey from host-endian samples (PNG stores big-endian; the shim swaps). */
int CImageShims_png_encode_gray16(const uint16_t *samples, uint32_t width, uint32_t height, int level, int filters,
                                  uint8_t **out, size_t *out_len, char *err, size_t err_len);

/* Encodes a PNG without libpng: rows filtered here, one zlib stream from libdeflate at `level` (0-12, libdeflate's
 * scale) or, with CImageShims_PNG_DEFLATE_RUNS, from the run encoder, chunks and CRC-32 written here
 * (PNGDeflate.c). Layouts: 8-bit RGB (`channels` 3; `in_bytes_per_pixel` 3, or 4 to drop each pixel's 4th byte),
 * 8-bit RGBA (4, 4) and 16-bit grey from host-endian samples (1, 2). With one filter in `filters` every row uses it;
 * with several, each row takes the one with the smallest sum of absolute residuals (libpng's heuristic). Output:
 * signature, IHDR, one IDAT, IEND. */
int CImageShims_png_encode_deflate(const void *pixels, uint32_t width, uint32_t height, uint32_t in_bytes_per_pixel,
                                   uint32_t channels, uint32_t bit_depth, int level, int filters, uint8_t **out,
                                   size_t *out_len, char *err, size_t err_len);

/* Decodes any valid PNG to 8-bit RGBA: palette, grey and grey+alpha are expanded, tRNS becomes alpha, 16-bit
 * samples are scaled to 8 bits, an opaque alpha (255) is added when the file has none. No gamma conversion.
 * `*out` receives width * height * 4 bytes. */
int CImageShims_png_decode_rgba8(const uint8_t *data, size_t len, uint8_t **out, uint32_t *width, uint32_t *height,
                                 char *err, size_t err_len);

/* Decodes a 1-channel (grey, no alpha) PNG to host-endian 16-bit samples; 1/2/4/8-bit grey is scaled to 16 bits
 * the PNG way (v * 65535 / (2^depth - 1)). Any other colour type is an error. `*out` receives width * height
 * samples. */
/* Like CImageShims_png_decode_rgba8, but an image wider or taller than `max_dim` (0: no limit) comes back
 * shrunk by the smallest power of two that fits, each output pixel the mean of its f x f box; the rows are
 * streamed, so a 16384 x 16384 file never needs its full 1 GiB. `*width`, `*height` are the returned size. */
int CImageShims_png_decode_rgba8_fit(const uint8_t *data, size_t len, uint32_t max_dim, uint8_t **out,
                                     uint32_t *width, uint32_t *height, char *err, size_t err_len);

int CImageShims_png_decode_gray16(const uint8_t *data, size_t len, uint16_t **out, uint32_t *width,
                                  uint32_t *height, char *err, size_t err_len);

/* Encodes a baseline JPEG from 8-bit RGB. `bytes_per_pixel` is 3, or 4 to drop the 4th byte of each pixel.
 * `quality` is 1-100 (libjpeg's scale). */
int CImageShims_jpeg_encode_rgb8(const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t bytes_per_pixel,
                                 int quality, uint8_t **out, size_t *out_len, char *err, size_t err_len);

/* Decodes a JPEG (YCbCr, RGB or greyscale) to 8-bit RGBA with alpha 255. CMYK/YCCK files are refused with a
 * clear message. Any libjpeg warning, such as a truncated file, is a failure. `*out` receives width * height * 4
 * bytes. */
int CImageShims_jpeg_decode_rgba8(const uint8_t *data, size_t len, uint8_t **out, uint32_t *width, uint32_t *height,
                                  char *err, size_t err_len);

/* Like CImageShims_jpeg_decode_rgba8, but decoded at 1/2, 1/4 or 1/8 scale (libjpeg's scaled IDCT) until both
 * sides are at most `max_dim` (0: full size; 1/8 is the smallest scale). */
int CImageShims_jpeg_decode_rgba8_fit(const uint8_t *data, size_t len, uint32_t max_dim, uint8_t **out,
                                      uint32_t *width, uint32_t *height, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* CIMAGESHIMS_H */
