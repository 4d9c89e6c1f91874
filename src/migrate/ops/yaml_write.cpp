// Writing operations as YAML: block style, a fixed key order, defaulted fields left out.
#include <charconv>
#include <cmath>

#include "migrate/ops/yaml.hpp"
#include "migrate/ops/yaml_identity.hpp"
#include "migrate/ops/yaml_sequence.hpp"
#include "migrate/schema/type.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops {

namespace {

using schema::Value;

// True when a plain scalar with this text would read back as something other than this
// string (null, bool or number, under YAML 1.1 or 1.2). Quoting too often is harmless;
// quoting too rarely turns the string "1" into the number 1.
bool reads_as_non_string(const std::string& s) {
    if (s.empty()) return true;
    static const std::vector<std::string> words = {"null", "~",   "true", "false", "yes",  "no",
                                                   "on",   "off", "y",    "n",     ".inf", ".nan"};
    std::string low = text::lower(s);
    for (const auto& w : words)
        if (low == w) return true;
    unsigned char c = static_cast<unsigned char>(s[0]);
    return std::isdigit(c) || c == '+' || c == '-' || c == '.';
}

void emit_string(YAML::Emitter& out, const std::string& s) {
    if (reads_as_non_string(s)) out << YAML::DoubleQuoted;
    out << s;
}

void key_string(YAML::Emitter& out, const char* key, const std::string& s) {
    out << YAML::Key << key << YAML::Value;
    emit_string(out, s);
}

// SQL snippets ('idle', 0, CURRENT_TIMESTAMP) are always quoted so no reader takes them
// for YAML values.
void key_sql(YAML::Emitter& out, const char* key, const std::string& s) {
    out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << s;
}

void key_null(YAML::Emitter& out, const char* key) {
    out << YAML::Key << key << YAML::Value << YAML::LowerNull << YAML::Null;
}

void key_names(YAML::Emitter& out, const char* key, const std::vector<std::string>& names) {
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& n : names) emit_string(out, n);
    out << YAML::EndSeq;
}

void key_bool(YAML::Emitter& out, const char* key, bool value) {
    out << YAML::Key << key << YAML::Value << YAML::TrueFalseBool << value;
}

void emit_value(YAML::Emitter& out, const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) {
        out << YAML::LowerNull << YAML::Null;
    } else if (const bool* b = std::get_if<bool>(&v)) {
        out << YAML::TrueFalseBool << *b;
    } else if (const std::int64_t* i = std::get_if<std::int64_t>(&v)) {
        out << std::to_string(*i);
    } else if (const double* d = std::get_if<double>(&v)) {
        if (std::isnan(*d)) {
            out << ".nan";
        } else if (std::isinf(*d)) {
            out << (*d > 0 ? ".inf" : "-.inf");
        } else {
            // Shortest text that reads back to the same double; a '.0' keeps it from
            // reading back as an integer.
            char buffer[64];
            auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
            std::string s(buffer, ec == std::errc() ? end : buffer);
            if (s.find_first_of(".eE") == std::string::npos) s += ".0";
            out << s;
        }
    } else {
        emit_string(out, std::get<std::string>(v));
    }
}

void write_column(YAML::Emitter& out, const schema::Column& c, const std::string& implied_name) {
    out << YAML::BeginMap;
    if (c.name != implied_name || implied_name.empty()) key_string(out, "name", c.name);
    key_string(out, "type", schema::to_string(c.type));
    if (!c.nullable) key_bool(out, "nullable", false);
    if (c.server_default) key_sql(out, "server_default", *c.server_default);
    if (c.comment) key_string(out, "comment", *c.comment);
    if (c.autoincrement) key_bool(out, "autoincrement", true);
    if (c.collation) key_string(out, "collation", *c.collation);
    if (c.generated) {
        out << YAML::Key << "generated" << YAML::Value << YAML::Flow << YAML::BeginMap;
        key_sql(out, "expression", c.generated->expression);
        if (!c.generated->stored) key_bool(out, "stored", false);
        out << YAML::EndMap;
    }
    if (c.identity) {
        out << YAML::Key << "identity" << YAML::Value;
        write_identity(out, *c.identity);
    }
    out << YAML::EndMap;
}

