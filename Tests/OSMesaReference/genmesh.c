/*
 * genmesh.c - writes the rasterizer benchmark meshes as Wavefront OBJ.
 *
 *   genmesh sphere  OUT.obj   UV sphere, radius 1 at the origin, 250 slices x 201 stacks = 100,000 triangles,
 *                             smooth vn (the unit position)
 *   genmesh stage   OUT.obj   LED-volume stage, 5,376 large triangles, flat shaded (no vn): a curved LED wall
 *                             of 0.5 m cabinet boxes (radius 6 m arc over 150 degrees, 6 m tall), a flat LED
 *                             ceiling section, a tiled floor and a few props; metres, Y up, floor at y = 0,
 *                             the wall's arc centred on the origin and opening towards +Z
 *   genmesh terrain OUT.obj   707 x 707 quad heightfield over 100 m x 100 m centred on the origin,
 *                             999,698 triangles, gentle procedural hills, analytic vn
 *   genmesh plane   OUT.obj   a 200 m textured floor, 200 triangles, vt one repeat per 4 m (gen_plane)
 *
 * All faces are wound counter-clockwise seen from outside (from above for the floor and the terrain), so
 * --cull back keeps what a viewer outside the solids sees. The output is a pure function of the code: no
 * random seeds, and numbers are printed with a fixed format, so the files are identical on every run.
 * The triangle count is printed to stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* ---- output with running counts ------------------------------------------------------------------------ */

typedef struct {
    FILE *f;
    long vertices;   /* `v` lines written */
    long normals;    /* `vn` lines written */
    long triangles;  /* triangles written (quads count as 2) */
} Obj;

static void v(Obj *o, double x, double y, double z)
{
    fprintf(o->f, "v %.6f %.6f %.6f\n", x, y, z);
    o->vertices++;
}

static void vn(Obj *o, double x, double y, double z)
{
    fprintf(o->f, "vn %.6f %.6f %.6f\n", x, y, z);
    o->normals++;
}

/* A triangle of 1-based position indices, with the normals of the same indices when `smooth`. */
static void tri(Obj *o, long a, long b, long c, int smooth)
{
    if (smooth)
        fprintf(o->f, "f %ld//%ld %ld//%ld %ld//%ld\n", a, a, b, b, c, c);
    else
        fprintf(o->f, "f %ld %ld %ld\n", a, b, c);
    o->triangles++;
}

/* A flat quad a-b-c-d (counter-clockwise from its front), written as two triangles (a, b, c), (a, c, d). */
static void quad(Obj *o, long a, long b, long c, long d)
{
    tri(o, a, b, c, 0);
    tri(o, a, c, d, 0);
}

/* ---- sphere -------------------------------------------------------------------------------------------- */

enum { SPHERE_SLICES = 250, SPHERE_STACKS = 201 };  /* 2 * 250 * (201 - 1) = 100,000 triangles */

static void gen_sphere(Obj *o)
{
    fprintf(o->f, "# UV sphere, radius 1, %d slices x %d stacks, smooth normals\n", SPHERE_SLICES, SPHERE_STACKS);
    /* Vertex 1 = north pole, then rings 1 .. STACKS-1 of SLICES vertices each, then the south pole. The
       seam is closed by index wrap-around, so no vertex is duplicated. */
    v(o, 0, 1, 0);
    for (int i = 1; i < SPHERE_STACKS; i++) {
        double theta = PI * i / SPHERE_STACKS;  /* from +Y */
        for (int j = 0; j < SPHERE_SLICES; j++) {
            double phi = 2.0 * PI * j / SPHERE_SLICES;
            v(o, sin(theta) * sin(phi), cos(theta), sin(theta) * cos(phi));
        }
    }
    v(o, 0, -1, 0);
    /* Normals: identical to the positions (unit sphere), same order. */
    vn(o, 0, 1, 0);
    for (int i = 1; i < SPHERE_STACKS; i++) {
        double theta = PI * i / SPHERE_STACKS;
        for (int j = 0; j < SPHERE_SLICES; j++) {
            double phi = 2.0 * PI * j / SPHERE_SLICES;
            vn(o, sin(theta) * sin(phi), cos(theta), sin(theta) * cos(phi));
        }
    }
    vn(o, 0, -1, 0);

    const long north = 1, south = 2 + (long)(SPHERE_STACKS - 1) * SPHERE_SLICES;
#define RING(i, j) (2 + (long)((i) - 1) * SPHERE_SLICES + ((j) % SPHERE_SLICES))
    for (int j = 0; j < SPHERE_SLICES; j++)  /* north cap */
        tri(o, north, RING(1, j), RING(1, j + 1), 1);
    for (int i = 1; i < SPHERE_STACKS - 1; i++)
        for (int j = 0; j < SPHERE_SLICES; j++) {
            long a = RING(i, j), b = RING(i + 1, j), c = RING(i + 1, j + 1), d = RING(i, j + 1);
            tri(o, a, b, c, 1);
            tri(o, a, c, d, 1);
        }
    for (int j = 0; j < SPHERE_SLICES; j++)  /* south cap */
        tri(o, south, RING(SPHERE_STACKS - 1, j + 1), RING(SPHERE_STACKS - 1, j), 1);
#undef RING
}

