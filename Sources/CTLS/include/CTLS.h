// CTLS: the C shim over the system's OpenSSL 3 (libssl-dev). Exposes openssl/ssl.h to Swift and
// wraps the macros Swift cannot call. Every symbol of its own is prefixed `ctls_`; no logic here.
#ifndef CTLS_H
#define CTLS_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/pem.h>

#endif
