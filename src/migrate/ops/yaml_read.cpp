// Reading operations from YAML: strict about keys and types, with file:line on every error.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>

#include "migrate/ops/sequence_check.hpp"
#include "migrate/ops/yaml.hpp"
#include "migrate/ops/yaml_constraints.hpp"
#include "migrate/ops/yaml_fields.hpp"
#include "migrate/ops/yaml_identity.hpp"
#include "migrate/ops/yaml_index.hpp"
#include "migrate/ops/yaml_sequence.hpp"
#include "migrate/schema/naming_convention.hpp"
#include "migrate/schema/type.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops {

namespace {

using namespace yaml_fields;
using schema::Value;

const Keys kColumnKeys = {"name",          "type",      "nullable",  "server_default", "comment",
                          "autoincrement", "collation", "generated", "identity"};
const Keys kTableKeys = {"name",
                         "comment",
                         "strict",
                         "without_rowid",
                         "columns",
                         "primary_key",
                         "foreign_keys",
                         "unique_constraints",
                         "check_constraints",
                         "exclusion_constraints",
                         "indexes"};
const Keys kForeignKeyKeys = {
    "name",      "columns", "referred_table", "referred_columns",  "on_delete",
    "on_update", "match",   "deferrable",     "initially_deferred"};
const Keys kUniqueKeys = {"name", "columns", "deferrable", "initially_deferred"};

// `default_name` fills the name of an object nested in a drop, which the writer omits when it
// equals the op's own name; empty means the name is required.
schema::Column read_column(const YAML::Node& node, const std::string& what,
                           const std::string& source, const std::string& default_name = "") {
    Fields f(node, what, kColumnKeys, source);
    schema::Column c;
    c.name = default_name.empty() ? f.str("name") : f.str_or("name", default_name);
    c.type = f.type("type");
    c.nullable = f.flag("nullable", true);
    c.server_default = f.opt_str("server_default");
    c.comment = f.opt_str("comment");
    c.autoincrement = f.flag("autoincrement", false);
    c.collation = f.opt_str("collation");
    if (const YAML::Node* generated = f.find("generated")) {
        Fields g(*generated, f.sub("generated"), {"expression", "stored"}, source);
        c.generated = schema::Generated{g.str("expression"), g.flag("stored", true)};
    }
    read_column_identity(f, c);
    return c;
}

// A key or index naming a column the table does not have would only fail as SQL at upgrade
// time; reported here, it gets the file and line.
void require_columns(const schema::Table& t, const Fields& p,
                     const std::vector<std::string>& names) {
    std::vector<std::string> have;
    for (const auto& c : t.columns) have.push_back(c.name);
    for (const auto& name : names)
        if (std::find(have.begin(), have.end(), name) == have.end())
            fail(
                p.source(), p.required("columns"),
                p.what() + " names column '" + name + "', which table " + t.name + " does not have",
                did_you_mean(name, have));
}

void read_table_columns(const Fields& f, schema::Table& t) {
    const YAML::Node& columns = f.list("columns", f.required("columns"));
    if (columns.size() == 0)
        fail(f.source(), columns, "table " + t.name + " has no columns",
             "list at least one, e.g. columns: [{name: id, type: integer}]");
    std::size_t i = 0;
    for (const auto& item : columns) {
        auto column = read_column(item, f.sub("columns", i), f.source());
        for (std::size_t j = 0; j < t.columns.size(); ++j)
            if (t.columns[j].name == column.name)
                fail(f.source(), item,
                     "duplicate column '" + column.name + "' in table " + t.name + " (" +
                         f.sub("columns", i) + " repeats " + f.sub("columns", j) + ")",
                     "rename or remove one of them");
        t.columns.push_back(std::move(column));
        ++i;
    }
}

schema::Table read_table_body(const YAML::Node& node, const std::string& what,
                              const std::string& source, const std::string& default_name = "") {
    Fields f(node, what, kTableKeys, source);
    schema::Table t;
    t.name = default_name.empty() ? f.str("name") : f.str_or("name", default_name);
    t.comment = f.opt_str("comment");
    t.strict = f.flag("strict", false);
    t.without_rowid = f.flag("without_rowid", false);
    read_table_columns(f, t);
    std::size_t i = 0;
    if (const YAML::Node* pk = f.find("primary_key")) {
        Fields p(*pk, f.sub("primary_key"), {"name", "columns"}, source);
        t.primary_key = schema::PrimaryKey{p.str_or("name", ""), p.names("columns")};
        require_columns(t, p, t.primary_key->columns);
    }
    if (const YAML::Node* fks = f.find("foreign_keys")) {
        i = 0;
        for (const auto& item : f.list("foreign_keys", *fks)) {
            Fields p(item, f.sub("foreign_keys", i++), kForeignKeyKeys, source);
            t.foreign_keys.push_back(read_foreign_key(p, p.str_or("name", "")));
            require_columns(t, p, t.foreign_keys.back().columns);
        }
    }
    if (const YAML::Node* uqs = f.find("unique_constraints")) {
        i = 0;
        for (const auto& item : f.list("unique_constraints", *uqs)) {
            Fields p(item, f.sub("unique_constraints", i++), kUniqueKeys, source);
            t.unique_constraints.push_back({p.str_or("name", ""), p.names("columns")});
            read_deferral(p, t.unique_constraints.back().deferrable,
                          t.unique_constraints.back().initially_deferred);
            require_columns(t, p, t.unique_constraints.back().columns);
        }
    }
    if (const YAML::Node* exs = f.find("exclusion_constraints")) {
        i = 0;
        for (const auto& item : f.list("exclusion_constraints", *exs)) {
            Fields p(item, f.sub("exclusion_constraints", i++), kExclusionKeys, source);
            t.exclusion_constraints.push_back(read_exclusion_fields(p, p.str("name")));
        }
    }
    if (const YAML::Node* cks = f.find("check_constraints")) {
        i = 0;
        for (const auto& item : f.list("check_constraints", *cks)) {
            Fields p(item, f.sub("check_constraints", i++), {"name", "expression"}, source);
            t.check_constraints.push_back({p.str_or("name", ""), p.str("expression")});
        }
    }
    if (const YAML::Node* ixs = f.find("indexes")) {
        i = 0;
        for (const auto& item : f.list("indexes", *ixs)) {
            Fields p(item, f.sub("indexes", i++), index_keys(), source);
            // An index inside a table belongs to that table; the file does not repeat it.
            t.indexes.push_back(read_index_fields(p, p.str("name"), t.name));
            require_columns(t, p, schema::columns_used(t.indexes.back()));
        }
    }
    return t;
}

ColumnState read_state(const YAML::Node& node, const std::string& what, const std::string& source) {
    Fields f(node, what, {"name", "type", "nullable", "server_default", "comment", "identity"},
             source);
    ColumnState s;
    if (f.has("name")) s.name = f.str("name");
    if (f.has("type")) s.type = f.type("type");
    if (const YAML::Node* value = f.find("nullable")) s.nullable = f.flag_of("nullable", *value);
    s.server_default = f.tri_str("server_default");
    s.comment = f.tri_str("comment");
    if (const YAML::Node* identity = f.find("identity")) s.identity = read_identity(f, *identity);
    return s;
}

// Plain scalars follow the YAML 1.2 core schema; anything quoted stays a string.
Value read_value(const YAML::Node& node, const std::string& what, const std::string& source) {
    if (node.IsNull()) return std::monostate{};
    if (!node.IsScalar())
        fail(source, node, "values in " + what + " must be scalars, got " + kind_of(node));
    const std::string& s = node.Scalar();
    if (!is_plain(node)) return s;
    bool b = false;
    if (parse_bool(s, b)) return b;
    const char* begin = s.data();
    const char* end = s.data() + s.size();
    if (s.size() > 1 && s[0] == '+' && s[1] != '-') ++begin;  // from_chars rejects a leading '+'
    std::int64_t i = 0;
    if (auto [p, ec] = std::from_chars(begin, end, i); ec == std::errc() && p == end) return i;
    if (s == ".inf" || s == "+.inf" || s == ".Inf" || s == ".INF")
        return std::numeric_limits<double>::infinity();
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF")
        return -std::numeric_limits<double>::infinity();
    if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
    // from_chars also takes "inf" and "nan", which YAML spells differently: keep them strings.
    bool numeric_start = begin != end && (std::isdigit(static_cast<unsigned char>(*begin)) ||
                                          *begin == '-' || *begin == '.');
    double d = 0;
    if (auto [p, ec] = std::from_chars(begin, end, d, std::chars_format::general);
        numeric_start && ec == std::errc() && p == end && std::isfinite(d))
        return d;
    return s;
}

using Reader = Op (*)(const Fields&);

// A constraint a revision creates without a name gets the naming convention's: an empty
// name would render as CONSTRAINT "" (PostgreSQL refuses it), and a name is what a later
// revision drops it by. A check's convention name needs a short name of its own.
[[noreturn]] void unnamed_check(const Fields& f, const std::string& table,
                                const std::string& expression) {
    fail(f.source(), f.node(),
         "the check constraint (" + expression + ") on table " + table + " has no name",
         "name it, e.g. name: " + schema::naming::check(table, "positive") +
             " (the convention is ck_<table>_<name>)");
}

void name_by_convention(const Fields& f, schema::Table& t) {
    if (t.primary_key && t.primary_key->name.empty())
        t.primary_key->name = schema::naming::primary_key(t.name);
    for (auto& fk : t.foreign_keys)
        if (fk.name.empty() && !fk.columns.empty())
            fk.name = schema::naming::foreign_key(t.name, fk.columns.front(), fk.referred_table);
    for (auto& uq : t.unique_constraints)
        if (uq.name.empty()) uq.name = schema::naming::unique(t.name, uq.columns);
    for (const auto& ck : t.check_constraints)
        if (ck.name.empty()) unnamed_check(f, t.name, ck.expression);
}

Op read_create_table(const Fields& f) {
    auto table = read_table_body(f.node(), f.what(), f.source());
    name_by_convention(f, table);
    return CreateTable{std::move(table)};
}
Op read_drop_table(const Fields& f) {
    DropTable o{f.str("name"), std::nullopt};
    if (const YAML::Node* t = f.find("table"))
        o.table = read_table_body(*t, f.sub("table"), f.source(), o.name);
    return o;
}
Op read_rename_table(const Fields& f) {
    return RenameTable{f.str("from"), f.str("to"), f.flag("convention_names", true)};
}
Op read_add_column(const Fields& f) {
    return AddColumn{f.str("table"),
                     read_column(f.required("column"), f.sub("column"), f.source())};
}
Op read_drop_column(const Fields& f) {
    DropColumn o{f.str("table"), f.str("name"), std::nullopt};
    if (const YAML::Node* c = f.find("column"))
        o.column = read_column(*c, f.sub("column"), f.source(), o.name);
    return o;
}
Op read_alter_column(const Fields& f) {
    AlterColumn o{f.str("table"), f.str("column"), {}, {}};
    o.to = read_state(f.required("to"), f.sub("to"), f.source());
    if (const YAML::Node* from = f.find("from"))
        o.from = read_state(*from, f.sub("from"), f.source());
    return o;
}
Op read_create_index(const Fields& f) {
    return CreateIndex{read_index_fields(f, f.str("name"), f.str("table")),
                       f.flag("concurrently", false)};
}
Op read_drop_index(const Fields& f) {
    DropIndex o{f.str("name"), f.str("table"), std::nullopt, f.flag("concurrently", false)};
    if (const YAML::Node* ix = f.find("index")) {
        Keys keys = index_keys();
        keys.push_back("table");
        Fields p(*ix, f.sub("index"), keys, f.source());
        o.index = read_index_fields(p, p.str_or("name", o.name), p.str_or("table", o.table));
    }
    return o;
}
Op read_add_unique(const Fields& f) {
    std::string table = f.str("table");
    auto columns = f.names("columns");
    std::string name = f.str_or("name", "");
    if (name.empty()) name = schema::naming::unique(table, columns);
    AddUniqueConstraint o{table, {name, columns}, f.str_or("using_index", "")};
    read_deferral(f, o.constraint.deferrable, o.constraint.initially_deferred);
    return o;
}
// A drop carries its constraint inline: the constraint's own fields being present say so.
Op read_drop_unique(const Fields& f) {
    DropUniqueConstraint o{f.str("table"), f.str("name"), std::nullopt};
    if (f.has("columns")) {
        o.constraint = schema::UniqueConstraint{o.name, f.names("columns")};
        read_deferral(f, o.constraint->deferrable, o.constraint->initially_deferred);
    }
    return o;
}
Op read_add_foreign_key(const Fields& f) {
    std::string table = f.str("table");
    auto fk = read_foreign_key(f, f.str_or("name", ""));
    if (fk.name.empty() && !fk.columns.empty())
        fk.name = schema::naming::foreign_key(table, fk.columns.front(), fk.referred_table);
    return AddForeignKey{table, fk, f.flag("not_valid", false)};
}
Op read_drop_foreign_key(const Fields& f) {
    DropForeignKey o{f.str("table"), f.str("name"), std::nullopt};
    for (const char* key : {"columns", "referred_table", "referred_columns", "on_delete",
                            "on_update", "match", "deferrable", "initially_deferred"}) {
        if (!f.has(key)) continue;
        o.constraint = read_foreign_key(f, o.name);
        break;
    }
    return o;
}
Op read_add_check(const Fields& f) {
    std::string table = f.str("table");
    std::string name = f.str_or("name", ""), expression = f.str("expression");
    if (name.empty()) unnamed_check(f, table, expression);
    return AddCheckConstraint{table, {name, expression}, f.flag("not_valid", false)};
}
Op read_create_primary_key(const Fields& f) {
    std::string table = f.str("table");
    std::string name = f.str_or("name", "");
    if (name.empty()) name = schema::naming::primary_key(table);
    return CreatePrimaryKey{table, {name, f.names("columns")}};
}
Op read_drop_primary_key(const Fields& f) {
    DropPrimaryKey o{f.str("table"), f.str_or("name", ""), std::nullopt};
    if (f.has("columns")) o.constraint = schema::PrimaryKey{o.name, f.names("columns")};
    return o;
}
Op read_rename_enum_value(const Fields& f) {
    RenameEnumValue o{f.str("enum"), f.str("from"), f.str("to"), f.names_or_empty("columns")};
    for (const auto& column : o.columns)
        if (column.find('.') == std::string::npos || column.front() == '.' || column.back() == '.')
            fail(f.source(), f.required("columns"),
                 "rename_enum_value columns are table.column, got '" + column + "'");
    if (o.from == o.to)
        fail(f.source(), f.required("to"),
             "rename_enum_value renames " + o.from + " to itself (enum " + o.enum_name + ")");
    return o;
}
Op read_alter_table_comment(const Fields& f) {
    AlterTableComment o{f.str("table"), f.opt_str("comment"), std::nullopt};
    if (f.has("from")) o.from = f.opt_str("from");
    return o;
}
TableOptions read_table_options(const Fields& f, const char* key) {
    Fields o(f.required(key), f.sub(key), {"strict", "without_rowid"}, f.source());
    return TableOptions{o.flag("strict", false), o.flag("without_rowid", false)};
}
Op read_alter_table_options(const Fields& f) {
    AlterTableOptions o{f.str("table"), read_table_options(f, "to"), std::nullopt};
    if (f.has("from")) o.from = read_table_options(f, "from");
    return o;
}
Op read_drop_check(const Fields& f) {
    DropCheckConstraint o{f.str("table"), f.str("name"), std::nullopt};
    if (f.has("expression")) o.constraint = schema::CheckConstraint{o.name, f.str("expression")};
    return o;
}
Op read_execute(const Fields& f) {
    return Execute{f.str("sql"), f.names_or_empty("dialects")};
}
Op read_assert(const Fields& f) {
    return Assert{f.str("sql"), f.str_or("message", ""), f.names_or_empty("dialects")};
}
Op read_validate_constraint(const Fields& f) {
    return ValidateConstraint{f.str("table"), f.str("name")};
}
Op read_create_schema(const Fields& f) {
    return CreateSchema{f.str("name")};
}
Op read_drop_schema(const Fields& f) {
    return DropSchema{f.str("name")};
}
Op read_bulk_insert(const Fields& f) {
    BulkInsert o{f.str("table"), f.names("columns"), {}};
    std::size_t i = 0;
    for (const auto& row : f.list("rows", f.required("rows"))) {
        std::string what = f.sub("rows", i++);
        if (!row.IsSequence()) fail(f.source(), row, what + " must be a list, got " + kind_of(row));
        if (row.size() != o.columns.size())
            fail(f.source(), row,
                 what + " has " + std::to_string(row.size()) + " values for " +
                     std::to_string(o.columns.size()) + " columns");
        auto& values = o.rows.emplace_back();
        for (const auto& value : row) values.push_back(read_value(value, what, f.source()));
    }
    return o;
}

struct OpSpec {
    const char* name;
    Keys keys;
    Reader read;
};

const std::vector<OpSpec>& op_specs() {
    static const std::vector<OpSpec> specs = {
        {"create_table", kTableKeys, read_create_table},
        {"drop_table", {"name", "table"}, read_drop_table},
        {"rename_table", {"from", "to", "convention_names"}, read_rename_table},
        {"add_column", {"table", "column"}, read_add_column},
        {"drop_column", {"table", "name", "column"}, read_drop_column},
        {"alter_column", {"table", "column", "to", "from"}, read_alter_column},
        {"create_index",
         {"name", "table", "columns", "unique", "where", "method", "include", "nulls_not_distinct",
          "concurrently"},
         read_create_index},
        {"drop_index", {"name", "table", "index", "concurrently"}, read_drop_index},
        {"add_unique_constraint",
         {"table", "name", "columns", "using_index", "deferrable", "initially_deferred"},
         read_add_unique},
        {"drop_unique_constraint",
         {"table", "name", "columns", "deferrable", "initially_deferred"},
         read_drop_unique},
        {"add_foreign_key",
         {"table", "name", "columns", "referred_table", "referred_columns", "on_delete",
          "on_update", "match", "deferrable", "initially_deferred", "not_valid"},
         read_add_foreign_key},
        {"drop_foreign_key",
         {"table", "name", "columns", "referred_table", "referred_columns", "on_delete",
          "on_update", "match", "deferrable", "initially_deferred"},
         read_drop_foreign_key},
        {"add_check_constraint", {"table", "name", "expression", "not_valid"}, read_add_check},
        {"drop_check_constraint", {"table", "name", "expression"}, read_drop_check},
        {"execute", {"sql", "dialects"}, read_execute},
        {"bulk_insert", {"table", "columns", "rows"}, read_bulk_insert},
        {"create_primary_key", {"table", "name", "columns"}, read_create_primary_key},
        {"drop_primary_key", {"table", "name", "columns"}, read_drop_primary_key},
        {"alter_table_comment", {"table", "comment", "from"}, read_alter_table_comment},
        {"alter_table_options", {"table", "to", "from"}, read_alter_table_options},
        {"assert", {"sql", "message", "dialects"}, read_assert},
        {"validate_constraint", {"table", "name"}, read_validate_constraint},
        {"rename_enum_value", {"enum", "from", "to", "columns"}, read_rename_enum_value},
        {"add_exclusion_constraint",
         {"table", "name", "using", "elements", "where", "deferrable", "initially_deferred"},
         read_add_exclusion},
        {"drop_exclusion_constraint",
         {"table", "name", "using", "elements", "where", "deferrable", "initially_deferred"},
         read_drop_exclusion},
        {"create_schema", {"name"}, read_create_schema},
        {"drop_schema", {"name"}, read_drop_schema},
        {"create_sequence", create_sequence_keys(), read_create_sequence},
        {"drop_sequence", {"name", "sequence"}, read_drop_sequence},
        {"alter_sequence", {"name", "to", "from"}, read_alter_sequence},
    };
    return specs;
}

}  // namespace

