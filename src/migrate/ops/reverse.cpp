// reverse(): the operation that undoes another, so a downgrade is derived, never re-diffed.
#include <algorithm>
#include <type_traits>

#include "migrate/ops/op.hpp"
#include "migrate/support/error.hpp"

namespace migrate::ops {

namespace {

// An alter can only be undone when every attribute it changes has a known prior value;
// otherwise the reverse would have to guess (Alembic's existing_* arguments, made mandatory).
bool from_covers_to(const ColumnState& from, const ColumnState& to) {
    return (!to.name || from.name) && (!to.type || from.type) && (!to.nullable || from.nullable) &&
           (!to.server_default || from.server_default) && (!to.comment || from.comment) &&
           (!to.identity || from.identity);
}

struct Reverser {
    std::optional<Op> operator()(const CreateTable& o) const {
        return DropTable{o.table.name, o.table};
    }
    std::optional<Op> operator()(const DropTable& o) const {
        if (!o.table) return std::nullopt;
        return CreateTable{*o.table};
    }
    std::optional<Op> operator()(const RenameTable& o) const {
        return RenameTable{o.to, o.from, o.convention_names};
    }
    std::optional<Op> operator()(const AddColumn& o) const {
        return DropColumn{o.table, o.column.name, o.column};
    }
    std::optional<Op> operator()(const DropColumn& o) const {
        if (!o.column) return std::nullopt;
        return AddColumn{o.table, *o.column};
    }
    std::optional<Op> operator()(const AlterColumn& o) const {
        if (!from_covers_to(o.from, o.to)) return std::nullopt;
        // After a rename the column is known by its new name.
        std::string column = o.to.name ? *o.to.name : o.column;
        return AlterColumn{o.table, std::move(column), o.from, o.to};
    }
    // An index built concurrently (not to block writes) is dropped the same way.
    std::optional<Op> operator()(const CreateIndex& o) const {
        return DropIndex{o.index.name, o.index.table, o.index, o.concurrently};
    }
    std::optional<Op> operator()(const DropIndex& o) const {
        if (!o.index) return std::nullopt;
        schema::Index index = *o.index;
        if (index.name.empty()) index.name = o.name;
        if (index.table.empty()) index.table = o.table;
        return CreateIndex{std::move(index), o.concurrently};
    }
    std::optional<Op> operator()(const AddUniqueConstraint& o) const {
        return DropUniqueConstraint{o.table, o.constraint.name, o.constraint};
    }
    std::optional<Op> operator()(const DropUniqueConstraint& o) const {
        if (!o.constraint) return std::nullopt;
        return AddUniqueConstraint{o.table, *o.constraint};
    }
    std::optional<Op> operator()(const AddForeignKey& o) const {
        return DropForeignKey{o.table, o.constraint.name, o.constraint};
    }
    std::optional<Op> operator()(const DropForeignKey& o) const {
        if (!o.constraint) return std::nullopt;
        return AddForeignKey{o.table, *o.constraint};
    }
    std::optional<Op> operator()(const AddCheckConstraint& o) const {
        return DropCheckConstraint{o.table, o.constraint.name, o.constraint};
    }
    std::optional<Op> operator()(const DropCheckConstraint& o) const {
        if (!o.constraint) return std::nullopt;
        return AddCheckConstraint{o.table, *o.constraint};
    }
    std::optional<Op> operator()(const AddExclusionConstraint& o) const {
        return DropExclusionConstraint{o.table, o.constraint.name, o.constraint};
    }
    std::optional<Op> operator()(const DropExclusionConstraint& o) const {
        if (!o.constraint) return std::nullopt;
        return AddExclusionConstraint{o.table, *o.constraint};
    }
    std::optional<Op> operator()(const CreatePrimaryKey& o) const {
        return DropPrimaryKey{o.table, o.constraint.name, o.constraint};
    }
    std::optional<Op> operator()(const DropPrimaryKey& o) const {
        if (!o.constraint) return std::nullopt;
        return CreatePrimaryKey{o.table, *o.constraint};
    }
    std::optional<Op> operator()(const AlterTableComment& o) const {
        if (!o.from) return std::nullopt;
        return AlterTableComment{o.table, *o.from, o.comment};
    }
    std::optional<Op> operator()(const RenameEnumValue& o) const {
        return RenameEnumValue{o.enum_name, o.to, o.from, o.columns};
    }
    std::optional<Op> operator()(const AlterTableOptions& o) const {
        if (!o.from) return std::nullopt;
        return AlterTableOptions{o.table, *o.from, o.to};
    }
    std::optional<Op> operator()(const CreateSchema& o) const { return DropSchema{o.name}; }
    std::optional<Op> operator()(const DropSchema& o) const { return CreateSchema{o.name}; }
    std::optional<Op> operator()(const CreateSequence& o) const {
        return DropSequence{o.sequence.name, o.sequence};
    }
    std::optional<Op> operator()(const DropSequence& o) const {
        if (!o.sequence) return std::nullopt;
        schema::Sequence sequence = *o.sequence;
        sequence.name = o.name;
        return CreateSequence{std::move(sequence)};
    }
    std::optional<Op> operator()(const AlterSequence& o) const {
        if (!o.from) return std::nullopt;
        return AlterSequence{o.name, *o.from, o.to};
    }
    // Data migrations have no mechanical inverse: the old data is gone.
    std::optional<Op> operator()(const Execute&) const { return std::nullopt; }
    std::optional<Op> operator()(const BulkInsert&) const { return std::nullopt; }
    // Nothing to undo: see undoes_to_nothing.
    std::optional<Op> operator()(const Assert&) const { return std::nullopt; }
    std::optional<Op> operator()(const ValidateConstraint&) const { return std::nullopt; }
};

std::string why_irreversible(const Op& op) {
    if (std::holds_alternative<Execute>(op) || std::holds_alternative<BulkInsert>(op))
        return "data migrations have no automatic reverse";
    if (std::holds_alternative<AlterColumn>(op))
        return "its 'from' state does not give the prior value of every attribute it changes";
    if (std::holds_alternative<AlterTableComment>(op)) return "it does not say the comment before";
    if (std::holds_alternative<AlterTableOptions>(op)) return "it does not say the options before";
    if (std::holds_alternative<AlterSequence>(op))
        return "it does not say the sequence's options before";
    return "it does not carry the object it drops";
}

}  // namespace

std::optional<Op> reverse(const Op& op) {
    return std::visit(Reverser{}, op);
}

bool undoes_to_nothing(const Op& op) {
    return std::holds_alternative<Assert>(op) || std::holds_alternative<ValidateConstraint>(op);
}

std::vector<Op> reverse(const std::vector<Op>& upgrade) {
    std::vector<Op> downgrade;
    downgrade.reserve(upgrade.size());
    for (std::size_t i = 0; i < upgrade.size(); ++i) {
        if (undoes_to_nothing(upgrade[i])) continue;
        auto reversed = reverse(upgrade[i]);
        if (!reversed) {
            Error e(ErrorKind::revision_file, "cannot reverse operation " + std::to_string(i) +
                                                  " (" + op_name(upgrade[i]) +
                                                  "): " + why_irreversible(upgrade[i]));
            e.add_context("operation " + std::to_string(i) + ": " + describe(upgrade[i]));
            e.add_hint("write the downgrade for this revision by hand");
            throw e;
        }
        downgrade.push_back(std::move(*reversed));
    }
    std::reverse(downgrade.begin(), downgrade.end());
    return downgrade;
}

}  // namespace migrate::ops
