// Foreign-key dependency order: strongly connected components (so cycles are handled),
// then Kahn's algorithm over them with the smallest declaration index first.
#include "migrate/diff/order.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>

namespace migrate::diff {

namespace {

using Graph = std::vector<std::vector<std::size_t>>;

// Tarjan's algorithm without recursion (2000 tables in a chain would be a deep stack).
// Returns the component of each node.
std::vector<std::size_t> components(const Graph& refers_to, std::size_t& count) {
    const std::size_t n = refers_to.size();
    constexpr std::size_t unvisited = static_cast<std::size_t>(-1);
    std::vector<std::size_t> index(n, unvisited), low(n, 0), component(n, unvisited);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    std::vector<std::pair<std::size_t, std::size_t>> frames;  // node, next edge
    std::size_t next_index = 0;
    count = 0;
    for (std::size_t root = 0; root < n; ++root) {
        if (index[root] != unvisited) continue;
        frames.push_back({root, 0});
        index[root] = low[root] = next_index++;
        stack.push_back(root);
        on_stack[root] = true;
        while (!frames.empty()) {
            auto& [node, edge] = frames.back();
            if (edge < refers_to[node].size()) {
                std::size_t to = refers_to[node][edge++];
                if (index[to] == unvisited) {
                    index[to] = low[to] = next_index++;
                    stack.push_back(to);
                    on_stack[to] = true;
                    frames.push_back({to, 0});
                } else if (on_stack[to]) {
                    low[node] = std::min(low[node], index[to]);
                }
                continue;
            }
            std::size_t done = node;
            frames.pop_back();
            if (!frames.empty())
                low[frames.back().first] = std::min(low[frames.back().first], low[done]);
            if (low[done] != index[done]) continue;
            std::size_t member;
            do {
                member = stack.back();
                stack.pop_back();
                on_stack[member] = false;
                component[member] = count;
            } while (member != done);
            ++count;
        }
    }
    return component;
}

}  // namespace

std::vector<std::size_t> dependency_order(const schema::MetaData& metadata) {
    const auto& tables = metadata.tables;
    const std::size_t n = tables.size();
    std::unordered_map<std::string, std::size_t> by_name;
    by_name.reserve(n);
    for (std::size_t i = 0; i < n; ++i) by_name.emplace(tables[i].name, i);

    Graph refers_to(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& fk : tables[i].foreign_keys) {
            auto it = by_name.find(fk.referred_table);
            if (it != by_name.end() && it->second != i) refers_to[i].push_back(it->second);
        }

    std::size_t count = 0;
    auto component = components(refers_to, count);

    // Members in declaration order; a component ranks by its first member.
    std::vector<std::vector<std::size_t>> members(count);
    for (std::size_t i = 0; i < n; ++i) members[component[i]].push_back(i);

    // Edges between components: referred -> referring, with in-degrees.
    Graph referred_by(count);
    std::vector<std::size_t> waiting(count, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t to : refers_to[i])
            if (component[to] != component[i]) {
                referred_by[component[to]].push_back(component[i]);
                ++waiting[component[i]];
            }

    // Min-heap of ready components keyed by their first member's declaration index.
    using Entry = std::pair<std::size_t, std::size_t>;  // first member, component
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> ready;
    for (std::size_t c = 0; c < count; ++c)
        if (waiting[c] == 0) ready.push({members[c].front(), c});

    std::vector<std::size_t> order;
    order.reserve(n);
    while (!ready.empty()) {
        std::size_t c = ready.top().second;
        ready.pop();
        order.insert(order.end(), members[c].begin(), members[c].end());
        for (std::size_t next : referred_by[c])
            if (--waiting[next] == 0) ready.push({members[next].front(), next});
    }
    return order;
}

namespace {

// Whether fk refers to the unique constraint uq of table (its columns in any order, as
// PostgreSQL matches them).
bool refers_to(const schema::ForeignKey& fk, const std::string& table,
               const schema::UniqueConstraint& uq) {
    if (fk.referred_table != table || fk.referred_columns.size() != uq.columns.size()) return false;
    auto a = fk.referred_columns, b = uq.columns;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

bool any_refers(const std::vector<schema::ForeignKey>& fks, const std::string& table,
                const schema::UniqueConstraint& uq) {
    return std::any_of(fks.begin(), fks.end(),
                       [&](const auto& fk) { return refers_to(fk, table, uq); });
}

// Moves ops[from] to stand just after ops[after] (from < after).
void move_after(std::vector<ops::Op>& ops, std::size_t from, std::size_t after) {
    std::rotate(ops.begin() + static_cast<std::ptrdiff_t>(from),
                ops.begin() + static_cast<std::ptrdiff_t>(from) + 1,
                ops.begin() + static_cast<std::ptrdiff_t>(after) + 1);
}

// Whether op still holds a reference to uq of table (a foreign key it drops).
bool releases(const ops::Op& op, const std::string& table, const schema::UniqueConstraint& uq) {
    if (const auto* d = std::get_if<ops::DropForeignKey>(&op))
        return d->constraint && refers_to(*d->constraint, table, uq);
    if (const auto* d = std::get_if<ops::DropTable>(&op))
        return d->table && any_refers(d->table->foreign_keys, table, uq);
    return false;
}

void drops_after_references(std::vector<ops::Op>& ops) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto* drop = std::get_if<ops::DropUniqueConstraint>(&ops[i]);
        if (!drop || !drop->constraint) continue;
        const std::string table = drop->table, name = drop->name;
        const schema::UniqueConstraint uq = *drop->constraint;
        std::size_t last = i;
        for (std::size_t j = i + 1; j < ops.size(); ++j)
            if (releases(ops[j], table, uq)) last = j;
        if (last == i) continue;
        move_after(ops, i, last);
        // Its re-add (a change of deferral) stays after it.
        for (std::size_t j = i; j < last; ++j) {
            const auto* add = std::get_if<ops::AddUniqueConstraint>(&ops[j]);
            if (!add || add->table != table || add->constraint.name != name) continue;
            move_after(ops, j, last);
            break;
        }
        --i;  // ops[i] is another op now
    }
}

void adds_before_references(std::vector<ops::Op>& ops) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto* add = std::get_if<ops::AddUniqueConstraint>(&ops[i]);
        if (!add) continue;
        const std::string table = add->table;
        const schema::UniqueConstraint uq = add->constraint;
        std::size_t at = i;  // where the unique constraint stands now
        for (std::size_t f = 0; f < at; ++f) {
            if (auto* fk = std::get_if<ops::AddForeignKey>(&ops[f]);
                fk && refers_to(fk->constraint, table, uq)) {
                move_after(ops, f, at);
                --at;
                --f;
            } else if (auto* create = std::get_if<ops::CreateTable>(&ops[f])) {
                auto& keys = create->table.foreign_keys;
                std::vector<ops::Op> later;
                for (auto it = keys.begin(); it != keys.end();) {
                    if (!refers_to(*it, table, uq)) {
                        ++it;
                        continue;
                    }
                    later.push_back(ops::AddForeignKey{create->table.name, *it});
                    it = keys.erase(it);
                }
                ops.insert(ops.begin() + static_cast<std::ptrdiff_t>(at) + 1, later.begin(),
                           later.end());
            }
        }
    }
}

}  // namespace

void order_unique_references(std::vector<ops::Op>& ops) {
    drops_after_references(ops);
    adds_before_references(ops);
}

void order_sequences(std::vector<ops::Op>& ops) {
    // Schemas stay first and last (compare() puts them there), around the sequences.
    auto rank = [](const ops::Op& op) {
        if (std::holds_alternative<ops::CreateSchema>(op)) return 0;
        if (std::holds_alternative<ops::CreateSequence>(op)) return 1;
        if (const auto* a = std::get_if<ops::AlterSequence>(&op)) {
            bool owns = a->to.owned_by && (!a->from || a->from->owned_by != a->to.owned_by);
            return owns ? 4 : 2;
        }
        if (std::holds_alternative<ops::DropSequence>(op)) return 5;
        if (std::holds_alternative<ops::DropSchema>(op)) return 6;
        return 3;
    };
    std::stable_sort(ops.begin(), ops.end(),
                     [&](const ops::Op& a, const ops::Op& b) { return rank(a) < rank(b); });
}

}  // namespace migrate::diff