const std::vector<std::string>& operation_keys(const std::string& op) {
    static const std::vector<std::string> none;
    for (const auto& spec : op_specs())
        if (op == spec.name) return spec.keys;
    return none;
}

const std::map<std::string, std::vector<std::string>>& shape_keys() {
    static const std::map<std::string, std::vector<std::string>> shapes = {
        {"column", kColumnKeys},
        {"primary_key", {"name", "columns"}},
        {"foreign_key", kForeignKeyKeys},
        {"unique_constraint", kUniqueKeys},
        {"exclusion_constraint", kExclusionKeys},
        {"exclusion_element", kExclusionElementKeys},
        {"check_constraint", {"name", "expression"}},
        {"index", index_keys()},
        {"index_element", index_element_keys()},
        {"column_state", {"name", "type", "nullable", "server_default", "comment", "identity"}},
        {"identity", identity_keys()},
        {"table_options", {"strict", "without_rowid"}},
        {"sequence", sequence_keys()},
    };
    return shapes;
}

namespace {

// yaml-cpp throws its own exceptions for oddities we did not foresee; they must still
// reach the user as a revision-file error with a line.
template <class F>
auto guarded(const std::string& source, F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const YAML::Exception& e) {
        Error error(ErrorKind::revision_file, "invalid YAML: " + e.msg);
        error.add_context(where(source, e.mark));
        throw error;
    }
}

