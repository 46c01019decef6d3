/*
 * idcompare.c - compares two triangle-id images (as written by `glref render --shading id` and
 * `xrstudio render --shading id`).
 *
 *   idcompare A.png B.png [--diff OUT.png]
 *
 * A pixel's id is R | G << 8 | B << 16 (the triangle index + 1); a pixel with alpha 0 is background (id 0).
 * Prints the total pixel count, how many pixels differ, and splits the differences into
 *   - coverage differences: background in one image, a triangle in the other (counted per direction), and
 *   - triangle differences: a different triangle in each image (e.g. depth order or shared-edge ownership),
 * plus up to 5 example positions (x, y from the top-left). With --diff, writes a visualisation: black =
 * background in both, grey = same triangle, red = triangle only in A, green = triangle only in B, yellow =
 * different triangles.
 *
 * Exit status: 0 when the ids are identical, 1 when they differ, 2 on usage or I/O errors.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pngio.h"

/* The triangle id of pixel i (0 = background). */
static uint32_t pixel_id(const uint8_t *img, size_t i)
{
    const uint8_t *p = img + 4 * i;
    if (p[3] == 0)
        return 0;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

int main(int argc, char **argv)
{
    const char *path_a = NULL, *path_b = NULL, *diff_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--diff") && i + 1 < argc) {
            diff_path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            fprintf(stderr, "idcompare: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (!path_a) {
            path_a = argv[i];
        } else if (!path_b) {
            path_b = argv[i];
        } else {
            path_a = NULL;  /* too many arguments */
            break;
        }
    }
    if (!path_a || !path_b) {
        fputs("usage: idcompare A.png B.png [--diff OUT.png]\n", stderr);
        return 2;
    }

    uint8_t *a, *b;
    int wa, ha, wb, hb;
    if (png_read_rgba(path_a, &a, &wa, &ha) != 0)
        return 2;
    if (png_read_rgba(path_b, &b, &wb, &hb) != 0) {
        free(a);
        return 2;
    }
    if (wa != wb || ha != hb) {
        fprintf(stderr, "idcompare: sizes differ: %s is %dx%d, %s is %dx%d\n", path_a, wa, ha, path_b, wb, hb);
        free(a);
        free(b);
        return 2;
    }

    size_t total = (size_t)wa * ha;
    size_t differ = 0, only_a = 0, only_b = 0, other_tri = 0, covered_a = 0, covered_b = 0;
    uint8_t *diff = diff_path ? malloc(total * 4) : NULL;
    if (diff_path && !diff) {
        fputs("idcompare: out of memory\n", stderr);
        return 2;
    }
    enum { MAX_EXAMPLES = 5 };
    size_t examples[MAX_EXAMPLES];
    int nexamples = 0;

    for (size_t i = 0; i < total; i++) {
        uint32_t ia = pixel_id(a, i), ib = pixel_id(b, i);
        covered_a += ia != 0;
        covered_b += ib != 0;
        uint8_t rgb[3] = {0, 0, 0};
        if (ia == ib) {
            if (ia)
                rgb[0] = rgb[1] = rgb[2] = 96;
        } else {
            differ++;
            if (nexamples < MAX_EXAMPLES)
                examples[nexamples++] = i;
            if (!ib) {
                only_a++;
                rgb[0] = 255;
            } else if (!ia) {
                only_b++;
                rgb[1] = 255;
            } else {
                other_tri++;
                rgb[0] = rgb[1] = 255;
            }
        }
        if (diff) {
            memcpy(diff + 4 * i, rgb, 3);
            diff[4 * i + 3] = 255;
        }
    }

    printf("pixels=%zu differ=%zu coverage_only_a=%zu coverage_only_b=%zu other_triangle=%zu "
           "covered_a=%zu covered_b=%zu\n",
           total, differ, only_a, only_b, other_tri, covered_a, covered_b);
    for (int k = 0; k < nexamples; k++) {
        size_t i = examples[k];
        printf("  at x=%zu y=%zu: A id %u, B id %u\n", i % (size_t)wa, i / (size_t)wa, pixel_id(a, i),
               pixel_id(b, i));
    }
    int rc = differ ? 1 : 0;
    if (diff && png_write_rgba(diff_path, diff, wa, ha) != 0)
        rc = 2;
    free(diff);
    free(a);
    free(b);
    return rc;
}
