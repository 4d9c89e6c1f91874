// Rendering a plan before anything runs: each revision's statements and the version rows
// around it, checked and rendered operation by operation against a shape that follows them.
// Online the shape is the live database, inspected under the migration lock; offline it is
// the schema the revisions describe, replayed from base.
#pragma once

#include <cstddef>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// Where the shape an operation is checked against came from; it decides how a conflict is
// worded and which error kind it is.
enum class ShapeBasis {
    live,      // inspected: a conflict is Error(migration), refused before any DDL
    replayed,  // the revisions' description: a conflict is Error(revision_file)
};

inline constexpr std::size_t kNotDeferred = std::numeric_limits<std::size_t>::max();

struct PreparedStep {
    const script::Revision* revision = nullptr;
    const std::vector<ops::Op>* operations = nullptr;
    const std::vector<std::string>* operations_at = nullptr;  // "file:line" each, or empty
    std::vector<std::vector<dialect::Statement>> statements;  // one list per operation
    // Online upgrades: what the revision assumes and the database lacks, made first (one
    // list per such assumes operation), and the operations skipped because they only undo
    // an assumption that was not made (runtime/assumes.hpp).
    std::vector<ops::Op> assumed;
    std::vector<std::vector<dialect::Statement>> assumed_statements;
    std::vector<bool> skipped;
    bool relaxes_foreign_keys = false;
    std::vector<std::string> heads_before, heads_after;
    // The ways the live columns differ from what the revision's alter_column ops expect
    // ('from'); each alter still takes its column to 'to'.
    std::vector<std::string> warnings;
    // Online, after an execute op whose raw SQL may change the schema (ops::may_change_schema)
    // the shape cannot follow it; operations from
    // this index on are checked and rendered against a fresh inspection when they run.
    std::size_t deferred_from = kNotDeferred;
};

// Where an operation is, for errors: "revision abc (file.yaml), upgrade operation 2
// (file.yaml:14)".
struct OperationPlace {
    const script::Revision* revision = nullptr;
    const char* direction = "upgrade";
    std::size_t index = 0;  // 0-based
    std::string at;         // "file:line" or empty
    std::string label() const;
};

// Checks op against shape (ops/conflict.hpp), renders it, and applies it to shape. A
// conflict throws Error(migration) on a live shape, Error(revision_file) on a replayed one,
// worded with what the shape has instead and where the operation is. deferred: checked as
// it comes to run (after raw SQL), not before the run began.
std::vector<dialect::Statement> render_on(const dialect::Renderer& renderer,
                                          schema::MetaData& shape, const ops::Op& op,
                                          ShapeBasis basis, const OperationPlace& place,
                                          bool deferred);

// shape: the schema before the plan runs; applied: what is applied then. A revision that
// cannot be rendered fails here, before any SQL, with its file and operation in the error.
std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer, schema::MetaData shape,
                                        ShapeBasis basis, std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading);

// Offline: the shape is the replay of applied (runtime/replay.hpp).
std::vector<PreparedStep> prepare_steps(const script::RevisionGraph& graph,
                                        const dialect::Renderer& renderer,
                                        std::set<std::string> applied,
                                        const std::vector<std::string>& plan, bool upgrading);

std::string revision_label(const script::Revision& revision);

}  // namespace migrate::runtime