// An operation's `lint: {ignore: [CODE, ...], reason: "..."}` beside it silences findings of
// `db lint` for it. It does not change what the revision does (nor its checksum).
LintNote read_lint_key(const YAML::Node& node, const std::string& source) {
    Fields f(node, "lint", {"ignore", "reason"}, source);
    LintNote note{f.names("ignore"), f.str("reason")};
    if (note.ignore.empty()) fail(source, node, "lint: ignore must name at least one code");
    if (text::trim(note.reason).empty())
        fail(source, node, "lint: reason must say why the finding is accepted");
    return note;
}

std::optional<LintNote> lint_key_of(const YAML::Node& item, const std::string& source) {
    if (item.IsMap() && item.size() == 2 && item["lint"])
        return read_lint_key(item["lint"], source);
    return std::nullopt;
}

Op read_op_unguarded(const YAML::Node& node, const std::string& source) {
    const bool has_lint = node.IsMap() && node.size() == 2 && node["lint"];
    if (!node.IsMap() || node.size() != (has_lint ? 2u : 1u))
        fail(source, node,
             "an operation must be a map with one key, like {create_table: {...}}, got " +
                 (node.IsMap() ? "a map with " + std::to_string(node.size()) + " keys"
                               : kind_of(node)));
    if (has_lint) read_lint_key(node["lint"], source);
    auto entry = *node.begin();
    if (has_lint && entry.first.IsScalar() && entry.first.Scalar() == "lint")
        entry = *std::next(node.begin());
    const YAML::Node& key = entry.first;
    if (!key.IsScalar())
        fail(source, key, "an operation name must be a string, got " + kind_of(key));
    const std::string& name = key.Scalar();
    for (const auto& spec : op_specs()) {
        if (name != spec.name) continue;
        Fields f(entry.second, name, spec.keys, source);
        return spec.read(f);
    }
    fail(source, key, "unknown operation '" + name + "'", did_you_mean(name, op_names()));
}

}  // namespace

