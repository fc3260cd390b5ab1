"""Whether a project's folder can keep SQLite's promises, and if not, why.

SQLite counts on the file system for two things: locks that every writer sees, and writes that
reach the file in order. Network file systems (NFS, SMB/CIFS, ...) and FUSE file systems (sshfs,
rclone, cloud drives) may keep POSIX locks on one machine only, so two computers can write at
once; sync services (Dropbox, OneDrive, iCloud, ...) copy the file, its ``-wal`` and ``-shm``
behind SQLite's back and answer two computers' changes with conflict copies or a damaged file.
:func:`location_risk` says whether a project path is in such a place, so the app and the command
line can say so, and a writable open can guard against a second computer
(:mod:`annotator.store.presence`).

The checks look at paths, the mount table and ``stat`` of folders and marker files only: the
project's own files are never opened (closing any descriptor of them would drop SQLite's locks
for the whole process; see KNOWN-TRAPS "A file dialog can detach the app"). They never raise:
whatever cannot be read counts as "unknown", which is not a risk.

For tests: ``ANNOTATOR_RISKY_FS_TYPES`` (comma-separated file system types, e.g. ``tmpfs``) makes
mounts of those types count as risky, kind ``"fuse"``, so that a tmpfs such as ``/dev/shm`` can
stand in for a FUSE mount. It is not meant for users; tmpfs itself is a local file system.
"""

from __future__ import annotations

import ntpath
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from typing import Final, Literal

__all__ = [
    "RISKY_TYPES_ENV",
    "LocationRisk",
    "Mount",
    "RiskKind",
    "find_mount",
    "location_risk",
    "parse_mountinfo",
]

RISKY_TYPES_ENV: Final = "ANNOTATOR_RISKY_FS_TYPES"
MOUNTINFO: Final = "/proc/self/mountinfo"

RiskKind = Literal["network", "fuse", "sync"]

# Linux file system types (as /proc/self/mountinfo names them) that live on another machine.
NETWORK_TYPES: Final = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        # VirtualBox shared folders: a host folder reached through the hypervisor
        "vboxsf",
    }
)
# macOS statfs type names (f_fstypename).
MACOS_NETWORK_TYPES: Final = frozenset({"smbfs", "nfs", "afpfs", "webdav", "cifs", "ftp"})
MACOS_FUSE_TYPES: Final = frozenset({"osxfuse", "macfuse", "fusefs", "fuse-t"})

_REMEDY: Final = (
    "Keep the project on a local disk; to work as a team, use a team database "
    '(`annotator team init`, see README "Working as a team") or exchange datasets '
    "(`annotator export` / `annotator import`)."
)


@dataclass(frozen=True, slots=True)
class LocationRisk:
    """Why a project's location is risky for an SQLite file.

    ``kind`` is ``"network"`` (NFS, SMB, a network drive), ``"fuse"`` (sshfs, rclone, a cloud
    drive mounted through FUSE) or ``"sync"`` (a folder a sync service copies: Dropbox, OneDrive,
    iCloud...). ``detail`` names what was found ("nfs4 mount at /mnt/share", "Dropbox folder");
    ``message`` is one line for a user: what can go wrong and what to do instead.
    """

    kind: RiskKind
    detail: str
    message: str


@dataclass(frozen=True, slots=True)
class Mount:
    """One line of a mount table: where it is mounted, its file system type, and its source."""

    mount_point: str
    fstype: str
    source: str


def _message(kind: RiskKind, detail: str, path: str) -> str:
    if kind == "network":
        what = (
            f"{path} is on a network file system ({detail}): file locks there are not reliable, "
            "so two computers writing to the project, or a connection dropped during a write, "
            "can corrupt it."
        )
    elif kind == "fuse":
        what = (
            f"{path} is on a FUSE file system ({detail}), such as sshfs, rclone or a cloud drive, "
            "which may not pass file locks on to other computers: two computers writing to the "
            "project can corrupt it."
        )
    else:
        what = (
            f"{path} is in a synced folder ({detail}): the sync service copies the file while it is written "
            "and cannot merge two computers' changes, so edits end up in conflict copies or the "
            "project is damaged."
        )
    return f"{what} {_REMEDY}"


