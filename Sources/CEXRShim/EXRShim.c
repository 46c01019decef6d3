/* EXRShim: CEXRShim's encoder and checker over the OpenEXR Core C API, with the file in memory.
 *
 * The write callback keeps a growable buffer (the library writes the header, then chunks, then seeks back to
 * fill in the chunk offset table); the read callback serves a caller's bytes. The error handler copies the
 * library's last message into the stream's `err`, so failures read "ZIP: ..." the library's way.
 */
#include "CEXRShim.h"

#include <OpenEXR/openexr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest width or height accepted, as CImageShims: a render needs far less, a hostile header cannot ask more. */
#define CEXRSHIM_MAX_DIMENSION 65535
#define CEXRSHIM_MAX_PIXELS 268435456u

typedef struct {
    uint8_t *data;
    size_t len;
    size_t cap;
    const uint8_t *source;
    size_t source_len;
    char *err;
    size_t err_len;
} Stream;

static void set_error(Stream *s, const char *text) {
    if (s->err && s->err_len > 0 && s->err[0] == 0) {
        snprintf(s->err, s->err_len, "%s", text);
    }
}

static void on_error(exr_const_context_t ctxt, exr_result_t code, const char *msg) {
    void *user = NULL;
    if (exr_get_user_data(ctxt, &user) == EXR_ERR_SUCCESS && user) {
        set_error((Stream *)user, msg ? msg : exr_get_default_error_message(code));
    }
}

static int64_t write_memory(exr_const_context_t ctxt, void *user, const void *buffer, uint64_t sz, uint64_t offset,
                            exr_stream_error_func_ptr_t error_cb) {
    Stream *s = (Stream *)user;
    (void)error_cb;
    (void)ctxt;
    if (offset > SIZE_MAX - sz) return -1;
    size_t end = (size_t)(offset + sz);
    if (end > s->cap) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap < end) cap *= 2;
        uint8_t *grown = realloc(s->data, cap);
        if (!grown) return -1;
        memset(grown + s->cap, 0, cap - s->cap);
        s->data = grown;
        s->cap = cap;
    }
    memcpy(s->data + offset, buffer, (size_t)sz);
    if (end > s->len) s->len = end;
    return (int64_t)sz;
}

static int64_t read_memory(exr_const_context_t ctxt, void *user, void *buffer, uint64_t sz, uint64_t offset,
                           exr_stream_error_func_ptr_t error_cb) {
    Stream *s = (Stream *)user;
    (void)ctxt;
    (void)error_cb;
    if (offset >= s->source_len) return 0;
    uint64_t n = s->source_len - offset < sz ? s->source_len - offset : sz;
    memcpy(buffer, s->source + offset, (size_t)n);
    return (int64_t)n;
}

static int64_t size_memory(exr_const_context_t ctxt, void *user) {
    (void)ctxt;
    return (int64_t)((Stream *)user)->source_len;
}

void CEXRShim_free(void *buffer) { free(buffer); }

/* Sets `err` from a failed call (unless the handler already did) and returns 1. */
static int fail(Stream *s, exr_result_t rc, const char *what) {
    char text[256];
    snprintf(text, sizeof text, "%s: %s", what, exr_get_default_error_message(rc));
    set_error(s, text);
    return 1;
}

