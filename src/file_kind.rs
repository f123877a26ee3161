//! Files the user names that must be regular files (the config file, the database): what
//! else a path can be, in words, so each is refused in one sentence before it is opened.
//! A named pipe would block the open, a device (`/dev/zero`) would never end or take
//! whatever is written to it, a folder is not read at all.

use std::fs::Metadata;
use std::path::Path;

/// What `meta` describes when it is not a regular file ("a folder", "a named pipe"…);
/// `None` for a regular file.
#[must_use]
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    if meta.is_file() {
        return None;
    }
    if meta.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// What the path names (through symlinks) when that is there and not a regular file.
#[must_use]
pub fn not_regular_at(path: &Path) -> Option<&'static str> {
    std::fs::metadata(path).ok().as_ref().and_then(not_regular)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(not_regular_at(&file), None);
        assert_eq!(not_regular_at(dir.path()), Some("a folder"));
        assert_eq!(not_regular_at(Path::new("/dev/null")), Some("a character device"));
        assert_eq!(not_regular_at(&dir.path().join("missing")), None);
    }
}
