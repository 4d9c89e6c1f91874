// Running pg_dump on a test database and keeping the statements of the schema.
#include "tests/support/pg_dump.hpp"

#include <cstdio>
#include <sstream>

namespace testing_support {

std::string dumped_schema(const PgDatabase& db) {
    const std::string command =
        "/usr/lib/postgresql/15/bin/pg_dump --schema-only --no-owner "
        "--no-privileges '" +
        db.url() + "' 2>&1";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return "(pg_dump did not start)";
    std::string out;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    ::pclose(pipe);
    std::istringstream lines(out);
    std::string line, kept;
    while (std::getline(lines, line)) {
        // \restrict and \unrestrict carry a random key per dump (pg_dump since 15.14).
        if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 ||
            line.rfind("SELECT pg_catalog.set_config", 0) == 0 ||
            line.rfind("\\restrict ", 0) == 0 || line.rfind("\\unrestrict ", 0) == 0)
            continue;
        kept += line + "\n";
    }
    return kept;
}

std::string without_version_tables(const std::string& dump) {
    std::string out;
    std::istringstream statements(dump);
    std::string line, statement;
    while (std::getline(statements, line)) {
        statement += line + "\n";
        if (line.empty() || line.back() != ';') continue;
        if (statement.find("migrate_") == std::string::npos) out += statement;
        statement.clear();
    }
    return out + statement;
}

}  // namespace testing_support
