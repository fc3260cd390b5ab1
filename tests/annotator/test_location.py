"""Risky project locations: network and FUSE mounts, sync folders, and never a crash."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from annotator.store.location import (
    RISKY_TYPES_ENV,
    find_mount,
    location_risk,
    parse_mountinfo,
)

# A mount table as Linux writes it, with a local root disk; tests add the mount they need.
ROOT = "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
HOME = "/home/ana"


def mountinfo(*lines: str) -> str:
    return ROOT + "".join(line + "\n" for line in lines)


def line(mount_point: str, fstype: str, source: str = "src") -> str:
    return f"40 27 0:50 / {mount_point} rw,relatime shared:7 - {fstype} {source} rw"


def test_parse_mountinfo_reads_octal_escapes_optional_fields_and_skips_junk() -> None:
    text = (
        ROOT
        + "41 27 0:51 / /media/My\\040Share rw,relatime shared:9 master:2 - cifs //nas/My\\040Share rw\n"
        + "not a mountinfo line\n"
        + "42 27 0:52 / /mnt/tab\\011and\\134slash rw - nfs4 nas:/x rw\n"
        + "\n"
    )
    mounts = parse_mountinfo(text)
    assert [(m.mount_point, m.fstype, m.source) for m in mounts] == [
        ("/", "ext4", "/dev/vda"),
        ("/media/My Share", "cifs", "//nas/My Share"),
        ("/mnt/tab\tand\\slash", "nfs4", "nas:/x"),
    ]


def test_longest_mount_point_wins_and_the_last_of_a_stack() -> None:
    mounts = parse_mountinfo(
        mountinfo(
            line("/mnt", "nfs4"), line("/mnt/local", "ext4"), line("/srv", "ext4"), line("/srv", "cifs")
        )
    )
    assert find_mount("/mnt/local/p", mounts).fstype == "ext4"  # type: ignore[union-attr]
    assert find_mount("/mnt/localx/p", mounts).fstype == "nfs4"  # type: ignore[union-attr]
    assert find_mount("/mnt", mounts).fstype == "nfs4"  # type: ignore[union-attr]
    assert find_mount("/srv/p", mounts).fstype == "cifs"  # type: ignore[union-attr]
    assert find_mount("/home/p", mounts).fstype == "ext4"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fstype", "kind"),
    [
        ("nfs", "network"),
        ("nfs4", "network"),
        ("cifs", "network"),
        ("smb3", "network"),
        ("smbfs", "network"),
        ("9p", "network"),
        ("afs", "network"),
        ("ceph", "network"),
        ("glusterfs", "network"),
        ("lustre", "network"),
        ("davfs", "network"),
        ("fuse", "fuse"),
        ("fuse.sshfs", "fuse"),
        ("fuse.rclone", "fuse"),
        ("fuse.gvfsd-fuse", "fuse"),
        ("fuse.s3fs", "fuse"),
        ("ext4", None),
        ("btrfs", None),
        ("xfs", None),
        ("tmpfs", None),  # local memory, not a network file system
        ("overlay", None),
        ("fuseblk", None),  # a local NTFS or exFAT disk through FUSE
    ],
)
def test_mount_kinds(fstype: str, kind: str | None) -> None:
    risk = location_risk(
        "/mnt/share/study/p.annotator.sqlite", mountinfo=mountinfo(line("/mnt/share", fstype)), home=HOME
    )
    if kind is None:
        assert risk is None
        return
    assert risk is not None
    assert (risk.kind, risk.detail) == (kind, f"{fstype} mount at /mnt/share")
    assert risk.message.startswith("/mnt/share/study/p.annotator.sqlite is on a ")
    assert "\n" not in risk.message
    for advice in ("local disk", "annotator team init", "Working as a team", "annotator export"):
        assert advice in risk.message


def test_mount_point_with_a_space() -> None:
    table = mountinfo("41 27 0:51 / /media/My\\040Share rw - cifs //nas/share rw")
    risk = location_risk("/media/My Share/p.annotator.sqlite", mountinfo=table, home=HOME)
    assert risk is not None and risk.detail == "cifs mount at /media/My Share"
    assert location_risk("/media/My/p.annotator.sqlite", mountinfo=table, home=HOME) is None


def test_extra_types_count_as_fuse_by_argument_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    table = mountinfo(line("/scratch", "tmpfs"))
    path = "/scratch/p.annotator.sqlite"
    monkeypatch.delenv(RISKY_TYPES_ENV, raising=False)
    assert location_risk(path, mountinfo=table, home=HOME) is None
    risk = location_risk(path, mountinfo=table, home=HOME, extra_types={"tmpfs"})
    assert risk is not None and (risk.kind, risk.detail) == ("fuse", "tmpfs mount at /scratch")
    monkeypatch.setenv(RISKY_TYPES_ENV, "ramfs, TMPFS")
    assert location_risk(path, mountinfo=table, home=HOME) == risk


def test_unreadable_mount_table_is_unknown_not_a_crash(tmp_path: Path) -> None:
    for where in (tmp_path / "missing", tmp_path):  # no such file; a folder
        assert location_risk(tmp_path / "p.annotator.sqlite", mountinfo_file=where, home=HOME) is None
    assert location_risk("/x/p.annotator.sqlite", mountinfo="garbage\n\x00\n", home=HOME) is None
    # a path no system call accepts
    assert location_risk("/tmp/p\x00.annotator.sqlite", mountinfo=ROOT, home=HOME) is None


@pytest.mark.parametrize(
    ("folder", "service"),
    [
        ("/home/ana/Dropbox/study", "Dropbox"),
        ("/home/ana/Dropbox (Personal)", "Dropbox"),
        ("/data/dropbox/x", "Dropbox"),
        ("/home/ana/OneDrive/Documents", "OneDrive"),
        ("/home/ana/OneDrive - Contoso University/coding", "OneDrive"),
        ("/home/ana/Google Drive", "Google Drive"),
        ("/Volumes/GoogleDrive/My Drive/study", "Google Drive"),
        ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive", "Google Drive"),
        ("/Users/ana/Library/CloudStorage/OneDrive-Personal", "OneDrive"),
        ("/Users/ana/Library/CloudStorage/Dropbox", "Dropbox"),
        ("/Users/ana/Library/CloudStorage/Box-Box/study", "Box"),
        ("/Users/ana/Library/CloudStorage/Acme-ana", "Acme cloud"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/study", "iCloud Drive"),
        ("/home/ana/iCloud Drive", "iCloud Drive"),
        ("/home/ana/Box", "Box"),
        ("/home/ana/Box Sync/x", "Box"),
        ("/home/ana/pCloudDrive/x", "pCloud"),
        ("/home/ana/Nextcloud/Documents", "Nextcloud"),
        ("/home/ana/ownCloud", "ownCloud"),
        ("/home/ana/Seafile/My Library", "Seafile"),
        ("/home/ana/MEGA", "MEGA"),
        ("/home/ana/MEGAsync/x", "MEGA"),
        ("/home/ana/Sync/x", "Sync.com or Syncthing"),
        ("/home/ana/SynologyDrive/team", "Synology Drive"),
    ],
)
def test_sync_folders_by_name(folder: str, service: str) -> None:
    risk = location_risk(f"{folder}/p.annotator.sqlite", mountinfo=ROOT, home=HOME)
    assert risk is not None
    assert (risk.kind, risk.detail) == ("sync", f"{service} folder")
    assert "conflict copies" in risk.message and "local disk" in risk.message


@pytest.mark.parametrize(
    "folder",
    [
        "/home/ana/projects/news",
        "/srv/Box/x",  # plain names count only right inside the home folder
        "/home/ana/work/Sync",
        "/home/ana/boxing",
        "/home/ana/Dropboxes-old-notes",
        "/home/ana/Library/Caches",
    ],
)
def test_ordinary_folders_are_not_sync_folders(folder: str) -> None:
    assert location_risk(f"{folder}/p.annotator.sqlite", mountinfo=ROOT, home=HOME) is None


@pytest.mark.parametrize(
    ("marker", "service", "is_dir"),
    [
        (".dropbox", "Dropbox", False),
        (".dropbox.cache", "Dropbox", True),
        (".stfolder", "Syncthing", True),
        (".sync_0f3a9c1d2b.db", "Nextcloud or ownCloud", False),
        ("._sync_0f3a9c1d2b.db", "Nextcloud or ownCloud", False),
    ],
)
def test_sync_folders_by_marker_in_an_ancestor(
    tmp_path: Path, marker: str, service: str, is_dir: bool
) -> None:
    root = tmp_path / "Shared stuff"
    (root / "a" / "b").mkdir(parents=True)
    if is_dir:
        (root / marker).mkdir()
    else:
        (root / marker).write_bytes(b"")
    risk = location_risk(root / "a" / "b" / "p.annotator.sqlite", mountinfo=ROOT, home=HOME)
    assert risk is not None and (risk.kind, risk.detail) == ("sync", f"{service} folder")
    # a marker further down does not count for a project above it
    assert location_risk(tmp_path / "p.annotator.sqlite", mountinfo=ROOT, home=HOME) is None


def test_symlink_into_a_sync_folder_counts(tmp_path: Path) -> None:
    real = tmp_path / "Dropbox" / "study"
    real.mkdir(parents=True)
    (tmp_path / "link").symlink_to(real)
    risk = location_risk(tmp_path / "link" / "p.annotator.sqlite", mountinfo=ROOT, home=HOME)
    assert risk is not None and risk.detail == "Dropbox folder"


@pytest.mark.parametrize(
    ("path", "kind", "detail"),
    [
        (r"\\nas\research\study\p.annotator.sqlite", "network", r"network share \\nas\research"),
        (r"\\?\UNC\nas\research\p.annotator.sqlite", "network", r"network share \\nas\research"),
        (r"C:\Users\ana\OneDrive - Contoso\p.annotator.sqlite", "sync", "OneDrive folder"),
        (r"C:\Users\ana\iCloudDrive\p.annotator.sqlite", "sync", "iCloud Drive folder"),
        (r"G:\My Drive\study\p.annotator.sqlite", "sync", "Google Drive folder"),
        (r"C:\Users\ana\Box\p.annotator.sqlite", "sync", "Box folder"),
        (r"C:\Users\ana\Documents\p.annotator.sqlite", None, None),
        (r"\\?\C:\Users\ana\Documents\p.annotator.sqlite", None, None),
    ],
)
def test_windows_paths(path: str, kind: str | None, detail: str | None) -> None:
    risk = location_risk(path, home=r"C:\Users\ana", platform="win32")
    if kind is None:
        assert risk is None
    else:
        assert risk is not None and (risk.kind, risk.detail) == (kind, detail)


# -- this machine's own mount table ------------------------------------------------------------

linux_only = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and os.path.exists("/proc/self/mountinfo")),
    reason="reads Linux's /proc/self/mountinfo",
)


@linux_only
def test_an_ordinary_disk_here_is_not_risky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RISKY_TYPES_ENV, raising=False)
    mounts = parse_mountinfo(Path("/proc/self/mountinfo").read_text("utf-8", "surrogateescape"))
    mount = find_mount(os.path.realpath(tmp_path), mounts)
    assert mount is not None
    if mount.fstype.startswith("fuse") or mount.fstype in ("nfs", "nfs4", "cifs", "9p"):
        pytest.skip(f"the test folder is on {mount.fstype} here")
    assert location_risk(tmp_path / "p.annotator.sqlite") is None


@linux_only
def test_a_real_tmpfs_stands_in_for_a_fuse_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RISKY_TYPES_ENV, raising=False)
    mounts = parse_mountinfo(Path("/proc/self/mountinfo").read_text("utf-8", "surrogateescape"))
    mount = find_mount(os.path.realpath("/dev/shm"), mounts)
    if mount is None or mount.fstype != "tmpfs":
        pytest.skip("no tmpfs at /dev/shm here")
    path = "/dev/shm/study/p.annotator.sqlite"
    assert location_risk(path) is None
    risk = location_risk(path, extra_types={"tmpfs"})
    assert risk is not None
    assert (risk.kind, risk.detail) == ("fuse", f"tmpfs mount at {mount.mount_point}")
