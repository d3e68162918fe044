// CSystem: the C shim. Exposes Linux system headers and libcrypt to Swift.
// Every exported symbol is prefixed `csys_`; no logic lives here.
#ifndef CSYSTEM_H
#define CSYSTEM_H

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

/// Verifies or computes a crypt(3) hash with a caller-owned buffer (thread-safe).
/// Returns 0 and writes the NUL-terminated result into `out` (size `outSize`), or -1.
int csys_crypt(const char *phrase, const char *setting, char *out, int outSize);

/// Generates a crypt(3) setting string for `prefix` ("$2b$", "$y$", "$6$", "" for DES)
/// with `count` (0 = default cost), reading entropy from the system. Returns 0 or -1.
int csys_crypt_gensalt(const char *prefix, unsigned long count, char *out, int outSize);

/// The calling thread's errno.
int csys_errno(void);

/// fcntl(fd, F_GETFL/F_SETFL) without variadics.
int csys_set_nonblocking(int fd);

/// open(2) without variadics.
int csys_open(const char *path, int flags, unsigned int mode);

/// openat(2) without variadics.
int csys_openat(int directory, const char *path, int flags, unsigned int mode);

/// Turns terminal echo on or off for `fd`; returns the previous echo state (1/0) or -1.
int csys_set_echo(int fd, int on);

/// accept4(2), which glibc declares only under _GNU_SOURCE.
int csys_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// mkostemp(3), which glibc declares only under _GNU_SOURCE.
int csys_mkostemp(char *pathTemplate, int flags);

/// pthread_setname_np(3) for the calling thread (glibc declares it only under _GNU_SOURCE).
int csys_set_thread_name(const char *name);

/// malloc_trim(3): returns freed heap memory to the system.
int csys_malloc_trim(void);

/// setgroups(2), which glibc declares only under _DEFAULT_SOURCE (kept out of Swift's view).
int csys_setgroups(int count, const unsigned int *groups);

/// CPUs this process may run on (sched_getaffinity(2) and CPU_COUNT, which glibc defines only
/// under _GNU_SOURCE), or -1 when the mask cannot be read.
int csys_usable_cpu_count(void);

#endif
