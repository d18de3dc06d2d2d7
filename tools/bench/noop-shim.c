/* noop-shim.c: what mprotect and fdatasync cost the agent, measured by taking them away.
 *
 * A measuring aid only, never for use with a real vault: with IAMVAULT_SHIM_MPROTECT=1 every mprotect returns
 * success without changing anything (guarded memory stays readable), with IAMVAULT_SHIM_SYNC=1 fdatasync does
 * nothing (commits are not durable). Start an agent with it and time its round trips against one without:
 *
 *   cc -O2 -shared -fPIC -o /tmp/noop-shim.so tools/bench/noop-shim.c
 *   IAMVAULT_SHIM_MPROTECT=1 LD_PRELOAD=/tmp/noop-shim.so iamvault unlock --passphrase-fd 3 3<passphrase
 *   tools/bench/agent-roundtrip --field secret NAME
 *
 * iamvault-core links glibc dynamically, so the preloaded symbols replace libsodium's and SQLite's calls; the
 * front program is static and unaffected. docs/performance.md ("`read`, third round") quotes what it showed.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int mprotect(void *address, size_t length, int protection) {
    if (getenv("IAMVAULT_SHIM_MPROTECT")) return 0;
    return (int)syscall(SYS_mprotect, address, length, protection);
}

int fdatasync(int descriptor) {
    if (getenv("IAMVAULT_SHIM_SYNC")) return 0;
    return (int)syscall(SYS_fdatasync, descriptor);
}
