package nl.schakelpunt.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import nl.schakelpunt.consent.EmergencyRegime;
import nl.schakelpunt.consent.PermissionIndex;
import nl.schakelpunt.support.FhirHttp;
import nl.schakelpunt.support.TestDatabase;
import nl.schakelpunt.support.ServerNode;
import nl.schakelpunt.support.TestTokens;

/**
 * The product's schema comes from the migrations: on a new database they make every table and index,
 * and a database of the last release without migrations (its tables, HAPI's tables beside them, no
 * history) is taken over without losing a row. Runs on the chosen test database, H2 or PostgreSQL.
 */
class ProductSchemaUpgradeIT {

    private static final Set<String> TABLES = Set.of("sp_patient_bsn", "sp_audit_event", "sp_audit_patient_view",
            "sp_search_owner", "sp_patient_registration", "sp_permission", "sp_emergency_regime");
    private static final Set<String> INDEXES = Set.of("sp_patient_bsn_patient", "sp_audit_event_recorded",
            "sp_audit_patient_view_recorded", "sp_audit_patient_view_age", "sp_search_owner_created",
            "sp_permission_patient");
    /** A BSN of the earlier release's rows (it passes the 11-check). */
    private static final String EARLIER_BSN = "999911120";

    @Test
    void aNewDatabaseGetsEveryTableFromTheMigrationsAndAnEarlierReleasesDatabaseIsUpgraded() throws SQLException {
        Map<String, String> database = TestDatabase.newDatabase();

        // A new database: the migrations make the product's tables, HAPI's entity model makes HAPI's.
        Map<String, TableShape> fresh;
        ServerNode first = ServerNode.start(ProductSchemaUpgradeIT.class, database);
        try {
            assertThat(history(first.context())).extracting(m -> m.getType().toString(), m -> m.getVersion().getVersion())
                    .containsExactly(tuple("SQL", "1"));
            fresh = shape(database);
            assertThat(fresh.keySet()).isEqualTo(new TreeSet<>(TABLES));
            assertThat(indexNames(fresh)).isEqualTo(new TreeSet<>(INDEXES));
        } finally {
            first.close();
        }

        // The same database as the earlier release leaves it: its own tables and a few rows, HAPI's tables,
        // no history of the product's migrations.
        try (Connection connection = TestDatabase.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE \"" + ProductSchemaConfig.HISTORY_TABLE + "\"");
            for (String table : TABLES) {
                statement.execute("DROP TABLE " + table);
            }
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/previous-release/product-tables.sql"));
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/previous-release/rows.sql"));
        }

        ServerNode upgraded = ServerNode.start(ProductSchemaUpgradeIT.class, database);
        try {
            List<MigrationInfo> history = history(upgraded.context());
            assertThat(history).extracting(m -> m.getType().toString(), m -> m.getVersion().getVersion())
                    .containsExactly(tuple("BASELINE", "0"),
                            tuple("SQL", "1"));
            assertThat(shape(database)).isEqualTo(fresh);
            assertThat(rows(database)).containsEntry("sp_patient_bsn", 1).containsEntry("sp_audit_event", 1)
                    .containsEntry("sp_audit_patient_view", 1).containsEntry("sp_search_owner", 1)
                    .containsEntry("sp_patient_registration", 1).containsEntry("sp_permission", 1)
                    .containsEntry("sp_emergency_regime", 1);

            FhirHttp server = upgraded.fhir();
            server.get("/fhir/metadata").expect(200);
            // The earlier patient is found by their BSN and reads their view of the earlier event.
            AuditEvent seen = server.as(TestTokens.patient(EARLIER_BSN)).get("/fhir/AuditEvent/earlier-event")
                    .expect(200).as(AuditEvent.class);
            assertThat(seen.getOutcomeDesc()).isEqualTo("seen by the patient");
            assertThat(upgraded.context().getBean(PermissionIndex.class).ofPatient("earlier-patient"))
                    .extracting(c -> c.getIdElement().getIdPart()).containsExactly("earlier-permission");
            // The emergency regime switched on before the upgrade is still on, and an operator switches it off.
            EmergencyRegime regime = upgraded.context().getBean(EmergencyRegime.class);
            assertThat(regime.activeAt(Instant.now())).isTrue();
            Parameters off = new Parameters();
            off.addParameter().setName("active").setValue(new BooleanType(false));
            server.as(TestTokens.operator()).post("/fhir/$emergency-regime", off).expect(200);
            assertThat(regime.activeAt(Instant.now())).isFalse();
        } finally {
            upgraded.close();
        }
    }

    private static List<MigrationInfo> history(ConfigurableApplicationContext server) {
        return List.of(server.getBean(Flyway.class).info().applied());
    }

    /** A table as the database describes it, names in lower case: H2 and PostgreSQL fold them differently. */
    private record TableShape(List<String> columns, List<String> key, Map<String, List<String>> indexes) {
    }

    /** The product's tables: their columns (name, type, nullability), primary key and other indexes. */
    private static Map<String, TableShape> shape(Map<String, String> database) throws SQLException {
        Map<String, TableShape> shape = new TreeMap<>();
        try (Connection connection = TestDatabase.connect(database)) {
            DatabaseMetaData meta = connection.getMetaData();
            for (String table : productTables(meta)) {
                List<String> columns = new ArrayList<>();
                try (ResultSet column = meta.getColumns(null, null, table, null)) {
                    while (column.next()) {
                        columns.add(String.join(" ", column.getString("COLUMN_NAME"), column.getString("TYPE_NAME"),
                                column.getString("IS_NULLABLE")).toLowerCase());
                    }
                }
                Map<Integer, String> key = new TreeMap<>();
                try (ResultSet primaryKey = meta.getPrimaryKeys(null, null, table)) {
                    while (primaryKey.next()) {
                        key.put(primaryKey.getInt("KEY_SEQ"), primaryKey.getString("COLUMN_NAME").toLowerCase());
                    }
                }
                Map<String, List<String>> indexes = new TreeMap<>();
                try (ResultSet index = meta.getIndexInfo(null, null, table, false, false)) {
                    while (index.next()) {
                        if (index.getBoolean("NON_UNIQUE")) {
                            indexes.computeIfAbsent(index.getString("INDEX_NAME").toLowerCase(), name -> new ArrayList<>())
                                    .add(index.getString("COLUMN_NAME").toLowerCase());
                        }
                    }
                }
                shape.put(table.toLowerCase(), new TableShape(columns, List.copyOf(key.values()), indexes));
            }
        }
        return shape;
    }

    private static Set<String> indexNames(Map<String, TableShape> shape) {
        Set<String> names = new TreeSet<>();
        shape.values().forEach(table -> names.addAll(table.indexes().keySet()));
        return names;
    }

    private static Map<String, Integer> rows(Map<String, String> database) throws SQLException {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection connection = TestDatabase.connect(database); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    count.next();
                    rows.put(table, count.getInt(1));
                }
            }
        }
        return rows;
    }

    /** The product's tables as the database names them, without the migrations' history. */
    private static Set<String> productTables(DatabaseMetaData meta) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (ResultSet found = meta.getTables(null, null, null, new String[] {"TABLE"})) {
            while (found.next()) {
                String name = found.getString("TABLE_NAME");
                if (name.toLowerCase().startsWith("sp_") && !name.equalsIgnoreCase(ProductSchemaConfig.HISTORY_TABLE)) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }
}
