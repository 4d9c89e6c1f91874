// The five models, declared in the order and spelling of the SQLAlchemy spec they replace.
#include "studio/models.hpp"

#include "migrate/schema/builder.hpp"

namespace studio {

namespace {

using migrate::schema::ColumnBuilder;
using migrate::schema::Table;
using migrate::schema::TableBuilder;
namespace types = migrate::schema::types;

// The spec's timestamps(): every table ends with these two columns.
void timestamps(TableBuilder& t) {
    t.column(ColumnBuilder("created_at", types::datetime(true))
                 .not_null()
                 .server_default("CURRENT_TIMESTAMP")
                 .comment("Row creation time"));
    t.column(ColumnBuilder("updated_at", types::datetime(true))
                 .not_null()
                 .server_default("CURRENT_TIMESTAMP")
                 .comment("Last update time"));
}

Table workflows() {
    TableBuilder t("workflows");
    t.comment("Workflow templates");
    t.column(ColumnBuilder("id", types::integer()).primary_key().autoincrement());
    t.column(ColumnBuilder("name", types::string(100)).not_null());
    t.column(ColumnBuilder("description", types::text()));
    t.column(ColumnBuilder("definition", types::json())
                 .not_null()
                 .server_default("'{}'")
                 .comment("Steps and edges of the workflow graph"));
    t.column(ColumnBuilder("version", types::integer()).not_null().server_default("1"));
    t.column(ColumnBuilder("is_template", types::boolean()).not_null().server_default("false"));
    timestamps(t);
    t.unique({"name", "version"});
    t.check("version_positive", "version >= 1");
    return t.build();
}

Table crews() {
    TableBuilder t("crews");
    t.comment("Crews: teams of agents and their run statistics");
    // The id is a client-made uuid4 (a Python-side default), so the database numbers nothing.
    t.column(ColumnBuilder("id", types::uuid()).primary_key());
    t.column(ColumnBuilder("name", types::string(100)).not_null().index().comment("Crew name"));
    t.column(ColumnBuilder("description", types::text()));
    t.column(ColumnBuilder("workflow_id", types::integer())
                 .references("workflows", "id", "SET NULL")
                 .index());
    t.column(ColumnBuilder("process", types::string(20))
                 .not_null()
                 .server_default("'sequential'")
                 .comment("sequential or hierarchical"));
    t.column(ColumnBuilder("agents_config", types::json()).not_null().server_default("'[]'"));
    t.column(ColumnBuilder("status", types::string(20)).not_null().server_default("'idle'"));
    t.column(ColumnBuilder("is_active", types::boolean()).not_null().server_default("true"));
    t.column(ColumnBuilder("verbose", types::boolean()).not_null().server_default("true"));
    t.column(ColumnBuilder("max_execution_time", types::integer())
                 .server_default("3600")
                 .comment("Seconds"));
    t.column(ColumnBuilder("execution_count", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("success_count", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("error_count", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("current_execution_id", types::string(100)));
    t.column(ColumnBuilder("execution_progress", types::integer()).comment("Percent, 0 to 100"));
    t.column(ColumnBuilder("current_agent", types::string(100)));
    t.column(ColumnBuilder("current_task", types::string(200)));
    t.column(ColumnBuilder("total_tasks", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("completed_tasks", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("failed_tasks", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("execution_time", types::float_()).comment("Mean run time in seconds"));
    t.column(ColumnBuilder("last_execution_at", types::datetime(true)));
    t.column(ColumnBuilder("meta_data", types::json()).server_default("'{}'"));
    t.column(ColumnBuilder("tags", types::json()).server_default("'[]'"));
    timestamps(t);
    t.check("status_valid", "status IN ('idle', 'running', 'paused', 'completed', 'failed')");
    t.check("progress_range",
            "execution_progress IS NULL OR (execution_progress BETWEEN 0 AND 100)");
    t.index({"status", "is_active"});
    return t.build();
}

Table agents() {
    TableBuilder t("agents");
    t.comment("AI agent configurations");
    t.column(ColumnBuilder("id", types::integer()).primary_key().autoincrement());
    t.column(ColumnBuilder("crew_id", types::uuid()).references("crews", "id", "CASCADE").index());
    t.column(ColumnBuilder("name", types::string(100)).not_null());
    t.column(ColumnBuilder("role", types::string(200)).not_null());
    t.column(ColumnBuilder("goal", types::text()).not_null());
    t.column(ColumnBuilder("backstory", types::text()));
    t.column(
        ColumnBuilder("llm_model", types::string(100)).not_null().server_default("'gpt-4o-mini'"));
    t.column(ColumnBuilder("temperature", types::float_()));
    t.column(ColumnBuilder("llm_config", types::json()).not_null().server_default("'{}'"));
    t.column(ColumnBuilder("tools", types::json()).not_null().server_default("'[]'"));
    t.column(
        ColumnBuilder("allow_delegation", types::boolean()).not_null().server_default("false"));
    t.column(ColumnBuilder("verbose", types::boolean()).not_null().server_default("false"));
    t.column(ColumnBuilder("max_iter", types::integer()).not_null().server_default("20"));
    t.column(ColumnBuilder("is_active", types::boolean()).not_null().server_default("true"));
    timestamps(t);
    t.unique({"crew_id", "name"});
    t.check("max_iter_positive", "max_iter > 0");
    t.check("temperature_range", "temperature IS NULL OR (temperature >= 0 AND temperature <= 2)");
    return t.build();
}

Table tasks() {
    TableBuilder t("tasks");
    t.comment("Task definitions and states");
    t.column(ColumnBuilder("id", types::integer()).primary_key().autoincrement());
    // No index of its own: ix_tasks_crew_id_position leads with crew_id.
    t.column(
        ColumnBuilder("crew_id", types::uuid()).not_null().references("crews", "id", "CASCADE"));
    t.column(
        ColumnBuilder("agent_id", types::integer()).references("agents", "id", "SET NULL").index());
    t.column(ColumnBuilder("title", types::string(200)).not_null());
    t.column(ColumnBuilder("description", types::text()).not_null());
    t.column(ColumnBuilder("expected_output", types::text()));
    t.column(ColumnBuilder("status", types::string(20)).not_null().server_default("'pending'"));
    t.column(ColumnBuilder("priority", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("position", types::integer())
                 .not_null()
                 .server_default("0")
                 .comment("Order of the task within its crew"));
    t.column(ColumnBuilder("context", types::json()));
    t.column(ColumnBuilder("result", types::text()));
    t.column(ColumnBuilder("async_execution", types::boolean()).not_null().server_default("false"));
    timestamps(t);
    t.check("status_valid", "status IN ('pending', 'running', 'completed', 'failed', 'cancelled')");
    t.index({"crew_id", "position"});
    t.index({"status", "priority"});
    return t.build();
}

Table executions() {
    TableBuilder t("executions");
    t.comment("Execution history and results");
    // bigint everywhere; SQLite's renderer spells an autoincrement key INTEGER (rowid alias),
    // which is the spec's with_variant(Integer, "sqlite").
    t.column(ColumnBuilder("id", types::bigint()).primary_key().autoincrement());
    t.column(
        ColumnBuilder("crew_id", types::uuid()).not_null().references("crews", "id", "CASCADE"));
    t.column(ColumnBuilder("workflow_id", types::integer())
                 .references("workflows", "id", "SET NULL")
                 .index());
    t.column(
        ColumnBuilder("status", types::string(20)).not_null().server_default("'queued'").index());
    t.column(ColumnBuilder("trigger", types::string(20))
                 .not_null()
                 .server_default("'manual'")
                 .comment("manual, api or schedule"));
    t.column(ColumnBuilder("inputs", types::json()));
    t.column(ColumnBuilder("outputs", types::json()));
    t.column(ColumnBuilder("error_message", types::text()));
    t.column(ColumnBuilder("progress", types::integer()).not_null().server_default("0"));
    t.column(ColumnBuilder("started_at", types::datetime(true)));
    t.column(ColumnBuilder("finished_at", types::datetime(true)));
    t.column(ColumnBuilder("duration_seconds", types::float_()));
    t.column(
        ColumnBuilder("token_usage", types::json()).comment("Prompt and completion token counts"));
    timestamps(t);
    t.check("status_valid", "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')");
    t.check("progress_range", "progress BETWEEN 0 AND 100");
    t.index({"crew_id", "created_at"});
    return t.build();
}

}  // namespace

migrate::schema::MetaData metadata() {
    migrate::schema::MetaData m;
    m.tables = {workflows(), crews(), agents(), tasks(), executions()};
    return m;
}

std::vector<std::string> declared_values(const std::string& table, const std::string& column) {
    if (table == "crews" && column == "process") return {"sequential", "hierarchical"};
    if (table == "executions" && column == "trigger") return {"manual", "api", "schedule"};
    return {};
}

}  // namespace studio
