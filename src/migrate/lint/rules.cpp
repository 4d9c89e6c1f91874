// The rule catalogue. Codes group by kind: DS destroys data, BC breaks the running
// application, MF may fail on the data already there, PG and SL are what PostgreSQL and
// SQLite make slow or blocking.
#include "migrate/lint/rule.hpp"

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::lint {

namespace {

using S = Severity;
using E = SizeEffect;

std::vector<Rule> catalogue() {
    return {
        {"BC101", "rename-table", S::error, "", E::none,
         "instances of the application still running query the old name and fail until all of "
         "them are redeployed",
         "create the new table beside the old one, write to both, move the reads over, then "
         "drop the old one in a later revision; or accept the break with lint: {ignore: "
         "[BC101], reason: ...}"},
        {"BC102", "rename-column", S::error, "", E::none,
         "instances of the application still running select or write the old name and fail "
         "until all of them are redeployed",
         "add the new column, write to both and backfill, move the reads, then drop the old "
         "column in a later revision"},
        {"DS101", "drop-table", S::error, "", E::none,
         "the table's rows are gone (a downgrade recreates it empty), and code still reading "
         "it fails",
         "first deploy code that no longer uses the table, then drop it with lint: {ignore: "
         "[DS101], reason: ...} saying so"},
        {"DS102", "drop-column", S::error, "", E::none,
         "the column's data is gone, and running instances that select it (ORMs name every "
         "column) fail",
         "first deploy code that no longer reads or writes the column, then drop it with lint: "
         "{ignore: [DS102], reason: ...}"},
        {"MF101", "unique-on-existing-rows", S::warning, "", E::emptiness,
         "fails, and the revision is rolled back, when rows already hold duplicates",
         "put an assert before it that the values are unique (autogenerate writes one), so the "
         "failure says which data to fix"},
        {"MF102", "not-null-on-existing-rows", S::warning, "", E::emptiness,
         "fails, and the revision is rolled back, when rows already hold NULL",
         "backfill the NULLs first and put an assert before it that none are left "
         "(autogenerate writes one)"},
        {"MF103", "not-null-column-without-default", S::error, "", E::emptiness,
         "fails on a table that has rows: they would get NULL in a NOT NULL column",
         "give the column a server_default, or add it nullable, backfill it, and set NOT NULL "
         "in a later revision"},
        {"PG101", "index-not-concurrent", S::error, "postgresql", E::duration,
         "CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE "
         "on the table waits until it ends",
         "create it with concurrently: true, alone in a revision with transactional: false "
         "(autogenerate --safe writes it so)"},
        {"PG102", "drop-index-not-concurrent", S::warning, "postgresql", E::duration,
         "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: it waits behind every running "
         "query and every later query waits behind it",
         "drop it with concurrently: true, alone in a revision with transactional: false"},
        {"PG103", "concurrently-in-transaction", S::error, "postgresql", E::none,
         "CREATE or DROP INDEX CONCURRENTLY cannot run inside a transaction block: the revision "
         "fails every time",
         "set transactional: false on the revision and keep the concurrent index alone in it"},
        {"PG104", "foreign-key-not-valid", S::error, "postgresql", E::duration,
         "adding a foreign key checks every row while it holds SHARE ROW EXCLUSIVE locks on "
         "both tables: writes to either wait until the scan ends",
         "add it with not_valid: true, and validate_constraint in a later revision: "
         "validating lets writes through (autogenerate --safe writes it so)"},
        {"PG105", "check-not-valid", S::error, "postgresql", E::duration,
         "adding a check constraint scans every row under an ACCESS EXCLUSIVE lock: reads and "
         "writes on the table wait until the scan ends",
         "add it with not_valid: true, and validate_constraint in a later revision "
         "(autogenerate --safe writes it so)"},
        {"PG106", "type-change-rewrites-table", S::error, "postgresql", E::duration,
         "the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock: reads and "
         "writes wait until it ends",
         "add a column of the new type, backfill it in batches, switch the code over, then drop "
         "the old one; only longer or unlimited varchar, varchar to text and a larger numeric "
         "precision change a type without a rewrite"},
        {"PG107", "volatile-default", S::error, "postgresql", E::duration,
         "a column added with a volatile default (random(), gen_random_uuid(), "
         "clock_timestamp(), a serial's nextval) is filled in by rewriting the table under an "
         "ACCESS EXCLUSIVE lock",
         "add the column without a default (or a constant one), set the default with "
         "alter_column afterwards, and backfill the existing rows in batches"},
        {"PG108", "constraint-builds-index", S::error, "postgresql", E::duration,
         "a unique constraint or primary key builds its index under an ACCESS EXCLUSIVE lock: "
         "reads and writes wait for the whole build",
         "build a unique index with concurrently: true in a revision with transactional: false, "
         "then add_unique_constraint with using_index (autogenerate --safe does this); for a "
         "primary key, ALTER TABLE ... ADD PRIMARY KEY USING INDEX in an execute"},
        {"PG109", "unreadable-sql", S::warning, "postgresql", E::none,
         "lint cannot tell what this statement locks or rewrites",
         "read it with the rules above in mind; when it is safe, say so with lint: {ignore: "
         "[PG109], reason: ...}"},
        {"PG110", "set-not-null-scans", S::error, "postgresql", E::duration,
         "SET NOT NULL scans every row under an ACCESS EXCLUSIVE lock, unless a valid check "
         "constraint already proves the column has no NULLs",
         "add a check (column IS NOT NULL) with not_valid: true, validate it in a later "
         "revision, then SET NOT NULL, which uses the check and scans nothing (autogenerate "
         "--safe writes it so)"},
        {"SL101", "table-rebuild", S::warning, "sqlite", E::duration,
         "SQLite cannot make this change in place: the table is copied into a new one while "
         "the database's write lock is held, so every other writer waits (and fails after its "
         "busy timeout) until the copy ends",
         "run it while writes can pause, or change the table while it is small; ALTER TABLE "
         "can only add a nullable column without a rebuild"},
    };
}

}  // namespace

const std::vector<Rule>& rules() {
    static const std::vector<Rule> all = catalogue();
    return all;
}

const Rule& rule(const std::string& code_or_name) {
    std::vector<std::string> codes;
    for (const auto& r : rules()) {
        if (r.code == code_or_name || r.name == code_or_name) return r;
        codes.push_back(r.code);
    }
    Error e(ErrorKind::usage, "unknown lint rule '" + code_or_name + "'");
    std::string guess = nearest(code_or_name, codes);
    if (!guess.empty()) e.add_hint("did you mean " + guess + "?");
    e.add_hint("the rules are " + text::join(codes, ", ") + " (docs/lint.md)");
    throw e;
}

std::string severity_name(Severity severity) {
    switch (severity) {
        case Severity::info:
            return "info";
        case Severity::warning:
            return "warning";
        case Severity::error:
            return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(const std::string& name) {
    for (auto s : {Severity::info, Severity::warning, Severity::error})
        if (severity_name(s) == name) return s;
    return std::nullopt;
}

long long large_rows(const std::string& dialect) {
    return dialect == "sqlite" ? 100000 : 1000000;
}

}  // namespace migrate::lint