Op read_op(const YAML::Node& node, const std::string& source) {
    return guarded(source, [&] { return read_op_unguarded(node, source); });
}

namespace {

// The operations and the "file:line" of each.
std::vector<Op> read_ops_at(const YAML::Node& node, const std::string& source,
                            std::vector<std::string>& wheres, LintNotes* lint = nullptr) {
    return guarded(source, [&] {
        std::vector<Op> ops;
        // `downgrade:` with nothing after it is an empty list, not an error.
        if (!node.IsDefined() || node.IsNull()) return ops;
        if (!node.IsSequence())
            fail(source, node, "operations must be a list, got " + kind_of(node));
        for (const auto& item : node) {
            ops.push_back(read_op_unguarded(item, source));
            wheres.push_back(where(source, item.Mark()));
            if (lint) lint->push_back(lint_key_of(item, source));
        }
        return ops;
    });
}

}  // namespace

std::vector<Op> read_ops(const YAML::Node& node, const std::string& source) {
    std::vector<std::string> wheres;
    return read_ops_at(node, source, wheres);
}

std::vector<Op> read_revision_ops(const YAML::Node& node, const std::string& source,
                                  std::vector<std::string>* where, LintNotes* lint) {
    std::vector<std::string> wheres;
    if (lint) lint->clear();
    auto ops = read_ops_at(node, source, wheres, lint);
    check_sequence(ops, wheres);
    if (where) *where = std::move(wheres);
    return ops;
}

