#define _GNU_SOURCE
#include "ccontainer.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// MARK: - Reporting failures from the child

struct child_args {
    const cc_container_config *config;
    int sync_fd;
    int sync_write_fd;
    int error_fd;
};

static void write_all(int fd, const void *buffer, size_t length) {
    const char *p = buffer;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        p += n;
        length -= (size_t)n;
    }
}

// Writes `[kind][errno][message]` to the error pipe and exits: the supervisor turns it into the start error.
static void fail(int error_fd, int kind, int code, const char *format, ...) {
    char message[1024];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (length < 0) length = 0;
    if ((size_t)length >= sizeof message) length = sizeof message - 1;
    unsigned char header[5];
    header[0] = (unsigned char)kind;
    memcpy(header + 1, &code, 4);
    write_all(error_fd, header, sizeof header);
    write_all(error_fd, message, (size_t)length);
    _exit(127);
}

// strerror as Go (and so runc and Docker) words it: the same text, lower-case first letter.
static const char *go_strerror(int code) {
    static char text[256];
    snprintf(text, sizeof text, "%s", strerror(code));
    if (text[0] >= 'A' && text[0] <= 'Z') text[0] = (char)(text[0] - 'A' + 'a');
    return text;
}

#define SYSFAIL(a, ...) fail((a)->error_fd, CC_FAILURE_SYSTEM, errno, __VA_ARGS__)

// MARK: - Paths resolved inside the root

static int open_in_root(int root_fd, const char *path, int flags) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    return fd < 0 ? -errno : (int)fd;
}

int cc_open_in_root(int root_fd, const char *path, int flags) { return open_in_root(root_fd, path, flags); }

static void fd_path(int fd, char *buffer, size_t size) { snprintf(buffer, size, "/proc/self/fd/%d", fd); }

// Splits `path` at its last '/': the parent (inside `parent`, "/" for top-level names) and the base name.
static const char *split_parent(const char *path, char *parent, size_t size) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(parent, size, "/");
        return path;
    }
    size_t length = (size_t)(slash - path);
    if (length == 0) length = 1;
    if (length >= size) length = size - 1;
    memcpy(parent, path, length);
    parent[length] = 0;
    return slash + 1;
}

// Opens (O_PATH) the directory `path` inside the root, creating missing components (0755) on the way.
static int ensure_dir(int root_fd, const char *path) {
    int fd = open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
    if (fd >= 0 || fd != -ENOENT) return fd;
    char parent[4096];
    const char *base = split_parent(path, parent, sizeof parent);
    int parent_fd = ensure_dir(root_fd, parent);
    if (parent_fd < 0) return parent_fd;
    if (*base && mkdirat(parent_fd, base, 0755) != 0 && errno != EEXIST) {
        int code = -errno;
        close(parent_fd);
        return code;
    }
    close(parent_fd);
    return open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
}

// Opens (O_PATH) the file `path` inside the root, creating it (empty, 0644) and its parents when missing.
static int ensure_file(int root_fd, const char *path) {
    int fd = open_in_root(root_fd, path, O_PATH);
    if (fd >= 0 || fd != -ENOENT) return fd;
    char parent[4096];
    const char *base = split_parent(path, parent, sizeof parent);
    int parent_fd = ensure_dir(root_fd, parent);
    if (parent_fd < 0) return parent_fd;
    char parent_path[64];
    fd_path(parent_fd, parent_path, sizeof parent_path);
    int dir_fd = open(parent_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close(parent_fd);
    if (dir_fd < 0) return -errno;
    int file = openat(dir_fd, base, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    int code = file < 0 ? -errno : 0;
    close(dir_fd);
    if (file < 0) return code;
    close(file);
    return open_in_root(root_fd, path, O_PATH);
}

// MARK: - Mounts

static void bind_onto(struct child_args *a, int root_fd, const char *source, const char *target, int directory,
                      int readonly) {
    int fd = directory ? ensure_dir(root_fd, target) : ensure_file(root_fd, target);
    if (fd < 0) fail(a->error_fd, CC_FAILURE_SYSTEM, -fd, "cannot create mount point %s: %s", target, strerror(-fd));
    char path[64];
    fd_path(fd, path, sizeof path);
    if (mount(source, path, NULL, MS_BIND | MS_REC, NULL) != 0) SYSFAIL(a, "cannot bind %s on %s: %s", source, target, strerror(errno));
    close(fd);
    if (!readonly) return;
    // The remount must name the new mount, so resolve the target again.
    fd = open_in_root(root_fd, target, O_PATH);
    if (fd < 0) fail(a->error_fd, CC_FAILURE_SYSTEM, -fd, "cannot reopen %s: %s", target, strerror(-fd));
    fd_path(fd, path, sizeof path);
    if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, NULL) != 0) {
        SYSFAIL(a, "cannot make %s read-only: %s", target, strerror(errno));
    }
    close(fd);
}