/* ---- stage --------------------------------------------------------------------------------------------- */

/*
 * An oriented box: centre c, half extents h along its local axes, rotated by `yaw` radians about +Y
 * (local +Z turns towards +X). 8 vertices, 12 triangles, outward-facing.
 */
static void box(Obj *o, double cx, double cy, double cz, double hx, double hy, double hz, double yaw)
{
    double cs = cos(yaw), sn = sin(yaw);
    long base = o->vertices + 1;
    for (int k = 0; k < 8; k++) {
        double lx = (k & 1) ? hx : -hx, ly = (k & 2) ? hy : -hy, lz = (k & 4) ? hz : -hz;
        v(o, cx + cs * lx + sn * lz, cy + ly, cz - sn * lx + cs * lz);
    }
    /* Corner k has x from bit 0, y from bit 1, z from bit 2. Faces counter-clockwise from outside. */
#define C(k) (base + (k))
    quad(o, C(0), C(4), C(6), C(2)); /* -X */
    quad(o, C(1), C(3), C(7), C(5)); /* +X */
    quad(o, C(0), C(1), C(5), C(4)); /* -Y */
    quad(o, C(2), C(6), C(7), C(3)); /* +Y */
    quad(o, C(0), C(2), C(3), C(1)); /* -Z */
    quad(o, C(4), C(5), C(7), C(6)); /* +Z */
#undef C
}

enum {
    WALL_COLUMNS = 31,  /* 150 degrees of a 6 m radius arc = 15.7 m: 31 cabinets of ~0.5 m */
    WALL_ROWS = 12,     /* 6 m tall */
    CEIL_X = 10,        /* ceiling section: 10 x 6 cabinets of 0.5 m = 5 m x 3 m */
    CEIL_Z = 6,
    FLOOR_X = 8,        /* floor: 8 x 6 tiles of 2 m = 16 m x 12 m */
    FLOOR_Z = 6,
};

