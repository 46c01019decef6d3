/* JPEGShim: libjpeg encode/decode, memory to memory, each call one setjmp scope.
 *
 * Why this shim exists: libjpeg's default error handler prints to stderr and calls exit(), so one corrupt texture
 * would end the program; the only way to recover is an error_exit that longjmps, and Swift cannot call setjmp.
 * libjpeg also reports a truncated file only as a warning ("Premature end of JPEG file") and fills the rest with
 * grey, so this shim turns every warning into a failure.
 */
#include "CImageShims.h"
#include "ShimSupport.h"

/* jpeglib.h uses FILE and size_t without including their headers. */
#include <stdio.h>
#include <stddef.h>
#include <jpeglib.h>
#include <jerror.h>
#include <limits.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* libjpeg's error manager extended with our jump target and the caller's message buffer. */
typedef struct {
    struct jpeg_error_mgr pub; /* first member: libjpeg hands us a pointer to it */
    jmp_buf jump;
    char *err;
    size_t err_len;
} JPEGShimError;

/* One encode, heap-allocated (see ShimSupport.h); the cinfo is first so callbacks can recover the session. */
typedef struct {
    struct jpeg_compress_struct cinfo;
    JPEGShimError error;
    struct jpeg_destination_mgr destination;
    CImageShimsBuffer out;
} JPEGEncodeSession;

/* One decode, heap-allocated for the same reason. */
typedef struct {
    struct jpeg_decompress_struct cinfo;
    JPEGShimError error;
} JPEGDecodeSession;

static void jpeg_shim_capture(j_common_ptr cinfo) {
    JPEGShimError *error = (JPEGShimError *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    CImageShims__set_error(error->err, error->err_len, text);
}

/* Replaces libjpeg's print-and-exit(): keep the message, unwind to the shim function's setjmp. */
static void jpeg_shim_error_exit(j_common_ptr cinfo) {
    jpeg_shim_capture(cinfo);
    longjmp(((JPEGShimError *)cinfo->err)->jump, 1);
}

/* Replaces printing to stderr. */
static void jpeg_shim_output_message(j_common_ptr cinfo) {
    jpeg_shim_capture(cinfo);
}

/* level < 0 is a warning (corrupt or truncated data): fail like an error. level >= 0 is tracing: ignore it. */
static void jpeg_shim_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0) {
        jpeg_shim_error_exit(cinfo);
    }
}

static struct jpeg_error_mgr *jpeg_shim_error_init(JPEGShimError *error, char *err, size_t err_len) {
    struct jpeg_error_mgr *manager = jpeg_std_error(&error->pub);
    manager->error_exit = jpeg_shim_error_exit;
    manager->output_message = jpeg_shim_output_message;
    manager->emit_message = jpeg_shim_emit_message;
    error->err = err;
    error->err_len = err_len;
    return manager;
}

/* Destination manager over CImageShimsBuffer: the free space always runs to the end of the buffer. */
static void jpeg_shim_point_destination(JPEGEncodeSession *session) {
    session->destination.next_output_byte = session->out.data + session->out.len;
    session->destination.free_in_buffer = session->out.cap - session->out.len;
}

static void jpeg_shim_init_destination(j_compress_ptr cinfo) {
    JPEGEncodeSession *session = (JPEGEncodeSession *)cinfo;
    if (CImageShims__buffer_reserve(&session->out, 65536) != 0) {
        ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    }
    jpeg_shim_point_destination(session);
}

static boolean jpeg_shim_empty_output_buffer(j_compress_ptr cinfo) {
    JPEGEncodeSession *session = (JPEGEncodeSession *)cinfo;
    session->out.len = session->out.cap; /* libjpeg only calls this when the buffer is full */
    if (CImageShims__buffer_reserve(&session->out, session->out.cap) != 0) {
        ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2);
    }
    jpeg_shim_point_destination(session);
    return TRUE;
}

