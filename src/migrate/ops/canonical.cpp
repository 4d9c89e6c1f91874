// The canonical text of operations: compact JSON, sorted keys, defaulted fields left out.
#include "migrate/ops/canonical.hpp"

#include <charconv>
#include <cmath>
#include <map>

#include "migrate/ops/yaml_identity.hpp"
#include "migrate/schema/type.hpp"

namespace migrate::ops {

namespace {

// Written by hand rather than with yaml-cpp's emitter so that a library upgrade that quotes
// differently cannot change every revision's checksum.

using schema::Value;

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xf];
                } else {
                    out += ch;  // UTF-8 bytes pass through unchanged
                }
        }
    }
    return out + "\"";
}

std::string list(const std::vector<std::string>& rendered) {
    std::string out = "[";
    for (std::size_t i = 0; i < rendered.size(); ++i) out += (i ? "," : "") + rendered[i];
    return out + "]";
}

std::string names(const std::vector<std::string>& values) {
    std::vector<std::string> rendered;
    for (const auto& v : values) rendered.push_back(quote(v));
    return list(rendered);
}

std::string value(const Value& v) {
    if (std::holds_alternative<std::monostate>(v)) return "null";
    if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (const std::int64_t* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const double* d = std::get_if<double>(&v)) {
        // JSON has no inf or nan; a tagged object keeps them apart from real strings.
        if (std::isnan(*d)) return "{\"double\":\"nan\"}";
        if (std::isinf(*d)) return *d > 0 ? "{\"double\":\"inf\"}" : "{\"double\":\"-inf\"}";
        char buffer[64];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
        std::string s(buffer, ec == std::errc() ? end : buffer);
        // 2.0 and 2 are different values; keep the double recognisable.
        if (s.find_first_of(".eE") == std::string::npos) s += ".0";
        return s;
    }
    return quote(std::get<std::string>(v));
}

// An object whose keys come out sorted whatever order the fields were added in.
class Object {
  public:
    Object& raw(const std::string& key, std::string rendered) {
        fields_[key] = std::move(rendered);
        return *this;
    }
    Object& str(const std::string& key, const std::string& v) { return raw(key, quote(v)); }
    Object& opt_str(const std::string& key, const std::optional<std::string>& v) {
        return v ? str(key, *v) : *this;
    }
    Object& opt_raw(const std::string& key, const std::optional<std::string>& rendered) {
        return rendered ? raw(key, *rendered) : *this;
    }
    Object& nonempty(const std::string& key, const std::string& v) {
        return v.empty() ? *this : str(key, v);
    }
    Object& flag(const std::string& key, bool v, bool fallback) {
        return v == fallback ? *this : raw(key, v ? "true" : "false");
    }
    Object& names(const std::string& key, const std::vector<std::string>& v) {
        return raw(key, ops::names(v));
    }
    std::string render() const {
        std::string out = "{";
        bool first = true;
        for (const auto& [key, rendered] : fields_) {
            out += (first ? "" : ",") + quote(key) + ":" + rendered;
            first = false;
        }
        return out + "}";
    }

  private:
    std::map<std::string, std::string> fields_;
};

std::string column(const schema::Column& c) {
    return Object()
        .str("name", c.name)
        .str("type", schema::to_string(c.type))
        .flag("nullable", c.nullable, true)
        .opt_str("server_default", c.server_default)
        .opt_str("comment", c.comment)
        .flag("autoincrement", c.autoincrement, false)
        .opt_str("collation", c.collation)
        .opt_raw("generated", c.generated ? std::optional<std::string>(
                                                Object()
                                                    .str("expression", c.generated->expression)
                                                    .flag("stored", c.generated->stored, true)
                                                    .render())
                                          : std::nullopt)
        .opt_raw("identity", c.identity
                                 ? std::optional<std::string>(canonical_identity(*c.identity))
                                 : std::nullopt)
        .render();
}

