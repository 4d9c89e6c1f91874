// Migration operations: one plain struct per operation, held in a std::variant.
// A drop carries the object it drops (when known) so that it can be reversed;
// an alter carries the column state before and after, so reversing is a swap.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "migrate/schema/table.hpp"
#include "migrate/schema/value.hpp"

namespace migrate::ops {

struct CreateTable {
    schema::Table table;  // with its columns, keys, constraints and indexes
    bool operator==(const CreateTable&) const = default;
};
struct DropTable {
    std::string name;
    std::optional<schema::Table> table;  // what is dropped, for the reverse
    bool operator==(const DropTable&) const = default;
};
struct RenameTable {
    std::string from, to;
    // Also rename the key, indexes and constraints named by the convention for `from`
    // (ops/table_rename.hpp); false where they were not renamed the other way (a downgrade
    // giving back a table renamed by hand, whose names never followed it).
    bool convention_names = true;
    bool operator==(const RenameTable&) const = default;
};
struct AddColumn {
    std::string table;
    schema::Column column;
    bool operator==(const AddColumn&) const = default;
};
struct DropColumn {
    std::string table;
    std::string name;
    std::optional<schema::Column> column;
    bool operator==(const DropColumn&) const = default;
};

// One side of an alter: only the attributes that change are set. For server_default
// and comment, an engaged outer optional holding nullopt means "none".
struct ColumnState {
    std::optional<std::string> name;
    std::optional<schema::Type> type;
    std::optional<bool> nullable;
    std::optional<std::optional<std::string>> server_default;
    std::optional<std::optional<std::string>> comment;
    std::optional<std::optional<schema::Identity>> identity = std::nullopt;  // nullopt inside: none
    bool operator==(const ColumnState&) const = default;
};
struct AlterColumn {
    std::string table;
    std::string column;  // its name before the change
    ColumnState to;
    ColumnState from;  // needed for reverse(); may be empty in hand-written files
    bool operator==(const AlterColumn&) const = default;
};

struct CreateIndex {
    schema::Index index;
    bool concurrently = false;  // PostgreSQL CREATE INDEX CONCURRENTLY
    bool operator==(const CreateIndex&) const = default;
};
struct DropIndex {
    std::string name;
    std::string table;
    std::optional<schema::Index> index;
    bool concurrently = false;  // PostgreSQL DROP INDEX CONCURRENTLY
    bool operator==(const DropIndex&) const = default;
};
struct AddUniqueConstraint {
    std::string table;
    schema::UniqueConstraint constraint;
    // PostgreSQL: the unique index (built beforehand, CONCURRENTLY) that becomes the
    // constraint's, so that adding it scans nothing; empty: the constraint builds its own.
    std::string using_index = {};
    bool operator==(const AddUniqueConstraint&) const = default;
};
struct DropUniqueConstraint {
    std::string table;
    std::string name;
    std::optional<schema::UniqueConstraint> constraint;
    bool operator==(const DropUniqueConstraint&) const = default;
};
struct AddForeignKey {
    std::string table;
    schema::ForeignKey constraint;
    // PostgreSQL NOT VALID: existing rows are not checked now (validate_constraint does it
    // later, under a lock that lets writes through); new rows are.
    bool not_valid = false;
    bool operator==(const AddForeignKey&) const = default;
};
struct DropForeignKey {
    std::string table;
    std::string name;
    std::optional<schema::ForeignKey> constraint;
    bool operator==(const DropForeignKey&) const = default;
};
struct AddCheckConstraint {
    std::string table;
    schema::CheckConstraint constraint;
    bool not_valid = false;  // as for AddForeignKey
    bool operator==(const AddCheckConstraint&) const = default;
};
struct DropCheckConstraint {
    std::string table;
    std::string name;
    std::optional<schema::CheckConstraint> constraint;
    bool operator==(const DropCheckConstraint&) const = default;
};
// PostgreSQL's EXCLUDE constraint; on SQLite, which has none, rendering one is an error.
struct AddExclusionConstraint {
    std::string table;
    schema::ExclusionConstraint constraint;
    bool operator==(const AddExclusionConstraint&) const = default;
};
struct DropExclusionConstraint {
    std::string table;
    std::string name;
    std::optional<schema::ExclusionConstraint> constraint;
    bool operator==(const DropExclusionConstraint&) const = default;
};
struct CreatePrimaryKey {
    std::string table;
    schema::PrimaryKey constraint;
    bool operator==(const CreatePrimaryKey&) const = default;
};
struct DropPrimaryKey {
    std::string table;
    std::string name;  // empty: the table's key, whatever it is called (SQLite's are unnamed)
    std::optional<schema::PrimaryKey> constraint;
    bool operator==(const DropPrimaryKey&) const = default;
};
// A table's comment from one state to another; nullopt means none.
struct AlterTableComment {
    std::string table;
    std::optional<std::string> comment;
    std::optional<std::optional<std::string>> from;  // unknown when not engaged
    bool operator==(const AlterTableComment&) const = default;
};
// SQLite's table options from one state to another (a rebuild there; nothing on PostgreSQL).
struct TableOptions {
    bool strict = false;
    bool without_rowid = false;
    bool operator==(const TableOptions&) const = default;
};
struct AlterTableOptions {
    std::string table;
    TableOptions to;
    std::optional<TableOptions> from;  // unknown when not engaged
    bool operator==(const AlterTableOptions&) const = default;
};
// Checks the existing rows against a constraint added NOT VALID (PostgreSQL VALIDATE
// CONSTRAINT); nothing on SQLite, whose constraints are always valid. Changes no shape.
struct ValidateConstraint {
    std::string table;
    std::string name;
    bool operator==(const ValidateConstraint&) const = default;
};
// A query that must return true, run in the revision's transaction before what it guards
// (a SET NOT NULL, a unique constraint); the revision fails with message when it does not.
struct Assert {
    std::string sql;
    std::string message;                // empty: the query is named instead
    std::vector<std::string> dialects;  // as for Execute
    bool operator==(const Assert&) const = default;
};
struct Execute {
    std::string sql;
    std::vector<std::string> dialects;  // empty: every dialect; else e.g. {"postgresql"}
    bool operator==(const Execute&) const = default;
};
struct BulkInsert {
    std::string table;
    std::vector<std::string> columns;  // in the order of each row's values
    std::vector<std::vector<schema::Value>> rows;
    bool operator==(const BulkInsert&) const = default;
};

// A label of an enum type renamed: PostgreSQL's ALTER TYPE ... RENAME VALUE (the rows follow
// by themselves); on SQLite, where an enum is text, the rows holding the label are updated.
struct RenameEnumValue {
    std::string enum_name;
    std::string from, to;
    // "table.column": the columns that hold the enum, for SQLite, whose catalog does not say
    // (its enums are VARCHARs); columns the schema knows as this enum are updated as well.
    std::vector<std::string> columns = {};
    bool operator==(const RenameEnumValue&) const = default;
};

// A PostgreSQL schema (namespace) for tables named "schema.table"; SQLite has none. The drop
// carries nothing: DROP SCHEMA (without CASCADE) refuses a schema anything is still in.
struct CreateSchema {
    std::string name;
    bool operator==(const CreateSchema&) const = default;
};
struct DropSchema {
    std::string name;
    bool operator==(const DropSchema&) const = default;
};

// A sequence of its own (PostgreSQL CREATE SEQUENCE; SQLite has none and refuses these).
struct CreateSequence {
    schema::Sequence sequence;
    bool operator==(const CreateSequence&) const = default;
};
struct DropSequence {
    std::string name;
    std::optional<schema::Sequence> sequence;  // what is dropped, for the reverse
    bool operator==(const DropSequence&) const = default;
};
// A sequence's options from one state to another (its name in both is the operation's).
struct AlterSequence {
    std::string name;
    schema::Sequence to;
    std::optional<schema::Sequence> from;  // unknown when not engaged
    bool operator==(const AlterSequence&) const = default;
};

using Op = std::variant<
    CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn, CreateIndex, DropIndex,
    AddUniqueConstraint, DropUniqueConstraint, AddForeignKey, DropForeignKey, AddCheckConstraint,
    DropCheckConstraint, Execute, BulkInsert, CreatePrimaryKey, DropPrimaryKey, AlterTableComment,
    AlterTableOptions, Assert, ValidateConstraint, RenameEnumValue, AddExclusionConstraint,
    DropExclusionConstraint, CreateSchema, DropSchema, CreateSequence, DropSequence, AlterSequence>;

// An operation's `lint: {ignore: [CODE, ...], reason: "..."}` in a revision file: the lint
// findings accepted on it, and why. Not part of the operation (nor of its checksum).
struct LintNote {
    std::vector<std::string> ignore;  // codes or rule names
    std::string reason;
    bool operator==(const LintNote&) const = default;
};
using LintNotes = std::vector<std::optional<LintNote>>;  // one per operation of a list

// Whether an execute's SQL may change the schema (its text names CREATE, ALTER, DROP, a
// procedure call or a DO block, outside string literals); plain INSERT, UPDATE and DELETE
// do not, so the runner's shape can follow past them.
bool may_change_schema(const Execute& op);

// The revision-file key of an operation: "create_table", "alter_column", ...
std::string op_name(const Op& op);
// Every operation key, for hints.
const std::vector<std::string>& op_names();
// One line for logs: "create_table crews", "add_column agents.priority".
std::string describe(const Op& op);

// The PostgreSQL schemas an operation names: create_schema's and drop_schema's, and those of
// the schema-qualified tables it touches or refers to (ops/schemas_named.cpp).
void add_schemas_named(const Op& op, std::set<std::string>& schemas);
// Whether the operation names a schema-qualified table or a schema (SQLite refuses it).
bool names_a_schema(const Op& op);

// The operation that undoes op; nullopt when op cannot be reversed (execute, bulk_insert,
// a drop that does not carry what it drops, an alter without its 'from' state), and for the
// operations that change nothing to undo (assert, validate_constraint).
std::optional<Op> reverse(const Op& op);
// Whether op leaves nothing to undo, so a downgrade has no operation for it.
bool undoes_to_nothing(const Op& op);
// The downgrade of an upgrade list: each op reversed, in reverse order. Throws
// Error(revision_file) naming the first operation (by index) that cannot be reversed.
std::vector<Op> reverse(const std::vector<Op>& upgrade);

// Applies op to a schema in memory (the live shape or a replay): the shape the next op sees.
// Throws Error(revision_file) with conflict()'s words (ops/conflict.hpp) when op cannot
// apply: it refers to something absent, or creates something that is there.
void apply(schema::MetaData& metadata, const Op& op);
// The same without the check, for a caller that has checked op against a larger schema
// than the one it applies it to (a renderer's one-table copy). Throws Error(revision_file)
// for an absent table.
void apply_unchecked(schema::MetaData& metadata, const Op& op);

}  // namespace migrate::ops