static void jpeg_shim_term_destination(j_compress_ptr cinfo) {
    JPEGEncodeSession *session = (JPEGEncodeSession *)cinfo;
    session->out.len = session->out.cap - session->destination.free_in_buffer;
}

int CImageShims_jpeg_encode_rgb8(const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t bytes_per_pixel,
                                 int quality, uint8_t **out, size_t *out_len, char *err, size_t err_len) {
    *out = NULL;
    *out_len = 0;
    CImageShims__set_error(err, err_len, "");
    if (CImageShims__check_pixels(pixels, width, height, err, err_len) != 0) {
        return -1;
    }
    if (bytes_per_pixel != 3 && bytes_per_pixel != 4) {
        CImageShims__format_error(err, err_len, "bytes per pixel must be 3 or 4, not %u", (unsigned)bytes_per_pixel);
        return -1;
    }
    if (quality < 1 || quality > 100) {
        CImageShims__format_error(err, err_len, "quality %d is outside 1-100", quality);
        return -1;
    }
    if (CImageShims__check_size(width, height, err, err_len) != 0) {
        return -1;
    }
    JPEGEncodeSession *const session = calloc(1, sizeof *session);
    if (session == NULL) {
        CImageShims__set_error(err, err_len, "out of memory");
        return -1;
    }
    j_compress_ptr const cinfo = &session->cinfo;
    cinfo->err = jpeg_shim_error_init(&session->error, err, err_len);
    if (setjmp(session->error.jump)) {
        jpeg_destroy_compress(cinfo); /* safe on a half-created struct: calloc zeroed cinfo->mem */
        free(session->out.data);
        free(session);
        return -1;
    }
    jpeg_create_compress(cinfo);
    session->destination.init_destination = jpeg_shim_init_destination;
    session->destination.empty_output_buffer = jpeg_shim_empty_output_buffer;
    session->destination.term_destination = jpeg_shim_term_destination;
    cinfo->dest = &session->destination;
    cinfo->image_width = width;
    cinfo->image_height = height;
    cinfo->input_components = 3;
    cinfo->in_color_space = JCS_RGB;
    jpeg_set_defaults(cinfo);
    jpeg_set_quality(cinfo, quality, TRUE);
    jpeg_start_compress(cinfo, TRUE);
    /* Pool memory, released by jpeg_destroy_compress even after a longjmp. */
    JSAMPARRAY packed = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE, width * 3, 1);
    while (cinfo->next_scanline < cinfo->image_height) {
        const uint8_t *source = pixels + (size_t)cinfo->next_scanline * width * bytes_per_pixel;
        JSAMPROW row;
        if (bytes_per_pixel == 3) {
            row = (JSAMPROW)source;
        } else {
            row = packed[0];
            for (uint32_t x = 0; x < width; x++) {
                row[3 * x] = source[4 * x];
                row[3 * x + 1] = source[4 * x + 1];
                row[3 * x + 2] = source[4 * x + 2];
            }
        }
        jpeg_write_scanlines(cinfo, &row, 1);
    }
    jpeg_finish_compress(cinfo);
    jpeg_destroy_compress(cinfo);
    *out = session->out.data;
    *out_len = session->out.len;
    free(session);
    return 0;
}

/* Stops decoding with our own message (same unwinding path as a libjpeg error). */
static void jpeg_shim_fail(JPEGDecodeSession *session, const char *message) {
    CImageShims__set_error(session->error.err, session->error.err_len, message);
    longjmp(session->error.jump, 1);
}

int CImageShims_jpeg_decode_rgba8(const uint8_t *data, size_t len, uint8_t **out, uint32_t *out_width,
                                  uint32_t *out_height, char *err, size_t err_len) {
    return CImageShims_jpeg_decode_rgba8_fit(data, len, 0, out, out_width, out_height, err, err_len);
}