def _risk(kind: RiskKind, detail: str, path: str) -> LocationRisk:
    return LocationRisk(kind=kind, detail=detail, message=_message(kind, detail, path))


# -- the mount table (Linux) -------------------------------------------------------------------

_OCTAL = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    """Undo the kernel's octal escapes (``\\040`` space, ``\\011`` tab, ``\\012``, ``\\134``)."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of a ``/proc/self/mountinfo`` text, in its order; malformed lines are skipped.

    A line is ``ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER``.
    """
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        try:
            sep = fields.index("-", 6)
            mounts.append(
                Mount(
                    mount_point=_unescape(fields[4]),
                    fstype=_unescape(fields[sep + 1]),
                    source=_unescape(fields[sep + 2]) if len(fields) > sep + 2 else "",
                )
            )
        except (ValueError, IndexError):
            continue
    return mounts


def find_mount(path: str, mounts: Sequence[Mount]) -> Mount | None:
    """The mount holding ``path`` (absolute, symlinks resolved): the longest matching mount point.

    Of several mounts at one point the last one listed wins: it is mounted over the others.
    """
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        holds = point == "/" or path == point or path.startswith(point + "/")
        if holds and (best is None or len(point) >= len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def _extra_types(extra: Iterable[str] | None) -> frozenset[str]:
    names = set(extra or ())
    names.update(t.strip() for t in os.environ.get(RISKY_TYPES_ENV, "").split(","))
    return frozenset(t.lower() for t in names if t.strip())


def _linux_mount_kind(fstype: str, extra: frozenset[str]) -> RiskKind | None:
    fstype = fstype.lower()
    if fstype in NETWORK_TYPES:
        return "network"
    # fuseblk is a local disk (NTFS, exFAT) driven through FUSE: one machine, locks work.
    if fstype == "fuse" or fstype.startswith("fuse."):
        return "fuse"
    if fstype in extra:
        return "fuse"
    return None


def _mount_risk(
    folder: str,
    shown: str,
    *,
    mountinfo: str | None,
    mountinfo_file: str | os.PathLike[str] | None,
    extra: frozenset[str],
) -> LocationRisk | None:
    if mountinfo is None:
        if mountinfo_file is None:
            if not sys.platform.startswith("linux"):
                return None
            mountinfo_file = MOUNTINFO
        try:
            with open(mountinfo_file, encoding="utf-8", errors="surrogateescape") as fh:
                mountinfo = fh.read()
        except OSError:
            return None  # unknown, not risky
    mount = find_mount(folder, parse_mountinfo(mountinfo))
    if mount is None:
        return None
    kind = _linux_mount_kind(mount.fstype, extra)
    if kind is None:
        return None
    return _risk(kind, f"{mount.fstype} mount at {mount.mount_point}", shown)


# -- macOS: statfs gives the file system type name ---------------------------------------------


def _macos_statfs(folder: str) -> tuple[str, str] | None:
    """``(f_fstypename, f_mntonname)`` of ``folder`` on macOS, or ``None`` if it cannot be read."""
    import ctypes
    import ctypes.util

    # struct statfs with 64-bit inodes (the only layout on arm64; statfs$INODE64 on x86_64)
    class _Statfs(ctypes.Structure):
        _fields_ = [
            ("f_bsize", ctypes.c_uint32),
            ("f_iosize", ctypes.c_int32),
            ("f_blocks", ctypes.c_uint64),
            ("f_bfree", ctypes.c_uint64),
            ("f_bavail", ctypes.c_uint64),
            ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64),
            ("f_fsid", ctypes.c_int32 * 2),
            ("f_owner", ctypes.c_uint32),
            ("f_type", ctypes.c_uint32),
            ("f_flags", ctypes.c_uint32),
            ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16),
            ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024),
            ("f_flags_ext", ctypes.c_uint32),
            ("f_reserved", ctypes.c_uint32 * 7),
        ]

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.dylib", use_errno=True)
        func = None
        for name in ("statfs$INODE64", "statfs"):
            try:
                func = getattr(libc, name)
                break
            except AttributeError:
                continue
        if func is None:
            return None
        func.argtypes = [ctypes.c_char_p, ctypes.POINTER(_Statfs)]
        func.restype = ctypes.c_int
        buf = _Statfs()
        if func(os.fsencode(folder), ctypes.byref(buf)) != 0:
            return None
        fstype = buf.f_fstypename.decode("ascii")
        point = os.fsdecode(buf.f_mntonname)
    except (OSError, AttributeError, TypeError, ValueError, UnicodeDecodeError):
        return None
    if not fstype.isprintable() or not fstype:
        return None
    return fstype, point


