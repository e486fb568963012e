/*
 * strata-build's native client: hands a command line to the `strata-build serve` daemon of its root
 * and relays the daemon's stdout, stderr and exit code, as the JVM launcher (dev.strata.build.cli.
 * Launcher with serve.ServeClient) does, without a JVM's start-up (~45 ms of CPU of a cached build's
 * ~60). Like Nailgun's `ng` and mvnd's native client, it only takes the fast path: when the command is
 * `serve`, or no daemon answers, it runs FALLBACK (bin/strata-build) with STRATA_BUILD_JVM_CLIENT=1
 * and the same arguments, and the JVM launcher does everything else and reports every error.
 *
 * Usage: strata-build-client FALLBACK [strata-build arguments...]
 *
 * The protocol (serve.Frames): frames of a type byte, a 4-byte big-endian length and that many bytes.
 * The client sends ARG..., CWD, ENV..., INTERACTIVE and RUN; after STDIN_WANTED its stdin as STDIN
 * frames and STDIN_END. The daemon sends STDOUT and STDERR frames and last EXIT (a 4-byte exit code).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_ROOT "/var/lib/strata-build"
#define STDIN_CHUNK (64 * 1024)
#define FAILURE 1

enum {
	ARG = 'a', CWD = 'c', ENV = 'e', INTERACTIVE = 'i', RUN = 'r',
	STDIN = '0', STDIN_END = 'z', STDIN_WANTED = 'w', STDOUT = '1', STDERR = '2', EXIT = 'x',
};

static const char *socket_path;

static void fail(const char *what) {
	fprintf(stderr, "strata-build: failed to run the command on serve daemon at %s: %s\n", socket_path, what);
	exit(FAILURE);
}

static void fall_back(char **argv) {
	setenv("STRATA_BUILD_JVM_CLIENT", "1", 1);
	execv(argv[1], argv + 1);
	fprintf(stderr, "strata-build: failed to run %s: %s\n", argv[1], strerror(errno));
	exit(FAILURE);
}

/* Whether args[i] is the command: the first word that is neither a global option nor its value. */
static int is_command(char **args, int i) {
	if (args[i][0] == '-')
		return 0;
	return i == 0 || (strcmp(args[i - 1], "--root") != 0 && strcmp(args[i - 1], "--snapshotter-address") != 0);
}

/* The --root the command line gives, as picocli reads it; NULL when the command is serve. */
static const char *served_root(int count, char **args) {
	const char *root = DEFAULT_ROOT;
	for (int i = 0; i < count; i++) {
		if (is_command(args, i))
			return strcmp(args[i], "serve") == 0 ? NULL : root;
		if (strcmp(args[i], "--root") == 0 && i + 1 < count)
			root = args[i + 1];
		else if (strncmp(args[i], "--root=", 7) == 0)
			root = args[i] + 7;
	}
	return root;
}

/* The socket named by ROOT/serve.address, or NULL when there is none. */
static char *read_address(const char *root) {
	char file[PATH_MAX];
	if (snprintf(file, sizeof file, "%s/serve.address", root) >= (int) sizeof file)
		return NULL;
	FILE *in = fopen(file, "r");
	if (in == NULL)
		return NULL;
	static char address[sizeof(((struct sockaddr_un *) 0)->sun_path)];
	char *line = fgets(address, sizeof address, in);
	fclose(in);
	if (line == NULL)
		return NULL;
	address[strcspn(address, "\n")] = '\0';
	return address[0] == '\0' ? NULL : address;
}

static int connect_to(const char *path) {
	struct sockaddr_un address = {.sun_family = AF_UNIX};
	strncpy(address.sun_path, path, sizeof address.sun_path - 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *) &address, sizeof address) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int write_fully(int fd, const void *bytes, size_t length) {
	const char *next = bytes;
	while (length > 0) {
		ssize_t written = write(fd, next, length);
		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return -1;
		next += written;
		length -= (size_t) written;
	}
	return 0;
}

