// Drift, worded from the operations that would turn the live schema back into the one the
// revisions describe: what each says is what the database has that the history does not.
#include "migrate/runtime/drift.hpp"

#include <algorithm>

#include "migrate/diff/compare.hpp"
#include "migrate/ops/conflict.hpp"
#include "migrate/ops/match.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/runtime/replay.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/overloaded.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

std::string columns_text(const std::vector<std::string>& columns) {
    return "(" + text::join(columns, ", ") + ")";
}

std::string named(const std::string& what, const std::string& name, const std::string& detail) {
    return what + (name.empty() ? " (unnamed) " : " " + name + " ") + detail;
}

const std::string kMissing = " is missing from the database (the revisions have it)";
const std::string kExtra = " is in the database, but not in the revisions";

std::string attribute_changes(const ops::AlterColumn& o) {
    // to: what the revisions describe; from: what the database has.
    std::vector<std::string> parts;
    auto text_or_none = [](const std::optional<std::string>& v) { return v ? *v : "none"; };
    if (o.to.type && o.from.type)
        parts.push_back("type " + schema::to_string(*o.from.type) + " (the revisions say " +
                        schema::to_string(*o.to.type) + ")");
    if (o.to.nullable && o.from.nullable)
        parts.push_back(std::string(*o.from.nullable ? "nullable" : "not null") +
                        " (the revisions say " + (*o.to.nullable ? "nullable" : "not null") + ")");
    if (o.to.server_default && o.from.server_default)
        parts.push_back("default " + text_or_none(*o.from.server_default) + " (the revisions say " +
                        text_or_none(*o.to.server_default) + ")");
    if (o.to.comment && o.from.comment)
        parts.push_back("comment " + text_or_none(*o.from.comment) + " (the revisions say " +
                        text_or_none(*o.to.comment) + ")");
    return text::join(parts, ", ");
}