def _macos_risk(folder: str, shown: str, extra: frozenset[str]) -> LocationRisk | None:
    found = _macos_statfs(folder)
    if found is None:
        return None
    fstype, point = found
    low = fstype.lower()
    if low in MACOS_NETWORK_TYPES:
        kind: RiskKind = "network"
    elif low in MACOS_FUSE_TYPES or low.startswith("fuse") or low in extra:
        kind = "fuse"
    else:
        return None
    return _risk(kind, f"{fstype} mount at {point}", shown)


# -- Windows: UNC paths and network drives -----------------------------------------------------


def _windows_share(path: PureWindowsPath) -> str | None:
    r"""``\\server\share`` when ``path`` is a UNC path (also in its ``\\?\UNC\`` spelling)."""
    drive = path.drive
    if drive.upper().startswith("\\\\?\\UNC\\"):
        return "\\\\" + drive[8:]
    if drive.startswith("\\\\") and not drive.startswith(("\\\\?\\", "\\\\.\\")):
        return drive
    return None


def _windows_drive_is_remote(path: PureWindowsPath) -> str | None:
    """The drive (``Z:``) when it is a mapped network drive; only asked on Windows itself."""
    drive = path.drive
    if drive.startswith(("\\\\?\\", "\\\\.\\")):
        drive = drive[4:]
    if len(drive) != 2 or drive[1] != ":":
        return None
    if sys.platform == "win32":
        import ctypes

        try:
            drive_remote = 4  # DRIVE_REMOTE
            if ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(drive + "\\")) == drive_remote:
                return drive
        except (OSError, AttributeError):
            return None
    return None


def _windows_risk(path: PureWindowsPath, shown: str) -> LocationRisk | None:
    share = _windows_share(path)
    if share is not None:
        return _risk("network", f"network share {share}", shown)
    drive = _windows_drive_is_remote(path)
    if drive is not None:
        return _risk("network", f"network drive {drive}", shown)
    return None


# -- sync folders ------------------------------------------------------------------------------

# Folder names that sync clients create, matched anywhere in the path (case-insensitively).
_SYNC_NAMES: Final = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "box sync": "Box",
    "pcloud drive": "pCloud",
    "pclouddrive": "pCloud",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "seafile": "Seafile",
    "megasync": "MEGA",
    "synologydrive": "Synology Drive",
}
# Prefixes of folder names: "OneDrive - Contoso", "Dropbox (Team)", "GoogleDrive-ana@example.org".
_SYNC_PREFIXES: Final = (
    ("onedrive - ", "OneDrive"),
    ("onedrive-", "OneDrive"),
    ("dropbox (", "Dropbox"),
    ("dropbox-", "Dropbox"),
    ("googledrive-", "Google Drive"),
    ("box-", "Box"),
)
# Names too plain to trust anywhere: only as a folder right inside the home folder.
_HOME_SYNC_NAMES: Final = {
    "box": "Box",
    "mega": "MEGA",
    "sync": "Sync.com or Syncthing",
}
# Files and folders that sync clients keep at the top of a synced folder.
_MARKERS: Final = (
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".stfolder", "Syncthing"),
)
# Nextcloud's and ownCloud's journal: ".sync_<hash>.db" (older clients "._sync_<hash>.db").
_JOURNAL = re.compile(r"^\._?sync_[0-9a-f]+\.db$", re.IGNORECASE)


def _service_of(name: str) -> str | None:
    low = name.casefold()
    if low in _SYNC_NAMES:
        return _SYNC_NAMES[low]
    for prefix, service in _SYNC_PREFIXES:
        if low.startswith(prefix):
            return service
    return None


