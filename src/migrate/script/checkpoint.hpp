// Checkpoints (`db squash`): a revision that creates, in one step, the schema a range of
// revisions leaves, and lists them in `replaces`. Like Django's squashed migrations, a
// database holding none of the replaced revisions goes through the checkpoint, and one
// standing among them keeps going through them; once their files are deleted, references to
// them (a later revision's down_revision) mean the checkpoint.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "migrate/script/revision.hpp"

namespace migrate::script {

class RevisionGraph;

struct CheckpointIndex {
    std::map<std::string, std::string> replaced_by;  // replaced id -> its checkpoint
    // Checkpoints whose replaced revisions are all there: they stand aside (no head, no
    // base, no child of their parents) until a database's view picks them.
    std::set<std::string> aside;
};

// For the RevisionGraph constructor, once ids are indexed (index: id -> position). Where
// a checkpoint's replaced files are all gone, every down_revision and depends_on naming one
// of them is rewritten to the checkpoint. Error(revision_file) for a checkpoint that names a
// revision another one replaces too, whose replaced files are only partly there, or that a
// revision names as its parent while the files it replaces are still there.
CheckpointIndex resolve_checkpoints(std::vector<Revision>& revisions,
                                    const std::map<std::string, std::size_t>& index);

struct SquashRange {
    std::vector<std::string> revisions;  // parents first; the last is the one it ends at
    // The checkpoint's own: the first revision's parents and dependencies (none from base).
    std::vector<std::string> down_revisions, depends_on;
};

// The revisions from `from` to `to` (both included; from "base": every ancestor of to),
// checked to be a range one checkpoint can replace: one way in (only from's parents lead
// into it), one way out (only to's children leave it), no dependency across its border, no
// checkpoint standing aside inside it. Error(usage) with the reason otherwise: a merge whose
// other parent is outside (the range crosses a merge), a revision with a child outside (it
// would leave a dangling branch), ...
SquashRange squash_range(const RevisionGraph& graph, const std::string& from,
                         const std::string& to);

}  // namespace migrate::script