static void gen_stage(Obj *o)
{
    const double radius = 6.0, arc = 150.0 * PI / 180.0, cab = 0.5, depth = 0.1, gap = 0.004;
    fprintf(o->f, "# LED volume stage: curved wall %dx%d cabinets, ceiling %dx%d, floor %dx%d tiles, props\n",
            WALL_COLUMNS, WALL_ROWS, CEIL_X, CEIL_Z, FLOOR_X, FLOOR_Z);

    /* Curved wall: columns centred on the -Z axis, each cabinet facing the arc's centre (the origin).
       A cabinet at angle a sits at (R sin a, y, -R cos a); yaw = -a turns its local +Z towards the centre. */
    fprintf(o->f, "o led_wall\n");
    double step = arc / WALL_COLUMNS;
    double chord = 2.0 * radius * sin(step / 2.0);  /* cabinet width so that neighbours touch at the front */
    for (int c = 0; c < WALL_COLUMNS; c++) {
        double a = -arc / 2.0 + (c + 0.5) * step;
        double r = radius + depth / 2.0;  /* the front face lies on the 6 m arc */
        for (int row = 0; row < WALL_ROWS; row++) {
            double y = (row + 0.5) * cab;
            box(o, r * sin(a), y, -r * cos(a), chord / 2.0 - gap, cab / 2.0 - gap, depth / 2.0, -a);
        }
    }

    /* Flat LED ceiling section at 6.2 m, its screen facing down, over the back of the volume (z -5.5 .. -2.5),
       where a camera inside the volume looking at the wall sees it above the wall. */
    fprintf(o->f, "o led_ceiling\n");
    for (int i = 0; i < CEIL_X; i++)
        for (int k = 0; k < CEIL_Z; k++)
            box(o, (i + 0.5 - CEIL_X / 2.0) * cab, 6.2 + depth / 2.0, -5.5 + (k + 0.5) * cab, cab / 2.0 - gap,
                depth / 2.0, cab / 2.0 - gap, 0.0);

    /* Floor at y = 0, counter-clockwise from above. */
    fprintf(o->f, "o floor\n");
    long base = o->vertices + 1;
    const double tile = 2.0, x0 = -8.0, z0 = -8.0;
    for (int k = 0; k <= FLOOR_Z; k++)
        for (int i = 0; i <= FLOOR_X; i++)
            v(o, x0 + i * tile, 0.0, z0 + k * tile);
    for (int k = 0; k < FLOOR_Z; k++)
        for (int i = 0; i < FLOOR_X; i++) {
            long a = base + (long)k * (FLOOR_X + 1) + i, b = a + 1, c = b + FLOOR_X + 1, d = a + FLOOR_X + 1;
            quad(o, a, d, c, b);  /* a(x0,z0) -> d(x0,z1) -> c(x1,z1) -> b(x1,z0): CCW seen from +Y */
        }

    /* Props: a car (body + cabin), two flight cases, a camera on a pedestal, a light stand. */
    fprintf(o->f, "o props\n");
    box(o, 2.0, 0.55, -3.0, 0.9, 0.35, 2.2, 0.5);    /* car body */
    box(o, 1.95, 1.15, -3.05, 0.8, 0.25, 1.1, 0.5);  /* car cabin */
    box(o, -2.8, 0.35, -3.2, 0.6, 0.35, 0.4, -0.2);  /* flight case */
    box(o, -2.6, 0.95, -3.1, 0.4, 0.25, 0.3, -0.1);  /* flight case on top */
    box(o, -0.6, 0.6, 2.5, 0.25, 0.6, 0.25, 0.0);    /* camera pedestal */
    box(o, -0.6, 1.35, 2.45, 0.15, 0.15, 0.35, 0.0); /* camera body */
    box(o, 3.8, 1.2, -0.5, 0.03, 1.2, 0.03, 0.0);    /* light stand pole */
    box(o, 3.8, 2.5, -0.5, 0.3, 0.2, 0.1, -0.8);     /* light head */
}

/* ---- terrain ------------------------------------------------------------------------------------------- */

enum { TERRAIN_QUADS = 707 };  /* 2 * 707^2 = 999,698 triangles */

/*
 * Gentle hills: a few octaves of sines, heights within about +-6 m over 100 m. `dhdx`, `dhdz` receive the
 * analytic gradient, from which the normal is (-dh/dx, 1, -dh/dz) normalised.
 */
static double height(double x, double z, double *dhdx, double *dhdz)
{
    static const double oct[][5] = {
        /* amplitude, frequency x, frequency z, phase x, phase z */
        {3.0, 0.061, 0.047, 0.3, 1.1},
        {1.4, 0.13, 0.11, 1.7, 0.4},
        {0.55, 0.29, 0.23, 2.9, 2.2},
        {0.2, 0.61, 0.53, 0.8, 4.1},
    };
    double h = 0.0, gx = 0.0, gz = 0.0;
    for (size_t i = 0; i < sizeof oct / sizeof oct[0]; i++) {
        const double *p = oct[i];
        double sx = sin(p[1] * x + p[3]), cx = cos(p[1] * x + p[3]);
        double sz = sin(p[2] * z + p[4]), cz = cos(p[2] * z + p[4]);
        h += p[0] * sx * cz;
        gx += p[0] * p[1] * cx * cz;
        gz -= p[0] * p[2] * sx * sz;
    }
    *dhdx = gx;
    *dhdz = gz;
    return h;
}