DriftItem word(const ops::Op& op) {
    return std::visit(
        overloaded{
            [](const ops::CreateTable& o) {
                return DriftItem{o.table.name, "table " + o.table.name + kMissing};
            },
            [](const ops::DropTable& o) {
                return DriftItem{o.name, "table " + o.name + kExtra};
            },
            [](const ops::RenameTable& o) {
                return DriftItem{o.from,
                                 "table " + o.from + " is named " + o.to + " in the revisions"};
            },
            [](const ops::AddColumn& o) {
                return DriftItem{o.table, "column " + o.table + "." + o.column.name + " (" +
                                              ops::column_summary(o.column) + ")" + kMissing};
            },
            [](const ops::DropColumn& o) {
                std::string detail = o.column ? " (" + ops::column_summary(*o.column) + ")" : "";
                return DriftItem{o.table, "column " + o.table + "." + o.name + detail + kExtra};
            },
            [](const ops::AlterColumn& o) {
                return DriftItem{o.table, "column " + o.table + "." + o.column +
                                              " differs: the database has " + attribute_changes(o)};
            },
            [](const ops::CreateIndex& o) {
                return DriftItem{o.index.table,
                                 named("index", o.index.name,
                                       "on " + o.index.table + " " +
                                           schema::describe_elements(o.index.columns)) +
                                     kMissing};
            },
            [](const ops::DropIndex& o) {
                std::string detail =
                    o.index ? " " + schema::describe_elements(o.index->columns) : "";
                return DriftItem{o.table,
                                 named("index", o.name, "on " + o.table + detail) + kExtra};
            },
            [](const ops::AddUniqueConstraint& o) {
                return DriftItem{o.table,
                                 named("unique constraint", o.constraint.name,
                                       columns_text(o.constraint.columns) + " on " + o.table) +
                                     kMissing};
            },
            [](const ops::DropUniqueConstraint& o) {
                std::string detail = o.constraint ? columns_text(o.constraint->columns) + " " : "";
                return DriftItem{
                    o.table, named("unique constraint", o.name, detail + "on " + o.table) + kExtra};
            },
            [](const ops::AddForeignKey& o) {
                return DriftItem{
                    o.table, named("foreign key", o.constraint.name,
                                   columns_text(o.constraint.columns) + " on " + o.table + " -> " +
                                       o.constraint.referred_table) +
                                 kMissing};
            },
            [](const ops::DropForeignKey& o) {
                std::string detail = o.constraint ? columns_text(o.constraint->columns) + " -> " +
                                                        o.constraint->referred_table + " "
                                                  : "";
                return DriftItem{o.table,
                                 named("foreign key", o.name, detail + "on " + o.table) + kExtra};
            },
            [](const ops::AddCheckConstraint& o) {
                return DriftItem{o.table, named("check constraint", o.constraint.name,
                                                "(" + o.constraint.expression + ") on " + o.table) +
                                              kMissing};
            },
            [](const ops::DropCheckConstraint& o) {
                std::string detail = o.constraint ? "(" + o.constraint->expression + ") " : "";
                return DriftItem{
                    o.table, named("check constraint", o.name, detail + "on " + o.table) + kExtra};
            },
            [](const ops::AddExclusionConstraint& o) {
                return DriftItem{o.table,
                                 named("exclusion constraint", o.constraint.name,
                                       ops::describe_item(o.constraint) + " on " + o.table) +
                                     kMissing};
            },
            [](const ops::DropExclusionConstraint& o) {
                std::string detail = o.constraint ? ops::describe_item(*o.constraint) + " " : "";
                return DriftItem{
                    o.table,
                    named("exclusion constraint", o.name, detail + "on " + o.table) + kExtra};
            },
            [](const ops::CreatePrimaryKey& o) {
                return DriftItem{o.table, "primary key " + columns_text(o.constraint.columns) +
                                              " of table " + o.table + kMissing};
            },
            [](const ops::DropPrimaryKey& o) {
                std::string detail = o.constraint ? columns_text(o.constraint->columns) + " " : "";
                return DriftItem{o.table, "primary key " + detail + "of table " + o.table + kExtra};
            },
            [](const ops::AlterTableComment& o) {
                auto text_or_none = [](const std::optional<std::string>& v) {
                    return v ? "'" + *v + "'" : std::string("none");
                };
                return DriftItem{o.table, "the comment of table " + o.table + " is " +
                                              (o.from ? text_or_none(*o.from) : "different") +
                                              " (the revisions say " + text_or_none(o.comment) +
                                              ")"};
            },
            [](const ops::RenameEnumValue& o) {
                return DriftItem{"", "enum type " + o.enum_name + " has the label " + o.to +
                                         " where the revisions say " + o.from};
            },
            [](const ops::AlterTableOptions& o) {
                auto said = [](const ops::TableOptions& t) {
                    return std::string("strict ") + (t.strict ? "on" : "off") + ", without rowid " +
                           (t.without_rowid ? "on" : "off");
                };
                return DriftItem{o.table, "the options of table " + o.table + " are " +
                                              (o.from ? said(*o.from) : "different") +
                                              " (the revisions say " + said(o.to) + ")"};
            },
            [](const ops::CreateSequence& o) {
                return DriftItem{"", "sequence " + o.sequence.name + kMissing};
            },
            [](const ops::DropSequence& o) {
                return DriftItem{"", "sequence " + o.name + kExtra};
            },
            [](const ops::AlterSequence& o) {
                return DriftItem{"", "sequence " + o.name + " is " +
                                         (o.from ? schema::describe(*o.from) : "different") +
                                         " (the revisions say " + schema::describe(o.to) + ")"};
            },
            [](const ops::Execute& o) {
                return DriftItem{"", ops::describe(o)};
            },
            [](const ops::BulkInsert& o) {
                return DriftItem{o.table, ops::describe(o)};
            },
            [](const ops::CreateSchema& o) {
                return DriftItem{"", "schema " + o.name + kMissing};
            },
            [](const ops::DropSchema& o) {
                return DriftItem{"", "schema " + o.name + kExtra};
            },
            // A comparison never asks for these; worded all the same.
            [](const ops::Assert& o) {
                return DriftItem{"", ops::describe(o)};
            },
            [](const ops::ValidateConstraint& o) {
                return DriftItem{o.table, "constraint " + o.name + " on " + o.table +
                                              " is not validated (NOT VALID)"};
            },
        },
        op);
}

