// One thing lint found: which rule, where (revision, operation, file:line), how bad, what
// happens on a busy database and the safe way; or that the revision file silences it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "migrate/lint/rule.hpp"

namespace migrate::lint {

struct Finding {
    std::string code;
    std::string name;
    Severity severity = Severity::error;
    std::string revision;   // id
    std::string file;       // the revision file's name
    std::string at;         // "file:line" of the operation, or the file when unknown
    std::size_t operation;  // 1-based, in the revision's upgrade
    std::string op;         // ops::describe of it
    std::string table;      // the table it is about, or empty
    std::optional<std::int64_t> rows;  // that table's rows, when a database said
    std::string message;               // what this operation does on a busy database
    std::string fix;                   // the safe way
    std::optional<std::string> suppressed;  // the reason given in the revision file
};

}  // namespace migrate::lint
