// settle_assumes(): the state the assumptions describe, built on the shape, compared with it;
// what differs is made, except where an upgrade operation undoes exactly that (by canonical
// form), and then neither runs.
#include "migrate/runtime/assumes.hpp"

#include <algorithm>

#include "migrate/diff/compare.hpp"
#include "migrate/diff/portable.hpp"
#include "migrate/ops/canonical.hpp"
#include "migrate/ops/conflict.hpp"
#include "migrate/ops/match.hpp"
#include "migrate/runtime/autogenerate.hpp"
#include "migrate/support/overloaded.hpp"

namespace migrate::runtime {

namespace {

// shape with the assumptions applied, in passes like the replay (runtime/replay.cpp): a
// description is not a script, and what is already true or cannot apply stays as it is.
schema::MetaData assumed_state(schema::MetaData shape, const std::vector<ops::Op>& assumes) {
    std::vector<const ops::Op*> pending;
    for (const auto& op : assumes) pending.push_back(&op);
    for (bool progress = true; progress && !pending.empty();) {
        progress = false;
        std::vector<const ops::Op*> left;
        for (const auto* op : pending) {
            if (ops::conflict(shape, *op)) {
                left.push_back(op);
                continue;
            }
            ops::apply_unchecked(shape, *op);
            progress = true;
        }
        pending = std::move(left);
    }
    return shape;
}

// A constraint the assumption names that the database holds unnamed with the same content
// is that one (assumptions name every constraint): wanted keeps it unnamed, so comparing
// finds no difference in a name the database never had.
template <class T>
void unname_twins(std::vector<T>& wanted, const std::vector<T>& live) {
    for (auto& x : wanted) {
        if (x.name.empty()) continue;
        bool named_live =
            std::any_of(live.begin(), live.end(), [&](const T& y) { return y.name == x.name; });
        bool unnamed_twin = std::any_of(live.begin(), live.end(), [&](const T& y) {
            return y.name.empty() && ops::same_content(x, y);
        });
        if (!named_live && unnamed_twin) x.name.clear();
    }
}

void keep_unnamed_twins(schema::MetaData& wanted, const schema::MetaData& live) {
    for (auto& t : wanted.tables) {
        const auto* l = live.find_table(t.name);
        if (!l) continue;
        unname_twins(t.check_constraints, l->check_constraints);
        unname_twins(t.unique_constraints, l->unique_constraints);
        unname_twins(t.foreign_keys, l->foreign_keys);
    }
}

// op's canonical form with its constraint's name left out: SQLite keeps unnamed what a
// revision written elsewhere, or the naming convention on reading, names.
std::string nameless_form(ops::Op op) {
    auto clear = [](auto& o) {
        o.name.clear();
        if (o.constraint) o.constraint->name.clear();
    };
    std::visit(overloaded{[](ops::AddForeignKey& o) { o.constraint.name.clear(); },
                          [](ops::AddUniqueConstraint& o) { o.constraint.name.clear(); },
                          [](ops::AddCheckConstraint& o) { o.constraint.name.clear(); },
                          [&](ops::DropForeignKey& o) { clear(o); },
                          [&](ops::DropUniqueConstraint& o) { clear(o); },
                          [&](ops::DropCheckConstraint& o) { clear(o); }, [](auto&) {}},
               op);
    return ops::canonical({op});
}

// Pairs each of made with an upgrade operation that undoes it (form of its reverse equal to
// form of it), marking both.
template <class Form>
std::vector<bool> pair_undone(const std::vector<ops::Op>& made, const std::vector<ops::Op>& upgrade,
                              std::vector<bool>& cancelled, Form form) {
    std::vector<std::string> undone;
    for (const auto& op : upgrade) {
        auto back = ops::reverse(op);
        undone.push_back(back ? form(*back) : "");
    }
    std::vector<bool> paired(made.size(), false);
    for (std::size_t m = 0; m < made.size(); ++m) {
        const std::string made_form = form(made[m]);
        for (std::size_t i = 0; i < undone.size() && !paired[m]; ++i)
            if (!cancelled[i] && !undone[i].empty() && undone[i] == made_form)
                paired[m] = cancelled[i] = true;
    }
    return paired;
}

std::vector<ops::Op> unpaired(std::vector<ops::Op>& made, const std::vector<bool>& paired) {
    std::vector<ops::Op> out;
    for (std::size_t m = 0; m < made.size(); ++m)
        if (!paired[m]) out.push_back(std::move(made[m]));
    return out;
}

}  // namespace

SettledAssumes settle_assumes(const script::Revision& revision, const schema::MetaData& shape,
                              const dialect::Renderer& renderer) {
    SettledAssumes settled;
    settled.cancelled.assign(revision.upgrade.size(), false);
    if (revision.assumes.empty()) return settled;
    auto wanted = assumed_state(shape, revision.assumes);
    keep_unnamed_twins(wanted, shape);
    settled.made = diff::compare(wanted, shape, compare_options(renderer));
    if (settled.made.empty()) return settled;
    diff::use_portable_spellings(settled.made, wanted);
    diff::name_unnamed_checks(settled.made);
    // By exact form first, then by content: the database may keep unnamed what the
    // revision names (or the naming convention named when the assumption was written).
    auto exact = [](const ops::Op& op) { return ops::canonical({op}); };
    auto left = unpaired(settled.made,
                         pair_undone(settled.made, revision.upgrade, settled.cancelled, exact));
    left = unpaired(left, pair_undone(left, revision.upgrade, settled.cancelled, nameless_form));
    // What stands on a cancelled one (the foreign key of a column not made) is not made
    // either: the cancelled upgrade operation would have taken it too.
    settled.made.clear();
    schema::MetaData scratch = shape;
    for (auto& op : left) {
        if (ops::conflict(scratch, op)) continue;
        ops::apply_unchecked(scratch, op);
        settled.made.push_back(std::move(op));
    }
    return settled;
}

std::vector<bool> passing_through(const script::Revision& revision) {
    std::vector<bool> skipped(revision.downgrade.size(), false);
    std::vector<std::string> assumed;
    for (const auto& op : revision.assumes) assumed.push_back(ops::canonical({op}));
    std::vector<bool> paired(assumed.size(), false);
    for (std::size_t i = 0; i < revision.downgrade.size(); ++i) {
        const std::string form = ops::canonical({revision.downgrade[i]});
        for (std::size_t a = 0; a < assumed.size() && !skipped[i]; ++a)
            if (!paired[a] && assumed[a] == form) skipped[i] = paired[a] = true;
    }
    return skipped;
}

}  // namespace migrate::runtime
