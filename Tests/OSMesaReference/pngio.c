/*
 * pngio.c - see pngio.h. Errors inside libpng are reported through its error callback and a longjmp back
 * into the function that started the operation.
 */
#include "pngio.h"

#include <png.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpng error callback: print the message with the file name, then unwind to the setjmp in the caller. */
static void on_png_error(png_structp png, png_const_charp msg)
{
    const char *path = png_get_error_ptr(png);
    fprintf(stderr, "%s: PNG error: %s\n", path ? path : "?", msg);
    png_longjmp(png, 1);
}

/* Warnings (e.g. about ancillary chunks) are not fatal and are not interesting here. */
static void on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

int png_write_rgba(const char *path, const uint8_t *rgba, int width, int height)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "%s: cannot open for writing: %s\n", path, strerror(errno));
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, (png_voidp)path, on_png_error,
                                              on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        fprintf(stderr, "%s: cannot initialise libpng\n", path);
        png_destroy_write_struct(&png, NULL);
        fclose(f);
        return -1;
    }
    /* volatile: modified between setjmp and a possible longjmp. */
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free((void *)rows);
        png_destroy_write_struct(&png, &info);
        fclose(f);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    rows = malloc(sizeof(png_bytep) * (size_t)height);
    if (!rows) {
        fprintf(stderr, "%s: out of memory\n", path);
        png_destroy_write_struct(&png, &info);
        fclose(f);
        return -1;
    }
    for (int y = 0; y < height; y++)
        rows[y] = (png_bytep)(rgba + (size_t)y * (size_t)width * 4);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&png, &info);
    free((void *)rows);
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: write failed: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int png_read_rgba(const char *path, uint8_t **out, int *out_w, int *out_h)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, (png_voidp)path, on_png_error,
                                             on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        fprintf(stderr, "%s: cannot initialise libpng\n", path);
        png_destroy_read_struct(&png, NULL, NULL);
        fclose(f);
        return -1;
    }
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free((void *)rows);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return -1;
    }
    png_init_io(png, f);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    int color = png_get_color_type(png, info), depth = png_get_bit_depth(png, info);

    /* Normalise every input format to 8-bit RGBA. */
    if (color == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_tRNS_to_alpha(png);
    if (depth == 16)
        png_set_strip_16(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    if (!(color & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS))
        png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) {
        fprintf(stderr, "%s: unexpected PNG layout after conversion\n", path);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return -1;
    }

    pixels = malloc((size_t)w * h * 4);
    rows = malloc(sizeof(png_bytep) * h);
    if (!pixels || !rows) {
        fprintf(stderr, "%s: out of memory\n", path);
        free(pixels);
        free((void *)rows);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(f);
        return -1;
    }
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = pixels + (size_t)y * w * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(f);
    free((void *)rows);
    *out = pixels;
    *out_w = (int)w;
    *out_h = (int)h;
    return 0;
}
