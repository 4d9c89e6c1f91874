// backup_database: sqlite3_backup_init/step/finish from the live connection into a new file.
#include "migrate/dialect/sqlite/backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "migrate/support/error.hpp"

namespace migrate::dialect::sqlite {

namespace {

struct BackupCloser {
    void operator()(sqlite3_backup* b) const noexcept { sqlite3_backup_finish(b); }
};

Error backup_error(const std::string& target, const std::string& why) {
    Error e(ErrorKind::migration, "cannot write the backup " + target + ": " + why);
    e.add_hint("free disk space or fix the directory's permissions, or rerun with --no-backup");
    return e;
}

}  // namespace

void backup_database(const Database& source, const std::string& target) {
    std::error_code ec;
    if (std::filesystem::exists(target, ec))
        throw backup_error(target, "a file of that name already exists");
    // Written under a temporary name and renamed when complete, so that a process killed
    // mid-copy never leaves a file that looks like a finished backup.
    const std::string partial = target + ".partial";
    std::filesystem::remove(partial, ec);
    try {
        {
            Database copy(partial, source.busy_timeout());
            std::unique_ptr<sqlite3_backup, BackupCloser> backup(
                sqlite3_backup_init(copy.handle(), "main", source.handle(), "main"));
            if (!backup) throw backup_error(target, copy.last_error());
            int rc = sqlite3_backup_step(backup.get(), -1);
            if (rc != SQLITE_DONE) throw backup_error(target, sqlite3_errstr(rc));
            // finish reports what went wrong during the copy, if anything did.
            rc = sqlite3_backup_finish(backup.release());
            if (rc != SQLITE_OK) throw backup_error(target, copy.last_error());
        }
        std::filesystem::rename(partial, target, ec);
        if (ec) throw backup_error(target, ec.message());
    } catch (const Error& e) {
        std::filesystem::remove(partial, ec);
        if (e.kind() == ErrorKind::connection) throw backup_error(target, e.message());
        throw;
    }
}

}  // namespace migrate::dialect::sqlite
