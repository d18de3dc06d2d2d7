// libcurl, loaded on first use instead of at process start.
//
// Foundation's URLSession (FoundationNetworking, linked statically by the release build) calls the 23 libcurl
// functions below. Linking libcurl makes the dynamic loader map and relocate it and its ~30 dependencies
// (GnuTLS, OpenSSL, Kerberos, LDAP, ...) at every start: 15 million instructions, most of a command's start-up
// (docs/performance.md). Only the Azure commands use URLSession, so each function here loads libcurl.so.4 with
// dlopen the first time one is called, then forwards to it. `link/libcurl.a` is an empty archive that
// satisfies Foundation's `-lcurl` at link time, so libcurl is not a start-up dependency of the program.
//
// Types are declared here by their ABI (enums are ints, handles are opaque), so building needs no libcurl
// headers; the signatures are those of curl/curl.h, curl/multi.h and curl/urlapi.h (libcurl 7.62 and later).
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "iamvault_lazy_curl.h"

typedef int curl_code;      // CURLcode, CURLMcode, CURLUcode
typedef int curl_selector;  // CURLoption, CURLINFO, CURLMoption, CURLUPart, CURLversion
typedef int curl_socket;    // curl_socket_t on POSIX
typedef void curl_handle;   // CURL, CURLM, CURLU, CURLMsg, struct curl_slist, curl_version_info_data

static void *library;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
}

int iamvault_curl_loaded(void) {
    return library != NULL;
}

/// The real function `name`. Without libcurl the process cannot reach Azure at all: exit 7, operation failed.
static void *resolve(const char *name) {
    pthread_once(&load_once, load);
    void *function = library ? dlsym(library, name) : NULL;
    if (function == NULL) {
        fprintf(stderr, "iamvault: error: libcurl is needed to reach Azure and could not be loaded: %s\n", dlerror());
        fprintf(stderr, "iamvault: hint: install libcurl4 (Debian, Ubuntu) or libcurl (other distributions)\n");
        _exit(7);
    }
    return function;
}

#define FORWARD(result, name, parameters, arguments)                                  \
    result name parameters;                                                           \
    result name parameters {                                                          \
        static result(*real) parameters;                                              \
        if (real == NULL) real = (result(*) parameters)resolve(#name);                \
        return real arguments;                                                        \
    }

FORWARD(curl_code, curl_global_init, (long flags), (flags))
FORWARD(curl_handle *, curl_easy_init, (void), ())
FORWARD(curl_code, curl_easy_pause, (curl_handle *easy, int mask), (easy, mask))
FORWARD(const char *, curl_easy_strerror, (curl_code code), (code))
FORWARD(curl_handle *, curl_multi_init, (void), ())
FORWARD(curl_code, curl_multi_cleanup, (curl_handle *multi), (multi))
FORWARD(curl_code, curl_multi_add_handle, (curl_handle *multi, curl_handle *easy), (multi, easy))
FORWARD(curl_code, curl_multi_remove_handle, (curl_handle *multi, curl_handle *easy), (multi, easy))
FORWARD(curl_code, curl_multi_assign, (curl_handle *multi, curl_socket socket, void *pointer), (multi, socket, pointer))
FORWARD(curl_code, curl_multi_socket_action, (curl_handle *multi, curl_socket socket, int mask, int *running),
        (multi, socket, mask, running))
FORWARD(curl_handle *, curl_multi_info_read, (curl_handle *multi, int *queued), (multi, queued))
FORWARD(curl_handle *, curl_slist_append, (curl_handle *list, const char *text), (list, text))
FORWARD(curl_handle *, curl_url, (void), ())
FORWARD(curl_code, curl_url_get, (curl_handle *url, curl_selector part, char **out, unsigned int flags), (url, part, out, flags))
FORWARD(curl_code, curl_url_set, (curl_handle *url, curl_selector part, const char *text, unsigned int flags),
        (url, part, text, flags))
FORWARD(char *, curl_version, (void), ())
FORWARD(curl_handle *, curl_version_info, (curl_selector age), (age))

#define FORWARD_VOID(name, parameters, arguments)                                     \
    void name parameters;                                                             \
    void name parameters {                                                            \
        static void(*real) parameters;                                                \
        if (real == NULL) real = (void(*) parameters)resolve(#name);                  \
        real arguments;                                                               \
    }

FORWARD_VOID(curl_easy_cleanup, (curl_handle *easy), (easy))
FORWARD_VOID(curl_free, (void *pointer), (pointer))
FORWARD_VOID(curl_slist_free_all, (curl_handle *list), (list))

// The three variadic functions take exactly one more argument: a long, a curl_off_t, a data or function
// pointer (setopt), or a pointer (getinfo). On the 64-bit ABIs Swift supports on Linux (x86-64, AArch64) each
// travels in one general-purpose register, so it is passed on unchanged as a pointer-sized value.
#define FORWARD_VARIADIC(name)                                                        \
    curl_code name(curl_handle *handle, curl_selector selector, ...);                 \
    curl_code name(curl_handle *handle, curl_selector selector, ...) {                \
        static curl_code (*real)(curl_handle *, curl_selector, ...);                  \
        if (real == NULL) real = (curl_code(*)(curl_handle *, curl_selector, ...))resolve(#name); \
        va_list arguments;                                                            \
        va_start(arguments, selector);                                                \
        void *value = va_arg(arguments, void *);                                      \
        va_end(arguments);                                                            \
        return real(handle, selector, value);                                         \
    }

_Static_assert(sizeof(void *) == 8 && sizeof(long) == 8 && sizeof(int64_t) == 8, "one register per argument");

FORWARD_VARIADIC(curl_easy_setopt)
FORWARD_VARIADIC(curl_easy_getinfo)
FORWARD_VARIADIC(curl_multi_setopt)
