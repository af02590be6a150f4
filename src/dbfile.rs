//! The SQLite file's surroundings, checked before SQLite ever sees the path: whether a
//! command may create it, what botctl refuses to open (a symlink, a FIFO or device, a
//! file of another user, anything writable by everyone), how it is created (0600 in a
//! 0700 folder; 0660 in a 0770 folder of the group in a setgid folder), and what a
//! failed read or write means in words (a full disk, a read-only file, a file size
//! limit), never as an SQLite error code.

use std::fs::{DirBuilder, Metadata, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::escape;

/// What a command does with the database, which decides whether it may create it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reads only: the file must exist; where it cannot be written (a full disk, a
    /// read-only file or folder) it is opened read-only.
    Read,
    /// Changes an existing database (`sweep`): the file must exist.
    Write,
    /// Changes, creating the file and its folder when missing.
    Create,
}

/// Which file was opened: a change is only reported as done if the path still names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    fn of(m: &Metadata) -> FileId {
        FileId {
            dev: m.dev(),
            ino: m.ino(),
        }
    }
}

/// Why botctl will not use a database file, or why a change failed, in words.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(
        "there is no database at `{path}`{folder_note}; check `--db` (or `BOTCTL_DB`), or create it \
         with a change, e.g. `botctl --db '{path}' contacts add ID` or `botctl --db '{path}' contacts import FILE`"
    )]
    Missing { path: String, folder_note: String },
    #[error(
        "`{path}` is a symbolic link (to `{target}`); botctl does not follow links to its database, \
         so nobody can redirect it: give `--db` the real path"
    )]
    Symlink { path: String, target: String },
    #[error(
        "`{path}` is a folder; give `--db` the path of a database file (e.g. `{path}/botctl.db`)"
    )]
    Folder { path: String },
    #[error("`{path}` is a {kind}, not a regular file; give `--db` the path of a database file")]
    NotRegular { path: String, kind: &'static str },
    #[error(
        "`{path}` belongs to {owner}, not to you ({me}); botctl only uses its own database files \
         (a team shares one through a setgid group folder: see the README, \"Sharing one database on one host\"); \
         run botctl as {owner}, or take the file over with `chown {me} '{path}'`"
    )]
    OtherOwner {
        path: String,
        owner: String,
        me: String,
    },
    #[error(
        "`{path}` is writable by everyone (mode {mode:04o}), so anyone could change the contacts \
         and their history; fix it with `chmod o-w '{path}'`"
    )]
    WorldWritable { path: String, mode: u32 },
    #[error(
        "the folder `{folder}` holding the database is writable by everyone (mode {mode:04o}), so \
         anyone could replace the database; fix it with `chmod o-w '{folder}'`, or keep the \
         database in a folder of your own"
    )]
    FolderWorldWritable { folder: String, mode: u32 },
    #[error("cannot create the folder `{folder}` for the database: {cause}")]
    CreateFolder { folder: String, cause: String },
    #[error("cannot create the database `{path}`: {cause}")]
    Create { path: String, cause: String },
    #[error(
        "the database `{path}` was deleted or replaced while botctl was changing it, so the \
         change did not reach it; nothing was saved there (see `botctl --db '{path}' doctor`)"
    )]
    Vanished { path: String },
    #[error(
        "the disk holding `{folder}` is full, so the change was not made; the database is as it \
         was. Free some space there and try again"
    )]
    DiskFull { folder: String },
    #[error(
        "the database `{path}` has reached the largest file this process may write (the file size \
         limit, `ulimit -f`, is {limit} bytes), so the change was not made; raise the limit and try again"
    )]
    TooLarge { path: String, limit: u64 },
    #[error("the database `{path}` is read-only: {why}; the change was not made")]
    ReadOnly { path: String, why: String },
    #[error(
        "the database `{path}` could not be read or written ({what}); the disk or file system may \
         be failing: check it, then run `botctl --db '{path}' doctor`"
    )]
    Io { path: String, what: String },
    #[error(
        "cannot reach the database `{path}`: a folder on its path is closed to {me} (permission \
         denied); ask the folder's owner for access (a team shares one database through a setgid \
         group folder: see the README, \"Sharing one database on one host\"), or use a database of your own"
    )]
    NoAccess { path: String, me: String },
    #[error(
        "the database `{path}` is damaged (SQLite finds it malformed: cut short, or overwritten in \
         part); restore the latest copy made with `botctl backup`, or copy what can be read into \
         a new file with `sqlite3 '{path}' .recover`"
    )]
    Corrupt { path: String },
}

