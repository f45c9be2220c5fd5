// A thin C shim over libcurl, loaded at run time with dlopen: no headers or development package are needed
// to build, and the library is the one Foundation's URLSession already loads. It exists for one reason:
// URLSession hands response data to its delegate asynchronously with no back-pressure, so a hostile server's
// body piles up in memory before a size cap can act. With libcurl's own write callback, returning short
// stops the transfer before the next read: the cap bounds memory. curl_easy_setopt is variadic, which Swift
// cannot call: hence C.
#include "CCurlShim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

typedef void CURL;
struct curl_slist;

// Stable libcurl ABI constants (curl/curl.h).
enum {
    TS_CURLOPT_WRITEDATA = 10001,
    TS_CURLOPT_URL = 10002,
    TS_CURLOPT_ERRORBUFFER = 10010,
    TS_CURLOPT_WRITEFUNCTION = 20011,
    TS_CURLOPT_HTTPHEADER = 10023,
    TS_CURLOPT_FOLLOWLOCATION = 52,
    TS_CURLOPT_NOSIGNAL = 99,
    TS_CURLOPT_TIMEOUT_MS = 155,
    TS_CURLOPT_CONNECTTIMEOUT_MS = 156,
    TS_CURLOPT_PROTOCOLS = 181,
    TS_CURLPROTO_HTTP = 1,
    TS_CURLPROTO_HTTPS = 2,
    TS_CURLINFO_RESPONSE_CODE = 0x200000 + 2,
    TS_CURLINFO_REDIRECT_URL = 0x100000 + 31,
    TS_CURL_GLOBAL_DEFAULT = 3,
    TS_CURL_ERROR_SIZE = 256,
};

static struct {
    int loaded;
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
    *(void **)&curl.global_init = dlsym(library, "curl_global_init");
    *(void **)&curl.easy_init = dlsym(library, "curl_easy_init");
    *(void **)&curl.easy_setopt = dlsym(library, "curl_easy_setopt");
    *(void **)&curl.easy_perform = dlsym(library, "curl_easy_perform");
    *(void **)&curl.easy_getinfo = dlsym(library, "curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = dlsym(library, "curl_easy_cleanup");
    *(void **)&curl.easy_strerror = dlsym(library, "curl_easy_strerror");
    *(void **)&curl.slist_append = dlsym(library, "curl_slist_append");
    *(void **)&curl.slist_free_all = dlsym(library, "curl_slist_free_all");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo
        || !curl.easy_cleanup || !curl.easy_strerror || !curl.slist_append || !curl.slist_free_all) return;
    if (curl.global_init(TS_CURL_GLOBAL_DEFAULT) != 0) return;
    curl.loaded = 1;
}

int ts_curl_available(void) {
    pthread_once(&load_once, load);
    return curl.loaded;
}

struct sink {
    ts_write_callback write;
    void *context;
};

static size_t on_data(char *data, size_t size, size_t count, void *user) {
    struct sink *sink = user;
    return sink->write(data, size * count, sink->context);
}

int ts_http_get(const char *url, const char *const *headers, int header_count, long timeout_ms,
                ts_write_callback write, void *context,
                long *status, char *redirect, size_t redirect_capacity, char *error, size_t error_capacity) {
    *status = 0;
    if (redirect_capacity) redirect[0] = 0;
    if (error_capacity) error[0] = 0;
    if (!ts_curl_available()) {
        snprintf(error, error_capacity, "libcurl could not be loaded");
        return -1;
    }
    CURL *easy = curl.easy_init();
    if (!easy) {
        snprintf(error, error_capacity, "libcurl could not start a transfer");
        return -1;
    }
    char curl_error[TS_CURL_ERROR_SIZE] = {0};
    struct curl_slist *list = NULL;
    for (int i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);
    struct sink sink = {write, context};
    curl.easy_setopt(easy, TS_CURLOPT_URL, url);
    curl.easy_setopt(easy, TS_CURLOPT_ERRORBUFFER, curl_error);
    curl.easy_setopt(easy, TS_CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, TS_CURLOPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(easy, TS_CURLOPT_PROTOCOLS, (long)(TS_CURLPROTO_HTTP | TS_CURLPROTO_HTTPS));
    curl.easy_setopt(easy, TS_CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(easy, TS_CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(easy, TS_CURLOPT_WRITEFUNCTION, on_data);
    curl.easy_setopt(easy, TS_CURLOPT_WRITEDATA, &sink);
    if (list) curl.easy_setopt(easy, TS_CURLOPT_HTTPHEADER, list);
    int code = curl.easy_perform(easy);
    curl.easy_getinfo(easy, TS_CURLINFO_RESPONSE_CODE, status);
    char *location = NULL;
    if (code == 0 && curl.easy_getinfo(easy, TS_CURLINFO_REDIRECT_URL, &location) == 0 && location && redirect_capacity) {
        snprintf(redirect, redirect_capacity, "%s", location);
    }
    if (code != 0) snprintf(error, error_capacity, "%s", curl_error[0] ? curl_error : curl.easy_strerror(code));
    curl.easy_cleanup(easy);
    if (list) curl.slist_free_all(list);
    return code;
}
