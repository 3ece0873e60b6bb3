/*
 * chdb-server: a current ClickHouse engine (libchdb.so, from the npm package @chdb/lib-linux-x64-gnu) run as a
 * server process, started like clickhouse-server: `chdb-server --config-file=config.xml [--setting=value ...]`.
 *
 * The library exports no server entry point, but chdb_query_cmdline(argc, argv) runs ClickHouse's `local` program
 * with a command line, and that program reads the same config file (path, ports, users, profiles,
 * remote_servers) and can start the HTTP and native TCP listeners with SYSTEM START LISTEN. The last query then
 * reads our stdin, a pipe nobody writes to, so it holds the process; SIGTERM/SIGINT/SIGHUP close the pipe and the
 * engine shuts down cleanly (~1.4 s measured). Built by stack/stack.sh with `gcc -O2 ... -ldl -lpthread`.
 *
 * The library is looked up beside this executable (libchdb.so), or at $CHDB_LIB.
 * async_insert is forced off: this build defaults it to 1, and then an INSERT's 200 would not mean "stored".
 * The log level is set here because the local program ignores <logger><level> and logs at trace: 1.2 MB of log
 * for a few test runs, and CPU that belongs to the queries.
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *(*query_cmdline_fn)(int, char **);
typedef const char *(*result_error_fn)(void *);

static const char *SERVE_QUERY =
    "--query=SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; "
    "SELECT count() FROM file('/dev/stdin', 'LineAsString') FORMAT Null";

static query_cmdline_fn query_cmdline;
static result_error_fn result_error;
static int engine_argc;
static char **engine_argv;
static volatile int failed;

/* Runs the engine on its own thread so that the main thread can wait for a stop signal. */
static void *serve(void *unused) {
    (void)unused;
    void *result = query_cmdline(engine_argc, engine_argv);
    const char *error = result && result_error ? result_error(result) : NULL;
    if (result == NULL || (error != NULL && *error != '\0')) {
        fprintf(stderr, "chdb-server: the engine stopped: %s\n", error ? error : "no result");
        failed = 1;
    }
    kill(getpid(), SIGTERM); /* wakes the main thread when the engine ends by itself */
    return NULL;
}

static const char *library_path(char *buf, size_t size) {
    const char *env = getenv("CHDB_LIB");
    if (env != NULL && *env != '\0') return env;
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n < 0) return "libchdb.so";
    buf[n] = '\0';
    char dir[PATH_MAX - 16]; /* room for "/libchdb.so" in buf */
    snprintf(dir, sizeof dir, "%s", dirname(buf));
    snprintf(buf, size, "%s/libchdb.so", dir);
    return buf;
}

int main(int argc, char **argv) {
    char path[PATH_MAX];
    const char *lib = library_path(path, sizeof path);
    void *handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) { fprintf(stderr, "chdb-server: cannot load %s: %s\n", lib, dlerror()); return 2; }
    query_cmdline = (query_cmdline_fn)dlsym(handle, "chdb_query_cmdline");
    result_error = (result_error_fn)dlsym(handle, "chdb_result_error");
    if (query_cmdline == NULL) { fprintf(stderr, "chdb-server: %s has no chdb_query_cmdline\n", lib); return 2; }

    int fds[2];
    if (pipe(fds) != 0 || dup2(fds[0], STDIN_FILENO) < 0) { perror("chdb-server: stdin pipe"); return 2; }
    close(fds[0]);

    engine_argv = calloc((size_t)argc + 5, sizeof(char *));
    engine_argv[engine_argc++] = "clickhouse";
    engine_argv[engine_argc++] = "--log-level=warning";
    for (int i = 1; i < argc; i++) engine_argv[engine_argc++] = argv[i];
    engine_argv[engine_argc++] = "--async_insert=0";
    engine_argv[engine_argc++] = "--multiquery";
    engine_argv[engine_argc++] = (char *)SERVE_QUERY;

    /* Blocked here, so every engine thread inherits the mask and only sigwait below sees these signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    pthread_t engine;
    if (pthread_create(&engine, NULL, serve, NULL) != 0) { perror("chdb-server: engine thread"); return 2; }
    int signal_number = 0;
    sigwait(&stop, &signal_number);
    close(fds[1]); /* end of stdin: the holding query finishes and the engine shuts down */
    pthread_join(engine, NULL);
    return failed;
}