// A plain column stays a name, so files with plain indexes read as they always did.
void key_elements(YAML::Emitter& out, const char* key,
                  const std::vector<schema::IndexElement>& elements) {
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& e : elements) {
        if (e.is_plain()) {
            emit_string(out, e.column);
            continue;
        }
        out << YAML::Flow << YAML::BeginMap;
        if (e.is_expression())
            key_sql(out, "expression", e.expression);
        else
            key_string(out, "column", e.column);
        if (!e.opclass.empty()) key_string(out, "opclass", e.opclass);
        if (e.descending) key_string(out, "order", "desc");
        if (e.nulls != schema::IndexNulls::unspecified)
            key_string(out, "nulls", e.nulls == schema::IndexNulls::first ? "first" : "last");
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

// An index's fields after its name (and table): the key order of the file.
void write_index_fields(YAML::Emitter& out, const schema::Index& ix) {
    key_elements(out, "columns", ix.columns);
    if (ix.unique) key_bool(out, "unique", true);
    if (ix.where) key_sql(out, "where", *ix.where);
    if (!ix.method.empty()) key_string(out, "method", ix.method);
    if (!ix.include.empty()) key_names(out, "include", ix.include);
    if (ix.nulls_not_distinct) key_bool(out, "nulls_not_distinct", true);
}

void write_deferral(YAML::Emitter& out, bool deferrable, bool initially_deferred) {
    if (deferrable) key_bool(out, "deferrable", true);
    if (initially_deferred) key_bool(out, "initially_deferred", true);
}

void write_foreign_key_fields(YAML::Emitter& out, const schema::ForeignKey& fk) {
    key_names(out, "columns", fk.columns);
    key_string(out, "referred_table", fk.referred_table);
    key_names(out, "referred_columns", fk.referred_columns);
    if (!fk.on_delete.empty()) key_string(out, "on_delete", fk.on_delete);
    if (!fk.on_update.empty()) key_string(out, "on_update", fk.on_update);
    if (!fk.match.empty()) key_string(out, "match", text::lower(fk.match));
    write_deferral(out, fk.deferrable, fk.initially_deferred);
}

void write_exclusion_fields(YAML::Emitter& out, const schema::ExclusionConstraint& ex) {
    key_string(out, "using", ex.method);
    out << YAML::Key << "elements" << YAML::Value << YAML::BeginSeq;
    for (const auto& e : ex.elements) {
        out << YAML::Flow << YAML::BeginMap;
        key_sql(out, "expression", e.expression);
        key_string(out, "operator", e.op);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (ex.where) key_sql(out, "where", *ex.where);
    write_deferral(out, ex.deferrable, ex.initially_deferred);
}

void write_table_body(YAML::Emitter& out, const schema::Table& t, const std::string& implied_name) {
    out << YAML::BeginMap;
    if (t.name != implied_name || implied_name.empty()) key_string(out, "name", t.name);
    if (t.comment) key_string(out, "comment", *t.comment);
    if (t.strict) key_bool(out, "strict", true);
    if (t.without_rowid) key_bool(out, "without_rowid", true);
    out << YAML::Key << "columns" << YAML::Value;
    if (t.columns.empty()) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& c : t.columns) write_column(out, c, "");
    out << YAML::EndSeq;
    if (t.primary_key) {
        out << YAML::Key << "primary_key" << YAML::Value << YAML::BeginMap;
        if (!t.primary_key->name.empty()) key_string(out, "name", t.primary_key->name);
        key_names(out, "columns", t.primary_key->columns);
        out << YAML::EndMap;
    }
    if (!t.foreign_keys.empty()) {
        out << YAML::Key << "foreign_keys" << YAML::Value << YAML::BeginSeq;
        for (const auto& fk : t.foreign_keys) {
            out << YAML::BeginMap;
            if (!fk.name.empty()) key_string(out, "name", fk.name);
            write_foreign_key_fields(out, fk);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (!t.unique_constraints.empty()) {
        out << YAML::Key << "unique_constraints" << YAML::Value << YAML::BeginSeq;
        for (const auto& u : t.unique_constraints) {
            out << YAML::BeginMap;
            if (!u.name.empty()) key_string(out, "name", u.name);
            key_names(out, "columns", u.columns);
            write_deferral(out, u.deferrable, u.initially_deferred);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (!t.exclusion_constraints.empty()) {
        out << YAML::Key << "exclusion_constraints" << YAML::Value << YAML::BeginSeq;
        for (const auto& ex : t.exclusion_constraints) {
            out << YAML::BeginMap;
            key_string(out, "name", ex.name);
            write_exclusion_fields(out, ex);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (!t.check_constraints.empty()) {
        out << YAML::Key << "check_constraints" << YAML::Value << YAML::BeginSeq;
        for (const auto& c : t.check_constraints) {
            out << YAML::BeginMap;
            if (!c.name.empty()) key_string(out, "name", c.name);
            key_sql(out, "expression", c.expression);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    if (!t.indexes.empty()) {
        // Index.table is the enclosing table, so the file does not repeat it.
        out << YAML::Key << "indexes" << YAML::Value << YAML::BeginSeq;
        for (const auto& ix : t.indexes) {
            out << YAML::BeginMap;
            key_string(out, "name", ix.name);
            write_index_fields(out, ix);
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
    }
    out << YAML::EndMap;
}

void write_state(YAML::Emitter& out, const ColumnState& s) {
    // Block style would put an empty map on a line of its own.
    if (s == ColumnState{}) out << YAML::Flow;
    out << YAML::BeginMap;
    if (s.name) key_string(out, "name", *s.name);
    if (s.type) key_string(out, "type", schema::to_string(*s.type));
    if (s.nullable) key_bool(out, "nullable", *s.nullable);
    if (s.server_default) {
        if (*s.server_default)
            key_sql(out, "server_default", **s.server_default);
        else
            key_null(out, "server_default");
    }
    if (s.comment) {
        if (*s.comment)
            key_string(out, "comment", **s.comment);
        else
            key_null(out, "comment");
    }
    if (s.identity) {
        if (*s.identity) {
            out << YAML::Key << "identity" << YAML::Value;
            write_identity(out, **s.identity);
        } else {
            key_null(out, "identity");
        }
    }
    out << YAML::EndMap;
}

void table_and_name(YAML::Emitter& out, const std::string& table, const std::string& name) {
    key_string(out, "table", table);
    key_string(out, "name", name);
}

// Each writer emits the op's body map; the key order here is the file's key order.
struct BodyWriter {
    YAML::Emitter& out;

    void operator()(const CreateTable& o) const { write_table_body(out, o.table, ""); }
    void operator()(const DropTable& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.name);
        if (o.table) {
            out << YAML::Key << "table" << YAML::Value;
            write_table_body(out, *o.table, o.name);
        }
        out << YAML::EndMap;
    }
    void operator()(const RenameTable& o) const {
        out << YAML::BeginMap;
        key_string(out, "from", o.from);
        key_string(out, "to", o.to);
        if (!o.convention_names) key_bool(out, "convention_names", false);
        out << YAML::EndMap;
    }
    void operator()(const AddColumn& o) const {
        out << YAML::BeginMap;
        key_string(out, "table", o.table);
        out << YAML::Key << "column" << YAML::Value;
        write_column(out, o.column, "");
        out << YAML::EndMap;
    }
    void operator()(const DropColumn& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.name);
        if (o.column) {
            out << YAML::Key << "column" << YAML::Value;
            write_column(out, *o.column, o.name);
        }
        out << YAML::EndMap;
    }
    void operator()(const AlterColumn& o) const {
        out << YAML::BeginMap;
        key_string(out, "table", o.table);
        key_string(out, "column", o.column);
        out << YAML::Key << "to" << YAML::Value;
        write_state(out, o.to);
        if (o.from != ColumnState{}) {
            out << YAML::Key << "from" << YAML::Value;
            write_state(out, o.from);
        }
        out << YAML::EndMap;
    }
    void operator()(const CreateIndex& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.index.name);
        key_string(out, "table", o.index.table);
        write_index_fields(out, o.index);
        if (o.concurrently) key_bool(out, "concurrently", true);
        out << YAML::EndMap;
    }
    void operator()(const DropIndex& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.name);
        key_string(out, "table", o.table);
        if (o.index) {
            out << YAML::Key << "index" << YAML::Value << YAML::BeginMap;
            if (o.index->name != o.name) key_string(out, "name", o.index->name);
            if (o.index->table != o.table) key_string(out, "table", o.index->table);
            write_index_fields(out, *o.index);
            out << YAML::EndMap;
        }
        if (o.concurrently) key_bool(out, "concurrently", true);
        out << YAML::EndMap;
    }
    void operator()(const AddUniqueConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.constraint.name);
        key_names(out, "columns", o.constraint.columns);
        if (!o.using_index.empty()) key_string(out, "using_index", o.using_index);
        write_deferral(out, o.constraint.deferrable, o.constraint.initially_deferred);
        out << YAML::EndMap;
    }
    // Drops carry their constraint inline; its name is the op's name.
    void operator()(const DropUniqueConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.name);
        if (o.constraint) {
            key_names(out, "columns", o.constraint->columns);
            write_deferral(out, o.constraint->deferrable, o.constraint->initially_deferred);
        }
        out << YAML::EndMap;
    }
    void operator()(const AddExclusionConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.constraint.name);
        write_exclusion_fields(out, o.constraint);
        out << YAML::EndMap;
    }
    void operator()(const DropExclusionConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.name);
        if (o.constraint) write_exclusion_fields(out, *o.constraint);
        out << YAML::EndMap;
    }
    void operator()(const AddForeignKey& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.constraint.name);
        write_foreign_key_fields(out, o.constraint);
        if (o.not_valid) key_bool(out, "not_valid", true);
        out << YAML::EndMap;
    }
    void operator()(const DropForeignKey& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.name);
        if (o.constraint) write_foreign_key_fields(out, *o.constraint);
        out << YAML::EndMap;
    }
    void operator()(const AddCheckConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.constraint.name);
        key_sql(out, "expression", o.constraint.expression);
        if (o.not_valid) key_bool(out, "not_valid", true);
        out << YAML::EndMap;
    }
    void operator()(const DropCheckConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.name);
        if (o.constraint) key_sql(out, "expression", o.constraint->expression);
        out << YAML::EndMap;
    }
    void operator()(const Execute& o) const {
        out << YAML::BeginMap;
        key_sql(out, "sql", o.sql);
        if (!o.dialects.empty()) key_names(out, "dialects", o.dialects);
        out << YAML::EndMap;
    }
    void operator()(const BulkInsert& o) const {
        out << YAML::BeginMap;
        key_string(out, "table", o.table);
        key_names(out, "columns", o.columns);
        out << YAML::Key << "rows" << YAML::Value;
        if (o.rows.empty()) out << YAML::Flow;
        out << YAML::BeginSeq;
        for (const auto& row : o.rows) {
            out << YAML::Flow << YAML::BeginSeq;
            for (const auto& v : row) emit_value(out, v);
            out << YAML::EndSeq;
        }
        out << YAML::EndSeq << YAML::EndMap;
    }
    void operator()(const CreatePrimaryKey& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.constraint.name);
        key_names(out, "columns", o.constraint.columns);
        out << YAML::EndMap;
    }
    void operator()(const DropPrimaryKey& o) const {
        out << YAML::BeginMap;
        key_string(out, "table", o.table);
        if (!o.name.empty()) key_string(out, "name", o.name);
        if (o.constraint) key_names(out, "columns", o.constraint->columns);
        out << YAML::EndMap;
    }
    void operator()(const CreateSequence& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.sequence.name);
        write_sequence_fields(out, o.sequence);
        out << YAML::EndMap;
    }
    void operator()(const DropSequence& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.name);
        if (o.sequence) write_sequence_map(out, "sequence", *o.sequence);
        out << YAML::EndMap;
    }
    void operator()(const AlterSequence& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.name);
        write_sequence_map(out, "to", o.to);
        if (o.from) write_sequence_map(out, "from", *o.from);
        out << YAML::EndMap;
    }
    void operator()(const RenameEnumValue& o) const {
        out << YAML::BeginMap;
        key_string(out, "enum", o.enum_name);
        key_string(out, "from", o.from);
        key_string(out, "to", o.to);
        if (!o.columns.empty()) key_names(out, "columns", o.columns);
        out << YAML::EndMap;
    }
    void operator()(const AlterTableOptions& o) const {
        auto options = [&](const char* key, const TableOptions& t) {
            out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
            key_bool(out, "strict", t.strict);
            key_bool(out, "without_rowid", t.without_rowid);
            out << YAML::EndMap;
        };
        out << YAML::BeginMap;
        key_string(out, "table", o.table);
        options("to", o.to);
        if (o.from) options("from", *o.from);
        out << YAML::EndMap;
    }
    void operator()(const AlterTableComment& o) const {
        out << YAML::BeginMap;
        key_string(out, "table", o.table);
        if (o.comment)
            key_string(out, "comment", *o.comment);
        else
            key_null(out, "comment");
        if (o.from) {
            if (*o.from)
                key_string(out, "from", **o.from);
            else
                key_null(out, "from");
        }
        out << YAML::EndMap;
    }
    void operator()(const Assert& o) const {
        out << YAML::BeginMap;
        key_sql(out, "sql", o.sql);
        if (!o.message.empty()) key_string(out, "message", o.message);
        if (!o.dialects.empty()) key_names(out, "dialects", o.dialects);
        out << YAML::EndMap;
    }
    void operator()(const CreateSchema& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.name);
        out << YAML::EndMap;
    }
    void operator()(const DropSchema& o) const {
        out << YAML::BeginMap;
        key_string(out, "name", o.name);
        out << YAML::EndMap;
    }
    void operator()(const ValidateConstraint& o) const {
        out << YAML::BeginMap;
        table_and_name(out, o.table, o.name);
        out << YAML::EndMap;
    }
};

}  // namespace

void write_ops(YAML::Emitter& out, const std::vector<Op>& ops) {
    out << YAML::BeginSeq;
    for (const auto& op : ops) {
        out << YAML::BeginMap << YAML::Key << op_name(op) << YAML::Value;
        std::visit(BodyWriter{out}, op);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

void write_table(YAML::Emitter& out, const schema::Table& table) {
    write_table_body(out, table, "");
}

}  // namespace migrate::ops