fn shown(p: &Path) -> String {
    escape::path(p)
}

/// The folder holding `path` (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn euid() -> u32 {
    nix::unistd::geteuid().as_raw()
}

fn user_name(uid: u32) -> String {
    match nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid)) {
        Ok(Some(u)) => format!("user {}", escape::shown(&u.name)),
        _ => format!("uid {uid}"),
    }
}

fn in_group(gid: u32) -> bool {
    nix::unistd::getegid().as_raw() == gid
        || nix::unistd::getgroups()
            .map(|g| g.iter().any(|g| g.as_raw() == gid))
            .unwrap_or(false)
}

/// Whether the folder shares its files with its group: the setgid bit.
fn is_group_folder(folder: &Metadata) -> bool {
    folder.mode() & 0o2000 != 0
}

/// What a file that is not a regular file is, in words.
pub fn kind_of(m: &Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_symlink() {
        "symbolic link"
    } else if t.is_fifo() {
        "named pipe (FIFO)"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else if t.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

/// Checks an existing file (the database, or one of its `-wal`/`-shm` files) without
/// opening it: no symlink, a regular file, ours (or group-shared), not writable by all.
fn check_file(path: &Path, m: &Metadata, folder: Option<&Metadata>) -> Result<(), FileError> {
    let t = m.file_type();
    if t.is_symlink() {
        let target = std::fs::read_link(path)
            .map(|t| shown(&t))
            .unwrap_or_else(|_| "?".into());
        return Err(FileError::Symlink {
            path: shown(path),
            target,
        });
    }
    if t.is_dir() {
        return Err(FileError::Folder { path: shown(path) });
    }
    if !t.is_file() {
        return Err(FileError::NotRegular {
            path: shown(path),
            kind: kind_of(m),
        });
    }
    let me = euid();
    if m.uid() != me {
        let shared = folder
            .is_some_and(|f| is_group_folder(f) && m.gid() == f.gid() && m.mode() & 0o060 == 0o060)
            && in_group(m.gid());
        if !shared {
            return Err(FileError::OtherOwner {
                path: shown(path),
                owner: user_name(m.uid()),
                me: user_name(me).trim_start_matches("user ").to_string(),
            });
        }
    }
    if m.mode() & 0o002 != 0 {
        return Err(FileError::WorldWritable {
            path: shown(path),
            mode: m.mode() & 0o7777,
        });
    }
    Ok(())
}

fn check_folder(folder: &Path, m: &Metadata) -> Result<(), FileError> {
    // The sticky bit (as on /tmp) stops others from replacing a file they do not own.
    if m.mode() & 0o002 != 0 && m.mode() & 0o1000 == 0 {
        return Err(FileError::FolderWorldWritable {
            folder: shown(folder),
            mode: m.mode() & 0o7777,
        });
    }
    Ok(())
}

/// The problems with an existing database file and its folder, without opening it:
/// `Ok(None)` when there is no file at `path`.
pub fn inspect(path: &Path) -> Result<Option<FileId>, FileError> {
    let m = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return Err(FileError::NoAccess {
                path: shown(path),
                me: user_name(euid()),
            });
        }
        Err(e) => {
            return Err(FileError::Io {
                path: shown(path),
                what: io_words(&e),
            });
        }
    };
    let folder = folder_of(path);
    let fm = std::fs::metadata(&folder).ok();
    if let Some(fm) = &fm {
        check_folder(&folder, fm)?;
    }
    check_file(path, &m, fm.as_ref())?;
    for side in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(side);
        let p = PathBuf::from(p);
        if let Ok(sm) = std::fs::symlink_metadata(&p) {
            check_file(&p, &sm, fm.as_ref())?;
        }
    }
    Ok(Some(FileId::of(&m)))
}

