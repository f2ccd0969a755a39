#include "CFileStatus.h"

#include <sys/stat.h>

cfile_kind_t cfile_status(const char *path, unsigned long long *size) {
  struct stat status;
  if (stat(path, &status) != 0) return CFILE_MISSING;
  if (size) *size = (unsigned long long)status.st_size;
  if (S_ISREG(status.st_mode)) return CFILE_REGULAR;
  if (S_ISDIR(status.st_mode)) return CFILE_FOLDER;
  return CFILE_OTHER;
}
