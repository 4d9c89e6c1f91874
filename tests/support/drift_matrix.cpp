// run_drift_case: the studio's own revisions and models on a real database, changed by hand.
#include "tests/support/drift_matrix.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/drift.hpp"
#include "migrate/runtime/plan.hpp"
#include "migrate/runtime/renames.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/schema/normalize.hpp"
#include "migrate/script/revision.hpp"
#include "migrate/support/text.hpp"
#include "studio/models.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

namespace fs = std::filesystem;
using migrate::dialect::Connection;
using migrate::dialect::Statement;
using migrate::schema::MetaData;
namespace text = migrate::text;

const fs::path kMigrations = fs::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions";
const migrate::runtime::RunnerOptions kOptions;

void run(Connection& db, const std::string& sql) {
    db.execute(Statement{sql, {}, false});
}

std::vector<std::string> first_column(Connection& db, const std::string& sql,
                                      const std::string& param) {
    std::vector<std::string> out;
    for (const auto& row : db.query(Statement{sql, {param}, false}))
        if (!row.empty() && !migrate::schema::is_null(row[0])) out.push_back(value_text(row[0]));
    return out;
}

// The way SQLite's users make a change ALTER TABLE cannot: a new table from the edited text,
// the rows copied, the old one dropped, the indexes made again.
void rebuild_by_hand(Connection& db, const HandEdit& edit) {
    const std::string& t = edit.rebuild_table;
    auto create =
        first_column(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", t);
    ASSERT_EQ(create.size(), 1u) << t;
    std::string sql = create[0];
    auto at = sql.find(edit.from);
    ASSERT_NE(at, std::string::npos) << "'" << edit.from << "' is not in\n" << sql;
    sql.replace(at, edit.from.size(), edit.to);
    auto indexes = first_column(
        db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY rowid",
        t);
    auto old_columns = first_column(db, "SELECT name FROM pragma_table_info(?)", t);
    run(db, "PRAGMA foreign_keys=OFF");
    run(db, "BEGIN");
    run(db, "PRAGMA legacy_alter_table=ON");
    run(db, "ALTER TABLE \"" + t + "\" RENAME TO _hand_old");
    run(db, sql);
    std::vector<std::string> common;
    for (const auto& c : first_column(db, "SELECT name FROM pragma_table_info(?)", t))
        if (std::find(old_columns.begin(), old_columns.end(), c) != old_columns.end())
            common.push_back("\"" + c + "\"");
    run(db, "INSERT INTO \"" + t + "\" (" + text::join(common, ", ") + ") SELECT " +
                text::join(common, ", ") + " FROM _hand_old");
    run(db, "DROP TABLE _hand_old");
    run(db, "PRAGMA legacy_alter_table=OFF");
    for (const auto& index : indexes) run(db, index);
    run(db, "COMMIT");
    run(db, "PRAGMA foreign_keys=ON");
}

// Rows in every table, with values that every hand edit of the matrix accepts.
void seed(Connection& db) {
    const std::string crew1 = "'11111111-1111-1111-1111-111111111111'";
    const std::string crew2 = "'22222222-2222-2222-2222-222222222222'";
    for (const std::string& sql : std::vector<std::string>{
             "INSERT INTO workflows (id, name, description, definition, version) VALUES (1, "
             "'flow', 'a flow', '{\"steps\": []}', 2)",
             "INSERT INTO crews (id, name, description, workflow_id, process, current_task) "
             "VALUES (" +
                 crew1 + ", 'crew one', 'the first', 1, 'sequential', 'writing')",
             "INSERT INTO crews (id, name, description, process) VALUES (" + crew2 +
                 ", 'crew two', 'the second', 'hierarchical')",
             "INSERT INTO agents (id, crew_id, name, role, goal, backstory, temperature) VALUES "
             "(1, " +
                 crew1 + ", 'writer', 'writes', 'write well', 'a past', 0.5)",
             "INSERT INTO agents (id, crew_id, name, role, goal) VALUES (2, " + crew2 +
                 ", 'editor', 'edits', 'edit well')",
             "INSERT INTO tasks (id, crew_id, agent_id, title, description, priority, result) "
             "VALUES (1, " +
                 crew1 + ", 1, 'draft', 'write a draft', 3, 'a draft')",
             "INSERT INTO tasks (id, crew_id, title, description) VALUES (2, " + crew2 +
                 ", 'review', 'review it')",
             "INSERT INTO executions (id, crew_id, workflow_id, status, error_message) VALUES "
             "(1, " +
                 crew1 + ", 1, 'failed', 'it broke')",
         })
        run(db, sql);
}

std::string lower_spaced(const std::string& s) {
    std::string out;
    for (const auto& w : text::split(text::lower(s), ' '))
        if (auto t = text::trim(w); !t.empty()) out += (out.empty() ? "" : " ") + t;
    return out;
}

std::string column_type_text(const migrate::schema::Column& c) {
    return migrate::schema::to_string(c.type) + " [" + lower_spaced(c.native_type) + "]";
}

}  // namespace

