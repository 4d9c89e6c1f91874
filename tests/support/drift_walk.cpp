// run_drift_walk: the drift matrix's hand edits and random model edits, one after the other.
#include "tests/support/drift_walk.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/support/text.hpp"
#include "studio/models.hpp"
#include "tests/support/drift_matrix.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

using migrate::schema::Column;
using migrate::schema::MetaData;
namespace types = migrate::schema::types;

// Hand edits a walk can repeat: each leaves a database that the fix brings back to the models.
// Renames and dropped tables are left out: a fix of either depends on the answer to a question.
std::vector<DriftCase> repeatable_cases(const std::string& dialect) {
    std::vector<DriftCase> out;
    for (auto& c : drift_cases(dialect))
        if (!c.expect.empty() && c.renames.empty() && c.name.find("rename") == std::string::npos &&
            c.name != "drop_table")
            out.push_back(c);
    return out;
}

// The models' edits: columns walk_N added, changed and dropped, with an index now and then.
class ModelEditor {
  public:
    explicit ModelEditor(std::mt19937& random) : random_(random) {}

    std::string edit(MetaData& model) {
        std::vector<std::string> tables;
        for (const auto& t : model.tables) tables.push_back(t.name);
        if (added_.empty() || pick(3) == 0) return add(model, tables[pick(tables.size())]);
        auto& [table, column] = added_[pick(added_.size())];
        auto& t = *model.find_table(table);
        Column& c = *t.find_column(column);
        switch (pick(4)) {
            case 0: {
                std::erase_if(t.indexes, [&](const auto& ix) { return ix.columns[0] == column; });
                std::erase_if(t.columns, [&](const Column& x) { return x.name == column; });
                std::string what = "drop " + table + "." + column;
                std::erase_if(added_, [&](const auto& a) { return a.second == column; });
                return what;
            }
            case 1:
                c.comment = "walk comment " + std::to_string(pick(1000));
                return "comment " + table + "." + column;
            case 2:
                // A NOT NULL column keeps its default: the downgrade of its drop could not
                // recreate it on a table with rows (autogenerate's notes say so).
                if (!c.nullable) return "comment " + table + "." + column;
                if (c.server_default) {
                    c.server_default.reset();
                } else {
                    c.server_default = default_of(c);
                }
                return "default " + table + "." + column;
            default:
                if (std::none_of(t.indexes.begin(), t.indexes.end(),
                                 [&](const auto& ix) { return ix.columns[0] == column; }))
                    t.indexes.push_back({"ix_" + table + "_" + column, table, {column}});
                return "index " + table + "." + column;
        }
    }

  private:
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
    }

    static std::string default_of(const Column& c) {
        if (c.type.kind == migrate::schema::TypeKind::integer) return "7";
        if (c.type.kind == migrate::schema::TypeKind::boolean) return "false";
        return "'walked'";
    }

    std::string add(MetaData& model, const std::string& table) {
        Column c;
        c.name = "walk_" + std::to_string(++count_);
        switch (pick(4)) {
            case 0:
                c.type = types::string(40);
                break;
            case 1:
                c.type = types::integer();
                break;
            case 2:
                c.type = types::boolean();
                break;
            default:
                c.type = types::text();
                break;
        }
        if (pick(2) == 0) {
            c.server_default = default_of(c);
            c.nullable = pick(2) == 0;
        }
        model.find_table(table)->columns.push_back(c);
        added_.push_back({table, c.name});
        return "add " + table + "." + c.name;
    }

    std::mt19937& random_;
    int count_ = 0;
    std::vector<std::pair<std::string, std::string>> added_;  // table, column
};

}  // namespace

unsigned walk_seed() {
    if (const char* s = std::getenv("CREWSTUDIO_WALK_SEED"))
        return static_cast<unsigned>(std::stoul(s));
    return std::random_device{}();
}

static void walk(migrate::dialect::Connection& db, unsigned seed, int steps, std::string& where) {
    SCOPED_TRACE("seed " + std::to_string(seed) +
                 " (repeat with CREWSTUDIO_WALK_SEED=" + std::to_string(seed) + ")");
    std::mt19937 random(seed);
    const auto renderer = migrate::dialect::renderer_for(db.dialect_name());
    const auto cases = repeatable_cases(db.dialect_name());
    TempDir versions;
    auto graph = bring_to_head(db, versions.path());
    MetaData model = studio::metadata();
    ModelEditor editor(random);
    for (int step = 1; step <= steps; ++step) {
        std::string what;
        if (std::uniform_int_distribution<int>(0, 1)(random) == 0) {
            const auto& c =
                cases[std::uniform_int_distribution<std::size_t>(0, cases.size() - 1)(random)];
            for (const auto& edit : db.dialect_name() == "sqlite" ? c.sqlite : c.postgresql)
                apply_hand_edit(db, edit);
            what = "hand edit " + c.name;
        } else {
            what = "model edit " + editor.edit(model);
        }
        where = "step " + std::to_string(step) + ": " + what;
        SCOPED_TRACE(where);
        graph =
            write_autogenerated(db, graph, model, versions.path(), "step " + std::to_string(step));
        migrate::runtime::Runner(db, *renderer, graph, {}).upgrade("heads");
        auto left = differences(db, model);
        ASSERT_TRUE(left.empty()) << "after the upgrade:\n  " << migrate::text::join(left, "\n  ");
    }
    migrate::runtime::Runner runner(db, *renderer, graph, {});
    where = "downgrade base";
    runner.downgrade("base");
    EXPECT_TRUE(inspect(db).tables.empty()) << "downgrade base leaves tables";
    where = "upgrade heads after downgrade base";
    runner.upgrade("heads");
    auto left = differences(db, model);
    EXPECT_TRUE(left.empty()) << "after downgrade base and upgrade heads:\n  "
                              << migrate::text::join(left, "\n  ");
}

void run_drift_walk(migrate::dialect::Connection& db, unsigned seed, int steps) {
    std::string where;
    try {
        walk(db, seed, steps, where);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "seed " << seed << " (repeat with CREWSTUDIO_WALK_SEED=" << seed << "), "
                      << where << ": " << e.what();
    }
}

}  // namespace testing_support
