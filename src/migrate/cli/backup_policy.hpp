// Backups before destructive revisions: what the command line asks for, and what it says.
#pragma once

#include "migrate/cli/commands.hpp"
#include "migrate/runtime/runner.hpp"

namespace migrate::cli {

// SQLite files get an automatic online copy (unless --no-backup); elsewhere the runner
// warns with the command that makes one (pg_dump), and --require-backup-ack stops the run
// until "yes" is typed. ctx must outlive the runner that receives options.
void apply_backup_policy(const CommandContext& ctx, runtime::RunnerOptions& options);

// The command that backs url up before revision, quoted for a POSIX shell word by word:
// sqlite3 PATH '.backup ...' or pg_dump --format=custom ... --dbname=DB.
std::string backup_command(const dialect::DatabaseUrl& url, const std::string& revision);

// "Backup of the database before REV: PATH" for each copy the runner took.
void print_backups(CommandContext& ctx, const runtime::Runner& runner);

}  // namespace migrate::cli
