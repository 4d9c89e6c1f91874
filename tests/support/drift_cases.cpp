// The drift matrix's cases: every kind of change by hand that issue 12 lists (items 1 and 7),
// one at a time and several at once on one table, as SQLite and PostgreSQL spell them.
#include "tests/support/drift_matrix.hpp"

namespace testing_support {

namespace {

HandEdit sql(std::vector<std::string> statements) {
    return HandEdit{std::move(statements), "", "", ""};
}
HandEdit rebuild(std::string table, std::string from, std::string to) {
    return HandEdit{{}, std::move(table), std::move(from), std::move(to)};
}

DriftCase both(std::string name, std::vector<std::string> statements,
               std::vector<std::string> expect) {
    return DriftCase{std::move(name), {sql(statements)}, {sql(statements)}, std::move(expect), {}};
}

std::vector<DriftCase> column_cases() {
    return {
        both("add_column", {"ALTER TABLE crews ADD COLUMN extra_note TEXT"},
             {"drop_column crews.extra_note"}),
        both("add_not_null_column_with_default",
             {"ALTER TABLE agents ADD COLUMN rank INTEGER NOT NULL DEFAULT 5"},
             {"drop_column agents.rank"}),
        both("drop_column", {"ALTER TABLE crews DROP COLUMN current_task"},
             {"add_column crews.current_task"}),
        both("drop_column_with_data", {"ALTER TABLE agents DROP COLUMN backstory"},
             {"add_column agents.backstory"}),
        {"rename_column",
         {sql({"ALTER TABLE tasks RENAME COLUMN result TO outcome"})},
         {sql({"ALTER TABLE tasks RENAME COLUMN result TO outcome"})},
         {"drop_column tasks.outcome", "add_column tasks.result"},
         {"tasks.outcome:result"}},
        {"type_integer_to_bigint",
         {rebuild("tasks", "priority INTEGER DEFAULT 0 NOT NULL",
                  "priority BIGINT DEFAULT 0 NOT NULL")},
         {sql({"ALTER TABLE tasks ALTER COLUMN priority TYPE bigint"})},
         {"alter_column tasks.priority: type"}},
        {"type_longer_varchar",
         {rebuild("agents", "role VARCHAR(200) NOT NULL", "role VARCHAR(300) NOT NULL")},
         {sql({"ALTER TABLE agents ALTER COLUMN role TYPE varchar(300)"})},
         {"alter_column agents.role: type"}},
        {"type_text_to_varchar",
         {rebuild("executions", "error_message TEXT,", "error_message VARCHAR(500),")},
         {sql({"ALTER TABLE executions ALTER COLUMN error_message TYPE varchar(500)"})},
         {"alter_column executions.error_message: type"}},
        {"drop_not_null",
         {rebuild("tasks", "title VARCHAR(200) NOT NULL", "title VARCHAR(200)")},
         {sql({"ALTER TABLE tasks ALTER COLUMN title DROP NOT NULL"})},
         {"alter_column tasks.title: nullable"}},
        {"set_not_null",
         {rebuild("crews", "description TEXT,", "description TEXT NOT NULL,")},
         {sql({"ALTER TABLE crews ALTER COLUMN description SET NOT NULL"})},
         {"alter_column crews.description: nullable"}},
        {"default_changed",
         {rebuild("crews", "DEFAULT 'idle' NOT NULL", "DEFAULT 'paused' NOT NULL")},
         {sql({"ALTER TABLE crews ALTER COLUMN status SET DEFAULT 'paused'"})},
         {"alter_column crews.status: default"}},
        {"default_dropped",
         {rebuild("agents", "llm_model VARCHAR(100) DEFAULT 'gpt-4o-mini' NOT NULL",
                  "llm_model VARCHAR(100) NOT NULL")},
         {sql({"ALTER TABLE agents ALTER COLUMN llm_model DROP DEFAULT"})},
         {"alter_column agents.llm_model: default"}},
        {"default_added",
         {rebuild("executions", "error_message TEXT,", "error_message TEXT DEFAULT 'none',")},
         {sql({"ALTER TABLE executions ALTER COLUMN error_message SET DEFAULT 'none'"})},
         {"alter_column executions.error_message: default"}},
        {"nullable_and_default_on_one_column",
         {rebuild("tasks", "priority INTEGER DEFAULT 0 NOT NULL", "priority INTEGER DEFAULT 5")},
         {sql({"ALTER TABLE tasks ALTER COLUMN priority DROP NOT NULL",
               "ALTER TABLE tasks ALTER COLUMN priority SET DEFAULT 5"})},
         {"alter_column tasks.priority: nullable"}},
        // The same default in another spelling is no difference (item 7).
        {"default_that_means_the_same",
         {rebuild("workflows", "version INTEGER DEFAULT 1 NOT NULL",
                  "version INTEGER DEFAULT '1' NOT NULL")},
         {sql({"ALTER TABLE workflows ALTER COLUMN version SET DEFAULT '1'"})},
         {}},
    };
}

std::vector<DriftCase> index_and_constraint_cases() {
    return {
        both("create_index", {"CREATE INDEX ix_hand ON tasks (title)"},
             {"drop_index ix_hand on tasks"}),
        both("create_unique_index", {"CREATE UNIQUE INDEX ix_hand_unique ON workflows (name)"},
             {"drop_index ix_hand_unique on workflows"}),
        both("create_partial_index",
             {"CREATE INDEX ix_hand_pending ON tasks (priority) WHERE status = 'pending'"},
             {"drop_index ix_hand_pending on tasks"}),
        both("drop_index", {"DROP INDEX ix_tasks_status_priority"},
             {"create_index ix_tasks_status_priority on tasks"}),
        both("index_columns_changed",
             {"DROP INDEX ix_crews_name", "CREATE INDEX ix_crews_name ON crews (name, status)"},
             {"drop_index ix_crews_name on crews", "create_index ix_crews_name on crews"}),
        {"add_unique",
         {rebuild("crews", "CONSTRAINT pk_crews PRIMARY KEY (id),",
                  "CONSTRAINT pk_crews PRIMARY KEY (id),\n    CONSTRAINT uq_hand UNIQUE (name),")},
         {sql({"ALTER TABLE crews ADD CONSTRAINT uq_hand UNIQUE (name)"})},
         {"drop_unique_constraint uq_hand on crews"}},
        {"drop_unique",
         {rebuild("agents", ",\n    CONSTRAINT uq_agents_crew_id_name UNIQUE (crew_id, name)", "")},
         {sql({"ALTER TABLE agents DROP CONSTRAINT uq_agents_crew_id_name"})},
         {"add_unique_constraint uq_agents_crew_id_name on agents"}},
        {"add_check",
         {rebuild(
             "tasks", "CONSTRAINT pk_tasks PRIMARY KEY (id),",
             "CONSTRAINT pk_tasks PRIMARY KEY (id),\n    CONSTRAINT ck_hand CHECK (priority >= "
             "0),")},
         {sql({"ALTER TABLE tasks ADD CONSTRAINT ck_hand CHECK (priority >= 0)"})},
         {"drop_check_constraint ck_hand on tasks"}},
        {"drop_check",
         {rebuild("tasks",
                  ",\n    CONSTRAINT ck_tasks_status_valid CHECK (status IN ('pending', "
                  "'running', 'completed', 'failed', 'cancelled'))",
                  "")},
         {sql({"ALTER TABLE tasks DROP CONSTRAINT ck_tasks_status_valid"})},
         {"add_check_constraint ck_tasks_status_valid on tasks"}},
        {"check_changed",
         {rebuild("crews", "CHECK (status IN ('idle', 'running', 'paused', 'completed', 'failed'))",
                  "CHECK (status IN ('idle', 'running'))")},
         {sql({"ALTER TABLE crews DROP CONSTRAINT ck_crews_status_valid",
               "ALTER TABLE crews ADD CONSTRAINT ck_crews_status_valid CHECK (status IN "
               "('idle', 'running'))"})},
         {"drop_check_constraint ck_crews_status_valid on crews",
          "add_check_constraint ck_crews_status_valid on crews"}},
        {"drop_foreign_key",
         {rebuild("tasks",
                  ",\n    CONSTRAINT fk_tasks_agent_id_agents FOREIGN KEY (agent_id) REFERENCES "
                  "agents (id) ON DELETE SET NULL",
                  "")},
         {sql({"ALTER TABLE tasks DROP CONSTRAINT fk_tasks_agent_id_agents"})},
         {"add_foreign_key fk_tasks_agent_id_agents on tasks"}},
        {"foreign_key_action_changed",
         {rebuild("executions", "REFERENCES workflows (id) ON DELETE SET NULL",
                  "REFERENCES workflows (id) ON DELETE CASCADE")},
         {sql({"ALTER TABLE executions DROP CONSTRAINT fk_executions_workflow_id_workflows",
               "ALTER TABLE executions ADD CONSTRAINT fk_executions_workflow_id_workflows "
               "FOREIGN KEY (workflow_id) REFERENCES workflows (id) ON DELETE CASCADE"})},
         {"drop_foreign_key fk_executions_workflow_id_workflows on executions",
          "add_foreign_key fk_executions_workflow_id_workflows on executions"}},
        both("add_column_with_foreign_key",
             {"ALTER TABLE crews ADD COLUMN lead_agent_id INTEGER REFERENCES agents (id)"},
             {"drop_foreign_key", "drop_column crews.lead_agent_id"}),
        {"drop_primary_key",
         {rebuild("executions", "CONSTRAINT pk_executions PRIMARY KEY (id),\n    ", "")},
         {sql({"ALTER TABLE executions DROP CONSTRAINT pk_executions"})},
         {"create_primary_key pk_executions on executions"}},
        {"primary_key_changed",
         {rebuild("executions", "PRIMARY KEY (id)", "PRIMARY KEY (id, crew_id)")},
         {sql({"ALTER TABLE executions DROP CONSTRAINT pk_executions",
               "ALTER TABLE executions ADD CONSTRAINT pk_executions PRIMARY KEY (id, crew_id)"})},
         {"drop_primary_key", "create_primary_key pk_executions on executions"}},
    };
}

std::vector<DriftCase> table_cases() {
    return {
        both("create_table",
             {"CREATE TABLE hand_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
              "INSERT INTO hand_notes (id, body) VALUES (1, 'kept by hand')"},
             {"drop_table hand_notes"}),
        both("drop_table", {"DROP TABLE executions"}, {"create_table executions"}),
        {"rename_table",
         {sql({"ALTER TABLE executions RENAME TO runs"})},
         {sql({"ALTER TABLE executions RENAME TO runs"})},
         {"create_table executions", "drop_table runs"},
         {"runs:executions"}},
    };
}

// What only one dialect can hold: unnamed constraints (SQLite), comments and the database's
// own names and types (PostgreSQL).
std::vector<DriftCase> dialect_cases() {
    return {
        {"unnamed_unique",
         {rebuild("agents", "CONSTRAINT uq_agents_crew_id_name UNIQUE", "UNIQUE")},
         {},
         {"drop_unique_constraint", "add_unique_constraint uq_agents_crew_id_name on agents"}},
        {"unnamed_check",
         {rebuild("tasks", "CONSTRAINT ck_tasks_status_valid CHECK", "CHECK")},
         {},
         {"drop_check_constraint", "add_check_constraint ck_tasks_status_valid on tasks"}},
        {"unnamed_foreign_key",
         {rebuild("tasks", "CONSTRAINT fk_tasks_agent_id_agents FOREIGN KEY", "FOREIGN KEY")},
         {},
         {"drop_foreign_key", "add_foreign_key fk_tasks_agent_id_agents on tasks"}},
        {"database_named_unique",
         {},
         {sql({"ALTER TABLE agents RENAME CONSTRAINT uq_agents_crew_id_name TO "
               "agents_crew_id_name_key"})},
         {"drop_unique_constraint agents_crew_id_name_key on agents",
          "add_unique_constraint uq_agents_crew_id_name on agents"}},
        {"column_comment_changed",
         {},
         {sql({"COMMENT ON COLUMN crews.name IS 'named by hand'"})},
         {"alter_column crews.name: comment"}},
        {"column_comment_removed",
         {},
         {sql({"COMMENT ON COLUMN crews.name IS NULL"})},
         {"alter_column crews.name: comment"}},
        {"table_comment_changed",
         {},
         {sql({"COMMENT ON TABLE crews IS 'by hand'"})},
         {"alter_table_comment crews"}},
        {"table_comment_removed",
         {},
         {sql({"COMMENT ON TABLE workflows IS NULL"})},
         {"alter_table_comment workflows"}},
        {"json_instead_of_jsonb",
         {},
         {sql({"ALTER TABLE crews ALTER COLUMN tags DROP DEFAULT",
               "ALTER TABLE crews ALTER COLUMN tags TYPE json",
               "ALTER TABLE crews ALTER COLUMN tags SET DEFAULT '[]'"})},
         {"alter_column crews.tags: type"}},
        {"real_instead_of_double_precision",
         {},
         {sql({"ALTER TABLE agents ALTER COLUMN temperature TYPE real"})},
         {"alter_column agents.temperature: type"}},
        {"timestamp_instead_of_timestamptz",
         {},
         {sql({"ALTER TABLE tasks ALTER COLUMN created_at TYPE timestamp"})},
         {"alter_column tasks.created_at: type"}},
        {"char_instead_of_varchar",
         {},
         {sql({"ALTER TABLE agents ALTER COLUMN llm_model TYPE char(100)"})},
         {"alter_column agents.llm_model: type"}},
    };
}

std::vector<DriftCase> several_at_once() {
    return {
        {"several_on_crews",
         {sql({"ALTER TABLE crews ADD COLUMN extra_note TEXT", "DROP INDEX ix_crews_name"}),
          rebuild("crews", "DEFAULT 'idle' NOT NULL", "DEFAULT 'paused' NOT NULL"),
          rebuild("crews", "CONSTRAINT pk_crews PRIMARY KEY (id),",
                  "CONSTRAINT pk_crews PRIMARY KEY (id),\n    CONSTRAINT ck_hand CHECK "
                  "(total_tasks >= 0),")},
         {sql({"ALTER TABLE crews ADD COLUMN extra_note TEXT", "DROP INDEX ix_crews_name",
               "ALTER TABLE crews ALTER COLUMN status SET DEFAULT 'paused'",
               "ALTER TABLE crews ADD CONSTRAINT ck_hand CHECK (total_tasks >= 0)"})},
         {"drop_column crews.extra_note", "create_index ix_crews_name on crews",
          "alter_column crews.status: default", "drop_check_constraint ck_hand on crews"}},
        {"several_on_tasks",
         {sql({"ALTER TABLE tasks DROP COLUMN expected_output",
               "CREATE INDEX ix_hand_title ON tasks (title)"}),
          rebuild("tasks", "priority INTEGER DEFAULT 0 NOT NULL",
                  "priority BIGINT DEFAULT 0 NOT NULL"),
          rebuild("tasks",
                  ",\n    CONSTRAINT ck_tasks_status_valid CHECK (status IN ('pending', "
                  "'running', 'completed', 'failed', 'cancelled'))",
                  "")},
         {sql({"ALTER TABLE tasks DROP COLUMN expected_output",
               "CREATE INDEX ix_hand_title ON tasks (title)",
               "ALTER TABLE tasks ALTER COLUMN priority TYPE bigint",
               "ALTER TABLE tasks DROP CONSTRAINT ck_tasks_status_valid"})},
         {"add_column tasks.expected_output", "drop_index ix_hand_title on tasks",
          "alter_column tasks.priority: type", "add_check_constraint ck_tasks_status_valid"}},
        {"several_on_agents",
         {sql({"ALTER TABLE agents ADD COLUMN rank INTEGER", "DROP INDEX ix_agents_crew_id"}),
          rebuild("agents", "role VARCHAR(200) NOT NULL", "role VARCHAR(300)")},
         {sql({"ALTER TABLE agents ADD COLUMN rank INTEGER", "DROP INDEX ix_agents_crew_id",
               "ALTER TABLE agents ALTER COLUMN role TYPE varchar(300)",
               "ALTER TABLE agents ALTER COLUMN role DROP NOT NULL"})},
         {"drop_column agents.rank", "create_index ix_agents_crew_id on agents",
          "alter_column agents.role: type"}},
    };
}

}  // namespace

std::vector<DriftCase> drift_cases() {
    std::vector<DriftCase> all;
    for (auto list : {column_cases(), index_and_constraint_cases(), table_cases(), dialect_cases(),
                      several_at_once()})
        for (auto& c : list) all.push_back(std::move(c));
    return all;
}

std::vector<DriftCase> drift_cases(const std::string& dialect) {
    std::vector<DriftCase> out;
    for (auto& c : drift_cases())
        if (!(dialect == "sqlite" ? c.sqlite : c.postgresql).empty()) out.push_back(std::move(c));
    return out;
}

}  // namespace testing_support
