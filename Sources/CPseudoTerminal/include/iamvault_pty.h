#ifndef IAMVAULT_PTY_H
#define IAMVAULT_PTY_H

#include <stddef.h>

/* Opens a pseudo-terminal pair for the end-to-end tests: returns the master descriptor and writes the
   slave's path into `slave_path`, or returns -1. (posix_openpt and friends are not in Swift's Glibc.) */
int iamvault_open_pseudo_terminal(char *slave_path, size_t size);

#endif
