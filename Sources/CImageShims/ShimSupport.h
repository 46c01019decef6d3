/* ShimSupport: helpers shared by the PNG and JPEG shims (growable output buffer, error text, size guard).
 *
 * Why this exists: both shims write into memory and report errors the same way, and the size guard must say
 * the same thing for both formats. Symbols are hidden so they do not leak out of the CImageShims target.
 */
#ifndef CIMAGESHIMS_SHIMSUPPORT_H
#define CIMAGESHIMS_SHIMSUPPORT_H

#include <stddef.h>
#include <stdint.h>

#define CIMAGESHIMS_HIDDEN __attribute__((visibility("hidden")))

/* A malloc'd byte buffer that grows by doubling. It lives inside a heap-allocated session struct so that its
 * contents are well defined after a longjmp (C11 7.13.2.1: only automatic locals become indeterminate). */
typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
} CImageShimsBuffer;

/* Makes room for `extra` more bytes after `len`. Returns 0, or -1 when out of memory (the buffer is unchanged). */
CIMAGESHIMS_HIDDEN int CImageShims__buffer_reserve(CImageShimsBuffer *buffer, size_t extra);

/* Copies `text` into err (truncating, always NUL-terminated when err_len > 0). */
CIMAGESHIMS_HIDDEN void CImageShims__set_error(char *err, size_t err_len, const char *text);

/* printf-style variant of CImageShims__set_error. */
CIMAGESHIMS_HIDDEN void CImageShims__format_error(char *err, size_t err_len, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Returns 0 if a width x height image is within CImageShims_MAX_DIMENSION / CImageShims_MAX_PIXELS, else writes
 * "image too large: WxH" into err and returns -1. */
CIMAGESHIMS_HIDDEN int CImageShims__check_size(uint32_t width, uint32_t height, char *err, size_t err_len);

/* Returns 0 for pixels to encode (non-empty size, non-NULL data), else writes "image is empty: WxH" or
 * "no pixel data" into err and returns -1: the first checks of every encoder. */
CIMAGESHIMS_HIDDEN int CImageShims__check_pixels(const void *pixels, uint32_t width, uint32_t height, char *err,
                                                 size_t err_len);

#endif /* CIMAGESHIMS_SHIMSUPPORT_H */
