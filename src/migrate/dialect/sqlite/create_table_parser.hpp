// A small parser for the CREATE TABLE text SQLite stores: constraint names and CHECK
// expressions, which no pragma reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migrate::dialect::sqlite {

enum class ConstraintKind { primary_key, unique, check, foreign_key };

// One constraint, table-level or column-level (a column constraint's columns are {column}).
struct ParsedConstraint {
    ConstraintKind kind = ConstraintKind::check;
    std::string name;                  // empty when unnamed
    std::vector<std::string> columns;  // unquoted; "<expression>" for an indexed expression
    std::string expression;            // CHECK: the text inside the parentheses, trimmed
    std::string referred_table;        // FOREIGN KEY / REFERENCES
    std::vector<std::string> referred_columns;
    std::string match = {};   // FOREIGN KEY ... MATCH name, upper-cased; "" when absent or SIMPLE
    bool deferrable = false;  // DEFERRABLE (NOT DEFERRABLE reads as false)
    bool initially_deferred = false;
    bool operator==(const ParsedConstraint&) const = default;
};

// What a column definition says beyond its name and type that no pragma reports.
struct ParsedColumn {
    std::string name;
    std::string collation;  // COLLATE name, or empty
    std::string generated;  // GENERATED ALWAYS AS (expression): the expression
    bool stored = false;    // ... STORED (VIRTUAL is SQLite's default)
    bool operator==(const ParsedColumn&) const = default;
};

struct ParsedTable {
    std::string name;                           // unquoted
    std::vector<std::string> columns;           // column names, unquoted, in order
    std::vector<ParsedColumn> column_details;   // one per column, same order
    std::vector<ParsedConstraint> constraints;  // in the order they are written
    bool without_rowid = false;
    bool strict = false;
};

// Parses CREATE [TEMP] TABLE [IF NOT EXISTS] [schema.]name (...) [WITHOUT ROWID] [, STRICT],
// including the forms SQLite writes after ALTER TABLE (quoted names, appended columns).
// Handles "x", `x`, [x] identifiers, '' escapes in literals, comments and nested
// parentheses. Throws Error(migration) naming the offset when the text is not such a
// statement (CREATE TABLE ... AS SELECT yields no columns and no constraints).
ParsedTable parse_create_table(std::string_view sql);

// The WHERE predicate of a CREATE INDEX statement (a partial index), trimmed; empty when it
// has none or the text is not such a statement.
std::string index_predicate(std::string_view create_index_sql);

// The text of each element of a CREATE INDEX statement's column list, without its COLLATE
// and ASC|DESC (the pragmas say those) and without parentheses around the whole element:
// "CREATE INDEX i ON t (a DESC, (lower(b)))" -> {"a", "lower(b)"}. Empty when the text is
// not such a statement.
std::vector<std::string> index_element_texts(std::string_view create_index_sql);

// Removes parentheses that enclose a whole expression ("((1))" -> "1", "(a) + (b)" kept),
// and surrounding whitespace; string literals and quoted identifiers are skipped over.
std::string strip_outer_parentheses(std::string_view expression);

}  // namespace migrate::dialect::sqlite
