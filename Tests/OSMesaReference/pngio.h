/*
 * pngio.h - minimal RGBA8 PNG reading and writing on top of libpng, shared by glref and idcompare.
 *
 * Images are tightly packed, 4 bytes per pixel (R, G, B, A), rows top to bottom.
 */
#ifndef XR_OSMESA_PNGIO_H
#define XR_OSMESA_PNGIO_H

#include <stdint.h>

/* Writes an 8-bit RGBA PNG. Returns 0 on success; on failure prints one line to stderr and returns -1. */
int png_write_rgba(const char *path, const uint8_t *rgba, int width, int height);

/*
 * Reads any PNG and converts it to 8-bit RGBA (palette and grey expanded, 16-bit channels stripped, an opaque
 * alpha added when the file has none). On success returns 0 and stores a malloc'ed buffer in *rgba that the
 * caller frees; on failure prints one line to stderr and returns -1.
 */
int png_read_rgba(const char *path, uint8_t **rgba, int *width, int *height);

#endif
