#ifndef DAEMON_TUI_CARCHIVE_SHIM_H
#define DAEMON_TUI_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

/* libarchive's file-type and flag macros carry casts Swift cannot import; these re-export them. */
static inline unsigned int carchive_ifmt(void) { return AE_IFMT; }
static inline unsigned int carchive_ifreg(void) { return AE_IFREG; }
static inline unsigned int carchive_iflnk(void) { return AE_IFLNK; }
static inline unsigned int carchive_ifsock(void) { return AE_IFSOCK; }
static inline unsigned int carchive_ifchr(void) { return AE_IFCHR; }
static inline unsigned int carchive_ifblk(void) { return AE_IFBLK; }
static inline unsigned int carchive_ifdir(void) { return AE_IFDIR; }
static inline unsigned int carchive_ififo(void) { return AE_IFIFO; }

/* makedev is a macro in glibc. */
static inline dev_t carchive_makedev(unsigned int major, unsigned int minor) { return makedev(major, minor); }
#endif
