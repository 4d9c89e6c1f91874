// The revision graph: heads, bases, branches, merges, labels, and target resolution.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/script/revision.hpp"

namespace migrate::script {

class RevisionGraph {
  public:
    // Validates: duplicate ids, missing parents or dependencies, cycles, labels used twice.
    // Each is Error(revision_file) naming the files involved.
    explicit RevisionGraph(std::vector<Revision> revisions);

    // Every *.yaml file in directory (a missing directory is an empty graph).
    static RevisionGraph load(const std::filesystem::path& directory);
    // The same graph from each file's header only (read_revision_outline): revisions without
    // operations, so no checksum or SQL; for commands that walk the graph and nothing else.
    static RevisionGraph load_outline(const std::filesystem::path& directory);
    // Error(config) naming directory when it is missing or not a directory: for the commands
    // that must not read a mistyped path as "no revisions" (callers add how to fix it).
    static void require_directory(const std::filesystem::path& directory);

    const std::vector<Revision>& revisions() const { return revisions_; }
    bool empty() const { return revisions_.empty(); }
    const Revision& get(const std::string& id) const;  // exact id; throws if absent
    const Revision* find(const std::string& id) const;

    // Revisions nothing descends from, and revisions with no parent; sorted by id.
    std::vector<std::string> heads() const;
    std::vector<std::string> bases() const;
    // Revisions with more than one child (branch points).
    std::vector<std::string> branch_points() const;
    std::vector<std::string> children(const std::string& id) const;

    // The single head; Error(revision_file) listing the heads with their messages and the
    // `db merge` command when there are several.
    std::string head() const;

    // An exact id, a unique id prefix (at least 4 digits... any length if unique), or a
    // branch label. Throws Error(usage) for unknown and ambiguous ones (naming candidates).
    std::string resolve_revision(const std::string& spec) const;

    // Resolves a target that needs no database (script/target.hpp lists the forms) to the
    // revisions it names: "heads", "head", "base" (empty), "label@head", "head-1", an id...
    std::vector<std::string> resolve_target(const std::string& spec) const;

    // The heads when depends_on counts as a parent (`db heads --resolve-dependencies`):
    // a head another revision depends on is not one.
    std::vector<std::string> heads_resolving_dependencies() const;

    // The revision, its down_revisions and depends_on, transitively.
    std::set<std::string> ancestors(const std::vector<std::string>& ids) const;
    // ids and everything that descends from them (through down_revisions or depends_on).
    std::set<std::string> descendants(const std::vector<std::string>& ids) const;

    // Topological order (parents first; ties broken by id), restricted to subset.
    std::vector<std::string> topological(const std::set<std::string>& subset) const;

    // The heads of an applied set (members nothing else in the set descends from).
    std::vector<std::string> heads_of(const std::set<std::string>& applied) const;

  private:
    std::vector<Revision> revisions_;
    std::map<std::string, std::size_t> index_;
    std::map<std::string, std::vector<std::string>> children_;  // via down_revisions only
    std::vector<std::string> order_;                            // topological, all revisions
};

}  // namespace migrate::script