int CEXRShim_encode(uint32_t width, uint32_t height, const CEXRShim_Channel *channels, int channel_count,
                    int compression, const CEXRShim_Header *header, uint8_t **out, size_t *out_len, char *err,
                    size_t err_len) {
    Stream s = {0};
    s.err = err;
    s.err_len = err_len;
    if (err && err_len) err[0] = 0;
    *out = NULL;
    *out_len = 0;
    if (width == 0 || height == 0) {
        snprintf(err, err_len, "image is empty: %ux%u", width, height);
        return 1;
    }
    if (width > CEXRSHIM_MAX_DIMENSION || height > CEXRSHIM_MAX_DIMENSION ||
        (uint64_t)width * height > CEXRSHIM_MAX_PIXELS) {
        snprintf(err, err_len, "image too large: %ux%u", width, height);
        return 1;
    }
    if (compression != CEXRShim_COMPRESSION_NONE && compression != CEXRShim_COMPRESSION_ZIP &&
        compression != CEXRShim_COMPRESSION_PIZ) {
        snprintf(err, err_len, "unsupported compression %d", compression);
        return 1;
    }
    exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
    init.user_data = &s;
    init.write_fn = write_memory;
    init.error_handler_fn = on_error;
    exr_context_t ctxt = NULL;
    exr_result_t rc = exr_start_write(&ctxt, "<memory>", EXR_WRITE_FILE_DIRECTLY, &init);
    if (rc != EXR_ERR_SUCCESS) {
        free(s.data);
        return fail(&s, rc, "start");
    }
    int part = 0;
    int status = 0;
    exr_encode_pipeline_t encoder = EXR_ENCODE_PIPELINE_INITIALIZER;
    int encoder_ready = 0;
    if ((rc = exr_add_part(ctxt, "rgba", EXR_STORAGE_SCANLINE, &part)) != EXR_ERR_SUCCESS ||
        (rc = exr_initialize_required_attr_simple(ctxt, part, (int32_t)width, (int32_t)height,
                                                  (exr_compression_t)compression)) != EXR_ERR_SUCCESS) {
        status = fail(&s, rc, "header");
        goto done;
    }
    for (int c = 0; c < channel_count; c++) {
        rc = exr_add_channel(ctxt, part, channels[c].name, channels[c].is_float ? EXR_PIXEL_FLOAT : EXR_PIXEL_HALF,
                             channels[c].linear ? EXR_PERCEPTUALLY_LINEAR : EXR_PERCEPTUALLY_LOGARITHMIC, 1, 1);
        if (rc != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "channel");
            goto done;
        }
    }
    if (header) {
        const float *k = header->chromaticities;
        exr_attr_chromaticities_t chroma = {k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]};
        rc = exr_attr_set_chromaticities(ctxt, part, "chromaticities", &chroma);
        if (rc == EXR_ERR_SUCCESS && header->focal_length_mm > 0) {
            rc = exr_attr_set_float(ctxt, part, "nominalFocalLength", header->focal_length_mm);
        }
        if (rc == EXR_ERR_SUCCESS && header->has_timecode) {
            exr_attr_timecode_t tc = {header->timecode_time_and_flags, header->timecode_user_data};
            rc = exr_attr_set_timecode(ctxt, part, "timeCode", &tc);
        }
        if (rc == EXR_ERR_SUCCESS && header->fps_denom > 0) {
            exr_attr_rational_t fps = {header->fps_num, header->fps_denom};
            rc = exr_attr_set_rational(ctxt, part, "framesPerSecond", &fps);
        }
        if (rc == EXR_ERR_SUCCESS && header->software) {
            rc = exr_attr_set_string(ctxt, part, "software", header->software);
        }
        if (rc == EXR_ERR_SUCCESS && header->has_sensor) {
            exr_attr_v2f_t sensor = {header->sensor_mm[0], header->sensor_mm[1]};
            rc = exr_attr_set_v2f(ctxt, part, "sensorOverallDimensions", &sensor);
        }
        if (rc == EXR_ERR_SUCCESS && header->focus_m > 0) {
            rc = exr_attr_set_float(ctxt, part, "focus", header->focus_m);
        }
        if (rc == EXR_ERR_SUCCESS && header->aperture > 0) {
            rc = exr_attr_set_float(ctxt, part, "aperture", header->aperture);
        }
        if (rc == EXR_ERR_SUCCESS && header->has_matrices) {
            exr_attr_m44f_t camera, ndc;
            memcpy(camera.m, header->world_to_camera, sizeof camera.m);
            memcpy(ndc.m, header->world_to_ndc, sizeof ndc.m);
            rc = exr_attr_set_m44f(ctxt, part, "worldToCamera", &camera);
            if (rc == EXR_ERR_SUCCESS) rc = exr_attr_set_m44f(ctxt, part, "worldToNDC", &ndc);
        }
        if (rc == EXR_ERR_SUCCESS && header->camera_label) {
            rc = exr_attr_set_string(ctxt, part, "cameraLabel", header->camera_label);
        }
        if (rc != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "attribute");
            goto done;
        }
    }
    if ((rc = exr_write_header(ctxt)) != EXR_ERR_SUCCESS) {
        status = fail(&s, rc, "header");
        goto done;
    }
    int32_t lines = 1;
    exr_get_scanlines_per_chunk(ctxt, part, &lines);
    for (uint32_t y = 0; y < height; y += (uint32_t)lines) {
        exr_chunk_info_t chunk;
        if ((rc = exr_write_scanline_chunk_info(ctxt, part, (int)y, &chunk)) != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "chunk");
            goto done;
        }
        int first = !encoder_ready;
        rc = encoder_ready ? exr_encoding_update(ctxt, part, &chunk, &encoder)
                           : exr_encoding_initialize(ctxt, part, &chunk, &encoder);
        if (rc != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "encoder");
            goto done;
        }
        encoder_ready = 1;
        for (int16_t e = 0; e < encoder.channel_count; e++) {
            exr_coding_channel_info_t *slot = &encoder.channels[e];
            const CEXRShim_Channel *source = NULL;
            for (int c = 0; c < channel_count; c++) {
                if (strcmp(channels[c].name, slot->channel_name) == 0) source = &channels[c];
            }
            if (!source) {
                status = fail(&s, EXR_ERR_INVALID_ARGUMENT, "channel");
                goto done;
            }
            int bytes = source->is_float ? 4 : 2;
            slot->user_bytes_per_element = (int16_t)bytes;
            slot->user_data_type = (uint16_t)(source->is_float ? EXR_PIXEL_FLOAT : EXR_PIXEL_HALF);
            slot->user_pixel_stride = bytes;
            slot->user_line_stride = bytes * (int32_t)width;
            slot->encode_from_ptr = (const uint8_t *)source->samples + (size_t)y * width * (size_t)bytes;
        }
        if (first) {
            if ((rc = exr_encoding_choose_default_routines(ctxt, part, &encoder)) != EXR_ERR_SUCCESS) {
                status = fail(&s, rc, "encoder");
                goto done;
            }
        }
        if ((rc = exr_encoding_run(ctxt, part, &encoder)) != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "encoding");
            goto done;
        }
    }
