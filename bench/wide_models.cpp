// bench-wide-models: `crewstudio db` over generated models of T tables, for the large-schema
// benchmark; the engine and the settings resolver are the real ones, only the models differ.
//
//   bench-wide-models TABLES CHANGED db ARGS...
//
// TABLES tables t0000.. of 10 columns, 2 indexes and 1 foreign key each (t0000 refers to
// itself, every other table to t(i/2), so foreign-key order is a real tree, not a chain).
// CHANGED of them (every TABLES/CHANGED-th) carry an 11th column, `note`, that the first
// revision does not have: autogenerate after `CHANGED = TABLES / 100` is the "1% changed" run.
#include <charconv>
#include <iostream>
#include <string>
#include <vector>

#include "migrate/cli/host.hpp"
#include "migrate/schema/builder.hpp"
#include "studio/host.hpp"

namespace {

using migrate::schema::ColumnBuilder;
using migrate::schema::TableBuilder;
namespace types = migrate::schema::types;

std::string table_name(int i) {
    std::string digits = std::to_string(i);
    return "t" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

migrate::schema::MetaData wide_models(int tables, int changed) {
    migrate::schema::MetaData model;
    int stride = changed > 0 ? tables / changed : 0;
    for (int i = 0; i < tables; ++i) {
        TableBuilder t(table_name(i));
        t.column(ColumnBuilder("id", types::integer()).primary_key().autoincrement());
        t.column(ColumnBuilder("parent_id", types::integer())
                     .references(table_name(i / 2), "id", "SET NULL"));
        t.column(ColumnBuilder("name", types::string(100)).not_null().index());
        t.column(ColumnBuilder("code", types::string(20)).not_null().server_default("'new'"));
        t.column(ColumnBuilder("description", types::text()));
        t.column(ColumnBuilder("amount", types::float_()));
        t.column(ColumnBuilder("is_active", types::boolean()).not_null().server_default("true"));
        t.column(ColumnBuilder("payload", types::json()));
        t.column(ColumnBuilder("created_at", types::datetime(true))
                     .not_null()
                     .server_default("CURRENT_TIMESTAMP"));
        t.column(ColumnBuilder("updated_at", types::datetime(true)));
        if (stride > 0 && i % stride == 0 && i / stride < changed)
            t.column(ColumnBuilder("note", types::string(50)));
        t.index({"code", "created_at"});
        model.tables.push_back(t.build());
    }
    return model;
}

bool parse_count(const char* text, int& value) {
    std::string s = text;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size() && value >= 0;
}

}  // namespace

int main(int argc, char** argv) {
    int tables = 0, changed = 0;
    if (argc < 4 || !parse_count(argv[1], tables) || !parse_count(argv[2], changed) ||
        std::string(argv[3]) != "db" || tables < 1 || changed > tables) {
        std::cerr << "usage: bench-wide-models TABLES CHANGED db ARGS...\n"
                     "  TABLES >= 1 generated tables, CHANGED <= TABLES of them with one more "
                     "column\n";
        return 2;
    }
    // crewstudio's own host (settings, name), with the generated models.
    migrate::cli::Host host = studio::host();
    host.metadata = [=] { return wide_models(tables, changed); };
    return migrate::cli::run_db(host, {argv + 4, argv + argc}, std::cout, std::cerr);
}
