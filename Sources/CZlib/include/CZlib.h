// CZlib: the C shim over the system's zlib (zlib1g-dev). Exposes zlib.h to Swift and wraps the
// macros Swift cannot call. Every symbol of its own is prefixed `czlib_`; no logic here.
#ifndef CZLIB_H
#define CZLIB_H

#include <zlib.h>

#endif