def _sync_by_name(parts: Sequence[str], home_parts: Sequence[str]) -> str | None:
    folded = [p.casefold() for p in parts]
    # macOS puts every File Provider sync client under ~/Library/CloudStorage/<Provider-Account>.
    for i in range(len(folded) - 2):
        if folded[i] == "library" and folded[i + 1] == "cloudstorage":
            provider = parts[i + 2].split("-")[0]  # "<Provider>-<account>"
            return _service_of(parts[i + 2]) or _service_of(provider) or f"{provider} cloud"
    for part in parts:
        service = _service_of(part)
        if service is not None:
            return service
    home = [p.casefold() for p in home_parts]
    if home and len(folded) > len(home) and folded[: len(home)] == home:
        return _HOME_SYNC_NAMES.get(folded[len(home)])
    return None


def _sync_by_marker(folder: Path) -> str | None:
    for directory in (folder, *folder.parents):
        for name, service in _MARKERS:
            try:
                if (directory / name).exists():
                    return service
            except OSError:
                continue
        try:
            with os.scandir(directory) as entries:
                if any(_JOURNAL.match(e.name) for e in entries):
                    return "Nextcloud or ownCloud"
        except OSError:
            continue
    return None


# -- the one entry point -----------------------------------------------------------------------


def location_risk(
    path: str | os.PathLike[str],
    *,
    mountinfo: str | None = None,
    mountinfo_file: str | os.PathLike[str] | None = None,
    home: str | os.PathLike[str] | None = None,
    extra_types: Iterable[str] | None = None,
    platform: str | None = None,
) -> LocationRisk | None:
    """Why the project at ``path`` is in a risky place, or ``None`` when nothing was found.

    The file need not exist; its folder is what is looked at. Tests may pass the mount table as
    text (``mountinfo``) or a file (``mountinfo_file``; default ``/proc/self/mountinfo`` on
    Linux), the home folder (``home``; it decides where plain names such as ``~/Box`` count),
    file system types to count as risky (``extra_types``, added to ``$ANNOTATOR_RISKY_FS_TYPES``)
    and ``platform`` (``"win32"`` reads ``path`` as a Windows path). Never raises: what cannot
    be read is unknown, and unknown is not a risk.
    """
    try:
        return _location_risk(
            path,
            mountinfo=mountinfo,
            mountinfo_file=mountinfo_file,
            home=home,
            extra=_extra_types(extra_types),
            platform=platform or sys.platform,
        )
    except Exception:  # a warning must never stop a project from opening
        return None


def _location_risk(
    path: str | os.PathLike[str],
    *,
    mountinfo: str | None,
    mountinfo_file: str | os.PathLike[str] | None,
    home: str | os.PathLike[str] | None,
    extra: frozenset[str],
    platform: str,
) -> LocationRisk | None:
    shown = os.fspath(path)
    home_path = os.fspath(home) if home is not None else os.path.expanduser("~")
    if platform == "win32":
        win = PureWindowsPath(ntpath.abspath(shown) if sys.platform == "win32" else shown)
        found = _windows_risk(win, shown)
        if found is not None:
            return found
        service = _sync_by_name(win.parent.parts, PureWindowsPath(home_path).parts)
        if service is not None:
            return _risk("sync", f"{service} folder", shown)
        return _sync_marker_risk(Path(win.parent), shown) if sys.platform == "win32" else None

    folder = os.path.dirname(os.path.abspath(shown))
    real = os.path.realpath(folder)
    if platform == "darwin" and mountinfo is None and mountinfo_file is None:
        found = _macos_risk(real, shown, extra) if sys.platform == "darwin" else None
    else:
        found = _mount_risk(real, shown, mountinfo=mountinfo, mountinfo_file=mountinfo_file, extra=extra)
    if found is not None:
        return found
    home_parts = PurePath(home_path).parts
    for candidate in (folder, real):
        service = _sync_by_name(PurePath(candidate).parts, home_parts)
        if service is not None:
            return _risk("sync", f"{service} folder", shown)
    return _sync_marker_risk(Path(real), shown)


def _sync_marker_risk(folder: Path, shown: str) -> LocationRisk | None:
    service = _sync_by_marker(folder)
    return None if service is None else _risk("sync", f"{service} folder", shown)
