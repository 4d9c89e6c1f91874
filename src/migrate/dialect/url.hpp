// Database URLs: sqlite:///rel.db, sqlite:////abs.db, sqlite:///:memory:,
// postgresql://user:pass@host:port/db?sslmode=... (postgres:// and postgresql+driver:// too).
#pragma once

#include <map>
#include <string>

namespace migrate::dialect {

struct DatabaseUrl {
    std::string dialect;  // "sqlite" or "postgresql"
    // sqlite
    std::string path;  // file path as given (relative to the working directory) or ":memory:"
    // postgresql
    std::string user, password, host, database;
    int port = 0;  // 0: not given
    std::map<std::string, std::string> query;

    std::string original;  // the URL as written
    // The URL with its password replaced by ***, for every output.
    std::string masked() const;
};

// Throws Error(config) saying what is wrong with the URL (the password masked).
DatabaseUrl parse_url(const std::string& url);

}  // namespace migrate::dialect
