#define _GNU_SOURCE
#include "CSystem.h"
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <malloc.h>

int csys_crypt(const char *phrase, const char *setting, char *out, int outSize) {
    struct crypt_data *data = calloc(1, sizeof(struct crypt_data));
    if (!data) return -1;
    char *r = crypt_rn(phrase, setting, data, (int)sizeof(struct crypt_data));
    int rc = -1;
    if (r && r[0] != '*' && (int)strlen(r) < outSize) {
        memcpy(out, r, strlen(r) + 1);
        rc = 0;
    }
    explicit_bzero(data, sizeof(struct crypt_data));
    free(data);
    return rc;
}

int csys_crypt_gensalt(const char *prefix, unsigned long count, char *out, int outSize) {
    char *r = crypt_gensalt_rn(prefix && prefix[0] ? prefix : NULL, count, NULL, 0, out, outSize);
    return r ? 0 : -1;
}

int csys_errno(void) { return errno; }

int csys_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int csys_open(const char *path, int flags, unsigned int mode) {
    return open(path, flags, (mode_t)mode);
}

int csys_openat(int directory, const char *path, int flags, unsigned int mode) {
    return openat(directory, path, flags, (mode_t)mode);
}

int csys_set_echo(int fd, int on) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    int was = (t.c_lflag & ECHO) ? 1 : 0;
    if (on) t.c_lflag |= ECHO; else t.c_lflag &= ~(tcflag_t)ECHO;
    if (tcsetattr(fd, TCSAFLUSH, &t) != 0) return -1;
    return was;
}

int csys_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

int csys_mkostemp(char *pathTemplate, int flags) {
    return mkostemp(pathTemplate, flags);
}

int csys_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

int csys_usable_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    return CPU_COUNT(&set);
}

int csys_setgroups(int count, const unsigned int *groups) {
    return setgroups((size_t)count, (const gid_t *)groups);
}

int csys_malloc_trim(void) {
    return malloc_trim(0);
}
