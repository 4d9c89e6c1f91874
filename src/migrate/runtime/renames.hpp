// Renames during autogenerate: a dropped table or column and an added one that may be the
// same thing renamed. Named ones (--rename) are taken, the others asked about where someone
// can answer, and the rest stay drop + add with a warning that names the option.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/ops/op.hpp"
#include "migrate/schema/table.hpp"

namespace migrate::runtime {

struct RenameChoices {
    // "TABLE.OLD:NEW" for a column, "OLD:NEW" for a table.
    std::vector<std::string> named;
    // Asks a yes/no question ("Did you rename table a to b?"); empty: nobody to ask.
    std::function<bool(const std::string& question)> ask;
};

// operations: model against database. Throws Error(usage) for a named rename that matches
// no dropped and added pair.
std::vector<ops::Op> resolve_renames(std::vector<ops::Op> operations, const RenameChoices& choices,
                                     const schema::MetaData& model,
                                     const schema::MetaData& database,
                                     const dialect::Renderer& renderer);

}  // namespace migrate::runtime
