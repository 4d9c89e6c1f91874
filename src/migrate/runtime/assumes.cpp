// settle_assumes(): the state the assumptions describe, built on the shape, compared with it;
// what differs is made, except where an upgrade operation undoes exactly that (by canonical
// form), and then neither runs.
#include "migrate/runtime/assumes.hpp"

#include "migrate/diff/compare.hpp"
#include "migrate/diff/portable.hpp"
#include "migrate/ops/canonical.hpp"
#include "migrate/ops/conflict.hpp"
#include "migrate/runtime/autogenerate.hpp"

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

}  // namespace

SettledAssumes settle_assumes(const script::Revision& revision, const schema::MetaData& shape,
                              const dialect::Renderer& renderer) {
    SettledAssumes settled;
    settled.cancelled.assign(revision.upgrade.size(), false);
    if (revision.assumes.empty()) return settled;
    const auto wanted = assumed_state(shape, revision.assumes);
    settled.made = diff::compare(wanted, shape, compare_options(renderer));
    if (settled.made.empty()) return settled;
    diff::use_portable_spellings(settled.made, wanted);
    diff::name_unnamed_checks(settled.made);
    std::vector<std::string> undone;  // canonical form of what each upgrade op reverses to
    for (const auto& op : revision.upgrade) {
        auto back = ops::reverse(op);
        undone.push_back(back ? ops::canonical({*back}) : "");
    }
    std::vector<ops::Op> kept;
    for (auto& op : settled.made) {
        const std::string form = ops::canonical({op});
        bool paired = false;
        for (std::size_t i = 0; i < undone.size() && !paired; ++i)
            if (!settled.cancelled[i] && undone[i] == form) paired = settled.cancelled[i] = true;
        if (!paired) kept.push_back(std::move(op));
    }
    settled.made = std::move(kept);
    return settled;
}

}  // namespace migrate::runtime
