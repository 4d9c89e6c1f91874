// Sample operations shared by the ops tests: every kind, fully populated and minimal.
#pragma once

#include <vector>

#include "migrate/ops/op.hpp"
#include "migrate/schema/type.hpp"

namespace migrate::ops::testing {

inline schema::Column full_column() {
    return {"name", schema::types::string(100), false, "'sequential'", "Crew name", false};
}

inline schema::ExclusionConstraint full_exclusion() {
    return {"ex_crews_n_at", "gist", {{"n", "="}, {"tstzrange(at, at)", "&&"}},
            "n > 0",         true,   true};
}

// Every option set, a descending one owned by a column.
inline schema::Sequence full_sequence() {
    schema::Sequence s;
    s.name = "invoice_numbers";
    s.type = schema::types::integer();
    s.start = 5000;
    s.increment = -5;
    s.min_value = -100;
    s.max_value = 5000;
    s.cache = 20;
    s.cycle = true;
    s.owned_by = "invoices.number";
    return s;
}

inline schema::Table full_table() {
    schema::Table t;
    t.name = "crews";
    t.comment = "Crews";
    t.columns = {
        {"id", schema::types::uuid(), false, std::nullopt, std::nullopt, false},
        full_column(),
        {"n", schema::types::integer(), false, "0", std::nullopt, true},
        {"g", schema::types::text(), true, std::nullopt, std::nullopt, false, "NOCASE",
         schema::Generated{"lower(name)", false}},
        {"status", schema::types::enumeration("crew_status", {"idle", "running"}), true, "'idle'",
         std::nullopt, false},
        {"cost", schema::types::numeric(10, 2), true, std::nullopt, "", false},
        {"at", schema::types::datetime(true), true, "CURRENT_TIMESTAMP", std::nullopt, false},
        {"workflow_id", schema::types::uuid(), true, std::nullopt, std::nullopt, false},
    };
    t.primary_key = schema::PrimaryKey{"pk_crews", {"id"}};
    t.foreign_keys = {{"fk_crews_workflow_id_workflows",
                       {"workflow_id"},
                       "workflows",
                       {"id"},
                       "SET NULL",
                       "CASCADE",
                       "FULL",
                       true,
                       true}};
    t.unique_constraints = {{"uq_crews_name_n", {"name", "n"}, true, false}};
    t.exclusion_constraints = {full_exclusion()};
    t.check_constraints = {{"ck_crews_n", "n >= 1"}};
    t.indexes = {{"ix_crews_name", "crews", {"name"}, false},
                 {"ix_crews_status_at", "crews", {"status", "at"}, true}};
    return t;
}

inline schema::Table minimal_table() {
    schema::Table t;
    t.name = "t";
    t.columns = {{"a", schema::types::text(), true, std::nullopt, std::nullopt, false}};
    return t;
}

inline ColumnState full_state_to() {
    return {"headline", schema::types::string(300), true, std::optional<std::string>{},
            std::optional<std::string>{"x"}};
}
inline ColumnState full_state_from() {
    return {"title", schema::types::string(200), false, std::optional<std::string>{"'a'"},
            std::optional<std::string>{}};
}

inline schema::ForeignKey full_foreign_key() {
    return {"fk_tasks_agent_id_agents",
            {"agent_id", "crew_id"},
            "agents",
            {"id", "crew_id"},
            "CASCADE",
            "SET DEFAULT",
            "FULL",
            true,
            false};
}

// Every operation kind with all of its optional fields set.
inline std::vector<Op> all_ops_full() {
    return {
        CreateTable{full_table()},
        DropTable{"crews", full_table()},
        RenameTable{"a", "b"},
        AddColumn{"agents", full_column()},
        DropColumn{"agents", "name", full_column()},
        AlterColumn{"tasks", "title", full_state_to(), full_state_from()},
        CreateIndex{{"ix_t_a_b", "t", {"a", "b"}, true, "a > 0"}, true},
        DropIndex{"ix_t_a", "t", schema::Index{"ix_t_a", "t", {"a"}, true}, true},
        AddUniqueConstraint{"t", {"uq_t_a", {"a"}, true, true}, "ix_t_a"},
        DropUniqueConstraint{"t", "uq_t_a",
                             schema::UniqueConstraint{"uq_t_a", {"a", "b"}, true, false}},
        AddForeignKey{"tasks", full_foreign_key(), true},
        DropForeignKey{"tasks", "fk_tasks_agent_id_agents", full_foreign_key()},
        AddCheckConstraint{"t", {"ck_t_x", "x > 0 AND y <> 'a'"}, true},
        DropCheckConstraint{"t", "ck_t_x", schema::CheckConstraint{"ck_t_x", "x > 0"}},
        Execute{"UPDATE t SET a = 1;\nUPDATE t SET b = 'x: y';", {"postgresql", "sqlite"}},
        BulkInsert{"t",
                   {"id", "name", "flag", "ratio"},
                   {{std::int64_t{1}, std::string("a"), true, 1.5},
                    {std::int64_t{-2}, schema::Value{}, false, 2.0}}},
        CreatePrimaryKey{"t", {"pk_t", {"a", "b"}}},
        DropPrimaryKey{"t", "pk_t", schema::PrimaryKey{"pk_t", {"a"}}},
        AlterTableComment{"t", "the t", std::optional<std::string>{"old"}},
        AlterTableOptions{"t", {true, true}, TableOptions{false, true}},
        Assert{"SELECT count(*) = 0 FROM t WHERE a IS NULL", "t.a has NULLs", {"postgresql"}},
        ValidateConstraint{"t", "ck_t_x"},
        RenameEnumValue{"task_status", "running", "active", {"tasks.status", "jobs.state"}},
        AddExclusionConstraint{"crews", full_exclusion()},
        DropExclusionConstraint{"crews", "ex_crews_n_at", full_exclusion()},
        CreateSchema{"studio"},
        DropSchema{"archive"},
        CreateSequence{full_sequence()},
        DropSequence{"invoice_numbers", full_sequence()},
        AlterSequence{"invoice_numbers", full_sequence(), schema::Sequence{"invoice_numbers"}},
    };
}

// Every operation kind with its optional fields absent or defaulted.
inline std::vector<Op> all_ops_minimal() {
    return {
        CreateTable{minimal_table()},
        DropTable{"crews", std::nullopt},
        RenameTable{"a", "b"},
        AddColumn{"agents", {"p", schema::types::integer(), true, {}, {}, false}},
        DropColumn{"agents", "p", std::nullopt},
        AlterColumn{"tasks", "title", ColumnState{}, ColumnState{}},
        CreateIndex{{"ix_t_a", "t", {"a"}, false}, false},
        DropIndex{"ix_t_a", "t", std::nullopt},
        AddUniqueConstraint{"t", {"uq_t_a", {"a"}}},
        DropUniqueConstraint{"t", "uq_t_a", std::nullopt},
        AddForeignKey{"t", {"fk_t_r_id_r", {"r_id"}, "r", {"id"}, "", ""}},
        DropForeignKey{"t", "fk_t_r_id_r", std::nullopt},
        AddCheckConstraint{"t", {"ck_t_x", "x > 0"}},
        DropCheckConstraint{"t", "ck_t_x", std::nullopt},
        Execute{"SELECT 1", {}},
        BulkInsert{"t", {"a"}, {}},
        CreatePrimaryKey{"t", {"pk_t", {"a"}}},
        DropPrimaryKey{"t", "", std::nullopt},
        AlterTableComment{"t", std::nullopt, std::nullopt},
        AlterTableOptions{"t", {false, false}, std::nullopt},
        Assert{"SELECT true", "", {}},
        ValidateConstraint{"t", "fk_t_r_id_r"},
        RenameEnumValue{"task_status", "a", "b"},
        AddExclusionConstraint{"t", {"ex_t_a", "gist", {{"a", "="}}}},
        DropExclusionConstraint{"t", "ex_t_a", std::nullopt},
        CreateSchema{"s"},
        DropSchema{"s"},
        CreateSequence{schema::Sequence{"s"}},
        DropSequence{"s", std::nullopt},
        AlterSequence{"s", schema::Sequence{"s"}, std::nullopt},
    };
}

}  // namespace migrate::ops::testing
