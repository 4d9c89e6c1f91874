ALTER TABLE agents RENAME TO "crew agents";
