#ifndef CCONTAINER_H
#define CCONTAINER_H

// The parts of the container runtime that must run between fork/clone and execve, where no Swift code may
// run (Swift's runtime is not fork-safe), plus the few system calls Swift cannot call directly (variadic
// ioctl/fcntl, raw syscalls).

#include <sys/types.h>

/// What kind of failure the container child reports on its error pipe.
enum cc_failure_kind {
    /// The command, working directory or user is wrong (Docker answers 400).
    CC_FAILURE_BAD_CONFIG = 1,
    /// Setting up namespaces or mounts failed (Docker answers 500).
    CC_FAILURE_SYSTEM = 2,
};

/// Everything the container child needs, prepared by the supervisor before `cc_clone_container`.
typedef struct cc_container_config {
    /// The host path of the container's root filesystem.
    const char *rootfs;
    /// NULL-terminated; `argv[0]` is looked up in `path_env` inside the container.
    const char *const *argv;
    /// NULL-terminated `KEY=value` strings.
    const char *const *envp;
    /// The container's PATH (for looking up `argv[0]`).
    const char *path_env;
    /// The working directory inside the container (created when missing).
    const char *workdir;
    /// The UTS hostname.
    const char *hostname;
    /// Host files bind-mounted on the container's /etc/hostname, /etc/hosts, /etc/resolv.conf (each may be NULL).
    const char *hostname_file;
    const char *hosts_file;
    const char *resolv_file;
    /// With a TTY: the child's end of a unix socket. The child opens a pseudo-terminal in the container's own
    /// devpts (so it is /dev/pts/0 inside, as under Docker), makes the slave its stdio and controlling
    /// terminal and /dev/console, and sends the master back on this socket (SCM_RIGHTS). -1 without a TTY.
    int console_socket;
    /// Bind mounts: host sources, container targets, read-only flags.
    const char *const *bind_sources;
    const char *const *bind_targets;
    const int *bind_readonly;
    int bind_count;
    /// The identity the process runs as.
    unsigned int uid;
    unsigned int gid;
    const unsigned int *groups;
    int group_count;
    /// Nonzero: a new network namespace (loopback only).
    int new_network;
    /// Nonzero: the process gets a pseudo-terminal (see `console_socket`; the stdio fds are then unused).
    int tty;
    /// The supervisor's ends for the child's 0, 1, 2 (without a TTY).
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
} cc_container_config;

/// Clones the container's first process into new mount, PID, UTS and IPC (and network) namespaces.
/// The child closes `sync_write_fd` (the supervisor's end) and blocks until a byte arrives on
/// `sync_read_fd` (EOF: the supervisor died, so it exits), then sets up its root
/// and execs. If anything fails it writes `[kind:1][errno:4][message]` to `error_write_fd` (which must be
/// close-on-exec, so a successful exec closes it with nothing written) and exits 127.
/// Returns the child's host PID, or -errno.
pid_t cc_clone_container(const cc_container_config *config, int sync_read_fd, int sync_write_fd, int error_write_fd);

/// Starts `path` with `argv` fully detached: forks, the child calls setsid and forks again, the grandchild
/// gets /dev/null on 0 and 1, `stderr_path` (appended) on 2, `status_fd` as fd 3, every other fd closed,
/// and execs with `envp`. The intermediate child is reaped before returning. Returns 0 or -errno.
int cc_spawn_detached(const char *path, char *const argv[], char *const envp[], int status_fd,
                      const char *stderr_path);

/// Whether this process may create the namespaces in `flags` (CLONE_NEW*): forks a child that tries
/// `unshare(flags)`. Returns 0, or the errno the child got.
int cc_probe_unshare(int flags);

/// The CLONE_NEW* flags a container uses (mount, PID, UTS, IPC).
int cc_container_namespace_flags(void);

/// `pidfd_open(pid, 0)`: a descriptor that becomes readable when `pid` exits. -errno on failure.
int cc_pidfd_open(pid_t pid);

/// Opens `path` inside the directory `root_fd` as if `root_fd` were `/` (openat2 with RESOLVE_IN_ROOT and
/// RESOLVE_NO_MAGICLINKS): symlinks cannot lead out. Returns the fd or -errno.
int cc_open_in_root(int root_fd, const char *path, int flags);

/// Receives the pseudo-terminal master a container child sent on `socket` (waiting at most `timeout_ms`).
/// Returns the fd (close-on-exec) or -errno.
int cc_receive_console(int socket, int timeout_ms);

/// Sets a terminal's window size (TIOCSWINSZ). Returns 0 or -errno.
int cc_set_winsize(int fd, unsigned short rows, unsigned short cols);

/// `pipe2(fds, O_CLOEXEC)`. Returns 0 or -errno.
int cc_pipe(int fds[2]);

/// `open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)`: a handle on a directory for `*at` calls and
/// `/proc/self/fd/N` paths. Returns the fd or -errno.
int cc_open_directory_path(const char *path);

/// Whether `path` is a directory marked opaque for overlayfs (`trusted.overlay.opaque` = "y").
int cc_is_overlay_opaque(const char *path);

/// Accepts a connection on `listener`, non-blocking and close-on-exec. Returns the fd or -errno.
int cc_accept(int listener);

/// Sets O_NONBLOCK on `fd`. Returns 0 or -errno.
int cc_set_nonblocking(int fd);

#endif