static void gen_terrain(Obj *o)
{
    const int n = TERRAIN_QUADS;
    const double size = 100.0, cell = size / n;
    fprintf(o->f, "# heightfield terrain, %d x %d quads over %.0f m x %.0f m, smooth normals\n", n, n, size, size);
    for (int k = 0; k <= n; k++)
        for (int i = 0; i <= n; i++) {
            double x = -size / 2.0 + i * cell, z = -size / 2.0 + k * cell, gx, gz;
            v(o, x, height(x, z, &gx, &gz), z);
        }
    for (int k = 0; k <= n; k++)
        for (int i = 0; i <= n; i++) {
            double x = -size / 2.0 + i * cell, z = -size / 2.0 + k * cell, gx, gz;
            height(x, z, &gx, &gz);
            double l = sqrt(gx * gx + 1.0 + gz * gz);
            vn(o, -gx / l, 1.0 / l, -gz / l);
        }
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++) {
            long a = 1 + (long)k * (n + 1) + i, b = a + 1, d = a + n + 1, c = d + 1;
            /* a(x0,z0), b(x1,z0), c(x1,z1), d(x0,z1): counter-clockwise from above is a -> d -> c -> b. */
            tri(o, a, d, c, 1);
            tri(o, a, c, b, 1);
        }
}

/* ---- plane --------------------------------------------------------------------------------------------- */

/*
 * A textured floor: 200 m x 200 m at y = 0 centred on the origin, 10 x 10 quads (200 triangles), texture
 * coordinates u = x / 4 m, v = z / 4 m (one texture repeat every 4 m), normal +Y. For timing textured against
 * untextured shading (`xrstudio bench plane.obj --checker-texture N`): seen from 2 m up looking down and ahead it
 * fills the frame, magnified near the camera and minified towards the top.
 */
static void gen_plane(Obj *o)
{
    const int n = 10;
    const double size = 200.0, cell = size / n, repeat = 4.0;
    fprintf(o->f, "# textured floor, %d x %d quads over %.0f m x %.0f m, u = x / %.0f m, v = z / %.0f m\n", n, n,
            size, size, repeat, repeat);
    for (int k = 0; k <= n; k++)
        for (int i = 0; i <= n; i++) {
            double x = -size / 2.0 + i * cell, z = -size / 2.0 + k * cell;
            v(o, x, 0.0, z);
            fprintf(o->f, "vt %.6f %.6f\n", x / repeat, z / repeat);
        }
    vn(o, 0.0, 1.0, 0.0);
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++) {
            long a = 1 + (long)k * (n + 1) + i, b = a + 1, d = a + n + 1, c = d + 1;
            /* Counter-clockwise from above: a -> d -> c and a -> c -> b, each corner with its vt and the one vn. */
            fprintf(o->f, "f %ld/%ld/1 %ld/%ld/1 %ld/%ld/1\n", a, a, d, d, c, c);
            fprintf(o->f, "f %ld/%ld/1 %ld/%ld/1 %ld/%ld/1\n", a, a, c, c, b, b);
            o->triangles += 2;
        }
}

/* ---- main ---------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: genmesh sphere|stage|terrain|plane OUT.obj\n", stderr);
        return 1;
    }
    void (*gen)(Obj *) = NULL;
    if (!strcmp(argv[1], "sphere"))
        gen = gen_sphere;
    else if (!strcmp(argv[1], "stage"))
        gen = gen_stage;
    else if (!strcmp(argv[1], "terrain"))
        gen = gen_terrain;
    else if (!strcmp(argv[1], "plane"))
        gen = gen_plane;
    else {
        fprintf(stderr, "genmesh: unknown mesh '%s' (sphere, stage, terrain or plane)\n", argv[1]);
        return 1;
    }
    Obj o = {0};
    o.f = fopen(argv[2], "w");
    if (!o.f) {
        fprintf(stderr, "genmesh: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(o.f, buf, _IOFBF, sizeof buf);
    fprintf(o.f, "# generated by Tests/OSMesaReference/genmesh %s\n", argv[1]);
    gen(&o);
    if (ferror(o.f) | (fclose(o.f) != 0)) {
        fprintf(stderr, "genmesh: %s: write failed\n", argv[2]);
        return 1;
    }
    fprintf(stderr, "genmesh: %s: %ld triangles, %ld vertices\n", argv[2], o.triangles, o.vertices);
    return 0;
}
