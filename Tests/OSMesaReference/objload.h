/*
 * objload.h - a small Wavefront OBJ loader for the llvmpipe reference renderer (glref).
 *
 * Supported: `v x y z [w]` (w, the rational weight, is read and ignored; the common `v x y z r g b`
 * vertex-colour extension is accepted and the colours ignored), `vt`, `vn`, `f` with v, v/vt, v//vn and
 * v/vt/vn corners, negative (relative) indices, polygons fanned as (0, i, i+1), comments, blank lines and
 * CRLF line ends. Every other statement (o, g, s, usemtl, mtllib, l, p, ...) is ignored.
 *
 * The result is an indexed triangle list in the file's triangle order: triangle t of the mesh is the t-th
 * triangle produced by fanning the file's faces, which is what gl_PrimitiveID numbers. Vertices are shared
 * between triangles when they use the same (position, normal) pair, so indexed drawing can reuse them; with
 * `with_uvs`, the same (position, normal, texture coordinate) triple, so vertices split at UV seams.
 */
#ifndef XR_OSMESA_OBJLOAD_H
#define XR_OSMESA_OBJLOAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    float *positions;   /* 3 floats per vertex: object-space x, y, z */
    float *normals;     /* 4 floats per vertex: x, y, z of the file's vn, w = 1 when it has one, else all 0 */
    float *uvs;         /* with_uvs only (else NULL): 2 floats per vertex, the file's vt u, v (0, 0 without) */
    uint32_t *indices;  /* 3 per triangle, into the vertex arrays */
    size_t vertex_count;
    size_t triangle_count;
    size_t faces_with_normals;     /* faces whose every corner had a vn */
    size_t faces_without_normals;  /* faces shaded with the flat face normal */
    size_t faces_with_uvs;         /* with_uvs: faces whose every corner had a vt (the others get (0, 0)) */
} ObjMesh;

/*
 * Loads `path`, keeping texture coordinates when `with_uvs` (a face uses them only when every corner has one,
 * as for normals). Returns 0 on success. On failure prints exactly one line to stderr ("FILE:LINE: message",
 * or "FILE: message" for I/O errors) and returns -1; the mesh is then left empty.
 */
#include <stdbool.h>

int obj_load(const char *path, ObjMesh *mesh, bool with_uvs);

void obj_free(ObjMesh *mesh);

#endif
