// convention_renames(): each name compared with the one the convention gives it for the old
// table name; a match gets the convention's name for the new one.
#include "migrate/ops/table_rename.hpp"

#include "migrate/schema/naming_convention.hpp"
#include "migrate/support/text.hpp"

namespace migrate::ops {

std::vector<ConventionRename> convention_renames(const schema::MetaData& before,
                                                 const RenameTable& op) {
    using Kind = ConventionRename::Kind;
    namespace naming = schema::naming;
    std::vector<ConventionRename> out;
    if (!op.convention_names) return out;
    auto add = [&](Kind kind, const std::string& table, const std::string& from,
                   const std::string& to) {
        if (!from.empty() && from != to) out.push_back({kind, table, from, to});
    };
    for (const auto& t : before.tables) {
        if (t.name == op.from) {
            if (t.primary_key && t.primary_key->name == naming::primary_key(op.from))
                add(Kind::constraint, op.to, t.primary_key->name, naming::primary_key(op.to));
            for (const auto& ix : t.indexes)
                if (ix.name == naming::index_for_elements(op.from, ix.columns))
                    add(Kind::index, op.to, ix.name, naming::index_for_elements(op.to, ix.columns));
            for (const auto& uq : t.unique_constraints)
                if (uq.name == naming::unique(op.from, uq.columns))
                    add(Kind::constraint, op.to, uq.name, naming::unique(op.to, uq.columns));
            const std::string check_prefix = "ck_" + op.from + "_";
            for (const auto& ck : t.check_constraints)
                if (text::starts_with(ck.name, check_prefix))
                    add(Kind::constraint, op.to, ck.name,
                        "ck_" + op.to + "_" + ck.name.substr(check_prefix.size()));
            const std::string exclusion_prefix = "ex_" + op.from + "_";
            for (const auto& ex : t.exclusion_constraints)
                if (text::starts_with(ex.name, exclusion_prefix))
                    add(Kind::constraint, op.to, ex.name,
                        naming::exclusion(op.to, ex.name.substr(exclusion_prefix.size())));
        }
        const std::string owner = t.name == op.from ? op.to : t.name;
        for (const auto& fk : t.foreign_keys) {
            if (fk.columns.empty()) continue;
            // Named for its own table (the renamed one) or for its target (the renamed one).
            const std::string referred = fk.referred_table == op.from ? op.to : fk.referred_table;
            if (fk.name == naming::foreign_key(t.name, fk.columns.front(), fk.referred_table))
                add(Kind::constraint, owner, fk.name,
                    naming::foreign_key(owner, fk.columns.front(), referred));
        }
    }
    return out;
}

}  // namespace migrate::ops
