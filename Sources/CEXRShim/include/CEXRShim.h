/* CEXRShim: OpenEXR files in memory through the OpenEXR Core C API (openexr.h).
 *
 * Why this shim exists: the Core API works through a context, an initializer of C function pointers (memory
 * read/write callbacks, an error handler) and encode/decode pipelines whose channel table is a C union; doing
 * that here keeps Swift to one call per file with plain buffers. Like CImageShims: no I/O (the file is built in
 * and read from memory), nothing printed (the library's messages are captured into `err`), no global state,
 * 0 on success and nonzero with a message on failure, malloc'd output released with CEXRShim_free.
 * This header deliberately does not include openexr.h: Swift sees only this API.
 */
#ifndef CEXRSHIM_H
#define CEXRSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Compression choices (the OpenEXR numbering of exr_compression_t). */
#define CEXRShim_COMPRESSION_NONE 0
#define CEXRShim_COMPRESSION_ZIP 3
#define CEXRShim_COMPRESSION_PIZ 4

/* One channel of a frame: its name, and width * height samples, rows top first. `is_float` picks the sample type
 * in the file and in `samples`: 1 for 32-bit float (`samples` holds floats), 0 for half (`samples` holds the
 * IEEE binary16 bits as uint16). `linear` is OpenEXR's pLinear hint (1 for depth and alpha, 0 for colour). */
typedef struct {
    const char *name;
    const void *samples;
    int is_float;
    int linear;
} CEXRShim_Channel;

/* The header attributes written besides the required ones. */
typedef struct {
    /* chromaticities: red, green, blue, white xy. */
    float chromaticities[8];
    /* nominalFocalLength in millimetres; written when > 0. */
    float focal_length_mm;
    /* timeCode: the SMPTE 12M packed time-and-flags word and user bits; written when has_timecode. */
    int has_timecode;
    uint32_t timecode_time_and_flags;
    uint32_t timecode_user_data;
    /* framesPerSecond as num / denom; written when denom > 0. */
    int32_t fps_num;
    uint32_t fps_denom;
    /* owner/comments-style free text, "software" when non-NULL. */
    const char *software;
    /* The camera (OpenEXR's standard attribute names; each written when its has_ flag is set):
     * sensorOverallDimensions (v2f, millimetres), focus (float, metres), aperture (float, f-stops),
     * worldToCamera and worldToNDC (m44f, row vectors: p' = p * M, Imath's convention), cameraLabel (string). */
    int has_sensor;
    float sensor_mm[2];
    float focus_m;
    float aperture;
    int has_matrices;
    float world_to_camera[16];
    float world_to_ndc[16];
    const char *camera_label;
} CEXRShim_Header;

void CEXRShim_free(void *buffer);

/* Encodes a single-part scanline EXR of `channel_count` channels (any order: the file stores them sorted by
 * name, as the format requires) with `compression` (CEXRShim_COMPRESSION_*). */
int CEXRShim_encode(uint32_t width, uint32_t height, const CEXRShim_Channel *channels, int channel_count,
                    int compression, const CEXRShim_Header *header, uint8_t **out, size_t *out_len, char *err,
                    size_t err_len);

/* The header attributes that say which shot a frame is (each has_ flag set when the file holds it, of its type). */
typedef struct {
    int has_timecode;
    uint32_t timecode_time_and_flags;
    int has_focal_length;
    float focal_length_mm;
    int has_world_to_camera;
    float world_to_camera[16];
} CEXRShim_Shot;

/* Reads an EXR's header and checks every scanline chunk lies inside the file (a cut-short file fails); with
 * `decode_all`, also decompresses every chunk. Returns the data window's size in `*width`, `*height`, the
 * channel names in `channels`, each followed by a NUL (the one byte no name holds), `*channels_used` bytes in all
 * (names past `channels_len` are left out and `*channels_cut` set), and, when `shot` is not NULL, the shot's
 * attributes (timeCode, nominalFocalLength, worldToCamera). */
int CEXRShim_check(const uint8_t *data, size_t len, int decode_all, uint32_t *width, uint32_t *height,
                   char *channels, size_t channels_len, size_t *channels_used, int *channels_cut,
                   CEXRShim_Shot *shot, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif /* CEXRSHIM_H */
