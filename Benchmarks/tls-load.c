/*
 * Benchmarks/tls-load.c: new TLS connections per second, for Benchmarks/run.
 *
 *   tls-load HOST PORT SECONDS CONCURRENCY new|resume PATH
 *
 * Keeps CONCURRENCY connections in flight (non-blocking sockets, one epoll loop, one thread).
 * Each connection does a TLS handshake, sends `GET PATH HTTP/1.1` with `Connection: close`,
 * reads the answer until the server closes, checks that it began with "HTTP/1.1 200", and
 * closes; a new connection takes its place. `new`: every handshake is a full one. `resume`:
 * every connection offers a session the server gave earlier and no other connection used (a
 * TLS 1.3 ticket, or a TLS 1.2 session ID or ticket), so after the first ones handshakes are
 * abbreviated (RFC 8446 §2.2); the output counts how many were offered a session and how many
 * really resumed.
 *
 * The certificate is not verified (the run checks it once with curl --cacert): a client that
 * verifies the chain spends an extra signature check per connection, and the client's core is
 * the limit this tool must stay below. The TLS 1.3 CertificateVerify signature is still checked
 * by OpenSSL on every full handshake.
 *
 * Prints one line of `key=value` fields: connections, seconds, rate (per second), reused,
 * failed, non200, cpu_user and cpu_system (this process, seconds), protocol and cipher of the
 * first connection, offered (connections that offered a session). Exits 2 on bad arguments,
 * 1 when nothing succeeded.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONCURRENCY 256
#define MAX_SECONDS 600
#define REQUEST_MAX 512
#define HEAD_KEEP 16 /* bytes of the answer kept to check the status line */

enum phase { IDLE, CONNECTING, HANDSHAKE, WRITING, READING };

struct slot {
    int fd;
    SSL *ssl;
    enum phase phase;
    uint32_t events; /* the epoll interest now registered */
    size_t written;
    char head[HEAD_KEEP];
    size_t head_len;
};

/* Sessions the server handed out, each offered once (RFC 8446 §C.4: clients should not reuse
 * a ticket): a ring, newest last. A server that sends no new ticket on a resumed connection
 * (RFC 8446 §4.6.1 lets it) makes every third or so connection a full handshake; `offered`
 * and `reused` show it. */
#define POOL_SIZE 1024
static SSL_SESSION *pool[POOL_SIZE];
static size_t pool_first, pool_count;
static long connections, reused, failed, non200, offered;
static char first_protocol[32] = "-", first_cipher[64] = "-";

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* OpenSSL calls this for every session the server hands out; the oldest goes when full. */
static int remember_session(SSL *ssl, SSL_SESSION *session) {
    (void)ssl;
    if (pool_count == POOL_SIZE) {
        SSL_SESSION_free(pool[pool_first]);
        pool_first = (pool_first + 1) % POOL_SIZE;
        pool_count--;
    }
    pool[(pool_first + pool_count) % POOL_SIZE] = session;
    pool_count++;
    return 1; /* we keep the reference */
}

/* The newest unused session, or NULL: the connection then does a full handshake, as a browser
 * does when it has no unused ticket left. The caller owns the reference. */
static SSL_SESSION *take_session(void) {
    if (pool_count == 0) return NULL;
    pool_count--;
    return pool[(pool_first + pool_count) % POOL_SIZE];
}

static void finish(struct slot *s, int ok) {
    if (s->ssl) {
        if (ok && connections == 0) {
            snprintf(first_protocol, sizeof first_protocol, "%s", SSL_get_version(s->ssl));
            snprintf(first_cipher, sizeof first_cipher, "%s", SSL_get_cipher_name(s->ssl));
        }
        if (ok && SSL_session_reused(s->ssl)) reused++;
        /* Mark the connection as shut down without sending close_notify: freeing one that was
         * not shut down makes OpenSSL mark its session (the newest ticket) not resumable. */
        if (ok) {
            SSL_set_quiet_shutdown(s->ssl, 1);
            SSL_shutdown(s->ssl);
        }
        SSL_free(s->ssl);
        s->ssl = NULL;
    }
    if (s->fd >= 0) close(s->fd);
    s->fd = -1;
    s->phase = IDLE;
    if (ok) {
        if (s->head_len < 12 || memcmp(s->head, "HTTP/1.1 200", 12) != 0) non200++;
        connections++;
    } else {
        failed++;
    }
}

static int open_slot(struct slot *s, int ep, const struct sockaddr_in *to, SSL_CTX *ctx, int resume) {
    memset(s, 0, sizeof *s);
    s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0) return -1;
    int one = 1;
    setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(s->fd, (const struct sockaddr *)to, sizeof *to) != 0 && errno != EINPROGRESS) {
        close(s->fd);
        s->fd = -1;
        return -1;
    }
    s->ssl = SSL_new(ctx);
    if (!s->ssl) return -1;
    SSL_set_fd(s->ssl, s->fd);
    SSL_set_connect_state(s->ssl);
    if (resume) {
        SSL_SESSION *session = take_session();
        if (session) {
            SSL_set_session(s->ssl, session);
            offered++;
            SSL_SESSION_free(session); /* SSL_set_session took its own reference */
        }
    }
    s->phase = CONNECTING;
    s->events = EPOLLOUT;
    struct epoll_event ev = {.events = s->events, .data.ptr = s};
    return epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev);
}