/// Makes the database file ready for SQLite: checks it, and creates it (with its folder)
/// when `access` allows. Returns the file's identity.
pub fn prepare(path: &Path, access: Access) -> Result<FileId, FileError> {
    if let Some(id) = inspect(path)? {
        if access != Access::Read
            && let Ok(m) = std::fs::symlink_metadata(path)
        {
            restore_journal_modes(path, &m);
        }
        return Ok(id);
    }
    if access != Access::Create {
        let folder = folder_of(path);
        let folder_note = if folder.exists() {
            String::new()
        } else {
            format!(" (the folder `{}` does not exist either)", shown(&folder))
        };
        return Err(FileError::Missing {
            path: shown(path),
            folder_note,
        });
    }
    // A folder that would be refused is refused before anything is made in it.
    let folder = folder_of(path);
    if let Ok(fm) = std::fs::metadata(&folder) {
        check_folder(&folder, &fm)?;
    }
    // A folder removed meanwhile (by a command that made it and then changed nothing) is
    // made again.
    let folders = match create(path) {
        Err(_) if !folder.exists() => create(path)?,
        made => made?,
    };
    let id = inspect(path)?.ok_or_else(|| FileError::Vanished { path: shown(path) })?;
    if let Some(folders) = folders {
        let mut made = CREATED.lock().unwrap_or_else(|e| e.into_inner());
        made.push(Created {
            path: path.to_path_buf(),
            id,
            folders,
        });
    }
    Ok(id)
}

/// A database file this process created, with the folders it created for it (the
/// deepest first).
pub struct Created {
    pub path: PathBuf,
    pub id: FileId,
    pub folders: Vec<PathBuf>,
}

/// The files this process created, so that a command that ends up changing nothing can
/// remove them again: only a change creates a database.
static CREATED: std::sync::Mutex<Vec<Created>> = std::sync::Mutex::new(Vec::new());

/// Takes the record of the files this process created (see [`CREATED`]).
pub fn take_created() -> Vec<Created> {
    std::mem::take(&mut *CREATED.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Removes a file this process created, if the path still names it: its journal files
/// first (SQLite leaves them beside a file that is gone), then the file, then the folders
/// made for it, deepest first, as far as they are empty. The caller holds it alone
/// ([`hold_alone`]) and has found it unused.
pub fn remove_created(made: &Created) -> bool {
    if still_there(&made.path, made.id).is_err() {
        return false;
    }
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&made.path, side));
    }
    if std::fs::remove_file(&made.path).is_err() {
        return false;
    }
    for dir in &made.folders {
        if std::fs::remove_dir(dir).is_err() {
            break;
        }
    }
    true
}

/// Creates the missing folders (0700, or 0770 inside a setgid folder: Linux gives them the
/// folder's group and setgid bit) and the file (0600, or 0660 in a setgid folder).
/// Returns the folders it made (deepest first) when it made the file, `None` when another
/// process made the file first.
fn create(path: &Path) -> Result<Option<Vec<PathBuf>>, FileError> {
    let folder = folder_of(path);
    let mut made_folders = Vec::new();
    if !folder.exists() {
        // Create from the first missing ancestor down, so each gets the right mode.
        let mut missing = Vec::new();
        let mut p = folder.as_path();
        while !p.exists() {
            missing.push(p.to_path_buf());
            match p.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => p = parent,
                _ => break,
            }
        }
        for dir in missing.iter().rev() {
            let parent_shared = std::fs::metadata(folder_of(dir))
                .map(|m| is_group_folder(&m))
                .unwrap_or(false);
            let mode = if parent_shared { 0o2770 } else { 0o700 };
            let made = DirBuilder::new().mode(mode & 0o777).create(dir);
            match made {
                Ok(()) => {
                    let _ = std::fs::set_permissions(dir, Permissions::from_mode(mode));
                    made_folders.insert(0, dir.clone());
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(FileError::CreateFolder {
                        folder: shown(dir),
                        cause: io_words(&e),
                    });
                }
            }
        }
    }
    let shared = std::fs::metadata(&folder)
        .map(|m| is_group_folder(&m))
        .unwrap_or(false);
    let mode = if shared { 0o660 } else { 0o600 };
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK)
        .open(path)
    {
        // The umask may have taken bits away: set the mode exactly.
        Ok(f) => f
            .set_permissions(Permissions::from_mode(mode))
            .map(|()| Some(made_folders))
            .map_err(|e| FileError::Create {
                path: shown(path),
                cause: io_words(&e),
            }),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(match classify_io(&e, path) {
            Some(fe) => fe,
            None => FileError::Create {
                path: shown(path),
                cause: io_words(&e),
            },
        }),
    }
}

