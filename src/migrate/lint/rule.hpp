// The lint rules: a stable code and name each, a severity, the dialect it applies to, what
// the change does to a busy database and the safe way to write it. docs/lint.md documents
// every one with a bad and a good example (a test lints them).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace migrate::lint {

enum class Severity { info, warning, error };

// How the table's size (known with a database) moves a finding's severity.
enum class SizeEffect {
    none,       // the same whatever the size (dropping data, breaking the application)
    duration,   // how long a lock is held: small tables lower it, large ones raise it
    emptiness,  // fails only on existing rows: an empty table lowers it to info
};

struct Rule {
    std::string code;     // "PG101": never reused for another rule
    std::string name;     // "index-not-concurrent"
    Severity severity;    // before sizes move it
    std::string dialect;  // "postgresql", "sqlite", or "" for both
    SizeEffect size_effect;
    std::string busy;  // what happens on a busy database, in general
    std::string fix;   // the safe way to write it
};

// Every rule, in code order.
const std::vector<Rule>& rules();
// Throws Error(usage) naming the codes when code (or name) is none of them.
const Rule& rule(const std::string& code_or_name);

std::string severity_name(Severity severity);
// "error", "warning", "info"; nullopt for anything else.
std::optional<Severity> parse_severity(const std::string& name);

// Row counts at or above which a table is large: a lock held while it is scanned, copied or
// rewritten lasts long enough to be an outage. Below kSmallRows it is over in moments.
inline constexpr long long kSmallRows = 10000;
long long large_rows(const std::string& dialect);  // 1,000,000 on PostgreSQL, 100,000 on SQLite

}  // namespace migrate::lint