static void mount_fs(struct child_args *a, int root_fd, const char *target, const char *type, unsigned long flags,
                     const char *options) {
    int fd = ensure_dir(root_fd, target);
    if (fd < 0) fail(a->error_fd, CC_FAILURE_SYSTEM, -fd, "cannot create mount point %s: %s", target, strerror(-fd));
    char path[64];
    fd_path(fd, path, sizeof path);
    if (mount(type, path, type, flags, options) != 0) SYSFAIL(a, "cannot mount %s on %s: %s", type, target, strerror(errno));
    close(fd);
}

// A minimal /dev: a tmpfs holding the host's harmless devices, a private devpts and /dev/shm.
static void setup_dev(struct child_args *a, int root_fd) {
    mount_fs(a, root_fd, "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
    static const char *devices[] = {"null", "zero", "full", "random", "urandom", "tty"};
    char host[64], inside[64];
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        snprintf(host, sizeof host, "/dev/%s", devices[i]);
        snprintf(inside, sizeof inside, "/dev/%s", devices[i]);
        bind_onto(a, root_fd, host, inside, 0, 0);
    }
    mount_fs(a, root_fd, "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
    mount_fs(a, root_fd, "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
    mount_fs(a, root_fd, "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    int dev_fd = open_in_root(root_fd, "/dev", O_RDONLY | O_DIRECTORY);
    if (dev_fd < 0) fail(a->error_fd, CC_FAILURE_SYSTEM, -dev_fd, "cannot open /dev: %s", strerror(-dev_fd));
    static const char *links[][2] = {
        {"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
        {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}, {"/proc/kcore", "core"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (symlinkat(links[i][0], dev_fd, links[i][1]) != 0) SYSFAIL(a, "cannot link /dev/%s: %s", links[i][1], strerror(errno));
    }
    close(dev_fd);
}

// The container's terminal, made in its own devpts: the slave becomes stdio, the controlling terminal and
// /dev/console; the master goes back to the supervisor.
static void setup_console(struct child_args *a, int root_fd) {
    int master = open_in_root(root_fd, "/dev/pts/ptmx", O_RDWR | O_NOCTTY);
    if (master < 0) fail(a->error_fd, CC_FAILURE_SYSTEM, -master, "cannot open /dev/pts/ptmx: %s", strerror(-master));
    int unlock = 0;
    unsigned int number = 0;
    if (ioctl(master, TIOCSPTLCK, &unlock) != 0 || ioctl(master, TIOCGPTN, &number) != 0) {
        SYSFAIL(a, "cannot set up the pseudo-terminal: %s", strerror(errno));
    }
    int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (slave < 0) SYSFAIL(a, "cannot open the pseudo-terminal's slave: %s", strerror(errno));
    char name[64];
    snprintf(name, sizeof name, "/dev/pts/%u", number);
    int console = ensure_file(root_fd, "/dev/console");
    int slave_path = open_in_root(root_fd, name, O_PATH);
    if (console < 0 || slave_path < 0) SYSFAIL(a, "cannot find the pseudo-terminal %s", name);
    char from[64], to[64];
    fd_path(slave_path, from, sizeof from);
    fd_path(console, to, sizeof to);
    if (mount(from, to, NULL, MS_BIND, NULL) != 0) SYSFAIL(a, "cannot bind /dev/console: %s", strerror(errno));
    close(console);
    close(slave_path);

    char byte = 0;
    struct iovec data = {.iov_base = &byte, .iov_len = 1};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &data, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &master, sizeof(int));
    if (sendmsg(a->config->console_socket, &message, MSG_NOSIGNAL) != 1) {
        SYSFAIL(a, "cannot hand the terminal to the supervisor: %s", strerror(errno));
    }
    close(master);
    if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) SYSFAIL(a, "cannot set up stdio: %s", strerror(errno));
    if (slave > 2) close(slave);
    if (ioctl(0, TIOCSCTTY, 0) != 0) SYSFAIL(a, "cannot set the controlling terminal: %s", strerror(errno));
}

// Hides the parts of /proc that reach the host kernel (as Docker's default masked and read-only paths).
static void mask_proc(void) {
    static const char *readonly[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
    for (size_t i = 0; i < sizeof readonly / sizeof readonly[0]; i++) {
        if (mount(readonly[i], readonly[i], NULL, MS_BIND | MS_REC, NULL) == 0) {
            mount(NULL, readonly[i], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, NULL);
        }
    }
    static const char *masked[] = {
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
    };
    for (size_t i = 0; i < sizeof masked / sizeof masked[0]; i++) {
        struct stat st;
        if (lstat(masked[i], &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            mount("tmpfs", masked[i], "tmpfs", MS_RDONLY, NULL);
        } else {
            mount("/dev/null", masked[i], NULL, MS_BIND, NULL);
        }
    }
}

static void enter_root(struct child_args *a) {
    const char *rootfs = a->config->rootfs;
    if (chdir(rootfs) != 0) SYSFAIL(a, "cannot enter %s: %s", rootfs, strerror(errno));
    if (syscall(SYS_pivot_root, ".", ".") == 0) {
        // The old root is stacked on the new one: detach it.
        if (umount2(".", MNT_DETACH) != 0) SYSFAIL(a, "cannot detach the old root: %s", strerror(errno));
    } else if (errno != EINVAL) {
        SYSFAIL(a, "pivot_root: %s", strerror(errno));
    } else {
        // pivot_root is refused (EINVAL) when the root is the initial ramfs: move the mount over / and chroot.
        if (mount(rootfs, "/", NULL, MS_MOVE, NULL) != 0) SYSFAIL(a, "cannot move the root: %s", strerror(errno));
        if (chroot(".") != 0) SYSFAIL(a, "cannot chroot: %s", strerror(errno));
    }
    if (chdir("/") != 0) SYSFAIL(a, "cannot chdir to /: %s", strerror(errno));
}

static void setup_root(struct child_args *a) {
    const cc_container_config *c = a->config;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) SYSFAIL(a, "cannot make mounts private: %s", strerror(errno));
    if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) != 0) SYSFAIL(a, "cannot bind the root: %s", strerror(errno));
    int root_fd = open(c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) SYSFAIL(a, "cannot open %s: %s", c->rootfs, strerror(errno));
    mount_fs(a, root_fd, "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    setup_dev(a, root_fd);
    if (c->tty) setup_console(a, root_fd);
    if (c->hostname_file) bind_onto(a, root_fd, c->hostname_file, "/etc/hostname", 0, 0);
    if (c->hosts_file) bind_onto(a, root_fd, c->hosts_file, "/etc/hosts", 0, 0);
    if (c->resolv_file) bind_onto(a, root_fd, c->resolv_file, "/etc/resolv.conf", 0, 0);
    for (int i = 0; i < c->bind_count; i++) {
        struct stat st;
        if (stat(c->bind_sources[i], &st) != 0) {
            fail(a->error_fd, CC_FAILURE_BAD_CONFIG, errno, "invalid mount config: bind source path does not exist: %s",
                 c->bind_sources[i]);
        }
        bind_onto(a, root_fd, c->bind_sources[i], c->bind_targets[i], S_ISDIR(st.st_mode), c->bind_readonly[i]);
    }
    // The working directory is created (as Docker does) resolved inside the root, so neither symlinks nor
    // /proc/self/fd/N can make it land outside. Failing here is fine: chdir reports it.
    int workdir_fd = ensure_dir(root_fd, c->workdir);
    if (workdir_fd >= 0) close(workdir_fd);
    close(root_fd);
    enter_root(a);
    mask_proc();
}

// MARK: - Identity and capabilities

// Docker's default capability set; everything else leaves the bounding set.
static int default_capability(int cap) {
    static const int allowed[] = {0 /*CHOWN*/, 1 /*DAC_OVERRIDE*/, 3 /*FOWNER*/, 4 /*FSETID*/, 5 /*KILL*/,
                                  6 /*SETGID*/, 7 /*SETUID*/, 8 /*SETPCAP*/, 10 /*NET_BIND_SERVICE*/,
                                  13 /*NET_RAW*/, 18 /*SYS_CHROOT*/, 27 /*MKNOD*/, 29 /*AUDIT_WRITE*/,
                                  31 /*SETFCAP*/};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        if (allowed[i] == cap) return 1;
    }
    return 0;
}

static void drop_capabilities(struct child_args *a) {
    for (int cap = 0; cap < 64; cap++) {
        if (default_capability(cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
            SYSFAIL(a, "cannot drop capability %d: %s", cap, strerror(errno));
        }
    }
}

static void switch_user(struct child_args *a) {
    const cc_container_config *c = a->config;
    if (setgroups((size_t)c->group_count, (const gid_t *)c->groups) != 0) SYSFAIL(a, "setgroups: %s", strerror(errno));
    if (setgid(c->gid) != 0) SYSFAIL(a, "setgid %u: %s", c->gid, strerror(errno));
    if (setuid(c->uid) != 0) SYSFAIL(a, "setuid %u: %s", c->uid, strerror(errno));
}

// MARK: - Finding and running the command (Go's exec.LookPath, as runc reports it)

static int is_executable_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode) && (st.st_mode & 0111) != 0;
}

static void exec_command(struct child_args *a) {
    const cc_container_config *c = a->config;
    const char *command = c->argv[0];
    char found[4096];
    if (strchr(command, '/')) {
        struct stat st;
        if (stat(command, &st) != 0) {
            fail(a->error_fd, CC_FAILURE_BAD_CONFIG, errno, "exec: \"%s\": stat %s: %s", command, command, go_strerror(errno));
        }
        snprintf(found, sizeof found, "%s", command);
    } else {
        const char *path = c->path_env ? c->path_env : "";
        int located = 0;
        while (!located) {
            const char *end = strchr(path, ':');
            size_t length = end ? (size_t)(end - path) : strlen(path);
            if (length == 0) {
                snprintf(found, sizeof found, "./%s", command);
            } else {
                snprintf(found, sizeof found, "%.*s/%s", (int)length, path, command);
            }
            if (is_executable_file(found)) located = 1;
            if (!end) break;
            path = end + 1;
        }
        if (!located || *command == 0) {
            fail(a->error_fd, CC_FAILURE_BAD_CONFIG, ENOENT, "exec: \"%s\": executable file not found in $PATH", command);
        }
    }
    execve(found, (char *const *)c->argv, (char *const *)c->envp);
    int code = errno;
    fail(a->error_fd, CC_FAILURE_BAD_CONFIG, code, "exec: \"%s\": %s", command, go_strerror(code));
}

// MARK: - The child

static int child_main(void *raw) {
    struct child_args *a = raw;
    const cc_container_config *c = a->config;
    // /proc/<pid>/exe is the daemon-tui binary until execve: keep it unreachable (CVE-2019-5736).
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    close(a->sync_write_fd);
    char go;
    ssize_t n;
    do { n = read(a->sync_fd, &go, 1); } while (n < 0 && errno == EINTR);
    if (n != 1) _exit(126);
    close(a->sync_fd);

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);

    if (setsid() < 0) SYSFAIL(a, "setsid: %s", strerror(errno));
    if (!c->tty && (dup2(c->stdin_fd, 0) < 0 || dup2(c->stdout_fd, 1) < 0 || dup2(c->stderr_fd, 2) < 0)) {
        SYSFAIL(a, "cannot set up stdio: %s", strerror(errno));
    }

    setup_root(a);
    if (sethostname(c->hostname, strlen(c->hostname)) != 0) SYSFAIL(a, "sethostname: %s", strerror(errno));
    drop_capabilities(a);
    switch_user(a);
    // Nothing of the supervisor's may reach the container: every fd above stderr closes on exec. Until then
    // a WorkingDir like /proc/self/fd/N could reach one of them, so the result is checked: getcwd fails (or
    // is not absolute) outside the root (CVE-2024-21626).
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = 3; fd < 65536; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    if (chdir(c->workdir) != 0) {
        fail(a->error_fd, CC_FAILURE_BAD_CONFIG, errno, "chdir to cwd (\"%s\") set in config.json failed: %s", c->workdir,
             go_strerror(errno));
    }
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd) || cwd[0] != '/') {
        fail(a->error_fd, CC_FAILURE_BAD_CONFIG, EPERM,
             "current working directory is outside of container mount namespace root -- possible container breakout detected");
    }
    exec_command(a);
    return 127;
}

