// A revision: one YAML file in migrations/versions, its identity and its operations.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::script {

struct Revision {
    std::string id;                           // 12 hex digits
    std::vector<std::string> down_revisions;  // empty: a base; several: a merge
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    // A checkpoint (`db squash`): the revisions whose combined schema it creates in one
    // step, parents first, the last being the one it ends at (script/checkpoint.hpp).
    std::vector<std::string> replaces;
    std::string message;
    std::string created_at;  // ISO-8601 UTC
    bool transactional = true;
    // How long each statement may wait for a table lock, and run, in this revision: the
    // run's settings (--statement-lock-timeout, --statement-timeout) when not set.
    std::optional<std::chrono::milliseconds> statement_lock_timeout, statement_timeout;
    // What the database had, made outside the revisions, when this revision was written
    // against it (an adopted database, a hand-made change): operations that describe it
    // and are never run. Replaying the history applies them before the upgrade, so the
    // schema the revisions describe includes what this revision assumed.
    std::vector<ops::Op> assumes;
    std::vector<ops::Op> upgrade;
    std::vector<ops::Op> downgrade;
    // "file:line" of each operation when read from a file (empty for revisions built in
    // memory), so that a refusal at planning time points at the line.
    std::vector<std::string> upgrade_at, downgrade_at;
    // Each upgrade operation's lint key (ops::LintNote), when read from a file: what `db lint`
    // accepts on it, and why. Empty for revisions built in memory.
    ops::LintNotes upgrade_lint;
    // False when the file has no downgrade key: reverting a revision that did something is
    // then refused rather than taken as "nothing to undo" (`downgrade: []` says that).
    bool has_downgrade = true;
    std::filesystem::path path;  // where it was read from or written to
    // Comment lines written under the title (how it was generated, what a downgrade cannot
    // restore); comments are for the reviewer and are not read back.
    std::vector<std::string> notes;
};

// The keys a revision file may hold, in the order the writer puts them.
const std::vector<std::string>& revision_keys();

// 12 random hex digits from a non-deterministic source.
std::string new_revision_id();
// True for 12 lowercase hex digits, the form of every revision id.
bool is_revision_id(const std::string& id);

// Why label cannot be a branch label, or empty when it can: a label is a word of letters,
// digits, '_', '-' and '.', and must not read as a target form itself (head, heads, base,
// current, +N, -N, REV-N), since commands could then never name it.
std::string branch_label_problem(const std::string& label);
// Why text cannot be a revision message, or empty: it must be valid UTF-8 without control
// characters other than newlines and tabs, so that the file reads back.
std::string message_problem(const std::string& text);

// Reads and validates one file. Throws Error(revision_file) with "path:line" context.
Revision read_revision_file(const std::filesystem::path& path);
// The keys before the operations (id, parents, labels, depends_on, message, created_at),
// without parsing the operations, which are left empty: for commands that need only the
// graph, so that a revision of thousands of tables costs them nothing. A file whose header
// does not come first, or does not parse alone, is read whole (and its errors reported).
Revision read_revision_outline(const std::filesystem::path& path);
// Parses YAML text; source names it in errors.
Revision parse_revision(const std::string& yaml_text, const std::string& source);

// Error(usage) when the message or a label of a revision about to be written is one the
// reader would refuse (message_problem, branch_label_problem).
void check_new_revision(const Revision& revision);

// The YAML text of a revision (stable: same revision, same text).
std::string render_revision(const Revision& revision);
// Writes {yyyymmdd}_{hhmm}_{id}_{slug}.yaml into directory (created if missing);
// returns the path. Never overwrites an existing file, and writes nothing that would not
// read back (check_new_revision, then the rendered text is parsed first).
std::filesystem::path write_revision_file(const std::filesystem::path& directory,
                                          Revision& revision);
// The file name a revision gets: 20261124_1402_1f2e3d4c5b6a_initial_schema.yaml
std::string revision_file_name(const Revision& revision);

// SHA-256 (hex) of the canonical form of the upgrade and downgrade operations.
std::string checksum(const Revision& revision);

}  // namespace migrate::script
