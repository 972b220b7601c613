/**
 * What the SQL warehouses (DuckDB, PostgreSQL) share: standard identifier quoting and qualified
 * names, the unique-key checks before a MERGE, JDBC value conversion and the routing of the engine
 * facade to its collaborators. Each engine supplies only what really differs (its default schema,
 * how it reads a table's columns, its driver's own value types). Nothing here knows a backend.
 */
package io.partita.engine.sql;
