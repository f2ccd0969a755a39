#include "CImageResize.h"

#include <setjmp.h>
#include <stdio.h>  // before jpeglib.h, which uses FILE without including it
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

struct error_manager {
  struct jpeg_error_mgr base;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

static void on_jpeg_error(j_common_ptr info) {
  struct error_manager *manager = (struct error_manager *)info->err;
  (*info->err->format_message)(info, manager->message);
  longjmp(manager->jump, 1);
}

static int fail(char *error, size_t error_size, const char *message) {
  snprintf(error, error_size, "%s", message);
  return CIMAGE_FAILED;
}

/// Decodes to 8-bit RGB. For JPEG, libjpeg's own 1/2, 1/4 or 1/8 scaling is used when the result still
/// covers max_side, which makes large photos cheap to read.
static unsigned char *decode(const unsigned char *data, size_t size, int max_side, size_t max_bytes, int *width,
                             int *height, int *unchanged, char *error, size_t error_size) {
  *unchanged = 0;
  if (size >= 8 && png_sig_cmp(data, 0, 8) == 0) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
      fail(error, error_size, image.message);
      return NULL;
    }
    if ((int)image.width <= max_side && (int)image.height <= max_side && size <= max_bytes) {
      *width = (int)image.width;
      *height = (int)image.height;
      *unchanged = 1;
      png_image_free(&image);
      return NULL;
    }
    image.format = PNG_FORMAT_RGB;
    unsigned char *pixels = malloc(PNG_IMAGE_SIZE(image));
    png_color white = {255, 255, 255};
    if (!pixels || !png_image_finish_read(&image, &white, pixels, 0, NULL)) {
      fail(error, error_size, pixels ? image.message : "out of memory");
      free(pixels);
      png_image_free(&image);
      return NULL;
    }
    *width = (int)image.width;
    *height = (int)image.height;
    return pixels;
  }
  if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
    struct jpeg_decompress_struct info;
    struct error_manager manager;
    unsigned char *volatile pixels = NULL;
    info.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = on_jpeg_error;
    if (setjmp(manager.jump)) {
      fail(error, error_size, manager.message);
      jpeg_destroy_decompress(&info);
      free(pixels);
      return NULL;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    int long_side = info.image_width > info.image_height ? (int)info.image_width : (int)info.image_height;
    if (long_side <= max_side && size <= max_bytes) {
      *width = (int)info.image_width;
      *height = (int)info.image_height;
      *unchanged = 1;
      jpeg_destroy_decompress(&info);
      return NULL;
    }
    info.out_color_space = JCS_RGB;
    info.scale_num = 1;
    info.scale_denom = 1;
    while (info.scale_denom < 8 && long_side / (int)(info.scale_denom * 2) >= max_side) info.scale_denom *= 2;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * 3;
    pixels = malloc(stride * info.output_height);
    if (!pixels) {
      jpeg_destroy_decompress(&info);
      fail(error, error_size, "out of memory");
      return NULL;
    }
    while (info.output_scanline < info.output_height) {
      JSAMPROW row = pixels + stride * info.output_scanline;
      jpeg_read_scanlines(&info, &row, 1);
    }
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return pixels;
  }
  fail(error, error_size, "not a PNG or JPEG image");
  return NULL;
}

/// Area-averaging downscale of RGB pixels.
static unsigned char *shrink(const unsigned char *pixels, int width, int height, int new_width, int new_height) {
  unsigned char *result = malloc((size_t)new_width * new_height * 3);
  if (!result) return NULL;
  for (int y = 0; y < new_height; y++) {
    int top = (int)((long long)y * height / new_height);
    int bottom = (int)((long long)(y + 1) * height / new_height);
    if (bottom <= top) bottom = top + 1;
    for (int x = 0; x < new_width; x++) {
      int left = (int)((long long)x * width / new_width);
      int right = (int)((long long)(x + 1) * width / new_width);
      if (right <= left) right = left + 1;
      unsigned long sum[3] = {0, 0, 0};
      for (int sy = top; sy < bottom; sy++) {
        const unsigned char *row = pixels + ((size_t)sy * width + left) * 3;
        for (int sx = left; sx < right; sx++, row += 3) {
          sum[0] += row[0];
          sum[1] += row[1];
          sum[2] += row[2];
        }
      }
      unsigned long count = (unsigned long)(bottom - top) * (right - left);
      unsigned char *out = result + ((size_t)y * new_width + x) * 3;
      for (int c = 0; c < 3; c++) out[c] = (unsigned char)((sum[c] + count / 2) / count);
    }
  }
  return result;
}

static int encode(const unsigned char *pixels, int width, int height, int quality, unsigned char **out,
                  size_t *out_size, char *error, size_t error_size) {
  struct jpeg_compress_struct info;
  struct error_manager manager;
  unsigned char *buffer = NULL;
  unsigned long length = 0;
  info.err = jpeg_std_error(&manager.base);
  manager.base.error_exit = on_jpeg_error;
  if (setjmp(manager.jump)) {
    jpeg_destroy_compress(&info);
    free(buffer);
    return fail(error, error_size, manager.message);
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &length);
  info.image_width = (JDIMENSION)width;
  info.image_height = (JDIMENSION)height;
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = (JSAMPROW)(pixels + (size_t)info.next_scanline * width * 3);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  *out = buffer;
  *out_size = length;
  return CIMAGE_RESIZED;
}

int cimage_fit(const unsigned char *data, size_t size, int max_side, size_t max_bytes, int quality,
               unsigned char **out, size_t *out_size, int *width, int *height, char *error, size_t error_size) {
  int unchanged = 0;
  *out = NULL;
  *out_size = 0;
  unsigned char *pixels = decode(data, size, max_side, max_bytes, width, height, &unchanged, error, error_size);
  if (unchanged) return CIMAGE_UNCHANGED;
  if (!pixels) return CIMAGE_FAILED;
  int long_side = *width > *height ? *width : *height;
  int new_width = *width, new_height = *height;
  if (long_side > max_side) {
    new_width = (int)((long long)*width * max_side / long_side);
    new_height = (int)((long long)*height * max_side / long_side);
    if (new_width < 1) new_width = 1;
    if (new_height < 1) new_height = 1;
  }
  unsigned char *scaled = pixels;
  if (new_width != *width || new_height != *height) {
    scaled = shrink(pixels, *width, *height, new_width, new_height);
    free(pixels);
    if (!scaled) return fail(error, error_size, "out of memory");
  }
  int result = encode(scaled, new_width, new_height, quality, out, out_size, error, error_size);
  free(scaled);
  *width = new_width;
  *height = new_height;
  return result;
}

void cimage_free(unsigned char *pointer) { free(pointer); }
