#ifndef IAMVAULT_HARDENING_H
#define IAMVAULT_HARDENING_H

#include <spawn.h>
#include <sys/types.h>

/* Makes the process non-dumpable (no core file, no ptrace attach, /proc/PID owned by root) and sets
   RLIMIT_CORE to 0, soft and hard. Returns 0, or -1 with errno set. prctl is variadic, so Swift cannot
   call it directly; this is the only reason this C file exists. Also ignores SIGXFSZ, so a file-size
   limit turns into a write error (reported, nothing written) rather than a killed process. Last, it calls
   iamvault_silence_crash_reports. */
int iamvault_harden_process(void);

/* Replaces Swift's crash reporter (the runtime's backtracer, which prints every register and a hex dump of
   the memory each one points to, where a secret may sit) with a handler that writes one fixed line to
   stderr and dies of the same signal: SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE and SIGSEGV, which it also
   unblocks (a blocked mask survives exec). Call it on the main thread before any other thread starts.
   Returns 0 or -1 with errno set. */
int iamvault_silence_crash_reports(void);

/* 1 when the process is non-dumpable, 0 when dumpable, -1 on error. */
int iamvault_is_dumpable(void);

/* The credentials of the peer of a connected Unix socket (SO_PEERCRED). Returns 0 or -1 with errno. */
int iamvault_peer_credentials(int fd, uid_t *uid, pid_t *pid);

/* Blocks SIGTERM, SIGINT and SIGHUP for this thread (and threads it creates later) and returns a
   signalfd that becomes readable when one arrives, so the agent can lock cleanly. -1 on error. */
int iamvault_termination_signal_fd(void);

/* Reads and discards one pending signal from a signalfd; returns the signal number or -1. */
int iamvault_read_signal(int fd);

/* Makes a spawned child close every descriptor from `lowest` up (glibc's addclosefrom_np), so a
   long-lived child (the agent) never holds pipes or files its parent happened to inherit. */
int iamvault_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

/* Makes a spawned child start with every signal at its default action and none blocked, whatever this
   process ignores (SIGXFSZ, SIGINT while waiting) or blocks. Returns 0 or an error number. */
int iamvault_spawnattr_child_defaults(posix_spawnattr_t *attributes);
/* Returns freed heap memory to the system (glibc's malloc_trim(0), declared in <malloc.h>, which Swift's
   Glibc module does not import). Returns 1 when memory was released, else 0. */
int iamvault_release_free_memory(void);

#endif