std::string foreign_key(const std::string& name, const schema::ForeignKey& fk) {
    return Object()
        .str("name", name)
        .names("columns", fk.columns)
        .str("referred_table", fk.referred_table)
        .names("referred_columns", fk.referred_columns)
        .nonempty("on_delete", fk.on_delete)
        .nonempty("on_update", fk.on_update)
        .nonempty("match", fk.match)
        .flag("deferrable", fk.deferrable, false)
        .flag("initially_deferred", fk.initially_deferred, false)
        .render();
}

std::string unique(const std::string& name, const schema::UniqueConstraint& u) {
    return Object()
        .str("name", name)
        .names("columns", u.columns)
        .flag("deferrable", u.deferrable, false)
        .flag("initially_deferred", u.initially_deferred, false)
        .render();
}

std::string exclusion(const std::string& name, const schema::ExclusionConstraint& ex) {
    std::vector<std::string> elements;
    for (const auto& e : ex.elements)
        elements.push_back(Object().str("expression", e.expression).str("operator", e.op).render());
    return Object()
        .str("name", name)
        .str("using", ex.method)
        .raw("elements", list(elements))
        .opt_str("where", ex.where)
        .flag("deferrable", ex.deferrable, false)
        .flag("initially_deferred", ex.initially_deferred, false)
        .render();
}

// A plain column is its name, as before elements existed, so that existing revisions keep
// their checksums; any other element is an object of the keys it sets.
std::string elements(const std::vector<schema::IndexElement>& items) {
    std::vector<std::string> rendered;
    for (const auto& e : items) {
        if (e.is_plain()) {
            rendered.push_back(quote(e.column));
            continue;
        }
        Object o;
        if (e.is_expression())
            o.str("expression", e.expression);
        else
            o.str("column", e.column);
        o.nonempty("opclass", e.opclass);
        if (e.descending) o.str("order", "desc");
        if (e.nulls != schema::IndexNulls::unspecified)
            o.str("nulls", e.nulls == schema::IndexNulls::first ? "first" : "last");
        rendered.push_back(o.render());
    }
    return list(rendered);
}

// The fields every form of an index shares; new ones are left out at their default.
Object& index_fields(Object& o, const schema::Index& ix) {
    o.raw("columns", elements(ix.columns)).flag("unique", ix.unique, false);
    o.opt_str("where", ix.where).nonempty("method", ix.method);
    if (!ix.include.empty()) o.names("include", ix.include);
    return o.flag("nulls_not_distinct", ix.nulls_not_distinct, false);
}

std::string index(const schema::Index& ix, bool with_table) {
    Object o;
    o.str("name", ix.name);
    index_fields(o, ix);
    if (with_table) o.str("table", ix.table);
    return o.render();
}

std::string table(const schema::Table& t) {
    Object o;
    o.str("name", t.name).opt_str("comment", t.comment);
    o.flag("strict", t.strict, false).flag("without_rowid", t.without_rowid, false);
    std::vector<std::string> items;
    for (const auto& c : t.columns) items.push_back(column(c));
    o.raw("columns", list(items));
    if (t.primary_key)
        o.raw("primary_key", Object()
                                 .str("name", t.primary_key->name)
                                 .names("columns", t.primary_key->columns)
                                 .render());
    if (!t.foreign_keys.empty()) {
        items.clear();
        for (const auto& fk : t.foreign_keys) items.push_back(foreign_key(fk.name, fk));
        o.raw("foreign_keys", list(items));
    }
    if (!t.unique_constraints.empty()) {
        items.clear();
        for (const auto& u : t.unique_constraints) items.push_back(unique(u.name, u));
        o.raw("unique_constraints", list(items));
    }
    if (!t.exclusion_constraints.empty()) {
        items.clear();
        for (const auto& ex : t.exclusion_constraints) items.push_back(exclusion(ex.name, ex));
        o.raw("exclusion_constraints", list(items));
    }
    if (!t.check_constraints.empty()) {
        items.clear();
        for (const auto& c : t.check_constraints)
            items.push_back(Object().str("name", c.name).str("expression", c.expression).render());
        o.raw("check_constraints", list(items));
    }
    if (!t.indexes.empty()) {
        // The file format does not repeat an index's table inside its table, so neither
        // does the checksum.
        items.clear();
        for (const auto& ix : t.indexes) items.push_back(index(ix, false));
        o.raw("indexes", list(items));
    }
    return o.render();
}

