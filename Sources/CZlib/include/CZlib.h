// CZlib: the C shim over the system's zlib (zlib1g-dev). Exposes zlib.h to Swift and wraps the
// macros Swift cannot call. Every symbol of its own is prefixed `czlib_`; no logic here.
#ifndef CZLIB_H
#define CZLIB_H

#include <zlib.h>

// deflateInit2 is a macro over deflateInit2_ that passes the header's version and z_stream size.
int czlib_deflateInit2(z_streamp strm, int level, int method, int windowBits, int memLevel, int strategy);

// inflateInit2 is a macro over inflateInit2_, likewise.
int czlib_inflateInit2(z_streamp strm, int windowBits);

#endif
