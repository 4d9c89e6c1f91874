// Reading deferral, MATCH and exclusion constraints from revision files.
#include "migrate/ops/yaml_constraints.hpp"

#include <cctype>

namespace migrate::ops::yaml_fields {

const Keys kExclusionKeys = {"name",  "using",      "elements",
                             "where", "deferrable", "initially_deferred"};
const Keys kExclusionElementKeys = {"expression", "operator"};

schema::ForeignKey read_foreign_key(const Fields& f, const std::string& name) {
    schema::ForeignKey fk;
    fk.name = name;
    fk.columns = f.names("columns");
    fk.referred_table = f.str("referred_table");
    fk.referred_columns = f.names("referred_columns");
    fk.on_delete = f.str_or("on_delete", "");
    fk.on_update = f.str_or("on_update", "");
    fk.match = read_match(f);
    read_deferral(f, fk.deferrable, fk.initially_deferred);
    return fk;
}

void read_deferral(const Fields& f, bool& deferrable, bool& initially_deferred) {
    deferrable = f.flag("deferrable", false);
    initially_deferred = f.flag("initially_deferred", false);
    if (initially_deferred && !deferrable)
        fail(f.source(), *f.find("initially_deferred"),
             f.what() + " is initially_deferred but not deferrable",
             "add deferrable: true (a constraint that cannot be deferred is checked at once)");
}

std::string read_match(const Fields& f) {
    const YAML::Node* node = f.find("match");
    if (!node) return "";
    std::string match = text::lower(f.str("match"));
    if (match == "simple") return "";
    if (match == "full") return "FULL";
    fail(f.source(), *node,
         "'match' in " + f.what() + " must be simple or full, got '" + f.str("match") + "'",
         match == "partial" ? "PostgreSQL has not implemented MATCH PARTIAL; use full or simple"
                            : "write match: full, or leave it out for MATCH SIMPLE");
}

schema::ExclusionConstraint read_exclusion_fields(const Fields& f, const std::string& name) {
    schema::ExclusionConstraint ex;
    ex.name = name;
    ex.method = text::lower(f.str_or("using", "gist"));
    bool plain = !ex.method.empty();
    for (unsigned char c : ex.method) plain = plain && (std::isalnum(c) || c == '_');
    if (!plain)
        fail(f.source(), *f.find("using"),
             "'using' in " + f.what() + " must name an index method, got '" + ex.method + "'",
             "e.g. using: gist (btree, hash, gist, spgist)");
    const YAML::Node& elements = f.list("elements", f.required("elements"));
    if (elements.size() == 0)
        fail(f.source(), elements, f.what() + " has no elements",
             "list them, e.g. elements: [{expression: room, operator: \"=\"}]");
    std::size_t i = 0;
    for (const auto& item : elements) {
        Fields e(item, f.sub("elements", i++), kExclusionElementKeys, f.source());
        ex.elements.push_back({text::trim(e.str("expression")), text::trim(e.str("operator"))});
    }
    ex.where = f.opt_str("where");
    read_deferral(f, ex.deferrable, ex.initially_deferred);
    return ex;
}

ops::Op read_add_exclusion(const Fields& f) {
    return ops::AddExclusionConstraint{f.str("table"), read_exclusion_fields(f, f.str("name"))};
}
ops::Op read_drop_exclusion(const Fields& f) {
    ops::DropExclusionConstraint o{f.str("table"), f.str("name"), std::nullopt};
    if (f.has("elements")) o.constraint = read_exclusion_fields(f, o.name);
    return o;
}

}  // namespace migrate::ops::yaml_fields
