// Operations to and from YAML, losslessly: read(write(ops)) == ops.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "migrate/ops/op.hpp"

namespace migrate::ops {

// node is a sequence of one-key maps ({create_table: {...}}). Errors are
// Error(revision_file) with a context line "<source>:<line>" and, for unknown keys,
// operations or types, a "did you mean" hint.
std::vector<Op> read_ops(const YAML::Node& node, const std::string& source);
Op read_op(const YAML::Node& node, const std::string& source);
// read_ops for one revision's upgrade or downgrade: also checks the operations as a sequence
// (ops/sequence_check.hpp), such as a column added to a table that already has it. where,
// when given, receives "<source>:<line>" of each operation, for errors found later.
// lint, when given, receives each operation's lint key (nullopt where it has none).
std::vector<Op> read_revision_ops(const YAML::Node& node, const std::string& source,
                                  std::vector<std::string>* where = nullptr,
                                  LintNotes* lint = nullptr);
// The same, from a list that arrives in parts: next_part returns some of the items as a
// sequence parsed from their own text, with the number of file lines before that text
// (added to every line number reported), then nullopt. Only one part's tree is alive at a
// time, which keeps a revision of thousands of tables small in memory.
struct OperationsPart {
    YAML::Node items;
    int lines_before = 0;
};
std::vector<Op> read_revision_ops_in_parts(
    const std::function<std::optional<OperationsPart>()>& next_part, const std::string& source,
    std::vector<std::string>* where = nullptr, LintNotes* lint = nullptr);

// Writes a sequence of operations in block style, one op per item, stable key order.
void write_ops(YAML::Emitter& out, const std::vector<Op>& ops);

// The keys an operation takes in a revision file ("create_table" -> name, columns, ...), in
// the reader's order; empty for a name that is no operation. docs/revision-files.md lists
// them, and a test holds it to that.
const std::vector<std::string>& operation_keys(const std::string& op);
// The keys of the shapes operations share: column, primary_key, foreign_key,
// unique_constraint, check_constraint, index, column_state (alter_column's to and from).
const std::map<std::string, std::vector<std::string>>& shape_keys();

// Helpers for tables and columns, reused by revision files.
schema::Table read_table(const YAML::Node& node, const std::string& source);
void write_table(YAML::Emitter& out, const schema::Table& table);

}  // namespace migrate::ops