/* 1 when the bytes were read, 0 when the other side closed before the first, -1 on an error. */
static int read_fully(int fd, void *bytes, size_t length) {
	char *next = bytes;
	size_t left = length;
	while (left > 0) {
		ssize_t count = read(fd, next, left);
		if (count < 0 && errno == EINTR)
			continue;
		if (count < 0)
			return -1;
		if (count == 0)
			return left == length ? 0 : -1;
		next += count;
		left -= (size_t) count;
	}
	return 1;
}

static void send_frame(int fd, char type, const void *payload, uint32_t length) {
	unsigned char header[5] = {(unsigned char) type, length >> 24, length >> 16, length >> 8, length};
	if (write_fully(fd, header, sizeof header) < 0 || write_fully(fd, payload, length) < 0)
		fail(strerror(errno));
}

static void send_text(int fd, char type, const char *text) {
	send_frame(fd, type, text, (uint32_t) strlen(text));
}

static void send_invocation(int fd, int count, char **args) {
	for (int i = 0; i < count; i++)
		send_text(fd, ARG, args[i]);
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof cwd) == NULL)
		fail(strerror(errno));
	send_text(fd, CWD, cwd);
	const char *columns = getenv("COLUMNS");
	if (columns != NULL) {
		char variable[64];
		snprintf(variable, sizeof variable, "COLUMNS=%s", columns);
		send_text(fd, ENV, variable);
	}
	/* what the JVM's System.console() tells: a terminal on both stdin and stdout */
	char interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	send_frame(fd, INTERACTIVE, &interactive, 1);
	send_frame(fd, RUN, "", 0);
}

/* Sends what stdin has now as one frame; 0 once it ended. */
static int send_stdin(int fd) {
	static char buffer[STDIN_CHUNK];
	ssize_t count;
	do {
		count = read(STDIN_FILENO, buffer, sizeof buffer);
	} while (count < 0 && errno == EINTR);
	if (count <= 0) {
		send_frame(fd, STDIN_END, "", 0);
		return 0;
	}
	send_frame(fd, STDIN, buffer, (uint32_t) count);
	return 1;
}

/* Relays the daemon's frames until EXIT, and stdin once the command reads it; returns the exit code. */
static int relay(int fd) {
	int sending_stdin = 0;
	char *payload = NULL;
	for (;;) {
		struct pollfd ready[2] = {{.fd = fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
		if (poll(ready, sending_stdin ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			fail(strerror(errno));
		}
		if (sending_stdin && ready[1].revents != 0)
			sending_stdin = send_stdin(fd);
		if (ready[0].revents == 0)
			continue;
		unsigned char header[5];
		int got = read_fully(fd, header, sizeof header);
		if (got == 0)
			fail("the daemon closed the connection before the command ended");
		if (got < 0)
			fail(strerror(errno));
		uint32_t length = (uint32_t) header[1] << 24 | header[2] << 16 | header[3] << 8 | header[4];
		payload = realloc(payload, length == 0 ? 1 : length);
		if (payload == NULL)
			fail("out of memory");
		if (read_fully(fd, payload, length) != 1)
			fail("the daemon closed the connection in the middle of a frame");
		switch (header[0]) {
		case STDOUT:
		case STDERR:
			if (write_fully(header[0] == STDOUT ? STDOUT_FILENO : STDERR_FILENO, payload, length) < 0)
				fail(strerror(errno));
			break;
		case STDIN_WANTED:
			sending_stdin = 1;
			break;
		case EXIT:
			if (length != 4)
				fail("an exit frame without a 4-byte code");
			return (int32_t) ((uint32_t) (unsigned char) payload[0] << 24 | (unsigned char) payload[1] << 16
				| (unsigned char) payload[2] << 8 | (unsigned char) payload[3]);
		default:
			fail("unexpected frame type");
		}
	}
}

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: strata-build-client FALLBACK [ARGUMENTS...]\n");
		return 2;
	}
	int count = argc - 2;
	char **args = argv + 2;
	const char *root = served_root(count, args);
	socket_path = root == NULL ? NULL : read_address(root);
	int fd = socket_path == NULL ? -1 : connect_to(socket_path);
	if (fd < 0)
		fall_back(argv);
	/* a closed stdout fails the write, as in the JVM client, instead of killing the client unannounced */
	signal(SIGPIPE, SIG_IGN);
	send_invocation(fd, count, args);
	return relay(fd);
}