// The tables an operation names, for "the drift in the tables a run touches".
std::vector<std::string> tables_of(const ops::Op& op) {
    return std::visit(
        overloaded{
            [](const ops::CreateTable& o) { return std::vector<std::string>{o.table.name}; },
            [](const ops::DropTable& o) { return std::vector<std::string>{o.name}; },
            [](const ops::RenameTable& o) {
                return std::vector<std::string>{o.from, o.to};
            },
            [](const ops::CreateIndex& o) { return std::vector<std::string>{o.index.table}; },
            [](const ops::Execute&) { return std::vector<std::string>{}; },
            [](const ops::Assert&) { return std::vector<std::string>{}; },
            [](const ops::CreateSchema&) { return std::vector<std::string>{}; },
            [](const ops::DropSchema&) { return std::vector<std::string>{}; },
            [](const ops::CreateSequence&) { return std::vector<std::string>{}; },
            [](const ops::DropSequence&) { return std::vector<std::string>{}; },
            [](const ops::AlterSequence&) { return std::vector<std::string>{}; },
            [](const ops::RenameEnumValue& o) {
                std::vector<std::string> tables;
                for (const auto& column : o.columns)
                    tables.push_back(column.substr(0, column.rfind('.')));
                return tables;
            },
            [](const auto& o) { return std::vector<std::string>{o.table}; },
        },
        op);
}

}  // namespace

std::vector<DriftItem> drift(const schema::MetaData& described, const schema::MetaData& live,
                             const dialect::Renderer& renderer) {
    std::vector<DriftItem> out;
    // The operations that would make the database what the revisions describe.
    for (const auto& op : diff::compare(described, live, compare_options(renderer)))
        out.push_back(word(op));
    return out;
}

std::vector<DriftItem> drift_of(const script::RevisionGraph& graph,
                                const std::set<std::string>& applied, const schema::MetaData& live,
                                const dialect::Renderer& renderer) {
    auto described = described_schema(graph, applied);
    std::vector<DriftItem> out;
    for (const auto& line : described.skipped)
        out.push_back({"", "the revisions do not replay: " + line});
    for (auto& item : drift(described.schema, live, renderer)) out.push_back(std::move(item));
    return out;
}

void warn_about_drift(const script::RevisionGraph& graph, const std::set<std::string>& applied,
                      const schema::MetaData& live, const dialect::Renderer& renderer,
                      const std::vector<std::string>& plan, bool upgrading) {
    std::set<std::string> touched;
    for (const auto& id : plan) {
        const auto& revision = graph.get(id);
        for (const auto& op : upgrading ? revision.upgrade : revision.downgrade)
            for (auto& table : tables_of(op)) touched.insert(std::move(table));
    }
    std::vector<DriftItem> items;
    try {
        items = drift_of(graph, applied, live, renderer);
    } catch (const Error& e) {
        // Drift is information; a history it cannot compare must not stop the run.
        log().debug("drift not measured: {}", e.message());
        return;
    }
    std::size_t shown = 0;
    for (const auto& item : items)
        if (!item.table.empty() && touched.count(item.table)) {
            log().warn("drift in table {}: {}", item.table, item.description);
            ++shown;
        }
    if (shown)
        log().warn(
            "the database differs from the revisions in the tables this run touches (see db "
            "verify); the run is planned against what the database holds");
}

}  // namespace migrate::runtime
