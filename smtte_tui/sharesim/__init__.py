"""A slow, caching and faulty network share for tests and the bench (Linux, FUSE).

``SlowShare`` mounts a folder so that it behaves like a Windows SMB share reached over a WAN or
VPN: every call to the server waits ``latency_ms``; attributes, folder listings and "not found"
come from the client's cache for 10, 10 and 5 seconds (the SMB2 redirector's
FileInfoCacheLifetime, DirectoryCacheLifetime and FileNotFoundCacheLifetime), while opening a
file always reads what is there now; calls are counted by kind; and faults (EIO, ENOSPC,
EACCES... on chosen calls and paths, or the whole share vanishing and coming back) can be switched
on and off while another process uses the share.

Nothing here imports mfusepy (the optional ``share`` extra) or Textual until a share is mounted,
and then only in the share's own process.
"""

from __future__ import annotations

from smtte_tui.sharesim.faults import OP_KINDS, OpKind
from smtte_tui.sharesim.share import ShareSimError, ShareSimUnavailable, ShareStats, SlowShare, is_mounted, missing_fuse_parts

__all__ = ["OP_KINDS", "OpKind", "ShareSimError", "ShareSimUnavailable", "ShareStats", "SlowShare", "is_mounted", "missing_fuse_parts"]
