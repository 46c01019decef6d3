/* ShimSupport: the growable output buffer, error text and size guard shared by the PNG and JPEG shims.
 *
 * Why this exists: libpng and libjpeg need C callbacks that write into memory (Swift must not run inside their
 * setjmp scopes), and both shims report errors and refuse huge images in the same words.
 */
#include "CImageShims.h"
#include "ShimSupport.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void CImageShims_free(void *buffer) {
    free(buffer);
}

int CImageShims__buffer_reserve(CImageShimsBuffer *buffer, size_t extra) {
    if (extra <= buffer->cap - buffer->len) {
        return 0;
    }
    if (extra > SIZE_MAX - buffer->len) {
        return -1;
    }
    size_t needed = buffer->len + extra;
    size_t cap = buffer->cap < 4096 ? 4096 : buffer->cap;
    while (cap < needed) {
        cap = cap > SIZE_MAX / 2 ? needed : cap * 2;
    }
    uint8_t *grown = realloc(buffer->data, cap);
    if (grown == NULL) {
        return -1;
    }
    buffer->data = grown;
    buffer->cap = cap;
    return 0;
}

void CImageShims__set_error(char *err, size_t err_len, const char *text) {
    if (err == NULL || err_len == 0) {
        return;
    }
    snprintf(err, err_len, "%s", text != NULL ? text : "unknown error");
}

void CImageShims__format_error(char *err, size_t err_len, const char *format, ...) {
    if (err == NULL || err_len == 0) {
        return;
    }
    va_list args;
    va_start(args, format);
    vsnprintf(err, err_len, format, args);
    va_end(args);
}

int CImageShims__check_size(uint32_t width, uint32_t height, char *err, size_t err_len) {
    if (width > CImageShims_MAX_DIMENSION || height > CImageShims_MAX_DIMENSION ||
        (uint64_t)width * (uint64_t)height > CImageShims_MAX_PIXELS) {
        CImageShims__format_error(err, err_len, "image too large: %ux%u", (unsigned)width, (unsigned)height);
        return -1;
    }
    return 0;
}

int CImageShims__check_pixels(const void *pixels, uint32_t width, uint32_t height, char *err, size_t err_len) {
    if (width == 0 || height == 0) {
        CImageShims__format_error(err, err_len, "image is empty: %ux%u", (unsigned)width, (unsigned)height);
        return -1;
    }
    if (pixels == NULL) {
        CImageShims__set_error(err, err_len, "no pixel data");
        return -1;
    }
    return 0;
}
