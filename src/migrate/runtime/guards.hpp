// What autogenerate adds to its operations for a busy database: an assert before each step
// that fails on existing rows, and, with --safe on PostgreSQL, the lock-friendly forms.
#pragma once

#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/ops/op.hpp"

namespace migrate::runtime {

// An assert before every SET NOT NULL and every unique constraint or unique index on a table
// the operations do not create: it names the data to fix instead of the database's error.
std::vector<ops::Op> with_asserts(std::vector<ops::Op> upgrade, const dialect::Renderer& renderer);

// One revision of the safe forms.
struct SafePart {
    std::string label;  // what it does, for the message: "" for the main part
    bool transactional = true;
    std::vector<ops::Op> upgrade;
    std::vector<ops::Op> downgrade;
};

// upgrade (with_asserts applied) in PostgreSQL's lock-friendly forms, as revisions to apply
// in order (docs/lint.md): the main part with foreign keys and checks NOT VALID (and, for a
// SET NOT NULL, a check IS NOT NULL added NOT VALID); each index built or dropped
// CONCURRENTLY in a non-transactional revision of its own (a unique constraint's index
// too); then the validations, the SET NOT NULLs through the validated checks, and the unique
// constraints attached with using_index. Parts with nothing to do are left out.
std::vector<SafePart> safe_forms(const std::vector<ops::Op>& upgrade,
                                 const dialect::Renderer& renderer);

}  // namespace migrate::runtime
