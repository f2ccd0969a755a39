#ifndef CIMAGERESIZE_H
#define CIMAGERESIZE_H

#include <stddef.h>

/// Outcome of cimage_fit.
enum {
  CIMAGE_RESIZED = 0,    ///< *out holds a new JPEG; free it with cimage_free.
  CIMAGE_UNCHANGED = 1,  ///< Already within max_side and max_bytes: use the original bytes.
  CIMAGE_FAILED = 2      ///< Not a readable PNG or JPEG; error holds why.
};

/// Reads a PNG or JPEG from memory and, when its long side exceeds max_side or it is larger than max_bytes,
/// scales it down (area averaging; transparency flattened onto white) so the long side is at most max_side,
/// and encodes it as a JPEG of the given quality. width and height receive the final size.
int cimage_fit(const unsigned char *data, size_t size, int max_side, size_t max_bytes, int quality,
               unsigned char **out, size_t *out_size, int *width, int *height, char *error, size_t error_size);

void cimage_free(unsigned char *pointer);

#endif
