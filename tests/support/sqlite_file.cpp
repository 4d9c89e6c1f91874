// A throwaway SQLite file and helpers to read its schema and rows back.
#include "tests/support/sqlite_file.hpp"

#include <chrono>
#include <sstream>

namespace testing_support {

using migrate::dialect::Statement;

SqliteFile::SqliteFile() = default;

std::unique_ptr<migrate::dialect::Connection> SqliteFile::open() const {
    return migrate::dialect::open(migrate::dialect::parse_url(url()),
                                  std::chrono::milliseconds(2000));
}

migrate::dialect::Connection& SqliteFile::connection() {
    if (!connection_) connection_ = open();
    return *connection_;
}

std::string value_text(const migrate::schema::Value& value) {
    if (std::holds_alternative<std::monostate>(value)) return "NULL";
    if (auto* b = std::get_if<bool>(&value)) return *b ? "1" : "0";
    if (auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&value)) {
        std::ostringstream s;
        s << *d;
        return s.str();
    }
    return std::get<std::string>(value);
}

std::vector<migrate::dialect::Row> SqliteFile::rows(const std::string& sql) {
    return connection().query(Statement{sql, {}, false});
}

std::string SqliteFile::text(const std::string& sql) {
    auto r = rows(sql);
    return r.empty() || r[0].empty() ? "<no row>" : value_text(r[0][0]);
}

std::int64_t SqliteFile::integer(const std::string& sql) {
    return std::stoll(text(sql));
}

std::vector<std::string> SqliteFile::tables() {
    std::vector<std::string> names;
    for (const auto& row : rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                                "LIKE 'sqlite_%' AND name NOT LIKE 'migrate_%' ORDER BY name"))
        names.push_back(value_text(row[0]));
    return names;
}

std::string SqliteFile::shape(const std::string& table) {
    std::ostringstream s;
    s << "columns:";
    for (const auto& row :
         rows("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo('" + table +
              "')"))
        s << " [" << value_text(row[0]) << " " << value_text(row[1]) << " nn=" << value_text(row[2])
          << " default=" << value_text(row[3]) << " pk=" << value_text(row[4]) << "]";
    s << "\nindexes:";
    for (const auto& row : rows("SELECT name, \"unique\", origin FROM pragma_index_list('" + table +
                                "') ORDER BY name"))
        s << " [" << value_text(row[0]) << " unique=" << value_text(row[1]) << " "
          << value_text(row[2]) << "]";
    s << "\nforeign keys:";
    for (const auto& row : rows("SELECT \"table\", \"from\", \"to\", on_delete FROM "
                                "pragma_foreign_key_list('" +
                                table + "') ORDER BY \"from\""))
        s << " [" << value_text(row[1]) << " -> " << value_text(row[0]) << "." << value_text(row[2])
          << " on delete " << value_text(row[3]) << "]";
    return s.str();
}

}  // namespace testing_support