int cc_container_namespace_flags(void) { return CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC; }

pid_t cc_clone_container(const cc_container_config *config, int sync_read_fd, int sync_write_fd, int error_write_fd) {
    const size_t stack_size = 1 << 20;
    void *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -errno;
    struct child_args args = {config, sync_read_fd, sync_write_fd, error_write_fd};
    int flags = cc_container_namespace_flags() | SIGCHLD;
    if (config->new_network) flags |= CLONE_NEWNET;
    // Without CLONE_VM the child gets its own copy of the address space (like fork), so `args` and the
    // stack stay valid in it; the parent's copy of the stack is released at once.
    pid_t pid = clone(child_main, (char *)stack + stack_size, flags, &args);
    int code = errno;
    munmap(stack, stack_size);
    return pid < 0 ? -code : pid;
}

// MARK: - Detached spawning and probes

int cc_spawn_detached(const char *path, char *const argv[], char *const envp[], int status_fd,
                      const char *stderr_path) {
    pid_t child = fork();
    if (child < 0) return -errno;
    if (child == 0) {
        setsid();
        pid_t grandchild = fork();
        if (grandchild != 0) _exit(grandchild < 0 ? 1 : 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
        int null_fd = open("/dev/null", O_RDWR);
        int err_fd = open(stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (null_fd < 0) _exit(1);
        if (err_fd < 0) err_fd = null_fd;
        // The status pipe goes to 3 first: dup2 onto 0..2 might otherwise clobber it.
        int status_copy = fcntl(status_fd, F_DUPFD, 10);
        if (status_copy < 0) _exit(1);
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(err_fd, 2);
        dup2(status_copy, 3);
        syscall(SYS_close_range, 4U, ~0U, 0U);
        chdir("/");
        execve(path, argv, envp);
        _exit(127);
    }
    int status = 0;
    pid_t reaped;
    do { reaped = waitpid(child, &status, 0); } while (reaped < 0 && errno == EINTR);
    // ECHILD: SIGCHLD is ignored in this process, so the kernel reaped the child itself.
    if (reaped < 0) return errno == ECHILD ? 0 : -errno;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -ECHILD;
    return 0;
}

int cc_probe_unshare(int flags) {
    pid_t child = fork();
    if (child < 0) return errno;
    if (child == 0) _exit(unshare(flags) == 0 ? 0 : (errno & 0xff));
    int status = 0;
    pid_t reaped;
    do { reaped = waitpid(child, &status, 0); } while (reaped < 0 && errno == EINTR);
    if (reaped < 0) return 0;  // auto-reaped (SIGCHLD ignored): the outcome is unknown; start will tell
    return WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
}

// MARK: - Small wrappers

int cc_pidfd_open(pid_t pid) {
    long fd = syscall(SYS_pidfd_open, pid, 0);
    return fd < 0 ? -errno : (int)fd;
}

int cc_receive_console(int socket, int timeout_ms) {
    struct pollfd ready = {.fd = socket, .events = POLLIN};
    if (poll(&ready, 1, timeout_ms) != 1) return -ETIMEDOUT;
    char byte;
    struct iovec data = {.iov_base = &byte, .iov_len = 1};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr message = {.msg_iov = &data, .msg_iovlen = 1, .msg_control = control.space,
                             .msg_controllen = sizeof control.space};
    if (recvmsg(socket, &message, MSG_CMSG_CLOEXEC) != 1) return errno ? -errno : -EPROTO;
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    if (!header || header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) return -EPROTO;
    int fd;
    memcpy(&fd, CMSG_DATA(header), sizeof fd);
    return fd;
}

int cc_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize size = {.ws_row = rows, .ws_col = cols};
    return ioctl(fd, TIOCSWINSZ, &size) == 0 ? 0 : -errno;
}

int cc_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC) == 0 ? 0 : -errno; }

int cc_open_directory_path(const char *path) {
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int cc_is_overlay_opaque(const char *path) {
    char value[4];
    ssize_t n = lgetxattr(path, "trusted.overlay.opaque", value, sizeof value);
    return n == 1 && value[0] == 'y';
}

int cc_accept(int listener) {
    int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

int cc_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return -errno;
    return 0;
}

