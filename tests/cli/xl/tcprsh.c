/*
 * tcprsh: a minimal rsh over TCP, the stand-in for ssh between two
 * simulated hosts in network namespaces (tests/cli/xl/migrate-netns.sh,
 * bench/migrate.sh).  Test use only: no authentication; bind it to a
 * private namespace's address.
 *
 *   tcprsh -l ADDR PORT         serve: print "listening" once ready; for
 *                               each connection read one command line and
 *                               run it with sh -c, the connection as its
 *                               stdin and stdout (stderr stays ours)
 *   tcprsh -p PORT HOST CMD...  connect, send CMD... as one line (as ssh
 *                               joins its arguments), then copy stdin to
 *                               the connection and the connection to
 *                               stdout until the other end closes
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int resolve(const char *host, const char *port, int passive,
                   struct addrinfo **ai)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC,
                              .ai_socktype = SOCK_STREAM,
                              .ai_flags = passive ? AI_PASSIVE : 0 };
    int r = getaddrinfo(host, port, &hints, ai);

    if (r)
        fprintf(stderr, "tcprsh: %s:%s: %s\n", host, port, gai_strerror(r));
    return r ? -1 : 0;
}

/* Child of the server: the command line, then sh -c with the socket. */
static void run_command(int c)
{
    char line[4096];
    size_t n = 0;

    while (n < sizeof(line) - 1 && read(c, line + n, 1) == 1 &&
           line[n] != '\n')
        n++;
    line[n] = 0;
    if (dup2(c, 0) < 0 || dup2(c, 1) < 0)
        _exit(127);
    if (c > 1)
        close(c);
    execl("/bin/sh", "sh", "-c", line, (char *)NULL);
    perror("tcprsh: sh");
    _exit(127);
}

static int serve(const char *addr, const char *port)
{
    struct addrinfo *ai;
    int s, c, one = 1;

    if (resolve(addr, port, 1, &ai))
        return 1;
    s = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))
        || bind(s, ai->ai_addr, ai->ai_addrlen) < 0 || listen(s, 8) < 0) {
        perror("tcprsh: listen");
        return 1;
    }
    freeaddrinfo(ai);
    signal(SIGCHLD, SIG_IGN);            /* children reap themselves */
    printf("listening\n");
    fflush(stdout);
    for (;;) {
        c = accept(s, NULL, NULL);
        if (c < 0) {
            if (errno == EINTR)
                continue;
            perror("tcprsh: accept");
            return 1;
        }
        if (fork() == 0) {
            close(s);
            run_command(c);
        }
        close(c);
    }
}

static int copy(int from, int to)
{
    char buf[65536];
    ssize_t r = read(from, buf, sizeof(buf)), w, done = 0;

    if (r <= 0)
        return r < 0 && errno == EINTR ? 1 : (int)r;
    while (done < r) {
        w = write(to, buf + done, (size_t)(r - done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        done += w;
    }
    return 1;
}

static int client(const char *port, const char *host, int argc,
                  char **argv)
{
    struct pollfd p[2] = { { .fd = 0, .events = POLLIN },
                           { .events = POLLIN } };
    struct addrinfo *ai;
    char line[4096] = "";
    int s, i, r;

    for (i = 0; i < argc; i++) {
        if (strlen(line) + strlen(argv[i]) + 2 >= sizeof(line))
            return 2;
        strcat(line, argv[i]);
        strcat(line, i + 1 < argc ? " " : "\n");
    }
    if (resolve(host, port, 0, &ai))
        return 1;
    s = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, ai->ai_addr, ai->ai_addrlen) < 0) {
        fprintf(stderr, "tcprsh: connect %s:%s: %s\n", host, port,
                strerror(errno));
        return 1;
    }
    freeaddrinfo(ai);
    signal(SIGPIPE, SIG_IGN);
    if (write(s, line, strlen(line)) != (ssize_t)strlen(line))
        return 1;
    p[1].fd = s;
    for (;;) {
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            return 1;
        if (p[0].revents) {
            r = copy(0, s);
            if (r < 0)
                return 1;
            if (r == 0) {                /* our input ended: say so */
                shutdown(s, SHUT_WR);
                p[0].fd = -1;
            }
        }
        if (p[1].revents) {
            r = copy(s, 1);
            if (r <= 0)
                return r < 0;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "-l"))
        return serve(argv[2], argv[3]);
    if (argc >= 5 && !strcmp(argv[1], "-p"))
        return client(argv[2], argv[3], argc - 4, argv + 4);
    fprintf(stderr, "usage: tcprsh -l ADDR PORT | tcprsh -p PORT HOST "
            "CMD...\n");
    return 2;
}