/* Waits for what OpenSSL asked for (level-triggered: asking for both would spin). */
static void want(struct slot *s, int ep, int ssl_error) {
    uint32_t events = ssl_error == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN;
    if (events == s->events) return;
    s->events = events;
    struct epoll_event ev = {.events = events, .data.ptr = s};
    epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &ev);
}

/* Advances one connection as far as it goes without blocking. */
static void step(struct slot *s, int ep, const char *request, size_t request_len) {
    for (;;) {
        int r, err;
        switch (s->phase) {
        case IDLE:
            return;
        case CONNECTING: {
            int so = 0;
            socklen_t len = sizeof so;
            if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &so, &len) != 0 || so != 0) {
                if (so == EINPROGRESS) return;
                finish(s, 0);
                return;
            }
            s->phase = HANDSHAKE;
            break;
        }
        case HANDSHAKE:
            r = SSL_do_handshake(s->ssl);
            if (r == 1) { s->phase = WRITING; break; }
            err = SSL_get_error(s->ssl, r);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) { want(s, ep, err); return; }
            finish(s, 0);
            return;
        case WRITING:
            r = SSL_write(s->ssl, request + s->written, (int)(request_len - s->written));
            if (r > 0) {
                s->written += (size_t)r;
                if (s->written == request_len) s->phase = READING;
                break;
            }
            err = SSL_get_error(s->ssl, r);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) { want(s, ep, err); return; }
            finish(s, 0);
            return;
        case READING: {
            char buf[16384];
            r = SSL_read(s->ssl, buf, sizeof buf);
            if (r > 0) {
                size_t keep = HEAD_KEEP - s->head_len;
                if (keep > (size_t)r) keep = (size_t)r;
                memcpy(s->head + s->head_len, buf, keep);
                s->head_len += keep;
                break;
            }
            err = SSL_get_error(s->ssl, r);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) { want(s, ep, err); return; }
            /* close_notify, or the server's FIN without one (servers may skip it on close) */
            finish(s, s->head_len > 0);
            ERR_clear_error();
            return;
        }
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: tls-load HOST PORT SECONDS CONCURRENCY new|resume PATH\n");
        return 2;
    }
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
    double seconds = atof(argv[3]);
    int concurrency = atoi(argv[4]);
    int resume = strcmp(argv[5], "resume") == 0;
    if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1 || seconds <= 0 || seconds > MAX_SECONDS ||
        concurrency < 1 || concurrency > MAX_CONCURRENCY || (!resume && strcmp(argv[5], "new") != 0) ||
        argv[6][0] != '/') {
        fprintf(stderr, "tls-load: bad arguments\n");
        return 2;
    }
    char request[REQUEST_MAX];
    int request_len = snprintf(request, sizeof request,
                               "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", argv[6], argv[1]);
    if (request_len <= 0 || request_len >= REQUEST_MAX) {
        fprintf(stderr, "tls-load: path too long\n");
        return 2;
    }

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) return 1;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (resume) {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
        SSL_CTX_sess_set_new_cb(ctx, remember_session);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    }

    signal(SIGPIPE, SIG_IGN);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    static struct slot slots[MAX_CONCURRENCY];
    double start = now_seconds(), end = start + seconds;
    for (int i = 0; i < concurrency; i++)
        if (open_slot(&slots[i], ep, &to, ctx, resume) != 0) finish(&slots[i], 0);
    struct epoll_event events[MAX_CONCURRENCY];
    while (now_seconds() < end) {
        int n = epoll_wait(ep, events, MAX_CONCURRENCY, 100);
        if (n < 0 && errno != EINTR) break;
        for (int i = 0; i < n; i++) {
            struct slot *s = events[i].data.ptr;
            step(s, ep, request, (size_t)request_len);
            if (s->phase == IDLE && now_seconds() < end) {
                if (open_slot(s, ep, &to, ctx, resume) != 0) {
                    finish(s, 0);
                    if (failed > 1000 && connections == 0) goto done;
                }
            }
        }
        /* A slot whose open failed sits idle; retry it so concurrency stays as asked. */
        for (int i = 0; i < concurrency; i++)
            if (slots[i].phase == IDLE && now_seconds() < end && open_slot(&slots[i], ep, &to, ctx, resume) != 0)
                finish(&slots[i], 0);
    }
done:;
    double elapsed = now_seconds() - start;
    for (int i = 0; i < concurrency; i++)
        if (slots[i].phase != IDLE) {
            if (slots[i].ssl) SSL_free(slots[i].ssl);
            if (slots[i].fd >= 0) close(slots[i].fd);
        }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("connections=%ld seconds=%.3f rate=%.0f reused=%ld failed=%ld non200=%ld cpu_user=%.3f cpu_system=%.3f "
           "protocol=%s cipher=%s offered=%ld\n",
           connections, elapsed, connections / elapsed, reused, failed, non200,
           ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6, ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
           first_protocol, first_cipher, offered);
    return connections > 0 ? 0 : 1;
}