/// A shared `flock` on the database file, held by a store for as long as it is open.
/// SQLite's own locks are `fcntl` locks, which do not meet these. A file that a command
/// created and left without a change is removed only while nobody holds it
/// ([`hold_alone`]), so no other botctl can be using it then.
pub struct Hold(#[allow(dead_code)] Option<std::fs::File>);

/// `flock(2)` on `f`; the lock goes when the file is closed.
fn flock(f: &std::fs::File, how: nix::libc::c_int) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: `f` owns an open descriptor for the duration of the call.
    unsafe { nix::libc::flock(f.as_raw_fd(), how) == 0 }
}

/// The file at `path` opened to be locked, if it is still `id`: `Ok(None)` when the path
/// names another file now.
fn open_same(path: &Path, id: FileId) -> io::Result<Option<std::fs::File>> {
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NOFOLLOW | nix::libc::O_NONBLOCK)
        .open(path)?;
    Ok(f.metadata()
        .is_ok_and(|m| FileId::of(&m) == id)
        .then_some(f))
}

/// Takes a shared hold on the file at `path`, which [`prepare`] found to be `id`.
/// `Ok(None)`: the path no longer names that file (it was removed as unused meanwhile),
/// so the caller prepares it again. Where no hold can be taken (a file it may not read,
/// a file system without `flock`) it goes on without one.
pub fn hold(path: &Path, id: FileId) -> Result<Option<Hold>, FileError> {
    let f = match open_same(path, id) {
        Ok(Some(f)) => f,
        Ok(None) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(_) => return Ok(Some(Hold(None))),
    };
    let held = flock(&f, nix::libc::LOCK_SH).then_some(f);
    // Held: the file can no longer be removed, but it may have been just before.
    Ok(still_there(path, id).is_ok().then_some(Hold(held)))
}

/// An exclusive `flock` on the file at `path` (still `id`) when nobody else holds it.
pub fn hold_alone(path: &Path, id: FileId) -> Option<std::fs::File> {
    let f = open_same(path, id).ok()??;
    flock(&f, nix::libc::LOCK_EX | nix::libc::LOCK_NB).then_some(f)
}

/// After a commit: the path must still name the file the change was written to.
pub fn still_there(path: &Path, id: FileId) -> Result<(), FileError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if FileId::of(&m) == id => Ok(()),
        _ => Err(FileError::Vanished { path: shown(path) }),
    }
}

/// An OS error in words, without its "(os error N)" tail.
pub fn io_words(e: &io::Error) -> String {
    // The OS message without its "(os error N)" tail.
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_lowercase(),
        None => s.to_lowercase(),
    }
}

/// A file system error writing at `path` that has a cause people can act on.
pub fn classify_io(e: &io::Error, path: &Path) -> Option<FileError> {
    match e.raw_os_error()? {
        nix::libc::ENOSPC | nix::libc::EDQUOT => Some(FileError::DiskFull {
            folder: shown(&folder_of(path)),
        }),
        nix::libc::EFBIG => Some(FileError::TooLarge {
            path: shown(path),
            limit: fsize_limit().unwrap_or(0),
        }),
        nix::libc::EROFS | nix::libc::EACCES | nix::libc::EPERM => Some(FileError::ReadOnly {
            path: shown(path),
            why: read_only_why(path),
        }),
        _ => None,
    }
}

/// The file size limit of this process (`ulimit -f`), if there is one.
pub fn fsize_limit() -> Option<u64> {
    use nix::sys::resource::{Resource, getrlimit};
    let (soft, _) = getrlimit(Resource::RLIMIT_FSIZE).ok()?;
    (soft != nix::libc::RLIM_INFINITY).then_some(soft)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The database's own files besides itself, which SQLite keeps beside it.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The hidden temporary file beside `target` that this process writes a new database
/// into before putting it in place (`.NAME.tmp-HOST-PID`).
pub fn temp_beside(target: &Path) -> PathBuf {
    folder_of(target).join(format!("{}{}", temp_prefix(target), std::process::id()))
}

/// `.NAME.tmp-HOST-`: the host's name too, so that on a folder shared between hosts only
/// this host's files are judged by this host's processes.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or("botctl.db".into(), |n| n.to_string_lossy().into_owned());
    let host = nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .unwrap_or_default();
    format!(".{name}.tmp-{host}-")
}