done:
    if (encoder_ready) exr_encoding_destroy(ctxt, &encoder);
    rc = exr_finish(&ctxt);
    if (status == 0 && rc != EXR_ERR_SUCCESS) status = fail(&s, rc, "finish");
    if (status != 0) {
        free(s.data);
        return status;
    }
    *out = s.data;
    *out_len = s.len;
    return 0;
}

int CEXRShim_check(const uint8_t *data, size_t len, int decode_all, uint32_t *width, uint32_t *height,
                   char *channels, size_t channels_len, size_t *channels_used, int *channels_cut,
                   CEXRShim_Shot *shot, char *err, size_t err_len) {
    Stream s = {0};
    s.source = data;
    s.source_len = len;
    s.err = err;
    s.err_len = err_len;
    if (err && err_len) err[0] = 0;
    *width = 0;
    *height = 0;
    exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
    init.user_data = &s;
    init.read_fn = read_memory;
    init.size_fn = size_memory;
    init.error_handler_fn = on_error;
    exr_context_t ctxt = NULL;
    exr_result_t rc = exr_start_read(&ctxt, "<memory>", &init);
    if (rc != EXR_ERR_SUCCESS) {
        if (ctxt) exr_finish(&ctxt);
        return fail(&s, rc, "header");
    }
    int status = 0;
    exr_attr_box2i_t box;
    exr_storage_t storage;
    uint8_t *scratch = NULL;
    exr_decode_pipeline_t decoder = EXR_DECODE_PIPELINE_INITIALIZER;
    int decoder_ready = 0;
    if ((rc = exr_get_storage(ctxt, 0, &storage)) != EXR_ERR_SUCCESS || storage != EXR_STORAGE_SCANLINE ||
        (rc = exr_get_data_window(ctxt, 0, &box)) != EXR_ERR_SUCCESS) {
        status = fail(&s, rc == EXR_ERR_SUCCESS ? EXR_ERR_FEATURE_NOT_IMPLEMENTED : rc, "not a scanline image");
        goto done;
    }
    int64_t w = (int64_t)box.max.x - box.min.x + 1, h = (int64_t)box.max.y - box.min.y + 1;
    if (w <= 0 || h <= 0 || w > CEXRSHIM_MAX_DIMENSION || h > CEXRSHIM_MAX_DIMENSION) {
        snprintf(err, err_len, "bad data window: %lldx%lld", (long long)w, (long long)h);
        status = 1;
        goto done;
    }
    *width = (uint32_t)w;
    *height = (uint32_t)h;
    const exr_attr_chlist_t *chlist = NULL;
    *channels_used = 0;
    *channels_cut = 0;
    if (exr_get_channels(ctxt, 0, &chlist) == EXR_ERR_SUCCESS && chlist) {
        size_t used = 0;
        for (int c = 0; c < chlist->num_channels; c++) {
            const char *name = chlist->entries[c].name.str;
            size_t n = name ? strlen(name) : 0;
            if (!channels || used + n + 1 > channels_len) {
                *channels_cut = 1;
                break;
            }
            if (n) memcpy(channels + used, name, n);
            channels[used + n] = 0;
            used += n + 1;
        }
        *channels_used = used;
    }
    if (shot) {
        /* Each read only where the file holds the attribute with its standard type (another type is not it). */
        memset(shot, 0, sizeof *shot);
        exr_attr_timecode_t tc;
        if (exr_attr_get_timecode(ctxt, 0, "timeCode", &tc) == EXR_ERR_SUCCESS) {
            shot->has_timecode = 1;
            shot->timecode_time_and_flags = tc.time_and_flags;
        }
        if (exr_attr_get_float(ctxt, 0, "nominalFocalLength", &shot->focal_length_mm) == EXR_ERR_SUCCESS)
            shot->has_focal_length = 1;
        exr_attr_m44f_t m;
        if (exr_attr_get_m44f(ctxt, 0, "worldToCamera", &m) == EXR_ERR_SUCCESS) {
            shot->has_world_to_camera = 1;
            memcpy(shot->world_to_camera, m.m, sizeof m.m);
        }
    }
    int32_t lines = 1;
    exr_get_scanlines_per_chunk(ctxt, 0, &lines);
    for (int64_t y = box.min.y; y <= box.max.y; y += lines) {
        exr_chunk_info_t chunk;
        if ((rc = exr_read_scanline_chunk_info(ctxt, 0, (int)y, &chunk)) != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "chunk table");
            goto done;
        }
        if (chunk.data_offset > len || chunk.packed_size > len - chunk.data_offset) {
            snprintf(err, err_len, "truncated: scanlines from %lld end past the file's %zu bytes", (long long)y, len);
            status = 1;
            goto done;
        }
        if (!decode_all) continue;
        rc = decoder_ready ? exr_decoding_update(ctxt, 0, &chunk, &decoder)
                           : exr_decoding_initialize(ctxt, 0, &chunk, &decoder);
        if (rc != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "decoder");
            goto done;
        }
        decoder_ready = 1;
        size_t need = 0;
        for (int16_t c = 0; c < decoder.channel_count; c++) {
            need += (size_t)decoder.channels[c].width * decoder.channels[c].height * 4;
        }
        uint8_t *grown = realloc(scratch, need ? need : 1);
        if (!grown) {
            snprintf(err, err_len, "out of memory");
            status = 1;
            goto done;
        }
        scratch = grown;
        size_t at = 0;
        for (int16_t c = 0; c < decoder.channel_count; c++) {
            exr_coding_channel_info_t *slot = &decoder.channels[c];
            slot->user_bytes_per_element = 4;
            slot->user_data_type = EXR_PIXEL_FLOAT;
            slot->user_pixel_stride = 4;
            slot->user_line_stride = 4 * slot->width;
            slot->decode_to_ptr = scratch + at;
            at += (size_t)slot->width * slot->height * 4;
        }
        if ((rc = exr_decoding_choose_default_routines(ctxt, 0, &decoder)) != EXR_ERR_SUCCESS ||
            (rc = exr_decoding_run(ctxt, 0, &decoder)) != EXR_ERR_SUCCESS) {
            status = fail(&s, rc, "decoding");
            goto done;
        }
    }
done:
    if (decoder_ready) exr_decoding_destroy(ctxt, &decoder);
    free(scratch);
    exr_finish(&ctxt);
    return status;
}
