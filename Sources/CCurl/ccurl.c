// The wrappers are in the header; this file gives the target something to compile.
#include "ccurl.h"
