// CTLS: the C shim over the system's OpenSSL 3 (libssl-dev). Exposes openssl/ssl.h to Swift and
// wraps the macros Swift cannot call. Every symbol of its own is prefixed `ctls_`; no logic here:
// each function is one OpenSSL macro (or one parameter block) with its arguments passed through.
#ifndef CTLS_H
#define CTLS_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/evp.h>

// SSL_OP_* are built with a function-like macro (SSL_OP_BIT), which Swift does not import.
static const uint64_t ctls_op_cipher_server_preference = SSL_OP_CIPHER_SERVER_PREFERENCE;
static const uint64_t ctls_op_prioritize_chacha = SSL_OP_PRIORITIZE_CHACHA;
static const uint64_t ctls_op_no_compression = SSL_OP_NO_COMPRESSION;
static const uint64_t ctls_op_no_renegotiation = SSL_OP_NO_RENEGOTIATION;
static const uint64_t ctls_op_no_ticket = SSL_OP_NO_TICKET;
static const uint64_t ctls_op_enable_ktls = SSL_OP_ENABLE_KTLS;
static const uint64_t ctls_op_ignore_unexpected_eof = SSL_OP_IGNORE_UNEXPECTED_EOF;

/// SSL_CTX_set_min_proto_version. Returns 1 on success.
int ctls_ctx_set_min_proto_version(SSL_CTX *ctx, int version);
/// SSL_CTX_set_max_proto_version. Returns 1 on success.
int ctls_ctx_set_max_proto_version(SSL_CTX *ctx, int version);
/// SSL_CTX_set_mode: adds `mode` bits, returns the new mode.
long ctls_ctx_set_mode(SSL_CTX *ctx, long mode);
/// SSL_CTX_set_read_ahead: 1 lets OpenSSL read as much as its record buffer holds per read(2).
void ctls_ctx_set_read_ahead(SSL_CTX *ctx, int yes);
/// SSL_CTX_set_session_cache_mode: returns the previous mode.
long ctls_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode);
/// SSL_CTX_sess_set_cache_size: returns the previous size.
long ctls_ctx_sess_set_cache_size(SSL_CTX *ctx, long size);
/// SSL_CTX_set_dh_auto: DHE parameters matched to the certificate's key size (RFC 7919 groups).
long ctls_ctx_set_dh_auto(SSL_CTX *ctx, int on);
/// SSL_CTX_set1_groups_list. Returns 1 on success.
int ctls_ctx_set1_groups_list(SSL_CTX *ctx, const char *groups);
/// SSL_CTX_add1_chain_cert: the context takes its own reference. Returns 1 on success.
int ctls_ctx_add1_chain_cert(SSL_CTX *ctx, X509 *certificate);
/// SSL_CTX_set_tlsext_servername_callback and SSL_CTX_set_tlsext_servername_arg together.
void ctls_ctx_set_servername_callback(SSL_CTX *ctx, int (*callback)(SSL *, int *, void *), void *arg);
/// SSL_set_tlsext_host_name (a client's SNI). Returns 1 on success.
int ctls_set_tlsext_host_name(SSL *ssl, const char *name);
/// BIO_get_ktls_send: 1 when the kernel encrypts what is written to this BIO.
int ctls_bio_get_ktls_send(BIO *bio);
/// BIO_get_ktls_recv: 1 when the kernel decrypts what is read from this BIO.
int ctls_bio_get_ktls_recv(BIO *bio);
/// Keys an HMAC context for session tickets: SHA-256 with `key` (an OSSL_PARAM block, which
/// Swift cannot build as a C array). Returns 1 on success.
int ctls_mac_set_sha256_key(EVP_MAC_CTX *mac, const unsigned char *key, size_t length);
/// OPENSSL_free (a macro carrying __FILE__/__LINE__).
void ctls_free(void *pointer);

#endif
