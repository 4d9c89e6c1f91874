// A revision's assumes: what the database it was written against had, made outside the
// revisions. Upgrading it on a database that lacks part of that (a fresh one, or one where
// the hand-made change never happened) makes the missing part first, so its operations find
// what they were written for; where an operation only undoes such an assumption (it drops the
// hand-made index the assumption adds), neither is run.
#pragma once

#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/schema/table.hpp"
#include "migrate/script/revision.hpp"

namespace migrate::runtime {

struct SettledAssumes {
    // The operations that bring the database to what the revision assumes (from comparing
    // the two, so what it already holds in any spelling is left alone), to run first.
    std::vector<ops::Op> made;
    std::vector<bool> cancelled;  // per upgrade operation: skipped, it undoes an unmade one
};

// shape: the schema the upgrade of revision starts from.
SettledAssumes settle_assumes(const script::Revision& revision, const schema::MetaData& shape,
                              const dialect::Renderer& renderer);

}  // namespace migrate::runtime
