// Rendering a plan: each operation checked against the shape the operations before it leave
// (live or replayed), rendered on it, then applied to it.
#include "migrate/runtime/prepare.hpp"

#include "migrate/ops/conflict.hpp"
#include "migrate/runtime/assumes.hpp"
#include "migrate/runtime/replay.hpp"
#include "migrate/support/error.hpp"

namespace migrate::runtime {

std::string revision_label(const script::Revision& revision) {
    return "revision " + revision.id + " (" + revision.path.filename().string() + ")";
}

std::string OperationPlace::label() const {
    std::string s =
        revision_label(*revision) + ", " + direction + " operation " + std::to_string(index + 1);
    if (!at.empty()) s += " (" + at + ")";
    return s;
}

namespace {

// The heads of applied once id has joined it (upgrading) or left it (downgrading), from the
// heads before: only id and its parents can change, so a step costs id's degree, not a walk
// over the applied set (which made a chain of N revisions cost N^2). Same result as
// RevisionGraph::heads_of(applied), sorted the same way.
std::set<std::string> next_heads(const script::RevisionGraph& graph, std::set<std::string> heads,
                                 const std::set<std::string>& applied, const std::string& id,
                                 bool upgrading) {
    auto has_applied_child = [&](const std::string& x) {
        for (const auto& kid : graph.children(x))
            if (applied.count(kid)) return true;
        return false;
    };
    heads.erase(id);
    if (upgrading && !has_applied_child(id)) heads.insert(id);
    for (const auto& parent : graph.get(id).down_revisions) {
        heads.erase(parent);
        if (applied.count(parent) && !has_applied_child(parent)) heads.insert(parent);
    }
    return heads;
}

Error conflict_error(const ops::Conflict& why, const ops::Op& op, ShapeBasis basis,
                     const OperationPlace& place, bool deferred) {
    const bool live = basis == ShapeBasis::live;
    Error e(live ? ErrorKind::migration : ErrorKind::revision_file,
            ops::describe(op) + " cannot apply to " +
                (live ? "the database" : "the schema the revisions before it describe") + ": " +
                why.message);
    e.add_context(place.label());
    if (live && !deferred)
        e.add_context("nothing ran: every operation is checked against the database first");
    if (live && deferred)
        e.add_context(
            "checked when it came to run, after raw SQL (execute) that the plan could not "
            "follow; its revision was rolled back");
    if (!why.hint.empty()) e.add_hint(why.hint);
    if (live)
        e.add_hint(
            "where the database was changed outside the revisions, db verify lists how it "
            "differs from them (drift); fix the revision or the database, and run again");
    else
        e.add_hint(
            "without a database the script assumes the schema the revisions describe; "
            "describe what was made outside them with an assumes: list in the revision, or "
            "run the command against the database, which is planned against what it holds");
    return e;
}

// Raw SQL that may change the schema, run on this dialect: the shape cannot follow it.
bool changes_shape_unseen(const ops::Op& op, const std::vector<dialect::Statement>& statements) {
    const auto* execute = std::get_if<ops::Execute>(&op);
    return execute && !statements.empty() && ops::may_change_schema(*execute);
}

void settle(const dialect::Renderer& renderer, schema::MetaData& shape, ShapeBasis basis,
            PreparedStep& step) {
    const auto& revision = *step.revision;
    if (revision.assumes.empty()) return;
    // Offline, the schema the revisions describe already holds what each one assumes.
    if (basis == ShapeBasis::replayed) {
        for (const auto& op : revision.assumes)
            if (!ops::conflict(shape, op)) ops::apply_unchecked(shape, op);
        return;
    }
    auto settled = settle_assumes(revision, shape, renderer);
    step.skipped = settled.cancelled;
    for (std::size_t i = 0; i < settled.made.size(); ++i) {
        const ops::Op& op = settled.made[i];
        OperationPlace place{&revision, "assumes", i, ""};
        step.warnings.push_back(revision_label(revision) + " assumes what this database lacks: " +
                                ops::describe(op) + "; it is made before the upgrade");
        step.assumed_statements.push_back(render_on(renderer, shape, op, basis, place, false));
        for (const auto& s : step.assumed_statements.back())
            step.relaxes_foreign_keys = step.relaxes_foreign_keys || s.relaxes_foreign_keys;
    }
    step.assumed = std::move(settled.made);
}

}  // namespace

std::vector<dialect::Statement> render_on(const dialect::Renderer& renderer,
                                          schema::MetaData& shape, const ops::Op& op,
                                          ShapeBasis basis, const OperationPlace& place,
                                          bool deferred) {
    if (auto why = ops::conflict(shape, op)) throw conflict_error(*why, op, basis, place, deferred);
    try {
        auto statements = renderer.render(op, shape);
        ops::apply_unchecked(shape, op);
        return statements;
    } catch (Error& e) {
        e.add_context(place.label() + ": " + ops::describe(op));
        throw;
    }
}

std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer, schema::MetaData shape,
                                        ShapeBasis basis, std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading) {
    const char* direction_name = upgrading ? "upgrade" : "downgrade";
    std::vector<PreparedStep> prepared;
    const auto first_heads = graph.heads_of(applied);
    std::set<std::string> heads(first_heads.begin(), first_heads.end());
    bool deferring = false;  // raw SQL ran before: the rest is planned when it runs
    for (const auto& id : plan) {
        PreparedStep step;
        step.revision = &graph.get(id);
        step.operations = upgrading ? &step.revision->upgrade : &step.revision->downgrade;
        step.operations_at = upgrading ? &step.revision->upgrade_at : &step.revision->downgrade_at;
        // A revision that changed nothing (a merge, say) has nothing to undo either way.
        if (!upgrading && !step.revision->has_downgrade && !step.revision->upgrade.empty())
            throw Error(
                ErrorKind::revision_file,
                revision_label(*step.revision) + " has no downgrade key, so it cannot be reverted")
                .add_hint(
                    "write the operations that undo it under downgrade:, or downgrade: [] when "
                    "there is nothing to undo");
        step.heads_before.assign(heads.begin(), heads.end());
        if (deferring) step.deferred_from = 0;
        step.skipped.assign(step.operations->size(), false);
        if (upgrading && !deferring) settle(renderer, shape, basis, step);
        for (std::size_t i = 0; i < step.operations->size(); ++i) {
            const auto& op = (*step.operations)[i];
            if (deferring || step.skipped[i]) {
                step.statements.emplace_back();
                continue;
            }
            OperationPlace place{step.revision, direction_name, i,
                                 i < step.operations_at->size() ? (*step.operations_at)[i] : ""};
            if (const auto* alter = std::get_if<ops::AlterColumn>(&op);
                alter && basis == ShapeBasis::live && !ops::conflict(shape, op))
                for (const auto& line : ops::unexpected_from(shape, *alter))
                    step.warnings.push_back(place.label() + ": " + ops::describe(op) + ": " + line +
                                            "; it is changed to the revision's target");
            step.statements.push_back(render_on(renderer, shape, op, basis, place, false));
            for (const auto& s : step.statements.back())
                step.relaxes_foreign_keys = step.relaxes_foreign_keys || s.relaxes_foreign_keys;
            // The shape cannot follow raw SQL; what comes after it is planned when it runs.
            if (basis == ShapeBasis::live && changes_shape_unseen(op, step.statements.back())) {
                deferring = true;
                if (i + 1 < step.operations->size()) step.deferred_from = i + 1;
            }
        }
        // What a deferred operation renders to is not known yet; a SQLite rebuild needs
        // foreign keys off before BEGIN, so such a step is prepared for one.
        if (step.deferred_from != kNotDeferred) step.relaxes_foreign_keys = true;
        if (upgrading)
            applied.insert(id);
        else
            applied.erase(id);
        heads = next_heads(graph, std::move(heads), applied, id, upgrading);
        step.heads_after.assign(heads.begin(), heads.end());
        prepared.push_back(std::move(step));
    }
    return prepared;
}

std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer,
                                        std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading) {
    auto shape = schema_at(graph, applied);
    return prepare_steps(graph, renderer, std::move(shape), ShapeBasis::replayed,
                         std::move(applied), plan, upgrading);
}

}  // namespace migrate::runtime