std::string state(const ColumnState& s) {
    Object o;
    if (s.name) o.str("name", *s.name);
    if (s.type) o.str("type", schema::to_string(*s.type));
    if (s.nullable) o.raw("nullable", *s.nullable ? "true" : "false");
    if (s.server_default)
        o.raw("server_default", *s.server_default ? quote(**s.server_default) : "null");
    if (s.comment) o.raw("comment", *s.comment ? quote(**s.comment) : "null");
    if (s.identity) o.raw("identity", *s.identity ? canonical_identity(**s.identity) : "null");
    return o.render();
}

// A sequence's options (its name apart), defaults left out.
std::string sequence(const schema::Sequence& s) {
    Object o;
    o.str("type", schema::to_string(s.type));
    auto option = [&](const char* key, const std::optional<std::int64_t>& value) {
        if (value) o.raw(key, std::to_string(*value));
    };
    option("start", s.start);
    option("increment", s.increment);
    option("min_value", s.min_value);
    option("max_value", s.max_value);
    option("cache", s.cache);
    return o.flag("cycle", s.cycle, false).opt_str("owned_by", s.owned_by).render();
}

struct Body {
    std::string operator()(const CreateTable& o) const { return table(o.table); }
    std::string operator()(const DropTable& o) const {
        Object b;
        b.str("name", o.name);
        if (o.table) b.raw("table", table(*o.table));
        return b.render();
    }
    std::string operator()(const RenameTable& o) const {
        return Object()
            .str("from", o.from)
            .str("to", o.to)
            .flag("convention_names", o.convention_names, true)
            .render();
    }
    std::string operator()(const AddColumn& o) const {
        return Object().str("table", o.table).raw("column", column(o.column)).render();
    }
    std::string operator()(const DropColumn& o) const {
        Object b;
        b.str("table", o.table).str("name", o.name);
        if (o.column) b.raw("column", column(*o.column));
        return b.render();
    }
    std::string operator()(const AlterColumn& o) const {
        Object b;
        b.str("table", o.table).str("column", o.column).raw("to", state(o.to));
        if (o.from != ColumnState{}) b.raw("from", state(o.from));
        return b.render();
    }
    std::string operator()(const CreateIndex& o) const {
        Object b;
        b.str("name", o.index.name).str("table", o.index.table);
        index_fields(b, o.index).flag("concurrently", o.concurrently, false);
        return b.render();
    }
    std::string operator()(const DropIndex& o) const {
        Object b;
        b.str("name", o.name).str("table", o.table);
        if (o.index) b.raw("index", index(*o.index, true));
        b.flag("concurrently", o.concurrently, false);
        return b.render();
    }
    std::string operator()(const AddUniqueConstraint& o) const {
        return Object()
            .str("table", o.table)
            .str("name", o.constraint.name)
            .names("columns", o.constraint.columns)
            .nonempty("using_index", o.using_index)
            .flag("deferrable", o.constraint.deferrable, false)
            .flag("initially_deferred", o.constraint.initially_deferred, false)
            .render();
    }
    std::string operator()(const AddExclusionConstraint& o) const {
        return Object()
            .str("table", o.table)
            .raw("constraint", exclusion(o.constraint.name, o.constraint))
            .render();
    }
    std::string operator()(const DropExclusionConstraint& o) const {
        Object b;
        b.str("table", o.table).str("name", o.name);
        if (o.constraint) b.raw("constraint", exclusion(o.constraint->name, *o.constraint));
        return b.render();
    }
    std::string operator()(const DropUniqueConstraint& o) const {
        Object b;
        b.str("table", o.table).str("name", o.name);
        if (o.constraint)
            b.names("columns", o.constraint->columns)
                .flag("deferrable", o.constraint->deferrable, false)
                .flag("initially_deferred", o.constraint->initially_deferred, false);
        return b.render();
    }
    std::string operator()(const AddForeignKey& o) const {
        return Object()
            .str("table", o.table)
            .raw("constraint", foreign_key(o.constraint.name, o.constraint))
            .flag("not_valid", o.not_valid, false)
            .render();
    }
    std::string operator()(const DropForeignKey& o) const {
        Object b;
        b.str("table", o.table).str("name", o.name);
        if (o.constraint) b.raw("constraint", foreign_key(o.constraint->name, *o.constraint));
        return b.render();
    }
    std::string operator()(const AddCheckConstraint& o) const {
        return Object()
            .str("table", o.table)
            .str("name", o.constraint.name)
            .str("expression", o.constraint.expression)
            .flag("not_valid", o.not_valid, false)
            .render();
    }
    std::string operator()(const DropCheckConstraint& o) const {
        Object b;
        b.str("table", o.table).str("name", o.name);
        if (o.constraint) b.str("expression", o.constraint->expression);
        return b.render();
    }
    std::string operator()(const Execute& o) const {
        Object b;
        b.str("sql", o.sql);
        if (!o.dialects.empty()) b.names("dialects", o.dialects);
        return b.render();
    }
    std::string operator()(const BulkInsert& o) const {
        std::vector<std::string> rows;
        for (const auto& row : o.rows) {
            std::vector<std::string> values;
            for (const auto& v : row) values.push_back(value(v));
            rows.push_back(list(values));
        }
        return Object()
            .str("table", o.table)
            .names("columns", o.columns)
            .raw("rows", list(rows))
            .render();
    }
    std::string operator()(const CreatePrimaryKey& o) const {
        return Object()
            .str("table", o.table)
            .str("name", o.constraint.name)
            .names("columns", o.constraint.columns)
            .render();
    }
    std::string operator()(const DropPrimaryKey& o) const {
        Object b;
        b.str("table", o.table).nonempty("name", o.name);
        if (o.constraint) b.names("columns", o.constraint->columns);
        return b.render();
    }
    std::string operator()(const RenameEnumValue& o) const {
        Object b;
        b.str("enum", o.enum_name).str("from", o.from).str("to", o.to);
        if (!o.columns.empty()) b.names("columns", o.columns);
        return b.render();
    }
    std::string operator()(const AlterTableOptions& o) const {
        auto options = [](const TableOptions& t) {
            return Object()
                .flag("strict", t.strict, false)
                .flag("without_rowid", t.without_rowid, false)
                .render();
        };
        Object b;
        b.str("table", o.table).raw("to", options(o.to));
        if (o.from) b.raw("from", options(*o.from));
        return b.render();
    }
    std::string operator()(const AlterTableComment& o) const {
        Object b;
        b.str("table", o.table).raw("comment", o.comment ? quote(*o.comment) : "null");
        if (o.from) b.raw("from", *o.from ? quote(**o.from) : "null");
        return b.render();
    }
    std::string operator()(const Assert& o) const {
        Object b;
        b.str("sql", o.sql).nonempty("message", o.message);
        if (!o.dialects.empty()) b.names("dialects", o.dialects);
        return b.render();
    }
    std::string operator()(const CreateSchema& o) const {
        return Object().str("name", o.name).render();
    }
    std::string operator()(const DropSchema& o) const {
        return Object().str("name", o.name).render();
    }
    std::string operator()(const CreateSequence& o) const {
        return Object().str("name", o.sequence.name).raw("sequence", sequence(o.sequence)).render();
    }
    std::string operator()(const DropSequence& o) const {
        Object b;
        b.str("name", o.name);
        if (o.sequence) b.raw("sequence", sequence(*o.sequence));
        return b.render();
    }
    std::string operator()(const AlterSequence& o) const {
        Object b;
        b.str("name", o.name).raw("to", sequence(o.to));
        if (o.from) b.raw("from", sequence(*o.from));
        return b.render();
    }
    std::string operator()(const ValidateConstraint& o) const {
        return Object().str("table", o.table).str("name", o.name).render();
    }
};

}  // namespace

std::string canonical(const std::vector<Op>& ops) {
    // One op per line keeps a diff of two canonical forms readable when a checksum differs.
    std::string out;
    for (const auto& op : ops)
        out += Object().raw(op_name(op), std::visit(Body{}, op)).render() + "\n";
    return out;
}

}  // namespace migrate::ops
