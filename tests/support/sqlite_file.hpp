// A throwaway SQLite database file in a temp dir, opened through migrate's connection layer.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

class SqliteFile {
  public:
    SqliteFile();
    const std::filesystem::path& dir() const { return dir_.path(); }
    std::filesystem::path path() const { return dir_ / "test.db"; }
    std::string url() const { return "sqlite:///" + path().string(); }
    migrate::dialect::Connection& connection();
    // A fresh connection, as a second process would have.
    std::unique_ptr<migrate::dialect::Connection> open() const;

    std::vector<migrate::dialect::Row> rows(const std::string& sql);
    std::string text(const std::string& sql);  // first column of the first row, as text
    std::int64_t integer(const std::string& sql);
    std::vector<std::string> tables();  // user tables, sorted, without sqlite_ and migrate_ ones
    // Columns, keys and indexes of a table as one comparable text (from the pragmas).
    std::string shape(const std::string& table);

  private:
    TempDir dir_;
    std::unique_ptr<migrate::dialect::Connection> connection_;
};

std::string value_text(const migrate::schema::Value& value);

}  // namespace testing_support
