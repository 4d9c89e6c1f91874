// CREATE / ALTER / DROP SEQUENCE for sequences of their own (the ones nextval() defaults use).
#include "migrate/dialect/postgres/sequence_sql.hpp"

#include "migrate/dialect/postgres/render.hpp"
#include "migrate/dialect/postgres/types.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::postgres {

namespace {

// A sequence's options are an identity's (without ALWAYS): the same defaults apply.
schema::Identity options_of(const schema::Sequence& s) {
    schema::Identity i;
    i.start = s.start;
    i.increment = s.increment;
    i.min_value = s.min_value;
    i.max_value = s.max_value;
    i.cache = s.cache;
    i.cycle = s.cycle;
    return i;
}

std::string owner_sql(const std::optional<std::string>& owned_by) {
    if (!owned_by) return "NONE";
    auto dot = owned_by->rfind('.');
    return quote_table(owned_by->substr(0, dot)) + "." + quote_ident(owned_by->substr(dot + 1));
}

std::string number(std::int64_t n) {
    return std::to_string(n);
}

// Whether column's default takes its numbers from sequence name: nextval('name'), with or
// without the ::regclass PostgreSQL adds.
bool takes_from(const schema::Column& column, const std::string& name) {
    return column.server_default &&
           column.server_default->find("nextval('" + name + "'") != std::string::npos;
}

}  // namespace

void PostgresRenderer::check_model(const schema::MetaData& model) const {
    for (const auto& s : model.sequences) {
        if (!s.owned_by) continue;
        auto dot = s.owned_by->rfind('.');
        const schema::Table* table = model.find_table(s.owned_by->substr(0, dot));
        const schema::Column* column =
            table ? table->find_column(s.owned_by->substr(dot + 1)) : nullptr;
        if (!column || !takes_from(*column, s.name) || !schema::sequence_type(column->type))
            continue;
        throw Error(ErrorKind::revision_file,
                    "sequence " + s.name + " is owned by " + *s.owned_by +
                        ", whose default takes from it: on PostgreSQL that is the column's serial, "
                        "which reads back as autoincrement, not as a sequence of its own")
            .add_hint("declare " + *s.owned_by +
                      " autoincrement() (a serial) instead, or leave owned_by out");
    }
}

std::string create_sequence_sql(const schema::Sequence& s) {
    std::vector<std::string> words{"CREATE SEQUENCE " + quote_table(s.name)};
    if (s.type.kind != schema::TypeKind::bigint) words.push_back("AS " + native_type(s.type));
    auto option = [&](const char* sql, const std::optional<std::int64_t>& value) {
        if (value) words.push_back(std::string(sql) + " " + number(*value));
    };
    option("INCREMENT BY", s.increment);
    option("MINVALUE", s.min_value);
    option("MAXVALUE", s.max_value);
    option("START WITH", s.start);
    option("CACHE", s.cache);
    if (s.cycle) words.push_back("CYCLE");
    if (s.owned_by) words.push_back("OWNED BY " + owner_sql(s.owned_by));
    return text::join(words, " ");
}

std::string drop_sequence_sql(const std::string& name) {
    return "DROP SEQUENCE " + quote_table(name);
}

std::vector<std::string> alter_sequence_sql(const std::string& name,
                                            const std::optional<schema::Sequence>& from,
                                            const schema::Sequence& to) {
    const SequenceValues b = effective_values(options_of(to), to.type);
    std::optional<SequenceValues> a;
    if (from) a = effective_values(options_of(*from), from->type);
    std::vector<std::string> words;
    // AS first: a bound left at the old type's default moves to the new type's.
    if (!from || from->type != to.type) words.push_back("AS " + native_type(to.type));
    if (!a || a->increment != b.increment) words.push_back("INCREMENT BY " + number(b.increment));
    if (!a || a->min_value != b.min_value || (from && from->type != to.type))
        words.push_back(to.min_value ? "MINVALUE " + number(b.min_value) : "NO MINVALUE");
    if (!a || a->max_value != b.max_value || (from && from->type != to.type))
        words.push_back(to.max_value ? "MAXVALUE " + number(b.max_value) : "NO MAXVALUE");
    if (!a || a->start != b.start) words.push_back("START WITH " + number(b.start));
    if (!a || a->cache != b.cache) words.push_back("CACHE " + number(b.cache));
    if (!a || a->cycle != b.cycle) words.push_back(b.cycle ? "CYCLE" : "NO CYCLE");
    if (!from || from->owned_by != to.owned_by)
        words.push_back("OWNED BY " + owner_sql(to.owned_by));
    if (words.empty()) return {};
    return {"ALTER SEQUENCE " + quote_table(name) + " " + text::join(words, " ")};
}

namespace {

// s with the options of values, those at their defaults for s's type left out (identity_of).
schema::Sequence with_values(schema::Sequence s, const SequenceValues& values) {
    const schema::Identity options = identity_of(false, values, s.type);
    s.start = options.start;
    s.increment = options.increment;
    s.min_value = options.min_value;
    s.max_value = options.max_value;
    s.cache = options.cache;
    s.cycle = options.cycle;
    return s;
}

}  // namespace

schema::Sequence sequence_of(const std::string& name, const schema::Type& type,
                             const SequenceValues& values, const std::string& owned_by) {
    schema::Sequence s;
    s.name = name;
    s.type = type;
    if (!owned_by.empty()) s.owned_by = owned_by;
    return with_values(std::move(s), values);
}

schema::Sequence PostgresRenderer::canonical_sequence(const schema::Sequence& sequence) const {
    return with_values(sequence, effective_values(options_of(sequence), sequence.type));
}

}  // namespace migrate::dialect::postgres
