#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <stddef.h>

/// Called with each chunk of a response body; returning anything but `size` aborts the transfer at once.
typedef size_t (*ts_write_callback)(const char *data, size_t size, void *context);

/// Whether libcurl (the library Foundation's URLSession is built on) could be loaded.
int ts_curl_available(void);

/// One HTTP(S) GET, redirects not followed, no cookies, no cache, no decompression, only http and https.
/// Returns libcurl's result code (0: a response was received, whatever its status; 23: `write` aborted;
/// 28: timed out; -1: libcurl is not available). `status` receives the HTTP status, `redirect` the target of
/// a 3xx response (empty otherwise), `error` a readable reason.
int ts_http_get(const char *url, const char *const *headers, int header_count, long timeout_ms,
                ts_write_callback write, void *context,
                long *status, char *redirect, size_t redirect_capacity, char *error, size_t error_capacity);

#endif
