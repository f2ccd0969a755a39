#ifndef CFILESTATUS_H
#define CFILESTATUS_H

/// What a path names after symbolic links, by stat(2): a thin C shim, because `struct stat` is declared by
/// several C modules that Swift's member import rules cannot tell apart reliably.
typedef enum {
  CFILE_MISSING = 0,
  CFILE_REGULAR = 1,
  CFILE_FOLDER = 2,
  CFILE_OTHER = 3,
} cfile_kind_t;

/// The kind of `path` (bytes, not necessarily UTF-8), and its size in bytes through `size` when not NULL.
cfile_kind_t cfile_status(const char *path, unsigned long long *size);

#endif
