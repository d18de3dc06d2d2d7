#ifndef IAMVAULT_LAZY_CURL_H
#define IAMVAULT_LAZY_CURL_H

/// Whether libcurl has been loaded: it is loaded by the first libcurl call (an Azure command), never at start.
int iamvault_curl_loaded(void);

#endif