namespace {

// "<source>:<line>" moved down by lines; anything else unchanged.
std::string shift_where(const std::string& where, const std::string& source, int lines) {
    const std::string prefix = source + ":";
    if (where.rfind(prefix, 0) != 0) return where;
    std::size_t end = prefix.size();
    while (end < where.size() && std::isdigit(static_cast<unsigned char>(where[end]))) ++end;
    if (end == prefix.size()) return where;
    int line = std::stoi(where.substr(prefix.size(), end - prefix.size()));
    return prefix + std::to_string(line + lines) + where.substr(end);
}

}  // namespace

std::vector<Op> read_revision_ops_in_parts(
    const std::function<std::optional<OperationsPart>()>& next_part, const std::string& source,
    std::vector<std::string>* where, LintNotes* lint) {
    std::vector<std::string> wheres;
    std::vector<Op> ops;
    if (lint) lint->clear();
    while (auto part = next_part()) {
        std::vector<std::string> part_wheres;
        std::vector<Op> some;
        try {
            some = read_ops_at(part->items, source, part_wheres, lint);
        } catch (const Error& e) {
            Error shifted(e.kind(), e.message());
            for (const auto& line : e.context())
                shifted.add_context(shift_where(line, source, part->lines_before));
            for (const auto& hint : e.hints()) shifted.add_hint(hint);
            throw shifted;
        }
        for (const auto& w : part_wheres)
            wheres.push_back(shift_where(w, source, part->lines_before));
        ops.insert(ops.end(), std::make_move_iterator(some.begin()),
                   std::make_move_iterator(some.end()));
    }
    check_sequence(ops, wheres);
    if (where) *where = std::move(wheres);
    return ops;
}

schema::Table read_table(const YAML::Node& node, const std::string& source) {
    return guarded(source, [&] { return read_table_body(node, "table", source); });
}

}  // namespace migrate::ops
