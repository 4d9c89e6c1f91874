// The rules over an execute's SQL on PostgreSQL: statements lint recognises are held to the
// same rules as the operations; what it cannot read is PG109.
#include <algorithm>

#include "migrate/lint/sql_words.hpp"
#include "migrate/lint/walk.hpp"
#include "migrate/support/text.hpp"

namespace migrate::lint {

namespace {

// The table name after position i (skipping ONLY, IF EXISTS, a schema prefix), or "".
std::string table_after(const SqlStatement& s, std::size_t i) {
    while (i < s.words.size() &&
           (s.words[i].upper == "ONLY" || s.words[i].upper == "IF" || s.words[i].upper == "EXISTS"))
        ++i;
    if (i >= s.words.size() || s.words[i].punctuation) return "";
    std::string name = s.words[i].name;
    if (i + 2 < s.words.size() && s.words[i + 1].upper == "." && !s.words[i + 2].punctuation)
        name = s.words[i + 2].name;
    return name;
}

bool has(const SqlStatement& s, const std::string& keyword) {
    return s.find(keyword) < s.words.size();
}

// Two keywords one after the other ("NOT VALID", "USING INDEX").
bool has_pair(const SqlStatement& s, const std::string& a, const std::string& b) {
    for (std::size_t i = s.find(a); i + 1 < s.words.size(); i = s.find(a, i + 1))
        if (s.words[i + 1].upper == b) return true;
    return false;
}

// Statements that read or write rows, or make new objects: nothing for these rules.
bool harmless(const SqlStatement& s) {
    static const std::vector<std::vector<std::string>> forms = {{"SELECT"},
                                                                {"INSERT"},
                                                                {"UPDATE"},
                                                                {"DELETE"},
                                                                {"WITH"},
                                                                {"SET"},
                                                                {"RESET"},
                                                                {"COMMENT"},
                                                                {"ANALYZE"},
                                                                {"GRANT"},
                                                                {"REVOKE"},
                                                                {"VALUES"},
                                                                {"CREATE", "TABLE"},
                                                                {"CREATE", "VIEW"},
                                                                {"CREATE", "TYPE"},
                                                                {"CREATE", "SEQUENCE"},
                                                                {"CREATE", "EXTENSION"},
                                                                {"CREATE", "FUNCTION"},
                                                                {"CREATE", "OR", "REPLACE"},
                                                                {"CREATE", "SCHEMA"}};
    return std::any_of(forms.begin(), forms.end(), [&](const auto& f) { return s.starts(f); });
}

void create_index(Walk& w, const SqlStatement& s) {
    const bool concurrently = has(s, "CONCURRENTLY");
    const std::string table = table_after(s, s.find("ON") + 1);
    const bool existing = table.empty() || w.is_existing(table);
    if (concurrently && w.revision.transactional)
        w.flag("PG103", table, "execute creates an index CONCURRENTLY");
    else if (!concurrently && existing)
        w.flag("PG101", table, "execute creates an index on " + table + " without CONCURRENTLY");
    if (s.starts({"CREATE", "UNIQUE"}) && existing && !w.asserted)
        w.flag("MF101", table, "execute creates a unique index on " + table);
}

void drop_index(Walk& w, const SqlStatement& s) {
    if (has(s, "CONCURRENTLY")) {
        if (w.revision.transactional) w.flag("PG103", "", "execute drops an index CONCURRENTLY");
    } else {
        w.flag("PG102", "", "execute drops an index without CONCURRENTLY");
    }
}

// ALTER TABLE t ...: the forms the operations' rules cover; anything else is unreadable.
void alter_table(Walk& w, const SqlStatement& s) {
    const std::string table = table_after(s, 2);
    const std::string what = "execute alters " + table;
    if (!table.empty() && !w.is_existing(table)) return;  // made in this revision
    bool known = false;
    auto rule = [&](bool applies, const char* code, const std::string& detail) {
        if (!applies) return;
        known = true;
        w.flag(code, table, detail);
    };
    const bool not_valid = has_pair(s, "NOT", "VALID");
    const bool using_index = has_pair(s, "USING", "INDEX");
    rule(has(s, "FOREIGN") || has(s, "REFERENCES") ? !not_valid : false, "PG104",
         what + ": adds a foreign key without NOT VALID");
    rule(has(s, "ADD") && has(s, "CHECK") && !not_valid, "PG105",
         what + ": adds a check without NOT VALID");
    rule(has(s, "ADD") && (has(s, "UNIQUE") || has_pair(s, "PRIMARY", "KEY")) && !using_index,
         "PG108", what + ": adds a unique constraint or primary key that builds its index");
    rule(has_pair(s, "SET", "NOT"), "PG110", what + ": sets NOT NULL");
    rule(has(s, "TYPE") && has(s, "ALTER"), "PG106", what + ": changes a column's type");
    rule(has_pair(s, "DROP", "COLUMN"), "DS102", what + ": drops a column");
    rule(has(s, "RENAME"), has(s, "COLUMN") ? "BC102" : "BC101", what + ": renames");
    const bool safe_form = has(s, "VALIDATE") || (has(s, "ADD") && (not_valid || using_index)) ||
                           has(s, "OWNER") || has_pair(s, "DROP", "CONSTRAINT") ||
                           has_pair(s, "DROP", "DEFAULT") || has_pair(s, "SET", "DEFAULT");
    if (!known && !safe_form) w.flag("PG109", table, "execute: " + s.text);
}

}  // namespace

void check_execute_sql(Walk& w, const std::string& sql) {
    for (const auto& s : statements_of(sql)) {
        if (harmless(s)) continue;
        if (s.starts({"CREATE", "INDEX"}) || s.starts({"CREATE", "UNIQUE", "INDEX"}))
            create_index(w, s);
        else if (s.starts({"DROP", "INDEX"}))
            drop_index(w, s);
        else if (s.starts({"ALTER", "TABLE"}))
            alter_table(w, s);
        else if (s.starts({"DROP", "TABLE"}))
            w.flag("DS101", table_after(s, 2), "execute drops table " + table_after(s, 2));
        else
            w.flag("PG109", "", "execute: " + s.text);
    }
}

}  // namespace migrate::lint
