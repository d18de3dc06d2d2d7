#ifndef IAMVAULT_CSODIUM_SHIM_H
#define IAMVAULT_CSODIUM_SHIM_H
#include <sodium.h>
#endif
