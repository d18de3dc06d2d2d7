#define _GNU_SOURCE
#include <malloc.h>
#include "iamvault_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <string.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* The signals a crash raises: a trap (Swift's fatalError, an overflow, a failed precondition), a bad access,
   abort(). Swift's runtime catches exactly these to print a backtrace. */
static const int iamvault_crash_signals[] = { SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV };

/* Runs on the crashing thread. Only async-signal-safe calls: write, then die of the same signal with its
   default action (SA_RESETHAND already restored it; SA_NODEFER lets raise deliver it now). */
static void iamvault_on_crash(int number) {
    static const char before[] = "iamvault: internal error: stopped by signal ";
    static const char after[] = " (a bug). No crash details are printed, so that no secret can reach them; "
                                "only committed changes are kept. Please report it.\n";
    char digits[2] = { (char)('0' + (number / 10) % 10), (char)('0' + number % 10) };
    ssize_t ignored = write(STDERR_FILENO, before, sizeof(before) - 1);
    ignored = write(STDERR_FILENO, digits[0] == '0' ? digits + 1 : digits, digits[0] == '0' ? 1 : 2);
    ignored = write(STDERR_FILENO, after, sizeof(after) - 1);
    (void)ignored;
    raise(number);
}

int iamvault_silence_crash_reports(void) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = iamvault_on_crash;
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigset_t crashes;
    sigemptyset(&crashes);
    for (size_t index = 0; index < sizeof(iamvault_crash_signals) / sizeof(iamvault_crash_signals[0]); index++) {
        if (sigaction(iamvault_crash_signals[index], &action, NULL) != 0) return -1;
        sigaddset(&crashes, iamvault_crash_signals[index]);
    }
    /* A blocked mask is inherited across exec: whatever our parent blocked, a crash signal must act now. */
    return pthread_sigmask(SIG_UNBLOCK, &crashes, NULL) == 0 ? 0 : -1;
}

int iamvault_harden_process(void) {
    struct rlimit none = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &none) != 0) return -1;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return -1;
    /* Past a file-size limit, a write fails with EFBIG instead of killing the process mid-command. */
    if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR) return -1;
    return iamvault_silence_crash_reports();
}

int iamvault_spawnattr_child_defaults(posix_spawnattr_t *attributes) {
    sigset_t defaults, empty;
    sigfillset(&defaults);
    sigdelset(&defaults, SIGKILL);
    sigdelset(&defaults, SIGSTOP);
    sigemptyset(&empty);
    int result = posix_spawnattr_setsigdefault(attributes, &defaults);
    if (result == 0) result = posix_spawnattr_setsigmask(attributes, &empty);
    if (result == 0) result = posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    return result;
}

int iamvault_is_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}

int iamvault_peer_credentials(int fd, uid_t *uid, pid_t *pid) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    memset(&credentials, 0, sizeof(credentials));
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *uid = credentials.uid;
    *pid = credentials.pid;
    return 0;
}

int iamvault_termination_signal_fd(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &mask, NULL) != 0) return -1;
    return signalfd(-1, &mask, SFD_CLOEXEC);
}

int iamvault_read_signal(int fd) {
    struct signalfd_siginfo info;
    ssize_t count = read(fd, &info, sizeof(info));
    if (count != (ssize_t)sizeof(info)) return -1;
    return (int)info.ssi_signo;
}

int iamvault_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int iamvault_release_free_memory(void) {
    return malloc_trim(0);
}