int CImageShims_jpeg_decode_rgba8_fit(const uint8_t *data, size_t len, uint32_t max_dim, uint8_t **out,
                                      uint32_t *out_width, uint32_t *out_height, char *err, size_t err_len) {
    *out = NULL;
    *out_width = 0;
    *out_height = 0;
    CImageShims__set_error(err, err_len, "");
    if (len == 0 || data == NULL) {
        CImageShims__set_error(err, err_len, "empty input (0 bytes)");
        return -1;
    }
    if (len > ULONG_MAX) {
        CImageShims__set_error(err, err_len, "input too large for libjpeg");
        return -1;
    }
    JPEGDecodeSession *const session = calloc(1, sizeof *session);
    if (session == NULL) {
        CImageShims__set_error(err, err_len, "out of memory");
        return -1;
    }
    j_decompress_ptr const cinfo = &session->cinfo;
    cinfo->err = jpeg_shim_error_init(&session->error, err, err_len);
    /* Assigned after setjmp and freed after a longjmp, hence volatile. */
    uint8_t *volatile pixels = NULL;
    if (setjmp(session->error.jump)) {
        jpeg_destroy_decompress(cinfo);
        free(pixels);
        free(session);
        return -1;
    }
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)len);
    jpeg_read_header(cinfo, TRUE);
    char message[96];
    if (cinfo->image_width > CImageShims_MAX_DIMENSION || cinfo->image_height > CImageShims_MAX_DIMENSION ||
        (uint64_t)cinfo->image_width * cinfo->image_height > CImageShims_MAX_PIXELS) {
        snprintf(message, sizeof message, "image too large: %ux%u", (unsigned)cinfo->image_width,
                 (unsigned)cinfo->image_height);
        jpeg_shim_fail(session, message);
    }
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
        cinfo->out_color_space = JCS_RGB; /* libjpeg converts grey and YCbCr to RGB itself */
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        jpeg_shim_fail(session, "CMYK/YCCK JPEGs are not supported (convert the image to RGB)");
        break;
    default:
        snprintf(message, sizeof message, "unsupported JPEG colour space (libjpeg J_COLOR_SPACE %d)",
                 (int)cinfo->jpeg_color_space);
        jpeg_shim_fail(session, message);
    }
    /* libjpeg's scaled IDCT: 1/2, 1/4 or 1/8 while decoding, so a huge texture is never held whole. */
    unsigned int denom = 1;
    while (max_dim > 0 && denom < 8 &&
           ((cinfo->image_width + denom - 1) / denom > max_dim || (cinfo->image_height + denom - 1) / denom > max_dim)) {
        denom *= 2;
    }
    cinfo->scale_num = 1;
    cinfo->scale_denom = denom;
    jpeg_start_decompress(cinfo);
    const uint32_t width = cinfo->output_width;
    const uint32_t height = cinfo->output_height;
    if (cinfo->output_components != 3) {
        jpeg_shim_fail(session, "decoder produced an unexpected number of components");
    }
    pixels = malloc((size_t)width * height * 4 + 1);
    if (pixels == NULL) {
        jpeg_shim_fail(session, "out of memory for the decoded image");
    }
    JSAMPARRAY rgb = (*cinfo->mem->alloc_sarray)((j_common_ptr)cinfo, JPOOL_IMAGE, width * 3, 1);
    while (cinfo->output_scanline < height) {
        uint8_t *destination = pixels + (size_t)cinfo->output_scanline * width * 4;
        if (jpeg_read_scanlines(cinfo, rgb, 1) != 1) {
            jpeg_shim_fail(session, "decoder returned no scanline");
        }
        const uint8_t *source = rgb[0];
        for (uint32_t x = 0; x < width; x++) {
            destination[4 * x] = source[3 * x];
            destination[4 * x + 1] = source[3 * x + 1];
            destination[4 * x + 2] = source[3 * x + 2];
            destination[4 * x + 3] = 255;
        }
    }
    jpeg_finish_decompress(cinfo);
    jpeg_destroy_decompress(cinfo);
    free(session);
    *out = pixels;
    *out_width = width;
    *out_height = height;
    return 0;
}