// PostgreSQL's own name for a constraint made without one: <table>_<columns>_<suffix>.
bool generated_name(const std::string& table, const std::string& name) {
    if (name.rfind(table + "_", 0) != 0) return false;
    for (const std::string suffix : {"_pkey", "_key", "_fkey", "_check"})
        if (name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

std::vector<std::string> schema_lines(const MetaData& m, const MetaData& reference,
                                      bool generated_names_as_unnamed) {
    std::set<std::string> unnamed;
    auto key = [](const std::string& kind, const std::string& table, const std::string& content) {
        return kind + "|" + table + "|" + content;
    };
    auto cols = [](const std::vector<std::string>& c) { return "(" + text::join(c, ", ") + ")"; };
    auto no_name = [&](const std::string& table, const std::string& name) {
        return name.empty() || (generated_names_as_unnamed && generated_name(table, name));
    };
    for (const auto& t : reference.tables) {
        for (const auto& x : t.unique_constraints)
            if (no_name(t.name, x.name)) unnamed.insert(key("uq", t.name, cols(x.columns)));
        for (const auto& x : t.check_constraints)
            if (no_name(t.name, x.name))
                unnamed.insert(
                    key("ck", t.name, migrate::schema::normalize_expression(x.expression)));
        for (const auto& x : t.foreign_keys)
            if (no_name(t.name, x.name))
                unnamed.insert(key("fk", t.name, cols(x.columns) + x.referred_table));
    }
    auto name = [&](const std::string& kind, const std::string& table, const std::string& content,
                    const std::string& n) {
        return unnamed.count(key(kind, table, content)) ? std::string() : n;
    };
    std::vector<std::string> out;
    for (const auto& t : m.tables) {
        out.push_back("table " + t.name + " comment=" + t.comment.value_or(""));
        for (const auto& c : t.columns)
            out.push_back(
                "column " + t.name + "." + c.name + " " + column_type_text(c) +
                (c.nullable ? " null" : " not null") + " default=" +
                (c.server_default ? migrate::schema::normalize_default(*c.server_default) : "") +
                " comment=" + c.comment.value_or("") +
                (c.identity ? " identity=" + migrate::schema::describe(c.identity) : ""));
        if (t.primary_key) out.push_back("pk " + t.name + " " + cols(t.primary_key->columns));
        for (const auto& x : t.unique_constraints)
            out.push_back("uq " + t.name + " " + name("uq", t.name, cols(x.columns), x.name) + " " +
                          cols(x.columns));
        for (const auto& x : t.check_constraints) {
            auto e = migrate::schema::normalize_expression(x.expression);
            out.push_back("ck " + t.name + " " + name("ck", t.name, e, x.name) + " " + e);
        }
        for (const auto& x : t.foreign_keys)
            out.push_back("fk " + t.name + " " +
                          name("fk", t.name, cols(x.columns) + x.referred_table, x.name) + " " +
                          cols(x.columns) + " -> " + x.referred_table + cols(x.referred_columns) +
                          " " + x.on_delete + "/" + x.on_update);
        for (const auto& x : t.indexes)
            out.push_back(
                "ix " + t.name + " " + x.name + " " +
                migrate::schema::describe_elements(x.columns) + (x.unique ? " unique" : "") +
                " where=" + (x.where ? migrate::schema::normalize_expression(*x.where) : ""));
    }
    std::sort(out.begin(), out.end());
    return out;
}

MetaData inspect(Connection& db) {
    return db.inspect({kOptions.version_table, kOptions.history_table});
}

namespace {

// table.column -> its type text, for choosing the columns whose rows can be compared.
std::map<std::string, std::string> column_types(const MetaData& m) {
    std::map<std::string, std::string> out;
    for (const auto& t : m.tables)
        for (const auto& c : t.columns) out[t.name + "." + c.name] = column_type_text(c);
    return out;
}

std::vector<std::string> same_typed(const MetaData& a, const MetaData& b) {
    auto ta = column_types(a), tb = column_types(b);
    std::vector<std::string> out;
    for (const auto& [column, type] : ta)
        if (auto it = tb.find(column); it != tb.end() && it->second == type) out.push_back(column);
    return out;
}

// Lines of a row_dump() limited to the columns in keep (table.column).
std::vector<std::string> restricted(const std::vector<std::string>& rows,
                                    const std::vector<std::string>& keep) {
    std::set<std::string> wanted(keep.begin(), keep.end());
    std::vector<std::string> out;
    for (const auto& line : rows) {
        auto parts = text::split(line, '|');
        std::string kept = parts[0];
        for (std::size_t i = 1; i < parts.size(); ++i)
            if (wanted.count(parts[0] + "." + parts[i].substr(0, parts[i].find('='))))
                kept += "|" + parts[i];
        if (kept != parts[0]) out.push_back(kept);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void expect_found(const std::vector<migrate::ops::Op>& found, const DriftCase& c) {
    std::vector<std::string> described;
    for (const auto& op : found) described.push_back(migrate::ops::describe(op));
    std::vector<bool> used(described.size(), false);
    for (const auto& want : c.expect) {
        bool matched = false;
        for (std::size_t i = 0; i < described.size() && !matched; ++i)
            if (!used[i] && described[i].rfind(want, 0) == 0) matched = used[i] = true;
        EXPECT_TRUE(matched) << "the check did not find '" << want << "' in:\n  "
                             << text::join(described, "\n  ");
    }
    for (std::size_t i = 0; i < described.size(); ++i)
        EXPECT_TRUE(used[i]) << "the check found more than the hand edit: " << described[i];
}

}  // namespace

void apply_hand_edit(Connection& db, const HandEdit& edit) {
    for (const auto& statement : edit.sql) run(db, statement);
    if (!edit.rebuild_table.empty()) rebuild_by_hand(db, edit);
}

std::vector<std::string> row_dump(Connection& db, const std::vector<std::string>& keep) {
    std::vector<std::string> out;
    for (const auto& t : inspect(db).tables) {
        std::vector<std::string> names;
        for (const auto& c : t.columns)
            if (keep.empty() ||
                std::find(keep.begin(), keep.end(), t.name + "." + c.name) != keep.end())
                names.push_back(c.name);
        if (names.empty()) continue;
        std::sort(names.begin(), names.end());
        std::vector<std::string> quoted;
        for (const auto& n : names) quoted.push_back("\"" + n + "\"");
        for (const auto& row : db.query(Statement{
                 "SELECT " + text::join(quoted, ", ") + " FROM \"" + t.name + "\"", {}, false})) {
            std::string line = t.name;
            for (std::size_t i = 0; i < names.size(); ++i)
                line += "|" + names[i] + "=" + value_text(row[i]);
            out.push_back(line);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

migrate::script::RevisionGraph bring_to_head(Connection& db, const fs::path& versions) {
    const auto renderer = migrate::dialect::renderer_for(db.dialect_name());
    for (const auto& entry : fs::directory_iterator(kMigrations))
        fs::copy_file(entry.path(), versions / entry.path().filename().string());
    auto graph = migrate::script::RevisionGraph::load(versions);
    migrate::runtime::Runner(db, *renderer, graph, kOptions).upgrade("heads");
    seed(db);
    return graph;
}

std::vector<std::string> differences(Connection& db, const MetaData& model) {
    const auto renderer = migrate::dialect::renderer_for(db.dialect_name());
    std::vector<std::string> out;
    for (const auto& op : migrate::runtime::compare_with_database(db, *renderer, model, kOptions))
        out.push_back(migrate::ops::describe(op));
    return out;
}

namespace {

// A revision on top of graph's heads written into versions; the graph read again.
migrate::script::RevisionGraph write_on_heads(const fs::path& versions,
                                              const migrate::script::RevisionGraph& graph,
                                              const std::string& message,
                                              std::vector<migrate::ops::Op> upgrade,
                                              std::vector<migrate::ops::Op> downgrade,
                                              std::vector<migrate::ops::Op> assumes = {}) {
    migrate::script::Revision revision;
    revision.id = migrate::script::new_revision_id();
    revision.down_revisions = graph.heads();
    revision.message = message;
    revision.assumes = std::move(assumes);
    revision.upgrade = std::move(upgrade);
    revision.downgrade = std::move(downgrade);
    migrate::script::write_revision_file(versions, revision);
    return migrate::script::RevisionGraph::load(versions);
}

}  // namespace

migrate::script::RevisionGraph write_autogenerated(Connection& db,
                                                   const migrate::script::RevisionGraph& graph,
                                                   const MetaData& model, const fs::path& versions,
                                                   const std::string& message,
                                                   const std::vector<std::string>& renames) {
    const auto renderer = migrate::dialect::renderer_for(db.dialect_name());
    migrate::runtime::RenameChoices choices;
    choices.named = renames;
    auto draft = migrate::runtime::autogenerate(db, *renderer, graph, model, kOptions, choices);
    return write_on_heads(versions, graph, message, std::move(draft.upgrade),
                          std::move(draft.downgrade), std::move(draft.assumes));
}

migrate::script::RevisionGraph write_hand_revision(const fs::path& versions,
                                                   const migrate::script::RevisionGraph& graph,
                                                   std::vector<migrate::ops::Op> upgrade) {
    auto downgrade = migrate::ops::reverse(upgrade);
    return write_on_heads(versions, graph, "by hand", std::move(upgrade), std::move(downgrade));
}

void run_drift_case(const DriftCase& c, Connection& db) {
    const auto renderer = migrate::dialect::renderer_for(db.dialect_name());
    TempDir versions;
    auto graph = bring_to_head(db, versions.path());

    for (const auto& edit : db.dialect_name() == "sqlite" ? c.sqlite : c.postgresql)
        apply_hand_edit(db, edit);
    const MetaData hand = inspect(db);
    const auto hand_rows = row_dump(db);

    // db check: exactly the hand edit.
    const auto& model = studio::metadata();
    auto found = migrate::runtime::compare_with_database(db, *renderer, model, kOptions);
    expect_found(found, c);
    if (c.expect.empty()) return;

    // db revision --autogenerate, then db upgrade.
    auto after_graph =
        write_autogenerated(db, graph, model, versions.path(), "fix " + c.name, c.renames);
    migrate::runtime::Runner(db, *renderer, after_graph, kOptions).upgrade("heads");

    // db check is clean, and so is db verify's drift: assumes: says what the database had.
    const MetaData fixed = inspect(db);
    auto left = differences(db, model);
    EXPECT_TRUE(left.empty()) << "after the upgrade:\n  " << text::join(left, "\n  ");
    migrate::runtime::Runner runner(db, *renderer, after_graph, kOptions);
    auto drift = migrate::runtime::drift_of(
        after_graph, migrate::runtime::applied_set(after_graph, runner.current()), fixed,
        *renderer);
    for (const auto& d : drift) ADD_FAILURE() << "drift after the upgrade: " << d.description;
    // Rows whose columns kept their type hold the same values.
    const auto kept = same_typed(hand, fixed);
    EXPECT_EQ(row_dump(db, kept), restricted(hand_rows, kept)) << "after the upgrade";

    // db downgrade -1: the hand-made schema again, the rows that survived unchanged.
    runner.downgrade("-1");
    const MetaData back = inspect(db);
    EXPECT_EQ(schema_lines(back, hand), schema_lines(hand, hand));
    // Columns the upgrade dropped come back empty; every other value is what it was.
    std::vector<std::string> surviving;
    const auto fixed_types = column_types(fixed);
    for (const auto& column : same_typed(hand, back))
        if (fixed_types.count(column)) surviving.push_back(column);
    EXPECT_EQ(row_dump(db, surviving), restricted(hand_rows, surviving)) << "after the downgrade";
}

void run_cross_dialect_case(const DriftCase& c, Connection& author, Connection& other) {
    const auto& model = studio::metadata();
    TempDir author_versions, other_versions;
    auto graph = bring_to_head(author, author_versions.path());
    bring_to_head(other, other_versions.path());
    auto edits = [&](Connection& db) {
        return db.dialect_name() == "sqlite" ? c.sqlite : c.postgresql;
    };
    for (const auto& edit : edits(author)) apply_hand_edit(author, edit);
    for (const auto& edit : edits(other)) apply_hand_edit(other, edit);
    const MetaData hand = inspect(other);
    const auto hand_rows = row_dump(other);

    // The revision written against author, shipped to other as a file.
    write_autogenerated(author, graph, model, author_versions.path(),
                        "fix " + c.name + " on " + author.dialect_name(), c.renames);
    for (const auto& entry : fs::directory_iterator(author_versions.path()))
        if (!fs::exists(other_versions / entry.path().filename().string()))
            fs::copy_file(entry.path(), other_versions / entry.path().filename().string());
    auto shipped = migrate::script::RevisionGraph::load(other_versions.path());
    const auto renderer = migrate::dialect::renderer_for(other.dialect_name());
    migrate::runtime::Runner runner(other, *renderer, shipped, kOptions);
    runner.upgrade("heads");
    auto left = differences(other, model);
    EXPECT_TRUE(left.empty()) << "on " << other.dialect_name() << " after the upgrade:\n  "
                              << text::join(left, "\n  ");
    const MetaData fixed = inspect(other);
    const auto kept = same_typed(hand, fixed);
    EXPECT_EQ(row_dump(other, kept), restricted(hand_rows, kept)) << "after the upgrade";

    runner.downgrade("-1");
    // PostgreSQL named what the hand made without a name; SQLite's revision gives it the
    // naming convention's name back: the same constraint.
    EXPECT_EQ(schema_lines(inspect(other), hand, true), schema_lines(hand, hand, true))
        << "on " << other.dialect_name() << " after the downgrade";
}

}  // namespace testing_support