/// A temporary database file, removed with its side files when dropped unless it was
/// put in place (set to `None`) first.
pub struct Temp(pub Option<PathBuf>);

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = remove_side_files(&p);
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// Removes the temporary files (and their side files, also those left without it) that
/// earlier runs on this host writing to `target` left behind when they were stopped
/// (Ctrl-C, a kill, a reboot): those whose process is gone. A file of a run still going
/// is left alone.
pub fn remove_stale_temps(target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .map(|rest| {
                SIDE_FILES
                    .iter()
                    .find_map(|side| rest.strip_suffix(side))
                    .unwrap_or(rest)
            })
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        let gone = matches!(
            nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None),
            Err(nix::errno::Errno::ESRCH)
        );
        let ours = entry
            .metadata()
            .is_ok_and(|m| m.is_file() && m.uid() == euid());
        if gone && ours && pid > 0 {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the side files (`-wal`, `-shm`, `-journal`) left beside `path`, before a new
/// database is put in place there: SQLite would read a log or a hot journal left by the
/// file it replaces (by a process killed while using it, or beside a file deleted since)
/// as the new file's own, and so bring back old data into it and damage it. Only regular
/// files are removed; anything else there is an error that names it.
pub fn remove_side_files(path: &Path) -> std::io::Result<()> {
    for side in SIDE_FILES {
        let p = with_suffix(path, side);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_file() => std::fs::remove_file(&p)?,
            Ok(m) => {
                return Err(std::io::Error::other(format!(
                    "`{}` is a {}, not a journal file botctl can remove; move it away first",
                    crate::escape::path(&p),
                    kind_of(&m)
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Whether `path` names the database `db` or one of its side files (`-wal`, `-shm`,
/// `-journal`), so that nothing else botctl writes (a backup, an error report) lands on
/// them: the same file (device and inode, a hard link too) where both exist, else the
/// same path once its folder is resolved.
pub fn is_database_file(db: &Path, path: &Path) -> bool {
    std::iter::once(db.to_path_buf())
        .chain(SIDE_FILES.iter().map(|side| with_suffix(db, side)))
        .any(|own| same_file(&own, path))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => resolved(a) == resolved(b),
    }
}

/// `path` with its folder made canonical (the file itself may not exist).
fn resolved(path: &Path) -> PathBuf {
    match (std::fs::canonicalize(folder_of(path)), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Whether the file system holding `folder` has (almost) no room left.
fn disk_full(folder: &Path) -> bool {
    nix::sys::statvfs::statvfs(folder)
        .map(|s| {
            let free = s.blocks_available().saturating_mul(s.fragment_size());
            free < 64 * 1024 || s.files_available() == 0
        })
        .unwrap_or(false)
}

/// Why a database that opened read-only cannot be written, in words, with the fix.
pub fn why_unwritable(path: &Path) -> String {
    let folder = folder_of(path);
    if disk_full(&folder) {
        return format!(
            "the disk holding `{}` is full (free some space there)",
            shown(&folder)
        );
    }
    read_only_why(path)
}

/// What will make a change fail although the database opened for writing: a full disk,
/// or a journal file (`-wal`, `-shm`) that may not be written. `None` when nothing does.
pub fn write_obstacle(path: &Path) -> Option<String> {
    let blocked = disk_full(&folder_of(path)) || unwritable_journal(path).is_some();
    blocked.then(|| why_unwritable(path))
}

/// Gives the journal files (`-wal`, `-shm`) of the database at `path` back their write
/// permission where they are the caller's and lost it while the database file has it:
/// SQLite makes them with the file's mode, so a read of a read-only file leaves them
/// read-only after the file itself was made writable again.
fn restore_journal_modes(path: &Path, file: &Metadata) {
    if file.mode() & 0o200 == 0 {
        return;
    }
    let me = nix::unistd::geteuid().as_raw();
    for side in ["-wal", "-shm"] {
        let p = with_suffix(path, side);
        if let Ok(m) = std::fs::symlink_metadata(&p)
            && m.is_file()
            && m.uid() == me
            && m.mode() & 0o200 == 0
        {
            let _ = std::fs::set_permissions(&p, Permissions::from_mode(file.mode() & 0o660));
        }
    }
}

/// Why a database cannot be written, in words, with the fix.
fn read_only_why(path: &Path) -> String {
    use nix::sys::statvfs::{FsFlags, statvfs};
    use nix::unistd::{AccessFlags, access};
    let folder = folder_of(path);
    if statvfs(&folder).is_ok_and(|s| s.flags().contains(FsFlags::ST_RDONLY)) {
        return format!(
            "the file system holding `{}` is mounted read-only (remount it read-write to make changes)",
            shown(&folder)
        );
    }
    if path.exists() && access(path, AccessFlags::W_OK).is_err() {
        return format!(
            "you may not write to the file (fix it with `chmod u+w '{}'`, or run botctl as its owner)",
            shown(path)
        );
    }
    if access(&folder, AccessFlags::W_OK).is_err() {
        return format!(
            "botctl cannot create its journal files (`-wal`, `-shm`) in the folder `{}`, which you \
             may not write to (fix it with `chmod u+w '{}'`)",
            shown(&folder),
            shown(&folder)
        );
    }
    if let Some(p) = unwritable_journal(path) {
        return format!(
            "you may not write to its journal file `{}` (fix it with `chmod u+w '{}'`)",
            shown(&p),
            shown(&p)
        );
    }
    "the file or its folder cannot be written".into()
}

/// A journal file (`-wal`, `-shm`) of the database at `path` that is there but may not be
/// written.
fn unwritable_journal(path: &Path) -> Option<PathBuf> {
    use nix::unistd::{AccessFlags, access};
    ["-wal", "-shm"]
        .iter()
        .map(|side| with_suffix(path, side))
        .find(|p| p.exists() && access(p, AccessFlags::W_OK).is_err())
}

/// The error a failed read or write of the database at `path` means, in words: a full
/// disk, a file size limit, a read-only file, folder or file system, a failing disk.
/// `None` for errors that are not about the file (constraint, schema, …).
pub fn explain(err: &anyhow::Error, path: &Path) -> Option<FileError> {
    explain_as(err, path, path)
}

/// [`explain`] for a database written at `path` under a temporary name, named in the
/// words as the file it will become, `named`.
pub fn explain_as(err: &anyhow::Error, path: &Path, named: &Path) -> Option<FileError> {
    use rusqlite::ErrorCode as C;
    let code = err
        .chain()
        .find_map(|e| match e.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, _)) => Some(*f),
            _ => None,
        })?;
    let folder = folder_of(path);
    // The files may have shrunk back by now (the failed transaction rolled back), so a
    // failed write under a file size limit on a disk with room is taken as that limit.
    let too_large = || {
        let limit = fsize_limit()?;
        (!disk_full(&folder)).then(|| FileError::TooLarge {
            path: shown(named),
            limit,
        })
    };
    match code.code {
        C::DiskFull => Some(too_large().unwrap_or(FileError::DiskFull {
            folder: shown(&folder),
        })),
        C::DatabaseCorrupt => Some(FileError::Corrupt { path: shown(named) }),
        C::ReadOnly => Some(FileError::ReadOnly {
            path: shown(named),
            why: read_only_why(path),
        }),
        C::SystemIoFailure | C::CannotOpen => {
            if std::fs::symlink_metadata(path).is_err() {
                return Some(FileError::Vanished { path: shown(named) });
            }
            if let Some(fe) = too_large() {
                return Some(fe);
            }
            if disk_full(&folder) {
                return Some(FileError::DiskFull {
                    folder: shown(&folder),
                });
            }
            let why = read_only_why(path);
            if why != "the file or its folder cannot be written" {
                return Some(FileError::ReadOnly {
                    path: shown(named),
                    why,
                });
            }
            Some(FileError::Io {
                path: shown(named),
                what: if code.code == C::CannotOpen {
                    "the file cannot be opened".into()
                } else {
                    "a disk I/O error".into()
                },
            })
        }
        _ => None,
    }
}

/// Makes a write past the file size limit (`ulimit -f`) fail with `EFBIG`, which botctl
/// reports, instead of killing the process with SIGXFSZ.
pub fn ignore_sigxfsz() {
    use nix::sys::signal::{SigHandler, Signal, signal};
    // SAFETY: installing SIG_IGN runs no code in the handler; nothing else in botctl
    // handles SIGXFSZ.
    let _ = unsafe { signal(Signal::SIGXFSZ, SigHandler::SigIgn) };
}

/// `path` for an SQLite `file:` URI: `%`, `?` and `#` percent-encoded.
pub fn uri_path(path: &Path) -> anyhow::Result<String> {
    let Some(p) = path.to_str() else {
        anyhow::bail!("the path `{}` is not UTF-8", shown(path));
    };
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    Ok(out)
}
